import { and, asc, eq } from 'drizzle-orm';
import type { IndicatorInput } from '../../../contracts/indicators.contract.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { authorize, type Actor } from '../../platform/policy.js';
import { requirePlanModule, wellFormed } from '../action-plan/index.js';
import { computeActual, computedType } from './indicators.computed.js';
import { indicator, indicatorValue } from './indicators.table.js';

type IndicatorRow = typeof indicator.$inferSelect;
type ValueRow = typeof indicatorValue.$inferSelect;

const invalid = (path: string, message: string) =>
  new AppError('validation', 400, message, [{ path, code: 'invalid', message }]);

/** Common LPN indicators a city can adopt (names in English; translate them after adopting). */
export const LIBRARY: (IndicatorInput & { key: string })[] = [
  {
    key: 'people-reached',
    code: 'LPN-1',
    names: {
      en: 'People reached by activities (attendances)',
      fr: 'Personnes touchées par les activités (présences)',
    },
    unit: 'attendances',
    type: 'count',
    direction: 'higher',
    frequency: 'yearly',
    source: 'people-reached',
    objectiveIds: [],
    meansOfVerification: 'Attendance counts of the recorded sessions',
    baseline: null,
    targets: [],
  },
  {
    key: 'sessions-held',
    code: 'LPN-2',
    names: { en: 'Activity sessions held', fr: "Séances d'activités tenues" },
    unit: 'sessions',
    type: 'count',
    direction: 'higher',
    frequency: 'yearly',
    source: 'sessions-held',
    objectiveIds: [],
    meansOfVerification: 'Recorded sessions',
    baseline: null,
    targets: [],
  },
  {
    key: 'trust-in-services',
    code: 'LPN-3',
    names: {
      en: 'Residents who trust local services',
      fr: 'Habitants qui font confiance aux services locaux',
    },
    unit: '%',
    type: 'percentage',
    direction: 'higher',
    frequency: 'yearly',
    source: 'manual',
    objectiveIds: [],
    meansOfVerification: 'Annual resident survey',
    baseline: null,
    targets: [],
  },
  {
    key: 'incidents-reported',
    code: 'LPN-4',
    names: { en: 'Hate incidents reported to the police', fr: 'Incidents de haine signalés à la police' },
    unit: 'incidents',
    type: 'count',
    direction: 'lower',
    frequency: 'quarterly',
    source: 'manual',
    objectiveIds: [],
    meansOfVerification: 'Police statistics',
    baseline: null,
    targets: [],
  },
  {
    key: 'local-plan-reviewed',
    code: 'LPN-5',
    names: {
      en: 'Action plan reviewed with residents this year',
      fr: "Plan d'action revu avec les habitants cette année",
    },
    unit: '',
    type: 'yes-no',
    direction: 'higher',
    frequency: 'yearly',
    source: 'manual',
    objectiveIds: [],
    meansOfVerification: 'Minutes of the public review meeting',
    baseline: null,
    targets: [],
  },
  {
    key: 'meetings-held',
    code: 'LPN-6',
    names: { en: 'Network meetings held', fr: 'Réunions du réseau tenues' },
    unit: 'meetings',
    type: 'count',
    direction: 'higher',
    frequency: 'yearly',
    source: 'meetings-held',
    objectiveIds: [],
    meansOfVerification: 'Meetings marked held',
    baseline: null,
    targets: [],
  },
  {
    key: 'meeting-attendance',
    code: 'LPN-7',
    names: {
      en: 'Member organisations present at meetings',
      fr: 'Organisations membres présentes aux réunions',
    },
    unit: '%',
    type: 'percentage',
    direction: 'higher',
    frequency: 'quarterly',
    source: 'meeting-attendance',
    objectiveIds: [],
    meansOfVerification: 'Attendance recorded at held meetings',
    baseline: null,
    targets: [],
  },
  {
    key: 'cases-risk-lowered',
    code: 'LPN-8',
    names: { en: 'Situations closed with the risk lowered', fr: 'Situations closes avec un risque réduit' },
    unit: 'situations',
    type: 'count',
    direction: 'higher',
    frequency: 'yearly',
    source: 'cases-risk-lowered',
    objectiveIds: [],
    meansOfVerification: 'Case statistics (small cells withheld)',
    baseline: null,
    targets: [],
  },
  {
    key: 'consultation-participants',
    code: 'LPN-9',
    names: {
      en: 'People who took part in community consultations',
      fr: 'Personnes ayant participé aux consultations',
    },
    unit: 'people',
    type: 'count',
    direction: 'higher',
    frequency: 'yearly',
    source: 'consultation-participants',
    objectiveIds: [],
    meansOfVerification: 'Attendance counts of the consultations',
    baseline: null,
    targets: [],
  },
];

/** Why a value does not fit the indicator's type, or null. */
export function valueProblem(type: string, value: number): string | null {
  if (type === 'percentage' && (value < 0 || value > 100)) return 'A percentage is between 0 and 100';
  if (type === 'yes-no' && value !== 0 && value !== 1) return 'A yes/no indicator takes 1 (yes) or 0 (no)';
  if (type === 'count' && (value < 0 || !Number.isInteger(value)))
    return 'A count is a whole number, 0 or more';
  if (type === 'score' && value < 0) return 'A score is 0 or more';
  return null;
}

function checkDefinition(input: IndicatorInput) {
  if (input.baseline) {
    const why = valueProblem(input.type, input.baseline.value);
    if (why) throw invalid('body.baseline.value', why);
  }
  input.targets.forEach((t, i) => {
    const why = valueProblem(input.type, t.value);
    if (why) throw invalid(`body.targets.${i}.value`, why);
  });
  const computed = computedType(input.source);
  if (computed && input.type !== computed)
    throw invalid(
      'body.type',
      computed === 'count' ? 'This computed indicator is a count' : 'This computed indicator is a percentage',
    );
}

function toView(row: IndicatorRow) {
  return {
    id: row.id,
    code: row.code,
    names: row.names,
    unit: row.unit,
    type: row.type as IndicatorInput['type'],
    direction: row.direction as IndicatorInput['direction'],
    frequency: row.frequency as IndicatorInput['frequency'],
    source: row.source as IndicatorInput['source'],
    objectiveIds: row.objectiveIds,
    meansOfVerification: row.meansOfVerification,
    baseline: row.baseline ?? null,
    targets: row.targets,
    libraryKey: row.libraryKey,
    createdAt: row.createdAt.toISOString(),
  };
}

function valueView(row: ValueRow) {
  return {
    id: row.id,
    indicatorId: row.indicatorId,
    period: row.period,
    neighbourhoodId: row.neighbourhoodId,
    value: row.value,
    source: row.source,
    enteredBy: row.enteredBy,
    enteredAt: row.enteredAt.toISOString(),
    status: row.status as 'pending' | 'approved',
    approvedAt: row.approvedAt ? row.approvedAt.toISOString() : null,
  };
}

async function insertIndicator(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  input: IndicatorInput,
  libraryKey: string | null,
) {
  checkDefinition(input);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .insert(indicator)
      .values({ cityId, ...input, names: wellFormed(input.names), libraryKey, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict('An indicator with this code exists already');
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'indicator',
      recordId: row.id,
      fields: ['code', 'names', 'type', 'targets'],
    });
    return toView(row);
  });
}

export async function createIndicator(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  input: IndicatorInput,
) {
  authorize(actor, 'indicators.manage');
  await requirePlanModule(db, cityId);
  return insertIndicator(db, actor, auditActor, cityId, input, null);
}

export async function library(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'indicators.read');
  await requirePlanModule(db, cityId);
  return {
    items: LIBRARY.map((e) => ({
      key: e.key,
      code: e.code,
      names: Object.fromEntries(Object.entries(e.names).filter((x): x is [string, string] => Boolean(x[1]))),
      type: e.type,
      source: e.source,
      unit: e.unit,
    })),
  };
}

export async function adoptFromLibrary(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  key: string,
) {
  authorize(actor, 'indicators.manage');
  await requirePlanModule(db, cityId);
  const entry = LIBRARY.find((e) => e.key === key);
  if (!entry) throw notFound();
  const { key: _key, ...input } = entry;
  return insertIndicator(db, actor, auditActor, cityId, structuredClone(input), key);
}

async function findIndicator(db: Db, cityId: string, id: string): Promise<IndicatorRow> {
  const [row] = await db
    .select()
    .from(indicator)
    .where(and(eq(indicator.cityId, cityId), eq(indicator.id, id)));
  if (!row) throw notFound();
  return row;
}

export async function listValues(db: Db, actor: Actor, cityId: string, indicatorId: string) {
  authorize(actor, 'indicators.read');
  await requirePlanModule(db, cityId);
  await findIndicator(db, cityId, indicatorId);
  const rows = await db
    .select()
    .from(indicatorValue)
    .where(and(eq(indicatorValue.cityId, cityId), eq(indicatorValue.indicatorId, indicatorId)))
    .orderBy(asc(indicatorValue.period), asc(indicatorValue.enteredAt));
  return { items: rows.map(valueView) };
}

export async function enterValue(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  indicatorId: string,
  input: { period: string; neighbourhoodId: string | null; value: number; source: string },
) {
  authorize(actor, 'indicators.enter-values');
  await requirePlanModule(db, cityId);
  const ind = await findIndicator(db, cityId, indicatorId);
  if (ind.source !== 'manual')
    throw conflict('This indicator is computed from the delivered sessions: record the sessions instead');
  const why = valueProblem(ind.type, input.value);
  if (why) throw invalid('body.value', why);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .insert(indicatorValue)
      .values({ cityId, indicatorId, ...input, enteredBy: actor.userId })
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'indicator_value',
      recordId: row.id,
      fields: ['period', 'value', 'source'],
    });
    return valueView(row);
  });
}

export async function approveValue(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  indicatorId: string,
  valueId: string,
) {
  authorize(actor, 'indicators.approve');
  await requirePlanModule(db, cityId);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .update(indicatorValue)
      .set({ status: 'approved', approvedBy: actor.userId, approvedAt: new Date() })
      .where(
        and(
          eq(indicatorValue.cityId, cityId),
          eq(indicatorValue.indicatorId, indicatorId),
          eq(indicatorValue.id, valueId),
          eq(indicatorValue.status, 'pending'),
        ),
      )
      .returning();
    if (!row) throw conflict('No such value waiting for approval');
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'indicator_value',
      recordId: valueId,
      fields: ['status'],
      reason: 'approved',
    });
    return valueView(row);
  });
}

// ---------------------------------------------------------------------------------------------
// Dashboard: target vs actual, progress with its rule.

/** The first and last day of a period (2026, 2026-Q2, 2026-05). */
export function periodRange(period: string): { from: string; to: string } {
  const year = Number(period.slice(0, 4));
  const last = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  if (period.length === 4) return { from: `${year}-01-01`, to: `${year}-12-31` };
  if (period[5] === 'Q') {
    const q = Number(period[6]);
    const m1 = (q - 1) * 3 + 1;
    return { from: `${year}-${String(m1).padStart(2, '0')}-01`, to: last(year, m1 + 2) };
  }
  const m = Number(period.slice(5, 7));
  return { from: `${period}-01`, to: last(year, m) };
}

/** How far from the baseline (0 when none) to the target the actual value has come, in the indicator's direction. */
export function indicatorProgress(
  direction: string,
  baseline: number | null,
  target: number | null,
  actual: number | null,
): { percent: number | null; rule: { key: string; values: Record<string, number> } } {
  if (target === null || actual === null)
    return { percent: null, rule: { key: target === null ? 'no-target' : 'no-actual', values: {} } };
  const start = baseline ?? 0;
  const span = direction === 'lower' ? start - target : target - start;
  const gone = direction === 'lower' ? start - actual : actual - start;
  const percent =
    span <= 0 ? (gone >= span ? 100 : 0) : Math.max(0, Math.min(100, Math.round((gone / span) * 100)));
  return {
    percent,
    rule: {
      key: direction === 'lower' ? 'indicator-lower' : 'indicator-higher',
      values: { actual, target, baseline: start, percent },
    },
  };
}

export async function dashboard(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'indicators.read');
  await requirePlanModule(db, cityId);
  const rows = await db
    .select()
    .from(indicator)
    .where(eq(indicator.cityId, cityId))
    .orderBy(asc(indicator.code));
  const values = await db.select().from(indicatorValue).where(eq(indicatorValue.cityId, cityId));
  const items = [];
  for (const ind of rows) {
    const mine = values.filter((v) => v.indicatorId === ind.id);
    const periods = [...new Set([...ind.targets.map((t) => t.period), ...mine.map((v) => v.period)])].sort();
    // A computed indicator always shows the current year, target or not.
    const thisYear = String(new Date().getUTCFullYear());
    if (ind.source !== 'manual' && !periods.includes(thisYear)) periods.push(thisYear);
    const out = [];
    for (const period of periods) {
      const target = ind.targets.find((t) => t.period === period)?.value ?? null;
      let actual: number | null = null;
      let withheld = false;
      if (ind.source === 'manual') {
        const approved = mine.filter((v) => v.period === period && v.status === 'approved');
        // The city-wide value when there is one (the latest approved), else the neighbourhoods' sum
        // (counts) or mean (percentages, scores, yes/no).
        const city = approved.filter((v) => v.neighbourhoodId === null).at(-1);
        if (city) actual = city.value;
        else if (approved.length) {
          const sum = approved.reduce((s, v) => s + v.value, 0);
          actual = ind.type === 'count' ? sum : Math.round((sum / approved.length) * 10) / 10;
        }
      } else {
        ({ actual, withheld } = await computeActual(db, cityId, ind.source as never, periodRange(period)));
      }
      out.push({
        period,
        target,
        actual,
        withheld,
        pendingValues: mine.filter((v) => v.period === period && v.status === 'pending').length,
        progress: indicatorProgress(ind.direction, ind.baseline?.value ?? null, target, actual),
      });
    }
    items.push({ ...toView(ind), rows: out });
  }
  return { items };
}
