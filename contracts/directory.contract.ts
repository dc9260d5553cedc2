import { z } from 'zod';
import { exactText, isoDate, LIMITS, patchOf, queryInt, text } from './primitives.js';
import { sectorSchema } from './network.contract.js';
import { riskLevels } from './risk-map.contract.js';
import { cityParams, defineRoute } from './route.js';

/*
 * The who-does-what-where (3W) directory (docs/DIRECTORY.md): which organisation offers which
 * service, for whom, where, with gaps and overlaps against the risk register computed from it, and
 * HXL-tagged CSV/XLSX export and import. On while mandate item (c) or (d) is in force.
 */

// ---------------------------------------------------------------------------------------------
// Lists: service types (versioned, translatable; cities add their own), target groups, statuses

/**
 * The built-in service types (version `SERVICE_TYPE_VERSION`), each with the risk categories of the
 * register it answers: a neighbourhood with a high risk of a category and no active service of a
 * type that answers it is a gap. Labels: locales/directory (`directory.serviceType.<code>`).
 */
export const SERVICE_TYPE_VERSION = 1;
export const builtInServiceTypes = {
  'youth-mentoring': ['gang-youth-violence', 'violent-group-recruitment', 'school-drop-out'],
  'psychosocial-support': [
    'domestic-violence',
    'substance-abuse',
    'violent-group-recruitment',
    'online-radicalisation',
  ],
  'family-support': ['domestic-violence', 'school-drop-out'],
  'education-support': ['school-drop-out'],
  'employment-training': ['unemployment', 'gang-youth-violence'],
  'community-dialogue': ['inter-communal-tension', 'hate-speech-polarisation', 'election-violence'],
  'digital-literacy': ['online-radicalisation', 'hate-speech-polarisation'],
  'exit-programme': ['violent-group-recruitment'],
  'community-policing': ['institutional-distrust', 'gang-youth-violence'],
  'civic-engagement': ['institutional-distrust', 'election-violence'],
  'legal-aid': ['institutional-distrust', 'domestic-violence'],
  'substance-treatment': ['substance-abuse'],
  'victim-support': ['domestic-violence', 'hate-speech-polarisation'],
  'sports-recreation': ['gang-youth-violence'],
} as const satisfies Record<string, readonly string[]>;
export type BuiltInServiceType = keyof typeof builtInServiceTypes;
export const builtInServiceTypeCodes = Object.keys(builtInServiceTypes) as BuiltInServiceType[];

export const targetGroups = [
  'children',
  'youth',
  'women',
  'men',
  'families',
  'parents',
  'elderly',
  'people-with-disabilities',
  'migrants-refugees',
  'minorities',
  'professionals',
  'general-public',
] as const;
export const targetGroupSchema = z.enum(targetGroups);
export type TargetGroup = (typeof targetGroups)[number];

export const entryStatuses = ['active', 'planned', 'paused', 'ended'] as const;
export const entryStatusSchema = z.enum(entryStatuses);
export type EntryStatus = (typeof entryStatuses)[number];

/** Overlap: this many distinct providers (or more) of one service type for one group in one place. */
export const DEFAULT_OVERLAP_AT = 2;
/** A gap: a risk at this level or above with no active service that answers its category. */
export const GAP_LEVELS = ['high', 'very-high'] as const;

export const serviceTypeSchema = z.object({
  code: z.string(),
  builtIn: z.boolean(),
  /** The city's own types carry their labels; built-in ones are translated in the locale files. */
  labels: z.record(z.string(), z.string()),
  /** The risk categories (codes of the register) this type of service answers. */
  answers: z.array(z.string()),
});
export type ServiceType = z.infer<typeof serviceTypeSchema>;

export const serviceTypeInput = z.object({
  code: text(LIMITS.code, 2).regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'validation.format' }),
  labels: z.object({
    en: text(LIMITS.label, 1),
    fr: text(LIMITS.label).optional(),
    ar: text(LIMITS.label).optional(),
    mk: text(LIMITS.label).optional(),
    sq: text(LIMITS.label).optional(),
    sw: text(LIMITS.label).optional(),
  }),
  answers: z.array(text(LIMITS.code, 2)).max(50).default([]),
});
export type ServiceTypeInput = z.input<typeof serviceTypeInput>;

// ---------------------------------------------------------------------------------------------
// Entries

/** The stable external id: kept across exports and imports (a re-import updates, never duplicates). */
export const REF_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,59}$/;
export const refSchema = text(60, 1).regex(REF_PATTERN, { error: 'validation.format' });

const entryFields = {
  title: text(LIMITS.title, 3),
  /** A member organisation of the network, by id; or, for anyone else, `providerName`. */
  organisationId: z.guid().nullable().default(null),
  providerName: text(LIMITS.organisation).default(''),
  sector: sectorSchema,
  serviceType: text(LIMITS.code, 2),
  targetGroup: targetGroupSchema,
  /** City-wide, or the neighbourhoods it serves (ids of the risk map, stable across boundary versions). */
  cityWide: z.boolean(),
  neighbourhoodIds: z.array(z.guid()).max(1000).default([]),
  description: text(LIMITS.summary).default(''),
  /** The service's own contact point (a desk, a switchboard), never a person's. */
  contact: text(LIMITS.contact).default(''),
  /** The provider agreed to its contact being shown to partners (and later the public). */
  contactConsent: z.boolean().default(false),
  capacity: text(LIMITS.label).default(''),
  hours: text(LIMITS.label).default(''),
  status: entryStatusSchema.default('active'),
  startOn: isoDate.nullable().default(null),
  endOn: isoDate.nullable().default(null),
  fundingSource: text(LIMITS.organisation).default(''),
  /** Partners see public entries (and their own organisation's). */
  public: z.boolean().default(false),
  /** The referral module's listed service this entry is (case_service id), if any. */
  referralServiceId: z.guid().nullable().default(null),
};

export const entryInput = z.object({ ref: refSchema.optional(), ...entryFields });
export type EntryInput = z.input<typeof entryInput>;
export const entryPatchInput = patchOf(z.object(entryFields));
export type EntryPatchInput = z.input<typeof entryPatchInput>;

const ref = z.object({ id: z.guid(), name: z.string() });

export const entrySchema = z.object({
  id: z.guid(),
  ref: z.string(),
  title: z.string(),
  organisationId: z.guid().nullable(),
  /** The member organisation's name, or the outside provider's. */
  providerName: z.string(),
  member: z.boolean(),
  sector: sectorSchema,
  serviceType: z.string(),
  targetGroup: targetGroupSchema,
  cityWide: z.boolean(),
  neighbourhoods: z.array(ref.extend({ current: z.boolean() })),
  description: z.string(),
  /** Empty for partners unless the provider consented to it being shown. */
  contact: z.string(),
  contactConsent: z.boolean(),
  capacity: z.string(),
  hours: z.string(),
  status: entryStatusSchema,
  startOn: z.string().nullable(),
  endOn: z.string().nullable(),
  fundingSource: z.string(),
  public: z.boolean(),
  referralService: ref.nullable(),
  /** Whether the reader may edit it (chair, coordinator; members and partners their own organisation's). */
  editable: z.boolean(),
  updatedAt: z.string(),
});
export type DirectoryEntry = z.infer<typeof entrySchema>;

export const entryQuery = z.object({
  neighbourhoodId: z.guid().optional(),
  serviceType: text(LIMITS.code).optional(),
  targetGroup: targetGroupSchema.optional(),
  status: entryStatusSchema.optional(),
  organisationId: z.guid().optional(),
  q: text(LIMITS.search).optional(),
});
export type EntryQuery = z.input<typeof entryQuery>;

// ---------------------------------------------------------------------------------------------
// Gaps and overlaps

export const coverageStatuses = ['gap', 'uncovered', 'covered', 'overlap'] as const;
export type CoverageStatus = (typeof coverageStatuses)[number];

const providerSchema = z.object({
  entryId: z.guid(),
  title: z.string(),
  providerName: z.string(),
  serviceType: z.string(),
  targetGroup: targetGroupSchema,
  cityWide: z.boolean(),
});

export const overlapSchema = z.object({
  /** Null: an overlap among city-wide services only (reported once, not in every neighbourhood). */
  neighbourhoodId: z.guid().nullable(),
  serviceType: z.string(),
  targetGroup: targetGroupSchema,
  /** Distinct providers (organisations or outside providers by name). */
  providerCount: z.number().int(),
  entryIds: z.array(z.guid()),
});
export type Overlap = z.infer<typeof overlapSchema>;

/** One neighbourhood × risk category that has risks: who answers it, and what that means. */
export const coverageCellSchema = z.object({
  neighbourhoodId: z.guid(),
  category: z.string(),
  /** All its risks of the category: its own (`riskIds`) and the city-wide ones (`cityWideRisks`). */
  riskCount: z.number().int(),
  riskIds: z.array(z.guid()),
  highestLevel: z.enum(riskLevels),
  /** The service types that answer this category (built-in and the city's own). */
  answeredBy: z.array(z.string()),
  /** The active entries here of those types (see `entries`); city-wide ones are in `cityWideProviders`. */
  providerEntryIds: z.array(z.guid()),
  /** How many active city-wide entries answer the category (they serve every neighbourhood). */
  cityWideCount: z.number().int(),
  /**
   * gap: a high or very high risk and no active service (here or city-wide) that answers it;
   * uncovered: the same at a lower level; overlap: some service type for one target group has
   * `overlapAt` providers or more here, one of them at least of this neighbourhood.
   */
  status: z.enum(coverageStatuses),
  /** Which of the neighbourhood's overlaps (in `overlaps`, with their entries) concern this category. */
  overlaps: z.array(overlapSchema.pick({ serviceType: true, targetGroup: true, providerCount: true })),
});
export type CoverageCell = z.infer<typeof coverageCellSchema>;

export const coverageSchema = z.object({
  /** False while mandate item (a) is off: no register to compare with (overlaps are still shown). */
  riskMapInForce: z.boolean(),
  overlapAt: z.number().int(),
  neighbourhoods: z.array(ref),
  /** The entries the cells and overlaps name, once each. */
  entries: z.array(providerSchema),
  cells: z.array(coverageCellSchema),
  /**
   * Every overlap of the current neighbourhoods, whether or not a risk is there, that involves at
   * least one service of the neighbourhood itself (city-wide ones count towards it).
   */
  overlaps: z.array(overlapSchema),
  /** Overlaps among city-wide services alone: once here, rather than in every neighbourhood. */
  cityWideOverlaps: z.array(overlapSchema),
  /** The city-wide risks of each category (they count in every neighbourhood's cells). */
  cityWideRisks: z.array(z.object({ category: z.string(), riskIds: z.array(z.guid()) })),
  /** The active city-wide entries that answer each category of the cells. */
  cityWideProviders: z.array(z.object({ category: z.string(), entryIds: z.array(z.guid()) })),
  totals: z.object({
    gap: z.number().int(),
    uncovered: z.number().int(),
    covered: z.number().int(),
    overlap: z.number().int(),
  }),
});
export type Coverage = z.infer<typeof coverageSchema>;

// ---------------------------------------------------------------------------------------------
// HXL export and import

/**
 * The columns of the export, the template and the import, in order: the header a person reads and
 * the HXL hashtag a machine reads (https://hxlstandard.org). An import recognises a column by its
 * hashtag (attributes in any order) or, failing that, by its header.
 */
export const hxlColumns = [
  { field: 'ref', header: 'Id', hxl: '#meta+id' },
  { field: 'provider', header: 'Organisation', hxl: '#org+name' },
  { field: 'member', header: 'Network member', hxl: '#org+member' },
  { field: 'sector', header: 'Sector', hxl: '#sector+code' },
  { field: 'title', header: 'Service', hxl: '#activity+name' },
  { field: 'serviceType', header: 'Service type', hxl: '#activity+type+code' },
  { field: 'targetGroup', header: 'Target group', hxl: '#targeted+code' },
  { field: 'cityWide', header: 'City-wide', hxl: '#loc+citywide' },
  { field: 'neighbourhoodNames', header: 'Neighbourhoods', hxl: '#adm2+name' },
  { field: 'neighbourhoodCodes', header: 'Neighbourhood ids', hxl: '#adm2+code' },
  { field: 'status', header: 'Status', hxl: '#status' },
  { field: 'startOn', header: 'Start', hxl: '#date+start' },
  { field: 'endOn', header: 'End', hxl: '#date+end' },
  { field: 'capacity', header: 'Capacity', hxl: '#capacity' },
  { field: 'hours', header: 'Hours', hxl: '#meta+hours' },
  { field: 'contact', header: 'Contact point', hxl: '#contact' },
  { field: 'contactConsent', header: 'Contact may be listed', hxl: '#contact+consent' },
  { field: 'fundingSource', header: 'Funding source', hxl: '#org+funder' },
  { field: 'public', header: 'Shown to partners', hxl: '#meta+public' },
  { field: 'description', header: 'Description', hxl: '#description' },
] as const;
export type HxlField = (typeof hxlColumns)[number]['field'];

/** The largest import: characters of CSV, or of base64 XLSX, and rows. */
export const IMPORT_LIMITS = { fileChars: 7_000_000, rows: 5000 } as const;

export const importInput = z.object({
  format: z.enum(['csv', 'xlsx']),
  /** CSV as text; XLSX as base64. */
  content: exactText(IMPORT_LIMITS.fileChars, 1),
  /** Check only: report every problem, or what would change, and write nothing. */
  dryRun: z.boolean().default(false),
});
export type ImportInput = z.input<typeof importInput>;

export const importRowSchema = z.object({
  /** The row's number as the spreadsheet shows it. */
  row: z.number().int(),
  ref: z.string(),
  action: z.enum(['create', 'update', 'unchanged']),
  title: z.string(),
  providerName: z.string(),
  member: z.boolean(),
});

export const importResultSchema = z.object({
  dryRun: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Columns recognised, by field, and those ignored (by header). */
  columns: z.array(z.object({ header: z.string(), field: z.string().nullable() })),
  rows: z.array(importRowSchema),
});
export type ImportResult = z.infer<typeof importResultSchema>;

const entryParams = cityParams.extend({ entryId: z.guid() });

export const directoryRoutes = {
  listServiceTypes: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/directory/service-types',
    summary:
      'Service types: the built-in list (versioned) and the city’s own, with the risk categories each answers',
    tags: ['directory'],
    params: cityParams,
    response: z.object({ version: z.number().int(), items: z.array(serviceTypeSchema) }),
  }),
  addServiceType: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/directory/service-types',
    summary: 'Add a city service type and the risk categories it answers (chair, coordinator)',
    tags: ['directory'],
    params: cityParams,
    body: serviceTypeInput,
    response: serviceTypeSchema,
    status: 201,
  }),
  listEntries: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/directory/entries',
    summary: 'Who does what where, filtered (partners: entries shown to partners and their own)',
    tags: ['directory'],
    params: cityParams,
    query: entryQuery,
    response: z.object({ items: z.array(entrySchema) }),
  }),
  createEntry: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/directory/entries',
    summary:
      'Add a service to the directory (chair, coordinator; members and partners for their own organisation)',
    tags: ['directory'],
    params: cityParams,
    body: entryInput,
    response: entrySchema,
    status: 201,
  }),
  getEntry: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/directory/entries/:entryId',
    summary: 'One directory entry',
    tags: ['directory'],
    params: entryParams,
    response: entrySchema,
  }),
  updateEntry: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/directory/entries/:entryId',
    summary: 'Change a directory entry (its id and ref stay)',
    tags: ['directory'],
    params: entryParams,
    body: entryPatchInput,
    response: entrySchema,
  }),
  coverage: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/directory/coverage',
    summary:
      'Gaps and overlaps: each neighbourhood × risk category against the active services that answer it',
    tags: ['directory'],
    params: cityParams,
    query: z.object({ overlapAt: queryInt(2, 20).optional(), neighbourhoodId: z.guid().optional() }),
    response: coverageSchema,
  }),
  exportEntries: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/directory/export',
    summary: 'The directory as CSV or XLSX with an HXL hashtag row (template=true: the empty template)',
    tags: ['directory'],
    params: cityParams,
    query: z.object({
      format: z.enum(['csv', 'xlsx']).default('csv'),
      template: z.enum(['true', 'false']).optional(),
    }),
    response: z
      .any()
      .describe('text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  }),
  importEntries: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/directory/import',
    summary:
      'Import CSV/XLSX (headers or HXL hashtags); errors by row and column; all or nothing; upsert by Id (chair, coordinator)',
    tags: ['directory'],
    params: cityParams,
    body: importInput,
    response: importResultSchema,
  }),
  neighbourhoods: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/directory/neighbourhoods',
    summary: 'The neighbourhoods an entry may serve (the risk map’s, also for partners), by name',
    tags: ['directory'],
    params: cityParams,
    response: z.object({
      items: z.array(z.object({ id: z.guid(), name: z.string(), current: z.boolean() })),
    }),
  }),
  entryOrganisations: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/directory/organisations',
    summary:
      'Organisations I may list services for: any of the network (chair, coordinator), my own (members, partners)',
    tags: ['directory'],
    params: cityParams,
    response: z.object({
      items: z.array(z.object({ id: z.guid(), name: z.string(), sector: sectorSchema })),
    }),
  }),
  referralServices: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/directory/referral-services',
    summary:
      'The referral module’s listed services, each with the directory entry that links it (chair, coordinator)',
    tags: ['directory'],
    params: cityParams,
    response: z.object({
      items: z.array(
        z.object({ id: z.guid(), name: z.string(), active: z.boolean(), entryId: z.guid().nullable() }),
      ),
    }),
  }),
};

/** Whether a period's dates are in order (used by the form and the server). */
export const datesInOrder = (startOn: string | null, endOn: string | null) =>
  !startOn || !endOn || startOn <= endOn;
