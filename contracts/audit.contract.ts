import { z } from 'zod';
import { isoDateTime, queryInt, seqCursor, text, userIdSchema } from './primitives.js';
import { cityParams, defineRoute, localeSchema, pageOf } from './route.js';

/**
 * One entry as the auditor reads it. The codes (action, recordType, fields, actorRole) are what the
 * chain holds and hashes; the labels beside them are resolved for the reader: translated into `lang`,
 * the actor by name when they are a member of the city, the record by the name or reference its type
 * has for this reader's role. Labels never carry an identity: a situation shows its reference only.
 */
export const auditEvent = z.object({
  seq: z.number(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  /** The actor's display name while they are a member of this city; null otherwise. */
  actorName: z.string().nullable(),
  actorRole: z.string(),
  actorRoleLabel: z.string(),
  action: z.string(),
  actionLabel: z.string(),
  recordType: z.string(),
  recordTypeLabel: z.string(),
  recordId: z.string().nullable(),
  /** e.g. a situation's reference, a meeting's title, an organisation's name, a ToR version number. */
  recordLabel: z.string().nullable(),
  fields: z.array(z.string()),
  fieldLabels: z.array(z.string()),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  hash: z.string(),
});
export type AuditEventView = z.infer<typeof auditEvent>;

export const chainVerdict = z.object({
  ok: z.boolean(),
  checked: z.number(),
  firstBroken: z
    .object({
      seq: z.number(),
      problem: z.enum(['hash-mismatch', 'broken-link', 'gap', 'tail-missing', 'head-mismatch']),
    })
    .optional(),
});

/** The filters shared by the list and the CSV export. */
const auditFilterFields = z.object({
  actorUserId: userIdSchema.optional(),
  action: text(40).optional(),
  recordType: text(60).optional(),
  from: isoDateTime.optional(),
  to: isoDateTime.optional(),
  /** The language of the labels (default: the request's Accept-Language, then English). */
  lang: localeSchema.optional(),
});

function withDateRange<T extends z.ZodType<{ from?: string; to?: string }>>(schema: T) {
  return schema.refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: 'from must not be after to',
    path: ['to'],
  });
}

export const auditListQuery = withDateRange(
  auditFilterFields.extend({
    cursor: seqCursor.optional(),
    limit: queryInt(1, 100).default(50),
  }),
);
export const auditExportQuery = withDateRange(auditFilterFields);
export type AuditFilterQuery = z.infer<typeof auditExportQuery>;

const option = z.object({ value: z.string(), label: z.string() });
export const auditFilterOptions = z.object({
  actions: z.array(option),
  recordTypes: z.array(option),
  /** Everyone who appears as an actor in this city's log: by name while a member of the city. */
  actors: z.array(option),
});
export type AuditFilterOptions = z.infer<typeof auditFilterOptions>;

/** The most entries one CSV export may hold; a wider export is refused with 400 (narrow the dates). */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

export const auditRoutes = {
  listAudit: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/audit',
    summary: "The city's audit log, newest first, with filters and readable labels (auditor, chair)",
    tags: ['audit'],
    params: cityParams,
    query: auditListQuery,
    response: pageOf(auditEvent),
  }),
  auditFilterOptions: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/audit/filters',
    summary: 'The actions, record types and actors present in the city’s log, with labels (auditor, chair)',
    tags: ['audit'],
    params: cityParams,
    query: z.object({ lang: localeSchema.optional() }),
    response: auditFilterOptions,
  }),
  exportAudit: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/audit/export.csv',
    summary:
      'The filtered log as CSV (UTF-8 with BOM, labels in `lang`); the export is itself audited (auditor, chair)',
    tags: ['audit'],
    params: cityParams,
    query: auditExportQuery,
    response: z.string().describe('text/csv'),
  }),
  verifyAudit: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/audit/verify',
    summary: "Verify the city's hash chain and name the first broken link (auditor, chair)",
    tags: ['audit'],
    params: cityParams,
    response: chainVerdict,
  }),
};
