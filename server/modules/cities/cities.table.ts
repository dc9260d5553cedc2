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

/**
 * A city's sign-in page branding, kept apart from `city` so the logo (up to 200 KB) is read only by
 * the public branding endpoint, never with every city list.
 */
export const cityBranding = pgTable('city_branding', {
  cityId: uuid('city_id')
    .primaryKey()
    .references(() => city.id, { onDelete: 'cascade' }),
  /** "#rrggbb", at least 4.5:1 against white; null for the default colour. */
  accentColor: text('accent_color'),
  /** image/png, image/svg+xml or image/webp; null when there is no logo. */
  logoType: text('logo_type'),
  /** The image, base64-encoded (checked on upload: type, size, no script in an SVG). */
  logoData: text('logo_data'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
