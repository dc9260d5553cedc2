import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { verifyAuditChain } from '../../platform/audit/audit.js';
import { DemoTimeline } from '../../seed/timeline.js';
import { seedNetworkDemo } from './index.js';

let t: TestApp;
let cityId: string;
let chair: string;
let partner: string;
const people = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp();
  cityId = await t.createCity('riverton', { require2faRoles: [] });
  const accounts: [string, 'chair' | 'coordinator' | 'member' | 'partner'][] = [
    ['chair@demo.lpn.local', 'chair'],
    ['coordinator@demo.lpn.local', 'coordinator'],
    ['member@demo.lpn.local', 'member'],
    ['partner@demo.lpn.local', 'partner'],
    ...[2, 3, 4, 5, 6, 7].map((i): [string, 'member'] => [`member${i}@demo.lpn.local`, 'member']),
  ];
  for (const [email, role] of accounts) people.set(email, await t.createPerson({ email, cityId, role }));
  const timeline = new DemoTimeline(new Date());
  await seedNetworkDemo({ deps: t.deps, db: t.deps.db, keys: t.deps.keys, cityId, people, timeline });
  // The city's chain already starts today (t.createCity), so the past entries are not written here;
  // server/seed/demo.test.ts checks the whole demo's chain.
  expect(timeline.noted).toBeGreaterThan(20);
  chair = await t.signIn('chair@demo.lpn.local');
  partner = await t.signIn('partner@demo.lpn.local');
});
afterAll(() => t.close());

describe('network demo seeder', () => {
  it("builds Riverton's network from the situation-table template with organisations and representatives", async () => {
    const n = (await t.call({ method: 'GET', url: `/api/cities/${cityId}/network`, cookie: chair })).json();
    expect(n.templateId).toBe('situation-table');
    expect(n.enabledModules.cases).toBe(true);
    const orgs = (
      await t.call({ method: 'GET', url: `/api/cities/${cityId}/organisations`, cookie: chair })
    ).json().items;
    expect(orgs.length).toBeGreaterThanOrEqual(10);
    expect(new Set(orgs.map((o: { sector: string }) => o.sector)).size).toBeGreaterThanOrEqual(8);
    expect(orgs.some((o: { membershipKind: string }) => o.membershipKind === 'external')).toBe(true);
    const linked = orgs.flatMap((o: { representatives: { userId: string | null }[] }) =>
      o.representatives.map((r) => r.userId),
    );
    expect(linked).toContain(people.get('chair@demo.lpn.local'));
    expect(linked).toContain(people.get('partner@demo.lpn.local'));
    const publicOnly = (
      await t.call({ method: 'GET', url: `/api/cities/${cityId}/organisations`, cookie: partner })
    ).json().items;
    expect(publicOnly.length).toBeLessThan(orgs.length);
    expect((await verifyAuditChain(t.deps.db, cityId)).ok).toBe(true);
    const dashboard = await t.call({ method: 'GET', url: `/api/cities/${cityId}/dashboard`, cookie: chair });
    expect(dashboard.statusCode).toBe(200);
  });
});
