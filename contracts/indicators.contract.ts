import { z } from 'zod';
import { isoDate, LIMITS, requiredText, text } from './primitives.js';
import { cityParams, defineRoute, locales } from './route.js';

/*
 * Indicators (docs/INDICATORS.md): definitions with a baseline and targets per period, values per
 * period entered by someone with a source and counted only once the coordinator approves them, and
 * COMPUTED indicators read from the delivered sessions (no double entry).
 */

export const indicatorTypes = ['count', 'percentage', 'score', 'yes-no'] as const;
export const indicatorSources = [
  'manual',
  'sessions-held',
  'people-reached',
  'meetings-held',
  'meeting-attendance',
  'cases-opened',
  'cases-risk-lowered',
  'consultations-held',
  'consultation-participants',
] as const;
export type IndicatorSource = (typeof indicatorSources)[number];
export const indicatorFrequencies = ['yearly', 'quarterly', 'monthly'] as const;
/** The largest value an indicator takes (a count of people reached in a big city fits). */
export const MAX_INDICATOR_VALUE = 1_000_000_000;

/** A period: a year (2026), a quarter (2026-Q2) or a month (2026-05). */
export const periodSchema = z
  .string()
  .max(7)
  .regex(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/, { error: 'validation.format' });

/** The name in the languages of the workspace; at least one. */
export const indicatorNames = z
  .object(
    Object.fromEntries(locales.map((l) => [l, text(LIMITS.title).optional()])) as Record<
      (typeof locales)[number],
      z.ZodOptional<ReturnType<typeof text>>
    >,
  )
  .refine((names) => Object.values(names).some((n) => n), { error: 'validation.required' });

const value = z.number().min(-MAX_INDICATOR_VALUE).max(MAX_INDICATOR_VALUE);

export const indicatorInput = z.object({
  code: requiredText(LIMITS.code),
  names: indicatorNames,
  unit: text(LIMITS.label).default(''),
  type: z.enum(indicatorTypes),
  direction: z.enum(['higher', 'lower']).default('higher'),
  frequency: z.enum(indicatorFrequencies).default('yearly'),
  /** Manual values, or computed from sessions, meetings, case statistics or consultations. */
  source: z.enum(indicatorSources).default('manual'),
  objectiveIds: z.array(z.guid()).max(50).default([]),
  meansOfVerification: text(LIMITS.summary).default(''),
  baseline: z.object({ value, on: isoDate }).nullable().default(null),
  targets: z
    .array(z.object({ period: periodSchema, value }))
    .max(60)
    .default([]),
});
export type IndicatorInput = z.infer<typeof indicatorInput>;

export const indicatorView = indicatorInput.extend({
  id: z.guid(),
  libraryKey: z.string().nullable(),
  createdAt: z.string(),
});
export type IndicatorView = z.infer<typeof indicatorView>;

export const indicatorValueInput = z.object({
  period: periodSchema,
  /** A neighbourhood of the neighbourhood register (a link by id only); null for the whole city. */
  neighbourhoodId: z.guid().nullable().default(null),
  value,
  source: text(LIMITS.label).default(''),
});

export const indicatorValueView = z.object({
  id: z.guid(),
  indicatorId: z.guid(),
  period: z.string(),
  neighbourhoodId: z.guid().nullable(),
  value: z.number(),
  source: z.string(),
  enteredBy: z.string().nullable(),
  enteredAt: z.string(),
  status: z.enum(['pending', 'approved']),
  approvedAt: z.string().nullable(),
});

export const dashboardRow = z.object({
  period: z.string(),
  target: z.number().nullable(),
  /** Approved values (manual) or the sessions (computed); null when none, or withheld. */
  actual: z.number().nullable(),
  /** A computed count of people withheld by the small-cell rule. */
  withheld: z.boolean(),
  pendingValues: z.number().int(),
  progress: z.object({
    percent: z.number().nullable(),
    rule: z.object({ key: z.string(), values: z.record(z.string(), z.union([z.string(), z.number()])) }),
  }),
});

export const dashboardIndicator = indicatorView.extend({ rows: z.array(dashboardRow) });

export const libraryEntry = z.object({
  key: z.string(),
  code: z.string(),
  names: z.record(z.string(), z.string()),
  type: z.enum(indicatorTypes),
  source: z.enum(indicatorSources),
  unit: z.string(),
});

const indicatorParams = cityParams.extend({ indicatorId: z.guid() });

export const indicatorsRoutes = {
  indicatorDashboard: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/indicators',
    summary:
      'Indicators with target vs actual per period and the progress rule (computed ones from the sessions)',
    tags: ['indicators'],
    params: cityParams,
    response: z.object({ items: z.array(dashboardIndicator) }),
  }),
  createIndicator: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/indicators',
    summary: 'Define an indicator',
    tags: ['indicators'],
    params: cityParams,
    body: indicatorInput,
    response: indicatorView,
    status: 201,
  }),
  indicatorLibrary: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/indicators/library',
    summary: 'Common LPN indicators a city can adopt',
    tags: ['indicators'],
    params: cityParams,
    response: z.object({ items: z.array(libraryEntry) }),
  }),
  adoptLibraryIndicator: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/indicators/library/:key',
    summary: 'Adopt an indicator of the library (once)',
    tags: ['indicators'],
    params: cityParams.extend({
      key: z
        .string()
        .max(40)
        .regex(/^[a-z0-9-]+$/, { error: 'validation.format' }),
    }),
    body: z.object({}).optional(),
    response: indicatorView,
    status: 201,
  }),
  listIndicatorValues: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/indicators/:indicatorId/values',
    summary: 'Entered values, pending and approved',
    tags: ['indicators'],
    params: indicatorParams,
    response: z.object({ items: z.array(indicatorValueView) }),
  }),
  enterIndicatorValue: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/indicators/:indicatorId/values',
    summary: "Enter a value (refused when outside the indicator's type); it counts once approved",
    tags: ['indicators'],
    params: indicatorParams,
    body: indicatorValueInput,
    response: indicatorValueView,
    status: 201,
  }),
  approveIndicatorValue: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/indicators/:indicatorId/values/:valueId/approve',
    summary: 'Approve a value (coordinator, chair): from then on it counts',
    tags: ['indicators'],
    params: indicatorParams.extend({ valueId: z.guid() }),
    body: z.object({}).optional(),
    response: indicatorValueView,
  }),
};
