import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import {
  A11yLog,
  demo,
  enrolTwoFactorInUi,
  freshTotp,
  launchBrowser,
  startServer,
  submitCredentials,
  tid,
  waitForPath,
  type Journey,
  type RunningServer,
} from './harness.js';
import { buildWebIfStale, repoRoot } from './web-build.js';

/*
 * `npm run screenshots`: the main pages of the demo as a newcomer sees them, written to
 * docs/screenshots/<page>-<size>-<lang>.png and shown in docs/USER_GUIDE.md. The same server and
 * browser as the journeys (e2e/harness.ts: the real server with the demo seed, Debian's Chromium).
 * Only the viewport is captured, so the files stay small; re-run it after changing a page.
 */

const outDir = path.join(repoRoot, 'docs/screenshots');
const sizes = {
  desktop: { width: 1280, height: 720 },
  phone: { width: 360, height: 740 },
} as const;
const languages = ['en', 'ar'] as const;
type Lang = (typeof languages)[number];

/** Everything on the page has arrived (data, lazy chunks, fonts) and nothing is still moving. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300); // transitions (Mantine's are at most 200 ms)
}

async function shoot(page: Page, name: string): Promise<string> {
  await settle(page);
  const file = path.join(outDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false, animations: 'disabled', caret: 'hide' });
  return file;
}

/** Authenticator apps of the accounts the demo city makes use two-factor, once enrolled (first sign-in). */
const authenticators = new Map<string, string>();

/**
 * Signs `email` in with the UI in `lang` (saved as the account's language, which wins over the
 * browser's). A role the demo city makes use two-factor (partner) enrols at its first sign-in, as the
 * journeys do, and gives a computed code at the next ones.
 */
async function signIn(page: Page, server: RunningServer, email: string, lang: Lang): Promise<string> {
  await submitCredentials(page, server.url, email);
  const home = /^\/c\/[^/]+\/?$/;
  await page
    .waitForURL((url) => home.test(url.pathname) || url.pathname.startsWith('/account/two-factor'), {
      timeout: 20_000,
    })
    .catch(() => undefined);
  // A role that must use two-factor lands at home first, and is sent to enrolment by the first 403.
  await page.waitForLoadState('networkidle');
  const known = authenticators.get(email);
  if (new URL(page.url()).pathname.startsWith('/account/two-factor')) {
    const journey = { a11y: new A11yLog() } as unknown as Journey;
    authenticators.set(email, await enrolTwoFactorInUi(journey, page));
  } else if (known && !home.test(new URL(page.url()).pathname)) {
    await tid(page, 'totp-code').fill(await freshTotp(known));
    await tid(page, 'totp-submit').click();
  }
  await waitForPath(page, home, 20_000);
  const cityPath = new URL(page.url()).pathname.replace(/\/$/, '');
  const status = await page.evaluate(async (preferredLocale) => {
    const res = await fetch('/api/me', {
      method: 'PATCH',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ preferredLocale }),
    });
    return res.status;
  }, lang);
  if (status !== 200) throw new Error(`could not set the language of ${email} (HTTP ${status})`);
  await page.goto(`${server.url}${cityPath}`);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  return cityPath;
}

async function main() {
  await buildWebIfStale();
  fs.mkdirSync(outDir, { recursive: true });
  const server = await startServer();
  const written: string[] = [];
  try {
    for (const lang of languages) {
      for (const [size, viewport] of Object.entries(sizes)) {
        const suffix = `${size}-${lang}`;
        const browser = await launchBrowser({ viewport });
        try {
          const { page } = browser;
          // The sign-in page follows the browser's saved choice of language.
          await page.goto(`${server.url}/sign-in`);
          await page.evaluate((l) => localStorage.setItem('lpn.locale', l), lang);
          await page.reload();
          await tid(page, 'signin-email').waitFor();
          written.push(await shoot(page, `sign-in-${suffix}`));

          const city = await signIn(page, server, demo.coordinator, lang);
          await tid(page, 'home-cards').waitFor();
          written.push(await shoot(page, `home-coordinator-${suffix}`));

          await page.goto(`${server.url}${city}/cases`);
          await tid(page, 'case-row').first().waitFor();
          written.push(await shoot(page, `cases-${suffix}`));

          await tid(page, 'case-row').first().getByRole('link').first().click();
          await waitForPath(page, /\/cases\/[^/]+$/);
          await tid(page, 'case-presentation').waitFor();
          written.push(await shoot(page, `case-${suffix}`));

          await page.goto(`${server.url}${city}/meetings`);
          await tid(page, 'meetings-tab-upcoming').waitFor();
          written.push(await shoot(page, `meetings-${suffix}`));

          // The partner's home: the referral waiting for its organisation.
          await page.context().clearCookies();
          await signIn(page, server, 'partner@demo.lpn.local', lang);
          await tid(page, 'home-cards').waitFor();
          written.push(await shoot(page, `home-partner-${suffix}`));
        } finally {
          await browser.close();
        }
      }
    }
  } finally {
    await server.stop();
  }
  const bytes = written.reduce((n, f) => n + fs.statSync(f).size, 0);
  console.log(
    `${written.length} screenshots, ${(bytes / 1e6).toFixed(2)} MB, in ${path.relative(repoRoot, outDir)}/`,
  );
}

await main();
