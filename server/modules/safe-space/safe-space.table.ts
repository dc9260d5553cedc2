import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { city } from '../cities/index.js';

/*
 * The anonymous safe space (docs/SAFE_SPACE.md). Nothing here identifies the sender: no address,
 * no user agent, no precise time of their own messages (to the hour), the receipt only as a scrypt
 * hash, the texts and the optional contact encrypted with the city's data key.
 */

/** People the chair designated to read and answer the safe space. */
export const safeSpaceCustodian = pgTable(
  'safe_space_custodian',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    designatedAt: timestamp('designated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.userId] })],
);

export const safeSpaceSubmission = pgTable(
  'safe_space_submission',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    kind: text('kind').notNull(),
    /** One of the city's pick-list neighbourhoods, or null. */
    neighbourhood: text('neighbourhood'),
    status: text('status').notNull().default('new'),
    category: text('category'),
    urgency: text('urgency').notNull().default('normal'),
    /** scrypt of the normalised receipt (salt bound to the city): look-up by equality, never reversible. */
    receiptHash: text('receipt_hash').notNull(),
    receiptConfirmed: boolean('receipt_confirmed').notNull().default(false),
    /** The sender's contact, only when they chose to give one; encrypted. */
    contactEnc: text('contact_enc'),
    /** To the hour. */
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    uniqueIndex('safe_space_submission_receipt_idx').on(t.cityId, t.receiptHash),
    index('safe_space_submission_city_status_idx').on(t.cityId, t.status),
  ],
);

/** The two-way thread: the first message is the submission's text. */
export const safeSpaceMessage = pgTable(
  'safe_space_message',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    submissionId: uuid('submission_id').notNull(),
    seq: integer('seq').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    author: text('author').notNull(),
    /** The custodian who answered (staff are accountable); null for the sender. */
    custodianUserId: text('custodian_user_id'),
    bodyEnc: text('body_enc').notNull(),
    /** To the hour for the sender's messages. */
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.submissionId, t.seq] })],
);

/** Proof-of-work challenges already spent (single use); pruned once expired. */
export const safeSpaceSpentChallenge = pgTable('safe_space_spent_challenge', {
  nonce: text('nonce').primaryKey(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/**
 * What a custodian deliberately made of a submission: risk evidence or a proposed case intake, in
 * their own de-identified words. Only the link is kept here (the texts live in those modules);
 * deleted with the submission when it is purged.
 */
export const safeSpaceTransfer = pgTable(
  'safe_space_transfer',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    submissionId: uuid('submission_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    kind: text('kind').notNull(), // 'evidence' | 'case-intake'
    targetId: uuid('target_id').notNull(),
    byUserId: text('by_user_id').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('safe_space_transfer_submission_idx').on(t.cityId, t.submissionId),
  ],
);
