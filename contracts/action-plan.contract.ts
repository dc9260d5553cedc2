import { z } from 'zod';
import { int, isoDate, LIMITS, nonEmptyPatch, requiredText, text } from './primitives.js';
import { cityParams, defineRoute, localeSchema } from './route.js';

/*
 * The local action plan (mandate item b; docs/ACTION_PLAN.md). A plan version holds its objectives
 * and actions as one document, so versions can be compared and an adopted version never changes.
 * Ids of objectives, actions and milestones stay the same from version to version (a new draft copies
 * them), so delivered sessions and progress follow an action across versions.
 * Risks and neighbourhoods are linked by id only (the risk register lives in another module).
 */

export const planActionStatuses = ['planned', 'in-progress', 'completed', 'delayed', 'cancelled'] as const;
export const planActionStatusSchema = z.enum(planActionStatuses);
export type ActionStatus = z.infer<typeof planActionStatusSchema>;

/** The most objectives, actions and milestones one plan holds. */
export const PLAN_LIMITS = { objectives: 50, actions: 500, milestones: 20, links: 50 } as const;
/** Money in whole units of the action's currency (no cents: a plan's budget is an estimate). */
export const MAX_AMOUNT = 1_000_000_000;

const currency = z
  .string()
  .max(3)
  .regex(/^[A-Z]{3}$/, { error: 'validation.format' })
  .describe('ISO 4217 code, e.g. EUR');
const amount = int(0, MAX_AMOUNT);
const ids = z.array(z.guid()).max(PLAN_LIMITS.links);

export const planObjectiveSchema = z.object({
  id: z.guid(),
  code: text(LIMITS.code),
  title: requiredText(LIMITS.title),
  description: text(LIMITS.summary).default(''),
  /** Risks this objective addresses: ids in the risk register (a link, not a foreign key). */
  riskIds: ids.default([]),
});
export type PlanObjective = z.infer<typeof planObjectiveSchema>;

export const planMilestoneSchema = z.object({
  id: z.guid(),
  title: requiredText(LIMITS.title),
  dueOn: isoDate,
});

export const planActionSchema = z.object({
  id: z.guid(),
  objectiveId: z.guid(),
  code: text(LIMITS.code).default(''),
  title: requiredText(LIMITS.title),
  description: text(LIMITS.summary).default(''),
  /** An organisation of the network (its id). */
  ownerOrganisationId: z.guid().nullable().default(null),
  partnerOrganisationIds: ids.default([]),
  /** Neighbourhoods by id (the neighbourhood register lives in another module: a link only). */
  neighbourhoodIds: ids.default([]),
  targetGroup: text(LIMITS.label).default(''),
  startOn: isoDate,
  endOn: isoDate,
  milestones: z.array(planMilestoneSchema).max(PLAN_LIMITS.milestones).default([]),
  budgetPlanned: amount.default(0),
  currency: currency.default('EUR'),
  fundingSource: text(LIMITS.label).default(''),
  /** Actions of the same plan that must finish first. */
  dependsOn: ids.default([]),
});
export type PlanAction = z.infer<typeof planActionSchema>;
export type PlanActionInput = z.input<typeof planActionSchema>;

export const planStatus = z.enum(['draft', 'adopted', 'superseded']);

/** How a percentage was computed: a key under `action-plan.rules` and its values. */
export const progressSchema = z.object({
  percent: z.number().nullable(),
  rule: z.object({
    key: z.string(),
    values: z.record(z.string(), z.union([z.string(), z.number()])),
  }),
});
export type Progress = z.infer<typeof progressSchema>;

/** What happens to an action once the plan is adopted: status, money, milestones reached. */
export const actionStateSchema = z.object({
  status: planActionStatusSchema,
  budgetCommitted: z.number(),
  budgetSpent: z.number(),
  /** Ids of the milestones reached, with the day each was. */
  milestonesDone: z.array(z.object({ id: z.guid(), doneOn: z.string() })),
  updatedAt: z.string().nullable(),
});

export const planVersionSummary = z.object({
  id: z.guid(),
  version: z.number().int(),
  status: planStatus,
  title: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  basedOnVersion: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  adoptedAt: z.string().nullable(),
  adoptedDecisionId: z.guid().nullable(),
  objectiveCount: z.number().int(),
  actionCount: z.number().int(),
});

export const planActionView = planActionSchema.extend({
  state: actionStateSchema,
  progress: progressSchema,
  /** Past its end and not completed or cancelled. */
  overdue: z.boolean(),
});
export type PlanActionView = z.infer<typeof planActionView>;

export const planVersionDetail = planVersionSummary.extend({
  objectives: z.array(planObjectiveSchema.extend({ progress: progressSchema })),
  actions: z.array(planActionView),
  progress: progressSchema,
});
export type PlanVersionDetail = z.infer<typeof planVersionDetail>;

export const planDiffEntry = z.object({
  kind: z.enum(['plan', 'objective', 'action']),
  id: z.string(),
  title: z.string(),
  change: z.enum(['added', 'removed', 'changed']),
  /** Names of the fields that differ (for 'changed'). */
  fields: z.array(z.string()),
});

const budgetLine = z.object({
  key: z.string(),
  label: z.string(),
  currency: z.string(),
  planned: z.number(),
  committed: z.number(),
  spent: z.number(),
});
export const planBudget = z.object({
  byObjective: z.array(budgetLine),
  byOrganisation: z.array(budgetLine),
  byFundingSource: z.array(budgetLine),
  totals: z.array(budgetLine),
});

const versionParams = cityParams.extend({ versionId: z.guid() });
const versionRef = z.union([
  z.guid(),
  z
    .string()
    .max(6)
    .regex(/^[1-9]\d{0,5}$/, { error: 'validation.format' }),
]);

export const planContentInput = z.object({
  title: requiredText(LIMITS.title).optional(),
  periodStart: isoDate.optional(),
  periodEnd: isoDate.optional(),
  objectives: z.array(planObjectiveSchema).max(PLAN_LIMITS.objectives).optional(),
  actions: z.array(planActionSchema).max(PLAN_LIMITS.actions).optional(),
});
export type PlanContentInput = z.infer<typeof planContentInput>;

export const actionProgressInput = nonEmptyPatch(
  z.object({
    status: planActionStatusSchema.optional(),
    budgetCommitted: amount.optional(),
    budgetSpent: amount.optional(),
    milestonesDone: z
      .array(z.object({ id: z.guid(), doneOn: isoDate }))
      .max(PLAN_LIMITS.milestones)
      .optional(),
  }),
);

export const myActionItem = planActionView.extend({
  objectiveTitle: z.string(),
  /** Whether one of my organisations owns the action (else it is a partner). */
  owner: z.boolean(),
});

/** The most bytes an imported XLSX file may have (before base64). */
export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

/** Columns of the plan's CSV/XLSX export, in order; the import reads the same ones (by key or heading). */
export const planSheetColumns = [
  'objectiveCode',
  'objectiveTitle',
  'code',
  'title',
  'description',
  'owner',
  'partners',
  'targetGroup',
  'startOn',
  'endOn',
  'status',
  'budgetPlanned',
  'currency',
  'fundingSource',
  'budgetCommitted',
  'budgetSpent',
  'milestones',
  'dependsOn',
  'progress',
] as const;
export type PlanSheetColumn = (typeof planSheetColumns)[number];

export const planImportInput = z.object({
  /** The XLSX file, base64-encoded (at most 2 MB decoded). */
  file: z
    .string()
    .max(Math.ceil((IMPORT_MAX_BYTES * 4) / 3) + 8)
    .regex(/^[A-Za-z0-9+/=\s]*$/, { error: 'validation.format' }),
  /** Check only: report every problem, write nothing. */
  dryRun: z.boolean().default(true),
});

/** One problem of an import, placed where a person finds it in the sheet: row 5, column "End" (J). */
export const planImportProblem = z.object({
  row: z.number().int().nullable(),
  column: z.string().nullable(),
  /** The column's letter in the sheet (A, B, …), when known. */
  cell: z.string().nullable(),
  message: z.string(),
});

export const planImportResult = z.object({
  dryRun: z.boolean(),
  /** Whether every row is valid (and, unless a dry run, the draft was saved). */
  valid: z.boolean(),
  written: z.boolean(),
  rows: z.number().int(),
  created: z.array(z.string()),
  updated: z.array(z.string()),
  errors: z.array(planImportProblem),
});
export type PlanImportResult = z.infer<typeof planImportResult>;

const exportQuery = z.object({ lang: localeSchema.optional() });

/** A passed decision that adds an action to, or changes one in, the adopted plan (a new adopted version). */
export const decidedActionInput = z.object({
  decisionId: z.guid(),
  action: planActionSchema,
});

export const actionPlanRoutes = {
  listPlanVersions: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/action-plan',
    summary: "The city's action plan versions (newest first)",
    tags: ['action-plan'],
    params: cityParams,
    response: z.object({ items: z.array(planVersionSummary) }),
  }),
  createPlanDraft: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/action-plan',
    summary: 'Open a draft: a copy of the adopted plan (same ids), else an empty plan for the period',
    tags: ['action-plan'],
    params: cityParams,
    body: z
      .object({
        title: requiredText(LIMITS.title).optional(),
        periodStart: isoDate.optional(),
        periodEnd: isoDate.optional(),
      })
      .optional(),
    response: planVersionDetail,
    status: 201,
  }),
  diffPlanVersions: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/action-plan/diff',
    summary:
      'What differs between two versions (by id or number): objectives and actions added, removed, changed',
    tags: ['action-plan'],
    params: cityParams,
    query: z.object({ from: versionRef, to: versionRef }),
    response: z.object({ from: z.number().int(), to: z.number().int(), entries: z.array(planDiffEntry) }),
  }),
  myActions: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/action-plan/my-actions',
    summary: 'Actions of the adopted plan that my organisations own or take part in',
    tags: ['action-plan'],
    params: cityParams,
    response: z.object({ items: z.array(myActionItem), organisations: z.number().int() }),
  }),
  updateActionProgress: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/action-plan/actions/:actionId/progress',
    summary: 'Status, money committed and spent, milestones reached, of an action of the adopted plan',
    tags: ['action-plan'],
    params: cityParams.extend({ actionId: z.guid() }),
    body: actionProgressInput,
    response: planActionView,
  }),
  getPlanVersion: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/action-plan/:versionId',
    summary: 'One version with its objectives, actions, their state and computed progress',
    tags: ['action-plan'],
    params: versionParams,
    response: planVersionDetail,
  }),
  updatePlanDraft: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/action-plan/:versionId',
    summary: 'Edit the draft (adopted versions never change); objectives and actions are replaced whole',
    tags: ['action-plan'],
    params: versionParams,
    body: nonEmptyPatch(planContentInput),
    response: planVersionDetail,
  }),
  deletePlanDraft: defineRoute({
    method: 'DELETE',
    path: '/api/cities/:cityId/action-plan/:versionId',
    summary: 'Delete the draft',
    tags: ['action-plan'],
    params: versionParams,
    response: z.null(),
    status: 204,
  }),
  adoptPlanVersion: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/action-plan/:versionId/adopt',
    summary:
      'Adopt the draft by a passed decision (subject action-plan-adoption) of a meeting that had quorum',
    tags: ['action-plan'],
    params: versionParams,
    body: z.object({ decisionId: z.guid() }),
    response: planVersionDetail,
  }),
  listPlanAdoptionDecisions: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/action-plan/:versionId/decisions',
    summary: 'Recorded decisions about adopting this version',
    tags: ['action-plan'],
    params: versionParams,
    response: z.object({
      items: z.array(
        z.object({
          id: z.guid(),
          text: z.string(),
          outcome: z.string(),
          quorumMet: z.boolean(),
          recordedAt: z.string(),
          eligible: z.boolean(),
        }),
      ),
    }),
  }),
  getPlanBudget: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/action-plan/:versionId/budget',
    summary:
      'Planned vs committed vs spent, by objective, owner organisation and funding source (per currency)',
    tags: ['action-plan'],
    params: versionParams,
    response: planBudget,
  }),
  exportPlanPdf: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/action-plan/:versionId/export.pdf',
    summary: 'The version as a PDF (headings in the chosen language)',
    tags: ['action-plan'],
    params: versionParams,
    query: exportQuery,
    response: z.any().describe('application/pdf'),
  }),
  exportPlanDocx: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/action-plan/:versionId/export.docx',
    summary: 'The version as a Word document (headings in the chosen language)',
    tags: ['action-plan'],
    params: versionParams,
    query: exportQuery,
    response: z.any().describe('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
  }),
  exportPlanCsv: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/action-plan/:versionId/export.csv',
    summary: 'The actions as CSV, one row per action (column headings in the chosen language)',
    tags: ['action-plan'],
    params: versionParams,
    query: exportQuery,
    response: z.any().describe('text/csv'),
  }),
  exportPlanXlsx: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/action-plan/:versionId/export.xlsx',
    summary: 'The actions as an XLSX sheet (the same columns the import reads)',
    tags: ['action-plan'],
    params: versionParams,
    query: exportQuery,
    response: z.any().describe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  }),
  importPlanActions: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/action-plan/:versionId/import',
    summary:
      "Add or update the draft's actions from an XLSX sheet; a dry run reports row/column problems; all rows or none",
    tags: ['action-plan'],
    params: versionParams,
    body: planImportInput,
    response: planImportResult,
  }),
  applyDecidedAction: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/action-plan/decided-action',
    summary:
      'Add or change an action by a passed decision of a quorate meeting (subject action-plan-action): a new adopted version',
    tags: ['action-plan'],
    params: cityParams,
    body: decidedActionInput,
    response: planVersionDetail,
    status: 201,
  }),
  listActionDecisions: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/action-plan/action-decisions',
    summary: 'Decisions recorded about actions of the plan, and whether each can still be applied',
    tags: ['action-plan'],
    params: cityParams,
    response: z.object({
      items: z.array(
        z.object({
          id: z.guid(),
          text: z.string(),
          /** The action it changes, or the objective a new action goes under. */
          subjectId: z.guid(),
          outcome: z.string(),
          quorumMet: z.boolean(),
          recordedAt: z.string(),
          applied: z.boolean(),
          eligible: z.boolean(),
        }),
      ),
    }),
  }),
};
