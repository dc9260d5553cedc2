import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { city } from '../cities/index.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { seedDemo } from '../../seed/demo.js';
import { verifyAuditChain } from '../../platform/audit/audit.js';
import { DEMO_RECEIPT } from './safe-space.demo.js';
import { safeSpaceSubmission } from './safe-space.table.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.deps);
});
afterAll(() => t.close());

async function rivertonId() {
  const [row] = await t.deps.db.select({ id: city.id }).from(city).where(eq(city.slug, 'riverton'));
  return row.id;
}

describe('community and safe-space demo', () => {
  it('publishes the demo city pages, has submissions in triage and one answered thread readable by its receipt', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/p/riverton/en' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('never an intelligence service');
    expect(page.body).toContain('Open evening');
    // The blocks read from the demo's adopted action plan and answered consultations.
    expect(page.body).toContain('Our action plan');
    expect(page.body).toContain('You said:');
    expect(Buffer.byteLength(page.body)).toBeLessThan(50 * 1024);
    // The demo city's own (the demo network's other cities have submissions of their own).
    const rows = await t.deps.db
      .select()
      .from(safeSpaceSubmission)
      .where(eq(safeSpaceSubmission.cityId, await rivertonId()));
    expect(rows.map((r) => r.status).sort()).toEqual(['answered', 'in-progress', 'new']);
    const thread = await t.app.inject({
      method: 'POST',
      url: '/p/riverton/en/thread',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `receipt=${DEMO_RECEIPT}`,
    });
    expect(thread.statusCode).toBe(200);
    expect(thread.body).toContain('youth service and the harbour community centre');
  });

  it('keeps the demo city audit chain valid', async () => {
    expect((await verifyAuditChain(t.deps.db, await rivertonId())).ok).toBe(true);
  });
});
