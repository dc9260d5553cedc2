import { and, asc, desc, eq, inArray, isNull, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  CaseConfig,
  CaseDetail,
  CaseSummary,
  Identity,
  OutcomeCode,
  Revealed,
  TaxonomyEntryInput,
  caseStageSchema,
  consentBasisSchema,
  consentPurposeSchema,
  presentationInput,
} from '../../../contracts/cases.contract.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import { user } from '../../platform/auth/auth.table.js';
import type { CityKeys } from '../../platform/crypto/keys.js';
import type { Db } from '../../platform/db/index.js';
import {
  AppError,
  conflict,
  consentRequired,
  forbidden,
  notAssigned,
  notFound,
  wrongStage,
} from '../../platform/errors.js';
import { timeCursor } from '../../../contracts/primitives.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { can, type Actor } from '../../platform/policy.js';
import { meeting } from '../meetings/index.js';
import { isMandated, network, organisation, representative } from '../network/index.js';
import { caseAccess, myOrganisationIds, type AssignmentRole, type CaseAccess } from './cases.access.js';
import {
  decryptIdentity,
  encryptIdentity,
  isMinorAgeBand,
  isMinorOn,
  matchKeys,
  presentIdentityFields,
  RESTRICTED_CONTEXT,
} from './cases.identity.js';
import { ensureCaseSettings } from './cases.retention.js';
import {
  caseAssessment,
  caseAssignment,
  caseConsent,
  caseFollowUp,
  casePerson,
  casePersonMatchKey,
  caseReferral,
  caseSettings,
  caseSituation,
} from './cases.table.js';
import { getTaxonomy, mergeCityTaxonomy, taxonomyIds, type MergedTaxonomy } from './cases.taxonomies.js';
import type { WorkflowDefinition } from '../../../contracts/case-workflow.contract.js';
import {
  builtInWorkflow,
  categoryOf,
  definitionOf,
  isOpenStage,
  nextReminderAt,
  selectedWorkflowId,
  SETTINGS_TUNED,
  snapshotBuiltIn,
  stageAllows,
  storedDefinition,
  type StageWork,
} from './cases.workflow.js';
import { availableTransitions, transitionCase } from './cases.workflow.service.js';

type Stage = z.infer<typeof caseStageSchema>;
type Presentation = z.infer<typeof presentationInput>;
export type Situation = typeof caseSituation.$inferSelect;
type Basis = z.infer<typeof consentBasisSchema>;
type Purpose = z.infer<typeof consentPurposeSchema>;

const validation = (path: string, message: string) =>
  new AppError('validation', 400, message, [{ path, code: 'invalid', message }]);
const inTx = <T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> =>
  db.transaction((txRaw) => work(txRaw as unknown as Db));
const HOUR = 3_600_000;

// ---------------------------------------------------------------------------------------------
// Workflow and configuration

export interface Workflow {
  /** The workflow id new situations start on ('four-filter', 'channel', 'safety-house', 'custom-…'), or 'none'. */
  kind: string;
  /** Its definition (null when case work is off, or a custom workflow is missing). */
  definition: WorkflowDefinition | null;
  responseHours: [number, number] | null;
  consentBeforeSupport: boolean;
  guardianConsentForMinors: boolean;
  reviewsAfterExitMonths: number[];
  rejectedRetentionDays: number | null;
}

/** The city's case workflow: off unless the mandate in force includes item d (referrals). */
export async function workflowOf(db: Db, cityId: string): Promise<Workflow> {
  const off: Workflow = {
    kind: 'none',
    definition: null,
    responseHours: null,
    consentBeforeSupport: false,
    guardianConsentForMinors: true,
    reviewsAfterExitMonths: [],
    rejectedRetentionDays: null,
  };
  const [row] = await db
    .select({ caseWorkflow: network.caseWorkflow, templateId: network.templateId })
    .from(network)
    .where(eq(network.cityId, cityId));
  if (!row || !(await isMandated(db, cityId, 'd'))) return off;
  const w = row.caseWorkflow as {
    kind?: string;
    responseHours?: [number, number];
    consentBeforeSupport?: boolean;
    guardianConsentForMinors?: boolean;
    reviewsAfterExitMonths?: number[];
    rejectedRetentionDays?: number;
    workflowId?: string;
  };
  const kind = selectedWorkflowId(w, row.templateId);
  if (!kind) return off;
  const definition = builtInWorkflow(kind) ?? (await storedDefinition(db, cityId, kind)) ?? null;
  const dedicated = SETTINGS_TUNED.includes(kind);
  return {
    kind,
    definition,
    // The four filters and Channel read their clock and reviews from the network's settings (as
    // before workflows were data); every other workflow takes them from its definition.
    responseHours: dedicated ? (w.responseHours ?? (kind === 'four-filter' ? [24, 48] : null)) : null,
    consentBeforeSupport: w.consentBeforeSupport ?? kind === 'channel',
    guardianConsentForMinors: w.guardianConsentForMinors ?? true,
    reviewsAfterExitMonths: dedicated
      ? (w.reviewsAfterExitMonths ?? [])
      : (definition?.reviewsAfterExitMonths ?? []),
    rejectedRetentionDays: w.rejectedRetentionDays ?? null,
  };
}

async function requireCaseWork(
  db: Db,
  cityId: string,
): Promise<Workflow & { definition: WorkflowDefinition }> {
  const workflow = await workflowOf(db, cityId);
  if (workflow.kind === 'none') {
    throw conflict('Case work is not part of the mandate in force (item d, referrals)');
  }
  if (!workflow.definition) throw conflict(`The network's case workflow ${workflow.kind} is not saved`);
  return workflow as Workflow & { definition: WorkflowDefinition };
}

/** Whether the situation is in an intake stage (its presentation may still be edited). */
async function inIntake(db: Db, s: Situation): Promise<boolean> {
  return categoryOf(await definitionOf(db, s.cityId, s.workflow, s.workflowVersion), s.stage) === 'intake';
}

/** Refuses work the situation's stage does not take (see stageAllows). */
async function requireStageWork(db: Db, s: Situation, work: StageWork) {
  const def = await definitionOf(db, s.cityId, s.workflow, s.workflowVersion);
  if (!stageAllows(def, s.stage, work)) throw wrongStage(`Not at stage ${s.stage}`);
}

export interface CityTaxonomies {
  risk: MergedTaxonomy & { kind: 'risk' };
  protective: MergedTaxonomy & { kind: 'protective' };
  vulnerability: MergedTaxonomy & { kind: 'vulnerability' };
}

/** The base taxonomies with the city's own additions (case_settings.taxonomy_additions, per kind). */
export async function cityTaxonomies(db: Db, cityId: string): Promise<CityTaxonomies> {
  const [row] = await db
    .select({ additions: caseSettings.taxonomyAdditions })
    .from(caseSettings)
    .where(eq(caseSettings.cityId, cityId));
  const additions = (row?.additions ?? {}) as Record<string, unknown>;
  const merge = (kind: 'risk' | 'protective' | 'vulnerability') => {
    const base = getTaxonomy(kind);
    return additions[kind] ? mergeCityTaxonomy(base, additions[kind]) : { ...base, cityVersion: 0 };
  };
  return {
    risk: merge('risk') as CityTaxonomies['risk'],
    protective: merge('protective') as CityTaxonomies['protective'],
    vulnerability: merge('vulnerability') as CityTaxonomies['vulnerability'],
  };
}

type Additions = Partial<Record<'risk' | 'protective' | 'vulnerability', Record<string, unknown>>>;

export async function taxonomyAdditions(db: Db, cityId: string) {
  const [row] = await db
    .select({ additions: caseSettings.taxonomyAdditions })
    .from(caseSettings)
    .where(eq(caseSettings.cityId, cityId));
  const additions = (row?.additions ?? {}) as Additions;
  return {
    risk: additions.risk ?? null,
    protective: additions.protective ?? null,
    vulnerability: additions.vulnerability ?? null,
  };
}

/**
 * Adds one entry of the city's own to a taxonomy. The whole set is validated by merging it with the
 * base (mergeCityTaxonomy): a base id, a repeated id or a missing parent is refused, so a base code
 * never changes meaning. Each addition raises the city's version of that taxonomy.
 */
export async function addTaxonomyEntry(
  db: Db,
  cityId: string,
  auditActor: AuditActor,
  input: TaxonomyEntryInput,
) {
  await ensureCaseSettings(db, cityId);
  const labels = Object.fromEntries(Object.entries(input.labels).filter(([, v]) => v && v.trim() !== ''));
  await inTx(db, async (tx) => {
    const [row] = await tx
      .select({ additions: caseSettings.taxonomyAdditions })
      .from(caseSettings)
      .where(eq(caseSettings.cityId, cityId))
      .for('update');
    const all = { ...((row?.additions ?? {}) as Additions) };
    const current = (all[input.kind] ?? {}) as {
      version?: number;
      categories?: unknown[];
      subtypes?: unknown[];
      factors?: unknown[];
    };
    const next = {
      version: (current.version ?? 0) + 1,
      categories: [...(current.categories ?? [])],
      subtypes: [...(current.subtypes ?? [])],
      factors: [...(current.factors ?? [])],
    };
    if (input.type === 'category') next.categories.push({ id: input.id, labels, subtypes: [] });
    if (input.type === 'subtype') next.subtypes.push({ id: input.id, categoryId: input.categoryId, labels });
    if (input.type === 'factor') {
      next.factors.push({ id: input.id, dimensionId: input.dimensionId, labels, guidance: input.guidance });
    }
    try {
      mergeCityTaxonomy(getTaxonomy(input.kind), next);
    } catch (error) {
      throw validation('body.id', (error as Error).message.replace(/\s+/g, ' '));
    }
    all[input.kind] = next;
    await tx
      .update(caseSettings)
      .set({ taxonomyAdditions: all, updatedAt: new Date(), updatedBy: auditActor.userId })
      .where(eq(caseSettings.cityId, cityId));
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'case_settings',
      recordId: cityId,
      fields: [`taxonomyAdditions.${input.kind}`],
    });
  });
  return taxonomyAdditions(db, cityId);
}

async function cityOrganisations(db: Db, cityId: string) {
  const today = new Date().toISOString().slice(0, 10);
  return db
    .select({
      id: organisation.id,
      name: organisation.name,
      sector: organisation.sector,
      membershipKind: organisation.membershipKind,
    })
    .from(organisation)
    .where(
      and(
        eq(organisation.cityId, cityId),
        or(isNull(organisation.leftOn), sql`${organisation.leftOn} > ${today}`),
      ),
    )
    .orderBy(organisation.name);
}

export async function getConfig(db: Db, cityId: string, actor: Actor): Promise<CaseConfig> {
  const workflow = await workflowOf(db, cityId);
  const settings = await ensureCaseSettings(db, cityId);
  const taxonomies = await cityTaxonomies(db, cityId);
  const organisations = await cityOrganisations(db, cityId);
  const mine = new Set(await myOrganisationIds(db, cityId, actor.userId));
  return {
    workflow: workflow.kind,
    definition: workflow.definition,
    responseHours: workflow.responseHours,
    consentBeforeSupport: workflow.consentBeforeSupport,
    guardianConsentForMinors: workflow.guardianConsentForMinors,
    reviewsAfterExitMonths: workflow.reviewsAfterExitMonths,
    rejectedRetentionDays: settings.rejectedRetentionDays,
    closedRetentionDays: settings.closedRetentionDays,
    risk: taxonomies.risk,
    protective: taxonomies.protective,
    vulnerability: taxonomies.vulnerability,
    organisations,
    myOrganisations: organisations
      .filter((o) => mine.has(o.id))
      .map(({ id, name, sector }) => ({ id, name, sector })),
  };
}

function checkCodes(path: string, codes: string[] | undefined, taxonomy: MergedTaxonomy) {
  if (!codes?.length) return;
  const known = new Set(taxonomyIds(taxonomy));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length) throw validation(path, `Unknown codes: ${unknown.join(', ')}`);
  if (new Set(codes).size !== codes.length) throw validation(path, 'A code is listed twice');
}

// ---------------------------------------------------------------------------------------------
// Reading

export async function loadSituation(db: Db, cityId: string, caseId: string): Promise<Situation> {
  const [row] = await db
    .select()
    .from(caseSituation)
    .where(and(eq(caseSituation.cityId, cityId), eq(caseSituation.id, caseId)));
  if (!row) throw notFound();
  return row;
}

/**
 * The response clock ran out: an open stage whose clock is running (the engine starts a clock on
 * entering a clocked stage and stops it when the situation moves on).
 */
function isOverdue(s: Pick<SummaryRow, 'stage' | 'responseDueAt' | 'firstResponseAt'>, now: Date): boolean {
  return Boolean(isOpenStage(s.stage) && s.responseDueAt && !s.firstResponseAt && s.responseDueAt < now);
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The columns a summary needs: lists do not fetch ciphertext or free text they do not show. */
const summaryColumns = {
  id: caseSituation.id,
  reference: caseSituation.reference,
  workflow: caseSituation.workflow,
  stage: caseSituation.stage,
  subjectKind: caseSituation.subjectKind,
  ageBand: caseSituation.ageBand,
  gender: caseSituation.gender,
  neighbourhood: caseSituation.neighbourhood,
  riskFactors: caseSituation.riskFactors,
  isMinor: caseSituation.isMinor,
  createdAt: caseSituation.createdAt,
  responseDueAt: caseSituation.responseDueAt,
  firstResponseAt: caseSituation.firstResponseAt,
  outcome: caseSituation.outcome,
  closedAt: caseSituation.closedAt,
};
type SummaryRow = Pick<Situation, keyof typeof summaryColumns>;

function toSummary(
  s: SummaryRow,
  lead: { id: string; name: string; sector: string } | undefined,
  myRoles: AssignmentRole[],
  now: Date,
): CaseSummary {
  return {
    id: s.id,
    reference: s.reference,
    workflow: s.workflow as CaseSummary['workflow'],
    stage: s.stage as Stage,
    subjectKind: s.subjectKind as CaseSummary['subjectKind'],
    ageBand: s.ageBand as CaseSummary['ageBand'],
    gender: s.gender as CaseSummary['gender'],
    neighbourhood: s.neighbourhood,
    riskFactors: s.riskFactors,
    isMinor: s.isMinor,
    createdAt: s.createdAt.toISOString(),
    responseDueAt: iso(s.responseDueAt),
    firstResponseAt: iso(s.firstResponseAt),
    overdue: isOverdue(s, now),
    leadOrganisation: lead ?? null,
    myRoles,
    outcome: (s.outcome as OutcomeCode | null) ?? null,
    closedAt: iso(s.closedAt),
  };
}

export interface CaseListQuery {
  stage?: Stage;
  mine?: boolean;
  overdue?: boolean;
  reference?: string;
  cursor?: string;
  limit: number;
}

/** De-identified situations, newest first, cursor-paginated. */
export async function listCases(
  db: Db,
  cityId: string,
  actor: Actor,
  query: CaseListQuery,
  now = new Date(),
) {
  const conditions: SQL[] = [eq(caseSituation.cityId, cityId)];
  if (query.stage) conditions.push(eq(caseSituation.stage, query.stage));
  if (query.reference) conditions.push(sql`${caseSituation.reference} ilike ${`%${query.reference}%`}`);
  if (query.overdue) {
    conditions.push(
      notInArray(caseSituation.stage, ['closed', 'rejected']),
      isNull(caseSituation.firstResponseAt),
      sql`${caseSituation.responseDueAt} < ${now.toISOString()}::timestamptz`,
    );
  }
  // One statement per page (the list is the busiest case route, see docs/BENCHMARKS.md): the
  // person's organisations, the lead organisation and this person's roles are sub-queries.
  // The outer table is named in full in them: Drizzle renders its columns unqualified, which
  // inside a sub-query would bind to the sub-query's own table.
  const today = now.toISOString().slice(0, 10);
  const myOrganisations = sql`(select r.organisation_id from ${representative} r
      join ${organisation} o on o.city_id = r.city_id and o.id = r.organisation_id
      where r.city_id = ${cityId} and r.user_id = ${actor.userId}
        and (r.left_on is null or r.left_on > ${today}) and (o.left_on is null or o.left_on > ${today}))`;
  if (query.mine) {
    conditions.push(
      sql`exists (select 1 from ${caseAssignment} a where a.city_id = case_situation.city_id
        and a.situation_id = case_situation.id and a.ended_at is null
        and a.organisation_id in ${myOrganisations})`,
    );
  }
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor, timeCursor);
    const at = new Date(value);
    conditions.push(
      sql`(${caseSituation.createdAt}, case_situation.id) < (${at.toISOString()}::timestamptz, ${id}::uuid)`,
    );
  }
  const rows = await db
    .select({
      situation: summaryColumns,
      lead: sql<{ id: string; name: string; sector: string } | null>`(
        select json_build_object('id', o.id, 'name', o.name, 'sector', o.sector)
        from ${caseAssignment} a join ${organisation} o on o.city_id = a.city_id and o.id = a.organisation_id
        where a.city_id = case_situation.city_id and a.situation_id = case_situation.id
          and a.role = 'lead' and a.ended_at is null limit 1)`,
      myRoles: sql<AssignmentRole[] | null>`(
        select array_agg(distinct a.role) from ${caseAssignment} a
        where a.city_id = case_situation.city_id and a.situation_id = case_situation.id
          and a.ended_at is null and a.organisation_id in ${myOrganisations})`,
    })
    .from(caseSituation)
    .where(and(...conditions))
    .orderBy(desc(caseSituation.createdAt), desc(caseSituation.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1)?.situation;
  return {
    items: page.map((r) => toSummary(r.situation, r.lead ?? undefined, r.myRoles ?? [], now)),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor(last.createdAt.toISOString(), last.id) : null,
  };
}

/**
 * The references of the city's open situations waiting at intake (oldest first, at most 30): what a
 * model's triage or case-discussion agenda lists, by reference only (meetings, registerAgendaCaseSource).
 */
export async function intakeReferences(db: Db, cityId: string): Promise<string[]> {
  const rows = await db
    .select({
      reference: caseSituation.reference,
      workflow: caseSituation.workflow,
      workflowVersion: caseSituation.workflowVersion,
      stage: caseSituation.stage,
    })
    .from(caseSituation)
    .where(and(eq(caseSituation.cityId, cityId), notInArray(caseSituation.stage, ['closed', 'rejected'])))
    .orderBy(asc(caseSituation.createdAt))
    .limit(200);
  const defs = new Map<string, WorkflowDefinition | undefined>();
  const out: string[] = [];
  for (const r of rows) {
    const key = `${r.workflow}@${r.workflowVersion}`;
    if (!defs.has(key)) {
      defs.set(key, await definitionOf(db, cityId, r.workflow, r.workflowVersion).catch(() => undefined));
    }
    if (categoryOf(defs.get(key), r.stage) === 'intake') out.push(r.reference);
    if (out.length === 30) break;
  }
  return out;
}

async function userNames(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** One situation, de-identified, with what this actor may do on it. */
export async function getCase(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  caseId: string,
  now = new Date(),
): Promise<CaseDetail> {
  const s = await loadSituation(db, cityId, caseId);
  const access = await caseAccess(db, actor, s);
  const [assignments, persons, consents, assessments, followUps] = await Promise.all([
    db
      .select({
        role: caseAssignment.role,
        assignedAt: caseAssignment.assignedAt,
        id: organisation.id,
        name: organisation.name,
        sector: organisation.sector,
      })
      .from(caseAssignment)
      .innerJoin(
        organisation,
        and(
          eq(organisation.cityId, caseAssignment.cityId),
          eq(organisation.id, caseAssignment.organisationId),
        ),
      )
      .where(
        and(
          eq(caseAssignment.cityId, cityId),
          eq(caseAssignment.situationId, caseId),
          isNull(caseAssignment.endedAt),
        ),
      ),
    // Whether a guardian is recorded is needed for the minor warning; the identity stays on the server.
    personFacts(db, keys, cityId, caseId),
    db
      .select()
      .from(caseConsent)
      .where(and(eq(caseConsent.cityId, cityId), eq(caseConsent.situationId, caseId)))
      .orderBy(caseConsent.recordedAt),
    assessmentsOf(db, cityId, caseId),
    followUpsOf(db, cityId, caseId),
  ]);
  const names = await userNames(db, [
    s.decidedBy,
    ...consents.map((c) => c.recordedBy),
    ...assessments.map((a) => a.assessedBy),
  ]);
  const [decidedAtMeeting] = s.decidedAtMeetingId
    ? await db
        .select({ id: meeting.id, title: meeting.title, startsAt: meeting.startsAt })
        .from(meeting)
        .where(and(eq(meeting.cityId, cityId), eq(meeting.id, s.decidedAtMeetingId)))
    : [];
  const originating = assignments.find((a) => a.role === 'originating');
  const [originatingOrg] = originating
    ? [{ id: originating.id, name: originating.name, sector: originating.sector }]
    : await db
        .select({ id: organisation.id, name: organisation.name, sector: organisation.sector })
        .from(organisation)
        .where(and(eq(organisation.cityId, cityId), eq(organisation.id, s.originatingOrganisationId)));
  const lead = assignments.find((a) => a.role === 'lead');
  const today = now.toISOString().slice(0, 10);
  const canDecide = can(actor, 'cases.decide');
  const intake = await inIntake(db, s);
  const definition = await definitionOf(db, cityId, s.workflow, s.workflowVersion).catch(() => undefined);
  return {
    ...toSummary(s, lead && { id: lead.id, name: lead.name, sector: lead.sector }, [...access.myRoles], now),
    originatingOrganisation: originatingOrg ?? { id: s.originatingOrganisationId, name: '', sector: '' },
    originatingReason: s.originatingReason,
    protectiveFactors: s.protectiveFactors,
    presentedAt: iso(s.presentedAt),
    thresholdMet: s.thresholdMet,
    decidedAt: iso(s.decidedAt),
    decidedByName: s.decidedBy ? (names.get(s.decidedBy) ?? null) : null,
    decidedAtMeeting: decidedAtMeeting
      ? { ...decidedAtMeeting, startsAt: decidedAtMeeting.startsAt.toISOString() }
      : null,
    decisionNote: s.decisionNote,
    rejectedAt: iso(s.rejectedAt),
    purgeAfter: iso(s.purgeAfter),
    assignments: assignments.map((a) => ({
      organisation: { id: a.id, name: a.name, sector: a.sector },
      role: a.role as AssignmentRole,
      assignedAt: a.assignedAt.toISOString(),
    })),
    persons: persons.map((p) => ({
      ...p,
      relation: p.relation as CaseDetail['persons'][number]['relation'],
    })),
    consents: consents.map((c) => consentMeta(c, names)),
    assessments: assessments.map((a) => ({
      id: a.id,
      assessedAt: a.assessedAt.toISOString(),
      assessedByName: a.assessedBy ? (names.get(a.assessedBy) ?? null) : null,
      factors: {
        engagement: a.factors.engagement ?? [],
        intent: a.factors.intent ?? [],
        capability: a.factors.capability ?? [],
      },
    })),
    followUps: followUps.map((f) => ({
      id: f.id,
      kind: f.kind as 'follow-up' | 'post-closure-review',
      dueOn: f.dueOn,
      monthsAfterClosure: f.monthsAfterClosure,
      completedAt: iso(f.completedAt),
      reviewFinding: (f.reviewFinding as CaseDetail['followUps'][number]['reviewFinding']) ?? null,
      hasNote: Boolean(f.noteEnc),
      overdue: !f.completedAt && f.dueOn < today,
    })),
    hasPlan: Boolean(s.planEnc),
    workflowVersion: s.workflowVersion,
    stageCategory: categoryOf(definition, s.stage),
    informedOn: s.informedOn,
    informReconsiderOn: s.informReconsiderOn,
    transitions: await availableTransitions(db, keys, actor, s, now),
    access: {
      canOpenIdentity: access.canOpenIdentity,
      canWork: access.canWork,
      canDecide,
      canEditPresentation: intake && (canDecide || access.myRoles.includes('originating')),
      disclosureBasisRecorded: access.disclosureBasisRecorded,
    },
  };
}

function consentMeta(c: typeof caseConsent.$inferSelect, names: Map<string, string>) {
  return {
    id: c.id,
    personId: c.personId,
    purpose: c.purpose as Purpose,
    referralId: c.referralId,
    basis: c.basis as Basis,
    basisDetail: c.basisDetail,
    recordedAt: c.recordedAt.toISOString(),
    recordedByName: c.recordedBy ? (names.get(c.recordedBy) ?? null) : null,
    withdrawnAt: iso(c.withdrawnAt),
  };
}

// ---------------------------------------------------------------------------------------------
// Filter 1 / screening and the presentation

export async function createCase(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  input: Presentation & { originatingOrganisationId?: string },
  now = new Date(),
): Promise<string> {
  const workflow = await requireCaseWork(db, cityId);
  const mine = await myOrganisationIds(db, cityId, actor.userId);
  const originating = input.originatingOrganisationId ?? (mine.length === 1 ? mine[0] : undefined);
  if (!originating || !mine.includes(originating)) {
    throw validation(
      'body.originatingOrganisationId',
      mine.length === 0
        ? 'You bring a situation for your organisation, and you are not linked to one in this city'
        : 'Choose one of your organisations',
    );
  }
  const taxonomies = await cityTaxonomies(db, cityId);
  checkCodes('body.riskFactors', input.riskFactors, taxonomies.risk);
  checkCodes('body.protectiveFactors', input.protectiveFactors, taxonomies.protective);
  await ensureCaseSettings(db, cityId);
  return inTx(db, async (tx) => {
    const [settings] = await tx
      .update(caseSettings)
      .set({ lastSeq: sql`${caseSettings.lastSeq} + 1` })
      .where(eq(caseSettings.cityId, cityId))
      .returning({ seq: caseSettings.lastSeq });
    const def = workflow.definition;
    if (def && builtInWorkflow(def.id)) await snapshotBuiltIn(tx, cityId, def);
    const prefix = def.prefix;
    const initialClock = def.stages.find((st) => st.id === def.initialStage)?.clock;
    const responseDueAt = initialClock ? new Date(now.getTime() + initialClock.responseHours * HOUR) : null;
    const reference = `${prefix}-${now.getUTCFullYear()}-${String(settings.seq).padStart(4, '0')}`;
    const [created] = await tx
      .insert(caseSituation)
      .values({
        cityId,
        reference,
        workflow: def.id,
        workflowVersion: def.version,
        stage: def.initialStage,
        responseDueAt,
        reminderDueAt: responseDueAt && nextReminderAt(initialClock, responseDueAt, now),
        originatingOrganisationId: originating,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
        originatingReason: input.originatingReason,
        subjectKind: input.subjectKind,
        ageBand: input.ageBand,
        gender: input.gender,
        neighbourhood: input.neighbourhood,
        riskFactors: input.riskFactors,
        protectiveFactors: input.protectiveFactors,
        isMinor: isMinorAgeBand(input.ageBand),
      })
      .returning({ id: caseSituation.id });
    await tx.insert(caseAssignment).values({
      cityId,
      situationId: created.id,
      organisationId: originating,
      role: 'originating',
      assignedAt: now,
      assignedBy: actor.userId,
    });
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'case_situation',
      recordId: created.id,
      fields: Object.keys(input),
    });
    return created.id;
  });
}

/** A situation is flagged minor when its age band is under 18 or any of its persons is a minor. */
async function situationIsMinor(tx: Db, cityId: string, caseId: string, ageBand: string): Promise<boolean> {
  if (isMinorAgeBand(ageBand)) return true;
  const [minor] = await tx
    .select({ id: casePerson.id })
    .from(casePerson)
    .where(
      and(eq(casePerson.cityId, cityId), eq(casePerson.situationId, caseId), eq(casePerson.isMinor, true)),
    )
    .limit(1);
  return Boolean(minor);
}

export async function updatePresentation(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  input: Partial<Presentation>,
) {
  const s = await loadSituation(db, cityId, caseId);
  if (!(await inIntake(db, s))) throw wrongStage(`The presentation is edited at intake, is ${s.stage}`);
  const access = await caseAccess(db, actor, s);
  if (!can(actor, 'cases.decide') && !access.myRoles.includes('originating')) throw notAssigned();
  const taxonomies = await cityTaxonomies(db, cityId);
  checkCodes('body.riskFactors', input.riskFactors, taxonomies.risk);
  checkCodes('body.protectiveFactors', input.protectiveFactors, taxonomies.protective);
  const fields = Object.keys(input).filter((k) => input[k as keyof Presentation] !== undefined);
  if (fields.length === 0) return;
  await inTx(db, async (tx) => {
    await tx
      .update(caseSituation)
      .set({
        ...input,
        isMinor: await situationIsMinor(tx, cityId, caseId, input.ageBand ?? s.ageBand),
        updatedAt: new Date(),
      })
      .where(and(eq(caseSituation.cityId, cityId), eq(caseSituation.id, caseId)));
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'case_situation',
      recordId: caseId,
      fields,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Stages

async function activeConsents(db: Db, cityId: string, caseId: string, purpose: Purpose) {
  return db
    .select()
    .from(caseConsent)
    .where(
      and(
        eq(caseConsent.cityId, cityId),
        eq(caseConsent.situationId, caseId),
        eq(caseConsent.purpose, purpose),
        isNull(caseConsent.withdrawnAt),
      ),
    );
}

async function activeAssignments(db: Db, cityId: string, caseId: string) {
  return db
    .select()
    .from(caseAssignment)
    .where(
      and(
        eq(caseAssignment.cityId, cityId),
        eq(caseAssignment.situationId, caseId),
        isNull(caseAssignment.endedAt),
      ),
    );
}

/**
 * The four filters' and Channel's named steps — present (filter 2), first response (filter 4),
 * adopt (consent), start support — are transitions of the engine like any other.
 */
export async function moveStage(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  to: 'filter-2' | 'filter-4' | 'consent' | 'support',
  now = new Date(),
) {
  await transitionCase(db, keys, cityId, actor, auditActor, caseId, { to }, now);
}

/**
 * What a rejected situation does not keep: persons (and their match keys), agencies other than the
 * originating one, risk and protective factors, consents, assessments, follow-ups, referrals, texts.
 */
export async function minimise(tx: Db, cityId: string, caseId: string) {
  const ofCase = (
    t:
      | typeof caseReferral
      | typeof caseFollowUp
      | typeof caseAssessment
      | typeof caseConsent
      | typeof casePerson
      | typeof caseAssignment,
  ) => sql`${t.cityId} = ${cityId} and ${t.situationId} = ${caseId}`;
  await tx.delete(caseReferral).where(ofCase(caseReferral));
  await tx.delete(caseFollowUp).where(ofCase(caseFollowUp));
  await tx.delete(caseAssessment).where(ofCase(caseAssessment));
  await tx.delete(caseConsent).where(ofCase(caseConsent));
  await tx.delete(casePerson).where(ofCase(casePerson)); // match keys cascade
  await tx.delete(caseAssignment).where(and(ofCase(caseAssignment), ne(caseAssignment.role, 'originating')));
  await tx
    .update(caseSituation)
    .set({
      riskFactors: [],
      protectiveFactors: [],
      originatingReason: '',
      planEnc: null,
      closureNoteEnc: null,
      informedOn: null,
      informDeferredReasonEnc: null,
      informReconsiderOn: null,
    })
    .where(and(eq(caseSituation.cityId, cityId), eq(caseSituation.id, caseId)));
}

/** Validates a disclosure/referral/support basis: who may record it and what it needs. */
export function checkBasis(
  actor: Actor,
  basis: Basis,
  basisDetail: string,
  purpose: Purpose,
  person: { isMinor: boolean; hasGuardian: boolean } | null,
  workflow: Workflow,
) {
  if (basis === 'chair-override') {
    if (actor.city?.role !== 'chair') throw forbidden('Only the chair can override consent');
    if (purpose === 'support') throw validation('body.basis', 'Support is voluntary: it needs consent');
    if (basisDetail.length < 5) throw validation('body.basisDetail', 'An override needs the chair’s reason');
  }
  if (basis === 'legal-basis') {
    if (purpose === 'support') throw validation('body.basis', 'Support is voluntary: it needs consent');
    if (basisDetail.length < 5) throw validation('body.basisDetail', 'Name the law or rule relied on');
  }
  if (basis === 'consent' && person?.isMinor && workflow.guardianConsentForMinors) {
    throw validation('body.basis', "A minor's consent is given by a guardian");
  }
  if (basis === 'guardian-consent' && person && !person.hasGuardian) {
    throw validation('body.basis', 'Record the guardian with the person first');
  }
}

/** Filter 3: the lead and assisting agencies, with the basis for disclosing identity to them. */
export async function assignAgencies(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  input: {
    leadOrganisationId: string;
    assistingOrganisationIds: string[];
    disclosure?: { basis: Basis; basisDetail: string };
  },
  now = new Date(),
) {
  const s = await loadSituation(db, cityId, caseId);
  await requireStageWork(db, s, 'assign');
  const assisting = [...new Set(input.assistingOrganisationIds)].filter(
    (id) => id !== input.leadOrganisationId,
  );
  const known = new Set((await cityOrganisations(db, cityId)).map((o) => o.id));
  for (const id of [input.leadOrganisationId, ...assisting]) {
    if (!known.has(id))
      throw validation('body.assistingOrganisationIds', 'Not an organisation of this network');
  }
  const outsiders = [input.leadOrganisationId, ...assisting].some((id) => id !== s.originatingOrganisationId);
  const hasBasis = (await activeConsents(db, cityId, caseId, 'disclosure')).length > 0;
  if (outsiders && !hasBasis && !input.disclosure) {
    throw consentRequired('Identity is disclosed to these agencies: record consent or a legal basis');
  }
  const workflow = await workflowOf(db, cityId);
  if (input.disclosure) {
    const subjects = await personFacts(db, keys, cityId, caseId);
    const minor =
      subjects.find((p) => p.isMinor) ?? (s.isMinor ? { isMinor: true, hasGuardian: true } : null);
    checkBasis(actor, input.disclosure.basis, input.disclosure.basisDetail, 'disclosure', minor, workflow);
  }
  const wanted = new Map<string, AssignmentRole>([
    [input.leadOrganisationId, 'lead'],
    ...assisting.map((id) => [id, 'assisting'] as [string, AssignmentRole]),
  ]);
  await inTx(db, async (tx) => {
    const current = await activeAssignments(tx, cityId, caseId);
    for (const a of current) {
      if (a.role === 'originating') continue;
      if (wanted.get(a.organisationId) === a.role) {
        wanted.delete(a.organisationId);
        continue;
      }
      await tx
        .update(caseAssignment)
        .set({ endedAt: now })
        .where(
          and(
            eq(caseAssignment.cityId, cityId),
            eq(caseAssignment.situationId, caseId),
            eq(caseAssignment.organisationId, a.organisationId),
            eq(caseAssignment.role, a.role),
          ),
        );
    }
    for (const [organisationId, role] of wanted) {
      await tx
        .insert(caseAssignment)
        .values({
          cityId,
          situationId: caseId,
          organisationId,
          role,
          assignedAt: now,
          assignedBy: actor.userId,
        })
        .onConflictDoUpdate({
          target: [
            caseAssignment.cityId,
            caseAssignment.situationId,
            caseAssignment.organisationId,
            caseAssignment.role,
          ],
          set: { endedAt: null, assignedAt: now, assignedBy: actor.userId },
        });
    }
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'case_assignment',
      recordId: caseId,
      fields: ['leadOrganisationId', 'assistingOrganisationIds'],
    });
    if (input.disclosure) {
      await insertConsent(tx, cityId, actor, auditActor, caseId, {
        purpose: 'disclosure',
        basis: input.disclosure.basis,
        basisDetail: input.disclosure.basisDetail,
      });
    }
    await tx
      .update(caseSituation)
      .set({ updatedAt: now })
      .where(and(eq(caseSituation.cityId, cityId), eq(caseSituation.id, caseId)));
  });
}

/** A situation's assessments, oldest first (texts still encrypted). */
function assessmentsOf(db: Db, cityId: string, caseId: string) {
  return db
    .select()
    .from(caseAssessment)
    .where(and(eq(caseAssessment.cityId, cityId), eq(caseAssessment.situationId, caseId)))
    .orderBy(caseAssessment.assessedAt);
}

/** A situation's follow-ups and reviews, by due date (notes still encrypted). */
function followUpsOf(db: Db, cityId: string, caseId: string) {
  return db
    .select()
    .from(caseFollowUp)
    .where(and(eq(caseFollowUp.cityId, cityId), eq(caseFollowUp.situationId, caseId)))
    .orderBy(caseFollowUp.dueOn);
}

export async function personFacts(db: Db, keys: CityKeys, cityId: string, caseId: string, personId?: string) {
  const rows = await db
    .select()
    .from(casePerson)
    .where(
      and(
        eq(casePerson.cityId, cityId),
        eq(casePerson.situationId, caseId),
        personId ? eq(casePerson.id, personId) : undefined,
      ),
    )
    .orderBy(casePerson.createdAt);
  return Promise.all(
    rows.map(async (p) => ({
      id: p.id,
      relation: p.relation,
      isMinor: p.isMinor,
      hasGuardian: (await decryptIdentity(keys, cityId, p.identityEnc)).guardians.length > 0,
    })),
  );
}

export async function insertConsent(
  tx: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  input: {
    purpose: Purpose;
    basis: Basis;
    basisDetail: string;
    personId?: string | null;
    referralId?: string | null;
  },
) {
  const [row] = await tx
    .insert(caseConsent)
    .values({
      cityId,
      situationId: caseId,
      personId: input.personId ?? null,
      referralId: input.referralId ?? null,
      purpose: input.purpose,
      basis: input.basis,
      basisDetail: input.basisDetail,
      recordedBy: actor.userId,
    })
    .returning();
  await appendAudit(tx, cityId, auditActor, {
    action: input.basis === 'chair-override' ? 'override' : 'create',
    recordType: 'case_consent',
    recordId: row.id,
    fields: [
      'purpose',
      'basis',
      ...(input.personId ? ['personId'] : []),
      ...(input.referralId ? ['referralId'] : []),
    ],
    // An override's reason is part of the tamper-evident record.
    reason: input.basis === 'chair-override' ? input.basisDetail : null,
  });
  return row;
}

// ---------------------------------------------------------------------------------------------
// Identity

/** Opens the restricted content of one situation for an entitled person; every person read is audited. */
export async function reveal(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  reason: string,
): Promise<Revealed> {
  const s = await loadSituation(db, cityId, caseId);
  const access = await caseAccess(db, actor, s);
  if (!access.canOpenIdentity) throw notAssigned(notAssignedDetail(access));
  const [persons, assessments, followUps] = await Promise.all([
    db
      .select()
      .from(casePerson)
      .where(and(eq(casePerson.cityId, cityId), eq(casePerson.situationId, caseId)))
      .orderBy(casePerson.createdAt),
    assessmentsOf(db, cityId, caseId),
    followUpsOf(db, cityId, caseId),
  ]);
  const dec = (context: string, value: string | null) =>
    value ? keys.decrypt(cityId, context, value) : null;
  const revealed: Revealed = {
    persons: await Promise.all(
      persons.map(async (p) => {
        const identity = await decryptIdentity(keys, cityId, p.identityEnc);
        return {
          id: p.id,
          relation: p.relation as Revealed['persons'][number]['relation'],
          isMinor: p.isMinor,
          hasGuardian: identity.guardians.length > 0,
          identity,
        };
      }),
    ),
    plan: await dec(RESTRICTED_CONTEXT.plan, s.planEnc),
    closureNote: await dec(RESTRICTED_CONTEXT.closureNote, s.closureNoteEnc),
    assessments: await Promise.all(
      assessments.map(async (a) => ({
        id: a.id,
        summary: (await dec(RESTRICTED_CONTEXT.assessmentSummary, a.summaryEnc)) ?? '',
        managementPlan: (await dec(RESTRICTED_CONTEXT.assessmentPlan, a.managementPlanEnc)) ?? '',
        changes: await dec(RESTRICTED_CONTEXT.assessmentChanges, a.changesEnc),
      })),
    ),
    followUpNotes: await Promise.all(
      followUps
        .filter((f) => f.noteEnc)
        .map(async (f) => ({
          id: f.id,
          note: (await dec(RESTRICTED_CONTEXT.followUpNote, f.noteEnc)) ?? '',
        })),
    ),
  };
  await inTx(db, async (tx) => {
    for (const p of revealed.persons) {
      await appendAudit(tx, cityId, auditActor, {
        action: 'read',
        recordType: 'case_person',
        recordId: p.id,
        fields: presentIdentityFields(p.identity),
        reason,
      });
    }
    const texts = [
      revealed.plan !== null && 'plan',
      revealed.closureNote !== null && 'closureNote',
      revealed.assessments.length > 0 && 'assessments',
      revealed.followUpNotes.length > 0 && 'followUpNotes',
    ].filter((f): f is string => Boolean(f));
    await appendAudit(tx, cityId, auditActor, {
      action: 'read',
      recordType: 'case_situation',
      recordId: caseId,
      fields: texts,
      reason,
    });
  });
  return revealed;
}

function notAssignedDetail(access: CaseAccess): string {
  if (access.stage === 'rejected') return 'A rejected situation holds no identity';
  if (access.myRoles.length === 0) return 'Your organisation is not assigned to this situation';
  if (!access.disclosureBasisRecorded) return 'No consent or legal basis for disclosure is recorded';
  return 'Your role does not open identities';
}

async function requireIdentityAccess(db: Db, actor: Actor, s: Situation): Promise<CaseAccess> {
  const access = await caseAccess(db, actor, s);
  if (!access.canOpenIdentity) throw notAssigned(notAssignedDetail(access));
  return access;
}

function personIsMinor(identity: Identity, relation: string, s: Situation, now: Date): boolean {
  if (identity.dateOfBirth) return isMinorOn(identity.dateOfBirth, now);
  return relation === 'subject' && isMinorAgeBand(s.ageBand);
}

/** Other situations holding possibly the same person; references only where the actor is entitled to both. */
async function possibleDuplicates(
  db: Db,
  cityId: string,
  actor: Actor,
  caseId: string,
  keysOfPerson: string[],
): Promise<{ possibleDuplicate: boolean; matchingReferences: string[] }> {
  if (keysOfPerson.length === 0) return { possibleDuplicate: false, matchingReferences: [] };
  const matches = await db
    .selectDistinct({ situationId: casePerson.situationId })
    .from(casePersonMatchKey)
    .innerJoin(
      casePerson,
      and(eq(casePerson.cityId, casePersonMatchKey.cityId), eq(casePerson.id, casePersonMatchKey.personId)),
    )
    .where(
      and(
        eq(casePersonMatchKey.cityId, cityId),
        inArray(casePersonMatchKey.key, keysOfPerson),
        ne(casePerson.situationId, caseId),
      ),
    );
  const references: string[] = [];
  for (const m of matches) {
    const other = await loadSituation(db, cityId, m.situationId);
    if ((await caseAccess(db, actor, other)).canOpenIdentity) references.push(other.reference);
  }
  return { possibleDuplicate: matches.length > 0, matchingReferences: references.sort() };
}

export async function addPerson(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  input: { relation: string; identity: Identity },
  now = new Date(),
) {
  const s = await loadSituation(db, cityId, caseId);
  if (['rejected', 'closed'].includes(s.stage)) throw wrongStage();
  await requireIdentityAccess(db, actor, s);
  const isMinor = personIsMinor(input.identity, input.relation, s, now);
  const identityEnc = await encryptIdentity(keys, cityId, input.identity);
  const mk = await matchKeys(keys, cityId, input.identity);
  const duplicates = await possibleDuplicates(db, cityId, actor, caseId, mk);
  const personId = await inTx(db, async (tx) => {
    const [row] = await tx
      .insert(casePerson)
      .values({
        cityId,
        situationId: caseId,
        relation: input.relation,
        identityEnc,
        isMinor,
        createdBy: actor.userId,
      })
      .returning({ id: casePerson.id });
    if (mk.length) {
      await tx
        .insert(casePersonMatchKey)
        .values(mk.map((key) => ({ cityId, key, personId: row.id })))
        .onConflictDoNothing();
    }
    if (isMinor && !s.isMinor) {
      await tx
        .update(caseSituation)
        .set({ isMinor: true, updatedAt: now })
        .where(and(eq(caseSituation.cityId, cityId), eq(caseSituation.id, caseId)));
    }
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'case_person',
      recordId: row.id,
      fields: presentIdentityFields(input.identity),
    });
    return row.id;
  });
  return { personId, isMinor, ...duplicates };
}

export async function updatePerson(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  personId: string,
  input: { relation: string; identity: Identity },
  now = new Date(),
) {
  const s = await loadSituation(db, cityId, caseId);
  if (s.stage === 'rejected') throw wrongStage();
  await requireIdentityAccess(db, actor, s);
  const [existing] = await db
    .select({ id: casePerson.id })
    .from(casePerson)
    .where(
      and(eq(casePerson.cityId, cityId), eq(casePerson.situationId, caseId), eq(casePerson.id, personId)),
    );
  if (!existing) throw notFound();
  const isMinor = personIsMinor(input.identity, input.relation, s, now);
  const identityEnc = await encryptIdentity(keys, cityId, input.identity);
  const mk = await matchKeys(keys, cityId, input.identity);
  await inTx(db, async (tx) => {
    await tx
      .update(casePerson)
      .set({ relation: input.relation, identityEnc, isMinor })
      .where(and(eq(casePerson.cityId, cityId), eq(casePerson.id, personId)));
    await tx
      .delete(casePersonMatchKey)
      .where(and(eq(casePersonMatchKey.cityId, cityId), eq(casePersonMatchKey.personId, personId)));
    if (mk.length) {
      await tx
        .insert(casePersonMatchKey)
        .values(mk.map((key) => ({ cityId, key, personId })))
        .onConflictDoNothing();
    }
    await tx
      .update(caseSituation)
      .set({ isMinor: await situationIsMinor(tx, cityId, caseId, s.ageBand), updatedAt: now })
      .where(and(eq(caseSituation.cityId, cityId), eq(caseSituation.id, caseId)));
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'case_person',
      recordId: personId,
      fields: presentIdentityFields(input.identity),
    });
  });
  return { personId, isMinor };
}

/**
 * Removes a person recorded by mistake, with the consents recorded for them. Refused while a
 * referral about them is live: the receiver holds their data, so the referral is withdrawn first.
 */
export async function removePerson(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  personId: string,
  reason: string,
  now = new Date(),
) {
  const s = await loadSituation(db, cityId, caseId);
  if (s.stage === 'rejected') throw wrongStage();
  await requireIdentityAccess(db, actor, s);
  await inTx(db, async (tx) => {
    const [person] = await tx
      .select({ id: casePerson.id })
      .from(casePerson)
      .where(
        and(eq(casePerson.cityId, cityId), eq(casePerson.situationId, caseId), eq(casePerson.id, personId)),
      );
    if (!person) throw notFound();
    const [live] = await tx
      .select({ id: caseReferral.id })
      .from(caseReferral)
      .where(
        and(
          eq(caseReferral.cityId, cityId),
          eq(caseReferral.personId, personId),
          inArray(caseReferral.status, ['sent', 'accepted', 'in-progress']),
        ),
      )
      .limit(1);
    if (live) throw wrongStage('A referral about this person is live: withdraw it first');
    await tx
      .delete(caseConsent)
      .where(and(eq(caseConsent.cityId, cityId), eq(caseConsent.personId, personId)));
    await tx.delete(casePerson).where(and(eq(casePerson.cityId, cityId), eq(casePerson.id, personId)));
    await tx
      .update(caseSituation)
      .set({ isMinor: await situationIsMinor(tx, cityId, caseId, s.ageBand), updatedAt: now })
      .where(and(eq(caseSituation.cityId, cityId), eq(caseSituation.id, caseId)));
    await appendAudit(tx, cityId, auditActor, {
      action: 'delete',
      recordType: 'case_person',
      recordId: personId,
      fields: ['identity', 'consents'],
      reason,
    });
  });
}

/** "Is this possibly someone the city already holds?" Only for people entitled to this situation. */
export async function checkDuplicate(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  person: { givenName: string; familyName: string; dateOfBirth?: string },
) {
  const s = await loadSituation(db, cityId, caseId);
  await requireIdentityAccess(db, actor, s);
  const result = await possibleDuplicates(db, cityId, actor, caseId, await matchKeys(keys, cityId, person));
  await inTx(db, (tx) =>
    appendAudit(tx, cityId, auditActor, {
      action: 'duplicate-check',
      recordType: 'case_situation',
      recordId: caseId,
      fields: Object.keys(person),
    }),
  );
  return result;
}

// ---------------------------------------------------------------------------------------------
// Consent, plan, assessments, follow-ups, closure

export async function recordConsent(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  input: {
    purpose: Purpose;
    basis: Basis;
    basisDetail: string;
    personId?: string | null;
    referralId?: string | null;
  },
) {
  const s = await loadSituation(db, cityId, caseId);
  if (s.stage === 'rejected') throw wrongStage();
  const access = await caseAccess(db, actor, s);
  const isChair = actor.city?.role === 'chair';
  if (!access.canWork && !(isChair && input.basis === 'chair-override')) throw notAssigned();
  if (input.purpose === 'support' && s.workflow === 'four-filter') {
    throw validation('body.purpose', 'Consent to support belongs to Channel-style cases');
  }
  if (input.purpose !== 'disclosure' && !input.personId) {
    throw validation('body.personId', 'Say whose consent this is');
  }
  let person: { isMinor: boolean; hasGuardian: boolean } | null = null;
  if (input.personId) {
    [person] = await personFacts(db, keys, cityId, caseId, input.personId);
    if (!person) throw validation('body.personId', 'No such person in this situation');
  }
  if (input.referralId) {
    const [r] = await db
      .select({ id: caseReferral.id })
      .from(caseReferral)
      .where(
        and(
          eq(caseReferral.cityId, cityId),
          eq(caseReferral.situationId, caseId),
          eq(caseReferral.id, input.referralId),
        ),
      );
    if (!r) throw validation('body.referralId', 'No such referral in this situation');
  }
  checkBasis(actor, input.basis, input.basisDetail, input.purpose, person, await workflowOf(db, cityId));
  const row = await inTx(db, (tx) => insertConsent(tx, cityId, actor, auditActor, caseId, input));
  return consentMeta(row, await userNames(db, [row.recordedBy]));
}

export async function withdrawConsent(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  consentId: string,
  reason = '',
) {
  const s = await loadSituation(db, cityId, caseId);
  const access = await caseAccess(db, actor, s);
  if (!access.canWork && actor.city?.role !== 'chair') throw notAssigned();
  const row = await inTx(db, async (tx) => {
    const [updated] = await tx
      .update(caseConsent)
      .set({ withdrawnAt: new Date(), withdrawnBy: actor.userId })
      .where(
        and(
          eq(caseConsent.cityId, cityId),
          eq(caseConsent.situationId, caseId),
          eq(caseConsent.id, consentId),
          isNull(caseConsent.withdrawnAt),
        ),
      )
      .returning();
    if (!updated) throw notFound();
    await appendAudit(tx, cityId, auditActor, {
      action: 'withdraw',
      recordType: 'case_consent',
      recordId: consentId,
      fields: ['withdrawnAt'],
      reason: reason || null,
    });
    return updated;
  });
  return consentMeta(row, await userNames(db, [row.recordedBy]));
}

export async function savePlan(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  plan: string,
) {
  const s = await loadSituation(db, cityId, caseId);
  await requireStageWork(db, s, 'plan');
  await requireIdentityAccess(db, actor, s);
  const planEnc = plan ? await keys.encrypt(cityId, RESTRICTED_CONTEXT.plan, plan) : null;
  await inTx(db, async (tx) => {
    await tx
      .update(caseSituation)
      .set({ planEnc, updatedAt: new Date() })
      .where(and(eq(caseSituation.cityId, cityId), eq(caseSituation.id, caseId)));
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'case_situation',
      recordId: caseId,
      fields: ['plan'],
    });
  });
}

export async function addAssessment(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  input: {
    factors: { engagement: string[]; intent: string[]; capability: string[] };
    summary: string;
    managementPlan: string;
    changesSinceLast?: string;
  },
  now = new Date(),
) {
  const s = await loadSituation(db, cityId, caseId);
  if (s.workflow === 'four-filter') throw wrongStage('Assessments belong to Channel-style cases');
  await requireStageWork(db, s, 'assess');
  await requireIdentityAccess(db, actor, s);
  const framework = (await cityTaxonomies(db, cityId)).vulnerability;
  for (const dimension of framework.dimensions) {
    const allowed = new Set(dimension.factors.map((f) => f.id));
    const unknown = input.factors[dimension.id].filter((c) => !allowed.has(c));
    if (unknown.length)
      throw validation(`body.factors.${dimension.id}`, `Unknown codes: ${unknown.join(', ')}`);
  }
  const [previous] = await db
    .select({ id: caseAssessment.id })
    .from(caseAssessment)
    .where(and(eq(caseAssessment.cityId, cityId), eq(caseAssessment.situationId, caseId)))
    .limit(1);
  if (previous && !input.changesSinceLast) {
    throw validation('body.changesSinceLast', 'Say what changed since the last assessment');
  }
  const enc = (context: string, value: string) => keys.encrypt(cityId, context, value);
  const values = {
    cityId,
    situationId: caseId,
    assessedAt: now,
    assessedBy: actor.userId,
    factors: input.factors,
    summaryEnc: await enc(RESTRICTED_CONTEXT.assessmentSummary, input.summary),
    managementPlanEnc: await enc(RESTRICTED_CONTEXT.assessmentPlan, input.managementPlan),
    changesEnc: input.changesSinceLast
      ? await enc(RESTRICTED_CONTEXT.assessmentChanges, input.changesSinceLast)
      : null,
  };
  await inTx(db, async (tx) => {
    const [row] = await tx.insert(caseAssessment).values(values).returning({ id: caseAssessment.id });
    // The first assessment is the panel's first response: it stops the clock.
    await tx
      .update(caseSituation)
      .set({ firstResponseAt: s.firstResponseAt ?? now, updatedAt: now })
      .where(and(eq(caseSituation.cityId, cityId), eq(caseSituation.id, caseId)));
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'case_assessment',
      recordId: row.id,
      fields: [
        'factors',
        'summary',
        'managementPlan',
        ...(input.changesSinceLast ? ['changesSinceLast'] : []),
      ],
    });
  });
}

export async function addFollowUp(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  input: { kind: 'follow-up' | 'post-closure-review'; dueOn: string; note?: string },
) {
  const s = await loadSituation(db, cityId, caseId);
  if (s.stage === 'rejected') throw wrongStage();
  if (input.kind === 'post-closure-review' ? s.stage !== 'closed' : s.stage === 'closed') {
    throw wrongStage(
      input.kind === 'post-closure-review' ? 'Reviews follow closure' : 'Follow-ups are for open situations',
    );
  }
  const access = await caseAccess(db, actor, s);
  if (!access.canWork) throw notAssigned();
  if (input.note && !access.canOpenIdentity) throw notAssigned(notAssignedDetail(access));
  const noteEnc = input.note ? await keys.encrypt(cityId, RESTRICTED_CONTEXT.followUpNote, input.note) : null;
  await inTx(db, async (tx) => {
    const [row] = await tx
      .insert(caseFollowUp)
      .values({
        cityId,
        situationId: caseId,
        kind: input.kind,
        dueOn: input.dueOn,
        noteEnc,
        createdBy: actor.userId,
      })
      .returning({ id: caseFollowUp.id });
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'case_follow_up',
      recordId: row.id,
      fields: ['kind', 'dueOn', ...(input.note ? ['note'] : [])],
    });
  });
}

export async function completeFollowUp(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  followUpId: string,
  input: { finding?: 'risk-lowered' | 'risk-unchanged' | 'risk-raised'; note?: string },
  now = new Date(),
) {
  const s = await loadSituation(db, cityId, caseId);
  const access = await caseAccess(db, actor, s);
  if (!access.canWork) throw notAssigned();
  if (input.note && !access.canOpenIdentity) throw notAssigned(notAssignedDetail(access));
  const [f] = await db
    .select()
    .from(caseFollowUp)
    .where(
      and(
        eq(caseFollowUp.cityId, cityId),
        eq(caseFollowUp.situationId, caseId),
        eq(caseFollowUp.id, followUpId),
      ),
    );
  if (!f) throw notFound();
  if (f.completedAt) throw conflict('Already completed');
  if (f.kind === 'post-closure-review' && !input.finding) {
    throw validation('body.finding', 'A review records its finding');
  }
  const noteEnc = input.note
    ? await keys.encrypt(cityId, RESTRICTED_CONTEXT.followUpNote, input.note)
    : f.noteEnc;
  await inTx(db, async (tx) => {
    await tx
      .update(caseFollowUp)
      .set({ completedAt: now, completedBy: actor.userId, reviewFinding: input.finding ?? null, noteEnc })
      .where(and(eq(caseFollowUp.cityId, cityId), eq(caseFollowUp.id, followUpId)));
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'case_follow_up',
      recordId: followUpId,
      fields: ['completedAt', ...(input.finding ? ['reviewFinding'] : []), ...(input.note ? ['note'] : [])],
    });
  });
}

/**
 * Closure with an outcome code: the transition to "closed", whose gates apply; the engine schedules
 * the workflow's post-closure reviews and the retention date.
 */
export async function closeCase(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  input: { outcome: OutcomeCode; note: string },
  now = new Date(),
) {
  await transitionCase(db, keys, cityId, actor, auditActor, caseId, { to: 'closed', ...input }, now);
}
