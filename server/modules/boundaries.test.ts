import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

// The module boundary lives in eslint.config.js: a module reaches another only through its index.ts.
const eslint = new ESLint();

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('module boundaries', () => {
  it("refuses an import of another module's internal file", async () => {
    const found = await restrictedImports(
      'server/modules/cities/example.ts',
      "import { membership } from '../people/people.table.js';\nexport const m = membership;\n",
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('index.ts');
  });

  it("allows the other module's index, the module's own files and the platform", async () => {
    const found = await restrictedImports(
      'server/modules/cities/example.ts',
      [
        "import { membership } from '../people/index.js';",
        "import { city } from './cities.table.js';",
        "import { appendAudit } from '../../platform/audit/audit.js';",
        'export const all = [membership, city, appendAudit];',
        '',
      ].join('\n'),
    );
    expect(found).toEqual([]);
  });

  it('also catches the long way round and deeper files', async () => {
    const found = await restrictedImports(
      'server/modules/people/sub/example.ts',
      "import { city } from '../../../modules/cities/cities.table.js';\nimport { x } from '../../cities/cities.service.js';\nexport const all = [city, x];\n",
    );
    expect(found).toHaveLength(2);
  });
});
