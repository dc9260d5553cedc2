import { and, asc, count, desc, eq, inArray, lt, max } from 'drizzle-orm';
import type {
  SafeSpaceKind,
  SafeSpaceStatus,
  SafeSpaceSubmission,
  SafeSpaceThread,
} from '../../../contracts/safe-space.contract.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { SignedIn } from '../../platform/auth/plugin.js';
import type { DbRateLimiter } from '../../platform/auth/rate-limit.js';
import type { CityKeys } from '../../platform/crypto/keys.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors.js';
import { authorize, type Actor } from '../../platform/policy.js';
import { user } from '../../platform/auth/auth.table.js';
import { membership } from '../people/index.js';
import {
  safeSpaceCustodian,
  safeSpaceMessage,
  safeSpaceSpentChallenge,
  safeSpaceSubmission,
} from './safe-space.table.js';
import type { ProofOfWork } from './safe-space.pow.js';
import {
  hashReceipt,
  lastGroup,
  newReceipt,
  normaliseReceipt,
  storedFormsOfReceipt,
} from './safe-space.receipt.js';

export const BODY_CONTEXT = 'safe-space.message';
export const CONTACT_CONTEXT = 'safe-space.contact';
const HOUR = 3_600_000;
/** Nobody is written into the audit log for the anonymous sender: no user, no request id. */
const SENDER: AuditActor = { userId: null, role: 'public' };

export interface Budgets {
  /** Submissions a city accepts per hour, whoever sends them. */
  perCityPerHour: number;
  /** Of which without a proof of work (no JavaScript). */
  noScriptPerCityPerHour: number;
  /** Submissions the whole platform accepts per hour. */
  platformPerHour: number;
  /** Receipt look-ups (each costs a scrypt) per minute, platform-wide. */
  receiptLookupsPerMinute: number;
}
export const DEFAULT_BUDGETS: Budgets = {
  perCityPerHour: 200,
  noScriptPerCityPerHour: 30,
  platformPerHour: 5000,
  receiptLookupsPerMinute: 120,
};

export interface SafeSpaceDeps {
  db: Db;
  keys: CityKeys;
  pow: ProofOfWork;
  limiter: DbRateLimiter;
  budgets: Budgets;
}

/** A refusal the public form shows in the person's language (safe-space.public.errors.<code>). */
export class FormError extends Error {
  constructor(
    public readonly code: 'pow' | 'too-early' | 'busy' | 'receipt' | 'check',
    public readonly status: number,
  ) {
    super(code);
  }
}

const toHour = (ms: number) => new Date(Math.floor(ms / HOUR) * HOUR);

async function withinBudget(
  deps: SafeSpaceDeps,
  key: string,
  max: number,
  windowMs: number,
): Promise<boolean> {
  const { count: used } = await deps.limiter.hit(`safe-space:${key}`, windowMs);
  return used <= max;
}

export interface SubmissionInput {
  kind: SafeSpaceKind;
  neighbourhood: string | null;
  message: string;
  contact: string | null;
  challenge: string;
  solution: string;
}

/** Accepts an anonymous submission, all or nothing; returns the receipt, shown once and never stored. */
export async function submit(
  deps: SafeSpaceDeps,
  cityId: string,
  neighbourhoods: readonly string[],
  input: SubmissionInput,
  now = Date.now(),
): Promise<{ receipt: string }> {
  if (input.neighbourhood !== null && !neighbourhoods.includes(input.neighbourhood))
    throw badRequest('neighbourhood');
  const check = deps.pow.check(input.challenge, input.solution, cityId, now);
  if (!check.ok) throw new FormError(check.reason === 'too-early' ? 'too-early' : 'pow', 400);
  // Spent first, before any budget counts it: a replayed challenge costs the budget nothing.
  const spent = await deps.db
    .insert(safeSpaceSpentChallenge)
    .values({ nonce: check.challenge.nonce, expiresAt: new Date(check.challenge.expiresAt) })
    .onConflictDoNothing()
    .returning({ nonce: safeSpaceSpentChallenge.nonce });
  if (!spent.length) throw new FormError('pow', 400);
  if (
    !check.solved &&
    !(await withinBudget(deps, `no-script:${cityId}`, deps.budgets.noScriptPerCityPerHour, HOUR))
  )
    throw new FormError('busy', 429);
  if (
    !(await withinBudget(deps, `city:${cityId}`, deps.budgets.perCityPerHour, HOUR)) ||
    !(await withinBudget(deps, 'platform', deps.budgets.platformPerHour, HOUR))
  )
    throw new FormError('busy', 429);
  const receipt = newReceipt();
  const receiptHash = await hashReceipt(cityId, normaliseReceipt(receipt)!);
  const bodyEnc = await deps.keys.encrypt(cityId, BODY_CONTEXT, input.message);
  const contactEnc = input.contact ? await deps.keys.encrypt(cityId, CONTACT_CONTEXT, input.contact) : null;
  const hour = toHour(now);
  await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(safeSpaceSubmission)
      .values({
        cityId,
        kind: input.kind,
        neighbourhood: input.neighbourhood,
        receiptHash,
        contactEnc,
        receivedAt: hour,
        updatedAt: hour,
      })
      .returning({ id: safeSpaceSubmission.id });
    await tx
      .insert(safeSpaceMessage)
      .values({ cityId, submissionId: row.id, seq: 1, author: 'sender', bodyEnc, at: hour });
    await appendAudit(tx as unknown as Db, cityId, SENDER, {
      action: 'create',
      recordType: 'safe_space_submission',
      recordId: row.id,
      fields: contactEnc ? ['message', 'contact'] : ['message'],
      at: hour,
    });
  });
  // Spent challenges are only needed until they expire.
  if (Math.random() < 0.02)
    await deps.db.delete(safeSpaceSpentChallenge).where(lt(safeSpaceSpentChallenge.expiresAt, new Date(now)));
  return { receipt };
}

async function findByReceipt(deps: SafeSpaceDeps, cityId: string, receipt: string) {
  const normalised = normaliseReceipt(receipt);
  if (!normalised) throw new FormError('receipt', 404);
  if (!(await withinBudget(deps, 'receipt-lookups', deps.budgets.receiptLookupsPerMinute, 60_000)))
    throw new FormError('busy', 429);
  const forms = await storedFormsOfReceipt(cityId, normalised);
  const [row] = await deps.db
    .select()
    .from(safeSpaceSubmission)
    .where(and(eq(safeSpaceSubmission.cityId, cityId), inArray(safeSpaceSubmission.receiptHash, forms)));
  if (!row) throw new FormError('receipt', 404);
  return { row, normalised };
}

/** The sender confirms they saved the receipt by typing its last group. */
export async function confirmReceipt(deps: SafeSpaceDeps, cityId: string, receipt: string, typed: string) {
  const { row, normalised } = await findByReceipt(deps, cityId, receipt);
  const typedGroup = normaliseReceipt(`${'0'.repeat(16)}${typed}`);
  if (!typedGroup || lastGroup(typedGroup) !== lastGroup(normalised)) throw new FormError('check', 400);
  await deps.db
    .update(safeSpaceSubmission)
    .set({ receiptConfirmed: true })
    .where(and(eq(safeSpaceSubmission.cityId, cityId), eq(safeSpaceSubmission.id, row.id)));
}

type SubmissionRow = typeof safeSpaceSubmission.$inferSelect;

async function threadOf(deps: SafeSpaceDeps, row: SubmissionRow) {
  const messages = await deps.db
    .select()
    .from(safeSpaceMessage)
    .where(and(eq(safeSpaceMessage.cityId, row.cityId), eq(safeSpaceMessage.submissionId, row.id)))
    .orderBy(asc(safeSpaceMessage.seq));
  return Promise.all(
    messages.map(async (m) => ({
      id: m.id,
      author: m.author as 'sender' | 'custodian',
      body: await deps.keys.decrypt(row.cityId, BODY_CONTEXT, m.bodyEnc),
      at: m.at.toISOString(),
    })),
  );
}

/** What the sender sees with their receipt: the thread and the status (not the triage). */
export async function readBySender(deps: SafeSpaceDeps, cityId: string, receipt: string) {
  const { row } = await findByReceipt(deps, cityId, receipt);
  return {
    status: row.status as SafeSpaceStatus,
    kind: row.kind as SafeSpaceKind,
    thread: await threadOf(deps, row),
  };
}

export async function replyBySender(
  deps: SafeSpaceDeps,
  cityId: string,
  receipt: string,
  body: string,
  now = Date.now(),
) {
  const { row } = await findByReceipt(deps, cityId, receipt);
  if (row.status === 'closed' || row.status === 'abuse') throw new FormError('receipt', 409);
  if (!(await withinBudget(deps, `city:${cityId}`, deps.budgets.perCityPerHour, HOUR)))
    throw new FormError('busy', 429);
  const bodyEnc = await deps.keys.encrypt(cityId, BODY_CONTEXT, body);
  const hour = toHour(now);
  await deps.db.transaction(async (tx) => {
    const [{ last }] = await tx
      .select({ last: max(safeSpaceMessage.seq) })
      .from(safeSpaceMessage)
      .where(and(eq(safeSpaceMessage.cityId, cityId), eq(safeSpaceMessage.submissionId, row.id)));
    await tx
      .insert(safeSpaceMessage)
      .values({ cityId, submissionId: row.id, seq: (last ?? 0) + 1, author: 'sender', bodyEnc, at: hour });
    await tx
      .update(safeSpaceSubmission)
      .set({ status: 'in-progress', updatedAt: hour })
      .where(and(eq(safeSpaceSubmission.cityId, cityId), eq(safeSpaceSubmission.id, row.id)));
    await appendAudit(tx as unknown as Db, cityId, SENDER, {
      action: 'create',
      recordType: 'safe_space_message',
      recordId: row.id,
      fields: ['message'],
      at: hour,
    });
  });
}

// ── Custodians ────────────────────────────────────────────────────────────────────────────────

/** A custodian: a role that may triage, designated by the chair, signed in with a second factor. */
export async function requireCustodian(db: Db, actor: Actor, signedIn: SignedIn | null, cityId: string) {
  authorize(actor, 'safe-space.triage');
  if (!signedIn?.twoFactorEnabled)
    throw new AppError('two-factor-required', 403, 'The safe space needs two-factor sign-in');
  const [row] = await db
    .select({ userId: safeSpaceCustodian.userId })
    .from(safeSpaceCustodian)
    .where(and(eq(safeSpaceCustodian.cityId, cityId), eq(safeSpaceCustodian.userId, actor.userId)));
  if (!row) throw forbidden('Not a safe-space custodian');
}

export async function getCustodians(db: Db, actor: Actor, cityId: string) {
  if (!actor.city) authorize(actor, 'safe-space.custodians');
  const rows = await db
    .select({ userId: safeSpaceCustodian.userId, name: user.name, twoFactorEnabled: user.twoFactorEnabled })
    .from(safeSpaceCustodian)
    .innerJoin(user, eq(user.id, safeSpaceCustodian.userId))
    .where(eq(safeSpaceCustodian.cityId, cityId))
    .orderBy(asc(user.name));
  const me = rows.some((r) => r.userId === actor.userId);
  // Everyone in the city may know whether they are a custodian; the list is the chair's.
  const items = actor.city?.role === 'chair' ? rows : [];
  return { items: items.map((r) => ({ ...r, twoFactorEnabled: Boolean(r.twoFactorEnabled) })), me };
}

export async function setCustodians(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  userIds: string[],
) {
  authorize(actor, 'safe-space.custodians');
  const wanted = [...new Set(userIds)];
  return db.transaction(async (tx) => {
    if (wanted.length) {
      const members = await tx
        .select({ userId: membership.userId, role: membership.role })
        .from(membership)
        .where(and(eq(membership.cityId, cityId), inArray(membership.userId, wanted)));
      const eligible = new Set(
        members.filter((m) => ['chair', 'coordinator', 'member'].includes(m.role)).map((m) => m.userId),
      );
      if (wanted.some((id) => !eligible.has(id)))
        throw badRequest('Custodians must be chairs, coordinators or members of this city');
    }
    const before = await tx
      .select({ userId: safeSpaceCustodian.userId })
      .from(safeSpaceCustodian)
      .where(eq(safeSpaceCustodian.cityId, cityId));
    await tx.delete(safeSpaceCustodian).where(eq(safeSpaceCustodian.cityId, cityId));
    if (wanted.length)
      await tx.insert(safeSpaceCustodian).values(wanted.map((userId) => ({ cityId, userId })));
    const beforeIds = new Set(before.map((b) => b.userId));
    for (const id of wanted.filter((w) => !beforeIds.has(w)))
      await appendAudit(tx as unknown as Db, cityId, auditActor, {
        action: 'grant',
        recordType: 'safe_space_custodian',
        recordId: id,
      });
    for (const id of [...beforeIds].filter((b) => !wanted.includes(b)))
      await appendAudit(tx as unknown as Db, cityId, auditActor, {
        action: 'revoke',
        recordType: 'safe_space_custodian',
        recordId: id,
      });
    return { count: wanted.length };
  });
}

async function messageCounts(db: Db, cityId: string, ids: string[]) {
  if (!ids.length) return new Map<string, number>();
  const rows = await db
    .select({ id: safeSpaceMessage.submissionId, n: count() })
    .from(safeSpaceMessage)
    .where(and(eq(safeSpaceMessage.cityId, cityId), inArray(safeSpaceMessage.submissionId, ids)))
    .groupBy(safeSpaceMessage.submissionId);
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

function submissionView(row: SubmissionRow, messages: number): SafeSpaceSubmission {
  return {
    id: row.id,
    kind: row.kind as SafeSpaceKind,
    neighbourhood: row.neighbourhood,
    status: row.status as SafeSpaceStatus,
    category: row.category as SafeSpaceSubmission['category'],
    urgency: row.urgency as SafeSpaceSubmission['urgency'],
    receivedAt: row.receivedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    messages,
    wantsContact: row.contactEnc !== null,
    receiptConfirmed: row.receiptConfirmed,
  };
}

export async function listSubmissions(
  db: Db,
  actor: Actor,
  signedIn: SignedIn | null,
  cityId: string,
  status: SafeSpaceStatus | undefined,
) {
  await requireCustodian(db, actor, signedIn, cityId);
  const rows = await db
    .select()
    .from(safeSpaceSubmission)
    .where(
      and(
        eq(safeSpaceSubmission.cityId, cityId),
        status ? eq(safeSpaceSubmission.status, status) : undefined,
      ),
    )
    .orderBy(desc(safeSpaceSubmission.receivedAt), desc(safeSpaceSubmission.id))
    .limit(200);
  const counts = await messageCounts(
    db,
    cityId,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => submissionView(r, counts.get(r.id) ?? 0)) };
}

async function findSubmission(db: Db, cityId: string, id: string): Promise<SubmissionRow> {
  const [row] = await db
    .select()
    .from(safeSpaceSubmission)
    .where(and(eq(safeSpaceSubmission.cityId, cityId), eq(safeSpaceSubmission.id, id)));
  if (!row) throw notFound();
  return row;
}

async function fullThread(deps: SafeSpaceDeps, row: SubmissionRow): Promise<SafeSpaceThread> {
  const thread = await threadOf(deps, row);
  return {
    ...submissionView(row, thread.length),
    contact: row.contactEnc ? await deps.keys.decrypt(row.cityId, CONTACT_CONTEXT, row.contactEnc) : null,
    thread,
  };
}

export async function getSubmission(
  deps: SafeSpaceDeps,
  actor: Actor,
  signedIn: SignedIn | null,
  auditActor: AuditActor,
  cityId: string,
  id: string,
) {
  await requireCustodian(deps.db, actor, signedIn, cityId);
  const row = await findSubmission(deps.db, cityId, id);
  const result = await fullThread(deps, row);
  await appendAudit(deps.db, cityId, auditActor, {
    action: 'read',
    recordType: 'safe_space_submission',
    recordId: id,
    fields: row.contactEnc ? ['messages', 'contact'] : ['messages'],
  });
  return result;
}

export async function triage(
  deps: SafeSpaceDeps,
  actor: Actor,
  signedIn: SignedIn | null,
  auditActor: AuditActor,
  cityId: string,
  id: string,
  patch: {
    category?: SafeSpaceSubmission['category'];
    urgency?: SafeSpaceSubmission['urgency'];
    status?: SafeSpaceStatus;
  },
) {
  await requireCustodian(deps.db, actor, signedIn, cityId);
  return deps.db.transaction(async (tx) => {
    const row = await findSubmission(tx as unknown as Db, cityId, id);
    const set: Partial<SubmissionRow> = { updatedAt: new Date() };
    if (patch.category !== undefined) set.category = patch.category;
    if (patch.urgency !== undefined) set.urgency = patch.urgency;
    if (patch.status !== undefined) set.status = patch.status;
    const [updated] = await tx
      .update(safeSpaceSubmission)
      .set(set)
      .where(and(eq(safeSpaceSubmission.cityId, cityId), eq(safeSpaceSubmission.id, row.id)))
      .returning();
    await appendAudit(tx as unknown as Db, cityId, auditActor, {
      action: patch.status === 'abuse' ? 'mark-abuse' : patch.status === 'closed' ? 'close' : 'update',
      recordType: 'safe_space_submission',
      recordId: id,
      fields: Object.keys(patch).filter((k) => patch[k as keyof typeof patch] !== undefined),
    });
    const counts = await messageCounts(tx as unknown as Db, cityId, [id]);
    return submissionView(updated, counts.get(id) ?? 0);
  });
}

export async function reply(
  deps: SafeSpaceDeps,
  actor: Actor,
  signedIn: SignedIn | null,
  auditActor: AuditActor,
  cityId: string,
  id: string,
  body: string,
) {
  await requireCustodian(deps.db, actor, signedIn, cityId);
  const bodyEnc = await deps.keys.encrypt(cityId, BODY_CONTEXT, body);
  const row = await deps.db.transaction(async (tx) => {
    const current = await findSubmission(tx as unknown as Db, cityId, id);
    if (current.status === 'abuse') throw badRequest('Marked as abuse');
    const [{ last }] = await tx
      .select({ last: max(safeSpaceMessage.seq) })
      .from(safeSpaceMessage)
      .where(and(eq(safeSpaceMessage.cityId, cityId), eq(safeSpaceMessage.submissionId, id)));
    const now = new Date();
    await tx.insert(safeSpaceMessage).values({
      cityId,
      submissionId: id,
      seq: (last ?? 0) + 1,
      author: 'custodian',
      custodianUserId: actor.userId,
      bodyEnc,
      at: now,
    });
    const [updated] = await tx
      .update(safeSpaceSubmission)
      .set({ status: current.status === 'closed' ? 'closed' : 'answered', updatedAt: now })
      .where(and(eq(safeSpaceSubmission.cityId, cityId), eq(safeSpaceSubmission.id, id)))
      .returning();
    await appendAudit(tx as unknown as Db, cityId, auditActor, {
      action: 'create',
      recordType: 'safe_space_message',
      recordId: id,
      fields: ['message'],
    });
    return updated;
  });
  return fullThread(deps, row);
}
