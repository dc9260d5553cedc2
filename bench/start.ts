import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { withDefaultUser } from '../server/platform/db/index.js';

/**
 * Start-up figures of `npm start` as a newcomer meets them (see docs/BENCHMARKS.md):
 *   - fresh: an empty data dir → ready (migrations, demo seed, listening), median of --fresh runs;
 *   - existing: the same data dir again → ready, median of --existing runs;
 *   - idle RSS of the server process on PGlite and on PostgreSQL (its own temporary database,
 *     created and dropped), read from /proc after --idle seconds;
 *   - stop: TERM → process gone.
 * Builds are brought up to date first and not timed (the stamps make later starts skip them).
 *
 *   npm run bench:start
 *   npm run bench:start -- --fresh=3 --existing=5 --idle=10 --pg=postgres://127.0.0.1:5432/postgres
 */
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .filter((a) => a.startsWith('--'))
    .map((a) => {
      const [key, value] = a.slice(2).split('=');
      return [key, value ?? 'true'];
    }),
);
const freshRuns = Number(args.fresh ?? 2);
const existingRuns = Number(args.existing ?? 3);
const idleSeconds = Number(args.idle ?? 5);
const adminUrl = withDefaultUser(args.pg ?? 'postgres://127.0.0.1:5432/postgres');

const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN;
};
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

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

function rssMb(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/** CPU seconds (user + system) the process has used: less skewed by a busy machine than wall time. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime (fields 14, 15) in ticks
}

interface Run {
  child: ChildProcess;
  readyMs: number;
  cpu: number;
  output: () => string;
}

/** Starts `node scripts/start.mjs` (what `npm start` runs) and waits for /readyz. */
async function start(env: Record<string, string>): Promise<Run> {
  const port = await freePort();
  let output = '';
  const began = performance.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: repo,
    env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = began + 180_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (res.ok)
        return {
          child,
          readyMs: performance.now() - began,
          cpu: cpuSeconds(child.pid!),
          output: () => output,
        };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`not ready within 180 s:\n${output}`);
}

/** TERM, then the time until the process is gone (SIGKILL after 15 s). */
async function stop(run: Run): Promise<number> {
  const began = performance.now();
  const exited = new Promise<void>((resolve) => run.child.once('exit', () => resolve()));
  run.child.kill('SIGTERM');
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
  return performance.now() - began;
}

async function idleRss(run: Run) {
  await new Promise((r) => setTimeout(r, idleSeconds * 1000));
  return rssMb(run.child.pid!);
}

const lines: string[] = [];
const say = (line: string) => {
  lines.push(line);
  console.log(line);
};

say(`start bench — ${new Date().toISOString()}, ${os.cpus().length} cores, Node ${process.version}`);
say(`load before: ${load()}`);
execFileSync(process.execPath, ['scripts/start.mjs', '--build-only'], { cwd: repo, stdio: 'inherit' });

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpn-bench-start-'));
const pgliteEnv = (n: number) => ({
  LPN_DATA_DIR: path.join(dir, `data-${n}`),
  LPN_KEY_FILE: path.join(dir, `key-${n}`),
});
try {
  const fresh: number[] = [];
  const existing: number[] = [];
  const freshCpu: number[] = [];
  const existingCpu: number[] = [];
  const rss: { rss: number; peak: number }[] = [];
  const stops: number[] = [];
  for (let i = 0; i < freshRuns; i++) {
    const run = await start(pgliteEnv(i));
    fresh.push(run.readyMs);
    freshCpu.push(run.cpu);
    stops.push(await stop(run));
  }
  for (let i = 0; i < existingRuns; i++) {
    const run = await start(pgliteEnv(0));
    existing.push(run.readyMs);
    existingCpu.push(run.cpu);
    rss.push(await idleRss(run));
    stops.push(await stop(run));
  }
  say(
    `PGlite fresh data dir → ready (migrations + demo): median ${seconds(median(fresh))}  [${fresh.map(seconds).join(', ')}], CPU ${median(freshCpu).toFixed(1)} s`,
  );
  say(
    `PGlite existing data dir → ready: median ${seconds(median(existing))}  [${existing.map(seconds).join(', ')}], CPU ${median(existingCpu).toFixed(1)} s`,
  );
  say(
    `PGlite idle RSS after ${idleSeconds} s: median ${median(rss.map((r) => r.rss)).toFixed(0)} MB (peak ${median(rss.map((r) => r.peak)).toFixed(0)} MB)`,
  );

  const admin = new pg.Client({ connectionString: adminUrl });
  const dbName = `lpn_bench_start_${process.pid}`;
  let connected = false;
  try {
    await admin.connect();
    connected = true;
  } catch (error) {
    say(
      `PostgreSQL at ${adminUrl.replace(/\/\/[^@]*@/, '//')} not reachable (${(error as Error).message}): skipped`,
    );
  }
  if (connected) {
    await admin.query(`create database ${dbName}`);
    try {
      const url = new URL(adminUrl);
      url.pathname = `/${dbName}`;
      const env = { DATABASE_URL: url.toString(), LPN_KEY_FILE: path.join(dir, 'key-pg') };
      const first = await start(env);
      stops.push(await stop(first));
      const pgReady: number[] = [];
      const pgCpu: number[] = [];
      const pgRss: { rss: number; peak: number }[] = [];
      for (let i = 0; i < existingRuns; i++) {
        const run = await start(env);
        pgReady.push(run.readyMs);
        pgCpu.push(run.cpu);
        pgRss.push(await idleRss(run));
        stops.push(await stop(run));
      }
      say(
        `PostgreSQL fresh database → ready (migrations + demo): ${seconds(first.readyMs)}, CPU ${first.cpu.toFixed(1)} s`,
      );
      say(
        `PostgreSQL existing database → ready: median ${seconds(median(pgReady))}, CPU ${median(pgCpu).toFixed(1)} s`,
      );
      say(
        `PostgreSQL idle RSS after ${idleSeconds} s: median ${median(pgRss.map((r) => r.rss)).toFixed(0)} MB (peak ${median(pgRss.map((r) => r.peak)).toFixed(0)} MB)`,
      );
    } finally {
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  }
  say(`TERM → process gone: median ${seconds(median(stops))}, max ${seconds(Math.max(...stops))}`);
  say(`load after: ${load()}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
