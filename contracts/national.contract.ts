import { z } from 'zod';
import { locales } from './locales.js';
import { isoDate, LIMITS, nonEmptyPatch, requiredText, text } from './primitives.js';
import { cityParams, defineRoute, localeSchema } from './route.js';

/*
 * National–local coordination (mandate item e; docs/NATIONAL.md): national frameworks and their goals,
 * the mapping of the local plan's objectives to those goals, escalations to the national liaison and
 * periodic reports upward, frozen when submitted. Nothing here holds a person's identity.
 */

export const frameworkKinds = ['strategy', 'action-plan', 'law', 'policy'] as const;
export const escalationUrgencies = ['low', 'normal', 'high', 'urgent'] as const;
export const escalationStatuses = ['open', 'acknowledged', 'answered', 'closed'] as const;
export const reportKinds = ['quarterly', 'annual'] as const;
export const reportStatuses = ['draft', 'submitted', 'acknowledged', 'returned'] as const;

/** Days the liaison has to answer an escalation without a deadline of its own, by urgency. */
export const ESCALATION_DUE_DAYS = { low: 30, normal: 14, high: 7, urgent: 2 } as const;
export const NATIONAL_LIMITS = { goals: 100, frameworks: 50, goalLinks: 20 } as const;

/** A name in the workspace's languages; at least one. */
export const translatedNames = z
  .object(
    Object.fromEntries(locales.map((l) => [l, text(LIMITS.title).optional()])) as Record<
      (typeof locales)[number],
      z.ZodOptional<ReturnType<typeof text>>
    >,
  )
  .refine((names) => Object.values(names).some((n) => n), { error: 'validation.required' });
export type TranslatedNames = z.infer<typeof translatedNames>;

export const frameworkGoalInput = z.object({
  /** Kept from version to version so that objectives stay mapped; a new goal gets one on save. */
  id: z.guid().optional(),
  code: requiredText(LIMITS.code),
  names: translatedNames,
});

export const frameworkGoal = z.object({
  id: z.guid(),
  code: z.string(),
  names: z.record(z.string(), z.string()),
});
export type FrameworkGoal = z.infer<typeof frameworkGoal>;

export const frameworkInput = z.object({
  kind: z.enum(frameworkKinds),
  names: translatedNames,
  description: text(LIMITS.summary).default(''),
  goals: z.array(frameworkGoalInput).max(NATIONAL_LIMITS.goals),
});

export const frameworkView = z.object({
  id: z.guid(),
  /** The country whose cities share it; null: every city of the deployment. */
  country: z.string().nullable(),
  kind: z.enum(frameworkKinds),
  names: z.record(z.string(), z.string()),
  description: z.string(),
  version: z.number().int(),
  goals: z.array(frameworkGoal),
  updatedAt: z.string(),
  /** Whether the person asking may publish a new version. */
  editable: z.boolean(),
});
export type FrameworkView = z.infer<typeof frameworkView>;

export const objectiveMapping = z.object({
  objectiveId: z.guid(),
  code: z.string(),
  title: z.string(),
  goalIds: z.array(z.guid()),
  /** Goals mapped that no current framework version has any more (shown as removed). */
  removedGoalIds: z.array(z.guid()),
});

// --- Escalations ---------------------------------------------------------------------------------

export const escalationInput = z.object({
  title: requiredText(LIMITS.title),
  /** Describe the issue, never the people in it: names, e-mail addresses and phone numbers are refused. */
  description: requiredText(LIMITS.note),
  urgency: z.enum(escalationUrgencies).default('normal'),
  requestedSupport: requiredText(LIMITS.summary),
  riskId: z.guid().nullable().default(null),
  objectiveId: z.guid().nullable().default(null),
  /** The day an answer is needed by; without one, the urgency sets it. */
  deadline: isoDate.nullable().default(null),
});

export const escalationView = z.object({
  id: z.guid(),
  number: z.number().int(),
  title: z.string(),
  description: z.string(),
  urgency: z.enum(escalationUrgencies),
  requestedSupport: z.string(),
  riskId: z.guid().nullable(),
  /** Only for those who may read the risk register (the liaison may not). */
  riskTitle: z.string().nullable(),
  objectiveId: z.guid().nullable(),
  objectiveTitle: z.string().nullable(),
  status: z.enum(escalationStatuses),
  raisedAt: z.string(),
  dueOn: z.string(),
  overdue: z.boolean(),
  acknowledgedAt: z.string().nullable(),
  response: z.string().nullable(),
  respondedAt: z.string().nullable(),
  outcome: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type EscalationView = z.infer<typeof escalationView>;

const escalationParams = cityParams.extend({ escalationId: z.guid() });

// --- Reports ---------------------------------------------------------------------------------------

export const reportPeriod = z
  .string()
  .max(7)
  .regex(/^\d{4}(-Q[1-4])?$/, { error: 'validation.format' })
  .describe('2026 (annual) or 2026-Q3 (quarterly)');

export const reportNarrative = z.object({
  summary: text(LIMITS.longText).default(''),
  achievements: text(LIMITS.longText).default(''),
  challenges: text(LIMITS.longText).default(''),
  supportNeeded: text(LIMITS.longText).default(''),
});
export type ReportNarrative = z.infer<typeof reportNarrative>;

const shownCount = z.object({ value: z.number().nullable(), suppressed: z.boolean() });
const progressView = z.object({
  percent: z.number().nullable(),
  rule: z.object({ key: z.string(), values: z.record(z.string(), z.union([z.string(), z.number()])) }),
});

/** What a report says about the plan, the indicators and the activities: every count of people suppressed. */
export const reportContent = z.object({
  period: z.string(),
  from: z.string(),
  to: z.string(),
  generatedAt: z.string(),
  plan: z
    .object({
      version: z.number().int(),
      title: z.string(),
      periodStart: z.string(),
      periodEnd: z.string(),
      progress: progressView,
      objectives: z.array(
        z.object({
          id: z.string(),
          code: z.string(),
          title: z.string(),
          progress: progressView,
          goals: z.array(z.object({ framework: z.string(), code: z.string(), name: z.string() })),
          actions: z.record(z.string(), z.number()),
          overdueActions: z.number(),
        }),
      ),
    })
    .nullable(),
  indicators: z.array(
    z.object({
      code: z.string(),
      names: z.record(z.string(), z.string()),
      unit: z.string(),
      type: z.string(),
      period: z.string().nullable(),
      target: z.number().nullable(),
      actual: shownCount,
      progress: progressView,
    }),
  ),
  activities: z.object({
    sessionsHeld: z.number(),
    sessionsByType: z.array(z.object({ type: z.string(), sessions: z.number() })),
    attendanceTotal: shownCount,
    attendanceByType: z.array(z.object({ type: z.string(), attendance: shownCount })),
  }),
  escalations: z.object({ raised: z.number(), answered: z.number(), open: z.number() }),
  /** Situations created in the period, by common stage category; small cells withheld (case work on only). */
  cases: z
    .object({
      total: shownCount,
      byCategory: z.array(shownCount.extend({ key: z.string() })),
    })
    .nullable()
    .default(null),
});
export type ReportContent = z.infer<typeof reportContent>;

export const reportSummary = z.object({
  id: z.guid(),
  kind: z.enum(reportKinds),
  period: z.string(),
  version: z.number().int(),
  status: z.enum(reportStatuses),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  reviewedAt: z.string().nullable(),
});

export const reportDetail = reportSummary.extend({
  narrative: reportNarrative,
  /** The frozen snapshot once submitted; for a draft, what it would say if submitted now. */
  content: reportContent,
  frozen: z.boolean(),
  contentHash: z.string().nullable(),
  /** The stored snapshot still hashes to the hash written into the audit chain at submission. */
  hashVerified: z.boolean().nullable(),
  reviewComment: z.string().nullable(),
  previousId: z.guid().nullable(),
});
export type ReportDetail = z.infer<typeof reportDetail>;

const reportParams = cityParams.extend({ reportId: z.guid() });

export const nationalHome = z.object({
  escalationsAwaiting: z.number().int(),
  escalationsOverdue: z.number().int(),
  escalationsAnswered: z.number().int(),
  reportsToReview: z.number().int(),
  reportsReturned: z.number().int(),
});

export const nationalRoutes = {
  // Frameworks held for the whole deployment or one country: the platform admin's.
  listAllFrameworks: defineRoute({
    method: 'GET',
    path: '/api/national/frameworks',
    summary: 'Every national framework (platform admin)',
    tags: ['national'],
    response: z.object({ items: z.array(frameworkView) }),
  }),
  publishFramework: defineRoute({
    method: 'POST',
    path: '/api/national/frameworks',
    summary: 'Publish a framework for one country, or (country null) for every city (platform admin)',
    tags: ['national'],
    body: frameworkInput.extend({ country: text(LIMITS.country, 1).nullable() }),
    response: frameworkView,
    status: 201,
  }),
  listFrameworks: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/national/frameworks',
    summary: "The frameworks of the city's country and those shared by every city",
    tags: ['national'],
    params: cityParams,
    response: z.object({ items: z.array(frameworkView), country: z.string().nullable() }),
  }),
  createFramework: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/national/frameworks',
    summary: "A national liaison registers a framework of the city's country",
    tags: ['national'],
    params: cityParams,
    body: frameworkInput,
    response: frameworkView,
    status: 201,
  }),
  reviseFramework: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/national/frameworks/:frameworkId',
    summary: 'Publish a new version of a framework (goals replaced whole; goal ids kept)',
    tags: ['national'],
    params: cityParams.extend({ frameworkId: z.guid() }),
    body: frameworkInput,
    response: frameworkView,
  }),
  listMappings: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/national/mapping',
    summary: "The action plan's objectives and the framework goals each is mapped to",
    tags: ['national'],
    params: cityParams,
    response: z.object({ items: z.array(objectiveMapping) }),
  }),
  mapObjective: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/national/mapping/:objectiveId',
    summary: 'Map an objective of the action plan to framework goals (replaces its goals)',
    tags: ['national'],
    params: cityParams.extend({ objectiveId: z.guid() }),
    body: z.object({ goalIds: z.array(z.guid()).max(NATIONAL_LIMITS.goalLinks) }),
    response: objectiveMapping,
  }),
  listEscalations: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/national/escalations',
    summary: 'Escalations to national level (open and overdue first)',
    tags: ['national'],
    params: cityParams,
    query: z.object({ status: z.enum(escalationStatuses).optional() }),
    response: z.object({ items: z.array(escalationView) }),
  }),
  raiseEscalation: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/national/escalations',
    summary: 'Escalate an issue the network cannot solve locally (chair or coordinator; no personal data)',
    tags: ['national'],
    params: cityParams,
    body: escalationInput,
    response: escalationView,
    status: 201,
  }),
  getEscalation: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/national/escalations/:escalationId',
    summary: 'One escalation',
    tags: ['national'],
    params: escalationParams,
    response: escalationView,
  }),
  acknowledgeEscalation: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/national/escalations/:escalationId/acknowledge',
    summary: 'The national liaison acknowledges receipt',
    tags: ['national'],
    params: escalationParams,
    response: escalationView,
  }),
  respondEscalation: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/national/escalations/:escalationId/respond',
    summary: "The national liaison's response",
    tags: ['national'],
    params: escalationParams,
    body: z.object({ response: requiredText(LIMITS.note) }),
    response: escalationView,
  }),
  closeEscalation: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/national/escalations/:escalationId/close',
    summary: 'Record the outcome and close (chair or coordinator)',
    tags: ['national'],
    params: escalationParams,
    body: z.object({ outcome: requiredText(LIMITS.shortNote) }),
    response: escalationView,
  }),
  listReports: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/national/reports',
    summary: 'Reports to national level (the liaison sees submitted ones only)',
    tags: ['national'],
    params: cityParams,
    response: z.object({ items: z.array(reportSummary) }),
  }),
  createReport: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/national/reports',
    summary: 'Open a draft report for a period (content generated from live data)',
    tags: ['national'],
    params: cityParams,
    body: z.object({
      kind: z.enum(reportKinds),
      period: reportPeriod,
      narrative: reportNarrative.optional(),
    }),
    response: reportDetail,
    status: 201,
  }),
  getReport: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/national/reports/:reportId',
    summary: 'A report: its frozen snapshot once submitted, a live preview while a draft',
    tags: ['national'],
    params: reportParams,
    response: reportDetail,
  }),
  updateReport: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/national/reports/:reportId',
    summary: "Edit a draft's narrative (a submitted report never changes)",
    tags: ['national'],
    params: reportParams,
    body: nonEmptyPatch(reportNarrative.partial()),
    response: reportDetail,
  }),
  deleteReport: defineRoute({
    method: 'DELETE',
    path: '/api/cities/:cityId/national/reports/:reportId',
    summary: 'Delete a draft',
    tags: ['national'],
    params: reportParams,
    response: z.null(),
    status: 204,
  }),
  submitReport: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/national/reports/:reportId/submit',
    summary: 'Freeze and submit (chair): the snapshot and its hash are kept, the hash in the audit chain',
    tags: ['national'],
    params: reportParams,
    response: reportDetail,
  }),
  reviewReport: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/national/reports/:reportId/review',
    summary: 'The national liaison acknowledges the report or returns it with comments',
    tags: ['national'],
    params: reportParams,
    body: z.object({ decision: z.enum(['acknowledge', 'return']), comment: text(LIMITS.note).default('') }),
    response: reportDetail,
  }),
  reviseReport: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/national/reports/:reportId/revise',
    summary: 'Open a new draft version of a returned report',
    tags: ['national'],
    params: reportParams,
    response: reportDetail,
    status: 201,
  }),
  diffReport: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/national/reports/:reportId/diff',
    summary: 'What changed since the version it revises: narrative sections and figures',
    tags: ['national'],
    params: reportParams,
    response: z.object({
      previousVersion: z.number().int().nullable(),
      entries: z.array(
        z.object({
          kind: z.enum(['narrative', 'figure']),
          key: z.string(),
          before: z.string().nullable(),
          after: z.string().nullable(),
        }),
      ),
    }),
  }),
  exportReportPdf: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/national/reports/:reportId/export.pdf',
    summary: 'The report as a PDF in the chosen language (a frozen report carries its content hash)',
    tags: ['national'],
    params: reportParams,
    query: z.object({ lang: localeSchema.optional() }),
    response: z.any().describe('application/pdf'),
  }),
  nationalHome: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/national/home',
    summary: 'Counts for the home page: escalations awaiting an answer or overdue, reports to review',
    tags: ['national'],
    params: cityParams,
    response: nationalHome,
  }),
};
