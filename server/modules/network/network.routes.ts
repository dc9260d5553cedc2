import type { FastifyInstance } from 'fastify';
import { networkRoutes } from '../../../contracts/network.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { registerRoute } from '../../platform/routes.js';
import * as service from './network.service.js';

export async function networkModule(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  registerRoute(app, deps, networkRoutes.listTemplates, async () => ({ items: service.templates() }));
  registerRoute(app, deps, networkRoutes.getNetwork, ({ actor, params }) =>
    service.getNetwork(db, actor, params.cityId),
  );
  registerRoute(app, deps, networkRoutes.createNetwork, ({ actor, auditActor, params, body }) =>
    service.createNetwork(db, actor, auditActor, params.cityId, body),
  );
  registerRoute(app, deps, networkRoutes.updateNetwork, ({ actor, auditActor, params, body }) =>
    service.updateNetwork(db, actor, auditActor, params.cityId, body),
  );
  registerRoute(app, deps, networkRoutes.switchTemplate, ({ actor, auditActor, params, body }) =>
    service.switchTemplate(db, actor, auditActor, params.cityId, body.templateId),
  );
  registerRoute(app, deps, networkRoutes.listOrganisations, ({ actor, params, query }) =>
    service.listOrganisations(db, actor, params.cityId, query),
  );
  registerRoute(app, deps, networkRoutes.createOrganisation, ({ actor, auditActor, params, body }) =>
    service.createOrganisation(db, actor, auditActor, params.cityId, body),
  );
  registerRoute(app, deps, networkRoutes.updateOrganisation, ({ actor, auditActor, params, body }) =>
    service.updateOrganisation(db, actor, auditActor, params.cityId, params.organisationId, body),
  );
  registerRoute(app, deps, networkRoutes.leaveOrganisation, ({ actor, auditActor, params, body }) =>
    service.leaveOrganisation(db, actor, auditActor, params.cityId, params.organisationId, body.leftOn),
  );
  registerRoute(app, deps, networkRoutes.setConsent, ({ actor, auditActor, params, body }) =>
    service.setConsent(db, actor, auditActor, params.cityId, params.organisationId, body.consent),
  );
  registerRoute(app, deps, networkRoutes.addRepresentative, ({ actor, auditActor, params, body }) =>
    service.addRepresentative(db, actor, auditActor, params.cityId, params.organisationId, body),
  );
  registerRoute(app, deps, networkRoutes.updateRepresentative, ({ actor, auditActor, params, body }) =>
    service.updateRepresentative(
      db,
      actor,
      auditActor,
      params.cityId,
      params.organisationId,
      params.representativeId,
      body,
    ),
  );
  registerRoute(app, deps, networkRoutes.getDashboard, ({ actor, params }) =>
    service.getDashboard(db, actor, params.cityId),
  );
}
