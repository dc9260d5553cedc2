import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  choose,
  demo,
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

/** Where the side navigation sits: its horizontal centre against the viewport's. */
async function navbarSide(page: Page): Promise<{ side: 'left' | 'right'; navbar: string }> {
  const navbar = page.locator('#app-navbar, nav').first();
  await navbar.waitFor();
  const box = await navbar.boundingBox();
  const width = page.viewportSize()!.width;
  if (!box) throw new Error('the navigation has no box');
  return {
    side: box.x + box.width / 2 < width / 2 ? 'left' : 'right',
    navbar: `x=${Math.round(box.x)} w=${Math.round(box.width)} of ${width}`,
  };
}

describe('journey: switching to Arabic turns the layout right-to-left', () => {
  it('shows the navigation on the right with dir=rtl, and keeps the choice after a reload', async () => {
    const { page, server, a11y } = j;
    // The coordinator has no 2FA duty by default, so the journey stays about language.
    await step(page, 'b: sign in as the coordinator', async () => {
      await submitCredentials(page, server.url, demo.coordinator);
      await waitForPath(page, /^\/c\/[^/]+\/?$/);
    });
    await step(page, 'b: English is left-to-right with the navigation on the left', async () => {
      expect(await page.evaluate(() => document.documentElement.dir || 'ltr')).toBe('ltr');
      const { side, navbar } = await navbarSide(page);
      expect(side, navbar).toBe('left');
      await a11y.check(page, 'city home (coordinator, English)');
    });
    await step(page, 'b: choose Arabic in the language switcher', async () => {
      await choose(tid(page, 'lang-switcher'), 'ar');
      await page.waitForFunction(() => document.documentElement.dir === 'rtl');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
    });
    await step(page, 'b: the navigation is on the right', async () => {
      // The layout settles after the direction flip: poll instead of a fixed wait.
      await expect.poll(async () => (await navbarSide(page)).side, { timeout: 5_000 }).toBe('right');
      const { side, navbar } = await navbarSide(page);
      expect(side, navbar).toBe('right');
      await a11y.check(page, 'city home (Arabic)');
    });
    await step(page, 'b: the people page in Arabic', async () => {
      await tid(page, 'nav-people').click();
      await waitForPath(page, /^\/c\/[^/]+\/people/);
      await tid(page, 'people-table').waitFor();
      await a11y.check(page, 'people (Arabic)');
    });
    await step(page, 'b: after a reload it is still Arabic and right-to-left', async () => {
      await page.reload();
      await page.waitForFunction(() => document.documentElement.dir === 'rtl');
      const { side, navbar } = await navbarSide(page);
      expect(side, navbar).toBe('right');
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
