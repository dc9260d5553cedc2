import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { city } from '../cities/index.js';

/**
 * A delivered session of an action of the local action plan. `actionId` is the action's id inside the
 * plan document (the same in every plan version; no foreign key: actions live in a jsonb document);
 * `neighbourhoodId` names a row of the neighbourhood register (another module; a link only).
 * Attendance is counts only: attendance[sex][ageBand] (contracts/activities.contract.ts), with the
 * total kept beside it. No participant list in this version.
 */
export const activitySession = pgTable(
  'activity_session',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    actionId: uuid('action_id').notNull(),
    heldOn: date('held_on').notNull(),
    neighbourhoodId: uuid('neighbourhood_id'),
    type: text('type').notNull(),
    customType: text('custom_type').notNull().default(''),
    facilitators: jsonb('facilitators').$type<string[]>().notNull().default([]),
    attendance: jsonb('attendance').$type<number[][]>().notNull(),
    total: integer('total').notNull(),
    testParticipants: integer('test_participants'),
    preMean: real('pre_mean'),
    postMean: real('post_mean'),
    notes: text('notes').notNull().default(''),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('activity_session_action_idx').on(t.cityId, t.actionId, t.heldOn),
    index('activity_session_held_idx').on(t.cityId, t.heldOn, t.id),
  ],
);
