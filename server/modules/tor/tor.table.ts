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
} from 'drizzle-orm/pg-core';
import { user } from '../../platform/auth/auth.table.js';
import { city } from '../cities/index.js';
import type { Mandate } from '../network/index.js';

export interface DecisionRules {
  /** Quorum as a number of formal member organisations present, or a share (0–1) of them. */
  quorum: { kind: 'count' | 'share'; value: number };
  method: 'consensus' | 'majority';
  /** Who votes where the method is majority. */
  voters: 'formal-members' | 'all-members';
}

/** The structured Terms of Reference (lesson 2): each part editable, versioned, diffable. */
export interface TorSections {
  mandate: Mandate;
  structure: string;
  roles: { role: string; responsibilities: string }[];
  communicationInternal: string;
  communicationExternal: string;
  decisionRules: DecisionRules;
  legalFramework: string;
  dataSharingBasis: string;
  limits: string;
  /** ISO date of the next review. */
  reviewDate: string | null;
}

/**
 * One version of a city's ToR. A draft becomes 'adopted' only through a passed decision of a
 * meeting that had quorum (adoptedDecisionId); adopting supersedes the previous adopted version.
 */
export const torVersion = pgTable(
  'tor_version',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    version: integer('version').notNull(),
    status: text('status').notNull(), // 'draft' | 'adopted' | 'superseded'
    title: text('title').notNull(),
    language: text('language').notNull(),
    sections: jsonb('sections').$type<TorSections>().notNull(),
    publicSummary: text('public_summary').notNull().default(''),
    basedOnVersion: integer('based_on_version'),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    adoptedAt: timestamp('adopted_at', { withTimezone: true, precision: 3 }),
    adoptedDecisionId: uuid('adopted_decision_id'),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    unique('tor_version_city_version_uq').on(t.cityId, t.version),
  ],
);

/** A member's acknowledgement that they have read an adopted version. */
export const torAcknowledgement = pgTable(
  'tor_acknowledgement',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    torVersionId: uuid('tor_version_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.torVersionId, t.userId] }),
    index('tor_ack_user_idx').on(t.userId),
  ],
);
