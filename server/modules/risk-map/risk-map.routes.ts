import type { FastifyInstance } from 'fastify';
import {
  BOUNDARY_LIMITS,
  consultationRoutes,
  riskMapRoutes,
  riskMatrixRoutes,
} from '../../../contracts/risk-map.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { authorize } from '../../platform/policy.js';
import { registerRoute } from '../../platform/routes.js';
import * as consultations from './consultations.service.js';
import * as matrix from './risk-matrix.service.js';
import * as service from './risk-map.service.js';
import { exportRiskProfile } from './risk-profile.js';

const contentTypes = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/** A boundary file of up to 20 million characters, sent as a JSON string (escapes take room too). */
const UPLOAD_BODY_LIMIT = BOUNDARY_LIMITS.fileChars * 2 + 64 * 1024;

/** Risk map routes: `authorize` says which roles may try; the service checks the mandate and the city. */
export async function riskMapModule(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = riskMapRoutes;

  registerRoute(
    app,
    deps,
    r.uploadBoundaries,
    async ({ actor, auditActor, params, body }) => {
      authorize(actor, 'risks.manage');
      return service.uploadBoundaries(db, params.cityId, actor, auditActor, body);
    },
    { bodyLimit: UPLOAD_BODY_LIMIT },
  );
  registerRoute(app, deps, r.listBoundarySets, async ({ actor, params }) => {
    authorize(actor, 'risks.read');
    return service.listBoundarySets(db, params.cityId);
  });
  registerRoute(app, deps, r.mapData, async ({ actor, params }) => {
    authorize(actor, 'risks.read');
    return service.mapData(db, params.cityId);
  });
  for (const format of ['pdf', 'docx'] as const) {
    const contract = format === 'pdf' ? r.riskProfilePdf : r.riskProfileDocx;
    registerRoute(app, deps, contract, async ({ actor, auditActor, params, query, reply }) => {
      // The register is internal to the network: the same readers as the register itself.
      authorize(actor, 'risks.read');
      await service.requireRiskMap(db, params.cityId);
      const { file, filename } = await exportRiskProfile(db, params.cityId, auditActor, format, query);
      reply.header('content-type', contentTypes[format]);
      reply.header('content-disposition', `attachment; filename="${filename}"`);
      return file;
    });
  }
  registerRoute(app, deps, r.listNeighbourhoods, async ({ actor, params }) => {
    authorize(actor, 'risks.read');
    return service.listNeighbourhoods(db, params.cityId);
  });
  registerRoute(app, deps, r.listCategories, async ({ actor, params }) => {
    authorize(actor, 'risks.read');
    return service.listCategories(db, params.cityId);
  });
  registerRoute(app, deps, r.addCategory, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'risks.manage');
    return service.addCategory(db, params.cityId, actor, auditActor, body);
  });
  registerRoute(app, deps, r.listRisks, async ({ actor, params, query }) => {
    authorize(actor, 'risks.read');
    return service.listRisks(db, params.cityId, query);
  });
  registerRoute(app, deps, r.createRisk, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'risks.manage');
    return service.createRisk(db, params.cityId, actor, auditActor, body);
  });
  registerRoute(app, deps, r.getRisk, async ({ actor, params }) => {
    authorize(actor, 'risks.read');
    return service.getRisk(db, params.cityId, params.riskId);
  });
  registerRoute(app, deps, r.updateRisk, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'risks.manage');
    return service.updateRisk(db, params.cityId, auditActor, params.riskId, body);
  });
  registerRoute(app, deps, r.rescoreRisk, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'risks.manage');
    return service.rescoreRisk(db, params.cityId, actor, auditActor, params.riskId, body);
  });
  registerRoute(app, deps, r.addEvidence, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'risks.contribute');
    return service.addEvidence(db, params.cityId, actor, auditActor, params.riskId, body);
  });
  registerRoute(app, deps, r.perspectiveOrganisations, async ({ actor, params }) => {
    authorize(actor, 'risks.contribute');
    return service.perspectiveOrganisations(db, params.cityId, actor);
  });
  registerRoute(app, deps, r.addPerspective, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'risks.contribute');
    return service.addPerspective(db, params.cityId, actor, auditActor, params.riskId, body);
  });

  const k = consultationRoutes;
  registerRoute(app, deps, k.listConsultations, async ({ actor, params, query }) => {
    authorize(actor, 'risks.read');
    return consultations.listConsultations(db, params.cityId, query);
  });
  registerRoute(app, deps, k.createConsultation, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'risks.contribute');
    return consultations.createConsultation(db, params.cityId, actor, auditActor, body);
  });
  registerRoute(app, deps, k.getConsultation, async ({ actor, params }) => {
    authorize(actor, 'risks.read');
    return consultations.getConsultation(db, params.cityId, params.consultationId);
  });
  registerRoute(app, deps, k.respondToFinding, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'risks.manage');
    return consultations.respondToFinding(
      db,
      params.cityId,
      actor,
      auditActor,
      params.consultationId,
      params.findingId,
      body,
    );
  });

  // The city's matrix and publishing from the register: the chair's decisions (risks.matrix, risks.publish).
  const m = riskMatrixRoutes;
  registerRoute(app, deps, m.getMatrix, async ({ actor, params }) => {
    authorize(actor, 'risks.read');
    await service.requireRiskMap(db, params.cityId);
    return matrix.getMatrix(db, params.cityId);
  });
  registerRoute(app, deps, m.setMatrix, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'risks.matrix');
    await service.requireRiskMap(db, params.cityId);
    return matrix.setMatrix(db, params.cityId, actor, auditActor, body);
  });
  registerRoute(app, deps, m.publishRisk, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'risks.publish');
    await service.requireRiskMap(db, params.cityId);
    await matrix.publishRisk(db, params.cityId, actor, auditActor, params.riskId, body);
    return service.getRisk(db, params.cityId, params.riskId);
  });
  registerRoute(app, deps, m.unpublishRisk, async ({ actor, auditActor, params }) => {
    authorize(actor, 'risks.publish');
    await service.requireRiskMap(db, params.cityId);
    await matrix.unpublishRisk(db, params.cityId, auditActor, params.riskId);
    return service.getRisk(db, params.cityId, params.riskId);
  });
}
