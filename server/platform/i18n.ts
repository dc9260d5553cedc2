import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { locales, type Locale } from '../../contracts/route.js';

const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../locales');

type Messages = Record<string, unknown>;
const catalogues = new Map<Locale, Messages>();
// The shared messages (locales/<lang>.json) and, under each module's name, the module's own
// messages (locales/<module>/<lang>.json), so a key reads "<module>.<key>" as it does on the web.
const moduleDirs = fs
  .readdirSync(localesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
for (const locale of locales) {
  const file = path.join(localesDir, `${locale}.json`);
  const messages: Messages = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Messages)
    : {};
  for (const moduleName of moduleDirs) {
    const moduleFile = path.join(localesDir, moduleName, `${locale}.json`);
    if (fs.existsSync(moduleFile))
      messages[moduleName] = JSON.parse(fs.readFileSync(moduleFile, 'utf8')) as Messages;
  }
  catalogues.set(locale, messages);
}

function lookup(messages: Messages | undefined, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Picks the best supported locale from an Accept-Language header (q-values honoured). */
export function negotiateLocale(header: string | undefined, fallback: Locale = 'en'): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag: tag.toLowerCase().split('-')[0], q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) if ((locales as readonly string[]).includes(tag)) return tag as Locale;
  return fallback;
}

/**
 * A message from the shared locale files (the web uses the same files), falling back to English,
 * then the key; `{{name}}` placeholders are filled from `values`, as i18next does on the web.
 */
export function translate(locale: Locale, key: string, values?: Record<string, unknown>): string {
  const message = lookup(catalogues.get(locale), key) ?? lookup(catalogues.get('en'), key) ?? key;
  if (!values) return message;
  return message.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** Whether the locale files have a message for `key`. */
export function hasMessage(key: string): boolean {
  return lookup(catalogues.get('en'), key) !== undefined;
}
