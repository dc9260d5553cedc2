import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per run of a scheduled job (e.g. job "case-purge", run key "2026-11-25"). The primary key
 * is the claim: the node that inserts the row runs the job, so a job runs once per key across nodes
 * and restarts; a run whose node died (started, never finished) is re-claimed after a while.
 */
export const jobRun = pgTable(
  'job_run',
  {
    job: text('job').notNull(),
    runKey: text('run_key').notNull(),
    node: text('node').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
    /** What the run did, without personal data (e.g. counts per city). */
    result: jsonb('result').$type<Record<string, unknown>>(),
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.job, t.runKey] })],
);
