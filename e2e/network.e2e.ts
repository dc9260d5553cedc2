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

describe('journey: the coordinator looks after the network', () => {
  it('reads the dashboard, sees the network settings, adds an organisation and records its consent', async () => {
    const { page, server, a11y } = j;
    const cityPath = await step(page, 'network: the coordinator signs in', async () => {
      await submitCredentials(page, server.url, demo.coordinator);
      await waitForPath(page, /^\/c\/[^/]+\/?$/);
      return new URL(page.url()).pathname.replace(/\/$/, '');
    });
    await step(page, 'network: the dashboard shows its charts', async () => {
      await tid(page, 'nav-dashboard').click();
      await waitForPath(page, /^\/c\/[^/]+\/dashboard/);
      await tid(page, 'chart-sectors').waitFor();
      await tid(page, 'chart-attendance').waitFor();
      expect(await page.locator('svg[role="img"][aria-label]').count()).toBeGreaterThanOrEqual(2);
      // The numbers behind each chart are there for screen readers too.
      expect(await tid(page, 'chart-sectors').locator('table tbody tr').count()).toBeGreaterThan(3);
      await a11y.check(page, 'dashboard');
    });
    await step(page, 'network: the settings show the situation table and its mandate', async () => {
      await tid(page, 'nav-network').click();
      await waitForPath(page, /^\/c\/[^/]+\/network/);
      await tid(page, 'workflow-summary').waitFor();
      expect(await tid(page, 'enabled-modules').textContent()).toBeTruthy();
      await a11y.check(page, 'network settings (read-only for the coordinator)');
    });
    await step(page, 'network: add an organisation and record its consent', async () => {
      await page.goto(`${server.url}${cityPath}/organisations`);
      await tid(page, 'org-list').waitFor();
      // Without motion the dialog is fully drawn at once, so axe never measures a half-faded frame.
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await tid(page, 'org-add').click();
      await tid(page, 'org-name').waitFor();
      // Checked with the dialog open every time (its close button once had no accessible name).
      await a11y.check(page, 'organisations: add dialog');
      await tid(page, 'org-name').fill('Riverton Public Library');
      await tid(page, 'org-sector').selectOption('education');
      await tid(page, 'org-kind').selectOption('external');
      await tid(page, 'org-save').click();
      const card = tid(page, 'org-list')
        .locator('li')
        .filter({ has: page.getByRole('heading', { name: 'Riverton Public Library' }) });
      await card.waitFor();
      await card.getByTestId('org-consent').click({ force: true });
      await card.getByText(/Consent recorded by Luka Petrovski/).waitFor();
      await a11y.check(page, 'organisations');
    });
    await step(page, 'network: the organisations page fits a 360 px phone in Arabic', async () => {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.evaluate(() => localStorage.setItem('lpn.locale', 'ar'));
      await page.reload();
      await tid(page, 'org-list').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      const { scrollWidth, viewport } = await horizontalOverflow(page);
      expect(scrollWidth, 'organisations page scrolls sideways').toBeLessThanOrEqual(viewport);
      await a11y.check(page, 'organisations (Arabic, 360 px)');
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
