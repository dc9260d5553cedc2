import { eq } from 'drizzle-orm';
import { sessionAgeBands, sessionSexes, type SessionType } from '../../../contracts/activities.contract.js';
import type { AuditActor } from '../../platform/audit/audit.js';
import type { DemoContext } from '../../seed/demo-modules.js';
import { adoptedPlan } from '../action-plan/index.js';
import { activitySession } from './activities.table.js';

const DAY = 86_400_000;

/** The session type an action delivers, from its title (the demo plan's words). */
function typeOf(title: string): SessionType {
  const t = title.toLowerCase();
  if (t.includes('training') || t.includes('course')) return 'training';
  if (t.includes('dialogue') || t.includes('interfaith') || t.includes('reconciliation')) return 'dialogue';
  if (t.includes('psychosocial') || t.includes('walk-in')) return 'psychosocial-support';
  if (t.includes('mentoring') || t.includes('peer')) return 'mentoring';
  if (t.includes('sport') || t.includes('festival')) return 'sport-culture';
  if (t.includes('election') || t.includes('voter') || t.includes('rumour')) return 'election-peace';
  if (t.includes('campaign') || t.includes('evenings')) return 'awareness';
  return 'custom';
}

/** Who usually comes, by type: weights over the age bands (under 15 … 60+). */
const ageProfile: Record<SessionType, number[]> = {
  training: [0, 5, 4, 1, 1, 0],
  awareness: [1, 2, 2, 2, 3, 1],
  dialogue: [0, 1, 2, 3, 4, 2],
  'psychosocial-support': [1, 1, 2, 3, 3, 1],
  'sport-culture': [4, 4, 2, 1, 0, 0],
  'election-peace': [0, 1, 4, 3, 3, 1],
  mentoring: [0, 1, 5, 2, 0, 0],
  custom: [1, 1, 1, 1, 1, 1],
};

/** A deterministic pseudo-random number in [0, 1) from a seed (the demo is the same every time). */
function rand(seed: number): number {
  const x = Math.sin(seed * 12.9898) * 43758.5453;
  return x - Math.floor(x);
}

/**
 * About 150 delivered sessions of the adopted plan's actions that have started, spread over their
 * dates up to today, with varied attendance by sex × age band (some small groups, so the summary's
 * small-cell rule has something to withhold) and pre/post test scores for the trainings.
 */
export async function seedActivitiesDemo({ db, cityId, people, timeline }: DemoContext): Promise<void> {
  const existing = await db
    .select({ id: activitySession.id })
    .from(activitySession)
    .where(eq(activitySession.cityId, cityId))
    .limit(1);
  if (existing.length) return;
  const plan = await adoptedPlan(db, cityId);
  if (!plan) return;
  const recorder: AuditActor = {
    userId: people.get('coordinator@demo.lpn.local') ?? null,
    role: 'coordinator',
    requestId: 'seed-demo',
  };
  const today = timeline.now.toISOString().slice(0, 10);
  const started = plan.actions.filter((a) => a.startOn <= today);
  const rows: (typeof activitySession.$inferInsert)[] = [];
  const perAction = Math.ceil(150 / Math.max(1, started.length));
  started.forEach((a, i) => {
    const type = typeOf(a.title);
    const from = Date.parse(`${a.startOn}T00:00:00Z`);
    const to = Math.min(Date.parse(`${a.endOn}T00:00:00Z`), timeline.now.getTime() - DAY);
    if (to < from) return;
    for (let k = 0; k < perAction && rows.length < 150; k++) {
      const seed = i * 100 + k + 1;
      const heldAt = new Date(from + ((to - from) * (k + 0.5)) / perAction);
      const size = 3 + Math.floor(rand(seed) * (type === 'sport-culture' ? 60 : 25));
      const weights = ageProfile[type];
      const wsum = weights.reduce((s, w) => s + w, 0);
      const femaleShare = 0.35 + rand(seed + 7) * 0.3;
      const attendance = sessionSexes.map((sex) =>
        sessionAgeBands.map((_, b) => {
          const share = sex === 'female' ? femaleShare : sex === 'male' ? 0.97 - femaleShare : 0.03;
          return Math.round(
            size * share * (weights[b] / wsum) * (0.7 + rand(seed + b * 3 + sex.length) * 0.6),
          );
        }),
      );
      const total = attendance.flat().reduce((s, v) => s + v, 0);
      if (total === 0) attendance[0][2] = 1;
      const withTests = type === 'training' && total >= 4;
      const participants = withTests ? Math.max(1, total - Math.floor(rand(seed + 11) * 3)) : null;
      const pre = 40 + rand(seed + 13) * 20;
      const createdAt = new Date(
        Math.min(timeline.now.getTime() - 60_000, heldAt.getTime() + 20 * 3_600_000),
      );
      rows.push({
        cityId,
        actionId: a.id,
        heldOn: heldAt.toISOString().slice(0, 10),
        neighbourhoodId: a.neighbourhoodIds[0] ?? null,
        type,
        customType: type === 'custom' ? 'Network activity' : '',
        facilitators: [`Facilitator ${1 + (seed % 7)}`],
        attendance,
        total: attendance.flat().reduce((s, v) => s + v, 0),
        testParticipants: participants,
        preMean: withTests ? Math.round(pre * 10) / 10 : null,
        postMean: withTests ? Math.round((pre + 8 + rand(seed + 17) * 18) * 10) / 10 : null,
        notes: '',
        createdBy: recorder.userId,
        createdAt,
        updatedAt: createdAt,
      });
    }
  });
  if (!rows.length) return;
  const inserted = await db
    .insert(activitySession)
    .values(rows)
    .returning({ id: activitySession.id, createdAt: activitySession.createdAt });
  for (const r of inserted)
    timeline.audit(r.createdAt, recorder, {
      action: 'create',
      recordType: 'activity_session',
      recordId: r.id,
      fields: ['heldOn', 'type', 'facilitators', 'attendance'],
    });
}
