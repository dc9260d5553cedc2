import type { FastifyInstance } from 'fastify';
import { actionPlanRoutes as r } from '../../../contracts/action-plan.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { negotiateLocale } from '../../platform/i18n.js';
import { registerRoute } from '../../platform/routes.js';
import * as plan from './action-plan.service.js';

const contentTypes = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;
const exportRoutes = {
  pdf: r.exportPlanPdf,
  docx: r.exportPlanDocx,
  csv: r.exportPlanCsv,
  xlsx: r.exportPlanXlsx,
} as const;
/** A 2 MB file in base64 with room for the JSON around it. */
const IMPORT_BODY_LIMIT = 3 * 1024 * 1024;

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
  for (const format of ['pdf', 'docx', 'csv', 'xlsx'] as const) {
    registerRoute(app, deps, exportRoutes[format], async ({ actor, auditActor, params, query, reply }) => {
      const { file, filename } = await plan.exportPlan(
        db,
        actor,
        auditActor,
        params.cityId,
        params.versionId,
        format,
        query.lang,
      );
      // A Buffer is sent as it is (no JSON serialisation).
      reply.header('content-type', contentTypes[format]);
      reply.header('content-disposition', `attachment; filename="${filename}"`);
      return file;
    });
  }
  registerRoute(
    app,
    deps,
    r.importPlanActions,
    ({ actor, auditActor, params, body, reply }) =>
      plan.importActions(
        db,
        actor,
        auditActor,
        params.cityId,
        params.versionId,
        body,
        negotiateLocale(reply.request.headers['accept-language']),
      ),
    { bodyLimit: IMPORT_BODY_LIMIT },
  );
  registerRoute(app, deps, r.listActionDecisions, ({ actor, params }) =>
    plan.listActionDecisions(db, actor, params.cityId),
  );
  registerRoute(app, deps, r.applyDecidedAction, ({ actor, auditActor, params, body }) =>
    plan.applyDecidedAction(db, actor, auditActor, params.cityId, body),
  );
}
