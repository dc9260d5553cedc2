import type { FastifyInstance } from 'fastify';
import { indicatorsRoutes as r } from '../../../contracts/indicators.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { registerRoute } from '../../platform/routes.js';
import * as indicators from './indicators.service.js';

export async function indicatorsModule(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  registerRoute(app, deps, r.indicatorDashboard, ({ actor, params }) =>
    indicators.dashboard(db, actor, params.cityId),
  );
  registerRoute(app, deps, r.createIndicator, ({ actor, auditActor, params, body }) =>
    indicators.createIndicator(db, actor, auditActor, params.cityId, body),
  );
  registerRoute(app, deps, r.indicatorLibrary, ({ actor, params }) =>
    indicators.library(db, actor, params.cityId),
  );
  registerRoute(app, deps, r.adoptLibraryIndicator, ({ actor, auditActor, params }) =>
    indicators.adoptFromLibrary(db, actor, auditActor, params.cityId, params.key),
  );
  registerRoute(app, deps, r.listIndicatorValues, ({ actor, params }) =>
    indicators.listValues(db, actor, params.cityId, params.indicatorId),
  );
  registerRoute(app, deps, r.enterIndicatorValue, ({ actor, auditActor, params, body }) =>
    indicators.enterValue(db, actor, auditActor, params.cityId, params.indicatorId, body),
  );
  registerRoute(app, deps, r.approveIndicatorValue, ({ actor, auditActor, params }) =>
    indicators.approveValue(db, actor, auditActor, params.cityId, params.indicatorId, params.valueId),
  );
}
