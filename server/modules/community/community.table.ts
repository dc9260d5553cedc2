import { date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { city } from '../cities/index.js';

/** What the city's public pages publish, set by the chair (docs/COMMUNITY.md). One row per city. */
export const communitySettings = pgTable('community_settings', {
  cityId: uuid('city_id')
    .primaryKey()
    .references(() => city.id, { onDelete: 'cascade' }),
  /** Block name → published. A block missing here is not published. */
  published: jsonb('published').$type<Record<string, boolean>>().notNull(),
  explainerExtra: text('explainer_extra').notNull().default(''),
  contact: text('contact').notNull().default(''),
  emergencyNumbers: text('emergency_numbers').notNull().default(''),
  neighbourhoods: jsonb('neighbourhoods').$type<string[]>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** A public event announced on the public pages and in their .ics feed. */
export const publicEvent = pgTable(
  'public_event',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, precision: 3 }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true, precision: 3 }),
    place: text('place').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('public_event_city_starts_idx').on(t.cityId, t.startsAt),
  ],
);

/**
 * An annual report published on the public pages: a PDF generated from live data when the chair
 * publishes it, kept as published (base64) and never regenerated. Withdrawing hides it; a
 * correction is a new report for the same year (the newest one not withdrawn is shown).
 */
export const annualReportFile = pgTable(
  'community_annual_report',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    year: integer('year').notNull(),
    source: text('source').notNull().default('generated'),
    pdfBase64: text('pdf_base64').notNull(),
    bytes: integer('bytes').notNull(),
    sha256: text('sha256').notNull(),
    publishedBy: text('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('community_annual_report_year_idx').on(t.cityId, t.year),
  ],
);

/** The communication log: a public message planned, approved by the chair, sent (lesson 9). */
export const communityMessage = pgTable(
  'community_message',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    channel: text('channel').notNull(),
    audience: text('audience').notNull(),
    spokesperson: text('spokesperson').notNull(),
    plannedOn: date('planned_on').notNull(),
    status: text('status').notNull().default('draft'),
    createdBy: text('created_by'),
    approvedBy: text('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true, precision: 3 }),
    sentAt: timestamp('sent_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('community_message_planned_idx').on(t.cityId, t.plannedOn),
  ],
);

/** The agreed key messages and "what we are not" lines: every version kept, the newest in force. */
export const communityKeyText = pgTable(
  'community_key_text',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    version: integer('version').notNull(),
    lines: jsonb('lines').$type<string[]>().notNull(),
    note: text('note').notNull().default(''),
    byUserId: text('by_user_id'),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.kind, t.version] })],
);
