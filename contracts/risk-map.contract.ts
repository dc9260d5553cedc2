import { z } from 'zod';
import { ageBandSets, attendanceSexes } from './age-bands.js';
import { exactText, int, isoDate, LIMITS, patchOf, text } from './primitives.js';
import { suppressedCountSchema } from './case-statistics.contract.js';
import { cityParams, defineRoute, localeSchema } from './route.js';

/*
 * The risk map (docs/RISK_MAP.md): a city's neighbourhoods as versioned boundary sets uploaded as
 * GeoJSON, and the risk register scored on them. Internal to the network: chair and coordinator
 * edit, members contribute perspectives and evidence, nobody else sees a row. On only while
 * mandate item (a) is in force.
 */

/** The most a boundary file may be (characters of GeoJSON text) and how many shapes it may hold. */
export const BOUNDARY_LIMITS = { fileChars: 20_000_000, features: 1000 } as const;

// ---------------------------------------------------------------------------------------------
// Neighbourhoods and boundary sets

/** A GeoJSON geometry as the map draws it: simplified once at upload, longitude/latitude. */
export const shapeSchema = z.object({
  type: z.enum(['Polygon', 'MultiPolygon']),
  coordinates: z.array(z.unknown()),
});
export type Shape = z.infer<typeof shapeSchema>;

export const neighbourhoodSchema = z.object({
  /** Stable across boundary versions: a new upload with the same name keeps the id (and its risks). */
  id: z.guid(),
  name: z.string(),
  /** In the boundary set in force; a neighbourhood dropped by a newer set keeps its risks, off the map. */
  current: z.boolean(),
});
export type Neighbourhood = z.infer<typeof neighbourhoodSchema>;

export const boundarySetSchema = z.object({
  id: z.guid(),
  version: z.number().int(),
  nameProperty: z.string(),
  featureCount: z.number().int(),
  uploadedAt: z.string(),
  uploadedByName: z.string().nullable(),
  /** Vertices kept after the topology-preserving simplification, and in the file. */
  pointsKept: z.number().int(),
  pointsUploaded: z.number().int(),
});
export type BoundarySet = z.infer<typeof boundarySetSchema>;

export const uploadBoundariesInput = z.object({
  /** The GeoJSON file as text: a FeatureCollection of Polygon / MultiPolygon features. */
  geojson: exactText(BOUNDARY_LIMITS.fileChars, 2),
  /** Which feature property holds the neighbourhood's name (e.g. "name", "NAME_MK"). */
  nameProperty: text(LIMITS.code, 1),
  /** Validate only: report every problem, write nothing. */
  dryRun: z.boolean().default(false),
});
export type UploadBoundariesInput = z.input<typeof uploadBoundariesInput>;

/** What an upload (or its dry run) found: the features it would create, by name. */
export const uploadResultSchema = z.object({
  dryRun: z.boolean(),
  set: boundarySetSchema.nullable(),
  names: z.array(z.string()),
  /** Names that were not in the previous version (new neighbourhoods). */
  added: z.array(z.string()),
  /** Names of the previous version missing from this one (their risks stay, off the map). */
  dropped: z.array(z.string()),
  pointsUploaded: z.number().int(),
  pointsKept: z.number().int(),
});
export type UploadResult = z.infer<typeof uploadResultSchema>;

// ---------------------------------------------------------------------------------------------
// Risk register

export const riskKinds = ['threat', 'vulnerability'] as const;
export const riskKindSchema = z.enum(riskKinds);
export const confidences = ['low', 'medium', 'high'] as const;
export const confidenceSchema = z.enum(confidences);
export const trends = ['rising', 'stable', 'falling', 'unknown'] as const;
export const trendSchema = z.enum(trends);
export const riskLevels = ['low', 'medium', 'high', 'very-high'] as const;
export type RiskLevel = (typeof riskLevels)[number];

/**
 * The built-in category list (version `RISK_CATEGORY_VERSION`); labels are translated in
 * locales/risk-map (`risk-map.category.<code>`). Cities add their own with labels per language.
 */
export const RISK_CATEGORY_VERSION = 1;
export const builtInRiskCategories = [
  'hate-speech-polarisation',
  'violent-group-recruitment',
  'online-radicalisation',
  'inter-communal-tension',
  'gang-youth-violence',
  'election-violence',
  'school-drop-out',
  'unemployment',
  'institutional-distrust',
  'domestic-violence',
  'substance-abuse',
] as const;

/**
 * The city's matrix: 5 × 5 by default. A score is likelihood × impact (1–25); its level is read
 * from the bands (the lowest score of medium, high, very high).
 */
export const DEFAULT_MATRIX = {
  size: 5,
  likelihoodSize: 5,
  impactSize: 5,
  bands: { medium: 5, high: 10, veryHigh: 16 },
} as const;

/** The sizes a chair may give each axis of the city's matrix. */
export const MATRIX_LIMITS = { minSize: 3, maxSize: 7 } as const;

/** What a level is read from: the axes' sizes and the lowest score of medium, high, very high. */
export interface MatrixScale {
  likelihoodSize: number;
  impactSize: number;
  bands: { medium: number; high: number; veryHigh: number };
}

/** The level of likelihood × impact on a given matrix (a version of the city's). */
export function levelIn(matrix: MatrixScale, likelihood: number, impact: number): RiskLevel {
  const score = likelihood * impact;
  const { bands } = matrix;
  if (score >= bands.veryHigh) return 'very-high';
  if (score >= bands.high) return 'high';
  if (score >= bands.medium) return 'medium';
  return 'low';
}

/** The level on the default 5 × 5 matrix (version 1 of every city). */
export function levelOf(likelihood: number, impact: number): RiskLevel {
  return levelIn(DEFAULT_MATRIX, likelihood, impact);
}

/**
 * Re-mapping a value to a new axis size when the chair changes the matrix: proportional, rounded up,
 * so that the top of the old scale stays the top of the new one: ceil(old × newSize / oldSize).
 */
export function remapValue(value: number, oldSize: number, newSize: number): number {
  return Math.min(newSize, Math.max(1, Math.ceil((value * newSize) / oldSize)));
}

export const sourceTypes = [
  'consultation',
  'member-observation',
  'official-statistics',
  'research',
  'media',
  'service-data',
  /** A resident's anonymous safe-space submission, summarised by a custodian (docs/SAFE_SPACE.md). */
  'safe-space-submission',
] as const;
export const sourceTypeSchema = z.enum(sourceTypes);
/** Admiralty code: source reliability A (completely reliable) … F (cannot be judged). */
export const reliabilities = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const reliabilitySchema = z.enum(reliabilities);
/** Admiralty code: information credibility 1 (confirmed) … 6 (cannot be judged). */
export const credibilitySchema = int(1, 6);

export const categorySchema = z.object({
  code: z.string(),
  /** Built-in (translated in the locale files) or the city's own (labels per language here). */
  builtIn: z.boolean(),
  labels: z.record(z.string(), z.string()),
});
export type RiskCategory = z.infer<typeof categorySchema>;

export const categoryInput = z.object({
  code: text(LIMITS.code, 2).regex(/^[a-z0-9][a-z0-9-]*$/, { error: 'validation.format' }),
  labels: z.object({
    en: text(LIMITS.label, 1),
    fr: text(LIMITS.label).optional(),
    ar: text(LIMITS.label).optional(),
    mk: text(LIMITS.label).optional(),
    sq: text(LIMITS.label).optional(),
    sw: text(LIMITS.label).optional(),
  }),
});

// Up to the largest matrix a city may define; the service checks the city's matrix in force.
const scoreFields = {
  likelihood: int(1, MATRIX_LIMITS.maxSize),
  impact: int(1, MATRIX_LIMITS.maxSize),
  /** After the planned action. */
  residualLikelihood: int(1, MATRIX_LIMITS.maxSize),
  residualImpact: int(1, MATRIX_LIMITS.maxSize),
  confidence: confidenceSchema,
  trend: trendSchema,
  reviewOn: isoDate,
};

export const scoreSchema = z.object({
  likelihood: z.number().int(),
  impact: z.number().int(),
  level: z.enum(riskLevels),
  residualLikelihood: z.number().int(),
  residualImpact: z.number().int(),
  residualLevel: z.enum(riskLevels),
  confidence: confidenceSchema,
  trend: trendSchema,
  reviewOn: z.string(),
  /** The version of the city's matrix this score was made on (its levels are read from it). */
  matrixVersion: z.number().int(),
});
export type RiskScore = z.infer<typeof scoreSchema>;

export const riskSummarySchema = z.object({
  id: z.guid(),
  title: z.string(),
  kind: riskKindSchema,
  category: z.string(),
  cityWide: z.boolean(),
  neighbourhoodIds: z.array(z.guid()),
  score: scoreSchema,
  updatedAt: z.string(),
});
export type RiskSummary = z.infer<typeof riskSummarySchema>;

export const scoreChangeSchema = z.object({
  at: z.string(),
  byName: z.string().nullable(),
  reason: z.string(),
  score: scoreSchema,
});

export const evidenceSchema = z.object({
  id: z.guid(),
  sourceType: sourceTypeSchema,
  reliability: reliabilitySchema,
  credibility: z.number().int(),
  summary: z.string(),
  observedOn: z.string().nullable(),
  /** The consultation or directory entry it comes from (ids; those modules come later). */
  consultationId: z.guid().nullable(),
  organisationName: z.string().nullable(),
  addedByName: z.string().nullable(),
  addedAt: z.string(),
});
export type Evidence = z.infer<typeof evidenceSchema>;

export const perspectiveSchema = z.object({
  id: z.guid(),
  organisationId: z.guid(),
  organisationName: z.string(),
  sector: z.string(),
  likelihood: z.number().int(),
  impact: z.number().int(),
  level: z.enum(riskLevels),
  /** The version of the city's matrix the perspective was scored on. */
  matrixVersion: z.number().int(),
  rationale: z.string(),
  assumptions: z.string(),
  biases: z.string(),
  byName: z.string().nullable(),
  at: z.string(),
});
export type Perspective = z.infer<typeof perspectiveSchema>;

/** What the chair approved for the public pages. */
export const riskPublicationSchema = z.object({
  publicTitle: z.string(),
  publicSummary: z.string(),
  nameNeighbourhoods: z.boolean(),
  approvedAt: z.string(),
  approvedByName: z.string().nullable(),
});
export type RiskPublication = z.infer<typeof riskPublicationSchema>;

export const riskDetailSchema = riskSummarySchema.extend({
  description: z.string(),
  affectedGroups: z.string(),
  createdAt: z.string(),
  history: z.array(scoreChangeSchema),
  evidence: z.array(evidenceSchema),
  perspectives: z.array(perspectiveSchema),
  /** What the chair approved for the public pages (null: internal only, the default). */
  publication: riskPublicationSchema.nullable(),
});
export type RiskDetail = z.infer<typeof riskDetailSchema>;

export const riskInput = z.object({
  title: text(LIMITS.title, 3),
  kind: riskKindSchema,
  category: text(LIMITS.code, 2),
  /** City-wide, or the neighbourhoods it concerns (at least one). */
  cityWide: z.boolean(),
  neighbourhoodIds: z.array(z.guid()).max(BOUNDARY_LIMITS.features).default([]),
  /** Groups described without naming anyone. */
  affectedGroups: text(LIMITS.summary).default(''),
  description: text(LIMITS.note).default(''),
  ...scoreFields,
  reason: text(LIMITS.reason, 3).default('First assessment'),
});
export type RiskInput = z.input<typeof riskInput>;

export const riskPatchInput = patchOf(
  z.object({
    title: text(LIMITS.title, 3),
    kind: riskKindSchema,
    category: text(LIMITS.code, 2),
    cityWide: z.boolean(),
    neighbourhoodIds: z.array(z.guid()).max(BOUNDARY_LIMITS.features),
    affectedGroups: text(LIMITS.summary),
    description: text(LIMITS.note),
  }),
);

/** A new score: every score field and why (kept in the history with who and when). */
export const rescoreInput = z.object({ ...scoreFields, reason: text(LIMITS.reason, 3) });
export type RescoreInput = z.input<typeof rescoreInput>;

export const evidenceInput = z.object({
  sourceType: sourceTypeSchema,
  reliability: reliabilitySchema,
  credibility: credibilitySchema,
  summary: text(LIMITS.shortNote, 5),
  observedOn: isoDate.optional(),
  consultationId: z.guid().optional(),
});
export type EvidenceInput = z.input<typeof evidenceInput>;

export const perspectiveInput = z.object({
  /** One of the contributor's own organisations (chairs and coordinators may record any member's). */
  organisationId: z.guid(),
  likelihood: int(1, MATRIX_LIMITS.maxSize),
  impact: int(1, MATRIX_LIMITS.maxSize),
  rationale: text(LIMITS.shortNote, 5),
  assumptions: text(LIMITS.shortNote).default(''),
  biases: text(LIMITS.shortNote).default(''),
});
export type PerspectiveInput = z.input<typeof perspectiveInput>;

/** What the map page needs at once: shapes in force, each with its highest current level. */
export const mapDataSchema = z.object({
  set: boundarySetSchema.nullable(),
  neighbourhoods: z.array(
    neighbourhoodSchema.extend({
      shape: shapeSchema.nullable(),
      riskCount: z.number().int(),
      /** Highest current level among its own risks (city-wide risks are shown apart). */
      highestLevel: z.enum(riskLevels).nullable(),
    }),
  ),
  cityWideCount: z.number().int(),
  cityWideHighest: z.enum(riskLevels).nullable(),
});
export type MapData = z.infer<typeof mapDataSchema>;

// ---------------------------------------------------------------------------------------------
// Community consultations

export const consultationFormats = [
  'public-meeting',
  'focus-group',
  'school-session',
  'survey',
  'online',
] as const;
export const consultationFormatSchema = z.enum(consultationFormats);
/** Attendance is recorded as a table: rows are these sexes, columns these age bands. */
export { attendanceSexes };
/** The consultations' band set of the product's one age-band definition (contracts/age-bands.ts). */
export const attendanceAgeBands = ageBandSets.consultations;

export const findingInput = z.object({
  /** A short statement of what the community said (no names). */
  statement: text(LIMITS.shortNote, 3),
  /** The community's own priority, 1 (highest) to 5. */
  priority: int(1, 5).optional(),
  supportsRiskIds: z.array(z.guid()).max(20).default([]),
  challengesRiskIds: z.array(z.guid()).max(20).default([]),
  /** It points at a risk the register does not have yet: the coordinator reviews it. */
  proposesNewRisk: z.boolean().default(false),
});

export const consultationInput = z.object({
  title: text(LIMITS.title, 3),
  heldOn: isoDate,
  format: consultationFormatSchema,
  neighbourhoodIds: z.array(z.guid()).min(1).max(50),
  /** Facilitating organisations of the network, by id. */
  organisationIds: z.array(z.guid()).min(1).max(50),
  /** attendance[sex][ageBand], in the order of attendanceSexes × attendanceAgeBands. */
  attendance: z
    .array(z.array(int(0, 100_000)).length(attendanceAgeBands.length))
    .length(attendanceSexes.length),
  languages: z.array(text(LIMITS.code, 1)).max(10).default([]),
  accessibilityNotes: text(LIMITS.shortNote).default(''),
  findings: z.array(findingInput).max(50).default([]),
});
export type ConsultationInput = z.input<typeof consultationInput>;

const ref = z.object({ id: z.guid(), name: z.string() });

export const findingSchema = z.object({
  id: z.guid(),
  statement: z.string(),
  priority: z.number().int().nullable(),
  supports: z.array(ref),
  challenges: z.array(ref),
  proposesNewRisk: z.boolean(),
  /** "You said, we did": the network's answer, and the action plan's action that carries it (later). */
  response: z.string().nullable(),
  actionId: z.guid().nullable(),
  respondedAt: z.string().nullable(),
});

export const consultationSummarySchema = z.object({
  id: z.guid(),
  title: z.string(),
  heldOn: z.string(),
  format: consultationFormatSchema,
  neighbourhoods: z.array(ref),
  /** The attendance total, small numbers withheld. */
  attendanceTotal: suppressedCountSchema,
  findingCount: z.number().int(),
});
export type ConsultationSummary = z.infer<typeof consultationSummarySchema>;

export const consultationSchema = consultationSummarySchema.extend({
  organisations: z.array(ref),
  /** Attendance by sex × age band, through suppressTable: cells below 5 withheld (and what would give them away). */
  attendance: z.object({
    cells: z.array(z.array(suppressedCountSchema)),
    rowTotals: z.array(suppressedCountSchema),
    columnTotals: z.array(suppressedCountSchema),
    total: suppressedCountSchema,
  }),
  languages: z.array(z.string()),
  accessibilityNotes: z.string(),
  findings: z.array(findingSchema),
  createdAt: z.string(),
});
export type Consultation = z.infer<typeof consultationSchema>;

export const findingResponseInput = z.object({
  response: text(LIMITS.shortNote, 3),
  /** An action of the action plan (issue 11); not checked until that module exists. */
  actionId: z.guid().nullable().optional(),
});

const consultationParams = cityParams.extend({ consultationId: z.guid() });

export const consultationRoutes = {
  listConsultations: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/risk-map/consultations',
    summary: 'Community consultations, newest first (attendance totals with small numbers withheld)',
    tags: ['risk-map'],
    params: cityParams,
    query: z.object({ neighbourhoodId: z.guid().optional() }),
    response: z.object({ items: z.array(consultationSummarySchema) }),
  }),
  createConsultation: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/risk-map/consultations',
    summary: 'Record a consultation with its attendance and findings (chair, coordinator, members)',
    tags: ['risk-map'],
    params: cityParams,
    body: consultationInput,
    response: consultationSchema,
    status: 201,
  }),
  getConsultation: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/risk-map/consultations/:consultationId',
    summary: 'A consultation: attendance by sex × age band (small cells withheld), findings and responses',
    tags: ['risk-map'],
    params: consultationParams,
    response: consultationSchema,
  }),
  respondToFinding: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/risk-map/consultations/:consultationId/findings/:findingId/response',
    summary:
      '"You said, we did": answer a finding, optionally with the action that carries it (chair, coordinator)',
    tags: ['risk-map'],
    params: consultationParams.extend({ findingId: z.guid() }),
    body: findingResponseInput,
    response: consultationSchema,
  }),
};

const riskParams = cityParams.extend({ riskId: z.guid() });

export const riskMapRoutes = {
  uploadBoundaries: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/risk-map/boundaries',
    summary:
      'Upload neighbourhood boundaries (GeoJSON) as a new version; per-feature errors, all or nothing (chair, coordinator)',
    tags: ['risk-map'],
    params: cityParams,
    body: uploadBoundariesInput,
    response: uploadResultSchema,
  }),
  listBoundarySets: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/risk-map/boundaries',
    summary: 'Boundary set versions, newest first',
    tags: ['risk-map'],
    params: cityParams,
    response: z.object({ items: z.array(boundarySetSchema) }),
  }),
  mapData: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/risk-map/map',
    summary: 'Neighbourhood shapes in force with their highest risk level (the map and its table)',
    tags: ['risk-map'],
    params: cityParams,
    response: mapDataSchema,
  }),
  riskProfilePdf: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/risk-map/profile.pdf',
    summary:
      'The local risk profile as a PDF: map, matrix, register and priority risks with evidence and perspectives, as of a day',
    tags: ['risk-map'],
    params: cityParams,
    query: z.object({ lang: localeSchema.optional(), asOf: isoDate.optional() }),
    response: z.any().describe('application/pdf'),
  }),
  riskProfileDocx: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/risk-map/profile.docx',
    summary: 'The local risk profile as a Word document (the map as its table), as of a day',
    tags: ['risk-map'],
    params: cityParams,
    query: z.object({ lang: localeSchema.optional(), asOf: isoDate.optional() }),
    response: z.any().describe('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
  }),
  listNeighbourhoods: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/risk-map/neighbourhoods',
    summary: 'Neighbourhoods, current and retired, by name',
    tags: ['risk-map'],
    params: cityParams,
    response: z.object({ items: z.array(neighbourhoodSchema) }),
  }),
  listCategories: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/risk-map/categories',
    summary: 'Risk categories: the built-in list (versioned) and the city’s own',
    tags: ['risk-map'],
    params: cityParams,
    response: z.object({ version: z.number().int(), items: z.array(categorySchema) }),
  }),
  addCategory: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/risk-map/categories',
    summary: 'Add a city category (chair, coordinator)',
    tags: ['risk-map'],
    params: cityParams,
    body: categoryInput,
    response: categorySchema,
    status: 201,
  }),
  listRisks: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/risk-map/risks',
    summary: 'The risk register, highest level first; as it stood at the end of a date with ?asOf=',
    tags: ['risk-map'],
    params: cityParams,
    query: z.object({ asOf: isoDate.optional(), neighbourhoodId: z.guid().optional() }),
    response: z.object({ asOf: z.string().nullable(), items: z.array(riskSummarySchema) }),
  }),
  createRisk: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/risk-map/risks',
    summary: 'Register a risk with its first score (chair, coordinator)',
    tags: ['risk-map'],
    params: cityParams,
    body: riskInput,
    response: riskDetailSchema,
    status: 201,
  }),
  getRisk: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/risk-map/risks/:riskId',
    summary: 'A risk with its score history, evidence and perspectives side by side',
    tags: ['risk-map'],
    params: riskParams,
    response: riskDetailSchema,
  }),
  updateRisk: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/risk-map/risks/:riskId',
    summary: 'Change what a risk is about (not its score) (chair, coordinator)',
    tags: ['risk-map'],
    params: riskParams,
    body: riskPatchInput,
    response: riskDetailSchema,
  }),
  rescoreRisk: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/risk-map/risks/:riskId/score',
    summary: 'Score a risk again, with a reason kept in its history (chair, coordinator)',
    tags: ['risk-map'],
    params: riskParams,
    body: rescoreInput,
    response: riskDetailSchema,
  }),
  addEvidence: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/risk-map/risks/:riskId/evidence',
    summary: 'Add graded evidence (Admiralty code) to a risk (chair, coordinator, members)',
    tags: ['risk-map'],
    params: riskParams,
    body: evidenceInput,
    response: riskDetailSchema,
    status: 201,
  }),
  perspectiveOrganisations: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/risk-map/perspective-organisations',
    summary:
      'Organisations I may record a perspective for: my own (members), any of the network (chair, coordinator)',
    tags: ['risk-map'],
    params: cityParams,
    response: z.object({ items: z.array(z.object({ id: z.guid(), name: z.string(), sector: z.string() })) }),
  }),
  addPerspective: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/risk-map/risks/:riskId/perspectives',
    summary:
      "An organisation's own assessment, with its assumptions and biases (chair, coordinator, members)",
    tags: ['risk-map'],
    params: riskParams,
    body: perspectiveInput,
    response: riskDetailSchema,
    status: 201,
  }),
};

// ---------------------------------------------------------------------------------------------
// The city's matrix (chair-defined, versioned) and publishing from the register (chair's decision)

const levelLabels = z.object({
  en: text(LIMITS.label).optional(),
  fr: text(LIMITS.label).optional(),
  ar: text(LIMITS.label).optional(),
  mk: text(LIMITS.label).optional(),
  sq: text(LIMITS.label).optional(),
  sw: text(LIMITS.label).optional(),
});
const matrixSize = int(MATRIX_LIMITS.minSize, MATRIX_LIMITS.maxSize);
const bandScore = int(2, MATRIX_LIMITS.maxSize * MATRIX_LIMITS.maxSize);

export const matrixInput = z.object({
  likelihoodSize: matrixSize,
  impactSize: matrixSize,
  /** The lowest likelihood × impact score of each band, rising, at most the largest score. */
  bands: z.object({ medium: bandScore, high: bandScore, veryHigh: bandScore }),
  /** Optional labels per level (1 first) in the six languages; as many as the axis has levels. */
  labels: z
    .object({
      likelihood: z.array(levelLabels).max(MATRIX_LIMITS.maxSize).default([]),
      impact: z.array(levelLabels).max(MATRIX_LIMITS.maxSize).default([]),
    })
    .default({ likelihood: [], impact: [] }),
  reason: text(LIMITS.reason, 3),
});
export type MatrixInput = z.input<typeof matrixInput>;

export const matrixSchema = z.object({
  version: z.number().int(),
  likelihoodSize: z.number().int(),
  impactSize: z.number().int(),
  bands: z.object({ medium: z.number().int(), high: z.number().int(), veryHigh: z.number().int() }),
  labels: z.object({
    likelihood: z.array(z.record(z.string(), z.string())),
    impact: z.array(z.record(z.string(), z.string())),
  }),
  reason: z.string(),
  /** Null for the built-in default (version 1 until the chair defines one). */
  createdAt: z.string().nullable(),
  createdByName: z.string().nullable(),
});
export type RiskMatrix = z.infer<typeof matrixSchema>;

export const riskPublicationInput = z.object({
  /** The public wording the chair approves: not the register's internal text. */
  publicTitle: text(LIMITS.title, 3),
  publicSummary: text(LIMITS.summary, 3),
  /** Name the risk's neighbourhoods on the public page (labelling a place is a sensitive act). */
  nameNeighbourhoods: z.boolean().default(false),
});
export type RiskPublicationInput = z.input<typeof riskPublicationInput>;

export const riskMatrixRoutes = {
  getMatrix: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/risk-map/matrix',
    summary: "The city's likelihood × impact matrix in force and its earlier versions",
    tags: ['risk-map'],
    params: cityParams,
    response: z.object({ current: matrixSchema, versions: z.array(matrixSchema) }),
  }),
  setMatrix: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/risk-map/matrix',
    summary:
      'Define the matrix as a new version (chair); current scores are re-mapped, old assessments keep theirs',
    tags: ['risk-map'],
    params: cityParams,
    body: matrixInput,
    response: z.object({ current: matrixSchema, remapped: z.number().int() }),
  }),
  publishRisk: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/risk-map/risks/:riskId/publication',
    summary: "Approve a risk's public wording for the public pages (chair)",
    tags: ['risk-map'],
    params: riskParams,
    body: riskPublicationInput,
    response: riskDetailSchema,
  }),
  unpublishRisk: defineRoute({
    method: 'DELETE',
    path: '/api/cities/:cityId/risk-map/risks/:riskId/publication',
    summary: 'Withdraw a risk from the public pages (chair)',
    tags: ['risk-map'],
    params: riskParams,
    response: riskDetailSchema,
  }),
};
