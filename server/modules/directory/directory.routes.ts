import type { FastifyInstance } from 'fastify';
import { directoryRoutes, IMPORT_LIMITS } from '../../../contracts/directory.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { authorize } from '../../platform/policy.js';
import { registerRoute } from '../../platform/routes.js';
import { coverage } from './directory.coverage.js';
import { exportDirectory, importDirectory } from './directory.hxl.js';
import * as service from './directory.service.js';

/** An import file of up to 7 million characters, sent as a JSON string (escapes take room too). */
const IMPORT_BODY_LIMIT = IMPORT_LIMITS.fileChars * 2 + 64 * 1024;

/** Directory routes: `authorize` says which roles may try; the service checks the mandate, the city and ownership. */
export async function directoryModule(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const r = directoryRoutes;

  registerRoute(app, deps, r.listServiceTypes, async ({ actor, params }) => {
    authorize(actor, 'directory.read');
    return service.listServiceTypes(db, params.cityId);
  });
  registerRoute(app, deps, r.addServiceType, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'directory.manage');
    return service.addServiceType(db, params.cityId, actor, auditActor, body);
  });
  registerRoute(app, deps, r.listEntries, async ({ actor, params, query }) => {
    authorize(actor, 'directory.read');
    return service.listEntries(db, params.cityId, actor, query);
  });
  registerRoute(app, deps, r.createEntry, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'directory.contribute');
    return service.createEntry(db, params.cityId, actor, auditActor, body);
  });
  registerRoute(app, deps, r.getEntry, async ({ actor, params }) => {
    authorize(actor, 'directory.read');
    return service.getEntry(db, params.cityId, actor, params.entryId);
  });
  registerRoute(app, deps, r.updateEntry, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'directory.contribute');
    return service.updateEntry(db, params.cityId, actor, auditActor, params.entryId, body);
  });
  registerRoute(app, deps, r.coverage, async ({ actor, params, query }) => {
    authorize(actor, 'directory.coverage');
    return coverage(db, params.cityId, query);
  });
  registerRoute(app, deps, r.exportEntries, async ({ actor, params, query, reply }) => {
    authorize(actor, 'directory.export');
    const file = await exportDirectory(db, params.cityId, query.format, query.template === 'true');
    reply.header('content-type', file.contentType);
    reply.header('content-disposition', `attachment; filename="${file.filename}"`);
    reply.header('cache-control', 'no-store');
    return file.body;
  });
  registerRoute(
    app,
    deps,
    r.importEntries,
    async ({ actor, auditActor, params, body }) => {
      authorize(actor, 'directory.manage');
      return importDirectory(db, params.cityId, actor.userId, auditActor, body);
    },
    { bodyLimit: IMPORT_BODY_LIMIT },
  );
  registerRoute(app, deps, r.neighbourhoods, async ({ actor, params }) => {
    authorize(actor, 'directory.read');
    return service.neighbourhoods(db, params.cityId);
  });
  registerRoute(app, deps, r.entryOrganisations, async ({ actor, params }) => {
    authorize(actor, 'directory.contribute');
    return service.entryOrganisations(db, params.cityId, actor);
  });
  registerRoute(app, deps, r.referralServices, async ({ actor, params }) => {
    authorize(actor, 'directory.manage');
    return service.referralServices(db, params.cityId);
  });
}
