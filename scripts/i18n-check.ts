/**
 * Checks the translator-editable locale files: every language must have exactly en.json's keys,
 * and every literal t('key') in the web code must exist in en.json. Exits 1 on a missing key.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const localesDir = join(root, 'locales');
const webDir = join(root, 'web');

type Tree = { [key: string]: string | Tree };

/** Flattens nested JSON into dotted keys (i18next's default key separator). */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** One language's messages: locales/<lang>.json plus every module's locales/<module>/<lang>.json. */
function load(file: string): Map<string, string> {
  const tree = JSON.parse(readFileSync(join(localesDir, file), 'utf8')) as Tree;
  for (const moduleName of readdirSync(localesDir)) {
    const moduleFile = join(localesDir, moduleName, file);
    if (statSync(join(localesDir, moduleName)).isDirectory()) {
      try {
        tree[moduleName] = JSON.parse(readFileSync(moduleFile, 'utf8')) as Tree;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
  }
  return flatten(tree);
}

/** The {{placeholders}} of a message, so a translation cannot drop or rename one. */
function placeholders(message: string): string {
  return [...message.matchAll(/\{\{\s*(\w+)\s*\}\}/g)]
    .map((m) => m[1])
    .sort()
    .join(',');
}

function walk(dir: string, ext: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) files.push(...walk(path, ext));
    else if (name.endsWith(ext)) files.push(path);
  }
  return files;
}

let failed = false;
const en = load('en.json');
const others = readdirSync(localesDir).filter((f) => f.endsWith('.json') && f !== 'en.json');

for (const file of others.sort()) {
  const lang = file.replace(/\.json$/, '');
  const keys = load(file);
  const missing = [...en.keys()].filter((k) => !keys.has(k));
  const extra = [...keys.keys()].filter((k) => !en.has(k));
  const badPlaceholders = [...en.keys()].filter(
    (k) => keys.has(k) && placeholders(en.get(k)!) !== placeholders(keys.get(k)!),
  );
  const empty = [...keys.entries()].filter(([, v]) => v.trim() === '').map(([k]) => k);
  if (missing.length + extra.length + badPlaceholders.length + empty.length === 0) {
    console.log(`${lang}: ok (${keys.size} keys)`);
    continue;
  }
  if (missing.length) {
    failed = true;
    console.log(`${lang}: ${missing.length} missing:\n  ${missing.join('\n  ')}`);
  }
  if (extra.length) console.log(`${lang}: ${extra.length} extra (not in en.json):\n  ${extra.join('\n  ')}`);
  if (badPlaceholders.length) {
    failed = true;
    console.log(`${lang}: placeholders differ from en.json:\n  ${badPlaceholders.join('\n  ')}`);
  }
  if (empty.length) {
    failed = true;
    console.log(`${lang}: empty messages:\n  ${empty.join('\n  ')}`);
  }
}

// Literal keys used in code: t('a.b'), t("a.b"), i18n.t('a.b'), labelKey: 'a.b'. Template keys (t(`roles.${r}`)) are
// checked by their static prefix: at least one key must live under it.
const used = new Map<string, string>();
const prefixes = new Map<string, string>();
// Tests may call t() with made-up keys on purpose (web/lib/translator.test.ts): only app code counts.
for (const file of [...walk(webDir, '.tsx'), ...walk(webDir, '.ts')].filter(
  (f) => !/\.test\.tsx?$/.test(f),
)) {
  // Comments may show a call as an example (t('…')); only code counts.
  const source = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const where = relative(root, file);
  for (const m of source.matchAll(/\bt\(\s*(['"])([^'"]+)\1/g)) used.set(m[2], where);
  // Web module descriptors name their navigation labels by key (web/lib/webModule.ts).
  for (const m of source.matchAll(/\blabelKey:\s*(['"])([^'"]+)\1/g)) used.set(m[2], where);
  for (const m of source.matchAll(/\bt\(\s*`([^`$]*)\$\{/g)) prefixes.set(m[1], where);
}
const unknown = [...used].filter(([key]) => !en.has(key));
if (unknown.length) {
  failed = true;
  console.log(`code uses ${unknown.length} key(s) missing from en.json:`);
  for (const [key, where] of unknown) console.log(`  ${key}  (${where})`);
}
const emptyPrefixes = [...prefixes].filter(([p]) => ![...en.keys()].some((k) => k.startsWith(p)));
if (emptyPrefixes.length) {
  failed = true;
  console.log('code builds keys under prefixes that have no keys in en.json:');
  for (const [p, where] of emptyPrefixes) console.log(`  ${p}…  (${where})`);
}
console.log(`code: ${used.size} literal keys, ${prefixes.size} key prefixes checked`);

process.exit(failed ? 1 : 0);
