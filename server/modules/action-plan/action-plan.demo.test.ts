import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { seedDemo } from '../../seed/demo.js';
import { decision } from '../meetings/index.js';
import { activitySession } from '../activities/index.js';
import { indicator, indicatorValue } from '../indicators/index.js';
import { actionPlanActionState, actionPlanVersion } from './index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.deps);
});
afterAll(() => t.close());

describe('action plan demo seeder', () => {
  it('adopts a two-year plan of 4 objectives and 20 actions through a passed quorate decision; a v2 draft is open', async () => {
    const versions = await t.deps.db.select().from(actionPlanVersion).orderBy(actionPlanVersion.version);
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'adopted'],
      [2, 'draft'],
    ]);
    const [v1] = versions;
    expect(v1.objectives).toHaveLength(4);
    expect(v1.actions).toHaveLength(20);
    const [d] = await t.deps.db.select().from(decision).where(eq(decision.id, v1.adoptedDecisionId!));
    expect(d).toMatchObject({
      subjectType: 'action-plan-adoption',
      subjectId: v1.id,
      outcome: 'passed',
      quorumMet: true,
    });
    const states = await t.deps.db.select().from(actionPlanActionState);
    expect(states.length).toBeGreaterThan(8);
    expect(new Set(states.map((s) => s.status)).size).toBeGreaterThan(1);
  });
});

describe('activities demo seeder', () => {
  it('records about 150 sessions of started actions of the adopted plan, with varied attendance', async () => {
    const [plan] = await t.deps.db
      .select()
      .from(actionPlanVersion)
      .where(eq(actionPlanVersion.status, 'adopted'));
    // The demo city's own (the demo network's other cities have sessions of their own).
    const sessions = await t.deps.db
      .select()
      .from(activitySession)
      .where(eq(activitySession.cityId, plan.cityId));
    expect(sessions.length).toBeGreaterThanOrEqual(120);
    expect(sessions.length).toBeLessThanOrEqual(150);
    const actionIds = new Set(plan.actions.map((a) => a.id));
    expect(sessions.every((s) => actionIds.has(s.actionId))).toBe(true);
    expect(new Set(sessions.map((s) => s.total)).size).toBeGreaterThan(10);
    expect(sessions.every((s) => s.total === s.attendance.flat().reduce((x, y) => x + y, 0))).toBe(true);
    expect(sessions.some((s) => s.type === 'training' && s.preMean !== null)).toBe(true);
  });
});

describe('indicators demo seeder', () => {
  it('defines computed and manual indicators with targets and values, one waiting for approval', async () => {
    const defs = await t.deps.db.select().from(indicator);
    expect(defs.map((d) => d.source).sort()).toEqual([
      'manual',
      'manual',
      'manual',
      'people-reached',
      'sessions-held',
    ]);
    const values = await t.deps.db.select().from(indicatorValue);
    expect(values.filter((v) => v.status === 'pending')).toHaveLength(1);
    expect(
      values.every(
        (v) =>
          v.value >= 0 && (defs.find((d) => d.id === v.indicatorId)!.type !== 'percentage' || v.value <= 100),
      ),
    ).toBe(true);
  });
});
