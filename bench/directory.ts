import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { performance } from 'node:perf_hooks';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import {
  builtInServiceTypeCodes,
  targetGroups,
  type BuiltInServiceType,
} from '../contracts/directory.contract.js';
import { builtInRiskCategories } from '../contracts/risk-map.contract.js';
import {
  migrateDatabase,
  openDatabase,
  withDefaultUser,
  type Database,
} from '../server/platform/db/index.js';
import { city } from '../server/modules/cities/cities.table.js';
import { network, organisation } from '../server/modules/network/network.table.js';
import {
  risk,
  riskBoundarySet,
  riskNeighbourhood,
  riskNeighbourhoodLink,
} from '../server/modules/risk-map/risk-map.table.js';
import { directoryEntry, directoryEntryNeighbourhood } from '../server/modules/directory/directory.table.js';
import { coverage } from '../server/modules/directory/directory.coverage.js';
import { allEntries, serviceTypesOf } from '../server/modules/directory/directory.service.js';

/*
 * Gaps and overlaps over a large city (docs/BENCHMARKS.md, "Directory"):
 *   npx tsx bench/directory.ts [--neighbourhoods=1000] [--services=5000] [--risks=5000] [--runs=20]
 * Seeds one city on PGlite in memory (or, with --pg=postgres://host/db, in a throwaway database
 * lpn_bench_dir_<random> made and dropped there), then times, per run:
 *   (a) the baseline: the statements `coverage` runs to load the city (entries, links, organisations,
 *       neighbourhoods, risks, risk links, service types), nothing computed;
 *   (b) the whole `coverage()` call: the same loading, the mandate checks, the computation of every
 *       neighbourhood × category cell and every overlap, and the JSON the route would send.
 * No HTTP, no session: the route adds what every route adds (bench/run.ts measures that).
 */

const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const N = Number(flag('neighbourhoods') ?? 1000);
const S = Number(flag('services') ?? 5000);
const R = Number(flag('risks') ?? 5000);
const RUNS = Number(flag('runs') ?? 20);

/** A small deterministic generator, so every run seeds the same city. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

async function batches<T>(rows: T[], size: number, insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

async function seed(database: Database): Promise<string> {
  const { db } = database;
  const random = rng(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const [c] = await db
    .insert(city)
    .values({ slug: 'bench-directory', name: 'Bench City', settings: {} as never })
    .returning({ id: city.id });
  const on = { enabled: true, scope: '' };
  await db.insert(network).values({
    cityId: c.id,
    name: 'Bench network',
    templateId: 'situation-table',
    templateVersion: '1',
    sectors: ['education'],
    meetingCadence: 'monthly',
    mandate: { a: on, b: on, c: on, d: on, e: on, f: on },
    caseWorkflow: {},
  });
  const orgs = await db
    .insert(organisation)
    .values(
      Array.from({ length: 60 }, (_, i) => ({
        cityId: c.id,
        name: `Organisation ${i + 1}`,
        sector: 'youth',
        membershipKind: 'formal',
        joinedOn: '2024-01-01',
      })),
    )
    .returning({ id: organisation.id });
  const [set] = await db
    .insert(riskBoundarySet)
    .values({
      cityId: c.id,
      version: 1,
      nameProperty: 'name',
      featureCount: N,
      pointsUploaded: 0,
      pointsKept: 0,
    })
    .returning({ id: riskBoundarySet.id });
  const nbs: string[] = [];
  await batches(
    Array.from({ length: N }, (_, i) => ({
      cityId: c.id,
      name: `Ward ${i + 1}`,
      nameKey: `ward ${i + 1}`,
      currentSetId: set.id,
    })),
    500,
    async (chunk) => {
      const rows = await db.insert(riskNeighbourhood).values(chunk).returning({ id: riskNeighbourhood.id });
      nbs.push(...rows.map((r) => r.id));
    },
  );
  // Risks: a tenth city-wide, the rest in 1–3 neighbourhoods, scores spread over the matrix.
  const riskRows = Array.from({ length: R }, (_, i) => ({
    cityId: c.id,
    title: `Risk ${i + 1}`,
    kind: 'threat',
    category: pick(builtInRiskCategories),
    cityWide: random() < 0.02,
    likelihood: 1 + Math.floor(random() * 5),
    impact: 1 + Math.floor(random() * 5),
    residualLikelihood: 1,
    residualImpact: 1,
    confidence: 'medium',
    trend: 'stable',
    reviewOn: '2027-01-01',
  }));
  const riskLinks: { riskId: string; neighbourhoodId: string; cityId: string }[] = [];
  await batches(riskRows, 500, async (chunk) => {
    const rows = await db.insert(risk).values(chunk).returning({ id: risk.id, cityWide: risk.cityWide });
    for (const r of rows) {
      if (r.cityWide) continue;
      const places = new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(nbs)));
      for (const neighbourhoodId of places) riskLinks.push({ riskId: r.id, neighbourhoodId, cityId: c.id });
    }
  });
  await batches(riskLinks, 1000, (chunk) => db.insert(riskNeighbourhoodLink).values(chunk));
  // Services: a twentieth city-wide, the rest in 1–5 neighbourhoods; a fifth by outside providers.
  const entryLinks: { entryId: string; neighbourhoodId: string; cityId: string }[] = [];
  const entryRows = Array.from({ length: S }, (_, i) => {
    const outside = random() < 0.2;
    return {
      cityId: c.id,
      ref: `B-${i + 1}`,
      title: `Service ${i + 1}`,
      organisationId: outside ? null : pick(orgs).id,
      providerName: outside ? `Provider ${1 + Math.floor(random() * 300)}` : '',
      sector: 'youth',
      serviceType: pick(builtInServiceTypeCodes) as BuiltInServiceType,
      targetGroup: pick(targetGroups),
      cityWide: random() < 0.05,
      status: random() < 0.85 ? 'active' : pick(['planned', 'paused', 'ended']),
    };
  });
  await batches(entryRows, 500, async (chunk) => {
    const rows = await db
      .insert(directoryEntry)
      .values(chunk)
      .returning({ id: directoryEntry.id, cityWide: directoryEntry.cityWide });
    for (const r of rows) {
      if (r.cityWide) continue;
      const places = new Set(Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(nbs)));
      for (const neighbourhoodId of places) entryLinks.push({ entryId: r.id, neighbourhoodId, cityId: c.id });
    }
  });
  await batches(entryLinks, 1000, (chunk) => db.insert(directoryEntryNeighbourhood).values(chunk));
  await db.execute(sql`analyze`);
  console.log(
    `seeded ${N} neighbourhoods, ${R} risks (${riskLinks.length} links), ${S} services (${entryLinks.length} links)`,
  );
  return c.id;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const server = flag('pg');
  let url: string | null = null;
  let drop = async () => {};
  if (server) {
    const admin = withDefaultUser(server);
    const name = `lpn_bench_dir_${randomBytes(4).toString('hex')}`;
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`create database ${name}`);
    await client.end();
    const u = new URL(admin);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const c2 = new pg.Client({ connectionString: admin });
      await c2.connect();
      await c2.query(`drop database if exists ${name} with (force)`);
      await c2.end();
    };
  }
  const database = url
    ? await openDatabase({ kind: 'postgres', url, poolSize: 4 })
    : await openDatabase({ kind: 'pglite' });
  await migrateDatabase(database);
  const cityId = await seed(database);
  const { db } = database;

  const baseline = async () => {
    // The statements coverage() runs, as it runs them, and nothing computed.
    await db
      .select({ id: riskNeighbourhood.id, name: riskNeighbourhood.name })
      .from(riskNeighbourhood)
      .where(and(eq(riskNeighbourhood.cityId, cityId), isNotNull(riskNeighbourhood.currentSetId)));
    await db
      .select({
        id: directoryEntry.id,
        title: directoryEntry.title,
        organisationId: directoryEntry.organisationId,
        providerName: directoryEntry.providerName,
        serviceType: directoryEntry.serviceType,
        targetGroup: directoryEntry.targetGroup,
        cityWide: directoryEntry.cityWide,
        status: directoryEntry.status,
        startOn: directoryEntry.startOn,
        endOn: directoryEntry.endOn,
      })
      .from(directoryEntry)
      .where(eq(directoryEntry.cityId, cityId));
    await db
      .select({
        entryId: directoryEntryNeighbourhood.entryId,
        neighbourhoodId: directoryEntryNeighbourhood.neighbourhoodId,
      })
      .from(directoryEntryNeighbourhood)
      .where(eq(directoryEntryNeighbourhood.cityId, cityId));
    await db
      .select({ id: organisation.id, name: organisation.name })
      .from(organisation)
      .where(eq(organisation.cityId, cityId));
    await db
      .select({
        id: risk.id,
        category: risk.category,
        cityWide: risk.cityWide,
        likelihood: risk.likelihood,
        impact: risk.impact,
      })
      .from(risk)
      .where(eq(risk.cityId, cityId));
    await db
      .select({
        riskId: riskNeighbourhoodLink.riskId,
        neighbourhoodId: riskNeighbourhoodLink.neighbourhoodId,
      })
      .from(riskNeighbourhoodLink)
      .where(eq(riskNeighbourhoodLink.cityId, cityId));
    await serviceTypesOf(db, cityId);
  };
  let bytes = 0;
  let last = '';
  let summary = '';
  const full = async () => {
    const result = await coverage(db, cityId, {});
    const json = JSON.stringify(result);
    bytes = json.length;
    last = json;
    summary = `${result.cells.length} cells (${JSON.stringify(result.totals)}), ${result.overlaps.length} overlaps`;
  };
  const time = async (work: () => Promise<void>) => {
    await work(); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await work();
      ms.push(performance.now() - t0);
    }
    return ms.sort((a, b) => a - b);
  };
  if (flag('profile') === 'true') {
    // Each loading statement once, after a warm-up: where the baseline's time goes.
    await baseline();
    const step = async (name: string, work: () => Promise<unknown>) => {
      const t0 = performance.now();
      await work();
      console.log(`  ${name.padEnd(40)} ${(performance.now() - t0).toFixed(0)} ms`);
    };
    await step('entries + lookups (allEntries)', () => allEntries(db, cityId));
    await step('entries only', () =>
      db.select().from(directoryEntry).where(eq(directoryEntry.cityId, cityId)),
    );
    await step('entry links only', () =>
      db.select().from(directoryEntryNeighbourhood).where(eq(directoryEntryNeighbourhood.cityId, cityId)),
    );
    await step('risks', () => db.select().from(risk).where(eq(risk.cityId, cityId)));
    await step('risk links', () =>
      db.select().from(riskNeighbourhoodLink).where(eq(riskNeighbourhoodLink.cityId, cityId)),
    );
    await step('service types', () => serviceTypesOf(db, cityId));
  }
  const a = await time(baseline);
  const b = await time(full);
  const row = (name: string, ms: number[]) =>
    `${name.padEnd(44)} p50 ${pct(ms, 50).toFixed(0).padStart(5)} ms   p95 ${pct(ms, 95).toFixed(0).padStart(5)} ms`;
  console.log(`\n${database.kind === 'pglite' ? 'PGlite (in memory)' : 'PostgreSQL'}, ${RUNS} runs each:`);
  console.log(row('(a) baseline: load the city, compute nothing', a));
  console.log(row('(b) coverage(): load, compute, serialise', b));
  console.log(`ratio a/b (p50): ${(pct(a, 50) / pct(b, 50)).toFixed(2)}`);
  // Compressed once, outside the timing (the route's compression is the web server's business).
  const gzip = gzipSync(last).length;
  console.log(`${summary}; JSON ${(bytes / 1024).toFixed(0)} KB, gzip ${(gzip / 1024).toFixed(0)} KB`);
  await database.close();
  await drop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
