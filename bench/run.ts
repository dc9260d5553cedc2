import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { desc, eq, sql } from 'drizzle-orm';
import { buildApp } from '../server/app.js';
import { configSchema } from '../server/platform/config.js';
import {
  migrateDatabase,
  openDatabase,
  withDefaultUser,
  type Database,
} from '../server/platform/db/index.js';
import { makeKeyring, masterKeyFromBase64 } from '../server/platform/crypto/crypto.js';
import { createUserWithPassword } from '../server/platform/auth/auth.js';
import { user } from '../server/platform/auth/auth.table.js';
import { createCity } from '../server/modules/cities/cities.service.js';
import { membership } from '../server/modules/people/index.js';
import { listPeople } from '../server/modules/people/people.service.js';
import { benchCases } from './cases.js';
import { benchCityNetworks } from './city-networks.js';
import { benchRiskMap } from './risk-map.js';
import { benchCommunity } from './community.js';
import type { LoadOptions, LoadResult } from './load.js';

/**
 * One benchmark run: GET /api/cities/:cityId/people?limit=50 on a city of 10,000 people, through
 * (a) a bare Fastify + driver endpoint running the same SQL as the people list, and (b) the real
 * app (session, city scope, policy, validation, serialisation), and (c) the bare endpoint plus one
 * session/membership query: how much of the gap one round trip explains. Prints req/s, p50/p95/p99
 * and b/a, then a per-request query, stage and CPU profile of (b). See docs/BENCHMARKS.md.
 *
 *   npm run bench                      PostgreSQL at DATABASE_URL, else 127.0.0.1:5432/test if it answers, else PGlite
 *   npm run bench -- --pglite          embedded PGlite (in memory)
 *   npm run bench -- --seconds=10 --connections=10 --people=10000
 *   npm run bench -- --cases-only          only the case list and statistics (bench/cases.ts)
 *   npm run bench -- --cases=0             skip them
 *   npm run bench -- --city-networks-only  only the analyst's pooled view (bench/city-networks.ts)
 *   npm run bench -- --risk-map-only       only the risk map at scale (bench/risk-map.ts)
 *   npm run bench -- --city-networks=0     skip it (default: 1,000 member cities)
 *   npm run bench -- --community-only      only the public pages and safe-space submissions (bench/community.ts)
 *   npm run bench -- --community=0         skip them; --submissions=200 how many to post
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_PG = 'postgres://127.0.0.1:5432/test';

function flag(name: string): string | undefined {
  const prefix = `--${name}=`;
  const hit = process.argv.find((a) => a === `--${name}` || a.startsWith(prefix));
  if (!hit) return undefined;
  return hit.startsWith(prefix) ? hit.slice(prefix.length) : 'true';
}

const settings = {
  people: Number(flag('people') ?? 10_000),
  connections: Number(flag('connections') ?? 10),
  seconds: Number(flag('seconds') ?? 10),
  warmupSeconds: Number(flag('warmup') ?? 2),
  profileRequests: Number(flag('profile-requests') ?? 300),
  forcePglite: flag('pglite') === 'true',
  /** Seconds of extra load on (b) under the V8 sampling profiler (0 = skip). */
  cpuProfileSeconds: Number(flag('cpu-profile') ?? 5),
  /** Synthetic situations for the case benchmark (0 = skip it); its variants run shorter. */
  cases: Number(flag('cases') ?? 10_000),
  casesSeconds: Number(flag('cases-seconds') ?? 5),
  casesWarmupSeconds: Number(flag('cases-warmup') ?? 1),
  /** Only the case benchmark (no people list runs). */
  casesOnly: flag('cases-only') === 'true',
  /** Member cities of the network whose pooled view is measured (0 = skip). */
  cityNetworks: Number(flag('city-networks') ?? 1000),
  cityNetworksRequests: Number(flag('city-networks-requests') ?? 20),
  cityNetworksOnly: flag('city-networks-only') === 'true',
  /** Neighbourhoods of the risk map bench's boundary file (0 = skip), its risks and requests. */
  riskMapNeighbourhoods: Number(flag('risk-map') ?? 1000),
  riskMapRisks: Number(flag('risk-map-risks') ?? 5000),
  riskMapRequests: Number(flag('risk-map-requests') ?? 20),
  riskMapOnly: flag('risk-map-only') === 'true',
  /** Cities with public pages for the community benchmark (0 = skip it; bench/community.ts). */
  communityCities: Number(flag('community') ?? 1_000),
  /** Safe-space submissions the community benchmark posts (each challenge solved by the client). */
  submissions: Number(flag('submissions') ?? 200),
  /** Only the community benchmark. */
  communityOnly: flag('community-only') === 'true',
};
// `--<part>-only` runs that part alone: the people list and the other parts are skipped.
const only = {
  cases: settings.casesOnly,
  cityNetworks: settings.cityNetworksOnly,
  riskMap: settings.riskMapOnly,
  community: settings.communityOnly,
};
if (Object.values(only).some(Boolean)) {
  settings.casesOnly = true; // no people list
  if (!only.cases) settings.cases = 0;
  if (!only.cityNetworks) settings.cityNetworks = 0;
  if (!only.riskMap) settings.riskMapNeighbourhoods = 0;
  if (!only.community) settings.communityCities = 0;
}
/** The app's rate limit is raised for the bench: the default 600/min per address would answer 429s. */
const BENCH_RATE_LIMIT = 1_000_000_000;
const PASSWORD = 'bench-password-long-enough';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

interface BenchDatabase {
  database: Database;
  label: string;
  /** A plain driver query, used by the bare endpoint. */
  query(text: string, values: unknown[]): Promise<Record<string, unknown>[]>;
  /** The same, as a named prepared statement (PostgreSQL); PGlite has no named statements, so the same as query. */
  queryPrepared(name: string, text: string, values: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** PostgreSQL in a database of its own (created and dropped here), or in-memory PGlite. */
async function openBenchDatabase(): Promise<BenchDatabase> {
  const adminUrl = withDefaultUser(process.env.DATABASE_URL || DEFAULT_PG);
  const usePg = !settings.forcePglite && (await reachable(adminUrl));
  if (!usePg && process.env.DATABASE_URL && !settings.forcePglite) {
    throw new Error(`DATABASE_URL is set but PostgreSQL does not answer there`);
  }
  if (!usePg) {
    if (!settings.forcePglite) console.log(`PostgreSQL does not answer at ${DEFAULT_PG}: using PGlite`);
    const database = await openDatabase({ kind: 'pglite' });
    await migrateDatabase(database);
    return {
      database,
      label: 'PGlite (embedded, in memory)',
      query: async (text, values) =>
        (await database.pglite!.query<Record<string, unknown>>(text, values)).rows,
      queryPrepared: async (_name, text, values) =>
        (await database.pglite!.query<Record<string, unknown>>(text, values)).rows,
      close: () => database.close(),
    };
  }
  const name = `lpn_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 10 });
  await migrateDatabase(database);
  // The bare endpoint gets a pool of its own of the same size as the app's.
  const barePool = new pg.Pool({ connectionString: url.toString(), max: 10 });
  // pool.end() resolves before its sockets close; the final "drop … with (force)" may then cut an
  // idle connection, which is expected here and must not crash the run.
  const ignoreTermination = (error: Error & { code?: string }) => {
    if (error.code !== '57P01') console.error(error);
  };
  barePool.on('error', ignoreTermination);
  database.pool!.on('error', ignoreTermination);
  const [{ server_version }] = (await admin.query<{ server_version: string }>('show server_version')).rows;
  return {
    database,
    label: `PostgreSQL ${server_version.split(' ')[0]} (database ${name}, pool 10)`,
    query: async (text, values) => (await barePool.query<Record<string, unknown>>(text, values)).rows,
    queryPrepared: async (name, text, values) =>
      (await barePool.query<Record<string, unknown>>({ name, text, values })).rows,
    close: async () => {
      await barePool.end();
      await database.close();
      for (let i = 0; i < 100; i++) {
        const { rows } = await admin.query<{ n: number }>(
          'select count(*)::int as n from pg_stat_activity where datname = $1',
          [name],
        );
        if (rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** The people list query exactly as listPeople builds it for the default sort (-joinedAt), limit 50 (+1). */
function peopleListSql(bench: BenchDatabase, cityId: string) {
  return bench.database.db
    .select({
      userId: membership.userId,
      name: user.name,
      email: user.email,
      role: membership.role,
      organisation: membership.organisation,
      twoFactorEnabled: user.twoFactorEnabled,
      joinedAt: membership.joinedAt,
    })
    .from(membership)
    .innerJoin(user, eq(user.id, membership.userId))
    .where(eq(membership.cityId, cityId))
    .orderBy(desc(sql`${membership.joinedAt}`), desc(membership.userId))
    .limit(51)
    .toSQL();
}

/** Bulk-inserts people with dummy credentials (hashing 10,000 passwords would take minutes). */
async function seedPeople(bench: BenchDatabase, cityId: string, count: number) {
  const db = bench.database.db;
  await db.execute(sql`
    insert into "user" (id, name, email, email_verified, two_factor_enabled)
    select 'bench-' || g, 'Person ' || g, 'person' || g || '@bench.test', true, g % 3 = 0
    from generate_series(1, ${count}) g`);
  await db.execute(sql`
    insert into account (id, account_id, provider_id, user_id, password)
    select 'bench-acc-' || g, 'bench-' || g, 'credential', 'bench-' || g, 'not-a-real-hash'
    from generate_series(1, ${count}) g`);
  await db.execute(sql`
    insert into membership (city_id, user_id, role, organisation, joined_at)
    select ${cityId}::uuid, 'bench-' || g,
      (array['member','partner','coordinator','auditor'])[1 + g % 4],
      'Organisation ' || (g % 40),
      now() - make_interval(mins => g)
    from generate_series(1, ${count}) g`);
  await db.execute(sql`analyze`);
}

function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(repoRoot, 'bench/load.ts'), JSON.stringify(options)],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadResult);
      } catch (error) {
        reject(error);
      }
    });
  });
}

/** Wraps the driver so every statement of a request is counted and timed. */
function instrument(bench: BenchDatabase) {
  const log: { text: string; ms: number }[] = [];
  const target = (bench.database.pool ?? bench.database.pglite) as unknown as {
    query: (...args: unknown[]) => Promise<unknown>;
  };
  const original = target.query.bind(target);
  target.query = async (...args: unknown[]) => {
    const first = args[0] as string | { text: string };
    const text = typeof first === 'string' ? first : first.text;
    const started = performance.now();
    try {
      return await original(...args);
    } finally {
      log.push({ text, ms: performance.now() - started });
    }
  };
  return {
    log,
    restore: () => {
      target.query = original;
    },
  };
}

function fingerprint(text: string): string {
  const compact = text.replace(/\s+/g, ' ').trim();
  const from = /\bfrom "?(\w+)"?/i.exec(compact)?.[1] ?? '';
  const verb = compact.split(' ')[0].toLowerCase();
  return `${verb} ${from}`.trim() + ` — ${compact.slice(0, 90)}${compact.length > 90 ? '…' : ''}`;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Where a sampled function lives: an npm package, a project file, or V8 itself. */
function owner(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inModules) return inModules[1];
  if (url.startsWith('node:')) return 'node core';
  const local = url.replace(/^file:\/\//, '');
  return local.startsWith(repoRoot) ? path.relative(repoRoot, local) : local;
}

/** Samples the server's process (this one) while load runs on (b); returns self time by owner and by function. */
async function cpuProfile(load: () => Promise<unknown>) {
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  await load();
  const { profile } = (await session.post('Profiler.stop')) as unknown as {
    profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  };
  session.disconnect();
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000),
  );
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = selfMs.get(node.id) ?? 0;
    if (!ms) continue;
    total += ms;
    const who = owner(node.callFrame.url, node.callFrame.functionName);
    byOwner.set(who, (byOwner.get(who) ?? 0) + ms);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${who}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((x, y) => y[1] - x[1])
      .slice(0, n)
      .map(([k, v]) => ({ name: k, share: v / total }));
  return { owners: top(byOwner, 14), functions: top(byFunction, 15) };
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

async function main() {
  const started = Date.now();
  console.log(
    `bench: ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}, ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (other work on the machine skews the figures)`,
  );
  const bench = await openBenchDatabase();
  console.log(`database: ${bench.label}`);
  let bare: FastifyInstance | undefined;
  let app: FastifyInstance | undefined;
  try {
    const appPort = await freePort();
    const config = configSchema.parse({
      port: appPort,
      host: '127.0.0.1',
      seedDemo: 'false',
      keyFile: '/nonexistent',
    });
    const keyring = makeKeyring(masterKeyFromBase64(crypto.randomBytes(32).toString('base64')));
    const built = await buildApp({
      config,
      database: bench.database,
      keyring,
      mailer: { configured: false, send: async () => false },
      logger: false,
      rateLimitPerMinute: BENCH_RATE_LIMIT,
      signInRateLimit: 1_000,
    });
    app = built.app;
    const deps = built.deps;

    // --- seed ---------------------------------------------------------------------------------
    const seedStarted = Date.now();
    const { city } = await createCity(
      deps,
      { userId: '', isPlatformAdmin: true },
      { userId: null, role: 'platform_admin', requestId: 'bench' },
      { name: 'Bench City', slug: 'bench', defaultLocale: 'en' },
    );
    if (!settings.casesOnly) await seedPeople(bench, city.id, settings.people - 1);
    const coordinatorId = await createUserWithPassword(deps.auth, {
      email: 'coordinator@bench.test',
      name: 'Bench Coordinator',
      password: PASSWORD,
    });
    await deps.db.insert(membership).values({ cityId: city.id, userId: coordinatorId, role: 'coordinator' });
    if (!settings.casesOnly) {
      console.log(
        `seeded ${settings.people} people in one city in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`,
      );
    }

    // --- sign in (the coordinator role has no 2FA duty by default) -------------------------------
    const origin = `http://localhost:${appPort}`;
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: { origin, host: `localhost:${appPort}` },
      payload: { email: 'coordinator@bench.test', password: PASSWORD },
    });
    if (signIn.statusCode !== 200) throw new Error(`sign-in failed: ${signIn.statusCode} ${signIn.body}`);
    const setCookie = signIn.headers['set-cookie'];
    const cookie = (Array.isArray(setCookie) ? setCookie : [String(setCookie)])
      .map((c) => c.split(';')[0])
      .join('; ');

    await app.listen({ port: appPort, host: '127.0.0.1' });
    if (!settings.casesOnly) {
      // --- (a) bare endpoint: same SQL, plain driver, the same response shape ---------------------
      const listSql = peopleListSql(bench, city.id);
      bare = Fastify({ logger: false });
      const listPage = async (cityId: string, prepared = false) => {
        const params = listSql.params.map((p) => (p === city.id ? cityId : p));
        const rows = prepared
          ? await bench.queryPrepared('bare_people_list', listSql.sql, params)
          : await bench.query(listSql.sql, params);
        const page = rows.slice(0, 50).map((r) => {
          const values = Object.values(r);
          return {
            userId: values[0] as string,
            name: values[1] as string,
            email: values[2] as string,
            role: values[3] as string,
            organisation: values[4] as string | null,
            twoFactorEnabled: Boolean(values[5]),
            joinedAt: new Date(values[6] as string).toISOString(),
          };
        });
        return { items: page, nextCursor: rows.length > 50 ? 'next' : null };
      };
      bare.get<{ Params: { cityId: string } }>('/bare/cities/:cityId/people', async (request) =>
        listPage(request.params.cityId),
      );
      // (d) the same as (a) with a named prepared statement, as the app's list query is: the stricter baseline.
      bare.get<{ Params: { cityId: string } }>('/prepared/cities/:cityId/people', async (request) =>
        listPage(request.params.cityId, true),
      );
      // (c) not the app: what one extra statement per request costs — the session, its person, their
      // membership and platform-admin flag in one query by session token (cookie signature not checked).
      const scopeSql = `select u.id, u.two_factor_enabled, m.role, c.settings, pa.created_at as admin_since
        from session s join "user" u on u.id = s.user_id
        join city c on c.id = $2
        left join membership m on m.city_id = c.id and m.user_id = u.id
        left join platform_admin pa on pa.user_id = u.id
        where s.token = $1 and s.expires_at > now()`;
      bare.get<{ Params: { cityId: string } }>('/scoped/cities/:cityId/people', async (request, reply) => {
        const raw = /(?:^|;\s*)lpn\.session_token=([^;]+)/.exec(request.headers.cookie ?? '')?.[1];
        const token = raw ? decodeURIComponent(raw).split('.')[0] : '';
        const [scope] = await bench.query(scopeSql, [token, request.params.cityId]);
        if (!scope?.role && !scope?.admin_since) return reply.status(404).send({ code: 'not-found' });
        return listPage(request.params.cityId);
      });
      const barePort = await freePort();
      await bare.listen({ port: barePort, host: '127.0.0.1' });

      const bareUrl = `http://127.0.0.1:${barePort}/bare/cities/${city.id}/people`;
      const scopedUrl = `http://127.0.0.1:${barePort}/scoped/cities/${city.id}/people`;
      const preparedUrl = `http://127.0.0.1:${barePort}/prepared/cities/${city.id}/people`;
      const appUrl = `http://127.0.0.1:${appPort}/api/cities/${city.id}/people?limit=50`;

      // Both must answer the same page before they are compared.
      const bareBody = (await (await fetch(bareUrl)).json()) as { items: { userId: string }[] };
      const scoped = await fetch(scopedUrl, { headers: { cookie } });
      if (scoped.status !== 200) throw new Error(`scoped endpoint answered ${scoped.status}`);
      const appResponse = await fetch(appUrl, { headers: { cookie } });
      if (appResponse.status !== 200)
        throw new Error(`app answered ${appResponse.status}: ${await appResponse.text()}`);
      const appBody = (await appResponse.json()) as { items: { userId: string }[] };
      const same =
        JSON.stringify(bareBody.items.map((i) => i.userId)) ===
        JSON.stringify(appBody.items.map((i) => i.userId));
      if (!same || appBody.items.length !== 50)
        throw new Error('bare endpoint and app returned different pages');
      console.log(`SQL of both: ${listSql.sql}`);

      // --- load -------------------------------------------------------------------------------------
      const load = {
        connections: settings.connections,
        warmupSeconds: settings.warmupSeconds,
        seconds: settings.seconds,
      };
      console.log(
        `load: autocannon in its own process, ${load.connections} connections, ${load.warmupSeconds} s warm-up, ${load.seconds} s measured`,
      );
      const a = await runLoad({ ...load, url: bareUrl });
      const b = await runLoad({ ...load, url: appUrl, headers: { cookie } });
      const c = await runLoad({ ...load, url: scopedUrl, headers: { cookie } });
      const d = await runLoad({ ...load, url: preparedUrl });
      for (const [name, r] of [
        ['a', a],
        ['b', b],
        ['c', c],
        ['d', d],
      ] as const) {
        if (r.non2xx || r.errors)
          throw new Error(`run ${name}: ${r.non2xx} non-2xx responses, ${r.errors} errors`);
      }
      const ratio = b.requestsPerSecond / a.requestsPerSecond;

      // --- profile of (b): statements per request ---------------------------------------------------
      const probe = instrument(bench);
      const sequentialStarted = performance.now();
      for (let i = 0; i < settings.profileRequests; i++) {
        const r = await app.inject({
          method: 'GET',
          url: `/api/cities/${city.id}/people?limit=50`,
          headers: { cookie },
        });
        if (r.statusCode !== 200) throw new Error(`profile request answered ${r.statusCode}`);
      }
      const sequentialMs = (performance.now() - sequentialStarted) / settings.profileRequests;
      probe.restore();
      const byStatement = new Map<string, { count: number; ms: number }>();
      for (const entry of probe.log) {
        const key = fingerprint(entry.text);
        const slot = byStatement.get(key) ?? { count: 0, ms: 0 };
        slot.count++;
        slot.ms += entry.ms;
        byStatement.set(key, slot);
      }
      const dbMsPerRequest = probe.log.reduce((sum, e) => sum + e.ms, 0) / settings.profileRequests;

      // Stages of (b), each alone and one at a time: what a request spends where.
      const timeIt = async (run: () => Promise<unknown>) => {
        const t0 = performance.now();
        for (let i = 0; i < settings.profileRequests; i++) await run();
        return (performance.now() - t0) / settings.profileRequests;
      };
      const coordinatorActor = {
        userId: coordinatorId,
        isPlatformAdmin: false,
        city: { id: city.id, role: 'coordinator' as const },
      };
      const listMs = await timeIt(() =>
        listPeople(deps.db, coordinatorActor, city.id, { limit: 50, sort: '-joinedAt' }),
      );
      const listSqlMs = await timeIt(() => bench.query(listSql.sql, listSql.params));

      // A bare request, one at a time, for the same comparison without concurrency.
      const bareSequentialStarted = performance.now();
      for (let i = 0; i < settings.profileRequests; i++)
        await bare.inject({ method: 'GET', url: new URL(bareUrl).pathname });
      const bareSequentialMs = (performance.now() - bareSequentialStarted) / settings.profileRequests;

      // --- report -----------------------------------------------------------------------------------
      const row = (name: string, r: LoadResult) =>
        `${name.padEnd(38)} ${fmt(r.requestsPerSecond, 0).padStart(8)} ${fmt(r.p50).padStart(8)} ${fmt(r.p95).padStart(8)} ${fmt(r.p99).padStart(8)}`;
      console.log('');
      console.log(
        `${'endpoint'.padEnd(38)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`,
      );
      console.log(row('(a) bare Fastify + driver, same SQL', a));
      console.log(row('(b) app GET /api/cities/:id/people', b));
      console.log(row('(c) bare + 1 session/scope query', c));
      console.log(row('(d) bare, same SQL, prepared statement', d));
      console.log(
        `throughput ratio b/a: ${ratio.toFixed(2)} (target ≥ 0.6); b/d: ${(b.requestsPerSecond / d.requestsPerSecond).toFixed(2)}; ` +
          `c/a: ${(c.requestsPerSecond / a.requestsPerSecond).toFixed(2)}`,
      );
      console.log(`app rate limit raised to ${BENCH_RATE_LIMIT} requests/min for the bench (default 600)`);
      console.log('');
      console.log(
        `profile of (b), ${settings.profileRequests} sequential requests in-process: ${fmt(sequentialMs, 2)} ms per request ` +
          `(bare: ${fmt(bareSequentialMs, 2)} ms), ${fmt(probe.log.length / settings.profileRequests, 1)} statements and ` +
          `${fmt(dbMsPerRequest, 2)} ms waiting on the database per request:`,
      );
      for (const [key, slot] of [...byStatement].sort((x, y) => y[1].ms - x[1].ms)) {
        console.log(
          `  ${fmt(slot.count / settings.profileRequests, 1).padStart(4)}× ${fmt(slot.ms / slot.count, 3).padStart(7)} ms  ${key}`,
        );
      }
      console.log(
        `stages alone, sequential: whole request ${fmt(sequentialMs, 2)} ms; listPeople service ${fmt(listMs, 2)} ms ` +
          `(the same SQL on the bare driver ${fmt(listSqlMs, 2)} ms); everything else (session and city scope, ` +
          `Fastify, zod, helmet, rate limit) ≈ ${fmt(sequentialMs - listMs, 2)} ms`,
      );
      if (settings.cpuProfileSeconds > 0) {
        const cpu = await cpuProfile(() =>
          runLoad({
            ...load,
            warmupSeconds: 0,
            seconds: settings.cpuProfileSeconds,
            url: appUrl,
            headers: { cookie },
          }),
        );
        const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)}%`;
        console.log(
          `\nCPU of the server process under load on (b), ${settings.cpuProfileSeconds} s sampled, self time by owner:`,
        );
        for (const o of cpu.owners) console.log(`  ${pct(o.share)}  ${o.name}`);
        console.log('hottest functions (self time):');
        for (const f of cpu.functions) console.log(`  ${pct(f.share)}  ${f.name}`);
      }
    }

    // --- cases: the case list and the statistics on 10,000 situations (bench/cases.ts) -----------
    if (settings.cases > 0) {
      await benchCases({
        database: bench.database,
        query: bench.query,
        cityId: city.id,
        appPort,
        cookie,
        situations: settings.cases,
        load: {
          connections: settings.connections,
          warmupSeconds: settings.casesWarmupSeconds,
          seconds: settings.casesSeconds,
        },
        runLoad,
        freePort,
      });
    }
    // --- city networks: the analyst's pooled view over many member cities (bench/city-networks.ts) --
    if (settings.cityNetworks > 0) {
      const analystUserId = await createUserWithPassword(deps.auth, {
        email: 'analyst@bench.test',
        name: 'Bench Analyst',
        password: PASSWORD,
      });
      const analystSignIn = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        headers: { origin, host: `localhost:${appPort}` },
        payload: { email: 'analyst@bench.test', password: PASSWORD },
      });
      const analystCookie = ([] as string[])
        .concat(analystSignIn.headers['set-cookie'] ?? [])
        .map((c) => c.split(';')[0])
        .join('; ');
      await benchCityNetworks({
        database: bench.database,
        appPort,
        cookie: analystCookie,
        analystUserId,
        cities: settings.cityNetworks,
        requests: settings.cityNetworksRequests,
      });
    }
    // --- risk map: a 1,000-neighbourhood upload, the map data and the register (bench/risk-map.ts) ---
    if (settings.riskMapNeighbourhoods > 0) {
      await benchRiskMap({
        deps,
        database: bench.database,
        appPort,
        cookie,
        coordinatorId,
        neighbourhoods: settings.riskMapNeighbourhoods,
        risks: settings.riskMapRisks,
        requests: settings.riskMapRequests,
      });
    }
    // --- community: 1,000 cities' public pages and safe-space submissions (bench/community.ts) ----
    if (settings.communityCities > 0) {
      await benchCommunity({
        app,
        deps,
        appPort,
        cities: settings.communityCities,
        submissions: settings.submissions,
        load: {
          connections: settings.connections,
          warmupSeconds: settings.casesWarmupSeconds,
          seconds: settings.casesSeconds,
        },
        runLoad,
      });
    }
    console.log(`\ntotal bench time ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await app?.close();
    await bare?.close();
    await bench.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
