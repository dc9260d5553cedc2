import Fastify from 'fastify';
import { PgDialect } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import type { Database } from '../server/platform/db/index.js';
import { seedScaleCases } from '../server/modules/cases/cases.scale-seed.js';
import { cityRiskMap, statisticsSql } from '../server/modules/cases/cases.statistics.js';
import type { LoadOptions, LoadResult } from './load.js';

/**
 * The case benchmark, run by bench/run.ts after the people list on the same database and app:
 * 10,000 synthetic situations in the bench city (cases.scale-seed.ts), then
 *   GET /api/cities/:cityId/cases?limit=50      the de-identified case list
 *   GET /api/cities/:cityId/case-statistics     counts over the whole city, small cells withheld
 * each against a bare Fastify endpoint running equivalent SQL on the plain driver, in the same run.
 */

export interface CasesBenchContext {
  database: Database;
  /** A plain driver query (its own pool on PostgreSQL). */
  query(text: string, values: unknown[]): Promise<Record<string, unknown>[]>;
  cityId: string;
  appPort: number;
  /** Session cookie of a coordinator of the city (may read cases and statistics). */
  cookie: string;
  situations: number;
  load: Omit<LoadOptions, 'url' | 'headers'>;
  runLoad(options: LoadOptions): Promise<LoadResult>;
  freePort(): Promise<number>;
}

const dialect = new PgDialect();
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** The newest 50 situations of a city with their lead organisation: what the list shows, in one statement. */
function listSql(cityId: string) {
  return dialect.sqlToQuery(sql`select s.id, s.reference, s.workflow, s.stage, s.subject_kind, s.age_band,
      s.gender, s.neighbourhood, s.risk_factors, s.is_minor, s.created_at, s.response_due_at,
      s.first_response_at, s.outcome, s.closed_at, l.id as lead_id, l.name as lead_name, l.sector as lead_sector
    from case_situation s
    left join lateral (
      select o.id, o.name, o.sector from case_assignment a
      join organisation o on o.city_id = a.city_id and o.id = a.organisation_id
      where a.city_id = s.city_id and a.situation_id = s.id and a.role = 'lead' and a.ended_at is null
      limit 1
    ) l on true
    where s.city_id = ${cityId}
    order by s.created_at desc, s.id desc
    limit 51`);
}

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);

export async function benchCases(ctx: CasesBenchContext) {
  const seeded = await seedScaleCases(ctx.database.db, ctx.cityId, { count: ctx.situations });
  await ctx.database.db.execute(sql`analyze`);
  console.log(
    `\n--- cases: seeded ${seeded.situations} situations, ${seeded.assignments} assignments, ` +
      `${seeded.consents} consents in ${(seeded.ms / 1000).toFixed(1)} s (batches of 500)`,
  );

  const list = listSql(ctx.cityId);
  const map = await cityRiskMap(ctx.database.db, ctx.cityId);
  const stats = statisticsSql(ctx.cityId, {}, map);
  const dims = dialect.sqlToQuery(stats.dimensions);
  const risk = dialect.sqlToQuery(stats.risk);

  const bare = Fastify({ logger: false });
  bare.get<{ Params: { cityId: string } }>('/bare/cities/:cityId/cases', async (request) => {
    const params = list.params.map((p) => (p === ctx.cityId ? request.params.cityId : p));
    const rows = await ctx.query(list.sql, params);
    const now = Date.now();
    return {
      items: rows.slice(0, 50).map((r) => ({
        id: r.id,
        reference: r.reference,
        workflow: r.workflow,
        stage: r.stage,
        subjectKind: r.subject_kind,
        ageBand: r.age_band,
        gender: r.gender,
        neighbourhood: r.neighbourhood,
        riskFactors: r.risk_factors,
        isMinor: r.is_minor,
        createdAt: iso(r.created_at),
        responseDueAt: iso(r.response_due_at),
        firstResponseAt: iso(r.first_response_at),
        overdue:
          Boolean(r.response_due_at) &&
          !r.first_response_at &&
          new Date(r.response_due_at as string).getTime() < now,
        leadOrganisation: r.lead_id ? { id: r.lead_id, name: r.lead_name, sector: r.lead_sector } : null,
        myRoles: [],
        outcome: r.outcome,
        closedAt: iso(r.closed_at),
      })),
      nextCursor: rows.length > 50 ? 'next' : null,
    };
  });
  // The two statements of the statistics, without suppression, labels or the taxonomy look-up.
  bare.get('/bare/case-statistics', async () => {
    const [dimRows, riskRows] = await Promise.all([
      ctx.query(dims.sql, dims.params),
      ctx.query(risk.sql, risk.params),
    ]);
    return { dimensions: dimRows, risk: riskRows };
  });
  const barePort = await ctx.freePort();
  await bare.listen({ port: barePort, host: '127.0.0.1' });
  try {
    const urls = {
      bareList: `http://127.0.0.1:${barePort}/bare/cities/${ctx.cityId}/cases`,
      appList: `http://127.0.0.1:${ctx.appPort}/api/cities/${ctx.cityId}/cases?limit=50`,
      bareStats: `http://127.0.0.1:${barePort}/bare/case-statistics`,
      appStats: `http://127.0.0.1:${ctx.appPort}/api/cities/${ctx.cityId}/case-statistics`,
    };
    const headers = { cookie: ctx.cookie };

    // Both sides must answer, and answer the same, before they are compared.
    const appList = await fetch(urls.appList, { headers });
    if (appList.status !== 200) {
      throw new Error(`app case list answered ${appList.status}: ${await appList.text()}`);
    }
    const appIds = ((await appList.json()) as { items: { id: string }[] }).items.map((i) => i.id);
    const bareIds = ((await (await fetch(urls.bareList)).json()) as { items: { id: string }[] }).items.map(
      (i) => i.id,
    );
    if (appIds.length !== 50 || JSON.stringify(appIds) !== JSON.stringify(bareIds)) {
      throw new Error('bare endpoint and app returned different case pages');
    }
    const appStats = await fetch(urls.appStats, { headers });
    if (appStats.status !== 200) {
      throw new Error(`app statistics answered ${appStats.status}: ${await appStats.text()}`);
    }
    const total = ((await appStats.json()) as { total: { value: number } }).total.value;
    const bareStats = (await (await fetch(urls.bareStats)).json()) as {
      dimensions: { dim: string; n: number }[];
    };
    const bareTotal = bareStats.dimensions.filter((r) => r.dim === 'stage').reduce((s, r) => s + r.n, 0);
    if (total !== bareTotal || total < ctx.situations) {
      throw new Error(`statistics totals differ: app ${total}, bare ${bareTotal}`);
    }

    // One request at a time first: the cost of one request, less sensitive to other work on the machine.
    const sequential = async (url: string, count: number, withCookie: boolean) => {
      const t0 = performance.now();
      for (let i = 0; i < count; i++) {
        const r = await fetch(url, withCookie ? { headers } : {});
        if (r.status !== 200) throw new Error(`${url} answered ${r.status}`);
        await r.arrayBuffer();
      }
      return (performance.now() - t0) / count;
    };
    const alone = {
      bareList: await sequential(urls.bareList, 200, false),
      appList: await sequential(urls.appList, 200, true),
      bareStats: await sequential(urls.bareStats, 30, false),
      appStats: await sequential(urls.appStats, 30, true),
    };
    console.log(
      `one request at a time (mean): case list bare ${fmt(alone.bareList, 2)} ms, app ${fmt(alone.appList, 2)} ms; ` +
        `statistics bare ${fmt(alone.bareStats, 1)} ms, app ${fmt(alone.appStats, 1)} ms`,
    );
    console.log(
      `load: ${ctx.load.connections} connections, ${ctx.load.warmupSeconds} s warm-up, ${ctx.load.seconds} s measured per variant`,
    );
    const results = {
      bareList: await ctx.runLoad({ ...ctx.load, url: urls.bareList }),
      appList: await ctx.runLoad({ ...ctx.load, url: urls.appList, headers }),
      bareStats: await ctx.runLoad({ ...ctx.load, url: urls.bareStats }),
      appStats: await ctx.runLoad({ ...ctx.load, url: urls.appStats, headers }),
    };
    for (const [name, r] of Object.entries(results)) {
      if (r.non2xx || r.errors) throw new Error(`run ${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    }
    const row = (name: string, r: LoadResult) =>
      `${name.padEnd(44)} ${fmt(r.requestsPerSecond, 0).padStart(8)} ${fmt(r.p50).padStart(8)} ${fmt(r.p95).padStart(8)} ${fmt(r.p99).padStart(8)}`;
    console.log(
      `\n${'endpoint'.padEnd(44)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`,
    );
    console.log(row('(a) bare, case list SQL (1 statement)', results.bareList));
    console.log(row('(b) app GET /api/cities/:id/cases?limit=50', results.appList));
    console.log(row('(a) bare, statistics SQL (2 statements)', results.bareStats));
    console.log(row('(b) app GET /api/cities/:id/case-statistics', results.appStats));
    console.log(
      `ratio b/a: case list ${(results.appList.requestsPerSecond / results.bareList.requestsPerSecond).toFixed(2)}, ` +
        `statistics ${(results.appStats.requestsPerSecond / results.bareStats.requestsPerSecond).toFixed(2)}`,
    );
    return { results, alone };
  } finally {
    await bare.close();
  }
}
