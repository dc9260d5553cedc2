import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  demo,
  enrolTwoFactorInUi,
  startJourney,
  step,
  submitCredentials,
  tid,
  waitForPath,
  type BrowserSession,
  type Journey,
} from './harness.js';

/*
 * A custom case workflow, end to end: the chair builds one in the form (no code), saves it and puts
 * it in use; a member brings a situation, which starts on it; the coordinator sees what the next step
 * needs, assigns the lead agency, records the decision and — in Arabic — closes it.
 */

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
});

/** Roles that must use 2FA in the demo city (as in e2e/cases.e2e.ts). */
const needs2fa = new Set([demo.chair, demo.member]);

interface Person extends BrowserSession {
  cityId: string;
}

async function signIn(email: string): Promise<Person> {
  const session = await j.newBrowser();
  const { page } = session;
  await step(page, `sign in as ${email}`, async () => {
    await submitCredentials(page, j.server.url, email, DEMO_PASSWORD);
    // Roles that must use 2FA in the demo city enrol on their first sign-in.
    if (needs2fa.has(email)) {
      await waitForPath(page, /^\/account\/two-factor/);
      await enrolTwoFactorInUi(j, page);
    }
    await waitForPath(page, /^\/c\/[^/]+\/?$/);
  });
  const cityId = /^\/c\/([^/]+)/.exec(new URL(page.url()).pathname)![1];
  return { ...session, cityId };
}

async function stageIs(page: Page, stage: string) {
  await page.locator(`[data-testid=case-stage][data-stage=${stage}]`).first().waitFor();
}

describe('journey: a custom case workflow', () => {
  it('the chair builds it, a situation runs through it, in English and Arabic', async () => {
    const { a11y } = j;
    const chair = await signIn(demo.chair);
    await step(chair.page, 'chair: builds a workflow in the form and puts it in use', async () => {
      await tid(chair.page, 'nav-case-workflows').click();
      await waitForPath(chair.page, /\/cases\/workflows$/);
      await tid(chair.page, 'workflows-table').waitFor();
      // The form checks the workflow as it is written: nothing is saved while anything is missing.
      await tid(chair.page, 'wf-problems').waitFor();
      expect(await tid(chair.page, 'wf-save').isDisabled()).toBe(true);
      await a11y.check(chair.page, 'case workflows (builder with problems)');
      await tid(chair.page, 'wf-key').fill('quick');
      await tid(chair.page, 'wf-name').fill('Quick support');
      await tid(chair.page, 'wf-prefix').fill('qs');
      await chair.page
        .locator('[data-testid=wf-stage-1] [data-testid=wf-stage-label]')
        .fill('Support together');
      await tid(chair.page, 'wf-valid').waitFor();
      await tid(chair.page, 'wf-save').click();
      await tid(chair.page, 'wf-saved').waitFor();
      const row = tid(chair.page, 'workflow-custom-quick-1');
      await row.getByTestId('workflow-use').click();
      await row.getByTestId('workflow-current').waitFor();
      await a11y.check(chair.page, 'case workflows (saved and in use)');
    });

    const member = await signIn(demo.member);
    let caseId = '';
    await step(member.page, 'member: brings a situation; it starts on the custom workflow', async () => {
      await member.page.goto(`${j.server.url}/c/${member.cityId}/cases/new`);
      await tid(member.page, 'case-reason').fill(
        'The youth centre cannot lower the risk alone; the family asked for help.',
      );
      await tid(member.page, 'case-age').selectOption('18-24');
      await tid(member.page, 'case-gender').selectOption('female');
      await tid(member.page, 'case-submit').click();
      await waitForPath(member.page, /\/cases\/[0-9a-f-]{36}$/);
      caseId = new URL(member.page.url()).pathname.split('/').pop()!;
      await stageIs(member.page, 'intake');
      expect(await member.page.locator('h1').textContent()).toMatch(/QS-\d{4}-\d{4}/);
      // The workflow's name comes with its definition (fetched beside the situation).
      await expect
        .poll(() => tid(member.page, 'case-workflow').textContent(), { timeout: 10_000 })
        .toContain('Quick support');
    });

    const coordinator = await signIn(demo.coordinator);
    await step(
      coordinator.page,
      'coordinator: the next step waits for a lead agency, then moves',
      async () => {
        await coordinator.page.goto(`${j.server.url}/c/${coordinator.cityId}/cases/${caseId}`);
        const toSupport = tid(coordinator.page, 'transition-support');
        await toSupport.waitFor();
        expect(await toSupport.getByTestId('gate-lead-agency').getAttribute('data-met')).toBe('false');
        await toSupport.getByTestId('transition-note').fill('The table agrees to support together.');
        expect(await toSupport.getByTestId('transition-submit').isDisabled()).toBe(true);
        await a11y.check(coordinator.page, 'situation page (custom workflow, gate not met)');
        await tid(coordinator.page, 'assign-lead').selectOption({ label: 'Social Services Department' });
        await tid(coordinator.page, 'assign-save').click();
        await coordinator.page.locator('[data-testid=case-assignment][data-role=lead]').waitFor();
        await coordinator.page
          .locator('[data-testid=transition-support] [data-testid=gate-lead-agency][data-met=true]')
          .waitFor();
        await tid(coordinator.page, 'transition-support')
          .getByTestId('transition-note')
          .fill('The table agrees.');
        await tid(coordinator.page, 'transition-support').getByTestId('transition-submit').click();
        await stageIs(coordinator.page, 'support');
        await expect
          .poll(() => tid(coordinator.page, 'case-stage').textContent(), { timeout: 10_000 })
          .toBe('Support together');
      },
    );

    await step(coordinator.page, 'coordinator: closes it in Arabic (right to left)', async () => {
      await coordinator.page.evaluate(() => localStorage.setItem('lpn.locale', 'ar'));
      await coordinator.page.reload();
      const toClosed = tid(coordinator.page, 'transition-closed');
      await toClosed.waitFor();
      expect(await coordinator.page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await toClosed.textContent()).toContain('الانتقال إلى');
      await toClosed.getByTestId('transition-outcome').selectOption('risk-lowered-connected');
      await a11y.check(coordinator.page, 'situation page (custom workflow, Arabic)');
      await toClosed.getByTestId('transition-submit').click();
      await stageIs(coordinator.page, 'closed');
    });
    expect(j.pageErrors).toEqual([]);
    expect(a11y.findings, a11y.report()).toEqual([]);
  });
});
