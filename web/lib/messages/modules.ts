import type { Messages } from './merge';

// Each module's messages, one chunk per module and language (locales/<module>/<lang>.json, keyed
// "<lang>:<module>"), loaded by the pages and home cards that use them (web/lib/i18n.ts
// loadModuleMessages). This map is a chunk of its own, so the sign-in page does not carry it.
const files = import.meta.glob<Messages>('../../../locales/*/*.json', { import: 'default' });

export const moduleMessages = new Map<string, () => Promise<Messages>>();
for (const [path, load] of Object.entries(files)) {
  const [module, file] = path.split('/').slice(-2);
  moduleMessages.set(`${file.replace(/\.json$/, '')}:${module}`, load);
}
