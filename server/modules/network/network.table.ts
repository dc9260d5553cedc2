import { boolean, date, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from '../../platform/auth/auth.table.js';
import { city } from '../cities/index.js';

export interface MandateItem {
  enabled: boolean;
  scope: string;
}
/** Items a–f of the briefing's lesson 3. Item d (referrals and interventions) switches case work on. */
export type Mandate = Record<'a' | 'b' | 'c' | 'd' | 'e' | 'f', MandateItem>;

/**
 * A city's Local Prevention Network: one per city. Created from a structure template, whose id and
 * version are kept; everything it pre-filled can be changed afterwards and changing the template
 * never deletes data (see docs/TEMPLATES.md).
 */
export const network = pgTable('network', {
  cityId: uuid('city_id')
    .primaryKey()
    .references(() => city.id, { onDelete: 'cascade' }),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  templateId: text('template_id').notNull(),
  templateVersion: text('template_version').notNull(),
  sectors: text('sectors').array().notNull(),
  meetingCadence: text('meeting_cadence').notNull(),
  /** The working mandate (the adopted ToR's mandate overrides it once there is one). */
  mandate: jsonb('mandate').$type<Mandate>().notNull(),
  /** Case-workflow settings read by the cases module (kind, response hours, consent, reviews …). */
  caseWorkflow: jsonb('case_workflow').$type<Record<string, unknown>>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/** A member organisation or external partner of the network. */
export const organisation = pgTable(
  'organisation',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    /** education, social_services, mental_health, health, youth, community_affairs, police_justice, … */
    sector: text('sector').notNull(),
    /** 'formal' member of the network, or 'external' partner. */
    membershipKind: text('membership_kind').notNull(),
    /** The organisation agreed to be named on the public transparency page. */
    publicListingConsent: boolean('public_listing_consent').notNull().default(false),
    consentRecordedAt: timestamp('consent_recorded_at', { withTimezone: true, precision: 3 }),
    consentRecordedBy: text('consent_recorded_by'),
    joinedOn: date('joined_on').notNull(),
    leftOn: date('left_on'),
    notes: text('notes').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('organisation_city_sector_idx').on(t.cityId, t.sector),
  ],
);

/** A person representing an organisation in the network (with or without an account). */
export const representative = pgTable(
  'representative',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    organisationId: uuid('organisation_id').notNull(),
    userId: text('user_id').references(() => user.id, { onDelete: 'set null' }),
    displayName: text('display_name').notNull(),
    /** 'chair', 'focal_point', 'representative' or 'deputy'. */
    networkRole: text('network_role').notNull(),
    joinedOn: date('joined_on').notNull(),
    leftOn: date('left_on'),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('representative_org_idx').on(t.cityId, t.organisationId),
    index('representative_user_idx').on(t.userId),
  ],
);
