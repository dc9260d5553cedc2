import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  workflowProblems,
  type informInput,
  type transitionInput,
  type Gate,
  type TransitionActor,
  type WorkflowDefinition,
} from '../../../contracts/case-workflow.contract.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { CityKeys } from '../../platform/crypto/keys.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, consentRequired, forbidden, notAssigned, wrongStage } from '../../platform/errors.js';
import { can, type Actor } from '../../platform/policy.js';
import { meeting } from '../meetings/index.js';
import { network } from '../network/index.js';
import { caseAccess } from './cases.access.js';
import { addCalendarMonths } from './cases.dates.js';
import { RESTRICTED_CONTEXT } from './cases.identity.js';
import { purgeAfterFor } from './cases.retention.js';
import {
  loadSituation,
  minimise,
  personFacts,
  workflowOf,
  type Situation,
  type Workflow,
} from './cases.service.js';
import {
  caseAssessment,
  caseAssignment,
  caseConsent,
  caseFollowUp,
  caseSituation,
  caseWorkflowDefinition,
} from './cases.table.js';
import {
  builtInWorkflow,
  builtInWorkflows,
  checkTransition,
  definitionOf,
  describeGate,
  gateHolds,
  isOpenStage,
  nextReminderAt,
  SETTINGS_TUNED,
  type GateFacts,
} from './cases.workflow.js';

const HOUR = 3_600_000;
/** A 400 whose field message is translated (`cases.wfError.<key>`); `message` is the English detail. */
const validation = (path: string, key: string, message: string) =>
  new AppError('validation', 400, message, [{ path, code: 'invalid', message, key: `cases.wfError.${key}` }]);

/** An unmet gate as a field error: the web's gate names, in the caller's language. */
function gateError(g: Gate): NonNullable<AppError['fieldErrors']>[number] {
  const base = { path: `gates.${g.kind}`, code: g.kind, message: describeGate(g) };
  if (g.kind === 'decision') {
    return { ...base, key: 'cases.wf.gate.decision', values: { by: g.by.map((r) => `cases.wf.actor.${r}`) } };
  }
  if (g.kind === 'basis') {
    return {
      ...base,
      key: `cases.wf.gate.basis-${g.purpose}`,
      values: { bases: g.bases.map((b) => `cases.basis.${b}`) },
    };
  }
  return { ...base, key: `cases.wf.gate.${g.kind}` };
}

/** Reads what the gates look at, for one situation and one asker (inside the caller's transaction). */
export async function gateFacts(
  db: Db,
  keys: CityKeys,
  actor: Actor,
  s: Situation,
  now: Date,
  decisionNote?: string,
  extra: Pick<GateFacts, 'decisionRecorded' | 'guardianConsentForMinors'> = {},
): Promise<GateFacts> {
  const cityId = s.cityId;
  const caseId = s.id;
  const access = await caseAccess(db, actor, s);
  const actorRoles: TransitionActor[] = [...access.myRoles];
  if (actor.city?.role === 'chair' || actor.city?.role === 'coordinator') actorRoles.push(actor.city.role);
  const [assignments, consents, persons, assessments] = await Promise.all([
    db
      .select({ role: caseAssignment.role })
      .from(caseAssignment)
      .where(
        and(
          eq(caseAssignment.cityId, cityId),
          eq(caseAssignment.situationId, caseId),
          isNull(caseAssignment.endedAt),
        ),
      ),
    db
      .select({ purpose: caseConsent.purpose, basis: caseConsent.basis, personId: caseConsent.personId })
      .from(caseConsent)
      .where(
        and(
          eq(caseConsent.cityId, cityId),
          eq(caseConsent.situationId, caseId),
          isNull(caseConsent.withdrawnAt),
        ),
      ),
    personFacts(db, keys, cityId, caseId),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(caseAssessment)
      .where(and(eq(caseAssessment.cityId, cityId), eq(caseAssessment.situationId, caseId))),
  ]);
  return {
    actorRoles,
    decisionNote,
    ...extra,
    hasLead: assignments.some((a) => a.role === 'lead'),
    disclosureBases: consents.filter((c) => c.purpose === 'disclosure').map((c) => c.basis),
    supportBases: consents
      .filter((c) => c.purpose === 'support')
      .map((c) => ({ personId: c.personId, basis: c.basis })),
    subjects: persons.filter((p) => p.relation === 'subject'),
    minors: persons.filter((p) => p.isMinor).map((p) => ({ id: p.id, hasGuardian: p.hasGuardian })),
    situationMinor: s.isMinor,
    planSaved: Boolean(s.planEnc),
    informedOn: s.informedOn,
    informDeferred: Boolean(s.informDeferredReasonEnc),
    informReconsiderOn: s.informReconsiderOn,
    assessments: assessments[0]?.n ?? 0,
    today: now.toISOString().slice(0, 10),
  };
}

/** The ways out of a situation's stage for the detail page: each gate and whether it holds now. */
export async function availableTransitions(
  db: Db,
  keys: CityKeys,
  actor: Actor,
  s: Situation,
  now = new Date(),
) {
  const def = await definitionOf(db, s.cityId, s.workflow, s.workflowVersion);
  const out = def.transitions.filter((t) => t.from === s.stage);
  if (!out.length) return [];
  // A decision is recorded with the transition: shown as met when the asker may record it.
  const { guardianConsentForMinors } = await workflowOf(db, s.cityId);
  const facts = await gateFacts(db, keys, actor, s, now, 'x', { guardianConsentForMinors });
  return out.map((t) => ({
    to: t.to,
    allowed: t.by.some((r) => facts.actorRoles.includes(r)),
    gates: t.gates.map((gate) => ({ gate, met: gateHolds(gate, facts) })),
  }));
}

/** What a rejection removes (minimise), as the audit row names it. */
const MINIMISED_FIELDS = [
  'persons',
  'assistingAgencies',
  'riskFactors',
  'protectiveFactors',
  'referrals',
  'originatingReason',
];

/**
 * The clock and reviews a situation's workflow runs with: its definition's, unless the network's
 * settings tune this workflow (SETTINGS_TUNED: the four filters and Channel read `responseHours` and
 * `reviewsAfterExitMonths` from the network, as they always did). A network's response hours set the
 * clock of the stage its threshold decision accepts into.
 */
function tuning(workflow: Workflow, s: Pick<Situation, 'workflow'>) {
  const tuned = SETTINGS_TUNED.includes(s.workflow) && workflow.kind === s.workflow;
  return {
    acceptHours: tuned ? (workflow.responseHours?.[1] ?? null) : undefined,
    reviewsAfterExitMonths: tuned ? workflow.reviewsAfterExitMonths : undefined,
  };
}

export interface TransitionOptions {
  /** Taken through the threshold-decision step (`POST …/decision`): the decision is recorded there. */
  decisionStep?: boolean;
}

/**
 * Moves a situation along one transition of its workflow — the one code path for every workflow,
 * the four filters and Channel included (their dedicated steps, `…/stage`, `…/decision` and
 * `…/close`, call it). Everything happens in one transaction: the situation row is locked, the facts
 * are read, every gate is checked, and only then is the stage written (with the decision, the clock,
 * closure or the minimisation of a rejection) and audited.
 */
export async function transitionCase(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  input: z.infer<typeof transitionInput>,
  now = new Date(),
  options: TransitionOptions = {},
): Promise<{ stage: string }> {
  const first = await loadSituation(db, cityId, caseId);
  const def = await definitionOf(db, cityId, first.workflow, first.workflowVersion);
  const workflow = await workflowOf(db, cityId);
  const tuned = tuning(workflow, first);
  if (input.meetingId) {
    const [m] = await db
      .select({ id: meeting.id })
      .from(meeting)
      .where(and(eq(meeting.cityId, cityId), eq(meeting.id, input.meetingId)));
    if (!m) throw validation('body.meetingId', 'noMeeting', 'No such meeting in this city');
  }
  const target = def.stages.find((st) => st.id === input.to);
  if (target?.category === 'closed' && !input.outcome) {
    throw validation('body.outcome', 'outcomeNeeded', 'Closing needs an outcome');
  }
  const closureNoteEnc =
    target?.category === 'closed' && input.note
      ? await keys.encrypt(cityId, RESTRICTED_CONTEXT.closureNote, input.note)
      : null;
  const purgeAfter =
    target?.category === 'closed' || target?.category === 'rejected'
      ? await purgeAfterFor(db, cityId, target.category, now)
      : null;
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [s] = await tx
      .select()
      .from(caseSituation)
      .where(and(eq(caseSituation.cityId, cityId), eq(caseSituation.id, caseId)))
      .for('update');
    const facts = await gateFacts(tx, keys, actor, s, now, input.decisionNote, {
      decisionRecorded: options.decisionStep,
      guardianConsentForMinors: workflow.guardianConsentForMinors,
    });
    const check = checkTransition(def, s.stage, input.to, facts);
    if (!check.transition) throw wrongStage(`No way from ${s.stage} to ${input.to} in this workflow`);
    if (!check.allowed) {
      throw can(actor, 'cases.read') && facts.actorRoles.length === 0
        ? notAssigned()
        : forbidden(`This step is taken by: ${check.transition.by.join(', ')}`);
    }
    if (input.note && target?.category === 'closed' && !(await caseAccess(tx, actor, s)).canOpenIdentity) {
      throw notAssigned();
    }
    if (check.unmet.length) {
      const detail = `Not yet: ${check.unmet.map(describeGate).join('; ')}`;
      const consentOnly = check.unmet.every((g) => g.kind === 'basis' || g.kind === 'guardian-for-minor');
      const error = consentOnly ? consentRequired(detail) : wrongStage(detail);
      throw new AppError(error.code, error.status, detail, check.unmet.map(gateError));
    }
    const set: Partial<Situation> = { stage: input.to, updatedAt: now };
    const fields = ['stage'];
    const decided = check.transition.gates.some((g) => g.kind === 'decision');
    if (decided) {
      Object.assign(set, {
        thresholdMet: target?.category !== 'rejected',
        decidedAt: now,
        decidedBy: actor.userId,
        decidedAtMeetingId: input.meetingId ?? null,
        decisionNote: input.decisionNote ?? '',
      });
      fields.push('thresholdMet', 'decisionNote');
    }
    if (s.stage === def.initialStage && !s.presentedAt) {
      set.presentedAt = now;
      fields.push('presentedAt');
    }
    // Clocks: moving on from a stage whose clock runs is the first response (it stops the clock);
    // entering a stage with a clock starts a new one. Closing or rejecting leaves the clock as it is
    // (a closed situation is never overdue).
    const open = isOpenStage(input.to);
    if (open && s.responseDueAt && !s.firstResponseAt) {
      set.firstResponseAt = now;
      fields.push('firstResponseAt');
    }
    const hours =
      decided && open && tuned.acceptHours !== undefined ? tuned.acceptHours : target?.clock?.responseHours;
    if (open && hours) {
      set.responseDueAt = new Date(now.getTime() + hours * HOUR);
      set.firstResponseAt = null;
      set.overdueAlertedAt = null;
      set.reminderDueAt = nextReminderAt(target?.clock, set.responseDueAt, now);
    } else if (set.firstResponseAt) set.reminderDueAt = null;
    if (target?.category === 'rejected') {
      await minimise(tx, cityId, caseId);
      Object.assign(set, { rejectedAt: now, purgeAfter, responseDueAt: null });
    }
    if (target?.category === 'closed') {
      Object.assign(set, { outcome: input.outcome, closureNoteEnc, closedAt: now, purgeAfter });
      fields.push('outcome', ...(input.note ? ['closureNote'] : []));
      for (const months of tuned.reviewsAfterExitMonths ?? def.reviewsAfterExitMonths) {
        await tx.insert(caseFollowUp).values({
          cityId,
          situationId: caseId,
          kind: 'post-closure-review',
          dueOn: addCalendarMonths(now, months),
          monthsAfterClosure: months,
          createdBy: actor.userId,
        });
      }
    }
    await tx
      .update(caseSituation)
      .set(set)
      .where(and(eq(caseSituation.cityId, cityId), eq(caseSituation.id, caseId)));
    const rejected = target?.category === 'rejected';
    await appendAudit(tx, cityId, auditActor, {
      action: rejected ? 'minimise' : 'update',
      recordType: 'case_situation',
      recordId: caseId,
      fields: rejected ? [...fields, ...MINIMISED_FIELDS] : fields,
      ...(rejected ? { reason: 'threshold not met' } : {}),
    });
    return { stage: input.to };
  });
}

/**
 * The threshold decision (four filters' filter 2, Channel's screening, any intake stage whose ways
 * out are decisions): met takes the decision transition that does not reject, not met the one to
 * "rejected". It is a transition of the engine like any other.
 */
export async function decideThreshold(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  input: { thresholdMet: boolean; note: string; meetingId?: string | null },
  now = new Date(),
) {
  const s = await loadSituation(db, cityId, caseId);
  const def = await definitionOf(db, cityId, s.workflow, s.workflowVersion);
  const decisions = def.transitions.filter(
    (t) =>
      t.from === s.stage &&
      t.gates.some((g) => g.kind === 'decision') &&
      (t.to === 'rejected') === !input.thresholdMet,
  );
  if (decisions.length !== 1) throw wrongStage(`No threshold decision is taken at ${s.stage}`);
  return transitionCase(
    db,
    keys,
    cityId,
    actor,
    auditActor,
    caseId,
    { to: decisions[0].to, decisionNote: input.note, meetingId: input.meetingId },
    now,
    { decisionStep: true },
  );
}

/** The person was informed, or why informing them is unsafe now (encrypted) and when to reconsider. */
export async function recordInformed(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  input: z.infer<typeof informInput>,
  now = new Date(),
) {
  const s = await loadSituation(db, cityId, caseId);
  if (!isOpenStage(s.stage)) throw wrongStage();
  const access = await caseAccess(db, actor, s);
  if (!access.canOpenIdentity) throw notAssigned();
  const today = now.toISOString().slice(0, 10);
  const set = input.informed
    ? {
        informedOn: input.informedOn,
        informDeferredReasonEnc: null,
        informReconsiderOn: null,
      }
    : {
        informedOn: null,
        informDeferredReasonEnc: await keys.encrypt(
          cityId,
          RESTRICTED_CONTEXT.informDeferredReason,
          input.unsafeReason,
        ),
        informReconsiderOn: input.reconsiderOn,
      };
  if (input.informed && input.informedOn > today) {
    throw validation(
      'body.informedOn',
      'informedFuture',
      'The day the person was informed is not in the future',
    );
  }
  if (!input.informed && input.reconsiderOn <= today) {
    throw validation('body.reconsiderOn', 'reconsiderPast', 'The date to reconsider is after today');
  }
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx
      .update(caseSituation)
      .set({ ...set, updatedAt: now })
      .where(and(eq(caseSituation.cityId, cityId), eq(caseSituation.id, caseId)));
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'case_situation',
      recordId: caseId,
      fields: input.informed ? ['informedOn'] : ['informDeferredReason', 'informReconsiderOn'],
    });
  });
  return { informedOn: set.informedOn, reconsiderOn: set.informReconsiderOn };
}

// ---------------------------------------------------------------------------------------------
// Definitions: built-in and custom

export async function listWorkflows(db: Db, cityId: string) {
  const current = await workflowOf(db, cityId);
  const custom = await db
    .select({
      workflowId: caseWorkflowDefinition.workflowId,
      version: caseWorkflowDefinition.version,
      definition: caseWorkflowDefinition.definition,
      createdAt: caseWorkflowDefinition.createdAt,
    })
    .from(caseWorkflowDefinition)
    .where(and(eq(caseWorkflowDefinition.cityId, cityId), eq(caseWorkflowDefinition.builtIn, false)))
    .orderBy(asc(caseWorkflowDefinition.workflowId), asc(caseWorkflowDefinition.version));
  return {
    current: current.definition ? { id: current.definition.id, version: current.definition.version } : null,
    workflows: [
      ...[...builtInWorkflows().values()].map((d) => ({
        id: d.id,
        version: d.version,
        builtIn: true,
        name: null,
        createdAt: null,
      })),
      ...custom.map((c) => ({
        id: c.workflowId,
        version: c.version,
        builtIn: false,
        name: (c.definition as { name?: string }).name ?? null,
        createdAt: c.createdAt.toISOString(),
      })),
    ],
  };
}

export async function getWorkflow(db: Db, cityId: string, workflowId: string, version: number) {
  const builtIn = builtInWorkflow(workflowId);
  if (builtIn && builtIn.version === version) return builtIn;
  const [row] = await db
    .select({ definition: caseWorkflowDefinition.definition })
    .from(caseWorkflowDefinition)
    .where(
      and(
        eq(caseWorkflowDefinition.cityId, cityId),
        eq(caseWorkflowDefinition.workflowId, workflowId),
        eq(caseWorkflowDefinition.version, version),
      ),
    );
  if (!row) throw new AppError('not-found', 404);
  return row.definition as unknown as WorkflowDefinition;
}

/** The chair saves a custom workflow as the next version of `custom-<key>`, after validating it. */
export async function saveCustomWorkflow(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  input: Omit<WorkflowDefinition, 'id' | 'version' | 'sources'> & { key: string; name: string },
  now = new Date(),
): Promise<WorkflowDefinition> {
  const { key, ...rest } = input;
  const id = `custom-${key}`;
  const draft: WorkflowDefinition = { id, version: 1, ...rest };
  const problems = workflowProblems(draft);
  if (problems.length) {
    throw new AppError(
      'validation',
      400,
      problems.map((p) => `${p.path}: ${p.message}`).join('; '),
      problems.map((p) => ({
        path: `body.${p.path}`,
        code: p.code,
        message: p.message,
        key: `cases.wfProblem.${p.code}`,
        values: p.values,
      })),
    );
  }
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    // Serialise versions of one workflow: the row lock on the network keeps two saves apart.
    await tx.select({ id: network.cityId }).from(network).where(eq(network.cityId, cityId)).for('update');
    const [last] = await tx
      .select({ version: sql<number>`coalesce(max(${caseWorkflowDefinition.version}), 0)::int` })
      .from(caseWorkflowDefinition)
      .where(and(eq(caseWorkflowDefinition.cityId, cityId), eq(caseWorkflowDefinition.workflowId, id)));
    const def: WorkflowDefinition = { ...draft, version: (last?.version ?? 0) + 1 };
    await tx.insert(caseWorkflowDefinition).values({
      cityId,
      workflowId: id,
      version: def.version,
      builtIn: false,
      definition: def as unknown as Record<string, unknown>,
      createdAt: now,
      createdBy: actor.userId,
    });
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'case_workflow',
      recordId: `${id}@${def.version}`,
      fields: ['stages', 'transitions', 'reviewsAfterExitMonths', 'prefix'],
    });
    return def;
  });
}

/**
 * The chair chooses the workflow new situations start on: a built-in id or a saved custom one. Open
 * situations keep the workflow and version they started on; nothing about them is rewritten.
 */
export async function useWorkflow(db: Db, cityId: string, auditActor: AuditActor, workflowId: string) {
  const builtIn = builtInWorkflow(workflowId);
  let version = builtIn?.version;
  if (!builtIn) {
    const [row] = await db
      .select({ version: sql<number>`max(${caseWorkflowDefinition.version})::int` })
      .from(caseWorkflowDefinition)
      .where(
        and(
          eq(caseWorkflowDefinition.cityId, cityId),
          eq(caseWorkflowDefinition.workflowId, workflowId),
          eq(caseWorkflowDefinition.builtIn, false),
        ),
      );
    if (!row?.version) throw validation('body.id', 'noWorkflow', 'No such workflow in this city');
    version = row.version;
  }
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [net] = await tx.select().from(network).where(eq(network.cityId, cityId)).for('update');
    if (!net) throw new AppError('conflict', 409, 'Set up the network first');
    const current = net.caseWorkflow as Record<string, unknown>;
    if (current.kind === 'none' || !current.kind) {
      throw new AppError('conflict', 409, 'Case work is not part of the network’s settings (mandate item d)');
    }
    const next: Record<string, unknown> = { ...current };
    if (builtIn) {
      next.kind = workflowId;
      delete next.workflowId;
    } else {
      next.kind = 'custom';
      next.workflowId = workflowId;
    }
    await tx.update(network).set({ caseWorkflow: next }).where(eq(network.cityId, cityId));
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'network',
      recordId: cityId,
      fields: ['caseWorkflow.kind', ...(builtIn ? [] : ['caseWorkflow.workflowId'])],
    });
  });
  return { id: workflowId, version: version! };
}
