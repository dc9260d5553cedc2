import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { choose, startJourney, step, submitCredentials, tid, waitForPath, type Journey } from './harness.js';

/*
 * National–local coordination (docs/NATIONAL.md): the coordinator escalates an issue, the demo
 * national liaison sees it counted on their home card and answers it, the coordinator reads the
 * answer; the liaison reads the demo's submitted quarterly report with its fingerprint verified.
 */

const COORDINATOR = 'coordinator@demo.lpn.local';
const LIAISON = 'liaison@demo.lpn.local';
const TITLE = 'No funding left for the school mediation pilot';
const ANSWER = 'The ministry will fund the pilot until June; the agreement follows this week.';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
});

/** The number a count on a home card shows. */
async function countOf(page: Page, id: string): Promise<number> {
  const text = ((await tid(page, id).textContent()) ?? '').trim();
  expect(text, id).toMatch(/^\d+$/);
  return Number(text);
}

describe('journey: an escalation answered by the national liaison, and a report read upward', () => {
  it('coordinator escalates → liaison answers → coordinator reads the answer; liaison reads a report', async () => {
    const { page, server, a11y } = j;
    // Neither the coordinator nor the liaison is a role the demo city makes use two-factor sign-in.
    const liaison = (await j.newBrowser()).page;
    await step(liaison, 'national: the liaison signs in and counts what waits', async () => {
      await submitCredentials(liaison, server.url, LIAISON);
      await waitForPath(liaison, /^\/c\/[^/]+\/?$/, 20_000);
      await tid(liaison, 'national-awaiting-count').waitFor();
    });
    const awaitingBefore = await countOf(liaison, 'national-awaiting-count');
    // The demo's escalation 2 is open and overdue; the submitted report of last quarter waits.
    expect(awaitingBefore).toBeGreaterThanOrEqual(1);
    expect(await countOf(liaison, 'national-overdue-count')).toBeGreaterThanOrEqual(1);
    expect(await countOf(liaison, 'national-review-count')).toBe(1);

    await step(page, 'national: the coordinator escalates an issue', async () => {
      await submitCredentials(page, server.url, COORDINATOR);
      await waitForPath(page, /^\/c\/[^/]+\/?$/, 20_000);
      await tid(page, 'national-home-link').click();
      await waitForPath(page, /\/national$/);
      await tid(page, 'escalation-new').click();
      await tid(page, 'escalation-title').fill(TITLE);
      await tid(page, 'escalation-description').fill(
        'The municipal budget for school mediation ends this month; four schools depend on it.',
      );
      await tid(page, 'escalation-support').fill('Bridge funding from the national programme');
      await a11y.check(page, 'national: raise an escalation');
      await tid(page, 'escalation-submit').click();
      const card = tid(page, 'escalation').filter({ hasText: TITLE });
      await card.waitFor();
      expect(await card.textContent()).toContain('Open');
      // The demo's own escalations come from the server too.
      expect(await tid(page, 'escalation').count()).toBeGreaterThanOrEqual(3);
      await a11y.check(page, 'national: escalations (coordinator)');
    });

    await step(liaison, 'national: the new escalation is counted on the liaison’s home', async () => {
      await liaison.reload();
      await expect
        .poll(() => countOf(liaison, 'national-awaiting-count'), { timeout: 15_000 })
        .toBe(awaitingBefore + 1);
      await a11y.check(liaison, 'home (national liaison)');
    });

    await step(liaison, 'national: the liaison answers it', async () => {
      await tid(liaison, 'national-home-link').click();
      await waitForPath(liaison, /\/national$/);
      const card = tid(liaison, 'escalation').filter({ hasText: TITLE });
      await card.waitFor();
      await card.getByTestId('escalation-text').fill(ANSWER);
      await card.getByTestId('escalation-respond').click();
      await card.getByTestId('escalation-response').getByText(ANSWER).waitFor();
      expect(await card.textContent()).toContain('Answered');
      await a11y.check(liaison, 'national: escalations (liaison)');
    });

    await step(page, 'national: the coordinator reads the answer', async () => {
      await page.reload();
      const card = tid(page, 'escalation').filter({ hasText: TITLE });
      await card.getByTestId('escalation-response').getByText(ANSWER).waitFor();
      expect(await card.textContent()).toContain('Answered');
    });

    await step(
      liaison,
      'national: the liaison reads the submitted report, fingerprint verified',
      async () => {
        await tid(liaison, 'national-tab-reports').click();
        const rows = tid(liaison, 'report-row');
        await rows.first().waitFor();
        // Only submitted reports reach the liaison: the demo's acknowledged one and the one waiting.
        expect(await rows.count()).toBe(2);
        await rows.filter({ hasText: 'Submitted' }).getByRole('button').click();
        const report = tid(liaison, 'report');
        await expect
          .poll(async () => (await tid(liaison, 'report-status').textContent()) ?? '', { timeout: 15_000 })
          .toBe('Submitted');
        expect(await tid(liaison, 'report-hash').textContent()).toBe('Fingerprint verified');
        expect(await report.textContent()).toContain(
          "the plan's actions continued in all four neighbourhoods",
        );
        await tid(liaison, 'report-acknowledge').waitFor();
        await a11y.check(liaison, 'national: a submitted report (liaison)');
      },
    );

    await step(liaison, 'national: in Arabic, right to left', async () => {
      await choose(tid(liaison, 'lang-switcher'), 'ar');
      await liaison.waitForFunction(() => document.documentElement.dir === 'rtl');
      expect(await tid(liaison, 'national-tab-reports').textContent()).toBe('التقارير');
      await tid(liaison, 'national-tab-escalations').click();
      await tid(liaison, 'escalation').filter({ hasText: TITLE }).waitFor();
      expect(await liaison.locator('h1').textContent()).toContain('التنسيق بين المستويين الوطني والمحلي');
      await a11y.check(liaison, 'national: escalations (Arabic)');
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
