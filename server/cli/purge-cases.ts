import { inArray } from 'drizzle-orm';
import { city } from '../modules/cities/cities.table.js';
import { purgeTotals, runCasePurgeNow, type PurgeReport } from '../modules/cases/cases.retention.js';
import { nodeName } from '../platform/jobs/runner.js';
import { cliAuditActor, type CliContext, type CliResult } from './context.js';

/**
 * `lpn purge-cases`: the nightly retention purge, now. Recorded in job_run as a manual run (the
 * purge-runs report lists it) and in each city's audit log, like the nightly one.
 */
export async function purgeCasesCommand(ctx: CliContext): Promise<CliResult> {
  const { db } = ctx.deps;
  const outcome = await runCasePurgeNow(db, { node: nodeName(), auditActor: cliAuditActor('purge-cases') });
  if (outcome.status === 'failed') return { output: `Purge failed: ${outcome.error}`, exitCode: 1 };
  if (outcome.status === 'skipped')
    return { output: 'Another purge holds this run; nothing done.', exitCode: 1 };
  const report = outcome.result as unknown as PurgeReport;
  const totals = purgeTotals(report);
  if (!totals.cities)
    return { output: 'Nothing to delete: no situation is past its retention period.', exitCode: 0 };
  const slugs = new Map(
    (
      await db
        .select({ id: city.id, slug: city.slug })
        .from(city)
        .where(
          inArray(
            city.id,
            report.cities.map((c) => c.cityId),
          ),
        )
    ).map((c) => [c.id, c.slug]),
  );
  return {
    output: [
      `Deleted ${totals.rejected + totals.closed} situation(s) past their retention period ` +
        `(${totals.rejected} rejected, ${totals.closed} closed) in ${totals.cities} city(ies):`,
      ...report.cities.map(
        (c) => `  ${slugs.get(c.cityId) ?? c.cityId}: ${c.rejected} rejected, ${c.closed} closed`,
      ),
    ].join('\n'),
    exitCode: 0,
  };
}
