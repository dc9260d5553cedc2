import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { representative } from '../network/index.js';
import { caseCity, presentation, type CaseCity, type CasePersona } from './cases.fixture.js';

/*
 * Property: over random situations (who brings it, which agencies are assigned, whether the
 * disclosure basis stands, whether the table rejected it) and every persona of the city, an
 * identity opens through the real API exactly when the person's role is a table role (chair,
 * coordinator, member) and their organisation is assigned — the originating agency always, the
 * others only while a disclosure basis stands — and the situation was not rejected.
 *
 * The model below is written from the rule in docs/CASES.md, not from the service's code.
 */

type Org = keyof CaseCity['orgs'];
const ORGS: Org[] = ['municipality', 'school', 'clinic', 'youth', 'police', 'ngo'];
const PERSONAS: { key: CasePersona; role: string; org: Org | null }[] = [
  { key: 'chair', role: 'chair', org: 'municipality' },
  { key: 'coordinator', role: 'coordinator', org: 'municipality' },
  { key: 'memberA', role: 'member', org: 'school' },
  { key: 'memberB', role: 'member', org: 'clinic' },
  { key: 'memberC', role: 'member', org: 'youth' },
  { key: 'partner', role: 'partner', org: 'ngo' },
  // Linked to organisations below, to show the role alone keeps them out even when assigned.
  { key: 'liaison', role: 'national_liaison', org: 'clinic' },
  { key: 'auditor', role: 'auditor', org: 'police' },
  { key: 'analyst', role: 'network_analyst', org: null },
];
const ORIGINATORS: { persona: CasePersona; org: Org }[] = [
  { persona: 'coordinator', org: 'municipality' },
  { persona: 'memberA', org: 'school' },
  { persona: 'memberB', org: 'clinic' },
  { persona: 'memberC', org: 'youth' },
];

let t: TestApp;
let c: CaseCity;

beforeAll(async () => {
  t = await createTestApp();
  c = await caseCity(t, 'property');
  for (const [persona, org] of [
    ['liaison', 'clinic'],
    ['auditor', 'police'],
  ] as const) {
    await t.deps.db.insert(representative).values({
      cityId: c.cityId,
      organisationId: c.orgs[org],
      userId: c.userIds[persona],
      displayName: persona,
      networkRole: 'representative',
      joinedOn: '2020-01-01',
    });
  }
});
afterAll(() => t.close());

async function call(who: CasePersona, method: string, path: string, payload?: object) {
  return t.call({ method: method as 'POST', url: c.url(path), cookie: c.cookies[who], payload });
}

const scenario = fc.record({
  originator: fc.constantFrom(...ORIGINATORS),
  rejected: fc.boolean(),
  lead: fc.constantFrom(...ORGS),
  assisting: fc.subarray(ORGS),
  withdrawBasis: fc.boolean(),
});

describe('identity visibility (property)', () => {
  it('is exactly: table role + assigned organisation (+ standing basis unless originating) + not rejected', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const created = await call(s.originator.persona, 'POST', '/cases', presentation);
        expect(created.statusCode).toBe(201);
        const id = created.json().id as string;
        await call(s.originator.persona, 'POST', `/cases/${id}/persons`, {
          relation: 'subject',
          identity: { givenName: 'Prop', familyName: 'Erty', dateOfBirth: '2000-01-01' },
        });
        await call(s.originator.persona, 'POST', `/cases/${id}/stage`, { to: 'filter-2' });
        const assigned = new Set<Org>([s.originator.org]);
        let basisStands = false;
        if (s.rejected) {
          await call('chair', 'POST', `/cases/${id}/decision`, { thresholdMet: false });
        } else {
          await call('chair', 'POST', `/cases/${id}/decision`, { thresholdMet: true });
          const r = await call('coordinator', 'PUT', `/cases/${id}/assignments`, {
            leadOrganisationId: c.orgs[s.lead],
            assistingOrganisationIds: s.assisting.map((o) => c.orgs[o]),
            disclosure: { basis: 'legal-basis', basisDetail: 'Acutely elevated risk, by-law 12' },
          });
          expect(r.statusCode).toBe(200);
          for (const o of [s.lead, ...s.assisting]) assigned.add(o);
          basisStands = true;
          if (s.withdrawBasis) {
            const consentId = (r.json().consents as { id: string }[])[0].id;
            const w = await call(s.originator.persona, 'POST', `/cases/${id}/consents/${consentId}/withdraw`);
            expect(w.statusCode).toBe(200);
            basisStands = false;
          }
        }
        for (const p of PERSONAS) {
          const tableRole = ['chair', 'coordinator', 'member'].includes(p.role);
          const mine = p.org !== null && assigned.has(p.org);
          const expected = tableRole && !s.rejected && mine && (p.org === s.originator.org || basisStands);
          const r = await call(p.key, 'POST', `/cases/${id}/reveal`, { reason: 'property test' });
          expect(r.statusCode, `${p.key} on ${JSON.stringify(s)}`).toBe(expected ? 200 : 403);
          if (expected) expect(r.json().persons[0].identity.familyName).toBe('Erty');
          else expect(r.body).not.toContain('Erty');
        }
      }),
      { numRuns: 25 },
    );
  });
});
