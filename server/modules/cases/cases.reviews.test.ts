import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { addDays } from './cases.dates.js';
import { caseCity, presentation, type CaseCity, type CasePersona } from './cases.fixture.js';
import { REVIEW_REMINDER_DAYS, sendReviewReminders } from './cases.reviews.js';
import { caseFollowUp } from './cases.table.js';

let t: TestApp;
let c: CaseCity;
let channel: CaseCity;
let other: CaseCity;

const today = new Date().toISOString().slice(0, 10);
const NAME = { givenName: 'Reviewa', familyName: 'Neverlisted', dateOfBirth: '1985-05-05', guardians: [] };

async function as(city: CaseCity, who: CasePersona, method: string, path: string, payload?: unknown) {
  return t.call({
    method: method as 'GET',
    url: city.url(path),
    cookie: city.cookies[who],
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** A four-filter situation brought by memberA (school), accepted with the given lead, then closed. */
async function closedSituation(lead: string, assisting: string[]) {
  const id = (await as(c, 'memberA', 'POST', '/cases', presentation)).json().id as string;
  await as(c, 'memberA', 'POST', `/cases/${id}/stage`, { to: 'filter-2' });
  await as(c, 'coordinator', 'POST', `/cases/${id}/decision`, { thresholdMet: true });
  const assigned = await as(c, 'coordinator', 'PUT', `/cases/${id}/assignments`, {
    leadOrganisationId: lead,
    assistingOrganisationIds: assisting,
    disclosure: { basis: 'legal-basis', basisDetail: 'Acutely elevated risk: municipal safety by-law 12(3)' },
  });
  expect(assigned.statusCode).toBe(200);
  const person = await as(c, 'memberA', 'POST', `/cases/${id}/persons`, {
    relation: 'subject',
    identity: NAME,
  });
  expect(person.statusCode).toBe(201);
  const closed = await as(c, 'memberA', 'POST', `/cases/${id}/close`, { outcome: 'risk-lowered-connected' });
  expect(closed.statusCode).toBe(200);
  return { id, reference: closed.json().reference as string };
}

async function review(caseId: string, dueOn: string) {
  const r = await as(c, 'memberA', 'POST', `/cases/${caseId}/follow-ups`, {
    kind: 'post-closure-review',
    dueOn,
  });
  expect(r.statusCode).toBe(201);
  return (r.json().followUps as { id: string; dueOn: string }[]).find((f) => f.dueOn === dueOn)!.id;
}

let s1: { id: string; reference: string };
let s2: { id: string; reference: string };

beforeAll(async () => {
  t = await createTestApp();
  c = await caseCity(t, 'reviews');
  channel = await caseCity(t, 'reviewpanel', 'channel-panel');
  other = await caseCity(t, 'reviewelsewhere');
  // S1: school leads, clinic assists. S2: police leads (nobody of it signed up); only school (which
  // brought it) and police are on it, so the clinic's member must not see its reviews.
  s1 = await closedSituation(c.orgs.school, [c.orgs.clinic]);
  s2 = await closedSituation(c.orgs.police, []);
  await review(s1.id, addDays(today, -3)); // overdue
  await review(s1.id, addDays(today, 10)); // due soon
  await review(s1.id, addDays(today, 90)); // later
  const done = await review(s1.id, addDays(today, 5));
  await as(c, 'memberA', 'POST', `/cases/${s1.id}/follow-ups/${done}/complete`, { finding: 'risk-lowered' });
  await review(s2.id, addDays(today, -1)); // overdue
  await review(s2.id, addDays(today, 20)); // due soon
  // Another city's review, due today: never in this city's list or counts.
  const foreign = (await as(other, 'memberA', 'POST', '/cases', presentation)).json().id as string;
  await as(other, 'memberA', 'POST', `/cases/${foreign}/stage`, { to: 'filter-2' });
  await as(other, 'coordinator', 'POST', `/cases/${foreign}/decision`, { thresholdMet: true });
  await as(other, 'coordinator', 'PUT', `/cases/${foreign}/assignments`, {
    leadOrganisationId: other.orgs.school,
    assistingOrganisationIds: [],
  });
  await as(other, 'memberA', 'POST', `/cases/${foreign}/close`, { outcome: 'other' });
  await t.call({
    method: 'POST',
    url: other.url(`/cases/${foreign}/follow-ups`),
    cookie: other.cookies.memberA,
    payload: { kind: 'post-closure-review', dueOn: today },
  });
});
afterAll(() => t.close());

describe('review dates at closure', () => {
  it('schedules the 6- and 12-month reviews on calendar months, clamped to the month’s end', async () => {
    const id = (await as(channel, 'memberA', 'POST', '/cases', { ...presentation, riskFactors: [] })).json()
      .id as string;
    // Screening accepted: the situation is in assessment, which may be closed (e.g. support declined).
    const screened = await as(channel, 'chair', 'POST', `/cases/${id}/decision`, { thresholdMet: true });
    expect(screened.json().stage).toBe('assessment');
    // Closed on 31 August 2025 (UTC): six months on is 28 February 2026, not 3 March.
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-08-31T16:30:00Z') });
    let closed;
    try {
      closed = await as(channel, 'memberA', 'POST', `/cases/${id}/close`, {
        outcome: 'risk-lowered-connected',
      });
    } finally {
      vi.useRealTimers();
    }
    expect(closed.statusCode).toBe(200);
    expect(
      (closed.json().followUps as { dueOn: string; monthsAfterClosure: number }[]).map((f) => [
        f.monthsAfterClosure,
        f.dueOn,
      ]),
    ).toEqual([
      [6, '2026-02-28'],
      [12, '2026-08-31'],
    ]);
  });
});

describe('reviews due', () => {
  const list = (city: CaseCity, who: CasePersona, query = '') =>
    as(city, who, 'GET', `/cases/reviews-due${query}`);
  const refs = (body: { items: { reference: string; dueOn: string }[] }) =>
    body.items.map((i) => `${i.reference} ${i.dueOn}`);

  it('gives the chair and coordinators the city’s open reviews, earliest first, with counts', async () => {
    for (const who of ['coordinator', 'chair'] as const) {
      const r = await list(c, who);
      expect(r.statusCode).toBe(200);
      const body = r.json();
      expect(refs(body)).toEqual([
        `${s1.reference} ${addDays(today, -3)}`,
        `${s2.reference} ${addDays(today, -1)}`,
        `${s1.reference} ${addDays(today, 10)}`,
        `${s2.reference} ${addDays(today, 20)}`,
      ]);
      expect(body.counts).toEqual({ overdue: 2, dueSoon: 2 });
      expect(body.withinDays).toBe(30);
      expect(body.items[0]).toMatchObject({
        situationId: s1.id,
        stage: 'closed',
        overdue: true,
        monthsAfterClosure: null,
        leadOrganisation: { id: c.orgs.school, name: 'school (reviews)', sector: 'education' },
      });
      expect(body.items[1].leadOrganisation).toMatchObject({ id: c.orgs.police });
      expect(body.items[2].overdue).toBe(false);
    }
    // A wider window brings the later review in; the counts follow.
    const wide = (await list(c, 'coordinator', '?withinDays=120')).json();
    expect(wide.items).toHaveLength(5);
    expect(wide.counts).toEqual({ overdue: 2, dueSoon: 3 });
  });

  it('carries the reference, stage, due date and lead organisation — never a person or a note', async () => {
    const r = await list(c, 'coordinator', '?withinDays=366');
    expect(r.body).not.toContain('Reviewa');
    expect(r.body).not.toContain('Neverlisted');
    for (const item of r.json().items) {
      expect(Object.keys(item).sort()).toEqual(
        [
          'dueOn',
          'id',
          'leadOrganisation',
          'monthsAfterClosure',
          'overdue',
          'reference',
          'situationId',
          'stage',
        ].sort(),
      );
    }
  });

  it('pages with a cursor and refuses a forged one', async () => {
    const first = (await list(c, 'coordinator', '?limit=3')).json();
    expect(first.items).toHaveLength(3);
    expect(first.counts).toEqual({ overdue: 2, dueSoon: 2 }); // counts cover every page
    const second = (await list(c, 'coordinator', `?limit=3&cursor=${first.nextCursor}`)).json();
    expect(refs(second)).toEqual([`${s2.reference} ${addDays(today, 20)}`]);
    expect(second.nextCursor).toBeNull();
    for (const forged of [
      ['not-a-date', 'x'],
      ['2026-02-30', '00000000-0000-0000-0000-000000000000'],
      ['2026-02-01', '------------------------------------'],
      [1, 'not-a-uuid'],
    ]) {
      const cursor = Buffer.from(JSON.stringify(forged)).toString('base64url');
      const r = await list(c, 'coordinator', `?cursor=${cursor}`);
      expect(r.statusCode).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    expect((await list(c, 'coordinator', '?withinDays=0')).statusCode).toBe(400);
  });

  it('shows a member only the reviews of situations their organisation is assigned to', async () => {
    const school = (await list(c, 'memberA')).json(); // brought both, leads S1
    expect(school.items).toHaveLength(4);
    const clinic = (await list(c, 'memberB')).json(); // assists S1 only
    expect(refs(clinic)).toEqual([
      `${s1.reference} ${addDays(today, -3)}`,
      `${s1.reference} ${addDays(today, 10)}`,
    ]);
    expect(clinic.counts).toEqual({ overdue: 1, dueSoon: 1 });
    const unassigned = (await list(c, 'memberC')).json(); // youth: on no situation
    expect(unassigned).toMatchObject({ items: [], counts: { overdue: 0, dueSoon: 0 }, nextCursor: null });
  });

  it('keeps the list from partners, liaisons, analysts, auditors, other cities and the public', async () => {
    for (const who of ['partner', 'liaison', 'analyst', 'auditor'] as const) {
      expect((await list(c, who)).statusCode).toBe(403);
    }
    const foreign = await t.call({
      method: 'GET',
      url: c.url('/cases/reviews-due'),
      cookie: other.cookies.chair,
    });
    expect(foreign.statusCode).toBe(404);
    const anonymous = await t.call({ method: 'GET', url: c.url('/cases/reviews-due') });
    expect(anonymous.statusCode).toBe(401);
    // The other city's own list holds its own review only.
    const theirs = (await list(other, 'coordinator')).json();
    expect(theirs.items).toHaveLength(1);
    expect(theirs.counts).toEqual({ overdue: 0, dueSoon: 1 });
    expect([s1.id, s2.id]).not.toContain(theirs.items[0].situationId);
  });
});

describe('review reminders', () => {
  it('e-mail the lead agency’s people and the coordinators once per review, naming only the reference', async () => {
    const deps = { db: t.deps.db, mailer: t.deps.mailer, publicUrl: 'https://lpn.example' };
    t.mail.length = 0;
    // Due within REVIEW_REMINDER_DAYS or overdue, not done: S1's two, S2's overdue one, and the
    // other city's (it has its own coordinator and lead).
    expect(REVIEW_REMINDER_DAYS).toBe(14);
    const sent = await sendReviewReminders(deps);
    // References repeat across cities (ST-2026-0001 in each): tell the mails apart by their link.
    const about = (id: string) => t.mail.filter((m) => m.text.includes(`/c/${c.cityId}/cases/${id}`));
    const [forS1, forS2] = [about(s1.id), about(s2.id)];
    const ours = [...forS1, ...forS2];
    expect(t.mail.filter((m) => m.to.endsWith('@reviewelsewhere.test'))).toHaveLength(2);
    // S1 is led by the school: memberA and the coordinator, for each of its two reviews; the assisting
    // clinic is not written to. S2 is led by the police, who have nobody here: the coordinator only.
    expect(forS1.map((m) => m.to).sort()).toEqual([
      'coordinator@reviews.test',
      'coordinator@reviews.test',
      'membera@reviews.test',
      'membera@reviews.test',
    ]);
    expect(forS2.map((m) => m.to)).toEqual(['coordinator@reviews.test']);
    expect(t.mail.map((m) => m.to)).not.toContain('memberb@reviews.test');
    expect(sent).toBe(t.mail.length);
    for (const m of ours) {
      expect(`${m.subject}${m.text}`).not.toMatch(/Reviewa|Neverlisted/);
      expect(m.text).toContain('https://lpn.example/c/');
      expect(m.subject).toMatch(/^Situation ST-\d{4}-\d{4}: post-closure review due on \d{4}-\d{2}-\d{2}$/);
    }
    expect(forS1[0].subject).toContain(s1.reference);
    expect(forS2[0].subject).toContain(addDays(today, -1));

    // Once: the claim is on the row, so a rerun (or another node) sends nothing more.
    t.mail.length = 0;
    expect(await sendReviewReminders(deps)).toBe(0);
    const claimed = await t.deps.db.select().from(caseFollowUp).where(eq(caseFollowUp.situationId, s1.id));
    expect(
      claimed
        .filter((f) => f.remindedAt)
        .map((f) => f.dueOn)
        .sort(),
    ).toEqual([addDays(today, -3), addDays(today, 10)].sort());
    // The later ones come due in time; the completed one never does.
    const later = new Date(Date.now() + 85 * 86_400_000);
    await sendReviewReminders(deps, later);
    expect(about(s1.id).map((m) => m.subject)).toEqual([
      expect.stringContaining(addDays(today, 90)),
      expect.stringContaining(addDays(today, 90)),
    ]);
  });
});
