import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { freshDatabase } from '../../../test/harness.js';
import type { Database } from '../db/index.js';
import { jobRun } from './jobs.table.js';
import { dailyRunKey, every, runDaily, type JobResult } from './runner.js';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => {
  await database.close();
});

const at = (iso: string) => () => new Date(iso);

/** A job that counts its runs and returns a count (what a real job records). */
function counter() {
  const runs: Date[] = [];
  return {
    runs,
    run: async (now: Date): Promise<JobResult> => {
      runs.push(now);
      return { removed: runs.length };
    },
  };
}

async function row(job: string, runKey: string) {
  const [r] = await database.db
    .select()
    .from(jobRun)
    .where(and(eq(jobRun.job, job), eq(jobRun.runKey, runKey)));
  return r;
}

describe('dailyRunKey', () => {
  it("is today's date once the hour has passed, else yesterday's (a missed night runs at the next check)", () => {
    expect(dailyRunKey(new Date('2026-03-10T02:00:00Z'), 2)).toBe('2026-03-10');
    expect(dailyRunKey(new Date('2026-03-10T23:59:00Z'), 2)).toBe('2026-03-10');
    expect(dailyRunKey(new Date('2026-03-10T01:59:00Z'), 2)).toBe('2026-03-09');
    expect(dailyRunKey(new Date('2026-03-01T00:30:00Z'), 2)).toBe('2026-02-28');
  });
});

describe('runDaily', () => {
  it('runs once a day however often it is checked, and records the result', async () => {
    const job = counter();
    const first = await runDaily(database.db, 'test-once', {
      node: 'a',
      run: job.run,
      clock: at('2026-03-10T02:05:00Z'),
    });
    expect(first).toEqual({ status: 'ran', runKey: '2026-03-10', result: { removed: 1 } });
    const again = await runDaily(database.db, 'test-once', {
      node: 'a',
      run: job.run,
      clock: at('2026-03-10T09:00:00Z'),
    });
    expect(again).toEqual({ status: 'skipped', runKey: '2026-03-10' });
    expect(job.runs).toHaveLength(1);
    expect(await row('test-once', '2026-03-10')).toMatchObject({
      node: 'a',
      finishedAt: expect.any(Date),
      result: { removed: 1 },
      error: null,
    });

    // The next day is a new run.
    const next = await runDaily(database.db, 'test-once', {
      node: 'a',
      run: job.run,
      clock: at('2026-03-11T02:00:00Z'),
    });
    expect(next.status).toBe('ran');
    expect(job.runs).toHaveLength(2);
  });

  it('does not run before the hour, and runs a missed night at the next check', async () => {
    const job = counter();
    // The server was down all of the 10th: at 01:00 on the 11th the 10th's run is due.
    const missed = await runDaily(database.db, 'test-missed', {
      node: 'a',
      run: job.run,
      clock: at('2026-03-11T01:00:00Z'),
    });
    expect(missed).toMatchObject({ status: 'ran', runKey: '2026-03-10' });
    const early = await runDaily(database.db, 'test-missed', {
      node: 'a',
      run: job.run,
      clock: at('2026-03-11T01:55:00Z'),
    });
    expect(early.status).toBe('skipped');
    expect(job.runs).toHaveLength(1);
  });

  it('a second node on the same database does not run it again, also when both check at once', async () => {
    const a = counter();
    const b = counter();
    const clock = at('2026-03-12T03:00:00Z');
    const outcomes = await Promise.all([
      runDaily(database.db, 'test-nodes', { node: 'node-a', run: a.run, clock }),
      runDaily(database.db, 'test-nodes', { node: 'node-b', run: b.run, clock }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['ran', 'skipped']);
    expect(a.runs.length + b.runs.length).toBe(1);
    const later = await runDaily(database.db, 'test-nodes', {
      node: 'node-c',
      run: b.run,
      clock: at('2026-03-12T20:00:00Z'),
    });
    expect(later.status).toBe('skipped');
    expect(a.runs.length + b.runs.length).toBe(1);
  });

  it('re-claims a run whose node died (started, never finished) once it is stale, not before', async () => {
    await database.db.insert(jobRun).values({
      job: 'test-stale',
      runKey: '2026-03-13',
      node: 'dead-node',
      startedAt: new Date('2026-03-13T02:00:00Z'),
    });
    const job = counter();
    const tooSoon = await runDaily(database.db, 'test-stale', {
      node: 'b',
      run: job.run,
      clock: at('2026-03-13T02:30:00Z'),
    });
    expect(tooSoon.status).toBe('skipped');
    const stale = await runDaily(database.db, 'test-stale', {
      node: 'b',
      run: job.run,
      clock: at('2026-03-13T03:01:00Z'),
    });
    expect(stale.status).toBe('ran');
    expect(job.runs).toHaveLength(1);
    expect(await row('test-stale', '2026-03-13')).toMatchObject({
      node: 'b',
      startedAt: new Date('2026-03-13T03:01:00Z'),
      result: { removed: 1 },
    });
  });

  it('records a failure (message only) and a later check retries it', async () => {
    let fail = true;
    const run = async (): Promise<JobResult> => {
      if (fail) {
        const error = new Error('database unavailable');
        error.stack = 'Error: database unavailable\n    at secret (/srv/app/file.ts:1:1)';
        throw error;
      }
      return { removed: 0 };
    };
    const failed = await runDaily(database.db, 'test-fail', {
      node: 'a',
      run,
      clock: at('2026-03-14T02:00:00Z'),
    });
    expect(failed).toEqual({ status: 'failed', runKey: '2026-03-14', error: 'database unavailable' });
    const recorded = await row('test-fail', '2026-03-14');
    expect(recorded).toMatchObject({
      error: 'database unavailable',
      result: null,
      finishedAt: expect.any(Date),
    });
    expect(recorded.error).not.toContain('/srv/app');

    fail = false;
    // Straight after the failure: not yet (no hammering); at a later check: retried, error cleared.
    expect(
      (await runDaily(database.db, 'test-fail', { node: 'a', run, clock: at('2026-03-14T02:05:00Z') }))
        .status,
    ).toBe('skipped');
    const retried = await runDaily(database.db, 'test-fail', {
      node: 'b',
      run,
      clock: at('2026-03-14T02:30:00Z'),
    });
    expect(retried.status).toBe('ran');
    expect(await row('test-fail', '2026-03-14')).toMatchObject({
      node: 'b',
      error: null,
      result: { removed: 0 },
    });
  });
});

describe('every', () => {
  it('checks at once, sends a failed check to onError, and stop() waits for the check in flight', async () => {
    const errors: unknown[] = [];
    let release!: () => void;
    let finished = false;
    const schedule = every(
      60 * 60_000,
      () =>
        new Promise<void>((_resolve, reject) => {
          release = () => {
            finished = true;
            reject(new Error('check failed'));
          };
        }),
      (error) => errors.push(error),
    );
    const stopping = schedule.stop();
    release();
    await stopping;
    expect(finished).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it('keeps checking after failed checks, a check that throws at once, and an onError that throws', async () => {
    let calls = 0;
    const schedule = every(
      5,
      () => {
        calls++;
        if (calls === 1) throw new Error('thrown before any promise');
        if (calls <= 3) return Promise.reject(new Error('database unavailable'));
        return Promise.resolve();
      },
      () => {
        throw new Error('the error report failed as well');
      },
    );
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(5), { timeout: 5_000, interval: 5 });
    await schedule.stop();
  });
});
