import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

/**
 * The web app's size budget, read from the build manifest (dist/web/.vite/manifest.json) — no server,
 * no browser. A page's first-load JS is everything the browser must fetch before the page can show:
 *   the entry script and its static imports (React, Mantine, the router, i18next, the module
 *   descriptors), + the signed-in frame (AppLayout, and CityLayout inside a city) with its imports,
 *   + the page's lazy route chunk and its static imports, + one language's messages (the shell's,
 *   with every module's navigation labels, and on signed-in pages those of the page's module and of
 *   the modules its descriptor declares in `messages`; in the language that weighs most, so the
 *   figure holds in all six),
 * counted once each, gzip-compressed (the .gz twins the server sends). The city home also counts every
 * home card (a chair sees them all) and the messages of every module with a card. Pages are found in the module descriptors
 * (web/modules/<name>/<name>.module.ts), so a new module's pages are budgeted without editing this file.
 *
 *   npm run budget:web              build if stale, print the table, exit 1 when over the budget
 *   npm run budget:web -- --json    the same figures as JSON
 *   npm run budget:web -- --no-build measure dist/web as it is
 */

// Targets (issue 9), bytes of gzip.
export const SIGN_IN_TARGET = 150_000;
export const PAGE_TARGET = 250_000;
// What CI enforces (exit 1 above it): the targets themselves, met since the sign-in page got its own
// document and the browser build lost i18next, the contracts' schemas and floating-ui under tables
// (docs/BENCHMARKS.md). A page that grows past them fails CI: split it (lazy parts, card-sized work).
/** The row of the sign-in document in the report. */
export const SIGN_IN_DOCUMENT = '/sign-in (first visit: sign-in.html)';
export const SIGN_IN_BUDGET = SIGN_IN_TARGET;
export const PAGE_BUDGET = PAGE_TARGET;

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distWeb = path.join(repo, 'dist/web');
const manifestPath = path.join(distWeb, '.vite/manifest.json');

interface Chunk {
  file: string;
  src?: string;
  name?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, Chunk>;

export interface PageSize {
  path: string;
  source: string;
  files: number;
  gzip: number;
  brotli: number;
  budget: number;
  target: number;
}

export interface BudgetReport {
  entry: { files: number; gzip: number; brotli: number; css: number };
  languages: Record<string, { shell: number; modules: number }>;
  pages: PageSize[];
  over: PageSize[];
  missed: PageSize[];
}

const sizes = new Map<string, { gzip: number; brotli: number }>();
/** Compressed sizes of a built file: its precompressed twins, or compressed here as the build would. */
function compressed(file: string): { gzip: number; brotli: number } {
  const cached = sizes.get(file);
  if (cached) return cached;
  const full = path.join(distWeb, file);
  const data = fs.readFileSync(full);
  const twin = (ext: string, make: () => Buffer) =>
    fs.existsSync(full + ext) ? fs.statSync(full + ext).size : Math.min(data.length, make().length);
  const size = {
    gzip: twin('.gz', () => zlib.gzipSync(data, { level: 9 })),
    brotli: twin('.br', () => zlib.brotliCompressSync(data)),
  };
  sizes.set(file, size);
  return size;
}

/** The chunk and every chunk it imports statically, transitively (what modulepreload fetches). */
function closure(manifest: Manifest, key: string, into = new Set<string>()): Set<string> {
  if (into.has(key)) return into;
  const chunk = manifest[key];
  if (!chunk) throw new Error(`${key} is not in the build manifest: is dist/web current?`);
  into.add(key);
  for (const next of chunk.imports ?? []) closure(manifest, next, into);
  return into;
}

const sum = (manifest: Manifest, keys: Iterable<string>) => {
  let gzip = 0;
  let brotli = 0;
  let files = 0;
  for (const key of keys) {
    const s = compressed(manifest[key].file);
    gzip += s.gzip;
    brotli += s.brotli;
    files++;
  }
  return { files, gzip, brotli };
};

/** The frames a page renders inside (web/router.tsx): lazy chunks of their own, loaded with the page. */
const FRAMES: Record<string, string[]> = {
  root: [],
  app: ['components/AppLayout.tsx'],
  city: ['components/AppLayout.tsx', 'modules/cities/CityLayout.tsx'],
};

interface Lazy {
  path: string;
  source: string; // manifest key, relative to web/
  kind: 'page' | 'card';
  parent: string;
  /** The modules whose messages it loads (web/router.tsx, web/webModules.ts messagesOf). */
  messages: string[];
}

/**
 * Pages and home cards as the module descriptors declare them: each `import('./X')` inside a
 * `lazyRouteComponent` (a page, with the `path` and parent of its createRoute) or a `lazy` (a card).
 */
function lazyChunks(manifest: Manifest): Lazy[] {
  const found: Lazy[] = [];
  const modulesDir = path.join(repo, 'web/modules');
  for (const name of fs.readdirSync(modulesDir).sort()) {
    for (const file of fs.readdirSync(path.join(modulesDir, name))) {
      if (!/\.module\.tsx?$/.test(file)) continue;
      const text = fs.readFileSync(path.join(modulesDir, name, file), 'utf8');
      // The module's `messages` (a card's own, inside `homeCards`, is read with the card below).
      const head = text.includes('homeCards:') ? text.slice(0, text.indexOf('homeCards:')) : text;
      const declared = head.match(/\bmessages:\s*\[([^\]]*)\]/)?.[1] ?? '';
      const messages = [name, ...[...declared.matchAll(/'([^']+)'/g)].map((m) => m[1])];
      const re = /(lazyRouteComponent|lazy)\(\s*\(\)\s*=>\s*import\(\s*'\.\/([^']+)'\s*\)/g;
      for (const match of text.matchAll(re)) {
        const before = text.slice(0, match.index);
        const base = `modules/${name}/${match[2]}`;
        const source = ['.tsx', '.ts'].map((ext) => base + ext).find((key) => manifest[key]);
        // A card that some chunk also imports statically has no chunk of its own: counted with that one.
        if (!source && match[1] === 'lazy') continue;
        if (!source) throw new Error(`${base} (imported by ${name}/${file}) is not in the build manifest`);
        if (match[1] === 'lazy') {
          // A card may declare its own, smaller `messages` (web/lib/webModule.ts HomeCard.messages).
          const card = before.slice(before.lastIndexOf('{'));
          const own = card.match(/\bmessages:\s*\[([^\]]*)\]/)?.[1];
          const cardMessages =
            own === undefined ? messages : [name, ...[...own.matchAll(/'([^']+)'/g)].map((m) => m[1])];
          found.push({
            path: `home card ${match[2]}`,
            source,
            kind: 'card',
            parent: 'city',
            messages: cardMessages,
          });
          continue;
        }
        const block = before.slice(before.lastIndexOf('createRoute('));
        const parent = block.match(/getParentRoute:\s*\(\)\s*=>\s*(\w+)/)?.[1] ?? '';
        if (!FRAMES[parent]) throw new Error(`${name}/${file}: a route under "${parent}", not root/app/city`);
        const own = block.match(/\bpath:\s*'([^']*)'/)?.[1] ?? '';
        const prefix = parent === 'city' ? '/c/$cityId' : '';
        found.push({
          path: prefix + (own === '/' && prefix ? '' : own),
          source,
          kind: 'page',
          parent,
          messages,
        });
      }
    }
  }
  return found;
}

/** Sizes of the entry, of each language and of every page's first load. */
export function measure(): BudgetReport {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8')) as Manifest;
  const entryKey = 'index.html';
  if (!manifest[entryKey]?.isEntry) throw new Error('no index.html entry in the build manifest');
  const entry = closure(manifest, entryKey);
  const css = [...entry].flatMap((k) => manifest[k].css ?? []).reduce((n, f) => n + compressed(f).gzip, 0);

  // Language chunks: web/lib/messages/<lang>.ts, the shell's messages (with every module's navigation
  // labels), loaded before the first render; locales/<module>/<lang>.json, one module's messages,
  // loaded by the pages and cards of the modules that use them (web/lib/i18n.ts).
  const languages: Record<string, { shell: Set<string>; modules: Map<string, Set<string>> }> = {};
  for (const key of Object.keys(manifest)) {
    const shell = key.match(/^lib\/messages\/([a-z]{2})\.ts$/);
    const module = key.match(/^\.\.\/locales\/([^/]+)\/([a-z]{2})\.json$/);
    const lang = shell?.[1] ?? module?.[2];
    if (!lang) continue;
    languages[lang] ??= { shell: new Set(), modules: new Map() };
    const keys = new Set<string>();
    closure(manifest, key, keys);
    // Each module's chunk counts with the map that finds it (lib/messages/modules.ts).
    if (module && manifest['lib/messages/modules.ts']) closure(manifest, 'lib/messages/modules.ts', keys);
    for (const k of entry) keys.delete(k);
    if (shell) languages[lang].shell = keys;
    else languages[lang].modules.set(module![1], keys);
  }
  // A build that bundles every language into the entry (as before the split) has none: counted there.
  if (Object.keys(languages).length === 0) languages.all = { shell: new Set(), modules: new Map() };
  const languageSizes = Object.fromEntries(
    Object.entries(languages).map(([l, parts]) => [
      l,
      {
        shell: sum(manifest, parts.shell).gzip,
        modules: sum(manifest, new Set([...parts.modules.values()].flatMap((k) => [...k]))).gzip,
      },
    ]),
  );

  const lazies = lazyChunks(manifest);
  const cards = lazies.filter((l) => l.kind === 'card');
  const pages: PageSize[] = [];
  for (const lazy of lazies.filter((l) => l.kind === 'page')) {
    const keys = new Set(entry);
    // A frame bundled into the entry has no chunk of its own: it is counted there already.
    for (const frame of FRAMES[lazy.parent]) if (manifest[frame]) closure(manifest, frame, keys);
    closure(manifest, lazy.source, keys);
    const modules = new Set(lazy.messages);
    if (lazy.path === '/c/$cityId')
      for (const card of cards) {
        closure(manifest, card.source, keys);
        for (const m of card.messages) modules.add(m);
      }
    // In the language that weighs most on this page: the shell's messages, and its modules' messages.
    let heaviest: ReturnType<typeof sum> | undefined;
    for (const parts of Object.values(languages)) {
      const withLanguage = new Set([...keys, ...parts.shell]);
      for (const m of modules) for (const k of parts.modules.get(m) ?? []) withLanguage.add(k);
      const size = sum(manifest, withLanguage);
      if (!heaviest || size.gzip > heaviest.gzip) heaviest = size;
    }
    pages.push({
      path: lazy.path,
      source: lazy.source,
      ...heaviest!,
      budget: PAGE_BUDGET,
      target: PAGE_TARGET,
    });
  }
  // The sign-in document (web/sign-in.html → web/signIn.tsx), what a first visit to /sign-in loads:
  // its own entry and static imports, and the shell's messages in the heaviest language. (The /sign-in
  // route above is the same page reached inside the app, with the app's entry already loaded.)
  if (!manifest['sign-in.html']?.isEntry)
    throw new Error('the sign-in document is not in the build manifest');
  const signInKeys = closure(manifest, 'sign-in.html');
  let signIn: ReturnType<typeof sum> | undefined;
  for (const parts of Object.values(languages)) {
    const size = sum(manifest, new Set([...signInKeys, ...parts.shell]));
    if (!signIn || size.gzip > signIn.gzip) signIn = size;
  }
  pages.push({
    path: SIGN_IN_DOCUMENT,
    source: 'sign-in.html',
    ...signIn!,
    budget: SIGN_IN_BUDGET,
    target: SIGN_IN_TARGET,
  });
  pages.sort((a, b) => a.path.localeCompare(b.path));
  return {
    entry: { ...sum(manifest, entry), css },
    languages: languageSizes,
    pages,
    over: pages.filter((p) => p.gzip > p.budget),
    missed: pages.filter((p) => p.gzip > p.target),
  };
}

const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;

/** The report as aligned text lines. */
export function formatReport(report: BudgetReport): string[] {
  const lines = [
    `entry (shell): ${report.entry.files} JS files, ${kb(report.entry.gzip)} gzip (${kb(report.entry.brotli)} brotli); CSS ${kb(report.entry.css)} gzip`,
    `messages of one language (gzip), shell + all modules (a page loads only its own modules'): ${Object.entries(
      report.languages,
    )
      .map(([l, n]) => `${l} ${kb(n.shell)} + ${kb(n.modules)}`)
      .join(', ')}`,
    `first-load JS per page (entry + frames + page + the heaviest language's messages), gzip / target / budget:`,
  ];
  const width = Math.max(...report.pages.map((p) => p.path.length));
  for (const p of report.pages)
    lines.push(
      `  ${p.path.padEnd(width)}  ${kb(p.gzip).padStart(9)} / ${kb(p.target)} / ${kb(p.budget)}  (${kb(p.brotli)} brotli, ${p.files} files)${p.gzip > p.budget ? '  OVER BUDGET' : p.gzip > p.target ? '  over target' : ''}`,
    );
  lines.push(
    report.missed.length === 0
      ? `targets: met (sign-in ≤ ${kb(SIGN_IN_TARGET)}, every page ≤ ${kb(PAGE_TARGET)})`
      : `targets: NOT met by ${report.missed.length} of ${report.pages.length} pages (sign-in ≤ ${kb(SIGN_IN_TARGET)}, every page ≤ ${kb(PAGE_TARGET)})`,
    report.over.length === 0
      ? `size budget (enforced by CI): OK (sign-in ≤ ${kb(SIGN_IN_BUDGET)}, every page ≤ ${kb(PAGE_BUDGET)})`
      : `size budget (enforced by CI): EXCEEDED by ${report.over.map((p) => p.path).join(', ')}`,
  );
  return lines;
}

/** Brings dist/ up to date the way `npm start` does (a no-op when the stamps say it is current). */
export function buildIfStale(): void {
  // Its output goes to stderr, so `--json` keeps stdout clean.
  execFileSync(process.execPath, ['scripts/start.mjs', '--build-only'], {
    cwd: repo,
    stdio: ['ignore', 2, 2],
  });
  if (!fs.existsSync(manifestPath)) throw new Error(`${manifestPath} missing after the build`);
}

if (process.argv[1] && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!process.argv.includes('--no-build')) buildIfStale();
  const report = measure();
  if (process.argv.includes('--json')) console.log(JSON.stringify(report, null, 2));
  else for (const line of formatReport(report)) console.log(line);
  process.exitCode = report.over.length === 0 ? 0 : 1;
}
