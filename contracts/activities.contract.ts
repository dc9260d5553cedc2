import { z } from 'zod';
import { ageBandSets, attendanceSexes } from './age-bands.js';
import { suppressedCountSchema } from './case-statistics.contract.js';
import {
  cursorParam,
  dateCursor,
  int,
  isoDate,
  LIMITS,
  patchOf,
  queryInt,
  requiredText,
  text,
} from './primitives.js';
import { cityParams, defineRoute } from './route.js';

/*
 * Delivered sessions of the action plan's actions (docs/ACTIVITIES.md): when, where, what kind, who
 * facilitated, and how many people came, as COUNTS by sex × age band — never a participant list in
 * this version. Every aggregate of those counts leaves the server through the disclosure-control
 * functions (server/platform/disclosure.ts).
 */

export const sessionTypes = [
  'training',
  'awareness',
  'dialogue',
  'psychosocial-support',
  'sport-culture',
  'election-peace',
  'mentoring',
  'custom',
] as const;
export const sessionTypeSchema = z.enum(sessionTypes);
export type SessionType = z.infer<typeof sessionTypeSchema>;

/** Rows of the attendance table: the product's one list (contracts/age-bands.ts). */
export const sessionSexes = attendanceSexes;
/** Columns of the attendance table: the sessions' band set of the product's one definition. */
export const sessionAgeBands = ageBandSets.sessions;
export const MAX_ATTENDANCE_CELL = 10_000;

/** attendance[sex][ageBand]: counts, rows in the order of `sessionSexes`, columns in the order of `sessionAgeBands`. */
export const attendanceSchema = z
  .array(z.array(int(0, MAX_ATTENDANCE_CELL)).length(sessionAgeBands.length))
  .length(sessionSexes.length);

/** Pre/post test scores of a training, as aggregates: how many took both tests and the mean scores (0–100). */
export const testScoresSchema = z.object({
  participants: int(1, MAX_ATTENDANCE_CELL),
  preMean: z.number().min(0).max(100),
  postMean: z.number().min(0).max(100),
});

export const sessionInput = z.object({
  actionId: z.guid(),
  heldOn: isoDate,
  /** A neighbourhood of the neighbourhood register (another module): a link by id only. */
  neighbourhoodId: z.guid().nullable().default(null),
  type: sessionTypeSchema,
  /** Required when type is 'custom'. */
  customType: text(LIMITS.label).default(''),
  facilitators: z.array(requiredText(LIMITS.personName)).max(10).default([]),
  attendance: attendanceSchema,
  /** Trainings only. */
  testScores: testScoresSchema.nullable().default(null),
  notes: text(LIMITS.shortNote).default(''),
});
export type SessionInput = z.infer<typeof sessionInput>;

export const sessionView = z.object({
  id: z.guid(),
  actionId: z.guid(),
  actionTitle: z.string(),
  heldOn: z.string(),
  neighbourhoodId: z.guid().nullable(),
  type: sessionTypeSchema,
  customType: z.string(),
  facilitators: z.array(z.string()),
  attendance: z.array(z.array(z.number())),
  total: z.number().int(),
  testScores: testScoresSchema.nullable(),
  notes: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SessionView = z.infer<typeof sessionView>;

export const activitySummary = z.object({
  /** Events, not people: shown as counted. */
  sessionsHeld: z.number().int(),
  sessionsByType: z.array(z.object({ type: sessionTypeSchema, sessions: z.number().int() })),
  /** Attendances (a person who came twice counts twice) by sex × age band, small cells withheld. */
  attendance: z.object({
    sexes: z.array(z.enum(sessionSexes)),
    ageBands: z.array(z.enum(sessionAgeBands)),
    cells: z.array(z.array(suppressedCountSchema)),
    rowTotals: z.array(suppressedCountSchema),
    columnTotals: z.array(suppressedCountSchema),
    total: suppressedCountSchema,
  }),
  attendanceByType: z.array(z.object({ type: sessionTypeSchema, attendance: suppressedCountSchema })),
  /** Trainings with pre/post tests: mean scores weighted by participants; withheld under the small-cell minimum. */
  tests: z.object({
    sessions: z.number().int(),
    participants: suppressedCountSchema,
    preMean: z.number().nullable(),
    postMean: z.number().nullable(),
  }),
});
export type ActivitySummary = z.infer<typeof activitySummary>;

const summaryFilter = z.object({
  actionId: z.guid().optional(),
  objectiveId: z.guid().optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

const sessionParams = cityParams.extend({ sessionId: z.guid() });

export const activitiesRoutes = {
  listSessions: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/activities',
    summary: 'Delivered sessions, latest first (partners: those they recorded)',
    tags: ['activities'],
    params: cityParams,
    query: z.object({
      actionId: z.guid().optional(),
      cursor: cursorParam(dateCursor).optional(),
      limit: queryInt(1, 100).default(50),
    }),
    response: z.object({ items: z.array(sessionView), nextCursor: z.string().nullable() }),
  }),
  createSession: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/activities',
    summary: 'Record a delivered session of an action of the adopted plan',
    tags: ['activities'],
    params: cityParams,
    body: sessionInput,
    response: sessionView,
    status: 201,
  }),
  activitySummary: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/activities/summary',
    summary:
      'Sessions held and people reached by sex × age band, computed from the sessions, small cells withheld',
    tags: ['activities'],
    params: cityParams,
    query: summaryFilter,
    response: activitySummary,
  }),
  getSession: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/activities/:sessionId',
    summary: 'One delivered session',
    tags: ['activities'],
    params: sessionParams,
    response: sessionView,
  }),
  updateSession: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/activities/:sessionId',
    summary: 'Correct a delivered session',
    tags: ['activities'],
    params: sessionParams,
    body: patchOf(sessionInput.omit({ actionId: true })),
    response: sessionView,
  }),
  deleteSession: defineRoute({
    method: 'DELETE',
    path: '/api/cities/:cityId/activities/:sessionId',
    summary: 'Delete a session recorded in error',
    tags: ['activities'],
    params: sessionParams,
    response: z.null(),
    status: 204,
  }),
};
