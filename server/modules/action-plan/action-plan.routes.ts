import type { FastifyInstance } from 'fastify';
import { actionPlanRoutes as r } from '../../../contracts/action-plan.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { registerRoute } from '../../platform/routes.js';
import * as plan from './action-plan.service.js';

export async function actionPlanModule(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  registerRoute(app, deps, r.listPlanVersions, ({ actor, params }) =>
    plan.listVersions(db, actor, params.cityId),
  );
  registerRoute(app, deps, r.createPlanDraft, ({ actor, auditActor, params, body }) =>
    plan.createDraft(db, actor, auditActor, params.cityId, body ?? {}),
  );
  registerRoute(app, deps, r.diffPlanVersions, ({ actor, params, query }) =>
    plan.diff(db, actor, params.cityId, query.from, query.to),
  );
  registerRoute(app, deps, r.myActions, ({ actor, params }) => plan.myActions(db, actor, params.cityId));
  registerRoute(app, deps, r.updateActionProgress, ({ actor, auditActor, params, body }) =>
    plan.updateActionProgress(db, actor, auditActor, params.cityId, params.actionId, body),
  );
  registerRoute(app, deps, r.getPlanVersion, ({ actor, params }) =>
    plan.getVersion(db, actor, params.cityId, params.versionId),
  );
  registerRoute(app, deps, r.updatePlanDraft, ({ actor, auditActor, params, body }) =>
    plan.updateDraft(db, actor, auditActor, params.cityId, params.versionId, body),
  );
  registerRoute(app, deps, r.deletePlanDraft, async ({ actor, auditActor, params }) => {
    await plan.deleteDraft(db, actor, auditActor, params.cityId, params.versionId);
    return null;
  });
  registerRoute(app, deps, r.adoptPlanVersion, ({ actor, auditActor, params, body }) =>
    plan.adoptVersion(db, actor, auditActor, params.cityId, params.versionId, body.decisionId),
  );
  registerRoute(app, deps, r.listPlanAdoptionDecisions, ({ actor, params }) =>
    plan.listAdoptionDecisions(db, actor, params.cityId, params.versionId),
  );
  registerRoute(app, deps, r.getPlanBudget, ({ actor, params }) =>
    plan.budget(db, actor, params.cityId, params.versionId),
  );
}
