import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { navMessages } from '../scripts/navMessages';
import { navByGroup, messagesOf, webModules } from './webModules';

// A page loads only the messages of its own module and of those its descriptor declares in
// `messages` (web/router.tsx, web/lib/i18n.ts loadModuleMessages); a key of any other module would
// show raw. These tests find every use of a module's keys in each module folder and fail unless
// that module's messages are loaded there.

const webDir = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = join(webDir, '..');
const localesDir = join(repoRoot, 'locales');
/** Modules with messages of their own: locales/<module>/<lang>.json. */
const messageModules = readdirSync(localesDir).filter((f) => statSync(join(localesDir, f)).isDirectory());
const english = new Map(
  messageModules.map((m) => [m, JSON.parse(readFileSync(join(localesDir, m, 'en.json'), 'utf8')) as unknown]),
);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? files(path)
      : /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)
        ? [path]
        : [];
  });
}

/** The message (string) or group of messages (object) at a dotted path of a module's messages. */
function lookup(module: string, path: string[]): unknown {
  let value = english.get(module);
  for (const part of path) value = (value as Record<string, unknown> | undefined)?.[part];
  return value;
}

/**
 * The modules whose keys a source uses: every string or template literal that reads
 * '<module>.<key>' and names a message of that module, and every template literal
 * `<module>.<prefix>.${…}` whose prefix names a group of its messages (how dynamic keys are built
 * here: t(`cases.stage.${stage}`)). Permissions ('cases.read') name no message, so they do not count.
 */
export function modulesUsed(source: string): Map<string, string[]> {
  const used = new Map<string, string[]>();
  const names = messageModules.map((m) => m.replace(/[-]/g, '\\-')).join('|');
  const literal = new RegExp(`(['"\`])(${names})\\.([A-Za-z0-9_.-]*)(\\$\\{)?`, 'g');
  for (const m of source.matchAll(literal)) {
    const [, , module, rest, dynamic] = m;
    const path = rest.split('.').filter(Boolean);
    const value = lookup(module, path);
    const isKey = dynamic ? typeof value === 'object' && value !== null : typeof value === 'string';
    // A plural or context suffix: t('x.count', { count }) reads x.count_one / x.count_other.
    const isPlural =
      !dynamic &&
      typeof lookup(module, [...path.slice(0, -1), `${path[path.length - 1]}_other`]) === 'string';
    if (isKey || isPlural) used.set(module, [...(used.get(module) ?? []), m[0]]);
  }
  return used;
}

describe('module messages', () => {
  it('a key of another module is used only where that module is declared in `messages`', () => {
    const missing: string[] = [];
    for (const module of webModules) {
      const needed = new Set(messagesOf(module));
      for (const file of files(join(webDir, 'modules', module.name))) {
        const source = readFileSync(file, 'utf8');
        for (const [other, examples] of modulesUsed(source))
          if (!needed.has(other))
            missing.push(
              `${relative(webDir, file)} uses ${examples[0]}… — add '${other}' to messages of ${module.name}`,
            );
        // A component of another module's folder renders that module's keys inside this one.
        for (const m of source.matchAll(/from '\.\.\/([a-z-]+)(?:\/|')/g)) {
          const other = webModules.find((w) => w.name === m[1]);
          for (const name of other ? messagesOf(other) : [])
            if (messageModules.includes(name) && !needed.has(name))
              missing.push(
                `${relative(webDir, file)} imports from ${m[1]} — add '${name}' to messages of ${module.name}`,
              );
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('a home card that declares its own `messages` uses only those and its module’s keys', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const module of webModules) {
      const dir = join(webDir, 'modules', module.name);
      const descriptor = files(dir).find((f) => /\.module\.tsx?$/.test(f));
      if (!descriptor) continue;
      const text = readFileSync(descriptor, 'utf8');
      const cards = text.includes('homeCards:') ? text.slice(text.indexOf('homeCards:')) : '';
      for (const m of cards.matchAll(/\bmessages:\s*\[([^\]]*)\][\s\S]*?import\(\s*'\.\/([^']+)'/g)) {
        const allowed = new Set([module.name, ...[...m[1].matchAll(/'([^']+)'/g)].map((x) => x[1])]);
        // The card's file and the files of its own folder it imports, transitively.
        const seen = new Set<string>();
        const queue = [m[2]];
        while (queue.length) {
          const name = queue.pop()!;
          const file = ['.tsx', '.ts'].map((ext) => join(dir, name + ext)).find((f) => existsSync(f));
          if (!file || seen.has(file)) continue;
          seen.add(file);
          const source = readFileSync(file, 'utf8');
          for (const [other, examples] of modulesUsed(source))
            if (!allowed.has(other))
              missing.push(
                `${relative(webDir, file)} (card ${m[2]}) uses ${examples[0]}… — add '${other}' to the card's messages`,
              );
          for (const next of source.matchAll(/from '\.\/([^']+)'/g)) queue.push(next[1]);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('no key is built from a variable module name (it could not be checked or loaded)', () => {
    const dynamic: string[] = [];
    for (const file of files(webDir)) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(/\b(?:t|i18n\.t)\(\s*`\$\{|i18nKey=\{`\$\{|[lL]abelKey:\s*`\$\{/g))
        dynamic.push(`${relative(webDir, file)}: ${m[0]}`);
    }
    expect(dynamic).toEqual([]);
  });

  it('declares only modules that have messages, and not itself', () => {
    for (const module of webModules)
      for (const name of module.messages ?? []) {
        expect(messageModules, `${module.name} declares messages of ${name}`).toContain(name);
        expect(name, `${module.name} declares itself`).not.toBe(module.name);
      }
  });

  it('the shell (outside module folders) uses no module keys: they would not be loaded there', () => {
    const used: string[] = [];
    for (const file of files(webDir)) {
      if (relative(webDir, file).startsWith('modules')) continue;
      for (const [module, examples] of modulesUsed(readFileSync(file, 'utf8')))
        used.push(`${relative(webDir, file)}: ${module} (${examples[0]}…)`);
    }
    expect(used).toEqual([]);
  });

  it('every navigation label of a module is in the shell messages (scripts/navMessages.ts)', () => {
    for (const lang of readdirSync(join(localesDir, 'cases')).map((f) => f.replace('.json', ''))) {
      const nav = navMessages(repoRoot, lang);
      for (const entry of navByGroup.flatMap((g) => g.entries)) {
        const [module, ...path] = entry.labelKey.split('.');
        if (!existsSync(join(localesDir, module))) continue; // a shell key
        let value: unknown = nav[module];
        for (const part of path) value = (value as Record<string, unknown> | undefined)?.[part];
        expect(typeof value, `${lang}: ${entry.labelKey}`).toBe('string');
      }
    }
  });

  it('the scan finds keys, dynamic keys and ignores permissions', () => {
    expect([...modulesUsed("t('cases.stage.closed'); can('cases.read')").keys()]).toEqual(['cases']);
    expect([...modulesUsed('t(`network.sectors.${s}`)').keys()]).toEqual(['network']);
    expect([...modulesUsed("can('cases.read')").keys()]).toEqual([]);
  });
});
