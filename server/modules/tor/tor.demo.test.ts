import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { seedDemo } from '../../seed/demo.js';
import { decision } from '../meetings/index.js';
import { torAcknowledgement, torVersion } from './tor.table.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.deps);
});
afterAll(() => t.close());

describe('ToR demo seeder', () => {
  it('adopts v1 (consensus, quorum a share) and an amended v2 through recorded decisions with quorum', async () => {
    const versions = await t.deps.db.select().from(torVersion).orderBy(torVersion.version);
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'superseded'],
      [2, 'adopted'],
    ]);
    const [v1, v2] = versions;
    expect(v1.sections.decisionRules).toEqual({
      quorum: { kind: 'share', value: 0.5 },
      method: 'consensus',
      voters: 'formal-members',
    });
    expect(v2.sections.decisionRules.method).toBe('majority');
    expect(v2.sections.reviewDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(v2.sections.communicationInternal).not.toBe(v1.sections.communicationInternal);
    expect(v1.adoptedAt!.getTime()).toBeLessThan(v2.adoptedAt!.getTime());
    for (const v of versions) {
      const [d] = await t.deps.db
        .select()
        .from(decision)
        .where(and(eq(decision.cityId, v.cityId), eq(decision.id, v.adoptedDecisionId!)));
      expect(d).toMatchObject({
        subjectType: 'tor-adoption',
        subjectId: v.id,
        outcome: 'passed',
        quorumMet: true,
      });
    }
    const acks = await t.deps.db
      .select()
      .from(torAcknowledgement)
      .where(eq(torAcknowledgement.torVersionId, v2.id));
    expect(acks.length).toBeGreaterThan(1);
    const v1Acks = await t.deps.db
      .select()
      .from(torAcknowledgement)
      .where(eq(torAcknowledgement.torVersionId, v1.id));
    expect(acks.length).toBeLessThan(v1Acks.length);
  });
});
