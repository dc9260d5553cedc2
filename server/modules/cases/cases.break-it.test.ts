import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { caseCity, presentation, type CaseCity, type CasePersona } from './cases.fixture.js';

/*
 * Break-it: people who must not see a situation's identity try every surface that could show it —
 * list, detail, search, reveal, the duplicate check, subject access, statistics, the open-data CSV,
 * the audit log, the referral inbox and meeting minutes. For each we assert the answer is refused
 * or, where the surface is theirs to read, that it carries no identity.
 */

const SECRET = { givenName: 'Secretina', familyName: 'Hiddenfamily', dateOfBirth: '2010-03-04' };
const SECRET_PHONE = '+000 919 2737';
const LEAKS = ['Secretina', 'Hiddenfamily', '919 2737', '2010-03-04'];

let t: TestApp;
let c: CaseCity;
let other: CaseCity;
let caseId: string;
let reference: string;
let meetingId: string;

type Attacker = { name: string; cookie: () => string | undefined };
const attackers: Attacker[] = [
  ...(['memberC', 'partner', 'coordinator', 'chair', 'auditor', 'liaison', 'analyst'] as CasePersona[]).map(
    (p) => ({ name: p, cookie: () => c.cookies[p] }),
  ),
  { name: 'another city’s chair', cookie: () => other.cookies.chair },
  { name: 'the public', cookie: () => undefined },
];

function expectNoLeak(body: string, label: string) {
  for (const fragment of LEAKS) expect(body, `${label} leaks ${fragment}`).not.toContain(fragment);
}

beforeAll(async () => {
  t = await createTestApp();
  c = await caseCity(t, 'breakit');
  other = await caseCity(t, 'elsewhere');
  const call = (who: CasePersona, method: string, path: string, payload?: object) =>
    t.call({ method: method as 'POST', url: c.url(path), cookie: c.cookies[who], payload });
  const created = await call('memberA', 'POST', '/cases', presentation);
  caseId = created.json().id;
  reference = created.json().reference;
  await call('memberA', 'POST', `/cases/${caseId}/persons`, {
    relation: 'subject',
    identity: {
      ...SECRET,
      phone: SECRET_PHONE,
      guardians: [{ name: 'Guardia Hiddenfamily', relationship: 'aunt' }],
    },
  });
  await call('memberA', 'POST', `/cases/${caseId}/stage`, { to: 'filter-2' });
  await call('chair', 'POST', `/cases/${caseId}/decision`, { thresholdMet: true });
  // Only the school (memberA) and the clinic (memberB) are assigned.
  await call('coordinator', 'PUT', `/cases/${caseId}/assignments`, {
    leadOrganisationId: c.orgs.school,
    assistingOrganisationIds: [c.orgs.clinic],
    disclosure: { basis: 'legal-basis', basisDetail: 'Acutely elevated risk, by-law 12' },
  });
  expect(
    (await call('memberB', 'POST', `/cases/${caseId}/reveal`, { reason: 'Preparing the visit' })).statusCode,
  ).toBe(200);
  const m = await call('coordinator', 'POST', '/meetings', {
    title: 'Situation table',
    startsAt: '2026-11-20T09:00:00Z',
    durationMinutes: 90,
  });
  meetingId = m.json().id;
  await call('coordinator', 'PUT', `/meetings/${meetingId}/agenda`, {
    items: [{ kind: 'case', title: 'Situation discussed', caseRef: reference }],
  });
});
afterAll(() => t.close());

describe('people without need-to-know try every door', () => {
  const doors: { name: string; method: string; path: () => string; payload?: () => object }[] = [
    { name: 'case list', method: 'GET', path: () => '/cases' },
    { name: 'search by reference', method: 'GET', path: () => `/cases?reference=${reference}` },
    { name: 'case detail', method: 'GET', path: () => `/cases/${caseId}` },
    {
      name: 'reveal',
      method: 'POST',
      path: () => `/cases/${caseId}/reveal`,
      payload: () => ({ reason: 'I would like to know' }),
    },
    {
      name: 'duplicate check',
      method: 'POST',
      path: () => `/cases/${caseId}/persons/check`,
      payload: () => SECRET,
    },
    {
      name: 'subject access',
      method: 'POST',
      path: () => '/cases/subject-access',
      payload: () => ({ ...SECRET, reason: 'Request from the person', format: 'json' }),
    },
    { name: 'statistics', method: 'GET', path: () => '/case-statistics' },
    { name: 'equity panel', method: 'GET', path: () => '/case-statistics/equity' },
    { name: 'open-data CSV', method: 'GET', path: () => '/case-statistics/rtd.csv' },
    { name: 'audit log', method: 'GET', path: () => '/audit' },
    { name: 'referral inbox', method: 'GET', path: () => '/referrals' },
    { name: 'case referrals', method: 'GET', path: () => `/cases/${caseId}/referrals` },
    { name: 'meeting minutes', method: 'GET', path: () => `/meetings/${meetingId}` },
  ];
  // Doors that open identity: no attacker may pass, whatever else their role allows.
  const identityDoors = new Set(['reveal', 'duplicate check']);

  for (const attacker of attackers) {
    it(`${attacker.name}: refused at the identity doors, and no identity behind any door`, async () => {
      for (const door of doors) {
        const r = await t.call({
          method: door.method as 'GET',
          url: c.url(door.path()),
          cookie: attacker.cookie(),
          ...(door.payload ? { payload: door.payload() } : {}),
        });
        const label = `${attacker.name} → ${door.name} (${r.statusCode})`;
        expect(r.statusCode, label).toBeLessThan(500);
        if (door.name === 'subject access' && attacker.name === 'chair') {
          // The documented exception: the controller answers the person's own request (audited).
          expect(r.statusCode, label).toBe(200);
          continue;
        }
        expectNoLeak(r.body, label);
        if (identityDoors.has(door.name)) expect([401, 403, 404], label).toContain(r.statusCode);
        // Subject access is the chair's legal duty (documented exception); everyone else is refused.
        if (door.name === 'subject access' && attacker.name !== 'chair') {
          expect([401, 403, 404], label).toContain(r.statusCode);
        }
        if (attacker.name === 'the public') expect(r.statusCode, label).toBe(401);
        if (attacker.name === 'another city’s chair') expect(r.statusCode, label).toBe(404);
      }
    });
  }

  it('the CSV and statistics never carry the reference either; the partner cannot read minutes', async () => {
    const csv = await t.call({
      method: 'GET',
      url: c.url('/case-statistics/rtd.csv'),
      cookie: c.cookies.coordinator,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).not.toContain(reference);
    expect(csv.body).not.toContain('North End'); // no neighbourhood in open data
    const minutes = await t.call({
      method: 'GET',
      url: c.url(`/meetings/${meetingId}`),
      cookie: c.cookies.partner,
    });
    expect(minutes.statusCode).toBe(403);
    // A name offered as a case reference on an agenda is refused.
    const named = await t.call({
      method: 'PUT',
      url: c.url(`/meetings/${meetingId}/agenda`),
      cookie: c.cookies.coordinator,
      payload: { items: [{ kind: 'case', title: 'x', caseRef: 'Secretina Hiddenfamily' }] },
    });
    expect(named.statusCode).toBe(400);
  });

  it('the assigned member does get in — the doors are not simply shut', async () => {
    const r = await t.call({
      method: 'POST',
      url: c.url(`/cases/${caseId}/reveal`),
      cookie: c.cookies.memberA,
      payload: { reason: 'Preparing the visit' },
    });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain('Hiddenfamily');
  });
});
