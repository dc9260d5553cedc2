import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { organisation } from '../../modules/network/index.js';
import { every, type Schedule } from '../jobs/runner.js';
import { migrateDatabase, openDatabase, type Database } from './index.js';

/*
 * The app on PostgreSQL through database restarts (issue 8, §1). The test runs its own throwaway
 * cluster on a free port — never the machine's server — restarts it fast and immediate under
 * concurrent writes, and checks the contract: the process lives, 503 problem+json with Retry-After
 * while the database is away (within 5 s, no hang), success within 5 s of its return, the scope
 * listener reconnects and clears the cache, scheduled checks resume, no acknowledged write lost.
 */

const execFileAsync = promisify(execFile);
const PG_BIN = process.env.LPN_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const hasInitdb = fs.existsSync(path.join(PG_BIN, 'initdb'));
/** The issue's contract: answers while the database is away, and recovery once it is back. */
const CONTRACT_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway PostgreSQL cluster in a temp dir; as root it runs as the postgres user (initdb refuses root). */
class Cluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<Cluster> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpn-pg-restart-'));
    const cluster = new Cluster(dir, await freePort());
    if (process.getuid?.() === 0) {
      const { stdout } = await execFileAsync('id', ['-u', 'postgres']);
      const { stdout: gid } = await execFileAsync('id', ['-g', 'postgres']);
      fs.chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    await cluster.pg('initdb', [
      '-D',
      cluster.dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--no-sync',
    ]);
    return cluster;
  }

  get dataDir() {
    return path.join(this.dir, 'data');
  }

  url(database: string) {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private async pg(tool: string, args: string[]) {
    const binary = path.join(PG_BIN, tool);
    const [file, argv] =
      process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
    // Asynchronous: the app keeps serving (and failing) requests while pg_ctl waits.
    await execFileAsync(file, argv, { timeout: 30_000 });
  }

  start() {
    return this.pg('pg_ctl', [
      'start',
      '-w',
      '-D',
      this.dataDir,
      '-l',
      path.join(this.dir, 'server.log'),
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`,
    ]);
  }

  stop(mode: 'fast' | 'immediate') {
    return this.pg('pg_ctl', ['stop', '-w', '-m', mode, '-D', this.dataDir]);
  }

  async destroy() {
    if (fs.existsSync(path.join(this.dataDir, 'postmaster.pid')))
      await this.stop('immediate').catch(() => undefined);
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

describe.skipIf(!hasInitdb)(
  `a database restart (own PostgreSQL cluster${hasInitdb ? '' : `; skipped: no initdb in ${PG_BIN}`})`,
  () => {
    let cluster: Cluster;
    let database: Database;
    let t: TestApp;
    let cityId: string;
    let cookie: string;
    const logs: string[] = [];
    const unexpected: string[] = [];
    const acknowledged: string[] = [];
    let slowest = 0;
    let writersPaused = false;
    let writing = true;
    let writers: Promise<void>[] = [];
    let inFlight = 0;
    const checks = { ok: [] as number[], failed: [] as number[] };
    let schedule: Schedule;

    /** Any answer other than success or a proper 503 breaks the contract; so does a slow one. */
    function record(label: string, response: LightMyRequestResponse, ms: number, ok: number) {
      slowest = Math.max(slowest, ms);
      if (response.statusCode === ok) return;
      if (response.statusCode !== 503) {
        unexpected.push(`${label}: ${response.statusCode} ${response.body.slice(0, 200)}`);
        return;
      }
      const problem = isUnavailableProblem(response);
      if (problem !== true) unexpected.push(`${label}: 503 but ${problem}`);
    }

    function isUnavailableProblem(response: LightMyRequestResponse): true | string {
      if (!String(response.headers['content-type']).startsWith('application/problem+json'))
        return `content-type ${response.headers['content-type']}`;
      if (!/^\d+$/.test(String(response.headers['retry-after'] ?? ''))) return 'no Retry-After';
      const body = response.json() as { code?: string; status?: number };
      if (body.code !== 'service-unavailable' || body.status !== 503) return `body ${response.body}`;
      return true;
    }

    async function timed(label: string, ok: number, request: () => Promise<LightMyRequestResponse>) {
      const started = Date.now();
      const response = await request();
      record(label, response, Date.now() - started, ok);
      return response;
    }

    const listOrganisations = () =>
      timed('GET organisations', 200, () =>
        t.call({ method: 'GET', url: `/api/cities/${cityId}/organisations`, cookie }),
      );
    const ready = () => timed('GET /readyz', 200, () => t.call({ method: 'GET', url: '/readyz' }));

    async function writer(id: number) {
      for (let i = 0; writing; i++) {
        if (writersPaused) {
          await sleep(20);
          continue;
        }
        const name = `Restart org ${id}-${i}`;
        inFlight++;
        const response = await timed('POST organisation', 201, () =>
          t.call({
            method: 'POST',
            url: `/api/cities/${cityId}/organisations`,
            cookie,
            payload: { name, sector: 'education', membershipKind: 'formal', joinedOn: '2025-01-01' },
          }),
        ).finally(() => inFlight--);
        if (response.statusCode === 201) acknowledged.push(name);
        await sleep(20);
      }
    }

    /** Polls until `condition` holds; fails when it does not within 5 s of `since` (default: now). */
    async function waitFor(what: string, condition: () => Promise<boolean> | boolean, since = Date.now()) {
      for (;;) {
        if (await condition()) return;
        if (Date.now() - since > CONTRACT_MS) throw new Error(`not within ${CONTRACT_MS} ms: ${what}`);
        await sleep(50);
      }
    }

    const logged = (message: string) => logs.filter((line) => line.includes(message)).length;

    beforeAll(async () => {
      cluster = await Cluster.create();
      await cluster.start();
      const admin = new pg.Client({ connectionString: cluster.url('postgres') });
      await admin.connect();
      await admin.query('create database lpn');
      await admin.end();
      database = await openDatabase({ kind: 'postgres', url: cluster.url('lpn'), poolSize: 6 });
      await migrateDatabase(database);
      t = await createTestApp({
        database,
        // Long enough that only the listener (not the time limit) can empty the cache during the test.
        sessionCacheMs: 60_000,
        logger: { level: 'info', stream: { write: (line: string) => void logs.push(line) } },
      });
      cityId = await t.createCity('restartville', { require2faRoles: [] });
      await t.createPerson({ email: 'coord@restart.test', cityId, role: 'coordinator' });
      cookie = await t.signIn('coord@restart.test');
      schedule = every(
        100,
        async () => {
          await t.deps.db.execute(sql`select 1`);
          checks.ok.push(Date.now());
        },
        () => checks.failed.push(Date.now()),
      );
      writers = [1, 2, 3, 4].map((id) => writer(id));
    }, 60_000);

    afterAll(async () => {
      writing = false;
      await Promise.allSettled(writers);
      await schedule?.stop();
      await t?.close().catch(() => undefined);
      // A leaked pool client would make pool.end() wait forever: never let that keep the cluster alive.
      await Promise.race([database?.close().catch(() => undefined), sleep(10_000)]);
      await cluster?.destroy();
    }, 60_000);

    it('survives its connections being terminated, and the listener reconnects', async () => {
      await waitFor('first writes', () => acknowledged.length >= 4);
      const reconnects = logged('scope-change listener reconnected');
      const admin = new pg.Client({ connectionString: cluster.url('postgres') });
      await admin.connect();
      await admin.query(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = 'lpn' and pid <> pg_backend_pid()",
      );
      await admin.end();
      await waitFor(
        'the listener reconnected',
        () => logged('scope-change listener reconnected') > reconnects,
      );
      const before = acknowledged.length;
      await waitFor('writes succeed again', () => acknowledged.length > before);
      expect((await listOrganisations()).statusCode).toBe(200);
    });

    for (const mode of ['fast', 'immediate'] as const) {
      it(`answers 503 while stopped -m ${mode}, recovers within 5 s of the start, misses no notification`, async () => {
        await waitFor('writes before the stop', async () => (await ready()).statusCode === 200);
        const disconnects = logged('scope-change listener disconnected');
        const reconnects = logged('scope-change listener reconnected');
        const failedChecks = checks.failed.length;

        await cluster.stop(mode);
        const stoppedAt = Date.now();
        // While it is away: /readyz and API calls (reads, writes, sign-in) say 503, quickly.
        await waitFor('readyz 503', async () => (await ready()).statusCode === 503, stoppedAt);
        const read = await listOrganisations();
        expect(read.statusCode).toBe(503);
        expect(isUnavailableProblem(read)).toBe(true);
        expect((await ready()).headers['retry-after']).toMatch(/^\d+$/);
        const signIn = await timed('POST sign-in', 200, () =>
          t.call({
            method: 'POST',
            url: '/api/auth/sign-in/email',
            payload: { email: 'coord@restart.test', password: 'correct-horse-battery-staple' },
          }),
        );
        expect(signIn.statusCode).toBe(503);
        // better-auth's own routes too (it would answer its own 500 for a database error).
        const session = await timed('GET get-session', 200, () =>
          t.call({ method: 'GET', url: '/api/auth/get-session', cookie }),
        );
        expect(session.statusCode).toBe(503);
        expect(Date.now() - stoppedAt).toBeLessThan(CONTRACT_MS);
        await waitFor('scheduled checks fail', () => checks.failed.length > failedChecks, stoppedAt);

        // Changes made while the listener is down are not heard: it must clear the cache when it is back.
        await waitFor(
          'the listener noticed',
          () => logged('scope-change listener disconnected') > disconnects,
          stoppedAt,
        );
        writersPaused = true; // their requests (non-GET) would clear the cache themselves
        await waitFor('writes in flight finish', () => inFlight === 0);
        t.deps.scopeCache.set('restart-test-marker', {
          scope: { signedIn: null, isPlatformAdmin: false },
          sessionExpiresAt: Date.now() + 60_000,
          sessionCreatedAt: Date.now(),
        });
        expect(t.deps.scopeCache.get('restart-test-marker')).toBeDefined();

        await cluster.start();
        const startedAt = Date.now();
        await waitFor('readyz 200', async () => (await ready()).statusCode === 200, startedAt);
        await waitFor('reads succeed', async () => (await listOrganisations()).statusCode === 200, startedAt);
        await waitFor(
          'the listener reconnected',
          () => logged('scope-change listener reconnected') > reconnects,
          startedAt,
        );
        expect(t.deps.scopeCache.get('restart-test-marker')).toBeUndefined();
        const acknowledgedBefore = acknowledged.length;
        writersPaused = false;
        await waitFor('writes succeed', () => acknowledged.length > acknowledgedBefore, startedAt);
        await waitFor('scheduled checks resume', () => checks.ok.some((at) => at > startedAt), startedAt);
      });
    }

    it('lost no acknowledged write, never answered 500 or slowly, kept SQL and names out of the log', async () => {
      writing = false;
      await Promise.all(writers);
      expect(unexpected).toEqual([]);
      expect(slowest).toBeLessThan(CONTRACT_MS);
      const rows = await t.deps.db
        .select({ name: organisation.name })
        .from(organisation)
        .where(eq(organisation.cityId, cityId));
      const stored = new Set(rows.map((row) => row.name));
      expect(acknowledged.length).toBeGreaterThan(10);
      expect(acknowledged.filter((name) => !stored.has(name))).toEqual([]);
      // Every connection the requests took went back to the pool (none leaked by a failed BEGIN).
      const pool = database.pool!;
      await waitFor('all pooled connections idle', () => pool.idleCount === pool.totalCount);
      expect(pool.waitingCount).toBe(0);
      const leaks = logs.filter((line) => /Restart org|insert into|select /i.test(line));
      expect(leaks).toEqual([]);
    });
  },
);
