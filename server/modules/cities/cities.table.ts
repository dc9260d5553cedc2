import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export interface CitySettings {
  /** Roles that must have two-factor sign-in before they may use this city. */
  require2faRoles: string[];
}

/** A city is a tenant: every city-owned row carries its id. */
export const city = pgTable('city', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  country: text('country'),
  defaultLocale: text('default_locale').notNull().default('en'),
  settings: jsonb('settings').$type<CitySettings>().notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
