import type { FastifyInstance } from 'fastify';
import { caseStatisticsRoutes } from '../../../contracts/case-statistics.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { authorize } from '../../platform/policy.js';
import { registerRoute } from '../../platform/routes.js';
import * as statistics from './cases.statistics.js';

/** De-identified statistics, the equity panel and the RTD-shaped open-data CSV. */
export async function caseStatisticsModule(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = caseStatisticsRoutes;

  registerRoute(app, deps, r.caseStatistics, async ({ actor, params, query }) => {
    authorize(actor, 'cases.statistics');
    return statistics.caseStatistics(db, params.cityId, query);
  });
  registerRoute(app, deps, r.caseEquity, async ({ actor, params, query }) => {
    authorize(actor, 'cases.statistics');
    return statistics.caseEquity(db, params.cityId, query);
  });
  registerRoute(app, deps, r.caseRtdCsv, async ({ actor, auditActor, params, query, reply }) => {
    authorize(actor, 'cases.open-data');
    const { csv, filename } = await statistics.rtdCsv(db, params.cityId, auditActor, query);
    // A string with a non-JSON content type is sent as it is (no JSON serialisation).
    reply.header('content-type', 'text/csv; charset=utf-8');
    reply.header('content-disposition', `attachment; filename="${filename}"`);
    reply.header('cache-control', 'no-store');
    return csv;
  });
}
