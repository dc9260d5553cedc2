import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { user } from '../platform/auth/auth.table.js';
import { demoBanner, seedDemo } from './demo.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.deps);
});
afterAll(() => t.close());

const lineOf = (lines: string[], email: string) => lines.find((line) => line.includes(email)) ?? '';

describe('demo start banner', () => {
  it('says who must set up two-factor, and stops saying it once they have', async () => {
    const before = await demoBanner(t.deps.db, true);
    expect(before[0]).toContain('seeded');
    expect(lineOf(before, 'chair@demo.lpn.local')).toContain('sets up two-factor at first sign-in');
    expect(lineOf(before, 'coordinator@demo.lpn.local')).not.toContain('two-factor');

    await t.deps.db
      .update(user)
      .set({ twoFactorEnabled: true })
      .where(eq(user.email, 'chair@demo.lpn.local'));
    const after = await demoBanner(t.deps.db, false);
    expect(after[0]).not.toContain('seeded');
    expect(lineOf(after, 'chair@demo.lpn.local')).toContain('two-factor set up');
    expect(lineOf(after, 'chair@demo.lpn.local')).not.toContain('first sign-in');
    expect(after.join('\n')).not.toMatch(/chair, member, partner and auditor set up/);
  });
});
