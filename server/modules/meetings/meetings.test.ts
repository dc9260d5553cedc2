import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { organisation } from '../network/index.js';
import { torVersion, type TorSections } from '../tor/index.js';
import { actionItem, meeting } from './meetings.table.js';
import { occurrenceDates, zonedToUtc } from './meetings.time.js';
import { quorumFor, recordDecision, sendActionItemReminders } from './index.js';

let t: TestApp;
let cityId: string;
let otherCity: string;
let chair: string;
let coordinator: string;
let member: string;
let memberId: string;
let partner: string;
let auditor: string;
let otherChair: string;
const formal: string[] = [];
let external: string;

const api = (path: string) => `/api/cities/${cityId}${path}`;

async function addOrg(
  city: string,
  name: string,
  kind: 'formal' | 'external',
  joinedOn = '2020-01-01',
  leftOn: string | null = null,
) {
  const [row] = await t.deps.db
    .insert(organisation)
    .values({ cityId: city, name, sector: 'education', membershipKind: kind, joinedOn, leftOn })
    .returning({ id: organisation.id });
  return row.id;
}

async function newMeeting(startsAt = '2026-01-15T09:00:00Z', template = 'standard') {
  const r = await t.call({
    method: 'POST',
    url: api('/meetings'),
    cookie: coordinator,
    payload: {
      title: 'Network meeting',
      startsAt,
      durationMinutes: 90,
      location: 'Town hall',
      agendaTemplate: template,
    },
  });
  expect(r.statusCode).toBe(201);
  return r.json().id as string;
}

async function attend(meetingId: string, presentOrgs: string[]) {
  const all = [...formal, external];
  const r = await t.call({
    method: 'PUT',
    url: api(`/meetings/${meetingId}/attendance`),
    cookie: coordinator,
    payload: {
      entries: all.map((organisationId) => ({
        organisationId,
        present: presentOrgs.includes(organisationId),
      })),
    },
  });
  expect(r.statusCode).toBe(200);
  return r.json();
}

beforeAll(async () => {
  t = await createTestApp();
  cityId = await t.createCity('meetville', { require2faRoles: [] });
  otherCity = await t.createCity('elsewhere', { require2faRoles: [] });
  await t.createPerson({ email: 'chair@m.test', cityId, role: 'chair' });
  await t.createPerson({ email: 'coord@m.test', cityId, role: 'coordinator' });
  memberId = await t.createPerson({ email: 'member@m.test', cityId, role: 'member' });
  await t.createPerson({ email: 'partner@m.test', cityId, role: 'partner' });
  await t.createPerson({ email: 'auditor@m.test', cityId, role: 'auditor' });
  await t.createPerson({ email: 'other@m.test', cityId: otherCity, role: 'chair' });
  chair = await t.signIn('chair@m.test');
  coordinator = await t.signIn('coord@m.test');
  member = await t.signIn('member@m.test');
  partner = await t.signIn('partner@m.test');
  auditor = await t.signIn('auditor@m.test');
  otherChair = await t.signIn('other@m.test');
  for (const name of ['School A', 'Clinic B', 'Youth C', 'Police D'])
    formal.push(await addOrg(cityId, name, 'formal'));
  external = await addOrg(cityId, 'Partner NGO', 'external');
  // Not active on the meeting dates: joined later, or left before.
  await addOrg(cityId, 'Late joiner', 'formal', '2030-01-01');
  await addOrg(cityId, 'Gone', 'formal', '2019-01-01', '2025-06-01');
});
afterAll(() => t.close());

describe('series', () => {
  it('computes local times across time zones and monthly dates clamped to month end', () => {
    expect(zonedToUtc('2026-07-01', '10:00', 'Europe/Paris').toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(zonedToUtc('2026-01-01', '10:00', 'Europe/Paris').toISOString()).toBe('2026-01-01T09:00:00.000Z');
    expect(zonedToUtc('2026-01-01', '10:00', 'Africa/Nairobi').toISOString()).toBe(
      '2026-01-01T07:00:00.000Z',
    );
    expect(occurrenceDates('monthly', '2026-01-31', '2026-04-30')).toEqual([
      '2026-01-31',
      '2026-02-28',
      '2026-03-31',
      '2026-04-30',
    ]);
    expect(occurrenceDates('fortnightly', '2026-01-01', '2026-01-31')).toEqual([
      '2026-01-01',
      '2026-01-15',
      '2026-01-29',
    ]);
  });

  it('a weekly series generates its meetings for the next 12 months, once', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const r = await t.call({
      method: 'POST',
      url: api('/meeting-series'),
      cookie: chair,
      payload: {
        title: 'Weekly coordination',
        cadence: 'weekly',
        startTime: '10:00',
        timeZone: 'Africa/Nairobi',
        durationMinutes: 60,
        location: 'Online',
        startsOn: today,
      },
    });
    expect(r.statusCode).toBe(201);
    const { series, generated } = r.json();
    expect(generated).toBeGreaterThanOrEqual(52);
    expect(generated).toBeLessThanOrEqual(53);
    const again = await t.call({
      method: 'POST',
      url: api(`/meeting-series/${series.id}/generate`),
      cookie: chair,
    });
    expect(again.json()).toEqual({ generated: 0 });
    const rows = await t.deps.db
      .select()
      .from(meeting)
      .where(and(eq(meeting.cityId, cityId), eq(meeting.seriesId, series.id)));
    expect(rows).toHaveLength(generated);
    // 10:00 in Nairobi is 07:00 UTC.
    expect(rows.every((m) => m.startsAt.toISOString().endsWith('T07:00:00.000Z'))).toBe(true);

    const list = await t.call({
      method: 'GET',
      url: api('/meetings?when=upcoming&limit=20'),
      cookie: member,
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(20);
    const next = await t.call({
      method: 'GET',
      url: api(`/meetings?when=upcoming&limit=20&cursor=${list.json().nextCursor}`),
      cookie: member,
    });
    const firstIds = new Set(list.json().items.map((m: { id: string }) => m.id));
    expect(next.json().items.some((m: { id: string }) => firstIds.has(m.id))).toBe(false);
    expect(next.json().items[0].startsAt >= list.json().items[19].startsAt).toBe(true);
  });

  it('the monthly-reflection template pre-fills reflection and planning items', async () => {
    const r = await t.call({
      method: 'POST',
      url: api('/meeting-series'),
      cookie: coordinator,
      payload: {
        title: 'Monthly reflection',
        cadence: 'monthly',
        startTime: '14:00',
        timeZone: 'Europe/Paris',
        agendaTemplate: 'monthly-reflection',
        startsOn: '2026-01-10',
        endsOn: '2026-03-10',
      },
    });
    expect(r.json().generated).toBe(3);
    const [first] = await t.deps.db
      .select()
      .from(meeting)
      .where(and(eq(meeting.cityId, cityId), eq(meeting.seriesId, r.json().series.id)))
      .orderBy(meeting.startsAt);
    const detail = (
      await t.call({ method: 'GET', url: api(`/meetings/${first.id}`), cookie: auditor })
    ).json();
    const titles = detail.agenda.map((a: { title: string }) => a.title);
    expect(titles).toContain('What did we deliver last month?');
    expect(titles).toContain('What worked and what did not?');
    expect(titles).toContain('Activities and owners for next month');
    expect(detail.agenda.map((a: { kind: string }) => a.kind)).toEqual(
      expect.arrayContaining(['reflection', 'planning']),
    );
  });
});

describe('agenda in the city language', () => {
  it('a French city gets the reflection template in French', async () => {
    const { city } = await import('../cities/index.js');
    await t.deps.db.update(city).set({ defaultLocale: 'fr' }).where(eq(city.id, cityId));
    const id = await newMeeting('2026-02-15T09:00:00Z', 'monthly-reflection');
    await t.deps.db.update(city).set({ defaultLocale: 'en' }).where(eq(city.id, cityId));
    const detail = (await t.call({ method: 'GET', url: api(`/meetings/${id}`), cookie: member })).json();
    expect(detail.agenda[0].title).toBe('Qu’avons-nous réalisé le mois dernier ?');
  });
});

describe('agenda per model', () => {
  it('each structure template brings its own agenda, used when a meeting names none', async () => {
    const { listTemplates } = await import('../network/index.js');
    const { agendaTemplates } = await import('../../../contracts/meetings.contract.js');
    for (const template of listTemplates()) {
      if (template.caseWorkflow.kind === 'none' && template.id === 'custom') continue;
      expect(agendaTemplates).toContain(template.agendaTemplate);
    }
    const city = await t.createCity('safehouse-agenda', { require2faRoles: [] });
    await t.createPerson({ email: 'chair@sh-agenda.test', cityId: city, role: 'chair' });
    const shChair = await t.signIn('chair@sh-agenda.test');
    const net = await t.call({
      method: 'POST',
      url: `/api/cities/${city}/network`,
      cookie: shChair,
      payload: { templateId: 'safety-house' },
    });
    expect(net.statusCode).toBe(201);
    const created = await t.call({
      method: 'POST',
      url: `/api/cities/${city}/meetings`,
      cookie: shChair,
      payload: { title: 'Weekly triage', startsAt: '2026-03-02T09:00:00Z' },
    });
    expect(created.statusCode).toBe(201);
    const agenda = created.json().agenda as { kind: string; title: string; caseRef: string | null }[];
    expect(agenda.map((a) => a.title)).toContain('Triage of new situations, by reference only (never names)');
    expect(agenda.some((a) => a.title.includes('the reason and the date to reconsider'))).toBe(true);
    // A template item is never a case item: a situation appears on the agenda by its reference only.
    expect(agenda.every((a) => a.kind !== 'case' && a.caseRef === null)).toBe(true);
    // Asked for explicitly, another agenda wins; the series stores the model's when none is named.
    const series = await t.call({
      method: 'POST',
      url: `/api/cities/${city}/meeting-series`,
      cookie: shChair,
      payload: {
        title: 'Triage',
        cadence: 'weekly',
        startTime: '09:00',
        timeZone: 'Europe/Amsterdam',
        startsOn: '2026-03-02',
        endsOn: '2026-03-20',
      },
    });
    expect(series.statusCode).toBe(201);
    expect(series.json().series.agendaTemplate).toBe('safety-house-triage');
    const standard = await newMeeting('2026-03-03T09:00:00Z', 'standard');
    const detail = (
      await t.call({ method: 'GET', url: api(`/meetings/${standard}`), cookie: member })
    ).json();
    expect(detail.agenda[0].title).toBe('Opening and apologies');
  });

  it('every agenda is translated in every language (no raw keys)', async () => {
    const { city } = await import('../cities/index.js');
    const { agendaTemplates } = await import('../../../contracts/meetings.contract.js');
    for (const locale of ['en', 'fr', 'ar', 'mk', 'sq', 'sw']) {
      await t.deps.db.update(city).set({ defaultLocale: locale }).where(eq(city.id, cityId));
      for (const template of agendaTemplates) {
        const id = await newMeeting('2026-04-01T09:00:00Z', template);
        const detail = (await t.call({ method: 'GET', url: api(`/meetings/${id}`), cookie: member })).json();
        expect(detail.agenda.length).toBeGreaterThan(2);
        for (const item of detail.agenda as { title: string }[])
          expect(item.title).not.toMatch(/^[a-z]+[A-Z]/);
      }
    }
    await t.deps.db.update(city).set({ defaultLocale: 'en' }).where(eq(city.id, cityId));
  });
});

describe('agenda', () => {
  it('a case item carries a case reference, never a name', async () => {
    const id = await newMeeting();
    const name = await t.call({
      method: 'PUT',
      url: api(`/meetings/${id}/agenda`),
      cookie: coordinator,
      payload: { items: [{ kind: 'case', caseRef: 'Amina Yusuf' }] },
    });
    expect(name.statusCode).toBe(400);
    const notes = await t.call({
      method: 'PUT',
      url: api(`/meetings/${id}/agenda`),
      cookie: coordinator,
      payload: { items: [{ kind: 'case', caseRef: 'ISL-2026-0042', notes: 'Amina, 15' }] },
    });
    expect(notes.statusCode).toBe(400);
    const detail = (await t.call({ method: 'GET', url: api(`/meetings/${id}`), cookie: coordinator })).json();
    expect(detail.agenda.length).toBeGreaterThan(0); // nothing half-written
    const ok = await t.call({
      method: 'PUT',
      url: api(`/meetings/${id}/agenda`),
      cookie: coordinator,
      payload: {
        items: [
          { kind: 'discussion', title: 'Opening' },
          { kind: 'case', caseRef: 'ISL-2026-0042' },
        ],
      },
    });
    expect(ok.statusCode).toBe(200);
    // Ids survive a reorder (decisions may point at items); another meeting's item id is refused.
    const [first, second] = ok.json().items;
    const reordered = await t.call({
      method: 'PUT',
      url: api(`/meetings/${id}/agenda`),
      cookie: coordinator,
      payload: { items: [{ ...second, notes: '' }, { ...first }] },
    });
    expect(reordered.json().items.map((i: { id: string }) => i.id)).toEqual([second.id, first.id]);
    const other = await newMeeting();
    const foreign = await t.call({
      method: 'PUT',
      url: api(`/meetings/${other}/agenda`),
      cookie: coordinator,
      payload: { items: [{ id: first.id, kind: 'discussion', title: 'Stolen' }] },
    });
    expect(foreign.statusCode).toBe(400);
    expect(ok.json().items).toEqual([
      expect.objectContaining({ position: 0, kind: 'discussion', title: 'Opening' }),
      expect.objectContaining({
        position: 1,
        kind: 'case',
        caseRef: 'ISL-2026-0042',
        title: 'ISL-2026-0042',
      }),
    ]);
  });
});

describe('attendance, quorum and decisions', () => {
  it('default quorum: at least half of the active formal organisations', async () => {
    const id = await newMeeting();
    const detail = (await t.call({ method: 'GET', url: api(`/meetings/${id}`), cookie: member })).json();
    // Active on 2026-01-15: four formal and one external; not "Late joiner" or "Gone".
    expect(detail.attendance.map((a: { name: string }) => a.name).sort()).toEqual([
      'Clinic B',
      'Partner NGO',
      'Police D',
      'School A',
      'Youth C',
    ]);
    // One of four formal plus the external partner: the partner does not count, so not half.
    expect(await attend(id, [formal[0], external])).toEqual({
      present: 1,
      required: 2,
      eligible: 4,
      met: false,
    });
    // At least half of the formal organisations: two of four.
    expect(await attend(id, formal.slice(0, 2))).toEqual({ present: 2, required: 2, eligible: 4, met: true });
  });

  it('count and share rules, met and not met', async () => {
    const id = await newMeeting();
    await attend(id, formal.slice(0, 2));
    const base = { method: 'majority', voters: 'formal-members' } as const;
    expect(
      await quorumFor(t.deps.db, cityId, id, { ...base, quorum: { kind: 'count', value: 2 } }),
    ).toMatchObject({ met: true, required: 2 });
    expect(
      await quorumFor(t.deps.db, cityId, id, { ...base, quorum: { kind: 'count', value: 3 } }),
    ).toMatchObject({ met: false, required: 3 });
    expect(
      await quorumFor(t.deps.db, cityId, id, { ...base, quorum: { kind: 'share', value: 0.5 } }),
    ).toMatchObject({ met: true, required: 2 }); // at least half of 4
    expect(
      await quorumFor(t.deps.db, cityId, id, { ...base, quorum: { kind: 'share', value: 2 / 3 } }),
    ).toMatchObject({ met: false, required: 3 });
  });

  it('majority decisions need votes and pass when for > against; without quorum they do not bind', async () => {
    const id = await newMeeting();
    await attend(id, formal.slice(0, 1));
    const noVotes = await t.call({
      method: 'POST',
      url: api(`/meetings/${id}/decisions`),
      cookie: chair,
      payload: { text: 'Adopt the plan' },
    });
    expect(noVotes.statusCode).toBe(400);
    const weak = await t.call({
      method: 'POST',
      url: api(`/meetings/${id}/decisions`),
      cookie: chair,
      payload: { text: 'Adopt the plan', votesFor: 1, votesAgainst: 0 },
    });
    expect(weak.statusCode).toBe(201);
    expect(weak.json()).toMatchObject({
      method: 'majority',
      outcome: 'passed',
      quorumMet: false,
      binding: false,
    });
    await attend(id, formal);
    const rejected = await t.call({
      method: 'POST',
      url: api(`/meetings/${id}/decisions`),
      cookie: chair,
      payload: { text: 'Move the meeting day', votesFor: 2, votesAgainst: 2, abstentions: 0 },
    });
    expect(rejected.json()).toMatchObject({ outcome: 'rejected', quorumMet: true, binding: true });
  });

  it('consensus from the adopted ToR passes without votes; a ToR draft being adopted brings its own rules', async () => {
    const sections = (rules: TorSections['decisionRules']) =>
      ({ decisionRules: rules }) as unknown as TorSections;
    const [draft] = await t.deps.db
      .insert(torVersion)
      .values({
        cityId,
        version: 1,
        status: 'draft',
        title: 'ToR',
        language: 'en',
        sections: sections({
          quorum: { kind: 'count', value: 2 },
          method: 'consensus',
          voters: 'formal-members',
        }),
      })
      .returning();
    const id = await newMeeting();
    await attend(id, formal.slice(0, 2));
    const adoption = await recordDecision(t.deps.db, cityId, { userId: null, role: 'system' }, id, {
      text: 'Adopt ToR v1',
      subjectType: 'tor-adoption',
      subjectId: draft.id,
    });
    expect(adoption).toMatchObject({
      method: 'consensus',
      outcome: 'passed',
      quorumMet: true,
      votesFor: null,
    });
    // Until adopted, a general decision still uses the default rules.
    const general = await t.call({
      method: 'POST',
      url: api(`/meetings/${id}/decisions`),
      cookie: chair,
      payload: { text: 'General' },
    });
    expect(general.statusCode).toBe(400);
    await t.deps.db.update(torVersion).set({ status: 'adopted' }).where(eq(torVersion.id, draft.id));
    const consensus = await t.call({
      method: 'POST',
      url: api(`/meetings/${id}/decisions`),
      cookie: chair,
      payload: { text: 'General' },
    });
    expect(consensus.json()).toMatchObject({
      method: 'consensus',
      outcome: 'passed',
      quorumMet: true,
      binding: true,
    });
    const detail = (await t.call({ method: 'GET', url: api(`/meetings/${id}`), cookie: member })).json();
    expect(detail.rulesSource).toBe('adopted-tor');
    expect(detail.quorum).toEqual({ present: 2, required: 2, eligible: 4, met: true });
    await t.deps.db.delete(torVersion).where(eq(torVersion.id, draft.id));
  });
});

describe('minutes', () => {
  it('approved minutes are frozen', async () => {
    const id = await newMeeting();
    const r = await t.call({
      method: 'PATCH',
      url: api(`/meetings/${id}`),
      cookie: coordinator,
      payload: { minutes: 'We agreed.', status: 'held' },
    });
    expect(r.json()).toMatchObject({ minutes: 'We agreed.', status: 'held' });
    const approved = await t.call({
      method: 'PATCH',
      url: api(`/meetings/${id}`),
      cookie: chair,
      payload: { approveMinutes: true },
    });
    expect(approved.json().minutesApprovedAt).not.toBeNull();
    const change = await t.call({
      method: 'PATCH',
      url: api(`/meetings/${id}`),
      cookie: chair,
      payload: { minutes: 'Changed' },
    });
    expect(change.statusCode).toBe(409);
  });
});

describe('action items and reminders', () => {
  it('owners see their open items; reminders go once', async () => {
    const id = await newMeeting();
    const soon = new Date(Date.now() + 24 * 3600 * 1000).toISOString().slice(0, 10);
    const later = new Date(Date.now() + 20 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const create = (title: string, dueOn: string, ownerUserId = memberId) =>
      t.call({
        method: 'POST',
        url: api(`/meetings/${id}/action-items`),
        cookie: coordinator,
        payload: { title, ownerUserId, dueOn },
      });
    const due = await create('Send the school list', soon);
    expect(due.statusCode).toBe(201);
    await create('Overdue report', '2025-01-01');
    await create('Far away', later);
    const stranger = await t.createPerson({ email: 'stranger@m.test', cityId: otherCity, role: 'member' });
    expect((await create('Not a member', soon, stranger)).statusCode).toBe(400);

    const mine = (await t.call({ method: 'GET', url: '/api/me/action-items', cookie: member })).json();
    expect(mine.items.map((i: { title: string }) => i.title)).toEqual([
      'Overdue report',
      'Send the school list',
      'Far away',
    ]);
    expect(mine.items[0]).toMatchObject({ cityId, cityName: 'City meetville' });

    t.mail.length = 0;
    expect(await sendActionItemReminders(t.deps)).toBe(2);
    expect(t.mail.map((m) => m.to)).toEqual(['member@m.test', 'member@m.test']);
    expect(await sendActionItemReminders(t.deps)).toBe(0);
    expect(t.mail).toHaveLength(2);

    // The owner marks their own item done; they may not rename it.
    const itemId = due.json().id;
    const rename = await t.call({
      method: 'PATCH',
      url: api(`/action-items/${itemId}`),
      cookie: member,
      payload: { title: 'x' },
    });
    expect(rename.statusCode).toBe(403);
    const done = await t.call({
      method: 'PATCH',
      url: api(`/action-items/${itemId}`),
      cookie: member,
      payload: { status: 'done' },
    });
    expect(done.json()).toMatchObject({ status: 'done' });
    const after = (await t.call({ method: 'GET', url: '/api/me/action-items', cookie: member })).json();
    expect(after.items).toHaveLength(2);
    const [row] = await t.deps.db.select().from(actionItem).where(eq(actionItem.id, itemId));
    expect(row.remindedAt).not.toBeNull();
  });
});

describe('action items from a decision without quorum', () => {
  it('are marked as coming from a decision that does not bind, in every list that shows them', async () => {
    const id = await newMeeting();
    await attend(id, formal.slice(0, 1)); // one of four formal organisations: no quorum
    const decide = (text: string) =>
      t.call({
        method: 'POST',
        url: api(`/meetings/${id}/decisions`),
        cookie: chair,
        payload: { text, votesFor: 1, votesAgainst: 0 },
      });
    const weak = await decide('Hold a youth evening');
    expect(weak.json()).toMatchObject({ quorumMet: false, binding: false });
    await attend(id, formal);
    const strong = await decide('Share the school calendar');
    expect(strong.json()).toMatchObject({ quorumMet: true, binding: true });

    const dueOn = new Date(Date.now() + 30 * 24 * 3600 * 1000).toISOString().slice(0, 10);
    const create = (title: string, decisionId?: string) =>
      t.call({
        method: 'POST',
        url: api(`/meetings/${id}/action-items`),
        cookie: coordinator,
        payload: { title, ownerUserId: memberId, dueOn, ...(decisionId ? { decisionId } : {}) },
      });
    const fromWeak = await create('Book the hall', weak.json().id);
    expect(fromWeak.statusCode).toBe(201);
    expect(fromWeak.json()).toMatchObject({ decisionId: weak.json().id, decisionBinding: false });
    const fromStrong = await create('Send the calendar', strong.json().id);
    expect(fromStrong.json()).toMatchObject({ decisionBinding: true });
    const free = await create('Tidy the agenda');
    expect(free.json()).toMatchObject({ decisionId: null, decisionBinding: null });

    // The meeting page, the owner's own list and an update all carry the same mark.
    const detail = (await t.call({ method: 'GET', url: api(`/meetings/${id}`), cookie: member })).json();
    const byTitle = (items: { title: string; decisionBinding: boolean | null }[]) =>
      Object.fromEntries(items.map((i) => [i.title, i.decisionBinding]));
    expect(byTitle(detail.actionItems)).toEqual({
      'Book the hall': false,
      'Send the calendar': true,
      'Tidy the agenda': null,
    });
    const mine = (await t.call({ method: 'GET', url: '/api/me/action-items', cookie: member })).json();
    expect(byTitle(mine.items)).toMatchObject({ 'Book the hall': false, 'Send the calendar': true });
    const updated = await t.call({
      method: 'PATCH',
      url: api(`/action-items/${fromWeak.json().id}`),
      cookie: coordinator,
      payload: { title: 'Book the hall (if confirmed)' },
    });
    expect(updated.json()).toMatchObject({ decisionBinding: false });
  });
});

describe('calendar feed', () => {
  it('serves the person’s cities’ meetings as iCalendar, and only with the current token', async () => {
    const own = await newMeeting(new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString());
    // A meeting in a city the member does not belong to.
    await t.call({
      method: 'POST',
      url: `/api/cities/${otherCity}/meetings`,
      cookie: otherChair,
      payload: { title: 'Elsewhere meeting', startsAt: new Date(Date.now() + 86400000).toISOString() },
    });
    const first = await t.call({ method: 'POST', url: '/api/me/calendar-feed', cookie: member });
    const second = await t.call({ method: 'POST', url: '/api/me/calendar-feed', cookie: member });
    const oldPath = new URL(first.json().url).pathname;
    const path = new URL(second.json().url).pathname;
    expect((await t.call({ method: 'GET', url: oldPath })).statusCode).toBe(404);
    const feed = await t.call({ method: 'GET', url: path });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    const calendar = new ICAL.Component(ICAL.parse(feed.body));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.length).toBeGreaterThan(50);
    expect(events.every((e) => e.summary.includes('City meetville'))).toBe(true);
    const mine = events.find((e) => e.uid.startsWith(own))!;
    expect(mine.location).toBe('Town hall');
    expect(mine.duration.toSeconds()).toBe(90 * 60);
    expect(String(mine.component.getFirstPropertyValue('url'))).toContain(`/c/${cityId}/meetings/${own}`);
    expect(feed.body).not.toContain('ISL-2026');

    // A partner's feed holds nothing from the city they may not read meetings of.
    const p = await t.call({ method: 'POST', url: '/api/me/calendar-feed', cookie: partner });
    const partnerFeed = await t.call({ method: 'GET', url: new URL(p.json().url).pathname });
    expect(partnerFeed.body).not.toContain('VEVENT');
    expect(
      (await t.call({ method: 'GET', url: '/api/calendar/' + 'x'.repeat(43) + '.ics' })).statusCode,
    ).toBe(404);
  });
});

describe('who may do what', () => {
  it('members read but cannot manage; partners cannot read; another city gets 404; anonymous 401', async () => {
    const id = await newMeeting();
    expect((await t.call({ method: 'GET', url: api(`/meetings/${id}`), cookie: member })).statusCode).toBe(
      200,
    );
    const payload = { title: 'x', startsAt: '2026-02-01T10:00:00Z' };
    expect(
      (await t.call({ method: 'POST', url: api('/meetings'), cookie: member, payload })).statusCode,
    ).toBe(403);
    expect(
      (await t.call({ method: 'POST', url: api('/meetings'), cookie: auditor, payload })).statusCode,
    ).toBe(403);
    expect(
      (
        await t.call({
          method: 'PUT',
          url: api(`/meetings/${id}/attendance`),
          cookie: member,
          payload: { entries: [] },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.call({
          method: 'POST',
          url: api(`/meetings/${id}/decisions`),
          cookie: member,
          payload: { text: 'x' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await t.call({ method: 'POST', url: api(`/meetings/${id}/cancel`), cookie: member })).statusCode,
    ).toBe(403);
    expect((await t.call({ method: 'GET', url: api('/meetings'), cookie: partner })).statusCode).toBe(403);
    expect((await t.call({ method: 'GET', url: api(`/meetings/${id}`), cookie: partner })).statusCode).toBe(
      403,
    );
    expect(
      (await t.call({ method: 'GET', url: api(`/meetings/${id}`), cookie: otherChair })).statusCode,
    ).toBe(404);
    expect(
      (await t.call({ method: 'POST', url: api(`/meetings/${id}/cancel`), cookie: otherChair })).statusCode,
    ).toBe(404);
    // The other city's chair cannot reach this meeting through their own city either.
    expect(
      (await t.call({ method: 'GET', url: `/api/cities/${otherCity}/meetings/${id}`, cookie: otherChair }))
        .statusCode,
    ).toBe(404);
    expect((await t.call({ method: 'GET', url: api('/meetings') })).statusCode).toBe(401);
    expect((await t.call({ method: 'GET', url: '/api/me/action-items' })).statusCode).toBe(401);
    expect((await t.call({ method: 'POST', url: '/api/me/calendar-feed' })).statusCode).toBe(401);
    const cancelled = await t.call({ method: 'POST', url: api(`/meetings/${id}/cancel`), cookie: chair });
    expect(cancelled.json().status).toBe('cancelled');
  });
});

// The demo seeder (seedMeetingsDemo, seedMeetingDecisionsDemo) is tested with the whole demo in
// server/seed/demo.test.ts: its timeline depends on the network and ToR seeders.
