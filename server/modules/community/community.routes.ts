import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createEvents, type EventAttributes } from 'ics';
import { communicationRoutes, communityRoutes } from '../../../contracts/community.contract.js';
import { locales, type Locale } from '../../../contracts/route.js';
import type { AppDeps } from '../../platform/deps.js';
import { notFound } from '../../platform/errors.js';
import { negotiateLocale } from '../../platform/i18n.js';
import { registerRoute } from '../../platform/routes.js';
import { requestBaseUrl } from '../people/index.js';
import { PageCache } from './community.cache.js';
import { homePage } from './community.html.js';
import * as community from './community.service.js';
import * as messages from './community.messages.js';
import * as reports from './community.report.js';

const SLUG = /^[a-z0-9][a-z0-9-]{0,59}$/;

/** The slug and language of a public page, or 404 (problem+json) for anything else. */
export function publicParams(request: FastifyRequest): { slug: string; locale: Locale } {
  const { slug, lang } = request.params as { slug?: unknown; lang?: unknown };
  if (typeof slug !== 'string' || !SLUG.test(slug)) throw notFound();
  if (lang === undefined) return { slug, locale: 'en' };
  if (typeof lang !== 'string' || !(locales as readonly string[]).includes(lang)) throw notFound();
  return { slug, locale: lang as Locale };
}

/** Headers of every public page: HTML, shared caches may keep it a minute, never indexed when private. */
export function sendHtml(reply: FastifyReply, html: string, cache: 'public' | 'no-store' = 'public') {
  return reply
    .type('text/html; charset=utf-8')
    .header('cache-control', cache === 'public' ? 'public, max-age=60' : 'no-store')
    .header('content-language', (/<html lang="(\w+)"/.exec(html) ?? [])[1] ?? 'en')
    .send(html);
}

/** Public routes log no client address (platform/logging.ts); these are anonymous by configuration. */
export const anonymous = { anonymous: true } as const;

export async function communityModule(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  const cache = new PageCache();
  const r = communityRoutes;

  registerRoute(app, deps, r.getCommunitySettings, ({ actor, params }) =>
    community.getSettings(db, actor, params.cityId),
  );
  registerRoute(app, deps, r.updateCommunitySettings, ({ actor, auditActor, params, body }) =>
    community.updateSettings(db, cache, actor, auditActor, params.cityId, body),
  );
  registerRoute(app, deps, r.listPublicEvents, ({ actor, params }) =>
    community.listEvents(db, actor, params.cityId),
  );
  registerRoute(app, deps, r.createPublicEvent, ({ actor, auditActor, params, body }) =>
    community.createEvent(db, cache, actor, auditActor, params.cityId, body),
  );
  registerRoute(app, deps, r.deletePublicEvent, async ({ actor, auditActor, params }) => {
    await community.deleteEvent(db, cache, actor, auditActor, params.cityId, params.eventId);
    return null;
  });

  const c = communicationRoutes;
  registerRoute(app, deps, c.listAnnualReports, ({ actor, params }) =>
    reports.listReports(db, actor, params.cityId),
  );
  registerRoute(app, deps, c.publishAnnualReport, ({ actor, auditActor, params, body }) =>
    reports.publishReport(db, cache, actor, auditActor, params.cityId, body),
  );
  registerRoute(app, deps, c.withdrawAnnualReport, ({ actor, auditActor, params }) =>
    reports.withdrawReport(db, cache, actor, auditActor, params.cityId, params.reportId),
  );
  registerRoute(app, deps, c.listPublicMessages, ({ actor, params }) =>
    messages.listMessages(db, actor, params.cityId),
  );
  registerRoute(app, deps, c.createPublicMessage, ({ actor, auditActor, params, body }) =>
    messages.createMessage(db, actor, auditActor, params.cityId, body),
  );
  registerRoute(app, deps, c.updatePublicMessage, ({ actor, auditActor, params, body }) =>
    messages.updateMessage(db, actor, auditActor, params.cityId, params.messageId, body),
  );
  registerRoute(app, deps, c.setPublicMessageStatus, ({ actor, auditActor, params, body }) =>
    messages.setMessageStatus(db, actor, auditActor, params.cityId, params.messageId, body.status),
  );
  registerRoute(app, deps, c.getKeyTexts, ({ actor, params }) =>
    messages.keyTexts(db, actor, params.cityId, params.kind),
  );
  registerRoute(app, deps, c.saveKeyTexts, ({ actor, auditActor, params, body }) =>
    messages.saveKeyTexts(db, actor, auditActor, params.cityId, params.kind, body),
  );

  // An annual report as published: the same bytes for everyone, cacheable, only while published.
  app.get('/p/:slug/reports/:file', { schema: { hide: true }, config: anonymous }, async (request, reply) => {
    const { slug } = publicParams(request);
    const { file } = request.params as { file?: unknown };
    const match = typeof file === 'string' ? /^([0-9a-f-]{36})\.pdf$/.exec(file) : null;
    if (!match) throw notFound();
    const cityRow = await community.cityBySlug(db, slug);
    if (!cityRow) throw notFound();
    const settings = await community.loadSettings(db, cityRow.id);
    if (!settings.published.reports) throw notFound();
    const found = await reports.reportFile(db, cityRow.id, match[1]);
    if (!found) throw notFound();
    return reply
      .type('application/pdf')
      .header('cache-control', 'public, max-age=3600')
      .header('content-disposition', `inline; filename="${slug}-annual-report-${found.year}.pdf"`)
      .send(found.pdf);
  });

  // The public pages: /p/{slug}/{lang}. Not /c/…, which is the signed-in web app's (/c/$cityId/…).
  app.get('/p/:slug', { schema: { hide: true }, config: anonymous }, async (request, reply) => {
    const { slug } = publicParams(request);
    const cityRow = await community.cityBySlug(db, slug);
    if (!cityRow) throw notFound();
    const fallback = (locales as readonly string[]).includes(cityRow.defaultLocale)
      ? (cityRow.defaultLocale as Locale)
      : 'en';
    const lang = negotiateLocale(request.headers['accept-language'], fallback);
    return reply.header('vary', 'accept-language').redirect(`/p/${slug}/${lang}`, 302);
  });

  app.get('/p/:slug/:lang', { schema: { hide: true }, config: anonymous }, async (request, reply) => {
    const { slug, locale } = publicParams(request);
    const cached = cache.get(slug, `home:${locale}`);
    if (cached) return sendHtml(reply, cached);
    const data = await community.publicPageData(db, slug);
    if (!data) throw notFound();
    const html = homePage(data, locale, requestBaseUrl(deps, request).replace(/\/$/, ''));
    cache.set(slug, `home:${locale}`, html);
    return sendHtml(reply, html);
  });

  app.get('/p/:slug/events.ics', { schema: { hide: true }, config: anonymous }, async (request, reply) => {
    const { slug } = publicParams(request);
    const cached = cache.get(slug, 'ics');
    const send = (body: string) =>
      reply.type('text/calendar; charset=utf-8').header('cache-control', 'public, max-age=300').send(body);
    if (cached) return send(cached);
    const data = await community.publicPageData(db, slug);
    if (!data || !data.settings.published.events) throw notFound();
    const base = requestBaseUrl(deps, request).replace(/\/$/, '');
    const events: EventAttributes[] = data.events.map((e) => ({
      uid: `${e.id}@lpn-workspace`,
      start: new Date(e.startsAt).getTime(),
      startInputType: 'utc',
      startOutputType: 'utc',
      ...(e.endsAt
        ? { end: new Date(e.endsAt).getTime(), endInputType: 'utc', endOutputType: 'utc' }
        : { duration: { hours: 1 } }),
      title: e.title,
      location: e.place || undefined,
      url: `${base}/p/${slug}/en`,
      status: 'CONFIRMED',
      productId: 'lpn-workspace/community',
    })) as EventAttributes[];
    const calName = `${data.city.name}: LPN`;
    const { error, value } = events.length
      ? createEvents(events, { calName })
      : { error: null, value: emptyCalendar(calName) };
    if (error || !value) throw error ?? new Error('calendar');
    cache.set(slug, 'ics', value);
    return send(value);
  });
}

function emptyCalendar(name: string): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:lpn-workspace/community',
    `X-WR-CALNAME:${name.replace(/[\r\n,;\\]/g, ' ')}`,
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}
