import { and, desc, eq, inArray, isNull } from 'drizzle-orm';
import type {
  ActionStatus,
  PlanAction,
  PlanActionView,
  PlanContentInput,
  PlanObjective,
  Progress,
  PlanImportResult,
} from '../../../contracts/action-plan.contract.js';
import { IMPORT_MAX_BYTES, PLAN_LIMITS } from '../../../contracts/action-plan.contract.js';
import { locales, type Locale } from '../../../contracts/route.js';
import { translate } from '../../platform/i18n.js';
import { planCsv, planDocx, planPdf, planXlsx } from './action-plan.export.js';
import { columnLetter, columnOfPath, readSheet, rowsToActions } from './action-plan.import.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.js';
import { authorize, can, type Actor } from '../../platform/policy.js';
import { city } from '../cities/index.js';
import { adoptionDecisions, adoptionIneligibility, decision } from '../meetings/index.js';
import { effectiveMandate, modulesFor, organisation, representative } from '../network/index.js';
import { actionPlanActionState, actionPlanVersion } from './action-plan.table.js';

/** Why a decision about another subject cannot adopt this version. */
const NOT_ABOUT_IT = 'the decision is not about adopting this plan version';

type VersionRow = typeof actionPlanVersion.$inferSelect;
type StateRow = typeof actionPlanActionState.$inferSelect;
interface FieldError {
  path: string;
  code: string;
  message: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const today = () => new Date().toISOString().slice(0, 10);

function invalid(errors: FieldError[]): AppError {
  return new AppError('validation', 400, errors[0]?.message ?? 'Invalid plan', errors);
}

/** The action plan is on when the mandate in force has item b (plan) or f (monitoring and evaluation). */
export async function requirePlanModule(db: Db, cityId: string): Promise<void> {
  const mandate = await effectiveMandate(db, cityId);
  if (!mandate || !modulesFor(mandate).actionPlan)
    throw conflict("The action plan is not part of this network's mandate (items b or f)");
}

// ---------------------------------------------------------------------------------------------
// Progress: computed, never typed (docs/ACTION_PLAN.md, "Progress").

/** An action's progress: completed 100 %, cancelled not counted, else the share of milestones reached. */
export function actionProgress(action: PlanAction, status: ActionStatus, doneIds: Set<string>): Progress {
  if (status === 'cancelled') return { percent: null, rule: { key: 'cancelled', values: {} } };
  if (status === 'completed') return { percent: 100, rule: { key: 'completed', values: {} } };
  const total = action.milestones.length;
  if (total === 0) return { percent: 0, rule: { key: 'no-milestones', values: {} } };
  const done = action.milestones.filter((m) => doneIds.has(m.id)).length;
  const percent = Math.round((done / total) * 100);
  return { percent, rule: { key: 'milestones', values: { done, total, percent } } };
}

/** The mean of the parts' percentages (parts without one, such as cancelled actions, are left out). */
export function meanProgress(parts: Progress[], key: 'objective' | 'plan'): Progress {
  const counted = parts.flatMap((p) => (p.percent === null ? [] : [p.percent]));
  if (!counted.length) return { percent: null, rule: { key: `${key}-empty`, values: {} } };
  const percent = Math.round(counted.reduce((s, v) => s + v, 0) / counted.length);
  return { percent, rule: { key: `${key}-mean`, values: { count: counted.length, percent } } };
}

async function statesFor(db: Db, cityId: string, actionIds: string[]): Promise<Map<string, StateRow>> {
  if (!actionIds.length) return new Map();
  const rows = await db
    .select()
    .from(actionPlanActionState)
    .where(and(eq(actionPlanActionState.cityId, cityId), inArray(actionPlanActionState.actionId, actionIds)));
  return new Map(rows.map((r) => [r.actionId, r]));
}

function actionView(action: PlanAction, state: StateRow | undefined, on = today()): PlanActionView {
  const status = (state?.status ?? 'planned') as ActionStatus;
  // Milestones removed from a later version no longer count.
  const done = (state?.milestonesDone ?? []).filter((m) => action.milestones.some((x) => x.id === m.id));
  const doneIds = new Set(done.map((m) => m.id));
  return {
    ...action,
    state: {
      status,
      budgetCommitted: state?.budgetCommitted ?? 0,
      budgetSpent: state?.budgetSpent ?? 0,
      milestonesDone: done,
      updatedAt: state ? iso(state.updatedAt) : null,
    },
    progress: actionProgress(action, status, doneIds),
    overdue: action.endOn < on && status !== 'completed' && status !== 'cancelled',
  };
}

function toSummary(row: VersionRow) {
  return {
    id: row.id,
    version: row.version,
    status: row.status as 'draft' | 'adopted' | 'superseded',
    title: row.title,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    basedOnVersion: row.basedOnVersion,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    adoptedAt: iso(row.adoptedAt),
    adoptedDecisionId: row.adoptedDecisionId,
    objectiveCount: row.objectives.length,
    actionCount: row.actions.length,
  };
}

async function toDetail(db: Db, row: VersionRow) {
  const states = await statesFor(
    db,
    row.cityId,
    row.actions.map((a) => a.id),
  );
  const actions = row.actions.map((a) => actionView(a, states.get(a.id)));
  const objectives = row.objectives.map((o) => ({
    ...o,
    progress: meanProgress(
      actions.filter((a) => a.objectiveId === o.id).map((a) => a.progress),
      'objective',
    ),
  }));
  return {
    ...toSummary(row),
    objectives,
    actions,
    progress: meanProgress(
      objectives.map((o) => o.progress),
      'plan',
    ),
  };
}

async function findVersion(db: Db, cityId: string, versionId: string): Promise<VersionRow> {
  const [row] = await db
    .select()
    .from(actionPlanVersion)
    .where(and(eq(actionPlanVersion.cityId, cityId), eq(actionPlanVersion.id, versionId)));
  if (!row) throw notFound();
  return row;
}

/** The adopted plan version, if any (other modules: activities link sessions to its actions). */
export async function adoptedPlan(db: Db, cityId: string): Promise<VersionRow | undefined> {
  const [row] = await db
    .select()
    .from(actionPlanVersion)
    .where(and(eq(actionPlanVersion.cityId, cityId), eq(actionPlanVersion.status, 'adopted')));
  return row;
}

/** An action of the adopted plan, or of the newest version that has it; undefined when none has. */
export async function findPlanAction(db: Db, cityId: string, actionId: string) {
  const rows = await db
    .select()
    .from(actionPlanVersion)
    .where(eq(actionPlanVersion.cityId, cityId))
    .orderBy(desc(actionPlanVersion.version));
  const ordered = [
    ...rows.filter((r) => r.status === 'adopted'),
    ...rows.filter((r) => r.status !== 'adopted'),
  ];
  for (const row of ordered) {
    const action = row.actions.find((a) => a.id === actionId);
    if (action)
      return { action, objective: row.objectives.find((o) => o.id === action.objectiveId), version: row };
  }
  return undefined;
}

export async function listVersions(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'action-plan.read');
  await requirePlanModule(db, cityId);
  const rows = await db
    .select()
    .from(actionPlanVersion)
    .where(eq(actionPlanVersion.cityId, cityId))
    .orderBy(desc(actionPlanVersion.version));
  return { items: rows.map(toSummary) };
}

export async function getVersion(db: Db, actor: Actor, cityId: string, versionId: string) {
  authorize(actor, 'action-plan.read');
  await requirePlanModule(db, cityId);
  return toDetail(db, await findVersion(db, cityId, versionId));
}

// ---------------------------------------------------------------------------------------------
// Drafts

/** Every reference inside the plan checked; all problems reported at once, by field path. */
async function validateContent(
  db: Db,
  cityId: string,
  plan: { periodStart: string; periodEnd: string; objectives: PlanObjective[]; actions: PlanAction[] },
): Promise<void> {
  const errors = await contentErrors(db, cityId, plan);
  if (errors.length) throw invalid(errors);
}

/** The problems of a plan's content, by field path (`body.actions.3.endOn`); none when it is valid. */
async function contentErrors(
  db: Db,
  cityId: string,
  plan: { periodStart: string; periodEnd: string; objectives: PlanObjective[]; actions: PlanAction[] },
): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const err = (path: string, message: string) =>
    errors.push({ path: `body.${path}`, code: 'invalid', message });
  if (plan.periodEnd < plan.periodStart) err('periodEnd', 'The period ends before it starts');
  const objectiveIds = new Set<string>();
  plan.objectives.forEach((o, i) => {
    if (objectiveIds.has(o.id)) err(`objectives.${i}.id`, 'Two objectives have the same id');
    objectiveIds.add(o.id);
  });
  const actionIds = new Set<string>();
  plan.actions.forEach((a, i) => {
    if (actionIds.has(a.id)) err(`actions.${i}.id`, 'Two actions have the same id');
    actionIds.add(a.id);
  });
  const orgIds = new Set(
    (await db.select({ id: organisation.id }).from(organisation).where(eq(organisation.cityId, cityId))).map(
      (o) => o.id,
    ),
  );
  plan.actions.forEach((a, i) => {
    if (!objectiveIds.has(a.objectiveId)) err(`actions.${i}.objectiveId`, 'No such objective in this plan');
    if (a.endOn < a.startOn) err(`actions.${i}.endOn`, 'The action ends before it starts');
    if (a.startOn < plan.periodStart || a.endOn > plan.periodEnd)
      err(`actions.${i}.startOn`, "The action's dates are outside the plan's period");
    if (a.ownerOrganisationId && !orgIds.has(a.ownerOrganisationId))
      err(`actions.${i}.ownerOrganisationId`, 'No such organisation in this network');
    a.partnerOrganisationIds.forEach((id, j) => {
      if (!orgIds.has(id))
        err(`actions.${i}.partnerOrganisationIds.${j}`, 'No such organisation in this network');
    });
    const milestoneIds = new Set<string>();
    a.milestones.forEach((m, j) => {
      if (milestoneIds.has(m.id)) err(`actions.${i}.milestones.${j}.id`, 'Two milestones have the same id');
      milestoneIds.add(m.id);
    });
    a.dependsOn.forEach((id, j) => {
      if (id === a.id) err(`actions.${i}.dependsOn.${j}`, 'An action cannot depend on itself');
      else if (!actionIds.has(id)) err(`actions.${i}.dependsOn.${j}`, 'No such action in this plan');
    });
  });
  // Dependencies must not go round in a circle.
  const byId = new Map(plan.actions.map((a) => [a.id, a]));
  const state = new Map<string, 'visiting' | 'done'>();
  const cyclic = new Set<string>();
  const visit = (id: string): boolean => {
    if (state.get(id) === 'done') return false;
    if (state.get(id) === 'visiting') return true;
    state.set(id, 'visiting');
    let found = false;
    for (const next of byId.get(id)?.dependsOn ?? []) if (byId.has(next) && visit(next)) found = true;
    state.set(id, 'done');
    if (found) cyclic.add(id);
    return found;
  };
  plan.actions.forEach((a) => visit(a.id));
  plan.actions.forEach((a, i) => {
    if (cyclic.has(a.id) && !errors.some((e) => e.path.startsWith(`body.actions.${i}.dependsOn`)))
      err(`actions.${i}.dependsOn`, 'The dependencies go round in a circle');
  });
  return errors;
}

export async function createDraft(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  input: { title?: string; periodStart?: string; periodEnd?: string } = {},
) {
  authorize(actor, 'action-plan.edit');
  await requirePlanModule(db, cityId);
  const created = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [cityRow] = await tx.select().from(city).where(eq(city.id, cityId)).for('no key update');
    if (!cityRow) throw notFound();
    const all = await tx
      .select()
      .from(actionPlanVersion)
      .where(eq(actionPlanVersion.cityId, cityId))
      .orderBy(desc(actionPlanVersion.version));
    if (all.some((v) => v.status === 'draft'))
      throw conflict('There is already an open draft: edit or delete it first');
    const adopted = all.find((v) => v.status === 'adopted');
    const year = new Date().getUTCFullYear();
    const periodStart = input.periodStart ?? adopted?.periodStart ?? `${year}-01-01`;
    const periodEnd = input.periodEnd ?? adopted?.periodEnd ?? `${year + 1}-12-31`;
    const content = {
      periodStart,
      periodEnd,
      objectives: structuredClone(adopted?.objectives ?? []),
      actions: structuredClone(adopted?.actions ?? []),
    };
    await validateContent(tx, cityId, content);
    const [row] = await tx
      .insert(actionPlanVersion)
      .values({
        cityId,
        version: (all[0]?.version ?? 0) + 1,
        status: 'draft',
        title: input.title ?? adopted?.title ?? `${cityRow.name} — local action plan`,
        ...content,
        basedOnVersion: adopted?.version ?? null,
        createdBy: actor.userId,
      })
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'action_plan_version',
      recordId: row.id,
      fields: ['title', 'period', 'objectives', 'actions'],
    });
    return row;
  });
  return toDetail(db, created);
}

export async function updateDraft(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  versionId: string,
  body: PlanContentInput,
) {
  authorize(actor, 'action-plan.edit');
  await requirePlanModule(db, cityId);
  const updated = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .select()
      .from(actionPlanVersion)
      .where(and(eq(actionPlanVersion.cityId, cityId), eq(actionPlanVersion.id, versionId)))
      .for('update');
    if (!row) throw notFound();
    if (row.status !== 'draft') throw conflict('Only a draft can be edited: an adopted plan never changes');
    const next = {
      title: body.title ?? row.title,
      periodStart: body.periodStart ?? row.periodStart,
      periodEnd: body.periodEnd ?? row.periodEnd,
      objectives: wellFormed(body.objectives ?? row.objectives),
      actions: wellFormed(body.actions ?? row.actions),
    };
    await validateContent(tx, cityId, next);
    const [saved] = await tx
      .update(actionPlanVersion)
      .set({ ...next, updatedAt: new Date() })
      .where(and(eq(actionPlanVersion.cityId, cityId), eq(actionPlanVersion.id, versionId)))
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'action_plan_version',
      recordId: versionId,
      fields: Object.keys(body).filter((k) => body[k as keyof PlanContentInput] !== undefined),
    });
    return saved;
  });
  return toDetail(db, updated);
}

export async function deleteDraft(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  versionId: string,
) {
  authorize(actor, 'action-plan.edit');
  await requirePlanModule(db, cityId);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const row = await findVersion(tx, cityId, versionId);
    if (row.status !== 'draft') throw conflict('Only a draft can be deleted');
    await tx
      .delete(actionPlanVersion)
      .where(and(eq(actionPlanVersion.cityId, cityId), eq(actionPlanVersion.id, versionId)));
    await appendAudit(tx, cityId, auditActor, {
      action: 'delete',
      recordType: 'action_plan_version',
      recordId: versionId,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Adoption: the ToR's mechanism (a passed decision of a quorate meeting about this very version).

export const ADOPTION_SUBJECT = 'action-plan-adoption';

export async function listAdoptionDecisions(db: Db, actor: Actor, cityId: string, versionId: string) {
  authorize(actor, 'action-plan.read');
  await requirePlanModule(db, cityId);
  await findVersion(db, cityId, versionId);
  return adoptionDecisions(db, cityId, ADOPTION_SUBJECT, versionId, NOT_ABOUT_IT);
}

/** Marks the version adopted on the decision and the previous adopted one superseded (the seeder uses it too). */
export async function applyAdoption(
  tx: Db,
  cityId: string,
  auditActor: AuditActor,
  versionId: string,
  decisionId: string,
  at: Date,
): Promise<VersionRow> {
  const previous = await tx
    .update(actionPlanVersion)
    .set({ status: 'superseded', updatedAt: at })
    .where(and(eq(actionPlanVersion.cityId, cityId), eq(actionPlanVersion.status, 'adopted')))
    .returning({ id: actionPlanVersion.id });
  const [next] = await tx
    .update(actionPlanVersion)
    .set({ status: 'adopted', adoptedAt: at, adoptedDecisionId: decisionId, updatedAt: at })
    .where(and(eq(actionPlanVersion.cityId, cityId), eq(actionPlanVersion.id, versionId)))
    .returning();
  for (const p of previous)
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'action_plan_version',
      recordId: p.id,
      fields: ['status'],
      reason: 'superseded',
    });
  await appendAudit(tx, cityId, auditActor, {
    action: 'update',
    recordType: 'action_plan_version',
    recordId: versionId,
    fields: ['status', 'adoptedAt', 'adoptedDecisionId'],
    reason: 'adopted',
  });
  return next;
}

export async function adoptVersion(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  versionId: string,
  decisionId: string,
) {
  authorize(actor, 'action-plan.adopt');
  await requirePlanModule(db, cityId);
  const adopted = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .select()
      .from(actionPlanVersion)
      .where(and(eq(actionPlanVersion.cityId, cityId), eq(actionPlanVersion.id, versionId)))
      .for('update');
    if (!row) throw notFound();
    if (row.status !== 'draft') throw conflict('Only a draft can be adopted');
    const [d] = await tx
      .select()
      .from(decision)
      .where(and(eq(decision.cityId, cityId), eq(decision.id, decisionId)));
    if (!d) throw conflict('No such decision was recorded in this city');
    const why = adoptionIneligibility(d, ADOPTION_SUBJECT, versionId, NOT_ABOUT_IT);
    if (why) throw conflict(`This decision cannot adopt the plan: ${why}`);
    // The organisations may have changed since the draft was saved: check again before it binds.
    await validateContent(tx, cityId, row);
    return applyAdoption(tx, cityId, auditActor, versionId, decisionId, new Date());
  });
  return toDetail(db, adopted);
}

// ---------------------------------------------------------------------------------------------
// Diff

async function resolveVersion(db: Db, cityId: string, ref: string): Promise<VersionRow> {
  const where = /^\d+$/.test(ref)
    ? eq(actionPlanVersion.version, Number(ref))
    : eq(actionPlanVersion.id, ref);
  const [row] = await db
    .select()
    .from(actionPlanVersion)
    .where(and(eq(actionPlanVersion.cityId, cityId), where));
  if (!row) throw notFound();
  return row;
}

function changedFields<T extends object>(a: T, b: T): string[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter(
    (k) =>
      JSON.stringify((a as Record<string, unknown>)[k]) !== JSON.stringify((b as Record<string, unknown>)[k]),
  );
}

export function diffPlans(from: VersionRow, to: VersionRow) {
  const entries: {
    kind: 'plan' | 'objective' | 'action';
    id: string;
    title: string;
    change: 'added' | 'removed' | 'changed';
    fields: string[];
  }[] = [];
  const planFields = changedFields(
    { title: from.title, periodStart: from.periodStart, periodEnd: from.periodEnd },
    { title: to.title, periodStart: to.periodStart, periodEnd: to.periodEnd },
  );
  if (planFields.length)
    entries.push({ kind: 'plan', id: to.id, title: to.title, change: 'changed', fields: planFields });
  const compare = <T extends { id: string; title: string }>(kind: 'objective' | 'action', a: T[], b: T[]) => {
    const before = new Map(a.map((x) => [x.id, x]));
    const after = new Map(b.map((x) => [x.id, x]));
    for (const x of b) {
      const old = before.get(x.id);
      if (!old) entries.push({ kind, id: x.id, title: x.title, change: 'added', fields: [] });
      else {
        const fields = changedFields(old, x);
        if (fields.length) entries.push({ kind, id: x.id, title: x.title, change: 'changed', fields });
      }
    }
    for (const x of a)
      if (!after.has(x.id)) entries.push({ kind, id: x.id, title: x.title, change: 'removed', fields: [] });
  };
  compare('objective', from.objectives, to.objectives);
  compare('action', from.actions, to.actions);
  return entries;
}

export async function diff(db: Db, actor: Actor, cityId: string, fromRef: string, toRef: string) {
  authorize(actor, 'action-plan.read');
  await requirePlanModule(db, cityId);
  const from = await resolveVersion(db, cityId, fromRef);
  const to = await resolveVersion(db, cityId, toRef);
  return { from: from.version, to: to.version, entries: diffPlans(from, to) };
}

// ---------------------------------------------------------------------------------------------
// Budget: money, not people, so no small-cell rule applies; amounts are summed per currency.

export async function budget(db: Db, actor: Actor, cityId: string, versionId: string) {
  authorize(actor, 'action-plan.read');
  await requirePlanModule(db, cityId);
  const row = await findVersion(db, cityId, versionId);
  const states = await statesFor(
    db,
    cityId,
    row.actions.map((a) => a.id),
  );
  const orgs = new Map(
    (
      await db
        .select({ id: organisation.id, name: organisation.name })
        .from(organisation)
        .where(eq(organisation.cityId, cityId))
    ).map((o) => [o.id, o.name]),
  );
  const objectives = new Map(row.objectives.map((o) => [o.id, o.code ? `${o.code} ${o.title}` : o.title]));
  type Line = {
    key: string;
    label: string;
    currency: string;
    planned: number;
    committed: number;
    spent: number;
  };
  const group = (keyOf: (a: PlanAction) => [string, string]) => {
    const lines = new Map<string, Line>();
    for (const a of row.actions) {
      const [key, label] = keyOf(a);
      const id = `${key}\u0000${a.currency}`;
      const line = lines.get(id) ?? { key, label, currency: a.currency, planned: 0, committed: 0, spent: 0 };
      const s = states.get(a.id);
      line.planned += a.budgetPlanned;
      line.committed += s?.budgetCommitted ?? 0;
      line.spent += s?.budgetSpent ?? 0;
      lines.set(id, line);
    }
    return [...lines.values()].sort(
      (x, y) => x.label.localeCompare(y.label) || x.currency.localeCompare(y.currency),
    );
  };
  return {
    byObjective: group((a) => [a.objectiveId, objectives.get(a.objectiveId) ?? '']),
    byOrganisation: group((a) =>
      a.ownerOrganisationId ? [a.ownerOrganisationId, orgs.get(a.ownerOrganisationId) ?? ''] : ['none', ''],
    ),
    byFundingSource: group((a) => [a.fundingSource || 'none', a.fundingSource]),
    totals: group(() => ['total', '']),
  };
}

// ---------------------------------------------------------------------------------------------
// Implementation: status, money, milestones; my actions.

/** The organisations the person currently represents in this city. */
export async function myOrganisationIds(db: Db, cityId: string, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: representative.organisationId })
    .from(representative)
    .where(
      and(
        eq(representative.cityId, cityId),
        eq(representative.userId, userId),
        isNull(representative.leftOn),
      ),
    );
  return [...new Set(rows.map((r) => r.id))];
}

export async function updateActionProgress(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  actionId: string,
  body: {
    status?: ActionStatus;
    budgetCommitted?: number;
    budgetSpent?: number;
    milestonesDone?: { id: string; doneOn: string }[];
  },
) {
  const any = can(actor, 'action-plan.update-any-progress');
  if (!any) authorize(actor, 'action-plan.update-own-progress');
  await requirePlanModule(db, cityId);
  const plan = await adoptedPlan(db, cityId);
  const action = plan?.actions.find((a) => a.id === actionId);
  if (!plan || !action) throw notFound();
  if (!any) {
    const mine = await myOrganisationIds(db, cityId, actor.userId);
    if (!action.ownerOrganisationId || !mine.includes(action.ownerOrganisationId))
      throw forbidden('Only the owner organisation, the chair or the coordinator updates an action');
  }
  if (body.milestonesDone) {
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    body.milestonesDone.forEach((m, i) => {
      if (!action.milestones.some((x) => x.id === m.id) || seen.has(m.id))
        errors.push({
          path: `body.milestonesDone.${i}.id`,
          code: 'invalid',
          message: 'Not a milestone of this action',
        });
      seen.add(m.id);
    });
    if (errors.length) throw invalid(errors);
  }
  const saved = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const set = {
      ...(body.status !== undefined ? { status: body.status } : {}),
      ...(body.budgetCommitted !== undefined ? { budgetCommitted: body.budgetCommitted } : {}),
      ...(body.budgetSpent !== undefined ? { budgetSpent: body.budgetSpent } : {}),
      ...(body.milestonesDone !== undefined ? { milestonesDone: body.milestonesDone } : {}),
      updatedBy: actor.userId,
      updatedAt: new Date(),
    };
    const [row] = await tx
      .insert(actionPlanActionState)
      .values({ cityId, actionId, ...set })
      .onConflictDoUpdate({ target: [actionPlanActionState.cityId, actionPlanActionState.actionId], set })
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'action_plan_action',
      recordId: actionId,
      fields: Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined),
    });
    return row;
  });
  return actionView(action, saved);
}

export async function myActions(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'action-plan.my-actions');
  await requirePlanModule(db, cityId);
  const mine = await myOrganisationIds(db, cityId, actor.userId);
  const plan = await adoptedPlan(db, cityId);
  if (!plan || !mine.length) return { items: [], organisations: mine.length };
  const chosen = plan.actions.filter(
    (a) =>
      (a.ownerOrganisationId && mine.includes(a.ownerOrganisationId)) ||
      a.partnerOrganisationIds.some((id) => mine.includes(id)),
  );
  const states = await statesFor(
    db,
    cityId,
    chosen.map((a) => a.id),
  );
  const titles = new Map(plan.objectives.map((o) => [o.id, o.title]));
  const items = chosen
    .map((a) => ({
      ...actionView(a, states.get(a.id)),
      objectiveTitle: titles.get(a.objectiveId) ?? '',
      owner: Boolean(a.ownerOrganisationId && mine.includes(a.ownerOrganisationId)),
    }))
    .sort((x, y) => Number(y.overdue) - Number(x.overdue) || x.endOn.localeCompare(y.endOn));
  return { items, organisations: mine.length };
}

/**
 * Replaces lone UTF-16 surrogates in every string of a value by U+FFFD: PostgreSQL's jsonb refuses
 * the "\ud800" escape JSON.stringify writes for one (it was a 500 on bad input).
 */
export function wellFormed<T>(value: T): T {
  if (typeof value === 'string')
    return value.replace(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      '\uFFFD',
    ) as T;
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wellFormed(v)])) as T;
  return value;
}

// ---------------------------------------------------------------------------------------------
// Export (PDF, DOCX, CSV, XLSX) and import of actions from XLSX (docs/ACTION_PLAN.md, "Export and import").

export type PlanExportFormat = 'pdf' | 'docx' | 'csv' | 'xlsx';

async function organisationNames(db: Db, cityId: string) {
  return db
    .select({ id: organisation.id, name: organisation.name })
    .from(organisation)
    .where(eq(organisation.cityId, cityId));
}

async function localeOf(db: Db, cityId: string, lang: Locale | undefined): Promise<Locale> {
  if (lang) return lang;
  const [row] = await db.select({ locale: city.defaultLocale }).from(city).where(eq(city.id, cityId));
  return (locales as readonly string[]).includes(row?.locale ?? '') ? (row.locale as Locale) : 'en';
}

/** The version as a document or sheet in the chosen language (else the city's); the export is audited. */
export async function exportPlan(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  versionId: string,
  format: PlanExportFormat,
  lang: Locale | undefined,
) {
  authorize(actor, 'action-plan.read');
  await requirePlanModule(db, cityId);
  const plan = await toDetail(db, await findVersion(db, cityId, versionId));
  const locale = await localeOf(db, cityId, lang);
  const ctx = {
    plan,
    organisations: new Map((await organisationNames(db, cityId)).map((o) => [o.id, o.name])),
    lang: locale,
  };
  const file =
    format === 'pdf'
      ? await planPdf(ctx)
      : format === 'docx'
        ? await planDocx(ctx)
        : format === 'csv'
          ? planCsv(ctx)
          : await planXlsx(ctx);
  await appendAudit(db, cityId, auditActor, {
    action: 'export',
    recordType: 'action_plan_version',
    recordId: versionId,
    reason: format,
  });
  return { file, filename: `action-plan-v${plan.version}-${locale}.${format}` };
}

/** Translated words for the problems `contentErrors` reports in English (the others keep theirs). */
const CONTENT_PROBLEM_KEYS: Record<string, string> = {
  'The action ends before it starts': 'endsBeforeStart',
  "The action's dates are outside the plan's period": 'outsidePeriod',
  'The dependencies go round in a circle': 'circle',
  'An action cannot depend on itself': 'selfDependency',
};

/**
 * Adds or updates the draft's actions from an XLSX sheet. Every problem comes back with its row and
 * column; nothing is written unless every row is valid and the whole plan still is (one transaction).
 */
export async function importActions(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  versionId: string,
  input: { file: string; dryRun: boolean },
  lang: Locale,
): Promise<PlanImportResult> {
  authorize(actor, 'action-plan.edit');
  await requirePlanModule(db, cityId);
  const bytes = Buffer.from(input.file.replace(/\s/g, ''), 'base64');
  const tr = (key: string, values?: Record<string, unknown>) =>
    translate(lang, `action-plan.import.${key}`, values);
  const result = (partial: Partial<PlanImportResult>): PlanImportResult => ({
    dryRun: input.dryRun,
    valid: false,
    written: false,
    rows: 0,
    created: [],
    updated: [],
    errors: [],
    ...partial,
  });
  if (bytes.length > IMPORT_MAX_BYTES)
    throw new AppError('validation', 400, tr('tooLarge'), [
      { path: 'body.file', code: 'too-large', message: tr('tooLarge') },
    ]);
  const row = await findVersion(db, cityId, versionId);
  if (row.status !== 'draft') throw conflict('Only a draft can be edited: an adopted plan never changes');
  const sheet = await readSheet(bytes, lang, PLAN_LIMITS.actions);
  if (sheet.problems.length && !sheet.rows.length) return result({ errors: sheet.problems });
  const orgs = await organisationNames(db, cityId);
  const built = rowsToActions(sheet.rows, sheet.columns, row, orgs, lang);
  const problems = [...sheet.problems, ...built.problems];
  const base = { rows: sheet.rows.length, created: built.created, updated: built.updated };
  if (problems.length) return result({ ...base, errors: problems });
  if (built.actions.length > PLAN_LIMITS.actions)
    return result({
      ...base,
      errors: [
        { row: null, column: null, cell: null, message: tr('tooManyRows', { max: PLAN_LIMITS.actions }) },
      ],
    });
  const next = { ...row, actions: wellFormed(built.actions) };
  const planProblems = (await contentErrors(db, cityId, next)).map((e) => {
    // body.actions.3.endOn → the sheet row of action 3 and the column of endOn.
    const [, , index, field] = e.path.split('.');
    const action = next.actions[Number(index)];
    const sheetRow = action ? (built.rowOf.get(action.id) ?? null) : null;
    const column = field ? columnOfPath(field) : null;
    const key = CONTENT_PROBLEM_KEYS[e.message];
    return {
      row: sheetRow,
      column: column ? translate(lang, `action-plan.export.columns.${column}`) : null,
      cell:
        column && sheetRow && sheet.columns.has(column)
          ? `${columnLetter(sheet.columns.get(column)! - 1)}${sheetRow}`
          : null,
      message: key ? tr(key) : e.message,
    };
  });
  if (planProblems.length) return result({ ...base, errors: planProblems });
  if (input.dryRun) return result({ ...base, valid: true });
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [locked] = await tx
      .select()
      .from(actionPlanVersion)
      .where(and(eq(actionPlanVersion.cityId, cityId), eq(actionPlanVersion.id, versionId)))
      .for('update');
    // Someone saved the draft while the file was read: refuse rather than overwrite their change.
    if (!locked || locked.status !== 'draft' || locked.updatedAt.getTime() !== row.updatedAt.getTime())
      throw conflict('The draft changed while the file was read: run the import again');
    await validateContent(tx, cityId, next);
    await tx
      .update(actionPlanVersion)
      .set({ actions: next.actions, updatedAt: new Date() })
      .where(and(eq(actionPlanVersion.cityId, cityId), eq(actionPlanVersion.id, versionId)));
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'action_plan_version',
      recordId: versionId,
      fields: ['actions'],
      reason: 'import',
    });
  });
  return result({ ...base, valid: true, written: true });
}

// ---------------------------------------------------------------------------------------------
// A decision that adds or changes an action (docs/ACTION_PLAN.md, "Decisions that change an action").

export const ACTION_DECISION_SUBJECT = 'action-plan-action';

/**
 * Applies a passed decision of a quorate meeting about an action (subject `action-plan-action`, the
 * action's id, or for a new action its objective's id): a new version, a copy of the adopted plan with
 * the action added or replaced, adopted by that decision. The open draft, if any, gets the same change
 * when it still validates, so adopting the draft later does not undo the decision. A decision applies once.
 */
export async function applyDecidedAction(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  input: { decisionId: string; action: PlanAction },
) {
  authorize(actor, 'action-plan.adopt');
  await requirePlanModule(db, cityId);
  const action = wellFormed(input.action);
  const created = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [cityRow] = await tx.select().from(city).where(eq(city.id, cityId)).for('no key update');
    if (!cityRow) throw notFound();
    const all = await tx
      .select()
      .from(actionPlanVersion)
      .where(eq(actionPlanVersion.cityId, cityId))
      .orderBy(desc(actionPlanVersion.version));
    const adopted = all.find((v) => v.status === 'adopted');
    if (!adopted)
      throw conflict('There is no adopted plan: a decision changes an action of the adopted plan');
    const [d] = await tx
      .select()
      .from(decision)
      .where(and(eq(decision.cityId, cityId), eq(decision.id, input.decisionId)));
    if (!d) throw conflict('No such decision was recorded in this city');
    const exists = adopted.actions.some((a) => a.id === action.id);
    const subject = d.subjectId === action.id ? action.id : action.objectiveId;
    const why = adoptionIneligibility(
      d,
      ACTION_DECISION_SUBJECT,
      subject,
      exists
        ? 'the decision is not about this action'
        : 'the decision is not about this action or its objective',
    );
    if (why) throw conflict(`This decision cannot change the plan: ${why}`);
    if (all.some((v) => v.adoptedDecisionId === d.id))
      throw conflict('This decision has already been applied to the plan');
    const apply = (actions: PlanAction[]) =>
      actions.some((a) => a.id === action.id)
        ? actions.map((a) => (a.id === action.id ? action : a))
        : [...actions, action];
    const content = {
      periodStart: adopted.periodStart,
      periodEnd: adopted.periodEnd,
      objectives: adopted.objectives,
      actions: apply(adopted.actions),
    };
    await validateContent(tx, cityId, content);
    const [row] = await tx
      .insert(actionPlanVersion)
      .values({
        cityId,
        version: (all[0]?.version ?? 0) + 1,
        status: 'draft',
        title: adopted.title,
        ...content,
        basedOnVersion: adopted.version,
        createdBy: actor.userId,
      })
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'action_plan_version',
      recordId: row.id,
      fields: ['actions'],
      reason: exists ? 'decision-changed-action' : 'decision-added-action',
    });
    const next = await applyAdoption(tx, cityId, auditActor, row.id, d.id, new Date());
    const draft = all.find((v) => v.status === 'draft');
    if (draft) {
      const draftContent = { ...draft, actions: apply(draft.actions) };
      if (!(await contentErrors(tx, cityId, draftContent)).length) {
        await tx
          .update(actionPlanVersion)
          .set({ actions: draftContent.actions, updatedAt: new Date() })
          .where(and(eq(actionPlanVersion.cityId, cityId), eq(actionPlanVersion.id, draft.id)));
        await appendAudit(tx, cityId, auditActor, {
          action: 'update',
          recordType: 'action_plan_version',
          recordId: draft.id,
          fields: ['actions'],
          reason: 'decision-applied',
        });
      }
    }
    return next;
  });
  return toDetail(db, created);
}

/** The adopted plan's actions with their state and whether they are overdue on a day (the meeting agenda). */
export async function adoptedActionViews(db: Db, cityId: string, on: string): Promise<PlanActionView[]> {
  const plan = await adoptedPlan(db, cityId);
  if (!plan) return [];
  const states = await statesFor(
    db,
    cityId,
    plan.actions.map((a) => a.id),
  );
  return plan.actions.map((a) => actionView(a, states.get(a.id), on));
}

/** Decisions recorded about the plan's actions (newest first): whether each can still be applied. */
export async function listActionDecisions(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'action-plan.read');
  await requirePlanModule(db, cityId);
  const rows = await db
    .select()
    .from(decision)
    .where(and(eq(decision.cityId, cityId), eq(decision.subjectType, ACTION_DECISION_SUBJECT)))
    .orderBy(desc(decision.recordedAt));
  const applied = new Set(
    (
      await db
        .select({ id: actionPlanVersion.adoptedDecisionId })
        .from(actionPlanVersion)
        .where(eq(actionPlanVersion.cityId, cityId))
    ).map((r) => r.id),
  );
  return {
    items: rows.map((d) => ({
      id: d.id,
      text: d.text,
      subjectId: d.subjectId!,
      outcome: d.outcome,
      quorumMet: d.quorumMet,
      recordedAt: d.recordedAt.toISOString(),
      applied: applied.has(d.id),
      eligible: d.outcome === 'passed' && d.quorumMet && !applied.has(d.id),
    })),
  };
}
