import { z } from 'zod';
import {
  exactText,
  int,
  isoDate,
  isoDateTime,
  LIMITS,
  nonEmptyPatch,
  requiredText,
  text,
  userIdSchema,
} from './primitives.js';
import { cityParams, defineRoute, pageOf, pageQuery } from './route.js';

/** A case reference such as "ISL-2026-0042": never a name. */
export const CASE_REF_PATTERN = /^[A-Z]{2,6}-\d{4}-\d{3,6}$/;

export const cadenceSchema = z.enum(['weekly', 'fortnightly', 'monthly']);
/**
 * Agenda templates: the two general ones, and one per structure template's model (each template
 * names its own in `agendaTemplate`). Case items appear by reference only, never by name.
 */
export const agendaTemplates = [
  'standard',
  'monthly-reflection',
  'situation-table',
  'channel-panel',
  'safety-house-triage',
  'partner-table',
  'info-house',
  'anchor-team',
] as const;
export const agendaTemplateSchema = z.enum(agendaTemplates);
export type AgendaTemplate = z.infer<typeof agendaTemplateSchema>;
export const agendaKindSchema = z.enum(['discussion', 'decision', 'reflection', 'planning', 'case']);
export const meetingStatusSchema = z.enum(['scheduled', 'held', 'cancelled']);
export const actionStatusSchema = z.enum(['open', 'done', 'cancelled']);
const hhmm = z
  .string()
  .max(5)
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const timeZone = text(64, 1).refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { error: 'validation.time-zone' },
);

export const meetingSummary = z.object({
  id: z.guid(),
  seriesId: z.guid().nullable(),
  title: z.string(),
  startsAt: z.string(),
  durationMinutes: z.number(),
  location: z.string(),
  status: meetingStatusSchema,
  minutesApprovedAt: z.string().nullable(),
});
export type MeetingSummary = z.infer<typeof meetingSummary>;

export const agendaItemSchema = z.object({
  id: z.guid(),
  position: z.number(),
  kind: agendaKindSchema,
  title: z.string(),
  notes: z.string(),
  caseRef: z.string().nullable(),
});

export const quorumSchema = z.object({
  present: z.number(),
  required: z.number(),
  eligible: z.number(),
  met: z.boolean(),
});
export type Quorum = z.infer<typeof quorumSchema>;

export const decisionRulesSchema = z.object({
  quorum: z.object({ kind: z.enum(['count', 'share']), value: z.number() }),
  method: z.enum(['consensus', 'majority']),
  voters: z.enum(['formal-members', 'all-members']),
});

export const decisionSchema = z.object({
  id: z.guid(),
  meetingId: z.guid(),
  agendaItemId: z.guid().nullable(),
  text: z.string(),
  subjectType: z.enum([
    'general',
    'tor-adoption',
    'action-plan-adoption',
    'city-network-join',
    'action-plan-action',
  ]),
  subjectId: z.guid().nullable(),
  method: z.enum(['consensus', 'majority']),
  votesFor: z.number().nullable(),
  votesAgainst: z.number().nullable(),
  abstentions: z.number().nullable(),
  outcome: z.enum(['passed', 'rejected']),
  quorumMet: z.boolean(),
  /** A decision recorded without quorum does not bind the network. */
  binding: z.boolean(),
  recordedAt: z.string(),
});
export type Decision = z.infer<typeof decisionSchema>;

export const actionItemSchema = z.object({
  id: z.guid(),
  meetingId: z.guid().nullable(),
  decisionId: z.guid().nullable(),
  title: z.string(),
  ownerUserId: z.string().nullable(),
  ownerName: z.string().nullable(),
  dueOn: z.string(),
  status: actionStatusSchema,
  doneAt: z.string().nullable(),
  /**
   * Whether the decision the item comes from binds the network: false when it was recorded without
   * quorum (the item then carries out a decision that does not bind); null when it has no decision.
   */
  decisionBinding: z.boolean().nullable(),
});
export type ActionItem = z.infer<typeof actionItemSchema>;

export const attendanceEntry = z.object({
  organisationId: z.guid(),
  name: z.string(),
  membershipKind: z.string(),
  present: z.boolean().nullable(),
});

export const meetingDetail = meetingSummary.extend({
  minutes: z.string(),
  agenda: z.array(agendaItemSchema),
  attendance: z.array(attendanceEntry),
  quorum: quorumSchema,
  rules: decisionRulesSchema,
  rulesSource: z.enum(['adopted-tor', 'default']),
  decisions: z.array(decisionSchema),
  actionItems: z.array(actionItemSchema),
});
export type MeetingDetail = z.infer<typeof meetingDetail>;

export const seriesSchema = z.object({
  id: z.guid(),
  title: z.string(),
  cadence: cadenceSchema,
  startTime: z.string(),
  timeZone: z.string(),
  durationMinutes: z.number(),
  location: z.string(),
  agendaTemplate: agendaTemplateSchema,
  startsOn: z.string(),
  endsOn: z.string().nullable(),
});

const meetingParams = cityParams.extend({ meetingId: z.guid() });
const title = requiredText(LIMITS.title);
const location = text(LIMITS.location);
const duration = int(5, 24 * 60);

export const agendaItemInput = z.object({
  /** An existing item of this meeting keeps its id (decisions may point at it). */
  id: z.guid().optional(),
  kind: agendaKindSchema,
  title: text(LIMITS.agendaTitle).default(''),
  notes: text(LIMITS.note).default(''),
  caseRef: text(LIMITS.caseReference).nullable().optional(),
});

export const decisionInput = z.object({
  text: requiredText(LIMITS.note),
  agendaItemId: z.guid().nullable().optional(),
  subjectType: z
    .enum(['general', 'tor-adoption', 'action-plan-adoption', 'city-network-join', 'action-plan-action'])
    .default('general'),
  subjectId: z.guid().nullable().optional(),
  votesFor: int(0, 10000).optional(),
  votesAgainst: int(0, 10000).optional(),
  abstentions: int(0, 10000).optional(),
});
export type DecisionInput = z.input<typeof decisionInput>;

export const meetingsRoutes = {
  listMeetings: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/meetings',
    summary: 'Upcoming (soonest first) or past (latest first) meetings, cursor-paginated',
    tags: ['meetings'],
    params: cityParams,
    query: pageQuery.extend({ when: z.enum(['upcoming', 'past']).default('upcoming') }),
    response: pageOf(meetingSummary),
  }),
  createMeeting: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/meetings',
    summary: 'Schedule a one-off meeting (chair, coordinator)',
    tags: ['meetings'],
    params: cityParams,
    body: z.object({
      title,
      startsAt: isoDateTime,
      durationMinutes: duration.default(120),
      location: location.default(''),
      /** Default: the agenda of the network's structure template, else "standard". */
      agendaTemplate: agendaTemplateSchema.optional(),
    }),
    response: meetingDetail,
    status: 201,
  }),
  getMeeting: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/meetings/:meetingId',
    summary: 'A meeting with agenda, attendance, quorum, decisions and action items',
    tags: ['meetings'],
    params: meetingParams,
    response: meetingDetail,
  }),
  updateMeeting: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/meetings/:meetingId',
    summary: 'Change time, place, status (held), minutes, or approve the minutes (chair, coordinator)',
    tags: ['meetings'],
    params: meetingParams,
    body: nonEmptyPatch(
      z.object({
        title: title.optional(),
        startsAt: isoDateTime.optional(),
        durationMinutes: duration.optional(),
        location: location.optional(),
        status: z.enum(['scheduled', 'held']).optional(),
        minutes: exactText(LIMITS.minutes).optional(),
        approveMinutes: z.boolean().optional(),
      }),
    ),
    response: meetingDetail,
  }),
  cancelMeeting: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/meetings/:meetingId/cancel',
    summary: 'Cancel a meeting (chair, coordinator)',
    tags: ['meetings'],
    params: meetingParams,
    response: meetingDetail,
  }),
  replaceAgenda: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/meetings/:meetingId/agenda',
    summary: 'Replace the ordered agenda; case items carry a case reference only (chair, coordinator)',
    tags: ['meetings'],
    params: meetingParams,
    body: z.object({ items: z.array(agendaItemInput).max(100) }),
    response: z.object({ items: z.array(agendaItemSchema) }),
  }),
  recordAttendance: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/meetings/:meetingId/attendance',
    summary: 'Record which organisations are present or absent; returns the quorum (chair, coordinator)',
    tags: ['meetings'],
    params: meetingParams,
    body: z.object({
      entries: z.array(z.object({ organisationId: z.guid(), present: z.boolean() })).max(500),
    }),
    response: quorumSchema,
  }),
  recordDecision: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/meetings/:meetingId/decisions',
    summary: 'Record a decision; the method comes from the decision rules, quorum is checked and stored',
    tags: ['meetings'],
    params: meetingParams,
    body: decisionInput,
    response: decisionSchema,
    status: 201,
  }),
  createActionItem: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/meetings/:meetingId/action-items',
    summary: 'Add an action item with an owner from the city and a due date (chair, coordinator)',
    tags: ['meetings'],
    params: meetingParams,
    body: z.object({
      title,
      ownerUserId: userIdSchema,
      dueOn: isoDate,
      decisionId: z.guid().nullable().optional(),
    }),
    response: actionItemSchema,
    status: 201,
  }),
  updateActionItem: defineRoute({
    method: 'PATCH',
    path: '/api/cities/:cityId/action-items/:actionItemId',
    summary: 'Change an action item (chair, coordinator) or mark your own done',
    tags: ['meetings'],
    params: cityParams.extend({ actionItemId: z.guid() }),
    body: nonEmptyPatch(
      z.object({
        status: actionStatusSchema.optional(),
        title: title.optional(),
        dueOn: isoDate.optional(),
      }),
    ),
    response: actionItemSchema,
  }),
  listSeries: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/meeting-series',
    summary: 'Recurring meeting series',
    tags: ['meetings'],
    params: cityParams,
    response: z.object({ items: z.array(seriesSchema) }),
  }),
  createSeries: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/meeting-series',
    summary:
      'Create a recurring series; its meetings for the next 12 months are generated (chair, coordinator)',
    tags: ['meetings'],
    params: cityParams,
    body: z.object({
      title,
      cadence: cadenceSchema,
      startTime: hhmm,
      timeZone,
      durationMinutes: duration.default(120),
      location: location.default(''),
      /** Default: the agenda of the network's structure template, else "standard". */
      agendaTemplate: agendaTemplateSchema.optional(),
      startsOn: isoDate,
      endsOn: isoDate.nullable().optional(),
    }),
    response: z.object({ series: seriesSchema, generated: z.number() }),
    status: 201,
  }),
  generateSeries: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/meeting-series/:seriesId/generate',
    summary: "Generate the series' missing meetings for the next 12 months (idempotent)",
    tags: ['meetings'],
    params: cityParams.extend({ seriesId: z.guid() }),
    response: z.object({ generated: z.number() }),
  }),
  nextMeeting: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/meetings/next',
    summary:
      'The next scheduled meeting (date, title, place) and how many are scheduled in the next 30 days (the network and the national liaison)',
    tags: ['meetings'],
    params: cityParams,
    response: z.object({
      meeting: meetingSummary
        .pick({ id: true, title: true, startsAt: true, durationMinutes: true, location: true })
        .nullable(),
      /** Scheduled (not cancelled) meetings starting in the next 30 days, the next one included. */
      next30Days: z.number().int(),
    }),
  }),
  myActionItems: defineRoute({
    method: 'GET',
    path: '/api/me/action-items',
    summary: "The signed-in person's open action items across their cities",
    tags: ['meetings'],
    response: z.object({
      items: z.array(actionItemSchema.extend({ cityId: z.guid(), cityName: z.string() })),
    }),
  }),
  rotateCalendarFeed: defineRoute({
    method: 'POST',
    path: '/api/me/calendar-feed',
    summary: 'Create or rotate your secret iCalendar feed URL (the old URL stops working)',
    tags: ['meetings'],
    response: z.object({ url: z.string() }),
  }),
  pullAgendaItems: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/meetings/:meetingId/agenda/pull',
    summary:
      'Append what the plan and the indicators give now: overdue actions, milestones due, indicator changes (chair, coordinator)',
    tags: ['meetings'],
    params: meetingParams,
    response: z.object({ items: z.array(agendaItemSchema) }),
  }),
};
