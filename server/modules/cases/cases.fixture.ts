import { expect } from 'vitest';
import type { Role } from '../../../contracts/route.js';
import type { TestApp } from '../../../test/harness.js';
import { organisation, representative } from '../network/index.js';

/**
 * Test fixture for case tests: a city with a network on a case template, organisations, and one
 * signed-in person per role, each linked (as a representative) to an organisation.
 *
 *   municipality — chair, coordinator     school — memberA     clinic — memberB
 *   youth — memberC (never assigned in the tests that use it)  ngo (external) — partner
 *   liaison, analyst, auditor — no organisation
 */
export interface CaseCity {
  cityId: string;
  orgs: Record<'municipality' | 'school' | 'clinic' | 'youth' | 'police' | 'ngo', string>;
  cookies: Record<CasePersona, string>;
  userIds: Record<CasePersona, string>;
  url: (path: string) => string;
}

export type CasePersona =
  'chair' | 'coordinator' | 'memberA' | 'memberB' | 'memberC' | 'partner' | 'liaison' | 'analyst' | 'auditor';

const personas: { key: CasePersona; role: Role; org?: keyof CaseCity['orgs'] }[] = [
  { key: 'chair', role: 'chair', org: 'municipality' },
  { key: 'coordinator', role: 'coordinator', org: 'municipality' },
  { key: 'memberA', role: 'member', org: 'school' },
  { key: 'memberB', role: 'member', org: 'clinic' },
  { key: 'memberC', role: 'member', org: 'youth' },
  { key: 'partner', role: 'partner', org: 'ngo' },
  { key: 'liaison', role: 'national_liaison' },
  { key: 'analyst', role: 'network_analyst' },
  { key: 'auditor', role: 'auditor' },
];

export async function caseCity(t: TestApp, slug: string, templateId = 'situation-table'): Promise<CaseCity> {
  const cityId = await t.createCity(slug, { require2faRoles: [] });
  const userIds = {} as CaseCity['userIds'];
  const cookies = {} as CaseCity['cookies'];
  for (const p of personas) {
    const email = `${p.key.toLowerCase()}@${slug}.test`;
    userIds[p.key] = await t.createPerson({ email, name: `${p.key} of ${slug}`, cityId, role: p.role });
    // Everyone enrols a second factor: identities open only with one (requireTwoFactorForIdentity).
    cookies[p.key] = (await t.enrol2fa(await t.signIn(email))).cookie;
  }
  const created = await t.call({
    method: 'POST',
    url: `/api/cities/${cityId}/network`,
    cookie: cookies.chair,
    payload: { templateId },
  });
  expect(created.statusCode).toBe(201);
  const orgs = {} as CaseCity['orgs'];
  const sectors: Record<keyof CaseCity['orgs'], [string, 'formal' | 'external']> = {
    municipality: ['community_affairs', 'formal'],
    school: ['education', 'formal'],
    clinic: ['mental_health', 'formal'],
    youth: ['youth', 'formal'],
    police: ['police_justice', 'formal'],
    ngo: ['other', 'external'],
  };
  for (const [key, [sector, kind]] of Object.entries(sectors)) {
    const [row] = await t.deps.db
      .insert(organisation)
      .values({ cityId, name: `${key} (${slug})`, sector, membershipKind: kind, joinedOn: '2020-01-01' })
      .returning({ id: organisation.id });
    orgs[key as keyof CaseCity['orgs']] = row.id;
  }
  for (const p of personas) {
    if (!p.org) continue;
    await t.deps.db.insert(representative).values({
      cityId,
      organisationId: orgs[p.org],
      userId: userIds[p.key],
      displayName: p.key,
      networkRole: 'representative',
      joinedOn: '2020-01-01',
    });
  }
  return { cityId, orgs, cookies, userIds, url: (path: string) => `/api/cities/${cityId}${path}` };
}

export const presentation = {
  originatingReason: 'Repeated absence and a crisis at home; the school cannot lower the risk alone.',
  subjectKind: 'person',
  ageBand: '12-17',
  gender: 'female',
  neighbourhood: 'North End',
  riskFactors: ['aggressive-behaviour'],
  protectiveFactors: [],
} as const;
