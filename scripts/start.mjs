// `npm start`: one plain Node process. It rebuilds only what changed since the last start (the web
// app with Vite, the server bundle with esbuild, each recorded by a hash of its sources in a stamp
// file under dist/), then runs the server bundle in this same process. No npm → sh → tsx → node
// chain: a TERM or Ctrl-C sent to `npm start` reaches the server (npm forwards it to this process,
// which sh execs), and the server's own handler shuts down gracefully.
//
//   node scripts/start.mjs              build what is stale, then serve
//   node scripts/start.mjs --build-only build what is stale, then exit (CI, images)
//   LPN_SKIP_WEB_BUILD=1                serve the API without building the web app (tests)
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const buildOnly = process.argv.includes('--build-only');

/** Every file under the given paths (tests and dot-files left out: they do not change a build). */
function* sourceFiles(entry) {
  const full = path.join(root, entry);
  const stat = fs.statSync(full, { throwIfNoEntry: false });
  if (!stat) return;
  if (stat.isFile()) {
    yield entry;
    return;
  }
  for (const name of fs.readdirSync(full).sort()) {
    if (name.startsWith('.') || name === 'node_modules' || /\.test\.tsx?$/.test(name)) continue;
    yield* sourceFiles(path.join(entry, name));
  }
}

/** A hash of the paths and contents of the sources: the build is current when its stamp holds it. */
function sourcesHash(entries) {
  const hash = crypto.createHash('sha256');
  hash.update(process.version.split('.')[0]);
  for (const entry of entries)
    for (const file of sourceFiles(entry))
      hash
        .update(file)
        .update('\0')
        .update(fs.readFileSync(path.join(root, file)));
  return hash.digest('hex');
}

const stampPath = (name) => path.join(dist, `.${name}.stamp`);
const readStamp = (name) => fs.readFileSync(stampPath(name), 'utf8').trim() || null;
function isCurrent(name, hash, output) {
  try {
    return readStamp(name) === hash && fs.existsSync(output);
  } catch {
    return false;
  }
}
function writeStamp(name, hash) {
  fs.mkdirSync(dist, { recursive: true });
  fs.writeFileSync(stampPath(name), hash + '\n');
}

/** Runs a build step as a child, passing TERM/INT on so stopping the start stops the build too. */
function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    const forward = (signal) => child.kill(signal);
    process.on('SIGTERM', forward).on('SIGINT', forward);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGTERM', forward).off('SIGINT', forward);
      if (signal) process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
      if (code === 0) resolve();
      else reject(new Error(`${path.basename(args[0] ?? command)} exited with ${code}`));
    });
  });
}

const WEB_SOURCES = [
  'web',
  'contracts',
  'locales',
  'vite.config.ts',
  'postcss.config.cjs',
  'scripts/precompress.ts',
  'scripts/navMessages.ts',
  'scripts/contractsForBrowser.ts',
  'package-lock.json',
];
const SERVER_SOURCES = ['server', 'contracts', 'locales', 'package-lock.json', 'scripts/start.mjs'];

async function buildWeb() {
  const hash = sourcesHash(WEB_SOURCES);
  if (isCurrent('web', hash, path.join(dist, 'web', 'index.html'))) return;
  console.log('Building the web app (its sources changed since the last build)…');
  await run(process.execPath, [
    path.join(root, 'node_modules/vite/bin/vite.js'),
    'build',
    '--logLevel',
    'warn',
  ]);
  writeStamp('web', hash);
}

/**
 * Bundles server/main.ts (our code only; packages stay in node_modules) into dist/server/main.js, so
 * the server runs on plain Node without a TypeScript loader. `import.meta.url` in each source file
 * is rewritten to that file's own location, so files read beside the code (migrations, locales,
 * templates, taxonomies) resolve as they do from the sources.
 */
async function buildServer() {
  const outfile = path.join(dist, 'server', 'main.js');
  const hash = sourcesHash(SERVER_SOURCES);
  if (isCurrent('server', hash, outfile)) return outfile;
  const esbuild = await import('esbuild');
  const outdir = path.dirname(outfile);
  const selfLocated = {
    name: 'self-located-import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        const source = fs.readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta.url')) return undefined;
        const relative = path.relative(outdir, args.path).split(path.sep).join('/');
        return {
          contents: source.replaceAll(
            'import.meta.url',
            `new URL(${JSON.stringify(relative)}, import.meta.url).href`,
          ),
          loader: 'ts',
        };
      });
    },
  };
  const temp = `${outfile}.${process.pid}.tmp`;
  try {
    await esbuild.build({
      entryPoints: [path.join(root, 'server/main.ts')],
      outfile: temp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: 'linked',
      sourcesContent: false,
      legalComments: 'none',
      logLevel: 'warning',
      plugins: [selfLocated],
    });
  } finally {
    await esbuild.stop?.();
  }
  // The map link names the temporary file: point it at the final one, then swap the bundle in whole.
  fs.renameSync(`${temp}.map`, `${outfile}.map`);
  const code = fs.readFileSync(temp, 'utf8');
  fs.writeFileSync(temp, code.replace(path.basename(`${temp}.map`), path.basename(`${outfile}.map`)));
  fs.renameSync(temp, outfile);
  writeStamp('server', hash);
  return outfile;
}

/**
 * dist/pglite-template.tar.gz: an embedded database with every migration applied, made by the server
 * bundle (`--pglite-template`) when the migrations or PGlite change. A fresh data dir starts as a copy
 * of it, skipping PGlite's initdb (most of a fresh start). Not needed on PostgreSQL.
 */
async function buildPgliteTemplate(server) {
  const file = path.join(dist, 'pglite-template.tar.gz');
  const hash = sourcesHash(['server/platform/db/migrations', 'package-lock.json']);
  if (!isCurrent('pglite-template', hash, file)) {
    console.log('Preparing the embedded database template (the migrations changed)…');
    try {
      await run(process.execPath, [server, '--pglite-template', file]);
      writeStamp('pglite-template', hash);
    } catch (error) {
      // Only a faster first start is lost: a new data dir is then made by PGlite's initdb.
      console.warn(`No database template (${error instanceof Error ? error.message : String(error)}).`);
      fs.rmSync(file, { force: true });
      return '';
    }
  }
  return file;
}

try {
  if (!process.env.LPN_SKIP_WEB_BUILD) await buildWeb();
  const server = await buildServer();
  if (!process.env.DATABASE_URL) process.env.LPN_PGLITE_TEMPLATE = await buildPgliteTemplate(server);
  if (!buildOnly) await import(pathToFileURL(server).href);
} catch (error) {
  console.error(`Could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
