import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { PlanAction, PlanObjective } from '../../../contracts/action-plan.contract.js';
import type { AuditActor } from '../../platform/audit/audit.js';
import type { DemoContext } from '../../seed/demo-modules.js';
import { decision, meeting, quorumFor, rulesFor } from '../meetings/index.js';
import { organisation } from '../network/index.js';
import { actionPlanActionState, actionPlanVersion } from './action-plan.table.js';

const DAY = 86_400_000;
const isoOf = (d: Date) => d.toISOString().slice(0, 10);

const objectives: [string, string, string][] = [
  [
    'O1',
    'Young people recognise and resist online manipulation',
    'Media literacy for 15–24 year-olds in schools and youth centres.',
  ],
  [
    'O2',
    'Neighbourhoods talk across their differences',
    'Regular dialogue between groups in Old Mill, Harbour and Northgate.',
  ],
  [
    'O3',
    'Families and young adults in distress find support early',
    'Psychosocial support and mentoring close to home.',
  ],
  ['O4', 'Elections pass peacefully', 'Election-peace work before and after the municipal elections.'],
];

/** Actions: objective index, title, target group, start and end (days from the plan's start), budget, funding. */
const actions: [number, string, string, number, number, number, string][] = [
  [0, 'Media-literacy trainings in secondary schools', 'Students 15–18', 30, 330, 18000, 'City budget'],
  [0, 'Media-literacy trainings in youth centres', 'Young people 18–24', 60, 420, 12000, 'EU grant'],
  [0, 'Train-the-trainer course for youth workers', 'Youth workers', 20, 120, 6000, 'EU grant'],
  [0, 'Parents’ evenings on online risks', 'Parents', 90, 540, 4000, 'City budget'],
  [0, 'Youth-made awareness campaign', 'Young people 15–24', 300, 600, 9000, 'Foundation grant'],
  [1, 'Monthly neighbourhood dialogue circles', 'Residents', 15, 720, 15000, 'City budget'],
  [1, 'Interfaith open days', 'Residents', 120, 480, 5000, 'Interfaith Council'],
  [1, 'Street sport and culture festival', 'Young people', 150, 200, 11000, 'Foundation grant'],
  [1, 'Dialogue facilitators’ training', 'Volunteers', 40, 160, 3500, 'EU grant'],
  [1, 'Neighbourhood sports league', 'Young people 12–18', 210, 700, 8000, 'City budget'],
  [2, 'Psychosocial support groups for families', 'Families', 45, 700, 24000, 'National programme'],
  [2, 'Mentoring for young adults', 'Young adults 18–25', 75, 690, 16000, 'National programme'],
  [2, 'Walk-in hours at the youth centre', 'Young people', 100, 720, 7000, 'City budget'],
  [2, 'Referral guide for frontline staff', 'Frontline staff', 30, 150, 2000, 'City budget'],
  [2, 'Peer-support volunteers programme', 'Young adults', 380, 720, 6000, 'Foundation grant'],
  [3, 'Election-peace pledge with local parties', 'Candidates and parties', 240, 330, 3000, 'City budget'],
  [3, 'Youth voter dialogue sessions', 'First-time voters', 250, 340, 4500, 'EU grant'],
  [3, 'Rumour-monitoring with community radio', 'Residents', 260, 400, 5500, 'National programme'],
  [3, 'Post-election reconciliation meetings', 'Residents', 345, 450, 3000, 'City budget'],
  [3, 'Lessons-learned report on the elections', 'Network', 420, 480, 1500, 'City budget'],
];

/**
 * The demo city's two-year local action plan: four objectives, twenty actions owned by its member
 * organisations with partners, milestones and budgets. v1 is adopted at a quorate meeting about a
 * year ago (a passed decision with the plan as its subject, as the ToR is adopted); the actions'
 * status, money and milestones reached follow the timeline; a v2 draft is open (one action added,
 * one budget changed) so the comparison has something to show.
 */
export async function seedActionPlanDemo({ db, cityId, people, timeline }: DemoContext): Promise<void> {
  const existing = await db
    .select({ id: actionPlanVersion.id })
    .from(actionPlanVersion)
    .where(eq(actionPlanVersion.cityId, cityId));
  if (existing.length) return;
  const coordinator: AuditActor = {
    userId: people.get('coordinator@demo.lpn.local') ?? null,
    role: 'coordinator',
    requestId: 'seed-demo',
  };
  const orgs = await db
    .select({ id: organisation.id, name: organisation.name })
    .from(organisation)
    .where(and(eq(organisation.cityId, cityId), isNull(organisation.leftOn)))
    .orderBy(asc(organisation.name));
  if (orgs.length < 3)
    throw new Error('the action plan demo needs the network organisations (seed network first)');

  // Held meetings with quorum, about a year ago: the plan is adopted at the first one after it was drafted.
  const held = await db
    .select({ id: meeting.id, startsAt: meeting.startsAt })
    .from(meeting)
    .where(and(eq(meeting.cityId, cityId), eq(meeting.status, 'held')))
    .orderBy(asc(meeting.startsAt));
  const draftedAt = timeline.daysAgo(400, 10);
  let adoptAt: { id: string; startsAt: Date } | undefined;
  let present = 0;
  for (const m of held) {
    if (m.startsAt <= draftedAt) continue;
    const quorum = await quorumFor(db, cityId, m.id);
    if (quorum.met) {
      adoptAt = m;
      present = quorum.present;
      break;
    }
  }
  if (!adoptAt)
    throw new Error('the action plan demo needs a quorate meeting after its draft (seed meetings first)');

  const periodStart = timeline.isoDaysAgo(365);
  const startDay = Date.parse(`${periodStart}T00:00:00Z`);
  const periodEnd = isoOf(new Date(startDay + 729 * DAY));
  const day = (n: number) => isoOf(new Date(startDay + n * DAY));

  const objectiveRows: PlanObjective[] = objectives.map(([code, title, description]) => ({
    id: randomUUID(),
    code,
    title,
    description,
    riskIds: [],
  }));
  const actionRows: PlanAction[] = actions.map(([o, title, targetGroup, from, to, budget, funding], i) => {
    const span = to - from;
    const milestoneCount = 2 + (i % 3);
    return {
      id: randomUUID(),
      objectiveId: objectiveRows[o].id,
      code: `A${o + 1}.${actions.slice(0, i).filter((a) => a[0] === o).length + 1}`,
      title,
      description: '',
      ownerOrganisationId: orgs[(i * 3) % orgs.length].id,
      partnerOrganisationIds: [
        orgs[(i * 3 + 1) % orgs.length].id,
        ...(i % 2 ? [orgs[(i * 3 + 5) % orgs.length].id] : []),
      ],
      neighbourhoodIds: [],
      targetGroup,
      startOn: day(from),
      endOn: day(to),
      milestones: Array.from({ length: milestoneCount }, (_, k) => ({
        id: randomUUID(),
        title: k === milestoneCount - 1 ? 'Evaluation shared with the network' : `Stage ${k + 1} delivered`,
        dueOn: day(from + Math.round((span * (k + 1)) / milestoneCount)),
      })),
      budgetPlanned: budget,
      currency: 'EUR',
      fundingSource: funding,
      dependsOn: [],
    };
  });
  // Dependencies: the trainings wait for the train-the-trainer course; the reconciliation for the pledge.
  actionRows[0].dependsOn = [actionRows[2].id];
  actionRows[1].dependsOn = [actionRows[2].id];
  actionRows[18].dependsOn = [actionRows[15].id];
  actionRows[19].dependsOn = [actionRows[18].id];

  const title = 'Riverton local action plan';
  const [v1] = await db
    .insert(actionPlanVersion)
    .values({
      cityId,
      version: 1,
      status: 'draft',
      title,
      periodStart,
      periodEnd,
      objectives: objectiveRows,
      actions: actionRows,
      createdBy: coordinator.userId,
      createdAt: draftedAt,
      updatedAt: draftedAt,
    })
    .returning();
  timeline.audit(draftedAt, coordinator, {
    action: 'create',
    recordType: 'action_plan_version',
    recordId: v1.id,
    fields: ['title', 'period', 'objectives', 'actions'],
  });

  // The adoption decision under the rules then in force (votes when they say majority).
  const { rules } = await rulesFor(db, cityId);
  const recordedAt = new Date(adoptAt.startsAt.getTime() + 70 * 60_000);
  const majority = rules.method === 'majority';
  const [decided] = await db
    .insert(decision)
    .values({
      cityId,
      meetingId: adoptAt.id,
      text: 'Adopt the local action plan, version 1.',
      subjectType: 'action-plan-adoption',
      subjectId: v1.id,
      method: rules.method,
      // Every formal organisation present votes: all for, one abstaining.
      votesFor: majority ? Math.max(1, present - 1) : null,
      votesAgainst: majority ? 0 : null,
      abstentions: majority ? (present > 1 ? 1 : 0) : null,
      outcome: 'passed',
      quorumMet: true,
      recordedBy: coordinator.userId,
      recordedAt,
    })
    .returning({ id: decision.id });
  timeline.audit(recordedAt, coordinator, {
    action: 'create',
    recordType: 'decision',
    recordId: decided.id,
    fields: ['text', 'method', 'votes', 'outcome', 'quorumMet', 'subject'],
  });
  const adoptedAt = new Date(recordedAt.getTime() + 5 * 60_000);
  await db
    .update(actionPlanVersion)
    .set({ status: 'adopted', adoptedAt, adoptedDecisionId: decided.id, updatedAt: adoptedAt })
    .where(and(eq(actionPlanVersion.cityId, cityId), eq(actionPlanVersion.id, v1.id)));
  timeline.audit(adoptedAt, coordinator, {
    action: 'update',
    recordType: 'action_plan_version',
    recordId: v1.id,
    fields: ['status', 'adoptedAt', 'adoptedDecisionId'],
    reason: 'adopted',
  });

  // What has happened since: milestones reached (one in five is late), money committed and spent.
  const today = isoOf(timeline.now);
  const states: (typeof actionPlanActionState.$inferInsert)[] = [];
  actionRows.forEach((a, i) => {
    if (a.startOn > today) return;
    const due = a.milestones.filter((m) => m.dueOn <= today);
    const done = due
      .filter((_, k) => (i + k) % 5 !== 3)
      .map((m) => ({
        id: m.id,
        doneOn: isoOf(new Date(Date.parse(`${m.dueOn}T00:00:00Z`) + ((i % 4) - 1) * DAY)),
      }))
      .filter((m) => m.doneOn <= today);
    const finished = a.endOn < today && done.length === a.milestones.length;
    const status = finished ? 'completed' : due.length > done.length ? 'delayed' : 'in-progress';
    const share = a.milestones.length ? done.length / a.milestones.length : 0;
    const at = new Date(
      Math.min(timeline.now.getTime() - 60_000, Date.parse(`${done.at(-1)?.doneOn ?? a.startOn}T15:00:00Z`)),
    );
    states.push({
      cityId,
      actionId: a.id,
      status,
      budgetCommitted: Math.round(a.budgetPlanned * Math.min(1, share + 0.3)),
      budgetSpent: Math.round(a.budgetPlanned * share * 0.9),
      milestonesDone: done,
      updatedBy: coordinator.userId,
      updatedAt: at,
    });
    timeline.audit(at, coordinator, {
      action: 'update',
      recordType: 'action_plan_action',
      recordId: a.id,
      fields: ['status', 'budgetCommitted', 'budgetSpent', 'milestonesDone'],
    });
  });
  if (states.length) await db.insert(actionPlanActionState).values(states);

  // A mid-term revision under way: one action added, one budget raised.
  const v2At = timeline.daysAgo(12, 11);
  const v2Actions = structuredClone(actionRows);
  v2Actions[10].budgetPlanned = 28000;
  v2Actions.push({
    ...structuredClone(actionRows[1]),
    id: randomUUID(),
    code: 'A1.6',
    title: 'Media-literacy trainings for parents and grandparents',
    targetGroup: 'Adults 40+',
    startOn: day(400),
    endOn: day(700),
    milestones: [{ id: randomUUID(), title: 'First sessions', dueOn: day(450) }],
    budgetPlanned: 5000,
    dependsOn: [],
  });
  const [v2] = await db
    .insert(actionPlanVersion)
    .values({
      cityId,
      version: 2,
      status: 'draft',
      title,
      periodStart,
      periodEnd,
      objectives: structuredClone(objectiveRows),
      actions: v2Actions,
      basedOnVersion: 1,
      createdBy: coordinator.userId,
      createdAt: v2At,
      updatedAt: v2At,
    })
    .returning({ id: actionPlanVersion.id });
  timeline.audit(v2At, coordinator, {
    action: 'create',
    recordType: 'action_plan_version',
    recordId: v2.id,
    fields: ['title', 'period', 'objectives', 'actions'],
  });
}
