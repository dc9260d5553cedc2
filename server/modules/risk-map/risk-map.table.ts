import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Shape } from '../../../contracts/risk-map.contract.js';
import { city } from '../cities/index.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** One uploaded version of the city's neighbourhood boundaries; the highest version is in force. */
export const riskBoundarySet = pgTable(
  'risk_boundary_set',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    nameProperty: text('name_property').notNull(),
    featureCount: integer('feature_count').notNull(),
    pointsUploaded: integer('points_uploaded').notNull(),
    pointsKept: integer('points_kept').notNull(),
    uploadedBy: text('uploaded_by'),
    uploadedAt: ts('uploaded_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('risk_boundary_set_version_idx').on(t.cityId, t.version)],
);

/**
 * A neighbourhood: stable across boundary versions (matched by its name), so risks keep pointing at
 * it when the shapes are replaced. `currentSetId` is the latest set that contains it (null: none).
 */
export const riskNeighbourhood = pgTable(
  'risk_neighbourhood',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** The name compared for duplicates and across versions (NFC, case-folded, spaces collapsed). */
    nameKey: text('name_key').notNull(),
    currentSetId: uuid('current_set_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('risk_neighbourhood_name_idx').on(t.cityId, t.nameKey)],
);

/** A neighbourhood's shape in one boundary set: as uploaded, and simplified once for display. */
export const riskNeighbourhoodShape = pgTable(
  'risk_neighbourhood_shape',
  {
    setId: uuid('set_id')
      .notNull()
      .references(() => riskBoundarySet.id, { onDelete: 'cascade' }),
    neighbourhoodId: uuid('neighbourhood_id')
      .notNull()
      .references(() => riskNeighbourhood.id, { onDelete: 'cascade' }),
    cityId: uuid('city_id').notNull(),
    geometry: jsonb('geometry').$type<Shape>().notNull(),
    simplified: jsonb('simplified').$type<Shape>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.setId, t.neighbourhoodId] })],
);

/** A city's own risk category, with its labels per language (the built-in ones live in the contract). */
export const riskCategory = pgTable(
  'risk_category',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    labels: jsonb('labels').$type<Record<string, string>>().notNull(),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.code] })],
);

/**
 * A risk in the register. Other modules (the action plan) link to it by `risk.id`. The score columns
 * are the current score; every score, the first included, is also a row of `risk_score_change`.
 */
export const risk = pgTable(
  'risk',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    kind: text('kind').notNull(),
    category: text('category').notNull(),
    cityWide: boolean('city_wide').notNull(),
    affectedGroups: text('affected_groups').notNull().default(''),
    description: text('description').notNull().default(''),
    likelihood: integer('likelihood').notNull(),
    impact: integer('impact').notNull(),
    residualLikelihood: integer('residual_likelihood').notNull(),
    residualImpact: integer('residual_impact').notNull(),
    confidence: text('confidence').notNull(),
    trend: text('trend').notNull(),
    reviewOn: date('review_on').notNull(),
    /** The version of the city's matrix the current score is on (1: the default 5 × 5). */
    matrixVersion: integer('matrix_version').notNull().default(1),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('risk_city_idx').on(t.cityId)],
);

/** Which neighbourhoods a risk concerns (none for a city-wide risk). */
export const riskNeighbourhoodLink = pgTable(
  'risk_neighbourhood_link',
  {
    riskId: uuid('risk_id')
      .notNull()
      .references(() => risk.id, { onDelete: 'cascade' }),
    neighbourhoodId: uuid('neighbourhood_id')
      .notNull()
      .references(() => riskNeighbourhood.id, { onDelete: 'cascade' }),
    cityId: uuid('city_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.riskId, t.neighbourhoodId] }),
    index('risk_neighbourhood_link_nb_idx').on(t.neighbourhoodId),
  ],
);

/** Every score a risk has had: who, when, why. The register as of a date reads the last one before it. */
export const riskScoreChange = pgTable(
  'risk_score_change',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id').notNull(),
    riskId: uuid('risk_id')
      .notNull()
      .references(() => risk.id, { onDelete: 'cascade' }),
    at: ts('at').notNull().defaultNow(),
    byUserId: text('by_user_id'),
    reason: text('reason').notNull(),
    likelihood: integer('likelihood').notNull(),
    impact: integer('impact').notNull(),
    residualLikelihood: integer('residual_likelihood').notNull(),
    residualImpact: integer('residual_impact').notNull(),
    confidence: text('confidence').notNull(),
    trend: text('trend').notNull(),
    reviewOn: date('review_on').notNull(),
    /** The matrix version this score was made on: an old assessment keeps its level. */
    matrixVersion: integer('matrix_version').notNull().default(1),
  },
  (t) => [index('risk_score_change_risk_idx').on(t.riskId, t.at)],
);

/** A piece of evidence for a risk, graded on the Admiralty scale. */
export const riskEvidence = pgTable(
  'risk_evidence',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id').notNull(),
    riskId: uuid('risk_id')
      .notNull()
      .references(() => risk.id, { onDelete: 'cascade' }),
    sourceType: text('source_type').notNull(),
    reliability: text('reliability').notNull(),
    credibility: integer('credibility').notNull(),
    summary: text('summary').notNull(),
    observedOn: date('observed_on'),
    /** The consultation it comes from (the consultations module comes later: no foreign key yet). */
    consultationId: uuid('consultation_id'),
    organisationId: uuid('organisation_id'),
    addedBy: text('added_by'),
    addedAt: ts('added_at').notNull().defaultNow(),
  },
  (t) => [index('risk_evidence_risk_idx').on(t.riskId)],
);

/** One organisation's own assessment of a risk: kept beside the others, never averaged. */
export const riskPerspective = pgTable(
  'risk_perspective',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id').notNull(),
    riskId: uuid('risk_id')
      .notNull()
      .references(() => risk.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull(),
    likelihood: integer('likelihood').notNull(),
    impact: integer('impact').notNull(),
    rationale: text('rationale').notNull(),
    assumptions: text('assumptions').notNull().default(''),
    biases: text('biases').notNull().default(''),
    byUserId: text('by_user_id'),
    at: ts('at').notNull().defaultNow(),
    /** The matrix version the perspective was scored on. */
    matrixVersion: integer('matrix_version').notNull().default(1),
  },
  (t) => [index('risk_perspective_risk_idx').on(t.riskId)],
);

/** A community consultation: where, when, how, who facilitated, who came (counts only), what was said. */
export const riskConsultation = pgTable(
  'risk_consultation',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    heldOn: date('held_on').notNull(),
    format: text('format').notNull(),
    neighbourhoodIds: uuid('neighbourhood_ids').array().notNull(),
    organisationIds: uuid('organisation_ids').array().notNull(),
    /** attendance[sex][ageBand]; never sent as is, only through suppressTable. */
    attendance: jsonb('attendance').$type<number[][]>().notNull(),
    languages: text('languages').array().notNull(),
    accessibilityNotes: text('accessibility_notes').notNull().default(''),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('risk_consultation_city_idx').on(t.cityId, t.heldOn)],
);

/** One finding of a consultation, linked to the risks it supports or challenges, and its answer. */
export const riskConsultationFinding = pgTable(
  'risk_consultation_finding',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id').notNull(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => riskConsultation.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    statement: text('statement').notNull(),
    priority: integer('priority'),
    supportsRiskIds: uuid('supports_risk_ids').array().notNull(),
    challengesRiskIds: uuid('challenges_risk_ids').array().notNull(),
    proposesNewRisk: boolean('proposes_new_risk').notNull().default(false),
    response: text('response'),
    /** The action plan's action that answers it (issue 11): no foreign key until that table exists. */
    actionId: uuid('action_id'),
    respondedBy: text('responded_by'),
    respondedAt: ts('responded_at'),
  },
  (t) => [index('risk_consultation_finding_idx').on(t.consultationId, t.position)],
);

/**
 * A version of the city's likelihood × impact matrix, defined by the chair. No row: version 1 is the
 * default 5 × 5 (contracts DEFAULT_MATRIX). The highest version is in force.
 */
export const riskMatrix = pgTable(
  'risk_matrix',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    likelihoodSize: integer('likelihood_size').notNull(),
    impactSize: integer('impact_size').notNull(),
    bands: jsonb('bands').$type<{ medium: number; high: number; veryHigh: number }>().notNull(),
    labels: jsonb('labels')
      .$type<{ likelihood: Record<string, string>[]; impact: Record<string, string>[] }>()
      .notNull(),
    reason: text('reason').notNull(),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.version] })],
);

/** A risk the chair approved for the public pages, with the public wording they approved. */
export const riskPublication = pgTable('risk_publication', {
  riskId: uuid('risk_id')
    .primaryKey()
    .references(() => risk.id, { onDelete: 'cascade' }),
  cityId: uuid('city_id')
    .notNull()
    .references(() => city.id, { onDelete: 'cascade' }),
  publicTitle: text('public_title').notNull(),
  publicSummary: text('public_summary').notNull(),
  nameNeighbourhoods: boolean('name_neighbourhoods').notNull().default(false),
  approvedBy: text('approved_by'),
  approvedAt: ts('approved_at').notNull().defaultNow(),
});
