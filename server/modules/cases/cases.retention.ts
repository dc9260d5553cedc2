import { and, asc, count, eq, isNotNull, lte, sql } from 'drizzle-orm';
import {
  CLOSED_RETENTION_DAYS,
  REJECTED_RETENTION_DAYS,
  type CaseRetentionInput,
  type CaseRetentionSettings,
  type PurgeRun,
} from '../../../contracts/case-retention.contract.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/index.js';
import { latestRuns, runDaily, runOnce, type RunOutcome } from '../../platform/jobs/runner.js';
import { network } from '../network/index.js';
import { caseSettings, caseSituation } from './cases.table.js';

/*
 * Retention (docs/CASES.md, "Retention and subject access"). A rejected or closed situation carries
 * its deletion date (`purge_after`); the nightly purge deletes what is past it, children by cascade.
 * Periods are per city; changing one moves the dates of situations already rejected or closed.
 */

export const CASE_PURGE_JOB = 'case-purge';
/** The nightly purge runs at the first check at or after this hour (UTC). */
export const CASE_PURGE_HOUR_UTC = 2;
/** How the purge job appears in the audit log. */
export const PURGE_AUDIT_ACTOR: AuditActor = {
  userId: null,
  role: 'system',
  requestId: `job:${CASE_PURGE_JOB}`,
};

const DAY_MS = 24 * 60 * 60_000;

export interface RetentionDays {
  rejectedRetentionDays: number;
  closedRetentionDays: number;
}

const clamp = (value: number, bounds: { min: number; max: number }) =>
  Math.min(bounds.max, Math.max(bounds.min, Math.round(value)));

/** The periods a city starts with: the network template's rejected period if it has one, else 30 and 730 days. */
async function defaultRetention(db: Db, cityId: string): Promise<RetentionDays> {
  const [row] = await db
    .select({ caseWorkflow: network.caseWorkflow })
    .from(network)
    .where(eq(network.cityId, cityId));
  const fromTemplate = row?.caseWorkflow?.rejectedRetentionDays;
  return {
    rejectedRetentionDays:
      typeof fromTemplate === 'number' && Number.isFinite(fromTemplate)
        ? clamp(fromTemplate, REJECTED_RETENTION_DAYS)
        : REJECTED_RETENTION_DAYS.default,
    closedRetentionDays: CLOSED_RETENTION_DAYS.default,
  };
}

/**
 * The city's case_settings row, created with the defaults when missing. Anything that creates the row
 * (the reference counter, taxonomy additions) should call this, so the template's period applies.
 */
export async function ensureCaseSettings(db: Db, cityId: string) {
  const [existing] = await db.select().from(caseSettings).where(eq(caseSettings.cityId, cityId));
  if (existing) return existing;
  await db
    .insert(caseSettings)
    .values({ cityId, ...(await defaultRetention(db, cityId)) })
    .onConflictDoNothing();
  const [row] = await db.select().from(caseSettings).where(eq(caseSettings.cityId, cityId));
  return row;
}

/** The city's retention periods (the defaults while it has no settings row; nothing is written). */
export async function retentionDays(db: Db, cityId: string): Promise<RetentionDays> {
  const [row] = await db
    .select({
      rejectedRetentionDays: caseSettings.rejectedRetentionDays,
      closedRetentionDays: caseSettings.closedRetentionDays,
    })
    .from(caseSettings)
    .where(eq(caseSettings.cityId, cityId));
  return row ?? defaultRetention(db, cityId);
}

/** When a situation rejected or closed at `at` is to be deleted, under the city's current periods. */
export async function purgeAfterFor(
  db: Db,
  cityId: string,
  kind: 'rejected' | 'closed',
  at: Date,
): Promise<Date> {
  const days = await retentionDays(db, cityId);
  const n = kind === 'rejected' ? days.rejectedRetentionDays : days.closedRetentionDays;
  return new Date(at.getTime() + n * DAY_MS);
}

function toSettings(row: typeof caseSettings.$inferSelect): CaseRetentionSettings {
  return {
    rejectedRetentionDays: row.rejectedRetentionDays,
    closedRetentionDays: row.closedRetentionDays,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The city's retention settings (the row is created on first read). */
export async function getRetention(db: Db, cityId: string): Promise<CaseRetentionSettings> {
  return toSettings(await ensureCaseSettings(db, cityId));
}

/** Sets `purge_after` of the city's situations of one kind from their rejection or closure time. */
async function recompute(tx: Db, cityId: string, kind: 'rejected' | 'closed', days: number): Promise<number> {
  const from = kind === 'rejected' ? caseSituation.rejectedAt : caseSituation.closedAt;
  // Whole hours, not days: '1 day' follows the session's time zone across DST, the service's
  // `purgeAfterFor` adds exact 24-hour days, and both must give the same date.
  const rows = await tx
    .update(caseSituation)
    .set({ purgeAfter: sql`${from} + make_interval(hours => ${days * 24}::int)` })
    .where(and(eq(caseSituation.cityId, cityId), eq(caseSituation.stage, kind), isNotNull(from)))
    .returning({ id: caseSituation.id });
  return rows.length;
}

/**
 * Changes the periods and moves the deletion date of every situation already rejected or closed.
 * Audited with the names of the changed fields.
 */
export async function updateRetention(
  db: Db,
  auditActor: AuditActor,
  cityId: string,
  input: CaseRetentionInput,
  now: Date = new Date(),
): Promise<CaseRetentionSettings & { recomputed: number; dueForPurge: number }> {
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await ensureCaseSettings(tx, cityId);
    const [current] = await tx
      .select()
      .from(caseSettings)
      .where(eq(caseSettings.cityId, cityId))
      .for('update');
    const changed = (['rejectedRetentionDays', 'closedRetentionDays'] as const).filter(
      (field) => current[field] !== input[field],
    );
    let recomputed = 0;
    let row = current;
    if (changed.length) {
      [row] = await tx
        .update(caseSettings)
        .set({ ...input, updatedAt: now, updatedBy: auditActor.userId })
        .where(eq(caseSettings.cityId, cityId))
        .returning();
      if (changed.includes('rejectedRetentionDays'))
        recomputed += await recompute(tx, cityId, 'rejected', input.rejectedRetentionDays);
      if (changed.includes('closedRetentionDays'))
        recomputed += await recompute(tx, cityId, 'closed', input.closedRetentionDays);
      await appendAudit(tx, cityId, auditActor, {
        action: 'update',
        recordType: 'case_settings',
        recordId: cityId,
        fields: [...changed],
      });
    }
    const [due] = await tx
      .select({ n: count() })
      .from(caseSituation)
      .where(and(eq(caseSituation.cityId, cityId), lte(caseSituation.purgeAfter, now)));
    return { ...toSettings(row), recomputed, dueForPurge: due.n };
  });
}

export interface PurgeReport {
  cities: { cityId: string; rejected: number; closed: number }[];
}

/**
 * Deletes every situation whose deletion date has come, in every city; their persons, match keys,
 * assignments, consents, assessments, follow-ups and referrals go with them (foreign keys cascade).
 * One audit row per city with the counts: no references, no personal data.
 */
export async function purgeExpiredCases(
  db: Db,
  now: Date,
  auditActor: AuditActor = PURGE_AUDIT_ACTOR,
): Promise<PurgeReport> {
  const due = await db
    .selectDistinct({ cityId: caseSituation.cityId })
    .from(caseSituation)
    .where(lte(caseSituation.purgeAfter, now))
    .orderBy(asc(caseSituation.cityId));
  const report: PurgeReport = { cities: [] };
  for (const { cityId } of due) {
    // A city at a time: each deletion commits with its audit row, and a failure in one city leaves
    // the cities already done done (the retry finds only what is left).
    const counts = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const deleted = await tx
        .delete(caseSituation)
        .where(and(eq(caseSituation.cityId, cityId), lte(caseSituation.purgeAfter, now)))
        .returning({ stage: caseSituation.stage });
      const rejected = deleted.filter((d) => d.stage === 'rejected').length;
      const closed = deleted.length - rejected;
      if (deleted.length) {
        await appendAudit(tx, cityId, auditActor, {
          action: 'purge',
          recordType: 'case_situation',
          recordId: null,
          fields: [],
          reason: `retention: ${rejected} rejected, ${closed} closed`,
        });
      }
      return { rejected, closed };
    });
    if (counts.rejected + counts.closed > 0) report.cities.push({ cityId, ...counts });
  }
  return report;
}

/** The nightly purge, when due (see runDaily: once per day across nodes and restarts). */
export async function runCasePurgeIfDue(
  db: Db,
  options: { node: string; clock?: () => Date },
): Promise<RunOutcome> {
  return runDaily(db, CASE_PURGE_JOB, {
    ...options,
    hourUtc: CASE_PURGE_HOUR_UTC,
    run: async (now) => ({ ...(await purgeExpiredCases(db, now)) }),
  });
}

/** The purge, now (command line): recorded in job_run as a manual run beside the nightly ones. */
export async function runCasePurgeNow(
  db: Db,
  options: { node: string; auditActor: AuditActor; clock?: () => Date },
): Promise<RunOutcome> {
  const now = (options.clock ?? (() => new Date()))();
  return runOnce(db, CASE_PURGE_JOB, `manual-${now.toISOString()}`, {
    ...options,
    run: async (at) => ({ ...(await purgeExpiredCases(db, at, options.auditActor)) }),
  });
}

/** Totals of a purge report, for logs and the command line. */
export function purgeTotals(result: unknown): { cities: number; rejected: number; closed: number } {
  const cities = (result as Partial<PurgeReport> | null)?.cities ?? [];
  return {
    cities: cities.length,
    rejected: cities.reduce((sum, c) => sum + (c.rejected ?? 0), 0),
    closed: cities.reduce((sum, c) => sum + (c.closed ?? 0), 0),
  };
}

/** The latest purge runs with what each deleted in this city (never other cities' counts). */
export async function listPurgeRuns(db: Db, cityId: string, limit: number): Promise<PurgeRun[]> {
  const runs = await latestRuns(db, CASE_PURGE_JOB, limit);
  return runs.map((run) => {
    const mine = ((run.result as Partial<PurgeReport> | null)?.cities ?? []).find((c) => c.cityId === cityId);
    return {
      runKey: run.runKey,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      // The error message stays with the operators (job_run, logs): it may quote the database.
      status: run.error ? 'failed' : run.finishedAt ? 'done' : 'running',
      rejected: mine?.rejected ?? 0,
      closed: mine?.closed ?? 0,
    };
  });
}
