import type { FastifyInstance } from 'fastify';
import { citiesRoutes } from '../../../contracts/cities.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { registerRoute } from '../../platform/routes.js';
import { invitationUrl, requestBaseUrl } from '../people/index.js';
import * as branding from './cities.branding.js';
import * as cities from './cities.service.js';

export async function citiesModule(app: FastifyInstance, deps: AppDeps) {
  registerRoute(app, deps, citiesRoutes.listCities, async ({ actor }) => ({
    items: await cities.listCities(deps.db, actor),
  }));
  registerRoute(app, deps, citiesRoutes.createCity, async ({ actor, auditActor, body, request }) => {
    const created = await cities.createCity(deps, actor, auditActor, body);
    return {
      city: created.city,
      chairInvitationUrl: created.chairToken
        ? invitationUrl(requestBaseUrl(deps, request), created.chairToken)
        : null,
    };
  });
  registerRoute(app, deps, citiesRoutes.getCity, ({ actor, params }) =>
    cities.getCityWorkspace(deps.db, actor, params.cityId),
  );
  registerRoute(app, deps, citiesRoutes.updateCitySettings, ({ actor, auditActor, params, body }) =>
    cities.updateCitySettings(deps.db, actor, auditActor, params.cityId, body),
  );
  registerRoute(app, deps, citiesRoutes.updateCityBranding, ({ actor, auditActor, params, body }) =>
    branding.updateBranding(deps.db, actor, auditActor, params.cityId, body),
  );
  // Public, for the sign-in page: a city's name and branding, nothing else (404 for an unknown slug).
  registerRoute(app, deps, citiesRoutes.getPublicCityBranding, ({ params }) =>
    branding.getPublicBranding(deps.db, params.slug),
  );
}
