import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builtIndex = path.join(repoRoot, 'dist/web/index.html');
/** Everything the web bundle is built from. */
const sources = [
  'web',
  'locales',
  'contracts',
  'vite.config.ts',
  'postcss.config.cjs',
  'package-lock.json',
  'scripts/navMessages.ts',
];

function newestMtime(entry: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) {
    if (child === 'node_modules' || child.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(entry, child)));
  }
  return newest;
}

/** Whether dist/web is missing or older than any of its sources. */
export function webBuildIsStale(): boolean {
  if (!fs.existsSync(builtIndex)) return true;
  const built = fs.statSync(builtIndex).mtimeMs;
  return sources.some((source) => newestMtime(path.join(repoRoot, source)) > built);
}

/** Runs `npx vite build` when the bundle is stale; throws with vite's output when the build fails. */
export async function buildWebIfStale(): Promise<void> {
  if (!webBuildIsStale()) return;
  if (!fs.existsSync(path.join(repoRoot, 'vite.config.ts'))) {
    throw new Error('No vite.config.ts at the repository root: the web app cannot be built');
  }
  const started = Date.now();
  const result = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0 || !fs.existsSync(builtIndex)) {
    throw new Error(
      `vite build failed (exit ${result.status ?? result.signal}):\n${result.stdout ?? ''}\n${result.stderr ?? ''}`,
    );
  }
  console.log(`[e2e] built the web app into dist/web in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
