import crypto, { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import {
  ESCALATION_DUE_DAYS,
  type EscalationView,
  type FrameworkGoal,
  type FrameworkView,
  type ReportContent,
  type ReportDetail,
  type ReportNarrative,
  type TranslatedNames,
} from '../../../contracts/national.contract.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/index.js';
import { suppressCounts } from '../../platform/disclosure.js';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.js';
import { authorize, can, type Actor } from '../../platform/policy.js';
import { actionPlanVersion, adoptedPlan, planVersionDetail, wellFormed } from '../action-plan/index.js';
import { activitiesSummary } from '../activities/index.js';
import { caseStatistics } from '../cases/index.js';
import { city } from '../cities/index.js';
import { indicatorDashboard } from '../indicators/index.js';
import { effectiveMandate, modulesFor } from '../network/index.js';
import { risk } from '../risk-map/index.js';
import {
  nationalEscalation,
  nationalFramework,
  nationalFrameworkVersion,
  nationalObjectiveGoal,
  nationalReport,
} from './national.table.js';

type FrameworkRow = typeof nationalFramework.$inferSelect;
type EscalationRow = typeof nationalEscalation.$inferSelect;
type ReportRow = typeof nationalReport.$inferSelect;
interface FieldError {
  path: string;
  code: string;
  message: string;
}

const DAY = 86_400_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const today = () => new Date().toISOString().slice(0, 10);
const invalid = (errors: FieldError[]) =>
  new AppError('validation', 400, errors[0]?.message ?? 'Invalid input', errors);

/** National coordination is on when the mandate in force has item e. */
export async function requireNationalModule(db: Db, cityId: string): Promise<void> {
  const mandate = await effectiveMandate(db, cityId);
  if (!mandate || !modulesFor(mandate).nationalCoordination)
    throw conflict("National coordination is not part of this network's mandate (item e)");
}

async function cityRow(db: Db, cityId: string) {
  const [row] = await db.select().from(city).where(eq(city.id, cityId));
  if (!row) throw notFound();
  return row;
}

const sameCountry = (a: string | null, b: string | null) =>
  a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();

/** The name in the locale asked for, else English, else the first one given. */
export function pickName(names: Record<string, string | undefined>, locale = 'en'): string {
  return names[locale] || names.en || Object.values(names).find((n) => n) || '';
}

const cleanNames = (names: TranslatedNames) =>
  Object.fromEntries(Object.entries(names).filter(([, v]) => v)) as Record<string, string>;

// ---------------------------------------------------------------------------------------------
// Frameworks

async function latestGoals(db: Db, rows: FrameworkRow[]): Promise<Map<string, FrameworkGoal[]>> {
  if (!rows.length) return new Map();
  const versions = await db
    .select()
    .from(nationalFrameworkVersion)
    .where(
      inArray(
        nationalFrameworkVersion.frameworkId,
        rows.map((r) => r.id),
      ),
    );
  const out = new Map<string, FrameworkGoal[]>();
  for (const r of rows)
    out.set(r.id, versions.find((v) => v.frameworkId === r.id && v.version === r.version)?.goals ?? []);
  return out;
}

function mayEdit(actor: Actor, row: FrameworkRow, cityCountry: string | null): boolean {
  if (row.country === null) return can(actor, 'national.frameworks.publish-all');
  if (actor.isPlatformAdmin) return true;
  return can(actor, 'national.frameworks.manage') && sameCountry(row.country, cityCountry);
}

function frameworkView(row: FrameworkRow, goals: FrameworkGoal[], editable: boolean): FrameworkView {
  return {
    id: row.id,
    country: row.country,
    kind: row.kind as FrameworkView['kind'],
    names: row.names,
    description: row.description,
    version: row.version,
    goals,
    updatedAt: row.updatedAt.toISOString(),
    editable,
  };
}

/** The frameworks a city uses: its country's and those shared by every city. */
async function frameworksOfCity(db: Db, country: string | null): Promise<FrameworkRow[]> {
  const rows = await db
    .select()
    .from(nationalFramework)
    .where(
      country === null
        ? isNull(nationalFramework.country)
        : or(
            isNull(nationalFramework.country),
            sql`lower(trim(${nationalFramework.country})) = ${country.trim().toLowerCase()}`,
          ),
    )
    .orderBy(nationalFramework.createdAt);
  return rows;
}

interface FrameworkInput {
  kind: FrameworkView['kind'];
  names: TranslatedNames;
  description: string;
  goals: { id?: string; code: string; names: TranslatedNames }[];
}

/** Gives new goals ids and refuses two goals with the same id or code (all problems at once). */
function normaliseGoals(goals: FrameworkInput['goals']): FrameworkGoal[] {
  const errors: FieldError[] = [];
  const ids = new Set<string>();
  const codes = new Set<string>();
  const out = goals.map((g, i) => {
    const id = g.id ?? randomUUID();
    if (ids.has(id))
      errors.push({ path: `body.goals.${i}.id`, code: 'invalid', message: 'Two goals have the same id' });
    const code = g.code.trim().toLowerCase();
    if (codes.has(code))
      errors.push({ path: `body.goals.${i}.code`, code: 'invalid', message: 'Two goals have the same code' });
    ids.add(id);
    codes.add(code);
    return { id, code: g.code, names: cleanNames(g.names) };
  });
  if (errors.length) throw invalid(errors);
  return wellFormed(out);
}

async function insertFramework(
  db: Db,
  actor: Actor,
  country: string | null,
  input: FrameworkInput,
): Promise<{ row: FrameworkRow; goals: FrameworkGoal[] }> {
  const goals = normaliseGoals(input.goals);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .insert(nationalFramework)
      .values({
        country: country?.trim() || null,
        kind: input.kind,
        names: wellFormed(cleanNames(input.names)),
        description: wellFormed(input.description),
      })
      .returning();
    await tx
      .insert(nationalFrameworkVersion)
      .values({ frameworkId: row.id, version: 1, goals, publishedBy: actor.userId });
    return { row, goals };
  });
}

/** Every framework of the deployment (platform admin). */
export async function listAllFrameworks(db: Db, actor: Actor) {
  authorize(actor, 'national.frameworks.publish-all');
  const rows = await db.select().from(nationalFramework).orderBy(nationalFramework.createdAt);
  const goals = await latestGoals(db, rows);
  return { items: rows.map((r) => frameworkView(r, goals.get(r.id) ?? [], true)) };
}

/** A framework for one country or (country null) every city, published by the platform admin. */
export async function publishFramework(
  db: Db,
  actor: Actor,
  input: FrameworkInput & { country: string | null },
) {
  authorize(actor, 'national.frameworks.publish-all');
  const { row, goals } = await insertFramework(db, actor, input.country, input);
  return frameworkView(row, goals, true);
}

/** The frameworks of the city's country and those shared by every city, each saying whether the asker may edit it. */
export async function listFrameworks(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'national.frameworks.read');
  await requireNationalModule(db, cityId);
  const { country } = await cityRow(db, cityId);
  const rows = await frameworksOfCity(db, country);
  const goals = await latestGoals(db, rows);
  return {
    country,
    items: rows.map((r) => frameworkView(r, goals.get(r.id) ?? [], mayEdit(actor, r, country))),
  };
}

/** A national liaison (or the platform admin) registers a framework of the city's country. */
export async function createFramework(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  input: FrameworkInput,
) {
  authorize(actor, 'national.frameworks.manage');
  await requireNationalModule(db, cityId);
  const { country } = await cityRow(db, cityId);
  if (!country?.trim()) throw conflict('The city has no country: a national framework needs one');
  const { row, goals } = await insertFramework(db, actor, country, input);
  await appendAudit(db, cityId, auditActor, {
    action: 'create',
    recordType: 'national_framework',
    recordId: row.id,
    fields: ['kind', 'names', 'description', 'goals'],
  });
  return frameworkView(row, goals, true);
}

/** A new version of a framework: its goals replaced whole, goal ids kept so mappings stay. */
export async function reviseFramework(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  frameworkId: string,
  input: FrameworkInput,
) {
  authorize(actor, 'national.frameworks.read');
  await requireNationalModule(db, cityId);
  const { country } = await cityRow(db, cityId);
  const row = (await frameworksOfCity(db, country)).find((r) => r.id === frameworkId);
  // Another country's framework is not this city's business: not found, not forbidden.
  if (!row) throw notFound();
  if (!mayEdit(actor, row, country))
    throw forbidden(
      row.country === null
        ? 'Only the platform admin edits a framework shared by every city'
        : "Only the country's national liaison edits a national framework",
    );
  const goals = normaliseGoals(input.goals);
  const saved = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [locked] = await tx
      .select()
      .from(nationalFramework)
      .where(eq(nationalFramework.id, frameworkId))
      .for('update');
    const version = locked.version + 1;
    const [next] = await tx
      .update(nationalFramework)
      .set({
        kind: input.kind,
        names: wellFormed(cleanNames(input.names)),
        description: wellFormed(input.description),
        version,
        updatedAt: new Date(),
      })
      .where(eq(nationalFramework.id, frameworkId))
      .returning();
    await tx
      .insert(nationalFrameworkVersion)
      .values({ frameworkId, version, goals, publishedBy: actor.userId });
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'national_framework',
      recordId: frameworkId,
      fields: ['kind', 'names', 'description', 'goals'],
      reason: `version ${version}`,
    });
    return next;
  });
  return frameworkView(saved, goals, true);
}

// ---------------------------------------------------------------------------------------------
// Objectives mapped to framework goals

/** The objectives of the adopted plan, else of the newest version; none when the plan is off. */
async function planObjectives(db: Db, cityId: string) {
  const mandate = await effectiveMandate(db, cityId);
  if (!mandate || !modulesFor(mandate).actionPlan) return [];
  const adopted = await adoptedPlan(db, cityId);
  if (adopted) return adopted.objectives;
  const [newest] = await db
    .select()
    .from(actionPlanVersion)
    .where(eq(actionPlanVersion.cityId, cityId))
    .orderBy(desc(actionPlanVersion.version))
    .limit(1);
  return newest?.objectives ?? [];
}

async function goalsOfCity(db: Db, cityId: string) {
  const { country, defaultLocale } = await cityRow(db, cityId);
  const rows = await frameworksOfCity(db, country);
  const goals = await latestGoals(db, rows);
  const byId = new Map<string, { goal: FrameworkGoal; framework: FrameworkRow }>();
  for (const r of rows) for (const g of goals.get(r.id) ?? []) byId.set(g.id, { goal: g, framework: r });
  return { byId, locale: defaultLocale };
}

async function mappingRows(db: Db, cityId: string) {
  return db.select().from(nationalObjectiveGoal).where(eq(nationalObjectiveGoal.cityId, cityId));
}

/** The plan's objectives with the framework goals each is mapped to. */
export async function listMappings(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'national.frameworks.read');
  await requireNationalModule(db, cityId);
  const objectives = await planObjectives(db, cityId);
  const { byId } = await goalsOfCity(db, cityId);
  const links = await mappingRows(db, cityId);
  return {
    items: objectives.map((o) => {
      const mine = links.filter((l) => l.objectiveId === o.id).map((l) => l.goalId);
      return {
        objectiveId: o.id,
        code: o.code,
        title: o.title,
        goalIds: mine.filter((id) => byId.has(id)),
        removedGoalIds: mine.filter((id) => !byId.has(id)),
      };
    }),
  };
}

/** Replaces the goals an objective is mapped to (goals of the city's frameworks only). */
export async function mapObjective(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  objectiveId: string,
  goalIds: string[],
) {
  authorize(actor, 'national.mapping.edit');
  await requireNationalModule(db, cityId);
  const objective = (await planObjectives(db, cityId)).find((o) => o.id === objectiveId);
  if (!objective) throw notFound();
  const { byId } = await goalsOfCity(db, cityId);
  const errors: FieldError[] = [];
  goalIds.forEach((id, i) => {
    if (!byId.has(id))
      errors.push({
        path: `body.goalIds.${i}`,
        code: 'invalid',
        message: "Not a goal of a framework of this city's country",
      });
  });
  if (errors.length) throw invalid(errors);
  const unique = [...new Set(goalIds)];
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx
      .delete(nationalObjectiveGoal)
      .where(
        and(eq(nationalObjectiveGoal.cityId, cityId), eq(nationalObjectiveGoal.objectiveId, objectiveId)),
      );
    if (unique.length)
      await tx
        .insert(nationalObjectiveGoal)
        .values(unique.map((goalId) => ({ cityId, objectiveId, goalId })));
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'national_objective_goal',
      recordId: objectiveId,
      fields: ['goalIds'],
    });
  });
  return { objectiveId, code: objective.code, title: objective.title, goalIds: unique, removedGoalIds: [] };
}

// ---------------------------------------------------------------------------------------------
// Escalations

const EMAIL = /[^\s@]+@[^\s@]+\.[^\s@]+/;
// A phone number: international (+…) or three groups of digits; dates (2026-03-04) do not match.
const PHONE = /\+\d[\d\s().-]{6,}\d|\b\d{3}[\s.-]?\d{3}[\s.-]?\d{3,4}\b/;

/** Refuses e-mail addresses and phone numbers: an escalation describes an issue, never a person. */
export function personalDataProblems(fields: Record<string, string>): FieldError[] {
  return Object.entries(fields).flatMap(([field, value]) =>
    EMAIL.test(value) || PHONE.test(value)
      ? [
          {
            path: `body.${field}`,
            code: 'personal-data',
            message: 'Leave personal data out: no e-mail addresses or phone numbers in an escalation',
          },
        ]
      : [],
  );
}

/** The day an answer is due: the deadline asked for, else the urgency's number of days after raising. */
export function escalationDueOn(
  urgency: keyof typeof ESCALATION_DUE_DAYS,
  raisedAt: Date,
  deadline: string | null,
) {
  if (deadline) return deadline;
  return new Date(raisedAt.getTime() + ESCALATION_DUE_DAYS[urgency] * DAY).toISOString().slice(0, 10);
}

const awaiting = (status: string) => status === 'open' || status === 'acknowledged';

async function escalationViews(db: Db, actor: Actor, cityId: string, rows: EscalationRow[]) {
  const objectives = new Map((await planObjectives(db, cityId)).map((o) => [o.id, o]));
  const riskIds = rows.flatMap((r) => (r.riskId ? [r.riskId] : []));
  // The liaison reads no row of the risk register: only those who may see its titles.
  const risks =
    riskIds.length && can(actor, 'risks.read')
      ? new Map(
          (
            await db
              .select({ id: risk.id, title: risk.title })
              .from(risk)
              .where(and(eq(risk.cityId, cityId), inArray(risk.id, riskIds)))
          ).map((r) => [r.id, r.title]),
        )
      : new Map<string, string>();
  const on = today();
  return rows.map((r): EscalationView => {
    const objective = r.objectiveId ? objectives.get(r.objectiveId) : undefined;
    return {
      id: r.id,
      number: r.number,
      title: r.title,
      description: r.description,
      urgency: r.urgency as EscalationView['urgency'],
      requestedSupport: r.requestedSupport,
      riskId: r.riskId,
      riskTitle: r.riskId ? (risks.get(r.riskId) ?? null) : null,
      objectiveId: r.objectiveId,
      objectiveTitle: objective ? [objective.code, objective.title].filter(Boolean).join(' ') : null,
      status: r.status as EscalationView['status'],
      raisedAt: r.raisedAt.toISOString(),
      dueOn: r.dueOn,
      overdue: awaiting(r.status) && r.dueOn < on,
      acknowledgedAt: iso(r.acknowledgedAt),
      response: r.response,
      respondedAt: iso(r.respondedAt),
      outcome: r.outcome,
      closedAt: iso(r.closedAt),
    };
  });
}

async function findEscalation(db: Db, cityId: string, id: string, lock = false) {
  const q = db
    .select()
    .from(nationalEscalation)
    .where(and(eq(nationalEscalation.cityId, cityId), eq(nationalEscalation.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound();
  return row;
}

/** The city's escalations, awaiting an answer (overdue first) before answered and closed ones. */
export async function listEscalations(db: Db, actor: Actor, cityId: string, status?: string) {
  authorize(actor, 'national.escalations.read');
  await requireNationalModule(db, cityId);
  const rows = await db
    .select()
    .from(nationalEscalation)
    .where(
      and(eq(nationalEscalation.cityId, cityId), status ? eq(nationalEscalation.status, status) : undefined),
    )
    .orderBy(desc(nationalEscalation.raisedAt));
  const items = await escalationViews(db, actor, cityId, rows);
  // Awaiting an answer first, the overdue among them first of all.
  const rank = (e: EscalationView) =>
    e.overdue ? 0 : awaiting(e.status) ? 1 : e.status === 'answered' ? 2 : 3;
  return { items: items.sort((a, b) => rank(a) - rank(b)) };
}

/** One escalation, as the asker may see it. */
export async function getEscalation(db: Db, actor: Actor, cityId: string, id: string) {
  authorize(actor, 'national.escalations.read');
  await requireNationalModule(db, cityId);
  const [view] = await escalationViews(db, actor, cityId, [await findEscalation(db, cityId, id)]);
  return view;
}

/** Raises an escalation (no e-mail addresses or phone numbers); its due day follows the deadline or the urgency. */
export async function raiseEscalation(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  input: {
    title: string;
    description: string;
    urgency: keyof typeof ESCALATION_DUE_DAYS;
    requestedSupport: string;
    riskId: string | null;
    objectiveId: string | null;
    deadline: string | null;
  },
  at = new Date(),
) {
  authorize(actor, 'national.escalations.raise');
  await requireNationalModule(db, cityId);
  const errors = personalDataProblems({
    title: input.title,
    description: input.description,
    requestedSupport: input.requestedSupport,
  });
  if (input.deadline && input.deadline < at.toISOString().slice(0, 10))
    errors.push({ path: 'body.deadline', code: 'invalid', message: 'The deadline is in the past' });
  if (input.objectiveId && !(await planObjectives(db, cityId)).some((o) => o.id === input.objectiveId))
    errors.push({
      path: 'body.objectiveId',
      code: 'invalid',
      message: 'No such objective in the action plan',
    });
  if (input.riskId) {
    const [r] = await db
      .select({ id: risk.id })
      .from(risk)
      .where(and(eq(risk.cityId, cityId), eq(risk.id, input.riskId)));
    if (!r) errors.push({ path: 'body.riskId', code: 'invalid', message: 'No such risk in the register' });
  }
  if (errors.length) throw invalid(errors);
  const row = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.select({ id: city.id }).from(city).where(eq(city.id, cityId)).for('no key update');
    const [{ last }] = await tx
      .select({ last: sql<number>`coalesce(max(${nationalEscalation.number}), 0)::int` })
      .from(nationalEscalation)
      .where(eq(nationalEscalation.cityId, cityId));
    const [created] = await tx
      .insert(nationalEscalation)
      .values({
        cityId,
        number: last + 1,
        title: wellFormed(input.title),
        description: wellFormed(input.description),
        urgency: input.urgency,
        requestedSupport: wellFormed(input.requestedSupport),
        riskId: input.riskId,
        objectiveId: input.objectiveId,
        deadline: input.deadline,
        dueOn: escalationDueOn(input.urgency, at, input.deadline),
        raisedBy: actor.userId,
        raisedAt: at,
      })
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'national_escalation',
      recordId: created.id,
      fields: ['title', 'description', 'urgency', 'requestedSupport', 'riskId', 'objectiveId', 'deadline'],
    });
    return created;
  });
  const [view] = await escalationViews(db, actor, cityId, [row]);
  return view;
}

async function changeEscalation(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  id: string,
  step: 'acknowledge' | 'respond' | 'close',
  text?: string,
) {
  authorize(actor, step === 'close' ? 'national.escalations.close' : 'national.escalations.respond');
  await requireNationalModule(db, cityId);
  const row = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const current = await findEscalation(tx, cityId, id, true);
    const now = new Date();
    let set: Partial<EscalationRow>;
    let fields: string[];
    if (step === 'acknowledge') {
      if (current.status !== 'open') throw conflict('Only an open escalation can be acknowledged');
      set = { status: 'acknowledged', acknowledgedAt: now };
      fields = ['status', 'acknowledgedAt'];
    } else if (step === 'respond') {
      if (!awaiting(current.status)) throw conflict('This escalation has already been answered or closed');
      set = {
        status: 'answered',
        acknowledgedAt: current.acknowledgedAt ?? now,
        response: wellFormed(text ?? ''),
        respondedBy: actor.userId,
        respondedAt: now,
      };
      fields = ['status', 'response'];
    } else {
      if (current.status === 'closed') throw conflict('This escalation is already closed');
      set = { status: 'closed', outcome: wellFormed(text ?? ''), closedAt: now };
      fields = ['status', 'outcome'];
    }
    const [saved] = await tx
      .update(nationalEscalation)
      .set(set)
      .where(and(eq(nationalEscalation.cityId, cityId), eq(nationalEscalation.id, id)))
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'national_escalation',
      recordId: id,
      fields,
      reason: step,
    });
    return saved;
  });
  const [view] = await escalationViews(db, actor, cityId, [row]);
  return view;
}

/** The liaison acknowledges an open escalation. */
export const acknowledgeEscalation = (
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  id: string,
) => changeEscalation(db, actor, auditActor, cityId, id, 'acknowledge');
/** The liaison answers an escalation awaiting an answer. */
export const respondEscalation = (
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  id: string,
  response: string,
) => changeEscalation(db, actor, auditActor, cityId, id, 'respond', response);
/** The city records the outcome and closes an escalation. */
export const closeEscalation = (
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  id: string,
  outcome: string,
) => changeEscalation(db, actor, auditActor, cityId, id, 'close', outcome);

// ---------------------------------------------------------------------------------------------
// Reports: generated from live data, frozen on submission

/** The first and last day of 2026 or 2026-Q3. */
export function reportRange(period: string): { from: string; to: string } {
  const year = period.slice(0, 4);
  if (period.length === 4) return { from: `${year}-01-01`, to: `${year}-12-31` };
  const q = Number(period[6]);
  const m1 = (q - 1) * 3 + 1;
  const end = new Date(Date.UTC(Number(year), m1 + 2, 0)).toISOString().slice(0, 10);
  return { from: `${year}-${String(m1).padStart(2, '0')}-01`, to: end };
}

/** JSON with object keys in a fixed order, so a snapshot hashes the same after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** SHA-256 of a snapshot's canonical JSON. */
export const snapshotHash = (snapshot: unknown) =>
  crypto.createHash('sha256').update(canonicalJson(snapshot)).digest('hex');

/**
 * What the report says now: plan progress, indicators, activities, escalations. Generated with the
 * asker's own rights (the plan's, indicators' and activities' services check them), and every count of
 * people through the one disclosure-control module (`suppressCounts`): attendance comes suppressed from
 * the activities summary; count indicators' actual values are passed through it here.
 */
export async function generateContent(
  db: Db,
  actor: Actor,
  cityId: string,
  period: string,
  at = new Date(),
): Promise<ReportContent> {
  const { from, to } = reportRange(period);
  const mandate = await effectiveMandate(db, cityId);
  const planOn = Boolean(mandate && modulesFor(mandate).actionPlan);
  let plan: ReportContent['plan'] = null;
  let indicators: ReportContent['indicators'] = [];
  let activities: ReportContent['activities'] = {
    sessionsHeld: 0,
    sessionsByType: [],
    attendanceTotal: { value: 0, suppressed: false },
    attendanceByType: [],
  };
  if (planOn) {
    const adopted = await adoptedPlan(db, cityId);
    if (adopted) {
      const detail = await planVersionDetail(db, actor, cityId, adopted.id);
      const { byId, locale } = await goalsOfCity(db, cityId);
      const links = await mappingRows(db, cityId);
      plan = {
        version: detail.version,
        title: detail.title,
        periodStart: detail.periodStart,
        periodEnd: detail.periodEnd,
        progress: detail.progress,
        objectives: detail.objectives.map((o) => {
          const actions = detail.actions.filter((a) => a.objectiveId === o.id);
          const byStatus: Record<string, number> = {};
          for (const a of actions) byStatus[a.state.status] = (byStatus[a.state.status] ?? 0) + 1;
          return {
            id: o.id,
            code: o.code,
            title: o.title,
            progress: o.progress,
            goals: links
              .filter((l) => l.objectiveId === o.id && byId.has(l.goalId))
              .map((l) => {
                const { goal, framework } = byId.get(l.goalId)!;
                return {
                  framework: pickName(framework.names, locale),
                  code: goal.code,
                  name: pickName(goal.names, locale),
                };
              }),
            actions: byStatus,
            overdueActions: actions.filter((a) => a.overdue).length,
          };
        }),
      };
    }
    const dash = await indicatorDashboard(db, actor, cityId);
    indicators = dash.items.map((ind) => {
      const row =
        ind.rows.find((r) => r.period === period) ??
        ind.rows.find((r) => r.period === period.slice(0, 4)) ??
        null;
      let actual = { value: row?.actual ?? null, suppressed: Boolean(row?.withheld) };
      // A count may count people: withheld under the small-cell minimum like every other count.
      if (ind.type === 'count' && row && row.actual !== null && !row.withheld)
        actual = suppressCounts([row.actual]).total;
      return {
        code: ind.code,
        names: ind.names as Record<string, string>,
        unit: ind.unit,
        type: ind.type,
        period: row?.period ?? null,
        target: row?.target ?? null,
        actual,
        progress: actual.suppressed
          ? { percent: null, rule: { key: 'withheld', values: {} } }
          : (row?.progress ?? { percent: null, rule: { key: 'no-actual', values: {} } }),
      };
    });
    const s = await activitiesSummary(db, actor, cityId, { from, to });
    activities = {
      sessionsHeld: s.sessionsHeld,
      sessionsByType: s.sessionsByType,
      attendanceTotal: s.attendance.total,
      attendanceByType: s.attendanceByType,
    };
  }
  // Case statistics exactly as the statistics page gives them (suppressed there), for those who may read them.
  let cases: ReportContent['cases'] = null;
  if (mandate && modulesFor(mandate).cases && can(actor, 'cases.statistics')) {
    const stats = await caseStatistics(db, cityId, { from, to });
    cases = {
      total: stats.total,
      byCategory: stats.byCategory.cells.map((c) => ({
        key: c.key,
        value: c.value,
        suppressed: c.suppressed,
      })),
    };
  }
  const escalations = await db.select().from(nationalEscalation).where(eq(nationalEscalation.cityId, cityId));
  const inPeriod = (d: Date | null) =>
    Boolean(d && d.toISOString().slice(0, 10) >= from && d.toISOString().slice(0, 10) <= to);
  return {
    period,
    from,
    to,
    generatedAt: at.toISOString(),
    plan,
    indicators,
    activities,
    escalations: {
      raised: escalations.filter((e) => inPeriod(e.raisedAt)).length,
      answered: escalations.filter((e) => inPeriod(e.respondedAt)).length,
      open: escalations.filter((e) => awaiting(e.status)).length,
    },
    cases,
  };
}

function reportSummary(row: ReportRow) {
  return {
    id: row.id,
    kind: row.kind as 'quarterly' | 'annual',
    period: row.period,
    version: row.version,
    status: row.status as ReportDetail['status'],
    createdAt: row.createdAt.toISOString(),
    submittedAt: iso(row.submittedAt),
    reviewedAt: iso(row.reviewedAt),
  };
}

async function reportDetail(db: Db, actor: Actor, row: ReportRow): Promise<ReportDetail> {
  const frozen = row.snapshot !== null;
  return {
    ...reportSummary(row),
    narrative: frozen ? row.snapshot!.narrative : row.narrative,
    content: frozen ? row.snapshot!.content : await generateContent(db, actor, row.cityId, row.period),
    frozen,
    contentHash: row.contentHash,
    hashVerified: frozen ? snapshotHash(row.snapshot) === row.contentHash : null,
    reviewComment: row.reviewComment,
    previousId: row.previousId,
  };
}

/** The liaison reads submitted reports only: a draft is the city's own work. */
const visibleTo = (actor: Actor, row: ReportRow) =>
  row.status !== 'draft' || can(actor, 'national.reports.draft');

async function findReport(db: Db, actor: Actor, cityId: string, id: string, lock = false) {
  const q = db
    .select()
    .from(nationalReport)
    .where(and(eq(nationalReport.cityId, cityId), eq(nationalReport.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row || !visibleTo(actor, row)) throw notFound();
  return row;
}

/** The city's reports, newest period first (drafts only for those who draft). */
export async function listReports(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'national.reports.read');
  await requireNationalModule(db, cityId);
  const rows = await db
    .select()
    .from(nationalReport)
    .where(eq(nationalReport.cityId, cityId))
    .orderBy(desc(nationalReport.period), desc(nationalReport.version));
  return { items: rows.filter((r) => visibleTo(actor, r)).map(reportSummary) };
}

/** A report: its frozen snapshot, or a draft's live figures. */
export async function getReport(db: Db, actor: Actor, cityId: string, id: string) {
  authorize(actor, 'national.reports.read');
  await requireNationalModule(db, cityId);
  return reportDetail(db, actor, await findReport(db, actor, cityId, id));
}

const emptyNarrative: ReportNarrative = { summary: '', achievements: '', challenges: '', supportNeeded: '' };

/** Opens a draft report for a period not yet reported on. */
export async function createReport(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  input: { kind: 'quarterly' | 'annual'; period: string; narrative?: ReportNarrative },
) {
  authorize(actor, 'national.reports.draft');
  await requireNationalModule(db, cityId);
  if ((input.kind === 'annual') !== (input.period.length === 4))
    throw invalid([
      {
        path: 'body.period',
        code: 'invalid',
        message: 'An annual report covers a year (2026), a quarterly one a quarter (2026-Q3)',
      },
    ]);
  const row = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx.select({ id: city.id }).from(city).where(eq(city.id, cityId)).for('no key update');
    const existing = await tx
      .select({ id: nationalReport.id })
      .from(nationalReport)
      .where(
        and(
          eq(nationalReport.cityId, cityId),
          eq(nationalReport.kind, input.kind),
          eq(nationalReport.period, input.period),
        ),
      );
    if (existing.length) throw conflict('There is already a report for this period: revise it instead');
    const [created] = await tx
      .insert(nationalReport)
      .values({
        cityId,
        kind: input.kind,
        period: input.period,
        narrative: wellFormed({ ...emptyNarrative, ...input.narrative }),
        createdBy: actor.userId,
      })
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'national_report',
      recordId: created.id,
      fields: ['kind', 'period', 'narrative'],
    });
    return created;
  });
  return reportDetail(db, actor, row);
}

/** Edits a draft's narrative; a submitted report never changes. */
export async function updateReport(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  id: string,
  patch: Partial<ReportNarrative>,
) {
  authorize(actor, 'national.reports.draft');
  await requireNationalModule(db, cityId);
  const row = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const current = await findReport(tx, actor, cityId, id, true);
    if (current.status !== 'draft')
      throw conflict('A submitted report never changes: revise it as a new version');
    const [saved] = await tx
      .update(nationalReport)
      .set({ narrative: wellFormed({ ...current.narrative, ...patch }), updatedAt: new Date() })
      .where(and(eq(nationalReport.cityId, cityId), eq(nationalReport.id, id)))
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'national_report',
      recordId: id,
      fields: Object.keys(patch).map((k) => `narrative.${k}`),
    });
    return saved;
  });
  return reportDetail(db, actor, row);
}

/** Deletes a draft; a submitted report is never deleted. */
export async function deleteReport(db: Db, actor: Actor, auditActor: AuditActor, cityId: string, id: string) {
  authorize(actor, 'national.reports.draft');
  await requireNationalModule(db, cityId);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const current = await findReport(tx, actor, cityId, id, true);
    if (current.status !== 'draft') throw conflict('A submitted report is never deleted');
    await tx.delete(nationalReport).where(and(eq(nationalReport.cityId, cityId), eq(nationalReport.id, id)));
    await appendAudit(tx, cityId, auditActor, {
      action: 'delete',
      recordType: 'national_report',
      recordId: id,
    });
  });
}

/** The frozen content of a report and its hash (the seeder uses it too). */
export async function buildSnapshot(tx: Db, actor: Actor, current: ReportRow, at: Date) {
  const snapshot = {
    narrative: current.narrative,
    content: await generateContent(tx, actor, current.cityId, current.period, at),
  };
  // Through JSON and back first, so the hash is of exactly what jsonb stores.
  const stored = JSON.parse(JSON.stringify(snapshot)) as typeof snapshot;
  return { snapshot: stored, contentHash: snapshotHash(stored) };
}

/** Freezes and submits a draft (chair), the content hash into the audit chain. */
export async function submitReport(db: Db, actor: Actor, auditActor: AuditActor, cityId: string, id: string) {
  authorize(actor, 'national.reports.submit');
  await requireNationalModule(db, cityId);
  const row = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const current = await findReport(tx, actor, cityId, id, true);
    if (current.status !== 'draft') throw conflict('This report has already been submitted');
    const at = new Date();
    const { snapshot, contentHash } = await buildSnapshot(tx, actor, current, at);
    const [saved] = await tx
      .update(nationalReport)
      .set({
        status: 'submitted',
        snapshot,
        contentHash,
        submittedBy: actor.userId,
        submittedAt: at,
        updatedAt: at,
      })
      .where(and(eq(nationalReport.cityId, cityId), eq(nationalReport.id, id)))
      .returning();
    // The content hash goes into the tamper-evident audit chain.
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'national_report',
      recordId: id,
      fields: ['status', 'snapshot'],
      reason: `submitted sha256:${contentHash}`,
    });
    return saved;
  });
  return reportDetail(db, actor, row);
}

/** The liaison acknowledges a submitted report or returns it with a comment; the snapshot stays as it is. */
export async function reviewReport(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  id: string,
  decision: 'acknowledge' | 'return',
  comment: string,
) {
  authorize(actor, 'national.reports.review');
  await requireNationalModule(db, cityId);
  if (decision === 'return' && !comment.trim())
    throw invalid([
      { path: 'body.comment', code: 'required', message: 'Say what to revise when returning a report' },
    ]);
  const row = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const current = await findReport(tx, actor, cityId, id, true);
    if (current.status !== 'submitted')
      throw conflict('Only a submitted report awaiting review can be reviewed');
    const now = new Date();
    // Only the review fields change: the snapshot and its hash stay as submitted.
    const [saved] = await tx
      .update(nationalReport)
      .set({
        status: decision === 'acknowledge' ? 'acknowledged' : 'returned',
        reviewedBy: actor.userId,
        reviewedAt: now,
        reviewComment: wellFormed(comment) || null,
        updatedAt: now,
      })
      .where(and(eq(nationalReport.cityId, cityId), eq(nationalReport.id, id)))
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'national_report',
      recordId: id,
      fields: ['status', 'reviewComment'],
      reason: decision,
    });
    return saved;
  });
  return reportDetail(db, actor, row);
}

/** Opens the next version of a returned report as a draft (once). */
export async function reviseReport(db: Db, actor: Actor, auditActor: AuditActor, cityId: string, id: string) {
  authorize(actor, 'national.reports.draft');
  await requireNationalModule(db, cityId);
  const row = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const current = await findReport(tx, actor, cityId, id, true);
    if (current.status !== 'returned') throw conflict('Only a returned report is revised');
    const [newer] = await tx
      .select({ id: nationalReport.id })
      .from(nationalReport)
      .where(and(eq(nationalReport.cityId, cityId), eq(nationalReport.previousId, id)));
    if (newer) throw conflict('This report has already been revised');
    const [created] = await tx
      .insert(nationalReport)
      .values({
        cityId,
        kind: current.kind,
        period: current.period,
        version: current.version + 1,
        previousId: id,
        narrative: current.narrative,
        createdBy: actor.userId,
      })
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'national_report',
      recordId: created.id,
      fields: ['narrative'],
      reason: `revision of ${id}`,
    });
    return created;
  });
  return reportDetail(db, actor, row);
}

// ---------------------------------------------------------------------------------------------
// Home

/** Counts for the home card: what waits for the liaison, and what came back to the city. */
export async function home(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'national.escalations.read');
  await requireNationalModule(db, cityId);
  const escalations = await db
    .select({ status: nationalEscalation.status, dueOn: nationalEscalation.dueOn })
    .from(nationalEscalation)
    .where(eq(nationalEscalation.cityId, cityId));
  const reports = await db
    .select({ id: nationalReport.id, status: nationalReport.status, previousId: nationalReport.previousId })
    .from(nationalReport)
    .where(eq(nationalReport.cityId, cityId));
  const revised = new Set(reports.map((r) => r.previousId).filter(Boolean));
  const on = today();
  return {
    escalationsAwaiting: escalations.filter((e) => awaiting(e.status)).length,
    escalationsOverdue: escalations.filter((e) => awaiting(e.status) && e.dueOn < on).length,
    escalationsAnswered: escalations.filter((e) => e.status === 'answered').length,
    reportsToReview: reports.filter((r) => r.status === 'submitted').length,
    reportsReturned: reports.filter((r) => r.status === 'returned' && !revised.has(r.id)).length,
  };
}

/** The report (as its reader may see it) and the city's name and language, for an export. */
export async function reportForExport(db: Db, actor: Actor, cityId: string, id: string) {
  const report = await getReport(db, actor, cityId, id);
  const { name, defaultLocale } = await cityRow(db, cityId);
  return { report, cityName: name, defaultLocale };
}

// ---------------------------------------------------------------------------------------------
// Diff between a revision and the version it revises

/** The report's figures as "path → shown value" (withheld counts as "withheld"), to compare versions. */
export function reportFigures(c: ReportContent): Map<string, string> {
  const out = new Map<string, string>();
  const shown = (v: { value: number | null; suppressed: boolean }) =>
    v.suppressed ? 'withheld' : v.value === null ? '' : String(v.value);
  const pct = (p: { percent: number | null }) => (p.percent === null ? '' : `${p.percent} %`);
  if (c.plan) {
    out.set('plan.progress', pct(c.plan.progress));
    for (const o of c.plan.objectives) {
      const id = o.code || o.id;
      out.set(`plan.objectives.${id}.progress`, pct(o.progress));
      out.set(`plan.objectives.${id}.overdueActions`, String(o.overdueActions));
      out.set(`plan.objectives.${id}.goals`, o.goals.map((g) => g.code).join(', '));
    }
  }
  for (const i of c.indicators) {
    out.set(`indicators.${i.code}.target`, i.target === null ? '' : String(i.target));
    out.set(`indicators.${i.code}.actual`, shown(i.actual));
  }
  out.set('activities.sessionsHeld', String(c.activities.sessionsHeld));
  out.set('activities.attendanceTotal', shown(c.activities.attendanceTotal));
  out.set('escalations.raised', String(c.escalations.raised));
  out.set('escalations.answered', String(c.escalations.answered));
  out.set('escalations.open', String(c.escalations.open));
  if (c.cases) {
    out.set('cases.total', shown(c.cases.total));
    for (const cat of c.cases.byCategory) out.set(`cases.${cat.key}`, shown(cat));
  }
  return out;
}

/** What changed since the version a report revises: narrative sections and figures. */
export async function diffReport(db: Db, actor: Actor, cityId: string, id: string) {
  const current = await getReport(db, actor, cityId, id);
  if (!current.previousId) return { previousVersion: null, entries: [] };
  const previous = await getReport(db, actor, cityId, current.previousId);
  const entries: {
    kind: 'narrative' | 'figure';
    key: string;
    before: string | null;
    after: string | null;
  }[] = [];
  for (const key of Object.keys(current.narrative) as (keyof ReportNarrative)[])
    if (current.narrative[key] !== previous.narrative[key])
      entries.push({
        kind: 'narrative',
        key,
        before: previous.narrative[key],
        after: current.narrative[key],
      });
  const before = reportFigures(previous.content);
  const after = reportFigures(current.content);
  for (const key of new Set([...before.keys(), ...after.keys()]))
    if (before.get(key) !== after.get(key))
      entries.push({ kind: 'figure', key, before: before.get(key) ?? null, after: after.get(key) ?? null });
  return { previousVersion: previous.version, entries };
}
