import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rtdColumns } from '../contracts/case-statistics.contract.js';
import {
  DEMO_PASSWORD,
  enrolTwoFactorInUi,
  horizontalOverflow,
  startJourney,
  step,
  submitCredentials,
  tid,
  waitForPath,
  type Journey,
} from './harness.js';

/** Not in the harness's `demo` list: the national liaison of the demo city (server/seed/demo.ts). */
const LIAISON = 'liaison@demo.lpn.local';

let j: Journey;
let downloads: string;
beforeAll(async () => {
  j = await startJourney();
  downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'lpn-e2e-downloads-'));
});
afterAll(async () => {
  await j?.close();
  if (downloads) fs.rmSync(downloads, { recursive: true, force: true });
});

describe('journey: statistics, retention and subject access', () => {
  it('the chair reads the statistics, downloads open data, shortens a period and answers a subject-access request', async () => {
    const { page, server, a11y } = j;
    await step(page, 'stats: the chair signs in with two-factor enrolment', async () => {
      await submitCredentials(page, server.url, 'chair@demo.lpn.local', DEMO_PASSWORD);
      await waitForPath(page, /^\/account\/two-factor/);
      await enrolTwoFactorInUi(j, page);
      await waitForPath(page, /^\/c\/[^/]+\/?$/);
    });
    await step(page, 'stats: withheld cells are marked, never a number', async () => {
      await tid(page, 'nav-case-statistics').click();
      await waitForPath(page, /^\/c\/[^/]+\/case-statistics/);
      await tid(page, 'stats-counts').waitFor();
      await tid(page, 'equity-minors-table').waitFor();
      expect(await tid(page, 'stats-suppression').textContent()).toContain('from 1 to 4 is withheld');
      const withheld = page.locator('[data-testid=stat-row][data-suppressed=true]');
      expect(await withheld.count()).toBeGreaterThan(0);
      for (const cell of await withheld.locator('td').all()) {
        const text = (await cell.textContent()) ?? '';
        expect(text).toBe('Withheld');
      }
      // The demo city has ~40 situations: a total is shown, and shown counts are real numbers.
      expect(await tid(page, 'stats-total').textContent()).toMatch(/Situations counted: \d+/);
      expect(await page.locator('[data-testid=share-row][data-suppressed=true]').count()).toBeGreaterThan(0);
      await a11y.check(page, 'case statistics (chair)');
    });
    await step(page, 'stats: the chair downloads the RTD-shaped CSV', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'stats-csv').click()]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const file = path.join(downloads, 'rtd.csv');
      await download.saveAs(file);
      const [header, first] = fs.readFileSync(file, 'utf8').split(/\r?\n/);
      expect(header).toBe(rtdColumns.join(','));
      expect(first).toContain('Riverton');
    });
    await step(page, 'settings: the chair shortens the rejected period and sees what follows', async () => {
      await tid(page, 'nav-case-settings').click();
      await waitForPath(page, /^\/c\/[^/]+\/case-settings/);
      await tid(page, 'retention-rejected').fill('20');
      await tid(page, 'retention-save').click();
      const result = tid(page, 'retention-result');
      await result.waitFor();
      expect(await tid(page, 'retention-recomputed').textContent()).toMatch(
        /Deletion dates recalculated: \d+/,
      );
      expect(await tid(page, 'retention-due').textContent()).toBeTruthy();
      await tid(page, 'purge-runs').or(tid(page, 'purge-runs-empty')).first().waitFor();
      await a11y.check(page, 'case settings (chair, after saving)');
    });
    await step(page, "settings: the chair adds the city's own risk sub-type", async () => {
      await tid(page, 'taxonomy-kind').selectOption('risk');
      await tid(page, 'taxonomy-type').selectOption('subtype');
      await tid(page, 'taxonomy-parent').selectOption('social-environment');
      await tid(page, 'taxonomy-label-en').fill('Debt from online gaming');
      await tid(page, 'taxonomy-label-fr').fill('Dettes de jeux en ligne');
      expect(await tid(page, 'taxonomy-id').inputValue()).toBe('debt-from-online-gaming');
      await tid(page, 'taxonomy-add').click();
      await tid(page, 'taxonomy-saved').waitFor();
      expect(await tid(page, 'taxonomy-city-entries').textContent()).toContain('Debt from online gaming');
      await a11y.check(page, 'case settings: city taxonomy entry added');
    });
    await step(page, 'settings: a subject-access export as JSON', async () => {
      expect(await tid(page, 'sar-warning').textContent()).toContain('exception to need-to-know');
      await tid(page, 'sar-submit').click();
      // Nothing filled in: the fields say what is missing and nothing is sent.
      await expect
        .poll(() => page.locator('[data-testid=sar-form] [aria-invalid=true]').count())
        .toBeGreaterThan(2);
      await a11y.check(page, 'subject-access form with errors');
      // The demo's invented person (server/modules/cases/cases.demo.ts): 19 years old, born on 3 February.
      await tid(page, 'sar-given-name').fill('Omar');
      await tid(page, 'sar-family-name').fill('Exampleton');
      await tid(page, 'sar-dob').fill(`${new Date().getUTCFullYear() - 19}-02-03`);
      await tid(page, 'sar-reason').fill('Request SAR-2026-014 of 20 November');
      await tid(page, 'sar-format-json').check();
      await tid(page, 'sar-confirm').check();
      const [download] = await Promise.all([page.waitForEvent('download'), tid(page, 'sar-submit').click()]);
      const file = path.join(downloads, 'sar.json');
      await download.saveAs(file);
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        format: string;
        persons: { identity: { givenName: string } }[];
      };
      expect(data.format).toBe('lpn-subject-access/1');
      expect(data.persons.map((p) => p.identity.givenName)).toEqual(['Omar']);
      await tid(page, 'sar-done').waitFor();
      expect(await tid(page, 'sar-persons').textContent()).toContain('1');
      // The person's details do not stay on the page once the file is saved.
      expect(await tid(page, 'sar-given-name').inputValue()).toBe('');
      expect(await tid(page, 'sar-dob').inputValue()).toBe('');
      await a11y.check(page, 'case settings (after an export)');
    });
    await step(page, 'stats: the statistics fit a 360 px phone in Arabic', async () => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.evaluate(() => localStorage.setItem('lpn.locale', 'ar'));
      await page.goto(page.url().replace(/case-settings.*$/, 'case-statistics'));
      await tid(page, 'stats-counts').waitFor();
      await tid(page, 'equity-minors-table').waitFor();
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await page.locator('[data-testid=stat-withheld]').first().textContent()).toBe('محجوب');
      const { scrollWidth, viewport } = await horizontalOverflow(page);
      expect(scrollWidth, 'statistics page scrolls sideways').toBeLessThanOrEqual(viewport);
      await a11y.check(page, 'case statistics (Arabic, 360 px)');
      await page.goto(page.url().replace(/case-statistics.*$/, 'case-settings'));
      await tid(page, 'sar-form').waitFor();
      const settings = await horizontalOverflow(page);
      expect(settings.scrollWidth, 'settings page scrolls sideways').toBeLessThanOrEqual(settings.viewport);
      await a11y.check(page, 'case settings (Arabic, 360 px)');
    });
  });

  it('a national liaison sees the statistics but neither open data nor case settings', async () => {
    const other = await j.newBrowser();
    const page = other.page;
    await step(page, 'liaison: signs in and opens the statistics', async () => {
      await submitCredentials(page, j.server.url, LIAISON);
      await waitForPath(page, /^\/c\/[^/]+\/?$/);
      await tid(page, 'nav-case-statistics').click();
      await tid(page, 'stats-counts').waitFor();
      expect(await tid(page, 'stats-csv').count()).toBe(0);
      expect(await tid(page, 'nav-case-settings').count()).toBe(0);
      expect(await page.locator('[data-testid=stat-row][data-suppressed=true]').count()).toBeGreaterThan(0);
      await j.a11y.check(page, 'case statistics (national liaison)');
    });
    await step(page, 'liaison: the settings page by its address shows nothing to do', async () => {
      await page.goto(page.url().replace(/case-statistics.*$/, 'case-settings'));
      await tid(page, 'case-settings-none').waitFor();
      expect(await tid(page, 'sar-form').count()).toBe(0);
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
