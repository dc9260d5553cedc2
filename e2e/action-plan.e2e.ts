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

describe('journey: the coordinator follows the action plan and records a delivered session', () => {
  it('plan → timeline → budget → draft comparison → a session → what the sessions add up to → indicators → Arabic on a phone', async () => {
    const { page, server, a11y } = j;
    await step(page, 'plan: the coordinator opens the adopted plan', async () => {
      await submitCredentials(page, server.url, demo.coordinator);
      await waitForPath(page, /^\/c\/[^/]+\/?$/);
      await tid(page, 'my-plan-actions').waitFor();
      await tid(page, 'nav-action-plan').click();
      await waitForPath(page, /^\/c\/[^/]+\/action-plan/);
      await tid(page, 'plan-status').waitFor();
      expect(await tid(page, 'plan-status').textContent()).toContain('Adopted');
      await expect.poll(() => tid(page, 'plan-objective').count()).toBe(4);
      expect(await tid(page, 'plan-progress').textContent()).toMatch(/Average of 4 objectives/);
      await a11y.check(page, 'action plan objectives');
    });
    await step(page, 'plan: the timeline has a row per action; the budget its tables', async () => {
      await tid(page, 'plan-tab-timeline').click();
      await tid(page, 'plan-timeline').waitFor();
      expect(await tid(page, 'gantt-row').count()).toBe(20);
      await a11y.check(page, 'action plan timeline');
      await tid(page, 'plan-tab-budget').click();
      await tid(page, 'plan-budget').waitFor();
      expect(await tid(page, 'plan-budget').getByText('EU grant').count()).toBeGreaterThan(0);
      await a11y.check(page, 'action plan budget');
    });
    await step(page, 'plan: the open v2 draft compares with v1 and offers its adoption', async () => {
      const select = tid(page, 'plan-version');
      const draft = await select.locator('option', { hasText: 'v2' }).getAttribute('value');
      await select.selectOption(draft!);
      await expect.poll(async () => (await tid(page, 'plan-status').textContent()) ?? '').toContain('Draft');
      await tid(page, 'plan-record-decision').waitFor();
      await tid(page, 'plan-tab-compare').click();
      const diff = tid(page, 'plan-diff');
      await diff.getByText('Media-literacy trainings for parents and grandparents').waitFor();
      expect(await diff.getByText('Added').count()).toBeGreaterThan(0);
      await a11y.check(page, 'action plan draft and comparison');
    });
    await step(page, 'activities: record a training with attendance', async () => {
      await tid(page, 'nav-activities').click();
      await waitForPath(page, /^\/c\/[^/]+\/activities/);
      await tid(page, 'session-submit').waitFor();
      await tid(page, 'attendance-female-15-17').fill('12');
      await tid(page, 'attendance-male-15-17').fill('9');
      await a11y.check(page, 'record a session');
      await tid(page, 'session-submit').click();
      await tid(page, 'session-saved').waitFor();
    });
    await step(
      page,
      'activities: the summary counts the sessions, with a chart and a suppressed table',
      async () => {
        await tid(page, 'activities-tab-summary').click();
        await tid(page, 'activities-summary').waitFor();
        const held = Number((await tid(page, 'sessions-held').textContent())?.replace(/\D/g, ''));
        expect(held).toBeGreaterThan(100);
        await tid(page, 'attendance-chart').waitFor();
        await tid(page, 'attendance-table').waitFor();
        await a11y.check(page, 'activities summary');
      },
    );
    await step(page, 'indicators: target vs actual; the coordinator approves a waiting value', async () => {
      await tid(page, 'nav-indicators').click();
      await waitForPath(page, /^\/c\/[^/]+\/indicators/);
      await expect.poll(() => tid(page, 'indicator').count()).toBe(5);
      expect(await tid(page, 'indicator').first().textContent()).toContain('Computed: people reached');
      await a11y.check(page, 'indicators dashboard');
      await tid(page, 'indicator-approve').click();
      await expect.poll(() => tid(page, 'indicator-approve').count()).toBe(0);
    });
    await step(
      page,
      'plan: the timeline fits a 360 px phone in Arabic (it scrolls in its own frame)',
      async () => {
        await page.setViewportSize({ width: 360, height: 740 });
        await page.evaluate(() => localStorage.setItem('lpn.locale', 'ar'));
        await page.goto(page.url().replace(/\/indicators.*$/, '/action-plan'));
        await tid(page, 'plan-status').waitFor();
        await page.waitForLoadState('networkidle');
        expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
        await tid(page, 'plan-tab-timeline').click();
        await tid(page, 'plan-timeline').waitFor();
        const { scrollWidth, viewport } = await horizontalOverflow(page);
        expect(scrollWidth, 'the plan page scrolls sideways').toBeLessThanOrEqual(viewport);
        await a11y.check(page, 'action plan timeline (Arabic, 360 px)');
      },
    );
  });

  it('shows no serious or critical accessibility violations on the pages visited', () => {
    expect(j.a11y.checked.length).toBeGreaterThan(0);
    expect(j.a11y.findings, j.a11y.report()).toEqual([]);
  });

  it('raises no uncaught script errors', () => {
    expect(j.pageErrors).toEqual([]);
  });
});
