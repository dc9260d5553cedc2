import { z } from 'zod';
import { isoDateTime, queryInt, seqCursor, text, userIdSchema } from './primitives.js';
import { cityParams, defineRoute, pageOf } from './route.js';

export const auditEvent = z.object({
  seq: z.number(),
  at: z.string(),
  actorUserId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string(),
  action: z.string(),
  recordType: z.string(),
  recordId: z.string().nullable(),
  fields: z.array(z.string()),
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

export const auditRoutes = {
  listAudit: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/audit',
    summary: "The city's audit log, newest first, with filters (auditor, chair)",
    tags: ['audit'],
    params: cityParams,
    query: z.object({
      cursor: seqCursor.optional(),
      limit: queryInt(1, 100).default(50),
      actorUserId: userIdSchema.optional(),
      action: text(40).optional(),
      recordType: text(60).optional(),
      from: isoDateTime.optional(),
      to: isoDateTime.optional(),
    }),
    response: pageOf(auditEvent),
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
