import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Translator } from './translator';

describe('the web translator', () => {
  it('looks up nested keys, fills placeholders, and answers the key when a message is missing', () => {
    const i18n = new Translator('en');
    i18n.addResourceBundle('en', { auth: { hello: 'Hello {{name}}, {{ count }} new', plain: 'Plain' } });
    expect(i18n.t('auth.plain')).toBe('Plain');
    expect(i18n.t('auth.hello', { name: 'Ana', count: 3 })).toBe('Hello Ana, 3 new');
    expect(i18n.t('auth.hello', { name: 'Ana' })).toBe('Hello Ana, {{ count }} new');
    expect(i18n.t('auth.missing')).toBe('auth.missing');
    expect(i18n.t('auth')).toBe('auth'); // an object is not a message
    expect(i18n.t('network.sectors.x', { defaultValue: 'x' })).toBe('x');
  });

  it('merges a module bundle beside the shell, and switches language with an event and a new version', async () => {
    const i18n = new Translator('en');
    i18n.addResourceBundle('en', { app: { name: 'LPN' } });
    i18n.addResourceBundle('en', { cases: { nav: 'Situations' }, app: { tagline: 'Prevention' } });
    expect([i18n.t('app.name'), i18n.t('app.tagline'), i18n.t('cases.nav')]).toEqual([
      'LPN',
      'Prevention',
      'Situations',
    ]);
    i18n.addResourceBundle('ar', { app: { name: 'شبكة' } });
    const seen: string[] = [];
    i18n.on('languageChanged', (l) => seen.push(l));
    const before = i18n.version;
    await i18n.changeLanguage('ar');
    expect(seen).toEqual(['ar']);
    expect(i18n.version).toBeGreaterThan(before);
    expect(i18n.t('app.name')).toBe('شبكة');
    expect(i18n.dir()).toBe('rtl');
    expect(i18n.dir('fr')).toBe('ltr');
  });

  it('no message needs what it does not do: plural suffixes, nesting, formatters', () => {
    const root = path.resolve(import.meta.dirname, '../../locales');
    const files = fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.json'))
      .map((f) => path.join(root, f));
    expect(files.length).toBeGreaterThan(6);
    const problems: string[] = [];
    const visit = (node: unknown, at: string, file: string) => {
      if (typeof node === 'string') {
        if (/\$t\(|\{\{[^}]*,[^}]*\}\}/.test(node)) problems.push(`${file}: ${at}`);
        return;
      }
      for (const [key, value] of Object.entries(node as object)) {
        if (/_(zero|one|two|few|many|other)$/.test(key)) problems.push(`${file}: ${at}${key}`);
        visit(value, `${at}${key}.`, file);
      }
    };
    for (const file of files) visit(JSON.parse(fs.readFileSync(file, 'utf8')), '', path.relative(root, file));
    expect(problems).toEqual([]);
  });
});
