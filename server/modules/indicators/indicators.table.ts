import { index, jsonb, pgTable, primaryKey, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { city } from '../cities/index.js';

/**
 * An indicator of the city's results chain. `objectiveIds` name objectives of the action plan (ids
 * inside the plan document: no foreign key). Computed indicators (`source` not 'manual') have no
 * entered values: they are read from the delivered sessions.
 */
export const indicator = pgTable(
  'indicator',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    code: text('code').notNull(),
    names: jsonb('names').$type<Record<string, string | undefined>>().notNull(),
    unit: text('unit').notNull().default(''),
    type: text('type').notNull(),
    direction: text('direction').notNull().default('higher'),
    frequency: text('frequency').notNull().default('yearly'),
    source: text('source').notNull().default('manual'),
    objectiveIds: jsonb('objective_ids').$type<string[]>().notNull().default([]),
    meansOfVerification: text('means_of_verification').notNull().default(''),
    baseline: jsonb('baseline').$type<{ value: number; on: string } | null>(),
    targets: jsonb('targets').$type<{ period: string; value: number }[]>().notNull().default([]),
    libraryKey: text('library_key'),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.id] }), unique('indicator_city_code_uq').on(t.cityId, t.code)],
);

/** A value of a manual indicator for a period (× neighbourhood, a link by id); counts once approved. */
export const indicatorValue = pgTable(
  'indicator_value',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    indicatorId: uuid('indicator_id').notNull(),
    period: text('period').notNull(),
    neighbourhoodId: uuid('neighbourhood_id'),
    value: real('value').notNull(),
    source: text('source').notNull().default(''),
    enteredBy: text('entered_by'),
    enteredAt: timestamp('entered_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    status: text('status').notNull().default('pending'),
    approvedBy: text('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('indicator_value_period_idx').on(t.cityId, t.indicatorId, t.period),
  ],
);
