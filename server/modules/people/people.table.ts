import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from '../../platform/auth/auth.table.js';
import { city } from '../cities/index.js';

/** A person's membership of one city, with exactly one role there. */
export const membership = pgTable(
  'membership',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    organisation: text('organisation'),
    /** Personal: encrypted with the city's data key (see platform/crypto). */
    phoneEnc: text('phone_enc'),
    // Millisecond precision: the value round-trips through JS dates and pagination cursors exactly.
    joinedAt: timestamp('joined_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.userId] }),
    index('membership_user_idx').on(t.userId),
    index('membership_city_joined_idx').on(t.cityId, t.joinedAt, t.userId),
  ],
);

/** An expiring invitation to join a city; only a hash of the token is stored. */
export const invitation = pgTable(
  'invitation',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    email: text('email').notNull(),
    role: text('role').notNull(),
    organisation: text('organisation'),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: text('invited_by'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.id] })],
);
