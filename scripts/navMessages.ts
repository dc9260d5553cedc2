import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * The navigation labels of every module, for the shell's messages. The signed-in frame shows every
 * module's navigation entries, but a page loads only the messages of the modules it uses
 * (web/lib/i18n.ts loadModuleMessages); so the labels the descriptors name (`labelKey`, in
 * web/modules/<name>/<name>.module.ts) that live in a module's messages (locales/<module>/<lang>.json)
 * are picked here, at build time, into the shell's chunk of each language: a few hundred bytes
 * instead of every module's messages.
 */
export function navLabelKeys(repoRoot: string): string[] {
  const keys = new Set<string>();
  const modulesDir = path.join(repoRoot, 'web/modules');
  for (const name of fs.readdirSync(modulesDir)) {
    const dir = path.join(modulesDir, name);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir)) {
      if (!/\.module\.tsx?$/.test(file)) continue;
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const m of text.matchAll(/\blabelKey:\s*(['"`])([^'"`$]+)\1/g)) keys.add(m[2]);
    }
  }
  return [...keys].sort();
}

/** Those labels of one language, nested as i18next reads them: { cases: { nav: '…' }, … }. */
export function navMessages(repoRoot: string, lang: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of navLabelKeys(repoRoot)) {
    const [module, ...rest] = key.split('.');
    const file = path.join(repoRoot, 'locales', module, `${lang}.json`);
    if (!fs.existsSync(file)) continue; // a shell key (nav.home): in locales/<lang>.json already
    let value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const part of rest) value = (value as Record<string, unknown> | undefined)?.[part];
    if (typeof value !== 'string') throw new Error(`${key}: no message in locales/${module}/${lang}.json`);
    let into = out;
    for (const part of [module, ...rest.slice(0, -1)]) into = (into[part] ??= {}) as Record<string, unknown>;
    into[rest[rest.length - 1]] = value;
  }
  return out;
}

const PREFIX = 'virtual:nav-messages/';

/** `import nav from 'virtual:nav-messages/<lang>'`: navMessages(lang) as a module. */
export function navMessagesPlugin(repoRoot: string): Plugin {
  return {
    name: 'lpn-nav-messages',
    resolveId: (id) => (id.startsWith(PREFIX) ? `\0${id}` : undefined),
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return undefined;
      // Rebuilt (and reloaded in dev) when a descriptor or a module's messages change.
      for (const dir of ['web/modules', 'locales']) this.addWatchFile(path.join(repoRoot, dir));
      return `export default ${JSON.stringify(navMessages(repoRoot, id.slice(PREFIX.length + 1)))};`;
    },
  };
}
