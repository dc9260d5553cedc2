import type { FastifyInstance } from 'fastify';
import { activitiesRoutes as r } from '../../../contracts/activities.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { registerRoute } from '../../platform/routes.js';
import * as activities from './activities.service.js';

export async function activitiesModule(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  registerRoute(app, deps, r.listSessions, ({ actor, params, query }) =>
    activities.listSessions(db, actor, params.cityId, query),
  );
  registerRoute(app, deps, r.createSession, ({ actor, auditActor, params, body }) =>
    activities.createSession(db, actor, auditActor, params.cityId, body),
  );
  registerRoute(app, deps, r.activitySummary, ({ actor, params, query }) =>
    activities.summary(db, actor, params.cityId, query),
  );
  registerRoute(app, deps, r.getSession, ({ actor, params }) =>
    activities.getSession(db, actor, params.cityId, params.sessionId),
  );
  registerRoute(app, deps, r.updateSession, ({ actor, auditActor, params, body }) =>
    activities.updateSession(db, actor, auditActor, params.cityId, params.sessionId, body),
  );
  registerRoute(app, deps, r.deleteSession, async ({ actor, auditActor, params }) => {
    await activities.deleteSession(db, actor, auditActor, params.cityId, params.sessionId);
    return null;
  });
}
