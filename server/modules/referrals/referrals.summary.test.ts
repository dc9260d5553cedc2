import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
// The cases test fixture is test-only code (it imports vitest), so it stays out of the runtime barrel.
// eslint-disable-next-line no-restricted-imports
import { caseCity, presentation, type CaseCity, type CasePersona } from '../cases/cases.fixture.js';

/*
 * GET /referrals/summary feeds the home page's "referrals waiting" card: counts and the newest
 * waiting referrals of the caller's own organisations, never an identity, never another city's.
 */

let t: TestApp;
let c: CaseCity;
let other: CaseCity;

const PERSON = { givenName: 'Mira', familyName: 'Kovalenko', phone: '+254 700 111 222' };
const LEGAL = { basis: 'legal-basis', basisDetail: 'Child protection act, s. 72 (duty to refer)' };

async function as(city: CaseCity, who: CasePersona | null, method: string, path: string, payload?: unknown) {
  return t.call({
    method: method as 'GET',
    url: city.url(path),
    ...(who ? { cookie: city.cookies[who] } : {}),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** An accepted situation led by the school, with one person referred to `to` on a legal basis. */
async function referTo(city: CaseCity, to: string) {
  const created = await as(city, 'memberA', 'POST', '/cases', presentation);
  expect(created.statusCode).toBe(201);
  const id = created.json().id as string;
  expect((await as(city, 'memberA', 'POST', `/cases/${id}/stage`, { to: 'filter-2' })).statusCode).toBe(200);
  expect(
    (await as(city, 'coordinator', 'POST', `/cases/${id}/decision`, { thresholdMet: true })).statusCode,
  ).toBe(200);
  const assigned = await as(city, 'coordinator', 'PUT', `/cases/${id}/assignments`, {
    leadOrganisationId: city.orgs.school,
    assistingOrganisationIds: [],
    disclosure: { basis: 'legal-basis', basisDetail: 'Acutely elevated risk: municipal safety by-law 12(3)' },
  });
  expect(assigned.statusCode).toBe(200);
  const person = await as(city, 'memberA', 'POST', `/cases/${id}/persons`, {
    relation: 'subject',
    identity: PERSON,
  });
  expect(person.statusCode).toBe(201);
  const sent = await as(city, 'memberA', 'POST', `/cases/${id}/referrals`, {
    toOrganisationId: to,
    personId: person.json().personId,
    sharedFields: ['givenName', 'familyName', 'phone'],
    message: 'Mentoring, weekday evenings',
    basis: LEGAL,
  });
  expect(sent.statusCode).toBe(201);
  return sent.json().id as string;
}

beforeAll(async () => {
  t = await createTestApp();
  c = await caseCity(t, 'sum');
  other = await caseCity(t, 'sum-other');
});
afterAll(() => t.close());

describe('the inbox summary', () => {
  it('is empty, not an error, before anything was sent', async () => {
    const empty = await as(c, 'partner', 'GET', '/referrals/summary');
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({ waiting: 0, active: 0, newest: [] });
  });

  it('counts what waits for my organisation, newest first, without any shared field', async () => {
    const first = await referTo(c, c.orgs.ngo);
    const second = await referTo(c, c.orgs.ngo);
    await referTo(c, c.orgs.clinic); // for someone else
    const accepted = await referTo(c, c.orgs.ngo);
    expect(
      (await as(c, 'partner', 'POST', `/referrals/${accepted}/respond`, { action: 'accept' })).statusCode,
    ).toBe(200);

    const summary = await as(c, 'partner', 'GET', '/referrals/summary');
    expect(summary.statusCode).toBe(200);
    const body = summary.json();
    expect(body.waiting).toBe(2);
    expect(body.active).toBe(1);
    expect(body.newest.map((r: { id: string }) => r.id)).toEqual([second, first]);
    expect(body.newest[0].to.id).toBe(c.orgs.ngo);
    expect(body.newest[0].from?.id).toBe(c.orgs.school);
    expect(Object.keys(body.newest[0]).sort()).toEqual(['consentActive', 'from', 'id', 'sentAt', 'to']);
    // Nothing the sender shared, no situation reference.
    expect(summary.body).not.toMatch(/Mira|Kovalenko|700 111|Mentoring|reference|-20\d\d-/);

    // The inbox filtered on "sent" lists the same referrals the count counts.
    const inbox = await as(c, 'partner', 'GET', '/referrals?status=sent');
    expect(inbox.json().items).toHaveLength(body.waiting);
  });

  it('keeps at most three in the list while counting them all', async () => {
    for (let i = 0; i < 2; i++) await referTo(c, c.orgs.ngo);
    const body = (await as(c, 'partner', 'GET', '/referrals/summary')).json();
    expect(body.waiting).toBe(4);
    expect(body.newest).toHaveLength(3);
  });
});

describe('break it', () => {
  it('an organisation that was sent nothing sees nothing of the others', async () => {
    // The youth service (memberC) received nothing; the clinic (memberB) exactly one.
    expect((await as(c, 'memberC', 'GET', '/referrals/summary')).json()).toEqual({
      waiting: 0,
      active: 0,
      newest: [],
    });
    const clinic = (await as(c, 'memberB', 'GET', '/referrals/summary')).json();
    expect(clinic.waiting).toBe(1);
    expect(clinic.newest[0].to.id).toBe(c.orgs.clinic);
  });

  it('the sending organisation does not see its own referrals as waiting for it', async () => {
    const sender = (await as(c, 'memberA', 'GET', '/referrals/summary')).json();
    expect(sender.waiting).toBe(0);
  });

  it('another city: its partner sees its own inbox only; this city does not exist for them', async () => {
    expect((await as(other, 'partner', 'GET', '/referrals/summary')).json().waiting).toBe(0);
    const across = await t.call({
      method: 'GET',
      url: c.url('/referrals/summary'),
      cookie: other.cookies.partner,
    });
    expect(across.statusCode).toBe(404);
    expect(across.body).not.toContain(c.orgs.ngo);
  });

  it('roles without an inbox are refused; the public is not signed in', async () => {
    for (const who of ['liaison', 'analyst', 'auditor'] as const) {
      const refused = await as(c, who, 'GET', '/referrals/summary');
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    expect((await as(c, null, 'GET', '/referrals/summary')).statusCode).toBe(401);
  });
});
