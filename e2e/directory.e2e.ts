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

/*
 * The 3W directory (docs/DIRECTORY.md): the coordinator filters the demo's services, reads the
 * demo's one gap (Station Fields, substance abuse) and the Harbour mentoring overlap, and checks a
 * spreadsheet with an invalid row: every problem by row and column, nothing written. Arabic once.
 */

/** A header row, the HXL hashtag row, one valid row (row 3) and one with three problems (row 4). */
const CSV = [
  'Service,Organisation,Sector,Service type,Target group,City-wide,Start',
  '#activity+name,#org+name,#sector+code,#activity+type+code,#targeted+code,#loc+citywide,#date+start',
  'Saturday chess circle,Riverside Library Friends,education,education-support,children,yes,2026-01-10',
  'Night walks,Street Friends,youth,not-a-type,youth,maybe,2026-13-40',
].join('\r\n');

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
});

/** The number of services the list says it shows ("41 services"). */
async function shownCount(page: Page): Promise<number> {
  const line = page.getByText(/^\d+ services?$/);
  await line.waitFor();
  return Number(/^(\d+)/.exec(((await line.textContent()) ?? '').trim())![1]);
}

describe('journey: the directory, its gaps and overlaps, and an import checked first', () => {
  it('filters, reads the gap and the overlap, and a bad file writes nothing', async () => {
    const { page, server, a11y } = j;
    // The coordinator is not a role the demo city makes use two-factor sign-in.
    const cityId = await step(page, 'directory: the coordinator signs in', async () => {
      await submitCredentials(page, server.url, demo.coordinator);
      await waitForPath(page, /^\/c\/[^/]+\/?$/, 20_000);
      return new URL(page.url()).pathname.split('/')[2];
    });

    const total = await step(page, 'directory: the list, filtered by service type', async () => {
      await tid(page, 'nav-directory').click();
      await waitForPath(page, /\/directory$/);
      await tid(page, 'entry-list').waitFor();
      const all = await shownCount(page);
      expect(all).toBe(41); // the demo's forty-one services
      expect(await tid(page, 'entry-list').locator('tbody tr').count()).toBe(all);
      await choose(tid(page, 'directory-filter-type'), 'youth-mentoring');
      await expect.poll(() => shownCount(page), { timeout: 15_000 }).toBeLessThan(all);
      const rows = tid(page, 'entry-list').locator('tbody tr');
      const n = await shownCount(page);
      expect(n).toBeGreaterThanOrEqual(3); // the three Harbour mentors at least
      expect(await rows.count()).toBe(n);
      for (const text of await rows.allTextContents()) expect(text).toContain('Youth mentoring');
      expect(await tid(page, 'entry-list').textContent()).toContain('Boxing club mentors');
      await a11y.check(page, 'directory: filtered list');
      return all;
    });

    await step(page, 'directory: the gap at Station Fields and the Harbour overlap', async () => {
      await page.goto(`${server.url}/c/${cityId}/directory/gaps`);
      const totals = tid(page, 'gaps-totals');
      await totals.waitFor();
      expect(await totals.textContent()).toMatch(/^Gaps: 1 · /);
      const gap = tid(page, 'coverage-table')
        .locator('tbody tr')
        .filter({ hasText: 'Station Fields' })
        .filter({ hasText: 'Gap' });
      expect(await gap.count()).toBe(1);
      expect(await gap.textContent()).toContain('no active service of a type that answers it');
      const overlaps = tid(page, 'overlap-list');
      await overlaps.waitFor();
      const harbour = overlaps.locator('li').filter({ hasText: 'Harbour' });
      expect(await harbour.first().textContent()).toContain('3 providers of Youth mentoring');
      await a11y.check(page, 'directory: gaps and overlaps');
    });

    await step(
      page,
      'directory: checking a file with a bad row lists each problem by row and column',
      async () => {
        await page.goto(`${server.url}/c/${cityId}/directory/import`);
        await page.locator('input[type=file]').setInputFiles({
          name: 'services.csv',
          mimeType: 'text/csv',
          buffer: Buffer.from(CSV, 'utf8'),
        });
        await tid(page, 'import-check').click();
        const errors = tid(page, 'import-errors');
        await errors.waitFor();
        expect(await errors.textContent()).toContain('Problems in the file: nothing was imported');
        const rows = errors.locator('tbody tr');
        const texts = (await rows.allTextContents()).map((s) => s.replace(/\s+/g, ' '));
        // Row 4 only (row 3 is valid), each problem on its column with the column's hashtag.
        expect(texts.length).toBeGreaterThanOrEqual(3);
        for (const text of texts) expect(text.startsWith('4')).toBe(true);
        const joined = texts.join('\n');
        expect(joined).toContain('Service type #activity+type+code');
        expect(joined).toContain('Unknown service type.');
        expect(joined).toContain('City-wide #loc+citywide');
        expect(joined).toContain('Write yes or no.');
        expect(joined).toContain('Start #date+start');
        expect(joined).toContain('Write the date as YYYY-MM-DD.');
        expect(await tid(page, 'import-apply').count()).toBe(0);
        await a11y.check(page, 'directory: import with problems');
      },
    );

    await step(page, 'directory: nothing was written', async () => {
      await page.goto(`${server.url}/c/${cityId}/directory`);
      await tid(page, 'entry-list').waitFor();
      expect(await shownCount(page)).toBe(total);
      await tid(page, 'directory-search').fill('Saturday chess circle');
      await tid(page, 'entry-list-empty').waitFor();
    });

    await step(page, 'directory: the gaps page in Arabic, right to left', async () => {
      await page.goto(`${server.url}/c/${cityId}/directory/gaps`);
      await tid(page, 'gaps-totals').waitFor();
      await choose(tid(page, 'lang-switcher'), 'ar');
      await page.waitForFunction(() => document.documentElement.dir === 'rtl');
      await expect
        .poll(async () => (await page.locator('h1').textContent()) ?? '', { timeout: 15_000 })
        .toContain('الثغرات والتداخلات');
      await tid(page, 'coverage-table').waitFor();
      await a11y.check(page, 'directory: gaps and overlaps (Arabic)');
    });
  });

  it('shows no serious or critical accessibility violations on the pages visited', () => {
    expect(j.a11y.checked.length).toBeGreaterThan(0);
    expect(j.a11y.findings, j.a11y.report()).toEqual([]);
  });

  it('raised no errors in the page', () => {
    expect(j.pageErrors).toEqual([]);
  });
});
