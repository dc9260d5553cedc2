import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIfStale, formatReport, measure } from './web-budget.js';

/**
 * The web app as a phone sees it (see docs/BENCHMARKS.md):
 *   - Lighthouse (the npm package, Debian's Chromium, its default mobile profile with simulated
 *     throttling) on the sign-in page of the built app, served by `npm start` on a temporary data dir
 *     with the demo seed and a free port: performance, accessibility, best practices, SEO, the bytes
 *     transferred and the requests — median of --runs runs (default 3) by performance score;
 *   - the size budget of `npm run budget:web` (first-load JS per page, from the build manifest).
 * Builds are brought up to date first. The server is stopped by its PID at the end.
 *
 *   npm run bench:web
 *   npm run bench:web -- --runs=5 --path=/sign-in,/p/riverton/ar
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
const runs = Math.max(1, Number(args.runs ?? 3));
// The sign-in page of the app, and one of the demo city's public pages (server-rendered, no script).
const pagePaths = (args.path ?? '/sign-in,/p/riverton/en').split(',').filter(Boolean);
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const CHROME_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const load = () =>
  os
    .loadavg()
    .map((n) => n.toFixed(2))
    .join(' ');

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

/** `node scripts/start.mjs` (what `npm start` runs) on its own data dir; resolves once /readyz answers. */
async function startServer(dir: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: repo,
    env: {
      ...process.env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      LPN_DATA_DIR: path.join(dir, 'data'),
      LPN_KEY_FILE: path.join(dir, 'key'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${output}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return { child, port };
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`not ready within 180 s:\n${output}`);
}

/** TERM to the server's PID, SIGKILL after 15 s. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(child.pid!, 'SIGTERM');
  const timer = setTimeout(() => child.exitCode === null && process.kill(child.pid!, 'SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

interface Run {
  performance: number;
  accessibility: number;
  bestPractices: number;
  seo: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  bytes: number;
  requests: number;
  failed: string[];
}

interface LighthouseResult {
  categories: Record<string, { score: number | null }>;
  audits: Record<
    string,
    {
      id: string;
      score: number | null;
      scoreDisplayMode: string;
      title: string;
      numericValue?: number;
      details?: { items?: unknown[] };
    }
  >;
}

/** One Lighthouse run through its CLI (mobile, simulated throttling: the defaults). */
function lighthouse(url: string, dir: string, n: number): Run {
  const out = path.join(dir, `lighthouse-${n}.json`);
  const result = spawnSync(
    process.execPath,
    [
      path.join(repo, 'node_modules/lighthouse/cli/index.js'),
      url,
      '--quiet',
      '--output=json',
      `--output-path=${out}`,
      '--only-categories=performance,accessibility,best-practices,seo',
      `--chrome-flags=${CHROME_FLAGS.join(' ')}`,
    ],
    { cwd: repo, env: { ...process.env, CHROME_PATH }, encoding: 'utf8', timeout: 240_000 },
  );
  if (result.status !== 0 || !fs.existsSync(out))
    throw new Error(`lighthouse failed (${result.status ?? result.signal}):\n${result.stderr}`);
  const lhr = JSON.parse(fs.readFileSync(out, 'utf8')) as LighthouseResult;
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const value = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  return {
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    seo: score('seo'),
    fcp: value('first-contentful-paint'),
    lcp: value('largest-contentful-paint'),
    tbt: value('total-blocking-time'),
    cls: value('cumulative-layout-shift'),
    bytes: value('total-byte-weight'),
    requests: lhr.audits['network-requests']?.details?.items?.length ?? NaN,
    // Audits that cost points outside performance (performance lists its own metrics above).
    failed: Object.values(lhr.audits)
      .filter((a) => a.scoreDisplayMode === 'binary' && a.score === 0)
      .map((a) => a.id),
  };
}

console.log(`web bench — ${new Date().toISOString()}, ${os.cpus().length} cores, Node ${process.version}`);
console.log(`load before: ${load()}`);
buildIfStale();

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpn-bench-web-'));
let server: ChildProcess | undefined;
try {
  const started = await startServer(dir);
  server = started.child;
  console.log(`server PID ${server.pid} on port ${started.port} (demo seed, temporary data dir)`);
  for (const pagePath of pagePaths) {
    const url = `http://127.0.0.1:${started.port}${pagePath}`;
    const results: Run[] = [];
    for (let i = 0; i < runs; i++) {
      const run = lighthouse(url, dir, pagePaths.indexOf(pagePath) * 100 + i);
      results.push(run);
      console.log(
        `  run ${i + 1}: performance ${run.performance}, accessibility ${run.accessibility}, best practices ${run.bestPractices}, SEO ${run.seo}; FCP ${(run.fcp / 1000).toFixed(1)} s, LCP ${(run.lcp / 1000).toFixed(1)} s, TBT ${run.tbt.toFixed(0)} ms, CLS ${run.cls.toFixed(3)}`,
      );
    }
    const median = [...results].sort((a, b) => a.performance - b.performance)[(results.length - 1) >> 1];
    console.log(`Lighthouse mobile (simulated throttling), ${pagePath}, median of ${runs} by performance:`);
    console.log(
      `  performance ${median.performance}  accessibility ${median.accessibility}  best practices ${median.bestPractices}  SEO ${median.seo}`,
    );
    console.log(
      `  FCP ${(median.fcp / 1000).toFixed(2)} s, LCP ${(median.lcp / 1000).toFixed(2)} s, TBT ${median.tbt.toFixed(0)} ms, CLS ${median.cls.toFixed(3)}`,
    );
    console.log(
      `  transferred ${(median.bytes / 1000).toFixed(1)} KB in ${median.requests} requests${median.failed.length ? `; failed audits: ${median.failed.join(', ')}` : ''}`,
    );
  }
} finally {
  if (server) await stopServer(server);
  fs.rmSync(dir, { recursive: true, force: true });
}

const report = measure();
for (const line of formatReport(report)) console.log(line);
console.log(`load after: ${load()}`);
process.exitCode = report.over.length === 0 ? 0 : 1;
