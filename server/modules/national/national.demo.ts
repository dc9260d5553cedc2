import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { AuditActor } from '../../platform/audit/audit.js';
import type { Actor } from '../../platform/policy.js';
import type { DemoContext } from '../../seed/demo-modules.js';
import { adoptedPlan } from '../action-plan/index.js';
import { city } from '../cities/index.js';
import { buildSnapshot, escalationDueOn, requireNationalModule } from './national.service.js';
import {
  nationalEscalation,
  nationalFramework,
  nationalFrameworkVersion,
  nationalObjectiveGoal,
  nationalReport,
} from './national.table.js';

const goal = (code: string, en: string, fr: string) => ({ id: randomUUID(), code, names: { en, fr } });

/** The quarter (2026-Q3) that `d` falls in, and the one `back` quarters before it. */
function quarterOf(d: Date, back = 0): string {
  const index = d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3) - back;
  return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
}

/**
 * The demo city's national coordination (on since ToR v2 took on mandate item e): the country's
 * national P/CVE strategy (v2, one goal reworded) and a framework shared by every city; the plan's four
 * objectives mapped to its goals; one escalation answered by the liaison and one open and overdue; the
 * quarterly report two quarters back acknowledged, last quarter's submitted and waiting to be read.
 */
export async function seedNationalDemo({ db, cityId, people, timeline }: DemoContext): Promise<void> {
  const existing = await db
    .select({ id: nationalEscalation.id })
    .from(nationalEscalation)
    .where(eq(nationalEscalation.cityId, cityId))
    .limit(1);
  if (existing.length) return;
  try {
    await requireNationalModule(db, cityId);
  } catch {
    return; // the mandate does not include item e
  }
  const [cityRow] = await db.select().from(city).where(eq(city.id, cityId));
  const chairId = people.get('chair@demo.lpn.local') ?? null;
  const liaisonId = people.get('liaison@demo.lpn.local') ?? null;
  const chair: AuditActor = { userId: chairId, role: 'chair', requestId: 'seed-demo' };
  const liaison: AuditActor = { userId: liaisonId, role: 'national_liaison', requestId: 'seed-demo' };

  // Frameworks: the country's strategy in two versions, and one shared by every city.
  const goals = [
    goal('G1', 'Prevent violence around elections', 'Prévenir la violence autour des élections'),
    goal(
      'G2',
      'Build young people’s resilience to online harm',
      'Renforcer la résilience des jeunes en ligne',
    ),
    goal('G3', 'Strengthen social cohesion in local communities', 'Renforcer la cohésion sociale locale'),
    goal('G4', 'Early, multi-agency support for people at risk', 'Soutien précoce et multi-acteurs'),
    goal('G5', 'Rehabilitation and reintegration', 'Réhabilitation et réintégration'),
  ];
  const strategyAt = timeline.daysAgo(400, 10);
  const [strategy] = await db
    .insert(nationalFramework)
    .values({
      country: cityRow?.country ?? 'Demo',
      kind: 'strategy',
      names: {
        en: 'National Strategy for Preventing Violent Extremism 2025–2030',
        fr: 'Stratégie nationale de prévention de l’extrémisme violent 2025–2030',
      },
      description: 'The national P/CVE strategy, kept by the National P/CVE Coordination Centre.',
      version: 2,
      createdAt: strategyAt,
      updatedAt: timeline.daysAgo(90, 10),
    })
    .returning();
  const v2Goals = goals.map((g) =>
    g.code === 'G4'
      ? { ...g, names: { en: 'Early, multi-agency support for people and families at risk', fr: g.names.fr } }
      : g,
  );
  await db.insert(nationalFrameworkVersion).values([
    { frameworkId: strategy.id, version: 1, goals, publishedBy: liaisonId, publishedAt: strategyAt },
    {
      frameworkId: strategy.id,
      version: 2,
      goals: v2Goals,
      publishedBy: liaisonId,
      publishedAt: timeline.daysAgo(90, 10),
    },
  ]);
  const [shared] = await db
    .insert(nationalFramework)
    .values({
      country: null,
      kind: 'policy',
      names: {
        en: 'Strong Cities Network: local prevention priorities',
        fr: 'Strong Cities Network : priorités locales',
      },
      description: 'Shared by every city of this deployment.',
      createdAt: strategyAt,
      updatedAt: strategyAt,
    })
    .returning();
  await db.insert(nationalFrameworkVersion).values({
    frameworkId: shared.id,
    version: 1,
    goals: [
      goal('SCN-1', 'Multi-agency local prevention networks', 'Réseaux locaux de prévention multi-acteurs'),
      goal('SCN-2', 'Community engagement and trust', 'Engagement communautaire et confiance'),
    ],
    publishedAt: strategyAt,
  });

  // The plan's objectives mapped to the strategy's goals (O1→G2, O2→G3, O3→G4, O4→G1).
  const plan = await adoptedPlan(db, cityId);
  const objectives = plan?.objectives ?? [];
  const mapTo = ['G2', 'G3', 'G4', 'G1'];
  const mappedAt = timeline.daysAgo(150, 15);
  const links = objectives.slice(0, 4).map((o, i) => ({
    cityId,
    objectiveId: o.id,
    goalId: goals.find((g) => g.code === mapTo[i])!.id,
    createdAt: mappedAt,
  }));
  if (links.length) {
    await db.insert(nationalObjectiveGoal).values(links);
    for (const l of links)
      timeline.audit(mappedAt, chair, {
        action: 'update',
        recordType: 'national_objective_goal',
        recordId: l.objectiveId,
        fields: ['goalIds'],
      });
  }

  // Escalations: one answered, one open and overdue.
  const raised1 = timeline.daysAgo(120, 11);
  const raised2 = timeline.daysAgo(20, 16);
  const [first] = await db
    .insert(nationalEscalation)
    .values({
      cityId,
      number: 1,
      title: 'Psychosocial support waiting lists exceed three months',
      description:
        'Families referred by the network wait more than three months for psychosocial support; the regional ' +
        'mental-health service has two vacant posts and cannot recruit locally.',
      urgency: 'normal',
      requestedSupport:
        'Fund two posts through the national programme, or second staff from the regional centre.',
      objectiveId: objectives[2]?.id ?? null,
      dueOn: escalationDueOn('normal', raised1, null),
      status: 'answered',
      raisedBy: chairId,
      raisedAt: raised1,
      acknowledgedAt: timeline.after(raised1, 26),
      response:
        'The national programme will fund one post from next quarter; the regional centre seconds a psychologist ' +
        'two days a week until then.',
      respondedBy: liaisonId,
      respondedAt: timeline.after(raised1, 24 * 9),
    })
    .returning();
  const [second] = await db
    .insert(nationalEscalation)
    .values({
      cityId,
      number: 2,
      title: 'Online hate campaign ahead of the municipal elections',
      description:
        'Coordinated accounts outside the city spread false rumours about one neighbourhood; local platforms ' +
        'cannot act on accounts registered abroad.',
      urgency: 'high',
      requestedSupport:
        'Ask the national regulator to contact the platforms; a national statement on the rumours.',
      objectiveId: objectives[3]?.id ?? null,
      dueOn: escalationDueOn('high', raised2, null),
      status: 'open',
      raisedBy: chairId,
      raisedAt: raised2,
    })
    .returning();
  const fields = ['title', 'description', 'urgency', 'requestedSupport', 'riskId', 'objectiveId', 'deadline'];
  timeline.audit(raised1, chair, {
    action: 'create',
    recordType: 'national_escalation',
    recordId: first.id,
    fields,
  });
  timeline.audit(first.acknowledgedAt!, liaison, {
    action: 'update',
    recordType: 'national_escalation',
    recordId: first.id,
    fields: ['status', 'acknowledgedAt'],
    reason: 'acknowledge',
  });
  timeline.audit(first.respondedAt!, liaison, {
    action: 'update',
    recordType: 'national_escalation',
    recordId: first.id,
    fields: ['status', 'response'],
    reason: 'respond',
  });
  timeline.audit(raised2, chair, {
    action: 'create',
    recordType: 'national_escalation',
    recordId: second.id,
    fields,
  });

  // Reports: two quarters back acknowledged, last quarter submitted and waiting for the liaison.
  const chairActor: Actor = {
    userId: chairId ?? '',
    isPlatformAdmin: false,
    city: { id: cityId, role: 'chair' },
  };
  const reports = [
    { period: quarterOf(timeline.now, 2), submittedDaysAgo: 80, acknowledged: true },
    { period: quarterOf(timeline.now, 1), submittedDaysAgo: 6, acknowledged: false },
  ];
  for (const r of reports) {
    const createdAt = timeline.daysAgo(r.submittedDaysAgo + 7, 10);
    const submittedAt = timeline.daysAgo(r.submittedDaysAgo, 15);
    const narrative = {
      summary: `Quarter ${r.period}: the plan's actions continued in all four neighbourhoods.`,
      achievements:
        'Media-literacy trainings reached schools and youth centres; dialogue circles met monthly.',
      challenges: 'Waiting lists for psychosocial support; online rumours before the elections.',
      supportNeeded: 'See escalations 1 and 2.',
    };
    const [draft] = await db
      .insert(nationalReport)
      .values({
        cityId,
        kind: 'quarterly',
        period: r.period,
        narrative,
        createdBy: chairId,
        createdAt,
        updatedAt: createdAt,
      })
      .returning();
    const { snapshot, contentHash } = await buildSnapshot(db, chairActor, draft, submittedAt);
    const reviewedAt = r.acknowledged ? timeline.after(submittedAt, 24 * 4) : null;
    await db
      .update(nationalReport)
      .set({
        status: r.acknowledged ? 'acknowledged' : 'submitted',
        snapshot,
        contentHash,
        submittedBy: chairId,
        submittedAt,
        reviewedBy: r.acknowledged ? liaisonId : null,
        reviewedAt,
        reviewComment: r.acknowledged ? 'Thank you: shared with the national steering committee.' : null,
        updatedAt: reviewedAt ?? submittedAt,
      })
      .where(eq(nationalReport.id, draft.id));
    timeline.audit(createdAt, chair, {
      action: 'create',
      recordType: 'national_report',
      recordId: draft.id,
      fields: ['kind', 'period', 'narrative'],
    });
    timeline.audit(submittedAt, chair, {
      action: 'update',
      recordType: 'national_report',
      recordId: draft.id,
      fields: ['status', 'snapshot'],
      reason: `submitted sha256:${contentHash}`,
    });
    if (reviewedAt)
      timeline.audit(reviewedAt, liaison, {
        action: 'update',
        recordType: 'national_report',
        recordId: draft.id,
        fields: ['status', 'reviewComment'],
        reason: 'acknowledge',
      });
  }
}
