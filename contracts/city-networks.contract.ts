import { z } from 'zod';
import { suppressedCountSchema } from './case-statistics.contract.js';
import { emailSchema, LIMITS, requiredText, text } from './primitives.js';
import { cityParams, defineRoute } from './route.js';

/*
 * Networks of cities (issue 12 §3; docs/CITY_NETWORKS.md): the Strong Cities Network, a national
 * association. Not to be confused with the `network` module, which is one city's own LPN. A platform
 * admin creates a network and designates its analysts; a city joins by its chair recording a passed
 * decision of a quorate meeting, may leave, and chooses separately whether it is named in the
 * network's aggregates. Analysts see aggregates only, each city suppressed before pooling and the pool
 * again after. Member cities share templates with provenance.
 */

export const cityNetworkKinds = ['international', 'national', 'regional'] as const;
export const cityNetworkKindSchema = z.enum(cityNetworkKinds);

/** The decision subject a city's meeting records to join a network (subjectId = the network's id). */
export const CITY_NETWORK_JOIN_SUBJECT = 'city-network-join' as const;

/** Fewer unnamed cities than this are not pooled: their figures are left out of the "other cities" row. */
export const MIN_POOLED_CITIES = 3;

export const cityNetworkSchema = z.object({
  id: z.guid(),
  name: z.string(),
  kind: cityNetworkKindSchema,
  description: z.string(),
  memberCount: z.number(),
  createdAt: z.string(),
});
export type CityNetwork = z.infer<typeof cityNetworkSchema>;

export const membershipSchema = z.object({
  joinedAt: z.string(),
  decisionId: z.guid(),
  /** Whether the city agreed to be named in the network's aggregates (else it is pooled). */
  named: z.boolean(),
});

export const cityNetworkForCity = cityNetworkSchema.extend({ membership: membershipSchema.nullable() });

export const createCityNetworkBody = z.object({
  name: requiredText(LIMITS.title),
  kind: cityNetworkKindSchema.default('international'),
  description: text(LIMITS.description).default(''),
});

// ---------- statistics ----------

/** What the analyst sees, each measure a line of counts by category. */
export const networkMeasures = [
  'cases-by-stage',
  'people-reached-by-sex',
  'consultations-by-format',
  'submissions-by-kind',
  'indicator-values',
] as const;
export const networkMeasureSchema = z.enum(networkMeasures);

const figures = z.object({
  cells: z.array(suppressedCountSchema),
  /** Null for a measure whose categories do not add up (indicator values). */
  total: suppressedCountSchema.nullable(),
});

export const networkStatisticsSchema = z.object({
  network: z.object({ id: z.guid(), name: z.string() }),
  year: z.number(),
  smallCellMin: z.number(),
  minPooledCities: z.number(),
  memberCount: z.number(),
  namedCount: z.number(),
  /** Unnamed cities pooled in "other cities" (0 when fewer than minPooledCities: then not shown). */
  pooledCount: z.number(),
  measures: z.array(
    z.object({
      key: networkMeasureSchema,
      additive: z.boolean(),
      categories: z.array(z.string()),
      /** The cities that agreed to be named, each suppressed on its own. */
      cities: z.array(figures.extend({ cityId: z.guid(), name: z.string() })),
      /** The other member cities pooled (null when too few to pool). */
      others: figures.nullable(),
      /** Every figure above added up, suppressed again. */
      network: figures,
    }),
  ),
});
export type NetworkStatistics = z.infer<typeof networkStatisticsSchema>;

// ---------- templates ----------

/** What can be shared today: the kinds that exist in code and export cleanly (docs/CITY_NETWORKS.md). */
export const templateKinds = ['structure', 'tor-text', 'indicator-set'] as const;
export const templateKindSchema = z.enum(templateKinds);
export type TemplateKind = z.infer<typeof templateKindSchema>;

export const sharedTemplateSchema = z.object({
  id: z.guid(),
  networkId: z.guid(),
  networkName: z.string(),
  kind: templateKindSchema,
  title: z.string(),
  /** Provenance: which city published it, its version of this kind, when. */
  publisherCityId: z.guid(),
  publisherCityName: z.string(),
  version: z.number(),
  publishedAt: z.string(),
  content: z.record(z.string(), z.unknown()),
});
export type SharedTemplate = z.infer<typeof sharedTemplateSchema>;

export const templateImportSchema = z.object({
  id: z.guid(),
  templateId: z.guid(),
  kind: templateKindSchema,
  title: z.string(),
  provenance: z.object({
    networkName: z.string(),
    publisherCityName: z.string(),
    version: z.number(),
    publishedAt: z.string(),
  }),
  importedAt: z.string(),
  content: z.record(z.string(), z.unknown()),
});

const networkParams = z.object({ networkId: z.guid() });
const cityNetworkParams = cityParams.extend({ networkId: z.guid() });

export const cityNetworksRoutes = {
  listCityNetworks: defineRoute({
    method: 'GET',
    path: '/api/city-networks',
    summary: 'Networks of cities: all of them for a platform admin, those you analyse otherwise',
    tags: ['city-networks'],
    response: z.object({ items: z.array(cityNetworkSchema) }),
  }),
  createCityNetwork: defineRoute({
    method: 'POST',
    path: '/api/city-networks',
    summary: 'Create a network of cities (platform admin)',
    tags: ['city-networks'],
    body: createCityNetworkBody,
    response: cityNetworkSchema,
    status: 201,
  }),
  addNetworkAnalyst: defineRoute({
    method: 'POST',
    path: '/api/city-networks/:networkId/analysts',
    summary: "Designate a person as the network's analyst (platform admin)",
    tags: ['city-networks'],
    params: networkParams,
    body: z.object({ email: emailSchema }),
    response: z.object({ userId: z.string() }),
    status: 201,
  }),
  networkStatistics: defineRoute({
    method: 'GET',
    path: '/api/city-networks/:networkId/statistics',
    summary:
      "The network's aggregates for a calendar year: named cities, other cities pooled; small cells withheld",
    tags: ['city-networks'],
    params: networkParams,
    // Strict: there is no finer period, no city filter and no raw-rows switch to ask for.
    query: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }),
    response: networkStatisticsSchema,
  }),
  listNetworksForCity: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/city-networks',
    summary: 'The networks of cities there are, and this city’s membership of each',
    tags: ['city-networks'],
    params: cityParams,
    response: z.object({ items: z.array(cityNetworkForCity) }),
  }),
  listJoinDecisions: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/city-networks/:networkId/join-decisions',
    summary:
      'The decisions recorded about joining this network, each saying whether it can make the city join',
    tags: ['city-networks'],
    params: cityNetworkParams,
    response: z.object({
      items: z.array(
        z.object({
          id: z.guid(),
          text: z.string(),
          outcome: z.string(),
          quorumMet: z.boolean(),
          recordedAt: z.string(),
          eligible: z.boolean(),
        }),
      ),
    }),
  }),
  joinNetwork: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/city-networks/:networkId/join',
    summary: 'Join the network (chair), on a passed decision of a quorate meeting about joining it',
    tags: ['city-networks'],
    params: cityNetworkParams,
    body: z.object({ decisionId: z.guid(), named: z.boolean().default(false) }),
    response: cityNetworkForCity,
  }),
  leaveNetwork: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/city-networks/:networkId/leave',
    summary: 'Leave the network (chair): the city’s figures leave its aggregates',
    tags: ['city-networks'],
    params: cityNetworkParams,
    response: cityNetworkForCity,
  }),
  setNaming: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/city-networks/:networkId/naming',
    summary: 'Whether the city is named in the network’s aggregates (chair)',
    tags: ['city-networks'],
    params: cityNetworkParams,
    body: z.object({ named: z.boolean() }),
    response: cityNetworkForCity,
  }),
  listSharedTemplates: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/network-templates',
    summary: 'Templates published in the networks this city belongs to, with their provenance',
    tags: ['city-networks'],
    params: cityParams,
    response: z.object({ items: z.array(sharedTemplateSchema) }),
  }),
  publishTemplate: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/city-networks/:networkId/templates',
    summary:
      'Publish a copy of this city’s structure, adopted ToR text or indicator set to a network (chair)',
    tags: ['city-networks'],
    params: cityNetworkParams,
    body: z.object({ kind: templateKindSchema, title: requiredText(LIMITS.title) }),
    response: sharedTemplateSchema,
    status: 201,
  }),
  importTemplate: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/network-templates/:templateId/import',
    summary: 'Import a copy of a shared template into this city, with its provenance (chair)',
    tags: ['city-networks'],
    params: cityParams.extend({ templateId: z.guid() }),
    response: templateImportSchema,
    status: 201,
  }),
  listTemplateImports: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/network-template-imports',
    summary: 'The copies this city imported, with where each came from',
    tags: ['city-networks'],
    params: cityParams,
    response: z.object({ items: z.array(templateImportSchema) }),
  }),
};
