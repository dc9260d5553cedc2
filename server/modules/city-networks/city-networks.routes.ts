import type { FastifyInstance } from 'fastify';
import { cityNetworksRoutes as r } from '../../../contracts/city-networks.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { registerRoute } from '../../platform/routes.js';
import * as svc from './city-networks.service.js';

export async function cityNetworksModule(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  registerRoute(app, deps, r.listCityNetworks, ({ actor }) => svc.listNetworks(db, actor));
  registerRoute(app, deps, r.createCityNetwork, ({ actor, body }) => svc.createNetwork(db, actor, body));
  registerRoute(app, deps, r.addNetworkAnalyst, ({ actor, params, body }) =>
    svc.addAnalyst(db, actor, params.networkId, body.email),
  );
  registerRoute(app, deps, r.networkStatistics, ({ actor, params, query }) =>
    svc.networkStatistics(db, actor, params.networkId, query.year),
  );
  registerRoute(app, deps, r.listNetworksForCity, ({ actor, params }) =>
    svc.listForCity(db, actor, params.cityId),
  );
  registerRoute(app, deps, r.listJoinDecisions, ({ actor, params }) =>
    svc.joinDecisions(db, actor, params.cityId, params.networkId),
  );
  registerRoute(app, deps, r.joinNetwork, ({ actor, auditActor, params, body }) =>
    svc.join(db, actor, auditActor, params.cityId, params.networkId, body),
  );
  registerRoute(app, deps, r.leaveNetwork, ({ actor, auditActor, params }) =>
    svc.leave(db, actor, auditActor, params.cityId, params.networkId),
  );
  registerRoute(app, deps, r.setNaming, ({ actor, auditActor, params, body }) =>
    svc.setNaming(db, actor, auditActor, params.cityId, params.networkId, body.named),
  );
  registerRoute(app, deps, r.listSharedTemplates, ({ actor, params }) =>
    svc.listTemplates(db, actor, params.cityId),
  );
  registerRoute(app, deps, r.publishTemplate, ({ actor, auditActor, params, body }) =>
    svc.publishTemplate(db, actor, auditActor, params.cityId, params.networkId, body),
  );
  registerRoute(app, deps, r.importTemplate, ({ actor, auditActor, params }) =>
    svc.importTemplate(db, actor, auditActor, params.cityId, params.templateId),
  );
  registerRoute(app, deps, r.listTemplateImports, ({ actor, params }) =>
    svc.listImports(db, actor, params.cityId),
  );
}
