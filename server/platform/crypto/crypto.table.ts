import { integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One data-encryption key per city and version, stored only wrapped (encrypted) by a master key
 * that never enters the database. Old versions stay so older ciphertexts remain readable.
 */
export const cityKey = pgTable(
  'city_key',
  {
    cityId: uuid('city_id').notNull(),
    version: integer('version').notNull(),
    masterKeyId: text('master_key_id').notNull(),
    wrappedKey: text('wrapped_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    rewrappedAt: timestamp('rewrapped_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.version] })],
);
