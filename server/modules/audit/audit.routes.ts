import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  AUDIT_EXPORT_MAX_ROWS,
  auditRoutes,
  type AuditFilterQuery,
} from '../../../contracts/audit.contract.js';
import type { Locale } from '../../../contracts/route.js';
import type { AppDeps } from '../../platform/deps.js';
import { registerRoute } from '../../platform/routes.js';
import { authorize } from '../../platform/policy.js';
import { badRequest } from '../../platform/errors.js';
import { negotiateLocale } from '../../platform/i18n.js';
import {
  appendAudit,
  listAuditEvents,
  verifyAuditChain,
  type AuditQuery,
} from '../../platform/audit/audit.js';
import { describeEvents, filterOptions } from './audit.labels.js';
import { auditCsv, CSV_COLUMNS } from './audit.csv.js';

const EXPORT_PAGE = 2000;

function localeOf(request: FastifyRequest, lang: Locale | undefined): Locale {
  return lang ?? negotiateLocale(request.headers['accept-language']);
}

function filtersOf(q: AuditFilterQuery): Omit<AuditQuery, 'limit'> {
  return {
    actorUserId: q.actorUserId,
    action: q.action,
    recordType: q.recordType,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
  };
}

export async function auditModule(app: FastifyInstance, deps: AppDeps) {
  registerRoute(app, deps, auditRoutes.listAudit, async ({ actor, request, params, query }) => {
    authorize(actor, 'audit.read');
    // The contract's seqCursor admits only a safe positive integer.
    const beforeSeq = query.cursor !== undefined ? Number(query.cursor) : undefined;
    const rows = await listAuditEvents(deps.db, params.cityId, {
      ...filtersOf(query),
      beforeSeq,
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    return {
      items: await describeEvents(deps.db, params.cityId, actor, localeOf(request, query.lang), page),
      nextCursor: rows.length > query.limit ? String(page[page.length - 1].seq) : null,
    };
  });

  registerRoute(app, deps, auditRoutes.auditFilterOptions, async ({ actor, request, params, query }) => {
    authorize(actor, 'audit.read');
    return filterOptions(deps.db, params.cityId, actor, localeOf(request, query.lang));
  });

  registerRoute(
    app,
    deps,
    auditRoutes.exportAudit,
    async ({ actor, auditActor, request, reply, params, query }) => {
      authorize(actor, 'audit.read');
      const locale = localeOf(request, query.lang);
      // Read first, in pages, and refuse an export too large to be useful before anything is recorded.
      const rows = [];
      for (let beforeSeq: number | undefined; ;) {
        const page = await listAuditEvents(deps.db, params.cityId, {
          ...filtersOf(query),
          beforeSeq,
          limit: EXPORT_PAGE,
        });
        rows.push(...page);
        if (rows.length > AUDIT_EXPORT_MAX_ROWS)
          throw badRequest(`More than ${AUDIT_EXPORT_MAX_ROWS} entries: narrow the filters or dates`);
        if (page.length < EXPORT_PAGE) break;
        beforeSeq = page[page.length - 1].seq;
      }
      // The export is itself an entry: who took a copy of the log, which columns, under which filters.
      await appendAudit(deps.db, params.cityId, auditActor, {
        action: 'export',
        recordType: 'audit-log',
        fields: [...CSV_COLUMNS],
        reason: describeFilters(query),
      });
      const views = [];
      for (let i = 0; i < rows.length; i += EXPORT_PAGE)
        views.push(
          ...(await describeEvents(deps.db, params.cityId, actor, locale, rows.slice(i, i + EXPORT_PAGE))),
        );
      const day = new Date().toISOString().slice(0, 10);
      // A string with a non-JSON content type is sent as it is (no JSON serialisation).
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="audit-log-${day}.csv"`);
      reply.header('cache-control', 'no-store');
      return auditCsv(locale, views);
    },
  );

  registerRoute(app, deps, auditRoutes.verifyAudit, async ({ actor, auditActor, params }) => {
    authorize(actor, 'audit.verify');
    const verdict = await verifyAuditChain(deps.db, params.cityId);
    // The check itself is recorded after it ran, so it never verifies its own entry.
    await appendAudit(deps.db, params.cityId, auditActor, { action: 'verify', recordType: 'audit-chain' });
    return verdict;
  });
}

/** The filters of an export, as codes (no names), so the entry says what was copied. */
function describeFilters(q: AuditFilterQuery): string | null {
  const parts = (['action', 'recordType', 'actorUserId', 'from', 'to'] as const)
    .filter((k) => q[k])
    .map((k) => `${k}=${q[k]}`);
  return parts.length ? `filters: ${parts.join(' ')}` : null;
}
