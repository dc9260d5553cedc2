import type { FastifyInstance } from 'fastify';
import { inArray } from 'drizzle-orm';
import { auditRoutes } from '../../../contracts/audit.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { registerRoute } from '../../platform/routes.js';
import { authorize } from '../../platform/policy.js';
import { listAuditEvents, recordAudit, verifyAuditChain } from '../../platform/audit/audit.js';
import { user } from '../../platform/auth/auth.table.js';

export async function auditModule(app: FastifyInstance, deps: AppDeps) {
  registerRoute(app, deps, auditRoutes.listAudit, async ({ actor, params, query }) => {
    authorize(actor, 'audit.read');
    // The contract's seqCursor admits only a safe positive integer.
    const beforeSeq = query.cursor !== undefined ? Number(query.cursor) : undefined;
    const rows = await listAuditEvents(deps.db, params.cityId, {
      actorUserId: query.actorUserId,
      action: query.action,
      recordType: query.recordType,
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
      beforeSeq,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const actorIds = [...new Set(page.map((r) => r.actorUserId).filter((id): id is string => Boolean(id)))];
    const names = new Map(
      actorIds.length
        ? (
            await deps.db
              .select({ id: user.id, name: user.name })
              .from(user)
              .where(inArray(user.id, actorIds))
          ).map((u) => [u.id, u.name])
        : [],
    );
    return {
      items: page.map((r) => ({
        seq: r.seq,
        at: r.at.toISOString(),
        actorUserId: r.actorUserId,
        actorName: r.actorUserId ? (names.get(r.actorUserId) ?? null) : null,
        actorRole: r.actorRole,
        action: r.action,
        recordType: r.recordType,
        recordId: r.recordId,
        fields: r.fields,
        reason: r.reason,
        requestId: r.requestId,
        hash: r.hash,
      })),
      nextCursor: rows.length > query.limit ? String(page[page.length - 1].seq) : null,
    };
  });

  registerRoute(app, deps, auditRoutes.verifyAudit, async ({ actor, auditActor, params }) => {
    authorize(actor, 'audit.verify');
    const verdict = await verifyAuditChain(deps.db, params.cityId);
    // The check itself is recorded after it ran, so it never verifies its own entry.
    await recordAudit(deps.db, params.cityId, auditActor, { action: 'verify', recordType: 'audit-chain' });
    return verdict;
  });
}
