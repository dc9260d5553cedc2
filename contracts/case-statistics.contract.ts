import { z } from 'zod';
import { caseKindSchema, genderSchema } from './cases.contract.js';
import { isoDate } from './primitives.js';
import { cityParams, defineRoute } from './route.js';

/*
 * De-identified case statistics (docs/CASES.md, "Statistics"). Every count of 1–4 is withheld
 * (value null, suppressed true) and a second cell is withheld where the first could otherwise be
 * worked out from the total; zero is shown as 0. Nothing here ever names a person, an organisation,
 * a neighbourhood, a date or a reference.
 */

/** The smallest count that is shown: cells of 1 to SMALL_CELL_MIN - 1 are withheld. */
export const SMALL_CELL_MIN = 5;

/** A count that may be withheld: `value` is null exactly when `suppressed` is true. */
export const suppressedCountSchema = z.object({
  value: z.number().int().nullable(),
  suppressed: z.boolean(),
});
export type SuppressedCount = z.infer<typeof suppressedCountSchema>;

export const statisticCellSchema = suppressedCountSchema.extend({
  /** A code: a stage, situation type, age band, gender, outcome, sector or risk factor category. */
  key: z.string(),
  /** Risk factor categories only: the taxonomy's label per language (cities may add categories). */
  labels: z.record(z.string(), z.string()).optional(),
});
export type StatisticCell = z.infer<typeof statisticCellSchema>;

export const statisticDimensionSchema = z.object({
  /**
   * True when the cells add up to the total (each situation in exactly one cell). False for risk
   * factor categories: a situation counts once in each category it has.
   */
  additive: z.boolean(),
  total: suppressedCountSchema,
  cells: z.array(statisticCellSchema),
});
export type StatisticDimension = z.infer<typeof statisticDimensionSchema>;

export const caseStatisticsQuery = z.object({
  /** First day counted (on the situation's creation); widened to the first day of its month. */
  from: isoDate.optional(),
  /** Last day counted; widened to the last day of its month. */
  to: isoDate.optional(),
  workflow: caseKindSchema.optional(),
});
export type CaseStatisticsQuery = z.infer<typeof caseStatisticsQuery>;

export const caseStatisticsSchema = z.object({
  /** The period actually counted (whole calendar months, UTC); null ends are open. */
  period: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  workflow: caseKindSchema.nullable(),
  /** Counts under this are withheld. */
  smallCellMin: z.number().int(),
  total: suppressedCountSchema,
  byStage: statisticDimensionSchema,
  /** The stages mapped onto the common categories (intake, accepted, in-support, closed, rejected). */
  byCategory: statisticDimensionSchema,
  /** person / family / group / place. */
  bySubjectKind: statisticDimensionSchema,
  byAgeBand: statisticDimensionSchema,
  byGender: statisticDimensionSchema,
  /** Risk factor categories (sub-types counted under their category), plus `none` (none recorded). */
  byRiskCategory: statisticDimensionSchema,
  /** Outcome codes of closed situations, plus `open` and `rejected`. */
  byOutcome: statisticDimensionSchema,
  /** Sector of the lead agency (`police_justice` = police-led), plus `none` (no lead agency). */
  byLeadSector: statisticDimensionSchema,
});
export type CaseStatistics = z.infer<typeof caseStatisticsSchema>;

/** A share of a quarter's situations: shown only when its count and its base are both shown. */
export const equityShareSchema = suppressedCountSchema.extend({
  /** The denominator the share is of (see each field). */
  base: suppressedCountSchema,
  /** count / base, 0–1; null when either is withheld or the base is 0. */
  share: z.number().nullable(),
});
export type EquityShare = z.infer<typeof equityShareSchema>;

export const equityQuarterSchema = z.object({
  /** e.g. "2026-Q3" (calendar quarters, UTC). */
  quarter: z.string(),
  from: z.string(),
  to: z.string(),
  total: suppressedCountSchema,
  /** Situations with anyone under 18; base: all situations of the quarter. */
  minors: equityShareSchema,
  /** One per gender; base: all situations of the quarter. */
  gender: z.array(equityShareSchema.extend({ key: genderSchema })),
  /** Lead agency in the police and justice sector; base: situations with a lead agency. */
  policeLed: equityShareSchema,
  /** At least one consent or basis recorded and not withdrawn; base: situations not rejected. */
  consentRecorded: equityShareSchema,
});
export type EquityQuarter = z.infer<typeof equityQuarterSchema>;

export const caseEquitySchema = z.object({
  workflow: caseKindSchema.nullable(),
  smallCellMin: z.number().int(),
  /** The last 8 calendar quarters, oldest first; the last one is the current, unfinished quarter. */
  quarters: z.array(equityQuarterSchema),
});
export type CaseEquity = z.infer<typeof caseEquitySchema>;

/** The RTD-shaped export's columns, in order (English: it is an open-data format, see docs/CASES.md). */
export const rtdColumns = [
  'Discussion ID',
  'Situation Table',
  'Year',
  'Quarter',
  'Age Group',
  'Gender',
  'Situation Type',
  'Risk Factor Category',
  'Risk Factor',
  'Lead Agency Sector',
  'Assisting Agency Sectors',
  'Conclusion',
  /** Not an RTD column: the stage's common category, so cities running different models compare. */
  'Stage Category',
] as const;

export const caseStatisticsRoutes = {
  caseStatistics: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/case-statistics',
    summary: 'De-identified counts of situations by stage, type, age, gender, risk, outcome and lead sector',
    tags: ['cases'],
    params: cityParams,
    query: caseStatisticsQuery,
    response: caseStatisticsSchema,
  }),
  caseEquity: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/case-statistics/equity',
    summary: 'Whom the network works with, per quarter: minors, gender, police-led, consent recorded',
    tags: ['cases'],
    params: cityParams,
    query: caseStatisticsQuery.pick({ workflow: true }),
    response: caseEquitySchema,
  }),
  caseRtdCsv: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/case-statistics/rtd.csv',
    summary:
      'Open data in the shape of Ontario’s Risk-driven Tracking Database: one row per situation and risk factor',
    tags: ['cases'],
    params: cityParams,
    query: caseStatisticsQuery,
    response: z.string().describe('text/csv'),
  }),
};
