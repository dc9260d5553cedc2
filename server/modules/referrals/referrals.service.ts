import { randomUUID } from 'node:crypto';
import { and, desc, eq, gt, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Identity } from '../../../contracts/cases.contract.js';
import type {
  CaseReferral,
  InboxSummary,
  OpenedReferral,
  ReceivedReferral,
  ReferralStatus,
  RespondInput,
  Service,
  SharedIdentity,
  referralStepSchema,
  sendReferralInput,
  serviceInput,
} from '../../../contracts/referrals.contract.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import { user } from '../../platform/auth/auth.table.js';
import type { CityKeys } from '../../platform/crypto/keys.js';
import type { Db } from '../../platform/db/index.js';
import {
  AppError,
  consentRequired,
  forbidden,
  notAssigned,
  notFound,
  wrongStage,
} from '../../platform/errors.js';
import { timeCursor } from '../../../contracts/primitives.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { can, type Actor } from '../../platform/policy.js';
import {
  caseAccess,
  caseAssignment,
  caseConsent,
  casePerson,
  caseReferral,
  caseService,
  caseSituation,
  categoryOf,
  checkBasis,
  cityTaxonomies,
  definitionOf,
  decryptIdentity,
  insertConsent,
  myOrganisationIds,
  RESTRICTED_CONTEXT,
  workflowOf,
  type CaseAccess,
} from '../cases/index.js';
import { organisation, representative } from '../network/index.js';

/*
 * Referrals (docs/CASES.md, "Referrals"). Three rules carry the privacy design:
 * - sending discloses identity, so only someone who may open the situation's identities sends, and
 *   only with a referral consent or legal basis for that person (bound to this one referral);
 * - the receiver sees the referral, not the situation: no reference, no identity in lists, and when
 *   opened (with a reason, audited per read) only the fields the sender chose to share;
 * - someone outside the receiving organisation learns nothing, not even that a referral exists (404).
 */

type Referral = typeof caseReferral.$inferSelect;
type Situation = typeof caseSituation.$inferSelect;
type Step = z.infer<typeof referralStepSchema>;
type ServiceInput = z.infer<typeof serviceInput>;
type SendInput = z.infer<typeof sendReferralInput>;

const validation = (path: string, message: string) =>
  new AppError('validation', 400, message, [{ path, code: 'invalid', message }]);
const inTx = <T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> =>
  db.transaction((txRaw) => work(txRaw as unknown as Db));
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const today = () => new Date().toISOString().slice(0, 10);

/** Stages in which a situation's agencies refer (after the threshold decision, before closure). */
/** While the receiver may still need the shared fields. */
const OPENABLE: ReferralStatus[] = ['sent', 'accepted', 'in-progress'];
const WITHDRAWABLE: ReferralStatus[] = ['sent', 'accepted', 'in-progress'];

// ---------------------------------------------------------------------------------------------
// Services

function toService(row: typeof caseService.$inferSelect): Service {
  return {
    id: row.id,
    name: row.name,
    sector: row.sector as Service['sector'],
    description: row.description,
    contact: row.contact,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The city's listed services, by name (active ones only unless asked). */
export async function listServices(db: Db, cityId: string, includeInactive = false) {
  const rows = await db
    .select()
    .from(caseService)
    .where(and(eq(caseService.cityId, cityId), includeInactive ? undefined : eq(caseService.active, true)))
    .orderBy(caseService.name);
  return { items: rows.map(toService) };
}

/** Lists a service outside the network. */
export async function createService(db: Db, cityId: string, auditActor: AuditActor, input: ServiceInput) {
  return inTx(db, async (tx) => {
    const [row] = await tx
      .insert(caseService)
      .values({ cityId, ...input })
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'case_service',
      recordId: row.id,
      fields: Object.keys(input),
    });
    return toService(row);
  });
}

/** Changes (or deactivates) a listed service; referrals already sent keep pointing at it. */
export async function updateService(
  db: Db,
  cityId: string,
  auditActor: AuditActor,
  serviceId: string,
  input: Partial<ServiceInput>,
) {
  return inTx(db, async (tx) => {
    const [row] = await tx
      .update(caseService)
      .set(input)
      .where(and(eq(caseService.cityId, cityId), eq(caseService.id, serviceId)))
      .returning();
    if (!row) throw notFound();
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'case_service',
      recordId: serviceId,
      fields: Object.keys(input),
    });
    return toService(row);
  });
}

// ---------------------------------------------------------------------------------------------
// Reading referrals

async function loadSituation(db: Db, cityId: string, caseId: string): Promise<Situation> {
  const [row] = await db
    .select()
    .from(caseSituation)
    .where(and(eq(caseSituation.cityId, cityId), eq(caseSituation.id, caseId)));
  if (!row) throw notFound();
  return row;
}

/**
 * The steps a referral went through. The table keeps the time of sending, of the answer and of
 * completion; the start of the work and a withdrawal are the last change while they are current.
 */
export function timelineOf(r: Referral): Step[] {
  const steps: Step[] = [{ status: 'sent', at: r.sentAt.toISOString() }];
  const status = r.status as ReferralStatus;
  if (status === 'declined') steps.push({ status: 'declined', at: iso(r.respondedAt) });
  if (
    ['accepted', 'in-progress', 'completed'].includes(status) ||
    (status === 'withdrawn' && r.respondedAt)
  ) {
    steps.push({ status: 'accepted', at: iso(r.respondedAt) });
  }
  if (status === 'in-progress') steps.push({ status: 'in-progress', at: r.updatedAt.toISOString() });
  if (status === 'completed') steps.push({ status: 'completed', at: iso(r.completedAt) });
  if (status === 'withdrawn') steps.push({ status: 'withdrawn', at: r.updatedAt.toISOString() });
  return steps;
}

async function activeConsentIds(db: Db, cityId: string, ids: (string | null)[]): Promise<Set<string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Set();
  const rows = await db
    .select({ id: caseConsent.id })
    .from(caseConsent)
    .where(
      and(eq(caseConsent.cityId, cityId), inArray(caseConsent.id, wanted), isNull(caseConsent.withdrawnAt)),
    );
  return new Set(rows.map((r) => r.id));
}

async function organisationsById(db: Db, cityId: string, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map<string, { id: string; name: string; sector: string }>();
  const rows = await db
    .select({ id: organisation.id, name: organisation.name, sector: organisation.sector })
    .from(organisation)
    .where(and(eq(organisation.cityId, cityId), inArray(organisation.id, wanted)));
  return new Map(rows.map((r) => [r.id, r]));
}

/** The sender's views of these referrals: where to, status, what was shared (no identity, no texts). */
async function caseViews(db: Db, cityId: string, rows: Referral[]): Promise<CaseReferral[]> {
  const serviceIds = [...new Set(rows.map((r) => r.toServiceId).filter((id): id is string => Boolean(id)))];
  const userIds = [...new Set(rows.map((r) => r.sentBy).filter((id): id is string => Boolean(id)))];
  const [orgs, services, names, active] = await Promise.all([
    organisationsById(
      db,
      cityId,
      rows.map((r) => r.toOrganisationId),
    ),
    serviceIds.length
      ? db
          .select()
          .from(caseService)
          .where(and(eq(caseService.cityId, cityId), inArray(caseService.id, serviceIds)))
      : Promise.resolve([]),
    userIds.length
      ? db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, userIds))
      : Promise.resolve([]),
    activeConsentIds(
      db,
      cityId,
      rows.map((r) => r.consentId),
    ),
  ]);
  const serviceMap = new Map(services.map((s) => [s.id, s]));
  const nameMap = new Map(names.map((n) => [n.id, n.name]));
  return rows.map((r) => {
    const org = r.toOrganisationId ? orgs.get(r.toOrganisationId) : undefined;
    const service = r.toServiceId ? serviceMap.get(r.toServiceId) : undefined;
    return {
      id: r.id,
      personId: r.personId,
      to: r.toOrganisationId
        ? {
            kind: 'organisation' as const,
            id: r.toOrganisationId,
            name: org?.name ?? '',
            sector: org?.sector ?? '',
          }
        : {
            kind: 'service' as const,
            id: r.toServiceId ?? r.id,
            name: service?.name ?? '',
            sector: service?.sector ?? '',
          },
      status: r.status as ReferralStatus,
      sharedFields: r.sharedFields as CaseReferral['sharedFields'],
      shareRiskFactors: r.shareRiskFactors,
      consentId: r.consentId,
      consentActive: Boolean(r.consentId && active.has(r.consentId)),
      sentAt: r.sentAt.toISOString(),
      sentByName: r.sentBy ? (nameMap.get(r.sentBy) ?? null) : null,
      respondedAt: iso(r.respondedAt),
      declineReason: r.declineReason,
      completedAt: iso(r.completedAt),
      hasMessage: Boolean(r.messageEnc),
      hasFeedback: Boolean(r.feedbackEnc),
      timeline: timelineOf(r),
    };
  });
}

async function caseReferralRows(db: Db, cityId: string, caseId: string, referralId?: string) {
  return db
    .select()
    .from(caseReferral)
    .where(
      and(
        eq(caseReferral.cityId, cityId),
        eq(caseReferral.situationId, caseId),
        referralId ? eq(caseReferral.id, referralId) : undefined,
      ),
    )
    .orderBy(desc(caseReferral.sentAt), desc(caseReferral.id));
}

async function oneCaseReferral(db: Db, cityId: string, caseId: string, referralId: string) {
  const [row] = await caseReferralRows(db, cityId, caseId, referralId);
  if (!row) throw notFound();
  return row;
}

function notAssignedDetail(access: CaseAccess): string {
  if (access.stage === 'rejected') return 'A rejected situation holds no identity';
  if (access.myRoles.length === 0) return 'Your organisation is not assigned to this situation';
  if (!access.disclosureBasisRecorded) return 'No consent or legal basis for disclosure is recorded';
  return 'Your role does not open identities';
}

/** A situation's referrals for its assigned agencies, and for the chair and coordinator who run the table. */
export async function listCaseReferrals(db: Db, cityId: string, actor: Actor, caseId: string) {
  const s = await loadSituation(db, cityId, caseId);
  const access = await caseAccess(db, actor, s);
  if (!access.canWork && !can(actor, 'cases.decide')) throw notAssigned(notAssignedDetail(access));
  return { items: await caseViews(db, cityId, await caseReferralRows(db, cityId, caseId)) };
}

/** The message sent and the feedback received, for someone who may open the situation's identities. */
export async function readCaseReferral(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  referralId: string,
  reason: string,
) {
  const s = await loadSituation(db, cityId, caseId);
  const access = await caseAccess(db, actor, s);
  if (!access.canOpenIdentity) throw notAssigned(notAssignedDetail(access));
  const r = await oneCaseReferral(db, cityId, caseId, referralId);
  const message = r.messageEnc
    ? await keys.decrypt(cityId, RESTRICTED_CONTEXT.referralMessage, r.messageEnc)
    : null;
  const feedback = r.feedbackEnc
    ? await keys.decrypt(cityId, RESTRICTED_CONTEXT.referralFeedback, r.feedbackEnc)
    : null;
  await inTx(db, (tx) =>
    appendAudit(tx, cityId, auditActor, {
      action: 'read',
      recordType: 'case_referral',
      recordId: referralId,
      fields: [...(message !== null ? ['message'] : []), ...(feedback !== null ? ['feedback'] : [])],
      reason,
    }),
  );
  return { message, feedback };
}

// ---------------------------------------------------------------------------------------------
// Sending

async function activeOrganisation(db: Db, cityId: string, id: string) {
  const [row] = await db
    .select({ id: organisation.id })
    .from(organisation)
    .where(
      and(
        eq(organisation.cityId, cityId),
        eq(organisation.id, id),
        or(isNull(organisation.leftOn), gt(organisation.leftOn, today())),
      ),
    );
  return row;
}

/**
 * Refers one person of a situation. Checks, before anything is written: the stage, that the sender
 * may open identities here, the receiver, the person, and a consent or basis for this referral. The
 * referral, its consent (recorded or bound to it) and the audit rows commit together.
 */
export async function sendReferral(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  input: SendInput,
  now = new Date(),
): Promise<CaseReferral> {
  const s = await loadSituation(db, cityId, caseId);
  // Referrals go from the accepted and in-support stages of the workflow (its common categories).
  const sendable = ['accepted', 'in-support'].includes(
    categoryOf(await definitionOf(db, cityId, s.workflow, s.workflowVersion), s.stage),
  );
  if (!sendable) {
    throw wrongStage(`Referrals are sent after the threshold decision and before closure, not at ${s.stage}`);
  }
  const access = await caseAccess(db, actor, s);
  if (!access.canOpenIdentity) throw notAssigned(notAssignedDetail(access));

  if (Boolean(input.toOrganisationId) === Boolean(input.toServiceId)) {
    throw validation('body.toOrganisationId', 'Refer to one member organisation or one listed service');
  }
  if (input.toOrganisationId) {
    if (!(await activeOrganisation(db, cityId, input.toOrganisationId))) {
      throw validation('body.toOrganisationId', 'Not an organisation of this network');
    }
    if (access.organisationIds.includes(input.toOrganisationId)) {
      throw validation('body.toOrganisationId', 'Refer to another organisation than your own');
    }
  }
  if (input.toServiceId) {
    const [service] = await db
      .select({ id: caseService.id })
      .from(caseService)
      .where(
        and(
          eq(caseService.cityId, cityId),
          eq(caseService.id, input.toServiceId),
          eq(caseService.active, true),
        ),
      );
    if (!service) throw validation('body.toServiceId', 'Not an active listed service');
  }
  const [person] = await db
    .select()
    .from(casePerson)
    .where(
      and(
        eq(casePerson.cityId, cityId),
        eq(casePerson.situationId, caseId),
        eq(casePerson.id, input.personId),
      ),
    );
  if (!person) throw validation('body.personId', 'No such person in this situation');
  const identity = await decryptIdentity(keys, cityId, person.identityEnc);
  const facts = { isMinor: person.isMinor, hasGuardian: identity.guardians.length > 0 };
  const sharedFields = [...new Set(input.sharedFields)];

  const workflow = await workflowOf(db, cityId);
  if (input.consentId && input.basis) {
    throw validation('body.basis', 'Give a recorded consent or a basis, not both');
  }
  if (input.consentId) {
    const [consent] = await db
      .select()
      .from(caseConsent)
      .where(
        and(
          eq(caseConsent.cityId, cityId),
          eq(caseConsent.situationId, caseId),
          eq(caseConsent.id, input.consentId),
        ),
      );
    if (
      !consent ||
      consent.purpose !== 'referral' ||
      consent.personId !== input.personId ||
      consent.withdrawnAt ||
      consent.referralId
    ) {
      throw consentRequired('That is not an unused, active referral consent for this person');
    }
    // The person may have been found to be a minor after the consent was recorded.
    if (facts.isMinor && workflow.guardianConsentForMinors && consent.basis === 'consent') {
      throw consentRequired("A minor's consent to a referral is given by a guardian");
    }
  } else if (input.basis) {
    checkBasis(actor, input.basis.basis, input.basis.basisDetail, 'referral', facts, workflow);
  } else {
    throw consentRequired("A referral needs the person's consent or a legal basis for it");
  }

  const messageEnc = input.message
    ? await keys.encrypt(cityId, RESTRICTED_CONTEXT.referralMessage, input.message)
    : null;
  const id = randomUUID();
  await inTx(db, async (tx) => {
    let consentId: string;
    if (input.consentId) {
      // Bound to this referral, so one consent never covers a second disclosure.
      const [bound] = await tx
        .update(caseConsent)
        .set({ referralId: id })
        .where(
          and(
            eq(caseConsent.cityId, cityId),
            eq(caseConsent.id, input.consentId),
            isNull(caseConsent.referralId),
            isNull(caseConsent.withdrawnAt),
          ),
        )
        .returning({ id: caseConsent.id });
      if (!bound) throw consentRequired('That consent was just used or withdrawn');
      consentId = bound.id;
      await appendAudit(tx, cityId, auditActor, {
        action: 'update',
        recordType: 'case_consent',
        recordId: consentId,
        fields: ['referralId'],
      });
    } else {
      const basis = input.basis!;
      const consent = await insertConsent(tx, cityId, actor, auditActor, caseId, {
        purpose: 'referral',
        basis: basis.basis,
        basisDetail: basis.basisDetail,
        personId: input.personId,
        referralId: id,
      });
      consentId = consent.id;
    }
    await tx.insert(caseReferral).values({
      cityId,
      id,
      situationId: caseId,
      personId: input.personId,
      toOrganisationId: input.toOrganisationId ?? null,
      toServiceId: input.toServiceId ?? null,
      status: 'sent',
      sharedFields,
      shareRiskFactors: input.shareRiskFactors,
      messageEnc,
      consentId,
      sentAt: now,
      sentBy: actor.userId,
      updatedAt: now,
    });
    // The disclosure record: which fields went out (names only), under which consent.
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'case_referral',
      recordId: id,
      fields: [
        ...sharedFields,
        ...(input.shareRiskFactors ? ['riskFactors'] : []),
        ...(messageEnc ? ['message'] : []),
      ],
    });
  });
  const [view] = await caseViews(db, cityId, [await oneCaseReferral(db, cityId, caseId, id)]);
  return view;
}

/** The sending side takes a referral back; the receiver can no longer open what was shared. */
export async function withdrawReferral(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  referralId: string,
  now = new Date(),
): Promise<CaseReferral> {
  const s = await loadSituation(db, cityId, caseId);
  const access = await caseAccess(db, actor, s);
  if (!access.canWork) throw notAssigned(notAssignedDetail(access));
  const r = await oneCaseReferral(db, cityId, caseId, referralId);
  if (!WITHDRAWABLE.includes(r.status as ReferralStatus)) {
    throw wrongStage(`A ${r.status} referral cannot be withdrawn`);
  }
  await inTx(db, async (tx) => {
    const [updated] = await tx
      .update(caseReferral)
      .set({ status: 'withdrawn', updatedAt: now })
      .where(
        and(
          eq(caseReferral.cityId, cityId),
          eq(caseReferral.id, referralId),
          eq(caseReferral.status, r.status),
        ),
      )
      .returning({ id: caseReferral.id });
    if (!updated) throw wrongStage('The referral changed meanwhile');
    await appendAudit(tx, cityId, auditActor, {
      action: 'withdraw',
      recordType: 'case_referral',
      recordId: referralId,
      fields: ['status'],
    });
  });
  const [view] = await caseViews(db, cityId, [await oneCaseReferral(db, cityId, caseId, referralId)]);
  return view;
}

// ---------------------------------------------------------------------------------------------
// Answering (the receiver, or the sender for a listed service)

/** The next state for an answer, or wrong-stage. Decline only before accepting; complete after it. */
function transition(from: ReferralStatus, action: RespondInput['action']): ReferralStatus {
  const allowed: Record<RespondInput['action'], [ReferralStatus[], ReferralStatus]> = {
    accept: [['sent'], 'accepted'],
    decline: [['sent'], 'declined'],
    start: [['accepted'], 'in-progress'],
    complete: [['accepted', 'in-progress'], 'completed'],
  };
  const [fromStates, to] = allowed[action];
  if (!fromStates.includes(from)) throw wrongStage(`Cannot ${action} a referral that is ${from}`);
  return to;
}

async function applyAnswer(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  r: Referral,
  input: RespondInput,
  now: Date,
) {
  const to = transition(r.status as ReferralStatus, input.action);
  const feedback = input.action === 'decline' || input.action === 'complete' ? input.feedback : undefined;
  const feedbackEnc = feedback
    ? await keys.encrypt(cityId, RESTRICTED_CONTEXT.referralFeedback, feedback)
    : null;
  const changes: Partial<Referral> = { status: to, updatedAt: now };
  if (input.action === 'accept' || input.action === 'decline') {
    changes.respondedAt = now;
    changes.respondedBy = actor.userId;
  }
  if (input.action === 'decline') changes.declineReason = input.reason;
  if (input.action === 'complete') changes.completedAt = now;
  if (feedbackEnc) changes.feedbackEnc = feedbackEnc;
  await inTx(db, async (tx) => {
    const [updated] = await tx
      .update(caseReferral)
      .set(changes)
      .where(
        and(eq(caseReferral.cityId, cityId), eq(caseReferral.id, r.id), eq(caseReferral.status, r.status)),
      )
      .returning({ id: caseReferral.id });
    if (!updated) throw wrongStage('The referral changed meanwhile');
    await appendAudit(tx, cityId, auditActor, {
      action: input.action,
      recordType: 'case_referral',
      recordId: r.id,
      fields: [
        'status',
        ...(input.action === 'decline' ? ['declineReason'] : []),
        ...(feedbackEnc ? ['feedback'] : []),
      ],
    });
  });
}

/** The sender records the answer of a listed service (services outside the network have no inbox). */
export async function recordServiceResponse(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  caseId: string,
  referralId: string,
  input: RespondInput,
  now = new Date(),
): Promise<CaseReferral> {
  const s = await loadSituation(db, cityId, caseId);
  const access = await caseAccess(db, actor, s);
  if (!access.canWork) throw notAssigned(notAssignedDetail(access));
  const r = await oneCaseReferral(db, cityId, caseId, referralId);
  if (!r.toServiceId) throw forbidden('A member organisation answers its referrals itself');
  const writesFeedback = (input.action === 'decline' || input.action === 'complete') && input.feedback;
  if (writesFeedback && !access.canOpenIdentity) throw notAssigned(notAssignedDetail(access));
  await applyAnswer(db, keys, cityId, actor, auditActor, r, input, now);
  const [view] = await caseViews(db, cityId, [await oneCaseReferral(db, cityId, caseId, referralId)]);
  return view;
}

/** Referrals to the actor's organisations only; anything else is "not found" (existence not disclosed). */
async function receivedRows(
  db: Db,
  cityId: string,
  orgIds: string[],
  conditions: SQL[] = [],
  limit?: number,
) {
  if (orgIds.length === 0) return [];
  const q = db
    .select()
    .from(caseReferral)
    .where(
      and(eq(caseReferral.cityId, cityId), inArray(caseReferral.toOrganisationId, orgIds), ...conditions),
    )
    .orderBy(desc(caseReferral.sentAt), desc(caseReferral.id));
  return limit ? q.limit(limit) : q;
}

async function loadReceived(db: Db, cityId: string, actor: Actor, referralId: string) {
  const orgIds = await myOrganisationIds(db, cityId, actor.userId);
  const [row] = await receivedRows(db, cityId, orgIds, [eq(caseReferral.id, referralId)]);
  if (!row) throw notFound();
  return row;
}

/**
 * The sending organisation of each referral: the sender's organisation among those assigned to the
 * situation (the lead first). Null if the sender no longer represents one of them.
 */
async function sendingOrganisations(db: Db, cityId: string, rows: Referral[]) {
  const senders = [...new Set(rows.map((r) => r.sentBy).filter((id): id is string => Boolean(id)))];
  const situations = [...new Set(rows.map((r) => r.situationId))];
  const found = new Map<string, { id: string; name: string; sector: string; rank: number }>();
  if (senders.length === 0) return found;
  const links = await db
    .select({
      userId: representative.userId,
      situationId: caseAssignment.situationId,
      role: caseAssignment.role,
      id: organisation.id,
      name: organisation.name,
      sector: organisation.sector,
    })
    .from(representative)
    .innerJoin(
      caseAssignment,
      and(
        eq(caseAssignment.cityId, representative.cityId),
        eq(caseAssignment.organisationId, representative.organisationId),
      ),
    )
    .innerJoin(
      organisation,
      and(eq(organisation.cityId, representative.cityId), eq(organisation.id, representative.organisationId)),
    )
    .where(
      and(
        eq(representative.cityId, cityId),
        inArray(representative.userId, senders),
        inArray(caseAssignment.situationId, situations),
      ),
    );
  const rank = { lead: 0, originating: 1, assisting: 2 } as Record<string, number>;
  for (const l of links) {
    const key = `${l.situationId}|${l.userId}`;
    const r = rank[l.role] ?? 3;
    const current = found.get(key);
    if (!current || r < current.rank) found.set(key, { id: l.id, name: l.name, sector: l.sector, rank: r });
  }
  return found;
}

async function receivedViews(db: Db, cityId: string, rows: Referral[]): Promise<ReceivedReferral[]> {
  const [senders, receivers, active] = await Promise.all([
    sendingOrganisations(db, cityId, rows),
    organisationsById(
      db,
      cityId,
      rows.map((r) => r.toOrganisationId),
    ),
    activeConsentIds(
      db,
      cityId,
      rows.map((r) => r.consentId),
    ),
  ]);
  return rows.map((r) => {
    const from = r.sentBy ? senders.get(`${r.situationId}|${r.sentBy}`) : undefined;
    const to = receivers.get(r.toOrganisationId!) ?? { id: r.toOrganisationId!, name: '', sector: '' };
    const consentActive = Boolean(r.consentId && active.has(r.consentId));
    const status = r.status as ReferralStatus;
    return {
      id: r.id,
      status,
      sentAt: r.sentAt.toISOString(),
      from: from ? { id: from.id, name: from.name, sector: from.sector } : null,
      to,
      sharedFields: r.sharedFields as ReceivedReferral['sharedFields'],
      shareRiskFactors: r.shareRiskFactors,
      hasMessage: Boolean(r.messageEnc),
      consentActive,
      respondedAt: iso(r.respondedAt),
      declineReason: r.declineReason,
      completedAt: iso(r.completedAt),
      timeline: timelineOf(r),
      canOpen: consentActive && OPENABLE.includes(status),
    };
  });
}

/** The inbox: referrals sent to the actor's organisations, newest first. */
export async function inbox(
  db: Db,
  cityId: string,
  actor: Actor,
  query: { cursor?: string; limit: number; status?: ReferralStatus },
) {
  const orgIds = await myOrganisationIds(db, cityId, actor.userId);
  const conditions: SQL[] = [];
  if (query.status) conditions.push(eq(caseReferral.status, query.status));
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor, timeCursor);
    const at = new Date(value);
    conditions.push(
      sql`(${caseReferral.sentAt}, ${caseReferral.id}) < (${at.toISOString()}::timestamptz, ${id}::uuid)`,
    );
  }
  const rows = await receivedRows(db, cityId, orgIds, conditions, query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: await receivedViews(db, cityId, page),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.sentAt.toISOString(), last.id) : null,
  };
}

/**
 * The inbox in numbers for the home page: waiting (sent, unanswered) and active (accepted, in
 * progress) at the actor's organisations, and the newest waiting ones without any shared field.
 */
export async function inboxSummary(db: Db, cityId: string, actor: Actor, newest = 3): Promise<InboxSummary> {
  const orgIds = await myOrganisationIds(db, cityId, actor.userId);
  if (orgIds.length === 0) return { waiting: 0, active: 0, newest: [] };
  const counts = await db
    .select({ status: caseReferral.status, n: sql<number>`count(*)::int` })
    .from(caseReferral)
    .where(
      and(
        eq(caseReferral.cityId, cityId),
        inArray(caseReferral.toOrganisationId, orgIds),
        inArray(caseReferral.status, ['sent', 'accepted', 'in-progress']),
      ),
    )
    .groupBy(caseReferral.status);
  const n = (status: ReferralStatus) => counts.find((c) => c.status === status)?.n ?? 0;
  const rows = await receivedRows(db, cityId, orgIds, [eq(caseReferral.status, 'sent')], newest);
  const views = await receivedViews(db, cityId, rows);
  return {
    waiting: n('sent'),
    active: n('accepted') + n('in-progress'),
    newest: views.map((v) => ({
      id: v.id,
      sentAt: v.sentAt,
      from: v.from,
      to: v.to,
      consentActive: v.consentActive,
    })),
  };
}

function pick(identity: Identity, fields: readonly string[]): SharedIdentity {
  const shared: SharedIdentity = {};
  for (const field of fields) {
    const value = identity[field as keyof Identity];
    if (value === undefined) continue;
    (shared as Record<string, unknown>)[field] = value;
  }
  return shared;
}

/** Opens what was shared with the receiver (and nothing else); one audit row per read, with the reason. */
export async function openReferral(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  referralId: string,
  reason: string,
): Promise<OpenedReferral> {
  const r = await loadReceived(db, cityId, actor, referralId);
  if (!OPENABLE.includes(r.status as ReferralStatus)) {
    throw wrongStage(`A ${r.status} referral is no longer opened`);
  }
  if (!r.consentId || !(await activeConsentIds(db, cityId, [r.consentId])).has(r.consentId)) {
    throw consentRequired('The consent or basis for this referral was withdrawn');
  }
  const [person] = r.personId
    ? await db
        .select({ identityEnc: casePerson.identityEnc })
        .from(casePerson)
        .where(and(eq(casePerson.cityId, cityId), eq(casePerson.id, r.personId)))
    : [];
  const identity = person ? await decryptIdentity(keys, cityId, person.identityEnc) : null;
  const shared = identity ? pick(identity, r.sharedFields) : {};
  let riskFactors: OpenedReferral['riskFactors'] = null;
  if (r.shareRiskFactors) {
    const [s] = await db
      .select({ riskFactors: caseSituation.riskFactors })
      .from(caseSituation)
      .where(and(eq(caseSituation.cityId, cityId), eq(caseSituation.id, r.situationId)));
    // With their labels: a receiver outside the table has no access to the city's taxonomy.
    const labels = new Map<string, Record<string, string>>();
    for (const category of (await cityTaxonomies(db, cityId)).risk.categories) {
      labels.set(category.id, category.labels);
      for (const sub of category.subtypes) labels.set(sub.id, sub.labels);
    }
    riskFactors = (s?.riskFactors ?? []).map((code) => ({ code, labels: labels.get(code) ?? {} }));
  }
  const message = r.messageEnc
    ? await keys.decrypt(cityId, RESTRICTED_CONTEXT.referralMessage, r.messageEnc)
    : null;
  await inTx(db, (tx) =>
    appendAudit(tx, cityId, auditActor, {
      action: 'read',
      recordType: 'case_referral',
      recordId: r.id,
      fields: [
        ...r.sharedFields,
        ...(riskFactors ? ['riskFactors'] : []),
        ...(message !== null ? ['message'] : []),
      ],
      reason,
    }),
  );
  return {
    id: r.id,
    sharedFields: r.sharedFields as OpenedReferral['sharedFields'],
    person: shared,
    riskFactors,
    message,
  };
}

/** The receiving organisation answers: accept, decline with a reason, start, complete with feedback. */
export async function respond(
  db: Db,
  keys: CityKeys,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  referralId: string,
  input: RespondInput,
  now = new Date(),
): Promise<ReceivedReferral> {
  const r = await loadReceived(db, cityId, actor, referralId);
  await applyAnswer(db, keys, cityId, actor, auditActor, r, input, now);
  const [view] = await receivedViews(db, cityId, [await loadReceived(db, cityId, actor, referralId)]);
  return view;
}
