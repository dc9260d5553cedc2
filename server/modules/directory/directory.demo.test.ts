import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { DEMO_CITY_SLUG, seedDemo } from '../../seed/demo.js';
import { city } from '../cities/index.js';
import { coverage } from './directory.coverage.js';

let t: TestApp;
let cityId: string;

beforeAll(async () => {
  t = await createTestApp();
  expect(await seedDemo(t.deps)).toBe(true);
  [{ id: cityId }] = await t.deps.db.select({ id: city.id }).from(city).where(eq(city.slug, DEMO_CITY_SLUG));
});
afterAll(() => t.close());

describe('directory demo', () => {
  it('shows one gap (drugs at the Station Fields underpass) and the Harbour mentoring overlap', async () => {
    const c = await coverage(t.deps.db, cityId, {});
    const name = (id: string | null) => c.neighbourhoods.find((n) => n.id === id)?.name;
    const gaps = c.cells
      .filter((x) => x.status === 'gap')
      .map((x) => `${name(x.neighbourhoodId)} × ${x.category}`);
    expect(gaps).toEqual(['Station Fields × substance-abuse']);
    const harbour = c.overlaps.filter((o) => name(o.neighbourhoodId) === 'Harbour');
    expect(harbour).toContainEqual(
      expect.objectContaining({ serviceType: 'youth-mentoring', targetGroup: 'youth', providerCount: 3 }),
    );
    expect(
      c.cells.find((x) => name(x.neighbourhoodId) === 'Harbour' && x.category === 'gang-youth-violence')
        ?.status,
    ).toBe('overlap');
    // The other overlaps are few: the demo shows one clearly.
    expect(c.overlaps.length).toBeLessThanOrEqual(2);
    expect(c.totals.covered).toBeGreaterThan(40);
  });
});
