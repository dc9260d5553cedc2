import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { verifyAuditChain } from '../../platform/audit/audit.js';
import { city } from '../cities/index.js';
import { seedDemo } from '../../seed/demo.js';
import { nationalEscalation, nationalFramework, nationalObjectiveGoal, nationalReport } from './index.js';
import { snapshotHash } from './national.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.deps);
});
afterAll(() => t.close());

describe('national coordination demo seeder', () => {
  it('registers a framework, maps the four objectives, answers one escalation and leaves one open', async () => {
    const frameworks = await t.deps.db.select().from(nationalFramework);
    expect(frameworks.map((f) => f.country)).toContain(null);
    expect(frameworks.some((f) => f.version === 2)).toBe(true);
    expect(await t.deps.db.select().from(nationalObjectiveGoal)).toHaveLength(4);
    const escalations = await t.deps.db.select().from(nationalEscalation).orderBy(nationalEscalation.number);
    expect(escalations.map((e) => e.status)).toEqual(['answered', 'open']);
  });

  it('has one acknowledged and one submitted quarterly report, each frozen with a verifying hash', async () => {
    const reports = await t.deps.db.select().from(nationalReport).orderBy(nationalReport.period);
    expect(reports.map((r) => r.status)).toEqual(['acknowledged', 'submitted']);
    for (const r of reports) expect(snapshotHash(r.snapshot)).toBe(r.contentHash);
    expect(reports[1].snapshot!.content.plan!.objectives[0].goals).toHaveLength(1);
    const [demo] = await t.deps.db.select({ id: city.id }).from(city);
    expect((await verifyAuditChain(t.deps.db, demo.id)).ok).toBe(true);
  });
});
