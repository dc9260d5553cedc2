import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { DEMO_PASSWORD, seedDemo } from '../../seed/demo.js';
import { verifyAuditChain } from '../../platform/audit/audit.js';
import { city } from '../cities/index.js';
import { cityNetwork } from './index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.deps, { twoFactor: false });
});
afterAll(() => t.close());

describe('city networks demo', () => {
  it('has a second demo city and a demo network whose analyst sees pooled statistics', async () => {
    const [lakeside] = await t.deps.db.select().from(city).where(eq(city.slug, 'lakeside-demo'));
    expect(lakeside).toBeDefined();
    const [net] = await t.deps.db.select().from(cityNetwork);
    const cookie = await t.signIn('analyst@demo.lpn.local', { password: DEMO_PASSWORD });
    const r = await t.call({
      method: 'GET',
      url: `/api/city-networks/${net.id}/statistics?year=${new Date().getUTCFullYear()}`,
      cookie,
    });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ memberCount: 5, namedCount: 2, pooledCount: 3 });
    const reached = body.measures.find((m: { key: string }) => m.key === 'people-reached-by-sex');
    expect(reached.others.total.value).toBeGreaterThan(0);
    expect(reached.cities.map((c: { name: string }) => c.name)).toContain('Lakeside (demo)');
  });

  it('keeps the demo city audit chain valid', async () => {
    const [riverton] = await t.deps.db.select().from(city).where(eq(city.slug, 'riverton'));
    expect((await verifyAuditChain(t.deps.db, riverton.id)).ok).toBe(true);
  });
});
