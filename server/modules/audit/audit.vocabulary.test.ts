import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasMessage } from '../../platform/i18n.js';

/*
 * The audit log speaks people's language (issue 9): every action and record type a module writes has
 * a translated name in locales/audit (the other five languages are kept complete by
 * `npm run i18n:check`). This reads the server's code for the literal `action: '…'` and
 * `recordType: '…'` it audits with, so a new module's entries are checked without editing this test.
 */
const serverDir = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'migrations' ? [] : sources(full);
    return /\.ts$/.test(entry.name) && !/\.(test|fixture)\.ts$/.test(entry.name) ? [full] : [];
  });
}

describe('the audit vocabulary', () => {
  const written = { actions: new Map<string, string>(), recordTypes: new Map<string, string>() };
  for (const file of sources(serverDir)) {
    const text = fs.readFileSync(file, 'utf8');
    const where = path.relative(serverDir, file);
    for (const m of text.matchAll(/\baction: '([a-z][a-z0-9_.-]*)'/g)) written.actions.set(m[1], where);
    for (const m of text.matchAll(/\brecordType: '([a-z][a-z0-9_-]*)'/g))
      written.recordTypes.set(m[1], where);
  }

  it('finds what the modules audit', () => {
    expect(written.actions.size).toBeGreaterThan(20);
    expect(written.recordTypes.size).toBeGreaterThan(40);
  });

  it('has a translated name for every action and record type written', () => {
    const missing = [
      ...[...written.actions]
        .filter(([code]) => !hasMessage(`audit.actions.${code}`))
        .map(([c, f]) => `action ${c} (${f})`),
      ...[...written.recordTypes]
        .filter(([code]) => !hasMessage(`audit.recordTypes.${code}`))
        .map(([c, f]) => `recordType ${c} (${f})`),
    ];
    expect(missing).toEqual([]);
  });
});
