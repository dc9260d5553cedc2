import {
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
  date,
} from 'drizzle-orm/pg-core';
import type { FrameworkGoal, ReportContent, ReportNarrative } from '../../../contracts/national.contract.js';
import { city } from '../cities/index.js';

/**
 * A national framework (a P/CVE strategy, a national action plan, a law), held per country and shared
 * by its cities; `country` null: shared by every city of the deployment. Not a tenant row: a city reads
 * it, only the platform admin or a national liaison of that country publishes it (docs/NATIONAL.md).
 */
export const nationalFramework = pgTable(
  'national_framework',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    country: text('country'),
    kind: text('kind').notNull(),
    names: jsonb('names').$type<Record<string, string>>().notNull(),
    description: text('description').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('national_framework_country_idx').on(t.country)],
);

/** Every published version of a framework's goals (goal ids stay the same from version to version). */
export const nationalFrameworkVersion = pgTable(
  'national_framework_version',
  {
    frameworkId: uuid('framework_id')
      .notNull()
      .references(() => nationalFramework.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    goals: jsonb('goals').$type<FrameworkGoal[]>().notNull(),
    publishedBy: text('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.frameworkId, t.version] })],
);

/**
 * A city's objective (its id, the same in every plan version) mapped to a framework goal (its id, the
 * same in every framework version). Links without foreign keys into the plan document.
 */
export const nationalObjectiveGoal = pgTable(
  'national_objective_goal',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    objectiveId: uuid('objective_id').notNull(),
    goalId: uuid('goal_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.objectiveId, t.goalId] })],
);

/** An issue the network escalates to national level. Describes the issue, never a person. */
export const nationalEscalation = pgTable(
  'national_escalation',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    urgency: text('urgency').notNull(),
    requestedSupport: text('requested_support').notNull(),
    riskId: uuid('risk_id'),
    objectiveId: uuid('objective_id'),
    deadline: date('deadline'),
    dueOn: date('due_on').notNull(),
    status: text('status').notNull().default('open'),
    raisedBy: text('raised_by'),
    raisedAt: timestamp('raised_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true, precision: 3 }),
    response: text('response'),
    respondedBy: text('responded_by'),
    respondedAt: timestamp('responded_at', { withTimezone: true, precision: 3 }),
    outcome: text('outcome'),
    closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
    /** When the liaison was reminded (the claim that makes it once across nodes and restarts). */
    remindedAt: timestamp('reminded_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    unique('national_escalation_number_uq').on(t.cityId, t.number),
    index('national_escalation_status_idx').on(t.cityId, t.status),
  ],
);

/**
 * A periodic report upward. A draft holds only its narrative (its figures are generated live); on
 * submission the whole content is frozen into `snapshot` with its SHA-256 `content_hash` (also written
 * into the audit chain) and never changes again; a returned report is revised as a new version.
 */
export const nationalReport = pgTable(
  'national_report',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    kind: text('kind').notNull(),
    period: text('period').notNull(),
    version: integer('version').notNull().default(1),
    previousId: uuid('previous_id'),
    status: text('status').notNull().default('draft'),
    narrative: jsonb('narrative').$type<ReportNarrative>().notNull(),
    snapshot: jsonb('snapshot').$type<{ narrative: ReportNarrative; content: ReportContent }>(),
    contentHash: text('content_hash'),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    submittedBy: text('submitted_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, precision: 3 }),
    reviewedBy: text('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true, precision: 3 }),
    reviewComment: text('review_comment'),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    unique('national_report_version_uq').on(t.cityId, t.kind, t.period, t.version),
    index('national_report_status_idx').on(t.cityId, t.status),
  ],
);
