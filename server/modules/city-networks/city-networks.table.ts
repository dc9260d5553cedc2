import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { user } from '../../platform/auth/auth.table.js';
import { city } from '../cities/index.js';

/*
 * Networks of cities (docs/CITY_NETWORKS.md). The network and its analysts are above any city; a
 * membership, a published template and an imported copy each belong to one city (tenant-keyed).
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const cityNetwork = pgTable('city_network', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  description: text('description').notNull().default(''),
  createdBy: text('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** People designated by a platform admin to read a network's aggregates (and nothing else). */
export const cityNetworkAnalyst = pgTable(
  'city_network_analyst',
  {
    networkId: uuid('network_id')
      .notNull()
      .references(() => cityNetwork.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.networkId, t.userId] })],
);

/** A city's membership of a network: one row per joining; leaving sets `leftAt` (history kept). */
export const cityNetworkMember = pgTable(
  'city_network_member',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    networkId: uuid('network_id')
      .notNull()
      .references(() => cityNetwork.id, { onDelete: 'cascade' }),
    /** The passed decision of a quorate meeting (subject 'city-network-join') the city joined on. */
    decisionId: uuid('decision_id').notNull(),
    /** The chair's separate choice: named in the network's aggregates, or pooled. */
    named: boolean('named').notNull().default(false),
    joinedAt: ts('joined_at').notNull().defaultNow(),
    leftAt: ts('left_at'),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('city_network_member_network_idx').on(t.networkId, t.leftAt),
    // One open membership per city and network, even under two joins at once.
    uniqueIndex('city_network_member_active_idx')
      .on(t.cityId, t.networkId)
      .where(sql`left_at is null`),
  ],
);

/** A template a city published to a network: a copy of its content at that moment. */
export const cityNetworkTemplate = pgTable(
  'city_network_template',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    networkId: uuid('network_id')
      .notNull()
      .references(() => cityNetwork.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    /** The publishing city's version of this kind: 1, 2, … */
    version: integer('version').notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    publishedBy: text('published_by'),
    publishedAt: ts('published_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('city_network_template_network_idx').on(t.networkId, t.publishedAt),
  ],
);

/** A copy a city imported, with its provenance written out (it survives the publisher leaving). */
export const cityNetworkImport = pgTable(
  'city_network_import',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    templateId: uuid('template_id').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    networkName: text('network_name').notNull(),
    publisherCityName: text('publisher_city_name').notNull(),
    version: integer('version').notNull(),
    publishedAt: ts('published_at').notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    importedBy: text('imported_by'),
    importedAt: ts('imported_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.id] })],
);
