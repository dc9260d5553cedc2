import { bigint, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained log per city. Each row's hash covers its content and the previous
 * row's hash, so an update, delete or reorder anywhere breaks the chain from that point on.
 * Field names are recorded, never values.
 */
export const auditEvent = pgTable(
  'audit_event',
  {
    cityId: uuid('city_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorUserId: text('actor_user_id'),
    actorRole: text('actor_role').notNull(),
    action: text('action').notNull(),
    recordType: text('record_type').notNull(),
    recordId: text('record_id'),
    fields: text('fields').array().notNull(),
    reason: text('reason'),
    requestId: text('request_id'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.seq] }),
    index('audit_event_city_at_idx').on(t.cityId, t.at),
    index('audit_event_city_actor_idx').on(t.cityId, t.actorUserId),
  ],
);

/** The head of each city's chain: serialises appends and lets verification detect a cut-off tail. */
export const auditHead = pgTable('audit_head', {
  cityId: uuid('city_id').primaryKey(),
  lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
  lastHash: text('last_hash').notNull(),
});
