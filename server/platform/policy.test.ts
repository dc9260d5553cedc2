import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { roles, type Role } from '../../contracts/route.js';
import { can, permissionsOf, rules } from './policy.js';
import { cityNetwork } from '../modules/city-networks/index.js';

/**
 * Every role × action of the foundation's routes, plus a chair of another city and an anonymous
 * caller. The expectations are written out by hand here (not derived from the policy table), so a
 * change to the policy that is not also made here fails.
 */
type Who = Role | 'other-city-chair' | 'anonymous' | 'platform-admin';
const allowed = (...who: Who[]) => new Set<Who>(who);
const everyRole = roles as readonly Role[];

interface Case {
  name: string;
  allowedFor: Set<Who>;
  /** Status when refused: 403 inside the city; 404 from another city (existence not disclosed); 401 anonymous. */
  run: (
    cookie: string | undefined,
    ctx: { cityId: string; victim: () => Promise<string> },
  ) => Promise<{ statusCode: number }>;
}

let t: TestApp;
let cityId: string;
let otherCityId: string;
const cookies = new Map<Who, string>();
let victims = 0;

const cases: Case[] = [
  {
    name: 'open the city workspace',
    allowedFor: allowed(...everyRole, 'platform-admin'),
    run: (cookie, c) => t.call({ method: 'GET', url: `/api/cities/${c.cityId}`, cookie }),
  },
  {
    name: 'change city security settings',
    allowedFor: allowed('chair'),
    run: (cookie, c) =>
      t.call({
        method: 'PATCH',
        url: `/api/cities/${c.cityId}/settings`,
        cookie,
        payload: { require2faRoles: [] },
      }),
  },
  {
    name: 'list people',
    allowedFor: allowed('chair', 'coordinator', 'member', 'auditor'),
    run: (cookie, c) => t.call({ method: 'GET', url: `/api/cities/${c.cityId}/people`, cookie }),
  },
  {
    name: "open another person's record",
    allowedFor: allowed('chair', 'coordinator', 'member', 'auditor'),
    run: async (cookie, c) =>
      t.call({ method: 'GET', url: `/api/cities/${c.cityId}/people/${await c.victim()}`, cookie }),
  },
  {
    name: "change another person's role",
    allowedFor: allowed('chair'),
    run: async (cookie, c) =>
      t.call({
        method: 'PATCH',
        url: `/api/cities/${c.cityId}/people/${await c.victim()}`,
        cookie,
        payload: { role: 'coordinator' },
      }),
  },
  {
    name: "change another person's phone",
    allowedFor: allowed(),
    run: async (cookie, c) =>
      t.call({
        method: 'PATCH',
        url: `/api/cities/${c.cityId}/people/${await c.victim()}`,
        cookie,
        payload: { phone: '+1 555 0100' },
      }),
  },
  {
    name: 'remove a person',
    allowedFor: allowed('chair'),
    run: async (cookie, c) =>
      t.call({ method: 'DELETE', url: `/api/cities/${c.cityId}/people/${await c.victim()}`, cookie }),
  },
  {
    name: 'list invitations',
    allowedFor: allowed('chair', 'platform-admin'),
    run: (cookie, c) => t.call({ method: 'GET', url: `/api/cities/${c.cityId}/invitations`, cookie }),
  },
  {
    name: 'invite a person',
    allowedFor: allowed('chair', 'platform-admin'),
    run: (cookie, c) =>
      t.call({
        method: 'POST',
        url: `/api/cities/${c.cityId}/invitations`,
        cookie,
        payload: { email: `invitee${victims++}@x.test`, role: 'member' },
      }),
  },
  {
    name: 'read the audit log',
    allowedFor: allowed('chair', 'auditor'),
    run: (cookie, c) => t.call({ method: 'GET', url: `/api/cities/${c.cityId}/audit`, cookie }),
  },
  {
    name: 'verify the audit chain',
    allowedFor: allowed('chair', 'auditor'),
    run: (cookie, c) => t.call({ method: 'POST', url: `/api/cities/${c.cityId}/audit/verify`, cookie }),
  },
  // Networks of cities (docs/CITY_NETWORKS.md): every city route, from inside and from another city.
  {
    name: 'list the networks of cities and this city’s memberships',
    allowedFor: allowed('chair', 'coordinator', 'member', 'auditor'),
    run: (cookie, c) => t.call({ method: 'GET', url: `/api/cities/${c.cityId}/city-networks`, cookie }),
  },
  {
    name: 'read the decisions about joining a network of cities',
    allowedFor: allowed('chair'),
    run: async (cookie, c) =>
      t.call({
        method: 'GET',
        url: `/api/cities/${c.cityId}/city-networks/${await aCityNetwork()}/join-decisions`,
        cookie,
      }),
  },
  {
    name: 'read the shared template library',
    allowedFor: allowed('chair', 'coordinator'),
    run: (cookie, c) => t.call({ method: 'GET', url: `/api/cities/${c.cityId}/network-templates`, cookie }),
  },
  {
    name: 'read the imported templates',
    allowedFor: allowed('chair', 'coordinator'),
    run: (cookie, c) =>
      t.call({ method: 'GET', url: `/api/cities/${c.cityId}/network-template-imports`, cookie }),
  },
];

let cityNetworkId: string | undefined;
async function aCityNetwork(): Promise<string> {
  if (!cityNetworkId) {
    const [row] = await t.deps.db
      .insert(cityNetwork)
      .values({ name: 'Policy network', kind: 'national' })
      .returning({ id: cityNetwork.id });
    cityNetworkId = row.id;
  }
  return cityNetworkId;
}

beforeAll(async () => {
  t = await createTestApp();
  // 2FA enforcement has its own tests (auth.test.ts); here every role signs in with a password only.
  cityId = await t.createCity('policy-city', { require2faRoles: [] });
  otherCityId = await t.createCity('policy-other', { require2faRoles: [] });
  for (const role of everyRole) {
    await t.createPerson({ email: `${role}@x.test`, cityId, role });
    cookies.set(role, await t.signIn(`${role}@x.test`));
  }
  await t.createPerson({ email: 'other-chair@x.test', cityId: otherCityId, role: 'chair' });
  cookies.set('other-city-chair', await t.signIn('other-chair@x.test'));
  await t.createPerson({ email: 'admin@x.test', platformAdmin: true });
  // Platform-admin rights need a second factor (cities.test.ts shows the refusal without one).
  cookies.set('platform-admin', (await t.enrol2fa(await t.signIn('admin@x.test'))).cookie);
});
afterAll(() => t.close());

const everyone: Who[] = [...everyRole, 'other-city-chair', 'platform-admin', 'anonymous'];

describe.each(cases)('$name', (testCase) => {
  it.each(everyone)('as %s', async (who) => {
    const victim = async () => t.createPerson({ email: `victim${victims++}@x.test`, cityId, role: 'member' });
    const response = await testCase.run(who === 'anonymous' ? undefined : cookies.get(who), {
      cityId,
      victim,
    });
    if (who === 'anonymous') expect(response.statusCode).toBe(401);
    else if (who === 'other-city-chair') expect(response.statusCode).toBe(404);
    else if (testCase.allowedFor.has(who))
      expect(response.statusCode, `${who} should be allowed`).toBeLessThan(300);
    else expect(response.statusCode, `${who} should be refused`).toBe(403);
  });
});

describe('creating cities', () => {
  it.each(everyone)('as %s', async (who) => {
    const response = await t.call({
      method: 'POST',
      url: '/api/cities',
      cookie: who === 'anonymous' ? undefined : cookies.get(who),
      payload: { name: `New ${String(who)}`, slug: `new-${String(who).replace(/_/g, '-')}` },
    });
    const expected = who === 'anonymous' ? 401 : who === 'platform-admin' ? 201 : 403;
    expect(response.statusCode).toBe(expected);
  });
});

describe('contact details are need-to-know', () => {
  it('shows a phone to the chair and the person themself only, and audits each read', async () => {
    const ownerId = await t.createPerson({ email: 'owner@x.test', cityId, role: 'member' });
    const owner = await t.signIn('owner@x.test');
    const set = await t.call({
      method: 'PATCH',
      url: `/api/cities/${cityId}/people/${ownerId}`,
      cookie: owner,
      payload: { phone: '+41 79 000 11 22' },
    });
    expect(set.json().phone).toBe('+41 79 000 11 22');
    for (const role of ['coordinator', 'member', 'auditor'] as const) {
      const seen = await t.call({
        method: 'GET',
        url: `/api/cities/${cityId}/people/${ownerId}`,
        cookie: cookies.get(role),
      });
      expect(seen.statusCode).toBe(200);
      expect(seen.json().phone, role).toBeNull();
    }
    const chair = await t.call({
      method: 'GET',
      url: `/api/cities/${cityId}/people/${ownerId}`,
      cookie: cookies.get('chair'),
    });
    expect(chair.json().phone).toBe('+41 79 000 11 22');
    const audit = await t.call({
      method: 'GET',
      url: `/api/cities/${cityId}/audit?action=read&recordType=membership`,
      cookie: cookies.get('auditor'),
    });
    const reads = audit.json().items.filter((e: { recordId: string }) => e.recordId === ownerId);
    expect(reads.length).toBeGreaterThanOrEqual(2); // the owner's own read after update, and the chair's
    expect(reads.every((e: { fields: string[] }) => e.fields.join() === 'phone')).toBe(true);
    expect(JSON.stringify(audit.json())).not.toContain('000 11 22');
  });

  it('a chair cannot demote or remove themself, and a city keeps a chair', async () => {
    const chairId = (await t.call({ method: 'GET', url: '/api/me', cookie: cookies.get('chair') })).json()
      .user.id;
    const demote = await t.call({
      method: 'PATCH',
      url: `/api/cities/${cityId}/people/${chairId}`,
      cookie: cookies.get('chair'),
      payload: { role: 'member' },
    });
    expect(demote.statusCode).toBe(403);
    const remove = await t.call({
      method: 'DELETE',
      url: `/api/cities/${cityId}/people/${chairId}`,
      cookie: cookies.get('chair'),
    });
    expect(remove.statusCode).toBe(403);
  });
});

describe('the policy table', () => {
  it('denies by default: no role, no permission', () => {
    for (const action of Object.keys(rules) as (keyof typeof rules)[]) {
      expect(can({ userId: 'u', isPlatformAdmin: false }, action)).toBe(false);
    }
    expect(permissionsOf({ userId: 'u', isPlatformAdmin: false })).toEqual([]);
  });
});
