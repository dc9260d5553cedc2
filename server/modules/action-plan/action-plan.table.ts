import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { PlanAction, PlanObjective } from '../../../contracts/action-plan.contract.js';
import { city } from '../cities/index.js';

/**
 * One version of a city's local action plan. Objectives and actions are one document per version
 * (compared by the diff; an adopted version never changes). A draft becomes 'adopted' only through a
 * passed decision (subject 'action-plan-adoption') of a meeting that had quorum, exactly as the ToR;
 * adopting supersedes the previously adopted version.
 *
 * Links without foreign keys (docs/ACTION_PLAN.md): objectives' `riskIds` name rows of the risk
 * register and actions' `neighbourhoodIds` rows of the neighbourhood register (another module);
 * organisation ids are checked against `organisation` when a draft is saved.
 */
export const actionPlanVersion = pgTable(
  'action_plan_version',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    version: integer('version').notNull(),
    status: text('status').notNull(), // 'draft' | 'adopted' | 'superseded'
    title: text('title').notNull(),
    periodStart: date('period_start').notNull(),
    periodEnd: date('period_end').notNull(),
    objectives: jsonb('objectives').$type<PlanObjective[]>().notNull(),
    actions: jsonb('actions').$type<PlanAction[]>().notNull(),
    basedOnVersion: integer('based_on_version'),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    adoptedAt: timestamp('adopted_at', { withTimezone: true, precision: 3 }),
    adoptedDecisionId: uuid('adopted_decision_id'),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    unique('action_plan_version_city_version_uq').on(t.cityId, t.version),
    index('action_plan_version_status_idx').on(t.cityId, t.status),
  ],
);

/**
 * What happened to an action (by its id, the same in every version): status, money committed and
 * spent, milestones reached. Kept outside the versioned document: implementation is not a plan change.
 */
export const actionPlanActionState = pgTable(
  'action_plan_action_state',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    actionId: uuid('action_id').notNull(),
    status: text('status').notNull().default('planned'),
    budgetCommitted: bigint('budget_committed', { mode: 'number' }).notNull().default(0),
    budgetSpent: bigint('budget_spent', { mode: 'number' }).notNull().default(0),
    milestonesDone: jsonb('milestones_done').$type<{ id: string; doneOn: string }[]>().notNull().default([]),
    updatedBy: text('updated_by'),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.actionId] })],
);
