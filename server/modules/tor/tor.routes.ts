import type { FastifyInstance } from 'fastify';
import { torRoutes } from '../../../contracts/tor.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { registerRoute } from '../../platform/routes.js';
import * as tor from './tor.service.js';

const contentTypes = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

export async function torModule(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  registerRoute(app, deps, torRoutes.listTorVersions, ({ actor, params }) =>
    tor.listVersions(db, actor, params.cityId),
  );
  registerRoute(app, deps, torRoutes.createTorDraft, ({ actor, auditActor, params }) =>
    tor.createDraft(db, actor, auditActor, params.cityId),
  );
  registerRoute(app, deps, torRoutes.getTorSummary, ({ actor, params }) =>
    tor.citySummary(db, actor, params.cityId),
  );
  registerRoute(app, deps, torRoutes.diffTorVersions, ({ actor, params, query }) =>
    tor.diff(db, actor, params.cityId, query.from, query.to),
  );
  registerRoute(app, deps, torRoutes.getTorVersion, ({ actor, params }) =>
    tor.getVersion(db, actor, params.cityId, params.versionId),
  );
  registerRoute(app, deps, torRoutes.updateTorDraft, ({ actor, auditActor, params, body }) =>
    tor.updateDraft(db, actor, auditActor, params.cityId, params.versionId, body),
  );
  registerRoute(app, deps, torRoutes.deleteTorDraft, async ({ actor, auditActor, params }) => {
    await tor.deleteDraft(db, actor, auditActor, params.cityId, params.versionId);
    return null;
  });
  registerRoute(app, deps, torRoutes.adoptTorVersion, ({ actor, auditActor, params, body }) =>
    tor.adoptVersion(db, actor, auditActor, params.cityId, params.versionId, body.decisionId),
  );
  registerRoute(app, deps, torRoutes.listTorAdoptionDecisions, ({ actor, params }) =>
    tor.listAdoptionDecisions(db, actor, params.cityId, params.versionId),
  );
  registerRoute(app, deps, torRoutes.acknowledgeTorVersion, ({ actor, auditActor, params }) =>
    tor.acknowledge(db, actor, auditActor, params.cityId, params.versionId),
  );
  registerRoute(app, deps, torRoutes.listTorAcknowledgements, ({ actor, params }) =>
    tor.listAcknowledgements(db, actor, params.cityId, params.versionId),
  );
  for (const format of ['pdf', 'docx'] as const) {
    const contract = format === 'pdf' ? torRoutes.exportTorPdf : torRoutes.exportTorDocx;
    registerRoute(app, deps, contract, async ({ actor, auditActor, params, query, reply }) => {
      const { file, filename } = await tor.exportVersion(
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
  registerRoute(app, deps, torRoutes.publicTorSummary, ({ params }) => tor.publicSummary(db, params.slug), {
    rateLimit: { max: 60, timeWindow: '1 minute' },
  });
}
