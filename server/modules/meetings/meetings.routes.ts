import type { FastifyInstance } from 'fastify';
import { createEvents, type EventAttributes } from 'ics';
import { z } from 'zod';
import { meetingsRoutes } from '../../../contracts/meetings.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { registerRoute } from '../../platform/routes.js';
import { authorize } from '../../platform/policy.js';
import { notFound } from '../../platform/errors.js';
import { requestBaseUrl } from '../people/index.js';
import * as meetings from './meetings.service.js';

const feedParams = z.object({
  file: z
    .string()
    .max(104)
    .regex(/^[A-Za-z0-9_-]{20,100}\.ics$/),
});

export async function meetingsModule(app: FastifyInstance, deps: AppDeps) {
  const db = deps.db;
  const r = meetingsRoutes;

  registerRoute(app, deps, r.listMeetings, async ({ actor, params, query }) => {
    authorize(actor, 'meetings.read');
    return meetings.listMeetings(db, params.cityId, query);
  });
  // Before :meetingId in reading order; the router prefers the static segment anyway.
  registerRoute(app, deps, r.nextMeeting, async ({ actor, params }) => {
    authorize(actor, 'meetings.next');
    return meetings.nextMeeting(db, params.cityId);
  });
  registerRoute(app, deps, r.getMeeting, async ({ actor, params }) => {
    authorize(actor, 'meetings.read');
    return meetings.getMeeting(db, params.cityId, params.meetingId);
  });
  registerRoute(app, deps, r.createMeeting, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'meetings.manage');
    const id = await meetings.createMeeting(db, params.cityId, auditActor, body);
    return meetings.getMeeting(db, params.cityId, id);
  });
  registerRoute(app, deps, r.updateMeeting, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'meetings.manage');
    await meetings.updateMeeting(db, params.cityId, auditActor, params.meetingId, body);
    return meetings.getMeeting(db, params.cityId, params.meetingId);
  });
  registerRoute(app, deps, r.cancelMeeting, async ({ actor, auditActor, params }) => {
    authorize(actor, 'meetings.manage');
    await meetings.cancelMeeting(db, params.cityId, auditActor, params.meetingId);
    return meetings.getMeeting(db, params.cityId, params.meetingId);
  });
  registerRoute(app, deps, r.replaceAgenda, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'meetings.manage');
    return {
      items: await meetings.replaceAgenda(db, params.cityId, auditActor, params.meetingId, body.items),
    };
  });
  registerRoute(app, deps, r.pullAgendaItems, async ({ actor, auditActor, params }) => {
    authorize(actor, 'meetings.manage');
    return { items: await meetings.pullAgenda(db, params.cityId, auditActor, params.meetingId) };
  });
  registerRoute(app, deps, r.recordAttendance, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'meetings.manage');
    return meetings.recordAttendance(db, params.cityId, auditActor, params.meetingId, body.entries);
  });
  registerRoute(app, deps, r.recordDecision, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'meetings.manage');
    return meetings.recordDecision(db, params.cityId, auditActor, params.meetingId, body);
  });
  registerRoute(app, deps, r.createActionItem, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'meetings.manage');
    return meetings.createActionItem(db, params.cityId, auditActor, params.meetingId, body);
  });
  registerRoute(app, deps, r.updateActionItem, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'meetings.read');
    const owner = await meetings.actionItemOwner(db, params.cityId, params.actionItemId);
    // Owners may only mark their own item done or reopen it; everything else is for managers.
    const ownerOnly = body.title === undefined && body.dueOn === undefined && body.status !== 'cancelled';
    authorize(actor, ownerOnly ? 'meetings.update-own-action-item' : 'meetings.manage', {
      userId: owner ?? undefined,
    });
    return meetings.updateActionItem(db, params.cityId, auditActor, params.actionItemId, body);
  });
  registerRoute(app, deps, r.listSeries, async ({ actor, params }) => {
    authorize(actor, 'meetings.read');
    return { items: await meetings.listSeries(db, params.cityId) };
  });
  registerRoute(app, deps, r.createSeries, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'meetings.manage');
    return meetings.createSeries(db, params.cityId, auditActor, body);
  });
  registerRoute(app, deps, r.generateSeries, async ({ actor, auditActor, params }) => {
    authorize(actor, 'meetings.manage');
    return { generated: await meetings.generateSeries(db, params.cityId, auditActor, params.seriesId) };
  });
  registerRoute(app, deps, r.myActionItems, async ({ signedIn }) => ({
    items: await meetings.myActionItems(db, signedIn!.userId),
  }));
  registerRoute(app, deps, r.rotateCalendarFeed, async ({ signedIn, request }) => {
    const token = await meetings.rotateCalendarFeed(db, signedIn!.userId);
    return { url: `${requestBaseUrl(deps, request).replace(/\/$/, '')}/api/calendar/${token}.ics` };
  });

  // Public: calendar apps cannot send cookies, so the secret in the URL is the credential.
  app.get(
    '/api/calendar/:file',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        summary: "A person's meetings as iCalendar (public; the URL's token is the secret)",
        tags: ['meetings'],
        params: feedParams,
      },
    },
    async (request, reply) => {
      const parsed = feedParams.safeParse(request.params);
      if (!parsed.success) throw notFound();
      const token = parsed.data.file.slice(0, -'.ics'.length);
      const rows = await meetings.feedMeetings(db, token);
      const base = requestBaseUrl(deps, request).replace(/\/$/, '');
      const events: EventAttributes[] = rows.map((m) => ({
        uid: `${m.id}@lpn-workspace`,
        start: m.startsAt.getTime(),
        startInputType: 'utc',
        startOutputType: 'utc',
        duration: { minutes: m.durationMinutes },
        title: `${m.title} (${m.cityName})`,
        location: m.location || undefined,
        url: `${base}/c/${m.cityId}/meetings/${m.id}`,
        status: 'CONFIRMED',
        productId: 'lpn-workspace/meetings',
      }));
      const { error, value } = events.length
        ? createEvents(events, { calName: 'LPN meetings' })
        : { error: null, value: emptyCalendar() };
      if (error || !value) throw error ?? new Error('calendar');
      return reply
        .type('text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .send(value);
    },
  );
}

function emptyCalendar(): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:lpn-workspace/meetings',
    'X-WR-CALNAME:LPN meetings',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
