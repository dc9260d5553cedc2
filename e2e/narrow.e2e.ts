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
  j = await startJourney({ viewport: { width: 360, height: 740 } });
});
afterAll(async () => {
  await j?.close();
});

describe('journey: a 360 px wide phone', () => {
  it('shows the home and people pages without sideways scrolling', async () => {
    const { page, server, a11y } = j;
    await step(page, 'narrow: the sign-in page fits', async () => {
      await page.goto(`${server.url}/sign-in`);
      await tid(page, 'signin-email').waitFor();
      const { scrollWidth, viewport } = await horizontalOverflow(page);
      expect(scrollWidth, 'sign-in page scrolls sideways').toBeLessThanOrEqual(viewport);
      await a11y.check(page, 'sign-in (360 px)');
    });
    const cityPath = await step(page, 'narrow: the coordinator signs in', async () => {
      await submitCredentials(page, server.url, demo.coordinator);
      await waitForPath(page, /^\/c\/[^/]+\/?$/);
      return new URL(page.url()).pathname.replace(/\/$/, '');
    });
    await step(page, 'narrow: the home page fits', async () => {
      await page.waitForLoadState('networkidle');
      const { scrollWidth, viewport } = await horizontalOverflow(page);
      expect(scrollWidth, 'home page scrolls sideways').toBeLessThanOrEqual(viewport);
      await a11y.check(page, 'city home (360 px)');
    });
    await step(page, 'narrow: the people page fits', async () => {
      await page.goto(`${server.url}${cityPath}/people`);
      await tid(page, 'people-table').waitFor();
      await page.waitForLoadState('networkidle');
      const { scrollWidth, viewport } = await horizontalOverflow(page);
      expect(scrollWidth, 'people page scrolls sideways').toBeLessThanOrEqual(viewport);
      await a11y.check(page, 'people (360 px)');
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
