import { z } from 'zod';
import { emailSchema, LIMITS, text } from './primitives.js';
import { cityParams, defineRoute, localeSchema, roleSchema } from './route.js';

export const citySettings = z.object({ require2faRoles: z.array(roleSchema).max(roleSchema.options.length) });

export const city = z.object({
  id: z.guid(),
  slug: z.string(),
  name: z.string(),
  country: z.string().nullable(),
  defaultLocale: localeSchema,
  settings: citySettings,
  createdAt: z.string(),
});
export type City = z.infer<typeof city>;

export const cityWorkspace = z.object({
  city,
  role: roleSchema.nullable(),
  /** The actions this person may take in this city, from the policy (drives navigation). */
  permissions: z.array(z.string()),
});
export type CityWorkspace = z.infer<typeof cityWorkspace>;

export const createCityBody = z.object({
  name: text(LIMITS.cityName, 2),
  slug: text(LIMITS.slug, 2).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'validation.slug' }),
  country: text(LIMITS.country).optional(),
  defaultLocale: localeSchema.default('en'),
  /** Invite this person as the city's chair. */
  chairEmail: emailSchema.optional(),
});

export const citiesRoutes = {
  listCities: defineRoute({
    method: 'GET',
    path: '/api/cities',
    summary: 'Cities you belong to (all cities for a platform admin)',
    tags: ['cities'],
    response: z.object({ items: z.array(city) }),
  }),
  createCity: defineRoute({
    method: 'POST',
    path: '/api/cities',
    summary: 'Create a city (platform admin)',
    tags: ['cities'],
    body: createCityBody,
    response: z.object({ city, chairInvitationUrl: z.string().nullable() }),
    status: 201,
  }),
  getCity: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId',
    summary: 'A city workspace: the city, your role and what you may do',
    tags: ['cities'],
    params: cityParams,
    response: cityWorkspace,
  }),
  updateCitySettings: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/settings',
    summary: "Change a city's security settings (chair)",
    tags: ['cities'],
    params: cityParams,
    body: citySettings,
    response: city,
  }),
};
