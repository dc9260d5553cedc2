import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { planActionStatuses, type ActionStatus } from '../../../contracts/action-plan.contract.js';
import type { Db } from '../../platform/db/index.js';
import { suppressCounts, type SuppressedCount } from '../../platform/disclosure.js';
import { actionPlanActionState, actionProgress, adoptedPlan, meanProgress } from '../action-plan/index.js';
import { indicator, indicatorValue } from '../indicators/index.js';
import { riskConsultation, riskConsultationFinding } from '../risk-map/index.js';
import { publishedRisks, riskNeighbourhood, riskNeighbourhoodLink } from '../risk-map/index.js';
import { isMandated } from '../network/index.js';
import { annualReportFile } from './community.table.js';

/*
 * The public page's blocks that read other modules (docs/COMMUNITY.md): the adopted action plan and
 * its progress, consultations with "you said, we did", annual reports. Each is read only when the
 * chair has published it; every count goes through the one disclosure-control function. Sizes are
 * bounded so that a page stays well under 50 KB whatever the city has recorded.
 */

export const PUBLIC_LIMITS = {
  objectives: 15,
  indicators: 10,
  consultations: 5,
  answersPerConsultation: 8,
  reports: 10,
  risks: 20,
} as const;

const STATUSES = planActionStatuses;

export interface PublicActionPlan {
  title: string;
  periodStart: string;
  periodEnd: string;
  progress: number | null;
  objectives: { code: string; title: string; progress: number | null }[];
  moreObjectives: boolean;
  /** Actions per status, small counts withheld. */
  actions: { status: string; count: SuppressedCount }[];
  actionTotal: SuppressedCount;
  indicators: {
    name: Record<string, string | undefined>;
    unit: string;
    period: string;
    value: number | null;
    withheld: boolean;
    target: number | null;
  }[];
}

export async function publicActionPlan(db: Db, cityId: string): Promise<PublicActionPlan | null> {
  const plan = await adoptedPlan(db, cityId);
  if (!plan) return null;
  const ids = plan.actions.map((a) => a.id);
  const states = ids.length
    ? await db
        .select()
        .from(actionPlanActionState)
        .where(and(eq(actionPlanActionState.cityId, cityId), inArray(actionPlanActionState.actionId, ids)))
    : [];
  const stateOf = new Map(states.map((s) => [s.actionId, s]));
  const actions = plan.actions.map((a) => {
    const s = stateOf.get(a.id);
    const status = (s?.status ?? 'planned') as ActionStatus;
    const done = new Set((s?.milestonesDone ?? []).map((m) => m.id));
    return { objectiveId: a.objectiveId, status, progress: actionProgress(a, status, done) };
  });
  const objectives = plan.objectives.map((o) => ({
    code: o.code,
    title: o.title,
    progress: meanProgress(
      actions.filter((a) => a.objectiveId === o.id).map((a) => a.progress),
      'objective',
    ).percent,
  }));
  const byStatus = STATUSES.map((st) => actions.filter((a) => a.status === st).length);
  const suppressed = suppressCounts(byStatus);

  const objectiveIds = new Set(plan.objectives.map((o) => o.id));
  const indicators = (
    await db
      .select()
      .from(indicator)
      .where(and(eq(indicator.cityId, cityId), eq(indicator.source, 'manual')))
  ).filter((i) => i.objectiveIds.some((id) => objectiveIds.has(id)));
  const shown: PublicActionPlan['indicators'] = [];
  for (const ind of indicators.slice(0, PUBLIC_LIMITS.indicators)) {
    // The latest approved city-wide value (neighbourhood values stay inside the network).
    const [latest] = await db
      .select({ period: indicatorValue.period, value: indicatorValue.value })
      .from(indicatorValue)
      .where(
        and(
          eq(indicatorValue.cityId, cityId),
          eq(indicatorValue.indicatorId, ind.id),
          eq(indicatorValue.status, 'approved'),
          isNull(indicatorValue.neighbourhoodId),
        ),
      )
      .orderBy(desc(indicatorValue.period), desc(indicatorValue.approvedAt))
      .limit(1);
    if (!latest) continue;
    let value: number | null = latest.value;
    let withheld = false;
    if (ind.type === 'count') {
      // A count of people or things: through the product's one disclosure control.
      const total = suppressCounts([Math.round(latest.value)]).total;
      value = total.value;
      withheld = total.suppressed;
    }
    shown.push({
      name: ind.names,
      unit: ind.unit,
      period: latest.period,
      value,
      withheld,
      target: ind.targets.find((t) => t.period === latest.period)?.value ?? null,
    });
  }
  return {
    title: plan.title,
    periodStart: plan.periodStart,
    periodEnd: plan.periodEnd,
    progress: meanProgress(
      actions.map((a) => a.progress),
      'plan',
    ).percent,
    objectives: objectives.slice(0, PUBLIC_LIMITS.objectives),
    moreObjectives: objectives.length > PUBLIC_LIMITS.objectives,
    actions: STATUSES.map((status, i) => ({ status, count: suppressed.cells[i] })),
    actionTotal: suppressed.total,
    indicators: shown,
  };
}

export interface PublicConsultation {
  title: string;
  heldOn: string;
  format: string;
  attendance: SuppressedCount;
  answers: { said: string; did: string }[];
}

/** The latest consultations with an answer, then the latest others, and their answered findings. */
export async function publicConsultations(db: Db, cityId: string): Promise<PublicConsultation[]> {
  const rows = await db
    .select()
    .from(riskConsultation)
    .where(eq(riskConsultation.cityId, cityId))
    // Those with an answer first ("you said, we did" is the point of the block), newest first.
    .orderBy(
      desc(
        sql`exists (select 1 from ${riskConsultationFinding} f where f.city_id = ${riskConsultation.cityId} and f.consultation_id = ${riskConsultation.id} and f.response is not null)`,
      ),
      desc(riskConsultation.heldOn),
    )
    .limit(PUBLIC_LIMITS.consultations);
  if (!rows.length) return [];
  const findings = await db
    .select()
    .from(riskConsultationFinding)
    .where(
      and(
        eq(riskConsultationFinding.cityId, cityId),
        inArray(
          riskConsultationFinding.consultationId,
          rows.map((r) => r.id),
        ),
        isNotNull(riskConsultationFinding.response),
      ),
    )
    .orderBy(riskConsultationFinding.position);
  return rows.map((r) => ({
    title: r.title,
    heldOn: r.heldOn,
    format: r.format,
    // Who came, as one total, small numbers withheld.
    attendance: suppressCounts(r.attendance.flat()).total,
    answers: findings
      .filter((f) => f.consultationId === r.id)
      .slice(0, PUBLIC_LIMITS.answersPerConsultation)
      .map((f) => ({ said: f.statement, did: f.response ?? '' })),
  }));
}

export interface PublicReport {
  id: string;
  year: number;
  bytes: number;
}

/** Published annual reports, newest year first; per year only the newest not withdrawn. */
export async function publicReports(db: Db, cityId: string): Promise<PublicReport[]> {
  const rows = await db
    .select({ id: annualReportFile.id, year: annualReportFile.year, bytes: annualReportFile.bytes })
    .from(annualReportFile)
    .where(and(eq(annualReportFile.cityId, cityId), isNull(annualReportFile.withdrawnAt)))
    .orderBy(desc(annualReportFile.year), desc(annualReportFile.publishedAt));
  const seen = new Set<number>();
  return rows
    .filter((r) => (seen.has(r.year) ? false : (seen.add(r.year), true)))
    .slice(0, PUBLIC_LIMITS.reports);
}

export interface PublicRisk {
  title: string;
  summary: string;
  /** Names of its neighbourhoods only where the chair approved naming them; else empty. */
  neighbourhoods: string[];
}

/**
 * "Risks we work on": only the risks the chair approved, in the public wording they approved (never
 * the register's own title, description, level or groups). Nothing while the risk map is not part
 * of the mandate in force. No counts are shown (there are none of people here).
 */
export async function publicRisks(db: Db, cityId: string): Promise<PublicRisk[]> {
  if (!(await isMandated(db, cityId, 'a'))) return [];
  const rows = await publishedRisks(db, cityId, PUBLIC_LIMITS.risks);
  const named = rows.filter((r) => r.nameNeighbourhoods).map((r) => r.riskId);
  const places = named.length
    ? await db
        .select({ riskId: riskNeighbourhoodLink.riskId, name: riskNeighbourhood.name })
        .from(riskNeighbourhoodLink)
        .innerJoin(riskNeighbourhood, eq(riskNeighbourhood.id, riskNeighbourhoodLink.neighbourhoodId))
        .where(and(eq(riskNeighbourhoodLink.cityId, cityId), inArray(riskNeighbourhoodLink.riskId, named)))
    : [];
  return rows.map((r) => ({
    title: r.publicTitle,
    summary: r.publicSummary,
    neighbourhoods: r.nameNeighbourhoods
      ? places
          .filter((p) => p.riskId === r.riskId)
          .map((p) => p.name)
          .sort()
      : [],
  }));
}
