import {
  boolean,
  date,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { city } from '../cities/index.js';
import { riskNeighbourhood } from '../risk-map/index.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** A city's own service type, with its labels and the risk categories it answers. */
export const directoryServiceType = pgTable(
  'directory_service_type',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    labels: jsonb('labels').$type<Record<string, string>>().notNull(),
    answers: text('answers').array().notNull(),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.code] })],
);

/**
 * One service or initiative of the 3W directory. `ref` is the stable external id a spreadsheet
 * carries (HXL #meta+id): an import with the same ref updates the entry instead of adding one.
 * Exactly one of `organisationId` (a member organisation of the network) and `providerName`.
 */
export const directoryEntry = pgTable(
  'directory_entry',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    ref: text('ref').notNull(),
    title: text('title').notNull(),
    organisationId: uuid('organisation_id'),
    providerName: text('provider_name').notNull().default(''),
    sector: text('sector').notNull(),
    serviceType: text('service_type').notNull(),
    targetGroup: text('target_group').notNull(),
    cityWide: boolean('city_wide').notNull(),
    description: text('description').notNull().default(''),
    contact: text('contact').notNull().default(''),
    contactConsent: boolean('contact_consent').notNull().default(false),
    capacity: text('capacity').notNull().default(''),
    hours: text('hours').notNull().default(''),
    status: text('status').notNull(),
    startOn: date('start_on'),
    endOn: date('end_on'),
    fundingSource: text('funding_source').notNull().default(''),
    public: boolean('public').notNull().default(false),
    /** The referral module's listed service (case_service) this entry is; no foreign key across modules. */
    referralServiceId: uuid('referral_service_id'),
    createdBy: text('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('directory_entry_ref_idx').on(t.cityId, t.ref),
    index('directory_entry_city_idx').on(t.cityId, t.serviceType),
  ],
);

/** Which neighbourhoods an entry serves (none when city-wide); ids stay across boundary versions. */
export const directoryEntryNeighbourhood = pgTable(
  'directory_entry_neighbourhood',
  {
    entryId: uuid('entry_id')
      .notNull()
      .references(() => directoryEntry.id, { onDelete: 'cascade' }),
    neighbourhoodId: uuid('neighbourhood_id')
      .notNull()
      .references(() => riskNeighbourhood.id, { onDelete: 'cascade' }),
    cityId: uuid('city_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.entryId, t.neighbourhoodId] }),
    index('directory_entry_neighbourhood_nb_idx').on(t.cityId, t.neighbourhoodId),
  ],
);
