import {
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { user } from '../../platform/auth/auth.table.js';
import { city } from '../cities/index.js';

/** A recurring schedule (e.g. "first Tuesday monthly, 10:00"); meetings are generated from it. */
export const meetingSeries = pgTable(
  'meeting_series',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    title: text('title').notNull(),
    cadence: text('cadence').notNull(), // 'weekly' | 'fortnightly' | 'monthly'
    /** Local wall-clock start, "HH:MM", in the city's time zone. */
    startTime: text('start_time').notNull(),
    timeZone: text('time_zone').notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    location: text('location').notNull().default(''),
    agendaTemplate: text('agenda_template').notNull(), // 'standard' | 'monthly-reflection'
    startsOn: date('starts_on').notNull(),
    endsOn: date('ends_on'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.id] })],
);

export const meeting = pgTable(
  'meeting',
  {
    cityId: uuid('city_id')
      .notNull()
      .references(() => city.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    seriesId: uuid('series_id'),
    title: text('title').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true, precision: 3 }).notNull(),
    durationMinutes: integer('duration_minutes').notNull(),
    location: text('location').notNull().default(''),
    status: text('status').notNull(), // 'scheduled' | 'held' | 'cancelled'
    /** Minutes hold no identity of a person: case items appear by reference only. */
    minutes: text('minutes').notNull().default(''),
    minutesApprovedAt: timestamp('minutes_approved_at', { withTimezone: true, precision: 3 }),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('meeting_city_starts_idx').on(t.cityId, t.startsAt),
  ],
);

export const agendaItem = pgTable(
  'agenda_item',
  {
    cityId: uuid('city_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    meetingId: uuid('meeting_id').notNull(),
    position: integer('position').notNull(),
    kind: text('kind').notNull(), // 'discussion' | 'decision' | 'reflection' | 'planning' | 'case'
    title: text('title').notNull(),
    notes: text('notes').notNull().default(''),
    /** For case items: the case reference only, never a name. */
    caseRef: text('case_ref'),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('agenda_item_meeting_idx').on(t.cityId, t.meetingId),
  ],
);

/** Attendance is recorded per organisation (quorum counts organisations, not people). */
export const attendance = pgTable(
  'attendance',
  {
    cityId: uuid('city_id').notNull(),
    meetingId: uuid('meeting_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    present: boolean('present').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.meetingId, t.organisationId] })],
);

export const decision = pgTable(
  'decision',
  {
    cityId: uuid('city_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    meetingId: uuid('meeting_id').notNull(),
    agendaItemId: uuid('agenda_item_id'),
    text: text('text').notNull(),
    /** What the decision acts on, e.g. 'tor-adoption' with the ToR version id. */
    subjectType: text('subject_type').notNull().default('general'),
    subjectId: uuid('subject_id'),
    method: text('method').notNull(), // 'consensus' | 'majority'
    votesFor: integer('votes_for'),
    votesAgainst: integer('votes_against'),
    abstentions: integer('abstentions'),
    outcome: text('outcome').notNull(), // 'passed' | 'rejected'
    quorumMet: boolean('quorum_met').notNull(),
    recordedBy: text('recorded_by'),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.cityId, t.id] }), index('decision_meeting_idx').on(t.cityId, t.meetingId)],
);

export const actionItem = pgTable(
  'action_item',
  {
    cityId: uuid('city_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    meetingId: uuid('meeting_id'),
    decisionId: uuid('decision_id'),
    title: text('title').notNull(),
    ownerUserId: text('owner_user_id').references(() => user.id, { onDelete: 'set null' }),
    dueOn: date('due_on').notNull(),
    status: text('status').notNull(), // 'open' | 'done' | 'cancelled'
    doneAt: timestamp('done_at', { withTimezone: true, precision: 3 }),
    remindedAt: timestamp('reminded_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.cityId, t.id] }),
    index('action_item_owner_idx').on(t.ownerUserId, t.status, t.dueOn),
  ],
);

/** A secret per person for their iCalendar feed URL (calendar apps cannot send cookies). */
export const calendarFeed = pgTable('calendar_feed', {
  userId: text('user_id')
    .primaryKey()
    .references(() => user.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
