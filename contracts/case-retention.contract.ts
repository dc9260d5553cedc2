import { z } from 'zod';
import { identitySchema } from './cases.contract.js';
import { int, isoDate, LIMITS, queryInt, requiredText, text } from './primitives.js';
import { cityParams, defineRoute, localeSchema } from './route.js';

/*
 * Retention of case records per city, the nightly purge's reports, and the subject-access export
 * (docs/CASES.md, "Retention and subject access").
 */

/** Bounds of the retention periods, in days. */
export const REJECTED_RETENTION_DAYS = { min: 1, max: 3650, default: 30 } as const;
export const CLOSED_RETENTION_DAYS = { min: 30, max: 36500, default: 730 } as const;

export const caseRetentionSettingsSchema = z.object({
  /** Days a rejected situation's minimal record is kept after the rejection. */
  rejectedRetentionDays: z.number().int(),
  /** Days a closed situation, with everything about it, is kept after closure. */
  closedRetentionDays: z.number().int(),
  updatedAt: z.string(),
});
export type CaseRetentionSettings = z.infer<typeof caseRetentionSettingsSchema>;

export const caseRetentionInput = z.object({
  rejectedRetentionDays: int(REJECTED_RETENTION_DAYS.min, REJECTED_RETENTION_DAYS.max),
  closedRetentionDays: int(CLOSED_RETENTION_DAYS.min, CLOSED_RETENTION_DAYS.max),
});
export type CaseRetentionInput = z.infer<typeof caseRetentionInput>;

export const purgeRunSchema = z.object({
  /** The day the run belongs to ("2026-11-25"), or "manual-<time>" for a run from the command line. */
  runKey: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** 'running' (started, not finished), 'done', or 'failed' (a later check retries it). */
  status: z.enum(['running', 'done', 'failed']),
  /** What this run deleted in this city. */
  rejected: z.number(),
  closed: z.number(),
});
export type PurgeRun = z.infer<typeof purgeRunSchema>;

export const subjectAccessInput = z.object({
  givenName: requiredText(LIMITS.givenName),
  familyName: requiredText(LIMITS.givenName),
  /** Required: a name alone is too weak to find a person (see the match keys in docs/CASES.md). */
  dateOfBirth: isoDate,
  /** Why (e.g. the request's number): stored in the audit log. */
  reason: text(LIMITS.reason, 5),
  format: z.enum(['json', 'pdf']),
  /** Language of the PDF's labels; default: the request's Accept-Language. */
  lang: localeSchema.optional(),
});
export type SubjectAccessInput = z.infer<typeof subjectAccessInput>;

const orgName = z.object({ id: z.guid(), name: z.string() });

/** The JSON export: everything this city holds about the person, decrypted. */
export const subjectAccessExportSchema = z.object({
  format: z.literal('lpn-subject-access/1'),
  cityId: z.guid(),
  exportedAt: z.string(),
  /** The request as searched (the name and date of birth the requester gave). */
  request: z.object({ givenName: z.string(), familyName: z.string(), dateOfBirth: z.string() }),
  persons: z.array(
    z.object({
      personId: z.guid(),
      relation: z.string(),
      isMinor: z.boolean(),
      recordedAt: z.string(),
      identity: identitySchema,
      situation: z.object({
        id: z.guid(),
        reference: z.string(),
        workflow: z.string(),
        stage: z.string(),
        subjectKind: z.string(),
        ageBand: z.string(),
        gender: z.string(),
        neighbourhood: z.string(),
        riskFactors: z.array(z.string()),
        protectiveFactors: z.array(z.string()),
        originatingReason: z.string(),
        originatingOrganisation: orgName.nullable(),
        createdAt: z.string(),
        presentedAt: z.string().nullable(),
        thresholdMet: z.boolean().nullable(),
        decidedAt: z.string().nullable(),
        decisionNote: z.string(),
        responseDueAt: z.string().nullable(),
        firstResponseAt: z.string().nullable(),
        plan: z.string().nullable(),
        closedAt: z.string().nullable(),
        outcome: z.string().nullable(),
        closureNote: z.string().nullable(),
        rejectedAt: z.string().nullable(),
        purgeAfter: z.string().nullable(),
      }),
      assignments: z.array(
        z.object({
          organisation: orgName.nullable(),
          role: z.string(),
          assignedAt: z.string(),
          endedAt: z.string().nullable(),
        }),
      ),
      consents: z.array(
        z.object({
          id: z.guid(),
          purpose: z.string(),
          basis: z.string(),
          basisDetail: z.string(),
          /** False: recorded for the whole situation rather than for this person. */
          forThisPerson: z.boolean(),
          recordedAt: z.string(),
          withdrawnAt: z.string().nullable(),
        }),
      ),
      assessments: z.array(
        z.object({
          id: z.guid(),
          assessedAt: z.string(),
          factors: z.record(z.string(), z.array(z.string())),
          summary: z.string(),
          managementPlan: z.string(),
          changes: z.string().nullable(),
        }),
      ),
      followUps: z.array(
        z.object({
          id: z.guid(),
          kind: z.string(),
          dueOn: z.string(),
          completedAt: z.string().nullable(),
          reviewFinding: z.string().nullable(),
          note: z.string().nullable(),
        }),
      ),
      referrals: z.array(
        z.object({
          id: z.guid(),
          to: z.string().nullable(),
          status: z.string(),
          sharedFields: z.array(z.string()),
          shareRiskFactors: z.boolean(),
          /** False: a referral of the whole situation rather than of this person. */
          forThisPerson: z.boolean(),
          sentAt: z.string(),
          respondedAt: z.string().nullable(),
          declineReason: z.string().nullable(),
          completedAt: z.string().nullable(),
          message: z.string().nullable(),
          feedback: z.string().nullable(),
        }),
      ),
      /** Who did what with this person's or this situation's records, when and why. */
      accessLog: z.array(
        z.object({
          at: z.string(),
          actorName: z.string().nullable(),
          actorRole: z.string(),
          action: z.string(),
          recordType: z.string(),
          fields: z.array(z.string()),
          reason: z.string().nullable(),
        }),
      ),
    }),
  ),
});
export type SubjectAccessExport = z.infer<typeof subjectAccessExportSchema>;

export const caseRetentionRoutes = {
  getCaseRetention: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/cases/settings',
    summary: 'How long rejected and closed situations are kept (chair, coordinator, members, auditor)',
    tags: ['cases'],
    params: cityParams,
    response: caseRetentionSettingsSchema,
  }),
  updateCaseRetention: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/cases/settings',
    summary:
      "Change the retention periods (chair); already rejected and closed situations' deletion dates follow",
    tags: ['cases'],
    params: cityParams,
    body: caseRetentionInput,
    response: caseRetentionSettingsSchema.extend({
      /** Rejected or closed situations whose deletion date changed. */
      recomputed: z.number(),
      /** Situations now past their deletion date: the next nightly purge deletes them. */
      dueForPurge: z.number(),
    }),
  }),
  listPurgeRuns: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/cases/purge-runs',
    summary: 'The latest runs of the nightly purge with what each deleted in this city (chair, auditor)',
    tags: ['cases'],
    params: cityParams,
    query: z.object({ limit: queryInt(1, 100).default(30) }),
    response: z.object({ items: z.array(purgeRunSchema) }),
  }),
  subjectAccessExport: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/subject-access',
    summary:
      "Everything this city holds about one person, as JSON or PDF (chair only; audited; the controller's legal duty)",
    tags: ['cases'],
    params: cityParams,
    body: subjectAccessInput,
    response: z
      .any()
      .describe('application/json (lpn-subject-access/1) or application/pdf, as an attachment'),
  }),
};
