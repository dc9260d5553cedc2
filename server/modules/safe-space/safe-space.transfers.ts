import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  caseIntakeFromSubmissionInput,
  evidenceFromSubmissionInput,
  SafeSpaceTransfer,
} from '../../../contracts/safe-space.contract.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import { user } from '../../platform/auth/auth.table.js';
import type { SignedIn } from '../../platform/auth/plugin.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { authorize, type Actor } from '../../platform/policy.js';
import { createCase } from '../cases/index.js';
import { addEvidence } from '../risk-map/index.js';
import { BODY_CONTEXT, requireCustodian, type SafeSpaceDeps } from './safe-space.service.js';
import { safeSpaceMessage, safeSpaceSubmission, safeSpaceTransfer } from './safe-space.table.js';

/*
 * Deliberate custodian acts (docs/SAFE_SPACE.md, "From the safe space to the network's work"). A
 * submission never flows anywhere by itself: a designated custodian, signed in with a second factor,
 * writes a de-identified summary, confirms it identifies nobody, and only then is it added to the
 * risk register (graded F/6 until corroborated) or brought to the case table as a Filter 1 intake.
 * The sender's own words are refused unless the custodian confirms the repetition on purpose.
 */

type Evidence = z.infer<typeof evidenceFromSubmissionInput>;
type Intake = z.infer<typeof caseIntakeFromSubmissionInput>;

const words = (s: string) =>
  s
    .toLocaleLowerCase()
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/** Words in a row the custodian's text may share with the sender's before it counts as a copy. */
export const VERBATIM_RUN = 8;

/** Whether `summary` repeats a sender's message: the whole of a short one, or a run of 8 words. */
export function repeatsSender(summary: string, senderMessages: string[]): boolean {
  const mine = words(summary);
  const mineText = ` ${mine.join(' ')} `;
  for (const message of senderMessages) {
    const theirs = words(message);
    if (theirs.length === 0) continue;
    if (theirs.length < VERBATIM_RUN) {
      if (theirs.length >= 3 && mineText.includes(` ${theirs.join(' ')} `)) return true;
      continue;
    }
    for (let i = 0; i + VERBATIM_RUN <= theirs.length; i++)
      if (mineText.includes(` ${theirs.slice(i, i + VERBATIM_RUN).join(' ')} `)) return true;
  }
  return false;
}

const invalid = (path: string, message: string) =>
  new AppError('validation', 400, message, [{ path, code: 'invalid', message }]);

async function loadSubmission(deps: SafeSpaceDeps, cityId: string, id: string) {
  const [row] = await deps.db
    .select()
    .from(safeSpaceSubmission)
    .where(and(eq(safeSpaceSubmission.cityId, cityId), eq(safeSpaceSubmission.id, id)));
  if (!row) throw notFound();
  if (row.status === 'abuse') throw conflict('Marked as abuse');
  const messages = await deps.db
    .select({ bodyEnc: safeSpaceMessage.bodyEnc })
    .from(safeSpaceMessage)
    .where(
      and(
        eq(safeSpaceMessage.cityId, cityId),
        eq(safeSpaceMessage.submissionId, id),
        eq(safeSpaceMessage.author, 'sender'),
      ),
    );
  const senderTexts = await Promise.all(
    messages.map((m) => deps.keys.decrypt(cityId, BODY_CONTEXT, m.bodyEnc)),
  );
  return { row, senderTexts };
}

async function record(
  db: Db,
  cityId: string,
  submissionId: string,
  actor: Actor,
  auditActor: AuditActor,
  kind: 'evidence' | 'case-intake',
  targetId: string,
  fields: string[],
): Promise<SafeSpaceTransfer> {
  const [row] = await db
    .insert(safeSpaceTransfer)
    .values({ cityId, submissionId, kind, targetId, byUserId: actor.userId })
    .returning();
  await appendAudit(db, cityId, auditActor, {
    action: kind === 'evidence' ? 'to-evidence' : 'to-case-intake',
    recordType: 'safe_space_submission',
    recordId: submissionId,
    fields,
    reason: `${kind === 'evidence' ? 'risk' : 'case'} ${targetId}`,
  });
  const [me] = await db.select({ name: user.name }).from(user).where(eq(user.id, actor.userId));
  return { kind, targetId, byName: me?.name ?? null, at: row.at.toISOString() };
}

export async function toEvidence(
  deps: SafeSpaceDeps,
  actor: Actor,
  signedIn: SignedIn | null,
  auditActor: AuditActor,
  cityId: string,
  submissionId: string,
  input: Evidence,
): Promise<SafeSpaceTransfer> {
  await requireCustodian(deps.db, actor, signedIn, cityId);
  authorize(actor, 'risks.contribute');
  const { senderTexts } = await loadSubmission(deps, cityId, submissionId);
  if (input.credibility < 6 && !input.corroboration.trim())
    throw invalid('body.corroboration', 'Say what corroborates it before grading it above 6');
  const summary = input.corroboration.trim()
    ? `${input.summary.trim()}\n\nCorroborated by: ${input.corroboration.trim()}`
    : input.summary.trim();
  if (!input.verbatimConfirmed && repeatsSender(summary, senderTexts))
    throw invalid(
      'body.summary',
      "The summary repeats the sender's words: rewrite it, or confirm on purpose",
    );
  return deps.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await addEvidence(tx, cityId, actor, auditActor, input.riskId, {
      sourceType: 'safe-space-submission',
      // Admiralty: the reliability of an anonymous source cannot be judged.
      reliability: 'F',
      credibility: input.credibility,
      summary,
      ...(input.observedOn ? { observedOn: input.observedOn } : {}),
    });
    return record(tx, cityId, submissionId, actor, auditActor, 'evidence', input.riskId, [
      'summary',
      'credibility',
      ...(input.verbatimConfirmed ? ['verbatimConfirmed'] : []),
    ]);
  });
}

export async function toCaseIntake(
  deps: SafeSpaceDeps,
  actor: Actor,
  signedIn: SignedIn | null,
  auditActor: AuditActor,
  cityId: string,
  submissionId: string,
  input: Intake,
): Promise<SafeSpaceTransfer> {
  await requireCustodian(deps.db, actor, signedIn, cityId);
  authorize(actor, 'cases.create');
  const { senderTexts } = await loadSubmission(deps, cityId, submissionId);
  if (!input.verbatimConfirmed && repeatsSender(input.originatingReason, senderTexts))
    throw invalid(
      'body.originatingReason',
      "The reason repeats the sender's words: rewrite it, or confirm on purpose",
    );
  const { deidentified: _d, verbatimConfirmed, ...presentation } = input;
  return deps.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const caseId = await createCase(tx, cityId, actor, auditActor, presentation);
    return record(tx, cityId, submissionId, actor, auditActor, 'case-intake', caseId, [
      'originatingReason',
      ...(verbatimConfirmed ? ['verbatimConfirmed'] : []),
    ]);
  });
}

export async function listTransfers(
  db: Db,
  actor: Actor,
  signedIn: SignedIn | null,
  cityId: string,
  submissionId: string,
): Promise<{ items: SafeSpaceTransfer[] }> {
  await requireCustodian(db, actor, signedIn, cityId);
  const rows = await db
    .select()
    .from(safeSpaceTransfer)
    .where(and(eq(safeSpaceTransfer.cityId, cityId), eq(safeSpaceTransfer.submissionId, submissionId)))
    .orderBy(asc(safeSpaceTransfer.at));
  const ids = [...new Set(rows.map((r) => r.byUserId))];
  const names = ids.length
    ? new Map(
        (await db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, ids))).map(
          (u) => [u.id, u.name],
        ),
      )
    : new Map<string, string>();
  return {
    items: rows.map((r) => ({
      kind: r.kind as SafeSpaceTransfer['kind'],
      targetId: r.targetId,
      byName: names.get(r.byUserId) ?? null,
      at: r.at.toISOString(),
    })),
  };
}
