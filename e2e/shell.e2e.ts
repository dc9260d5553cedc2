import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locales } from '../contracts/route.js';
import {
  choose,
  demo,
  enrolTwoFactorInUi,
  horizontalOverflow,
  startJourney,
  step,
  submitCredentials,
  tid,
  waitForPath,
  type Journey,
} from './harness.js';

// The shell (web/components/AppLayout.tsx + the modules' descriptors): for the role with the most
// navigation entries, every entry and Sign out can be reached at laptop and phone sizes in every
// language. One browser and one page throughout; the language is switched through the UI.

/** Set LPN_SHELL_SHOTS=<dir> to keep screenshots of the shell (English and Arabic, wide and phone). */
const shots = process.env.LPN_SHELL_SHOTS;

/** Entries the chair of the demo city must see (more may come with new modules). */
const CHAIR_ENTRIES = [
  'home',
  'dashboard',
  'network',
  'organisations',
  'tor',
  'services',
  'cases',
  'case-statistics',
  'meetings',
  'people',
  'audit',
  'case-settings',
  'settings',
];

const sizes = [
  { name: '1280x720', width: 1280, height: 720, phone: false },
  { name: '1366x768', width: 1366, height: 768, phone: false },
  { name: '360x740', width: 360, height: 740, phone: true },
] as const;

let j: Journey;
let navIds: string[] = [];
let cityPath = '';
beforeAll(async () => {
  j = await startJourney({ viewport: { width: 1280, height: 720 } });
});
afterAll(async () => {
  await j?.close();
});

/** Whether the element's box lies inside the viewport (after scrolling it into view). */
async function inViewport(page: Page, testId: string, within = 'body'): Promise<string | null> {
  const box = await page.locator(within).getByTestId(testId).boundingBox();
  const { width, height } = page.viewportSize()!;
  if (!box) return `${testId}: no box`;
  const ok = box.x >= -1 && box.y >= -1 && box.x + box.width <= width + 1 && box.y + box.height <= height + 1;
  return ok
    ? null
    : `${testId}: x=${box.x} y=${box.y} w=${box.width} h=${box.height} outside ${width}x${height}`;
}

/** Switches the language through the UI: the header's picker on wide screens, the account menu on phones. */
async function switchLanguage(page: Page, locale: string, phone: boolean) {
  if ((await page.evaluate(() => document.documentElement.lang)) === locale) return;
  if (phone) {
    await tid(page, 'account-menu').click();
    await tid(page, `lang-${locale}`).click();
    await page.keyboard.press('Escape');
  } else {
    await choose(tid(page, 'lang-switcher'), locale);
  }
  await page.waitForFunction((l) => document.documentElement.lang === l, locale);
}

describe('journey: the shell fits every module at every size in every language', () => {
  it('the chair signs in and sees the grouped navigation', async () => {
    const { page, server } = j;
    await step(page, 'shell: the chair signs in with two-factor enrolment', async () => {
      await submitCredentials(page, server.url, demo.chair);
      await waitForPath(page, /^\/account\/two-factor/);
      await enrolTwoFactorInUi(j, page);
      await waitForPath(page, /^\/c\/[^/]+\/?$/);
      cityPath = new URL(page.url()).pathname.replace(/\/$/, '');
    });
    await step(page, 'shell: the navigation lists the modules in groups', async () => {
      const nav = page.locator('#app-navbar');
      await nav.getByTestId('nav-home').waitFor();
      navIds = await nav
        .locator('[data-testid^="nav-"]:not([data-testid^="nav-group-"]):not([data-testid="nav-scroll"])')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice(4)));
      for (const id of CHAIR_ENTRIES) expect(navIds, `nav-${id}`).toContain(id);
      expect(await nav.locator('[data-testid^="nav-group-"]').count()).toBeGreaterThanOrEqual(4);
      // The home page shows the cards the modules register for this role.
      for (const card of ['cities/about', 'meetings/my-action-items', 'people/people', 'audit/audit'])
        await page.locator(`[data-home-card="${card}"]`).waitFor();
      await tid(page, 'my-action-items').waitFor();
    });
  });

  for (const size of sizes) {
    it(`at ${size.name} every entry and Sign out are reachable in all six languages`, async () => {
      const { page, a11y } = j;
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto(`${j.server.url}${cityPath}`);
      await page.locator('#app-navbar').waitFor({ state: 'attached' });
      for (const locale of locales) {
        await step(page, `shell ${size.name} ${locale}: switch language`, async () => {
          await switchLanguage(page, locale, size.phone);
        });
        await step(page, `shell ${size.name} ${locale}: every entry scrolls into view`, async () => {
          if (size.phone) {
            await tid(page, 'nav-burger').click();
            await page.locator('#app-navbar').getByTestId('nav-home').waitFor();
          }
          const problems: string[] = [];
          for (const id of navIds) {
            const link = page.locator('#app-navbar').getByTestId(`nav-${id}`);
            await link.scrollIntoViewIfNeeded();
            const outside = await inViewport(page, `nav-${id}`, '#app-navbar');
            if (outside) problems.push(outside);
            // Actionability without navigating: visible, stable, and the topmost element at its centre.
            await link.click({ trial: true, timeout: 5_000 });
            const label = ((await link.textContent()) ?? '').trim();
            if (!label || /^[\w-]+(\.[\w-]+)+$/.test(label)) problems.push(`nav-${id}: label "${label}"`);
          }
          expect(problems).toEqual([]);
          if (locale === 'ar' && !size.phone) {
            const box = (await page.locator('#app-navbar').boundingBox())!;
            expect(box.x + box.width / 2, 'Arabic: navigation on the right').toBeGreaterThan(size.width / 2);
          }
          const { scrollWidth, viewport } = await horizontalOverflow(page);
          expect(scrollWidth, 'the page scrolls sideways').toBeLessThanOrEqual(viewport);
          if (shots && (locale === 'en' || locale === 'ar'))
            await page.screenshot({ path: path.join(shots, `shell-${size.name}-${locale}-nav.png`) });
        });
        await step(page, `shell ${size.name} ${locale}: the last entry opens its page`, async () => {
          const last = navIds[navIds.length - 1];
          await page.locator('#app-navbar').getByTestId(`nav-${last}`).click();
          await page.waitForURL((url) => !/^\/c\/[^/]+\/?$/.test(url.pathname));
          if (size.phone) {
            // Choosing an entry closes the phone menu; open it again to go home.
            await expect.poll(() => tid(page, 'nav-burger').getAttribute('aria-expanded')).toBe('false');
            await tid(page, 'nav-burger').click();
          }
          await page.locator('#app-navbar').getByTestId('nav-home').click();
          await waitForPath(page, /^\/c\/[^/]+\/?$/);
        });
        await step(page, `shell ${size.name} ${locale}: the account menu reaches Sign out`, async () => {
          await tid(page, 'account-menu').click();
          const signOut = tid(page, 'sign-out');
          await signOut.scrollIntoViewIfNeeded();
          const outside = (await inViewport(page, 'sign-out')) ?? (await inViewport(page, 'nav-two-factor'));
          expect(outside).toBeNull();
          await signOut.click({ trial: true, timeout: 5_000 });
          // axe in every language at the first size, in English and Arabic at the others (keeps the run short).
          if (size === sizes[0] || locale === 'en' || locale === 'ar')
            await a11y.check(page, `shell ${size.name} ${locale} (account menu open)`);
          if (shots && (locale === 'en' || locale === 'ar'))
            await page.screenshot({ path: path.join(shots, `shell-${size.name}-${locale}-account.png`) });
          await page.keyboard.press('Escape');
          await expect.poll(() => tid(page, 'sign-out').count()).toBe(0);
        });
      }
    }, 240_000);
  }

  it('signs out from the account menu on a phone', async () => {
    const { page } = j;
    await step(page, 'shell: sign out', async () => {
      await tid(page, 'account-menu').click();
      await tid(page, 'sign-out').click();
      await waitForPath(page, /^\/sign-in/);
    });
  });

  it('shows no serious or critical accessibility violations', () => {
    expect(j.a11y.checked.length).toBeGreaterThanOrEqual(locales.length + 2 * (sizes.length - 1));
    expect(j.a11y.findings, j.a11y.report()).toEqual([]);
  });

  it('raises no uncaught script errors', () => {
    expect(j.pageErrors).toEqual([]);
  });
});
