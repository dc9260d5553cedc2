import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import {
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

/*
 * Networks of cities (docs/CITY_NETWORKS.md): the chair sees the demo network and the choice to name
 * the city; the demo analyst reads the pooled figures — two named cities, three pooled, small counts
 * withheld and why — on a 360 px screen.
 */

const ANALYST = 'analyst@demo.lpn.local';
const NETWORK = 'Demo Strong Cities Network';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
});

/** The switch's own checkbox, whether the test id sits on the input or its wrapper. */
async function checkbox(locator: Locator): Promise<Locator> {
  const tag = await locator.evaluate((element) => element.tagName.toLowerCase());
  return tag === 'input' ? locator : locator.locator('input');
}

describe('journey: a network of cities, the naming choice and the pooled figures', () => {
  it('the chair sees the demo network and that the city is named', async () => {
    const { page, server, a11y } = j;
    await step(page, 'city networks: the chair signs in with two-factor enrolment', async () => {
      await submitCredentials(page, server.url, demo.chair);
      await waitForPath(page, /^\/account\/two-factor/, 20_000);
      await enrolTwoFactorInUi(j, page);
      await waitForPath(page, /^\/c\/[^/]+\/?$/, 20_000);
    });
    await step(page, 'city networks: the demo network with five members, Riverton named', async () => {
      await tid(page, 'nav-city-networks').click();
      await waitForPath(page, /\/city-networks$/);
      const card = tid(page, 'city-network').filter({ hasText: NETWORK });
      await card.waitFor();
      const text = (await card.textContent()) ?? '';
      expect(text).toContain('Member cities: 5');
      expect(text).toContain('Member since');
      const naming = await checkbox(card.getByTestId('network-naming'));
      expect(await naming.isChecked()).toBe(true);
      await card.getByText("Name our city in the network's figures").waitFor();
      await a11y.check(page, 'city networks (chair)');
    });
  });

  it('the analyst reads pooled figures with withheld cells explained, at 360 px', async () => {
    const { server, a11y } = j;
    const { page } = await j.newBrowser();
    await page.setViewportSize({ width: 360, height: 780 });
    await step(page, 'city networks: the analyst signs in', async () => {
      await submitCredentials(page, server.url, ANALYST);
      await waitForPath(page, /^\/c\/[^/]+\/?$/, 20_000);
    });
    await step(page, 'city networks: the pooled figures of the demo network', async () => {
      const cityId = new URL(page.url()).pathname.split('/')[2];
      await page.goto(`${server.url}/c/${cityId}/city-networks/analysis`);
      const summary = tid(page, 'network-summary');
      await summary.waitFor();
      expect(await summary.textContent()).toBe('5 member cities: 2 named, 3 pooled.');
      const reached = tid(page, 'network-measure-people-reached-by-sex');
      const rows = (await reached.locator('tbody tr th').allTextContents()).map((s) => s.trim());
      expect(rows).toEqual(
        expect.arrayContaining([
          'Riverton (demo)',
          'Lakeside (demo)',
          'Other member cities (pooled)',
          'Whole network',
        ]),
      );
      // The cities that were not named never appear by name.
      expect(await page.locator('body').textContent()).not.toMatch(/Hillford|Portmere|Stonebridge/);
      expect(await tid(page, 'network-withheld').count()).toBeGreaterThan(0);
      expect(await tid(page, 'network-withheld').first().textContent()).toBe('Withheld');
      await page.getByText('Why some figures are withheld').waitFor();
      await page.getByText(/counts from 1 to 4 are withheld in that city first/).waitFor();
      await page.getByText(/pooled only when there are at least 3 of them/).waitFor();
      const { scrollWidth, viewport } = await horizontalOverflow(page);
      expect(scrollWidth, 'the analysis page scrolls sideways at 360 px').toBeLessThanOrEqual(viewport);
      await a11y.check(page, 'network analysis (analyst, 360 px)');
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
