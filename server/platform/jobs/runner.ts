import os from 'node:os';
import { and, desc, eq, isNotNull, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { jobRun } from './jobs.table.js';

/*
 * Scheduled jobs over the job_run table, on PGlite and PostgreSQL alike. The primary key
 * (job, run key) is the claim: whoever inserts the row runs the job, so a daily job runs once per day
 * whatever the number of nodes and restarts. No leader, no lock held while the job runs.
 */

/** A run that started but never finished (its node died) may be claimed again after this long. */
export const STALE_AFTER_MS = 60 * 60_000;
/** A failed run is tried again at the first check this long after it failed. */
export const RETRY_FAILED_AFTER_MS = 15 * 60_000;
const MAX_ERROR_LENGTH = 500;

export type JobResult = Record<string, unknown>;

export type RunOutcome =
  | { status: 'ran'; runKey: string; result: JobResult }
  | { status: 'failed'; runKey: string; error: string }
  /** Another node holds the run, or it is done. */
  | { status: 'skipped'; runKey: string };

export interface RunOptions {
  /** Who runs it (host and process): recorded in job_run. */
  node: string;
  run: (now: Date) => Promise<JobResult>;
  /** The clock (tests pass a fixed one); default: the system clock. */
  clock?: () => Date;
  staleAfterMs?: number;
  retryFailedAfterMs?: number;
}

/** This process's name in job_run. */
export function nodeName(): string {
  return `${os.hostname()}:${process.pid}`;
}

/**
 * The day key of the latest scheduled time at or before `now`: today's date once `hourUtc` has
 * passed, else yesterday's. So a night the server missed (it was down at that hour) still runs at
 * the next check, under its own day's key.
 */
export function dailyRunKey(now: Date, hourUtc: number): string {
  const scheduled = new Date(now.getTime());
  if (now.getUTCHours() < hourUtc) scheduled.setUTCDate(scheduled.getUTCDate() - 1);
  return scheduled.toISOString().slice(0, 10);
}

/** Claims (job, runKey) for this node: a new row, or a run that went stale or failed long enough ago. */
async function claim(
  db: Db,
  job: string,
  runKey: string,
  node: string,
  now: Date,
  staleAfterMs: number,
  retryFailedAfterMs: number,
): Promise<boolean> {
  const inserted = await db
    .insert(jobRun)
    .values({ job, runKey, node, startedAt: now })
    .onConflictDoNothing()
    .returning({ job: jobRun.job });
  if (inserted.length) return true;
  // One UPDATE: PostgreSQL re-checks the WHERE after waiting for a concurrent claimer's row lock,
  // so of two nodes re-claiming the same run only one gets the row back.
  const reclaimed = await db
    .update(jobRun)
    .set({ node, startedAt: now, finishedAt: null, result: null, error: null })
    .where(
      and(
        eq(jobRun.job, job),
        eq(jobRun.runKey, runKey),
        or(
          and(isNull(jobRun.finishedAt), lt(jobRun.startedAt, new Date(now.getTime() - staleAfterMs))),
          and(isNotNull(jobRun.error), lt(jobRun.finishedAt, new Date(now.getTime() - retryFailedAfterMs))),
        ),
      ),
    )
    .returning({ job: jobRun.job });
  return reclaimed.length > 0;
}

/**
 * Runs `job` under `runKey` unless another node has it or it is done. The result (counts, never
 * personal data) or the error's message (no stack) is recorded on the run's row.
 */
export async function runOnce(db: Db, job: string, runKey: string, options: RunOptions): Promise<RunOutcome> {
  const clock = options.clock ?? (() => new Date());
  const startedAt = clock();
  const claimed = await claim(
    db,
    job,
    runKey,
    options.node,
    startedAt,
    options.staleAfterMs ?? STALE_AFTER_MS,
    options.retryFailedAfterMs ?? RETRY_FAILED_AFTER_MS,
  );
  if (!claimed) return { status: 'skipped', runKey };
  // Only our own claim is finished: if the run went stale and another node took it, leave it be.
  const mine = and(
    eq(jobRun.job, job),
    eq(jobRun.runKey, runKey),
    eq(jobRun.node, options.node),
    eq(jobRun.startedAt, startedAt),
  );
  try {
    const result = await options.run(startedAt);
    await db.update(jobRun).set({ finishedAt: clock(), result, error: null }).where(mine);
    return { status: 'ran', runKey, result };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH);
    await db
      .update(jobRun)
      .set({ finishedAt: clock(), error: message || 'failed' })
      .where(mine);
    return { status: 'failed', runKey, error: message };
  }
}

/**
 * Runs a daily job when it is due: once per UTC day at or after `hourUtc` (default 02:00), across
 * nodes and restarts. Call it as often as you like; it does nothing when the day's run is done or
 * running elsewhere.
 */
export async function runDaily(
  db: Db,
  job: string,
  options: RunOptions & { hourUtc?: number },
): Promise<RunOutcome> {
  const now = (options.clock ?? (() => new Date()))();
  return runOnce(db, job, dailyRunKey(now, options.hourUtc ?? 2), options);
}

/** The latest runs of a job, newest first. */
export async function latestRuns(db: Db, job: string, limit: number) {
  return db.select().from(jobRun).where(eq(jobRun.job, job)).orderBy(desc(jobRun.startedAt)).limit(limit);
}

export interface Schedule {
  /** Stops the checks and waits for a check in flight to finish. */
  stop(): Promise<void>;
}

/**
 * Calls `check` now and then every `everyMs`, never two at once; a failed check goes to `onError`
 * and the next one runs as usual — so checks resume by themselves once a database outage ends. A
 * check that throws at once, or an `onError` that throws, does not stop the schedule either. The
 * timer does not keep the process alive; `stop()` clears it (call it on shutdown before closing
 * the database).
 */
export function every(
  everyMs: number,
  check: () => Promise<void>,
  onError: (error: unknown) => void,
): Schedule {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = (async () => {
      try {
        await check();
      } catch (error) {
        try {
          onError(error);
        } catch {
          // Reporting failed too; the next check still runs (an unhandled rejection would end the process).
        }
      }
    })().finally(() => {
      running = null;
    });
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
