import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demo,
  horizontalOverflow,
  startJourney,
  step,
  submitCredentials,
  tid,
  waitForPath,
  type Journey,
} from './harness.js';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
});

describe('journey: the coordinator works on the Terms of Reference', () => {
  it('compares v1 and v2, opens and edits a draft, reads the acknowledgements, fits a phone in Arabic', async () => {
    const { page, server, a11y } = j;
    await step(page, 'tor: the coordinator signs in and opens the ToR', async () => {
      await submitCredentials(page, server.url, demo.coordinator);
      await waitForPath(page, /^\/c\/[^/]+\/?$/);
      await tid(page, 'nav-tor').click();
      await waitForPath(page, /^\/c\/[^/]+\/tor/);
      await tid(page, 'tor-versions').waitFor();
      expect(await tid(page, 'tor-version-2').textContent()).toContain('Adopted');
      expect(await tid(page, 'tor-version-1').textContent()).toContain('Superseded');
    });
    await step(page, 'tor: the diff shows the changed decision rule with symbols', async () => {
      await tid(page, 'tor-diff-show').click();
      const diff = tid(page, 'tor-diff');
      await diff.waitFor();
      await expect.poll(() => diff.locator('del').filter({ hasText: 'method: consensus' }).count()).toBe(1);
      expect(await diff.locator('ins').filter({ hasText: 'method: majority' }).textContent()).toContain('+');
      expect(await diff.locator('del').filter({ hasText: 'method: consensus' }).textContent()).toContain('−');
      await a11y.check(page, 'tor versions and diff');
    });
    await step(page, 'tor: open a draft, change the decision method and save', async () => {
      await tid(page, 'tor-new-draft').click();
      await waitForPath(page, /^\/c\/[^/]+\/tor\/[0-9a-f-]{36}/);
      await tid(page, 'tor-method').selectOption('consensus');
      await tid(page, 'tor-save').click();
      await page.getByText('Draft saved').waitFor();
      await a11y.check(page, 'tor draft editor');
    });
    await step(page, 'tor: the adopted version shows the acknowledgements and exports', async () => {
      await tid(page, 'nav-tor').click();
      await tid(page, 'tor-version-2').getByRole('link').click();
      await tid(page, 'tor-ack-table').waitFor();
      expect(await tid(page, 'tor-ack-table').getByText('Not yet').count()).toBeGreaterThan(0);
      expect(await tid(page, 'tor-export-pdf').getAttribute('href')).toMatch(/export\.pdf\?lang=en$/);
      await a11y.check(page, 'tor adopted version');
    });
    await step(page, 'tor: the version page fits a 360 px phone in Arabic', async () => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.evaluate(() => localStorage.setItem('lpn.locale', 'ar'));
      await page.reload();
      await tid(page, 'tor-read').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      const { scrollWidth, viewport } = await horizontalOverflow(page);
      expect(scrollWidth, 'ToR page scrolls sideways').toBeLessThanOrEqual(viewport);
      await a11y.check(page, 'tor version (Arabic, 360 px)');
    });
  });

  it('shows no serious or critical accessibility violations on the pages visited', () => {
    expect(j.a11y.checked.length).toBeGreaterThan(0);
    expect(j.a11y.findings, j.a11y.report()).toEqual([]);
  });

  it('raises no uncaught script errors', () => {
    expect(j.pageErrors).toEqual([]);
  });
});
