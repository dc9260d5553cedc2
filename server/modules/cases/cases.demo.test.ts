import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { seedDemo } from '../../seed/demo.js';
import { caseReferral, caseService, caseSituation } from './cases.table.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.deps);
});
afterAll(() => t.close());

describe('cases demo seeder', () => {
  it('gives Riverton situations at every four-filter stage, one overdue, and a year of closed ones', async () => {
    const rows = await t.deps.db.select().from(caseSituation);
    const stages = new Set(rows.map((r) => r.stage));
    for (const stage of ['filter-1', 'filter-2', 'filter-3', 'filter-4', 'closed', 'rejected']) {
      expect(stages.has(stage), stage).toBe(true);
    }
    const overdue = rows.filter(
      (r) => r.stage === 'filter-3' && !r.firstResponseAt && r.responseDueAt! < new Date(),
    );
    expect(overdue).toHaveLength(1);
    const closed = rows.filter((r) => r.stage === 'closed');
    expect(closed.length).toBeGreaterThanOrEqual(30);
    expect(closed.every((r) => r.outcome && r.purgeAfter)).toBe(true);
    const [rejected] = await t.deps.db
      .select()
      .from(caseSituation)
      .where(eq(caseSituation.stage, 'rejected'));
    expect(rejected.riskFactors).toEqual([]);
  });

  it('gives the demo partner one referral (name and phone shared, with consent) and lists two services', async () => {
    const referrals = await t.deps.db.select().from(caseReferral);
    expect(referrals).toHaveLength(1);
    expect(referrals[0]).toMatchObject({
      status: 'sent',
      sharedFields: ['givenName', 'familyName', 'phone'],
    });
    expect(referrals[0].consentId).not.toBeNull();
    expect(await t.deps.db.select().from(caseService)).toHaveLength(2);
  });
});
