import { and, eq, inArray, lt, or } from 'drizzle-orm';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/index.js';
import { runDaily, type RunOutcome } from '../../platform/jobs/runner.js';
import {
  safeSpaceMessage,
  safeSpaceSpentChallenge,
  safeSpaceSubmission,
  safeSpaceTransfer,
} from './safe-space.table.js';

/*
 * Retention (docs/SAFE_SPACE.md): a closed conversation is deleted 365 days after its last change,
 * one marked as abuse after 90, with its messages; spent proof-of-work challenges once expired.
 * Nightly, once across nodes (job_run), like the case purge; each city's audit log says how many.
 */
export const SAFE_SPACE_PURGE_JOB = 'safe-space-purge';
export const SAFE_SPACE_RETENTION_DAYS = { closed: 365, abuse: 90 } as const;
const DAY = 86_400_000;
const SYSTEM: AuditActor = { userId: null, role: 'system' };

export async function purgeSafeSpace(db: Db, now: Date) {
  const closedBefore = new Date(now.getTime() - SAFE_SPACE_RETENTION_DAYS.closed * DAY);
  const abuseBefore = new Date(now.getTime() - SAFE_SPACE_RETENTION_DAYS.abuse * DAY);
  const perCity = new Map<string, number>();
  await db.transaction(async (tx) => {
    const expired = await tx
      .select({ cityId: safeSpaceSubmission.cityId, id: safeSpaceSubmission.id })
      .from(safeSpaceSubmission)
      .where(
        or(
          and(eq(safeSpaceSubmission.status, 'closed'), lt(safeSpaceSubmission.updatedAt, closedBefore)),
          and(eq(safeSpaceSubmission.status, 'abuse'), lt(safeSpaceSubmission.updatedAt, abuseBefore)),
        ),
      );
    for (const row of expired) perCity.set(row.cityId, (perCity.get(row.cityId) ?? 0) + 1);
    for (const [cityId] of perCity) {
      const ids = expired.filter((r) => r.cityId === cityId).map((r) => r.id);
      await tx
        .delete(safeSpaceMessage)
        .where(and(eq(safeSpaceMessage.cityId, cityId), inArray(safeSpaceMessage.submissionId, ids)));
      // The links to evidence and case intakes go too (those records stand on their own, de-identified).
      await tx
        .delete(safeSpaceTransfer)
        .where(and(eq(safeSpaceTransfer.cityId, cityId), inArray(safeSpaceTransfer.submissionId, ids)));
      await tx
        .delete(safeSpaceSubmission)
        .where(and(eq(safeSpaceSubmission.cityId, cityId), inArray(safeSpaceSubmission.id, ids)));
      await appendAudit(tx as unknown as Db, cityId, SYSTEM, {
        action: 'purge',
        recordType: 'safe_space_submission',
        reason: `${ids.length} past retention`,
      });
    }
    await tx.delete(safeSpaceSpentChallenge).where(lt(safeSpaceSpentChallenge.expiresAt, now));
  });
  return { cities: perCity.size, deleted: [...perCity.values()].reduce((a, b) => a + b, 0) };
}

export function runSafeSpacePurgeIfDue(
  db: Db,
  options: { node: string; clock?: () => Date },
): Promise<RunOutcome> {
  return runDaily(db, SAFE_SPACE_PURGE_JOB, {
    ...options,
    hourUtc: 3,
    run: async (now) => ({ ...(await purgeSafeSpace(db, now)) }),
  });
}
