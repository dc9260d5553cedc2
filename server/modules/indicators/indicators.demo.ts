import { eq } from 'drizzle-orm';
import type { AuditActor } from '../../platform/audit/audit.js';
import type { DemoContext } from '../../seed/demo-modules.js';
import { adoptedPlan } from '../action-plan/index.js';
import { indicator, indicatorValue } from './indicators.table.js';

/**
 * The demo city's indicators: the two computed from the sessions (people reached, sessions held) with
 * yearly targets, and manual ones with a baseline, targets and approved values (one value still waiting
 * for the coordinator's approval).
 */
export async function seedIndicatorsDemo({ db, cityId, people, timeline }: DemoContext): Promise<void> {
  const existing = await db
    .select({ id: indicator.id })
    .from(indicator)
    .where(eq(indicator.cityId, cityId))
    .limit(1);
  if (existing.length) return;
  const plan = await adoptedPlan(db, cityId);
  const objectives = plan?.objectives ?? [];
  const coordinator: AuditActor = {
    userId: people.get('coordinator@demo.lpn.local') ?? null,
    role: 'coordinator',
    requestId: 'seed-demo',
  };
  const member = people.get('member@demo.lpn.local') ?? null;
  const year = timeline.now.getUTCFullYear();
  const y = (n: number) => String(year + n);
  const createdAt = timeline.daysAgo(380, 11);
  const defs: Omit<typeof indicator.$inferInsert, 'cityId'>[] = [
    {
      code: 'LPN-1',
      names: {
        en: 'People reached by activities (attendances)',
        fr: 'Personnes touchées par les activités (présences)',
      },
      unit: 'attendances',
      type: 'count',
      source: 'people-reached',
      objectiveIds: objectives.map((o) => o.id),
      meansOfVerification: 'Attendance counts of the recorded sessions',
      targets: [
        { period: y(-1), value: 600 },
        { period: y(0), value: 1500 },
      ],
      libraryKey: 'people-reached',
    },
    {
      code: 'LPN-2',
      names: { en: 'Activity sessions held', fr: "Séances d'activités tenues" },
      unit: 'sessions',
      type: 'count',
      source: 'sessions-held',
      meansOfVerification: 'Recorded sessions',
      targets: [
        { period: y(-1), value: 60 },
        { period: y(0), value: 120 },
      ],
      libraryKey: 'sessions-held',
    },
    {
      code: 'O1-a',
      names: {
        en: 'Young people who can spot a manipulated post',
        fr: 'Jeunes capables de repérer une publication manipulée',
      },
      unit: '%',
      type: 'percentage',
      objectiveIds: objectives[0] ? [objectives[0].id] : [],
      meansOfVerification: 'Post-test of the media-literacy trainings',
      baseline: { value: 38, on: timeline.isoDaysAgo(400) },
      targets: [
        { period: y(0), value: 60 },
        { period: y(1), value: 75 },
      ],
    },
    {
      code: 'O2-a',
      names: {
        en: 'Residents who trust their neighbours',
        fr: 'Habitants qui font confiance à leurs voisins',
      },
      unit: '%',
      type: 'percentage',
      objectiveIds: objectives[1] ? [objectives[1].id] : [],
      meansOfVerification: 'Annual resident survey',
      baseline: { value: 44, on: timeline.isoDaysAgo(420) },
      targets: [
        { period: y(-1), value: 48 },
        { period: y(0), value: 55 },
      ],
    },
    {
      code: 'O4-a',
      names: { en: 'Election-related incidents reported', fr: 'Incidents liés aux élections signalés' },
      unit: 'incidents',
      type: 'count',
      direction: 'lower',
      frequency: 'yearly',
      objectiveIds: objectives[3] ? [objectives[3].id] : [],
      meansOfVerification: 'Police and community radio reports',
      baseline: { value: 14, on: timeline.isoDaysAgo(500) },
      targets: [{ period: y(0), value: 5 }],
    },
  ];
  const rows = await db
    .insert(indicator)
    .values(defs.map((d) => ({ ...d, cityId, createdBy: coordinator.userId, createdAt })))
    .returning({ id: indicator.id, code: indicator.code });
  for (const r of rows)
    timeline.audit(createdAt, coordinator, {
      action: 'create',
      recordType: 'indicator',
      recordId: r.id,
      fields: ['code', 'names', 'type', 'targets'],
    });
  const id = (code: string) => rows.find((r) => r.code === code)!.id;
  const values: {
    code: string;
    period: string;
    value: number;
    source: string;
    days: number;
    approved: boolean;
  }[] = [
    {
      code: 'O1-a',
      period: y(0),
      value: 52,
      source: 'Post-tests, spring trainings',
      days: 60,
      approved: true,
    },
    { code: 'O2-a', period: y(-1), value: 47, source: 'Resident survey', days: 330, approved: true },
    { code: 'O2-a', period: y(0), value: 51, source: 'Resident survey (autumn)', days: 20, approved: false },
    { code: 'O4-a', period: y(0), value: 6, source: 'Police statistics', days: 30, approved: true },
  ];
  for (const v of values) {
    const enteredAt = timeline.daysAgo(v.days, 10);
    const approvedAt = v.approved ? timeline.daysAgo(v.days - 2, 16) : null;
    const [row] = await db
      .insert(indicatorValue)
      .values({
        cityId,
        indicatorId: id(v.code),
        period: v.period,
        value: v.value,
        source: v.source,
        enteredBy: member,
        enteredAt,
        status: v.approved ? 'approved' : 'pending',
        approvedBy: v.approved ? coordinator.userId : null,
        approvedAt,
      })
      .returning({ id: indicatorValue.id });
    timeline.audit(
      enteredAt,
      { userId: member, role: 'member', requestId: 'seed-demo' },
      {
        action: 'create',
        recordType: 'indicator_value',
        recordId: row.id,
        fields: ['period', 'value', 'source'],
      },
    );
    if (approvedAt)
      timeline.audit(approvedAt, coordinator, {
        action: 'update',
        recordType: 'indicator_value',
        recordId: row.id,
        fields: ['status'],
        reason: 'approved',
      });
  }
}
