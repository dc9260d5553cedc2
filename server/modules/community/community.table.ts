import { index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
