import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
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

const PARTNER = 'partner@demo.lpn.local';
// Invented for the journey; the address must never reach the partner's screen.
const PERSON = {
  givenName: 'Samira',
  familyName: 'Testova',
  dateOfBirth: '1998-06-21',
  phone: '+000 555 0142',
  address: '7 Quay Street',
  guardians: [],
};
const FEEDBACK = 'Met twice; now in the weekly mentoring group.';

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
});

/** A JSON API call with the page's session cookie (and the Origin a state change needs). */
async function api<T = unknown>(
  page: Page,
  base: string,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  data?: object,
) {
  const response = await page.request.fetch(`${base}${path}`, {
    method,
    headers: { Origin: base, 'Content-Type': 'application/json' },
    ...(data ? { data } : {}),
  });
  const body = await response.text();
  if (!response.ok()) throw new Error(`${method} ${path} → ${response.status()}: ${body}`);
  return JSON.parse(body) as T;
}

/**
 * axe on the referrals panel of the situation page only: the rest of that page belongs to the cases
 * module, whose own journey checks it whole. Findings go into the journey's log like any other.
 */
async function checkPanel(page: Page, label: string) {
  await page.waitForLoadState('load');
  const results = await new AxeBuilder({ page })
    .include('[data-testid="case-referrals"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  j.a11y.checked.push(label);
  for (const v of results.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue;
    j.a11y.findings.push({
      page: label,
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)}`),
    });
  }
}

describe('journey: a referral from the situation table to a partner organisation', () => {
  it('the lead agency sends with consent; the partner opens only name and phone, accepts, completes; the feedback reaches the situation', async () => {
    const { page, server, a11y } = j;
    const cityId = await step(page, 'referrals: the member signs in and enrols 2FA', async () => {
      await submitCredentials(page, server.url, demo.member);
      await waitForPath(page, /^\/account\/two-factor/);
      await enrolTwoFactorInUi(j, page);
      await waitForPath(page, /^\/c\/[^/]+\/?$/);
      return new URL(page.url()).pathname.split('/')[2];
    });
    const city = `/api/cities/${cityId}`;

    // The situation itself is made through the API: this journey is about the referral.
    const { caseId, ngoId } = await step(
      page,
      'referrals: a situation led by the member’s agency',
      async () => {
        const config = await api<{
          organisations: { id: string; name: string }[];
          myOrganisations: { id: string }[];
        }>(page, server.url, 'GET', `${city}/cases/config`);
        const ngo = config.organisations.find((o) => o.name === 'Youth Bridges (NGO)');
        expect(ngo).toBeDefined();
        const created = await api<{ id: string }>(page, server.url, 'POST', `${city}/cases`, {
          originatingReason:
            'The young person has dropped out of every programme; our service alone cannot reach him.',
          subjectKind: 'person',
          ageBand: '25-29',
          gender: 'female',
          neighbourhood: 'Harbour',
          riskFactors: ['aggressive-behaviour'],
        });
        await api(page, server.url, 'POST', `${city}/cases/${created.id}/stage`, { to: 'filter-2' });
        const coordinator = await j.newBrowser();
        await submitCredentials(coordinator.page, server.url, demo.coordinator);
        await waitForPath(coordinator.page, /^\/c\/[^/]+\/?$/);
        await api(coordinator.page, server.url, 'POST', `${city}/cases/${created.id}/decision`, {
          thresholdMet: true,
        });
        await api(coordinator.page, server.url, 'PUT', `${city}/cases/${created.id}/assignments`, {
          leadOrganisationId: config.myOrganisations[0].id,
          assistingOrganisationIds: [],
        });
        await api(page, server.url, 'POST', `${city}/cases/${created.id}/persons`, {
          relation: 'subject',
          identity: PERSON,
        });
        return { caseId: created.id, ngoId: ngo!.id };
      },
    );

    await step(
      page,
      'referrals: the member sends name and phone to the NGO, with the person’s consent',
      async () => {
        await page.goto(`${server.url}/c/${cityId}/cases/${caseId}`);
        await tid(page, 'case-referrals').waitFor();
        await tid(page, 'referral-new').click();
        await tid(page, 'referral-send').waitFor();
        // The least needed is chosen for the member: name and phone, not the address.
        expect(await tid(page, 'referral-field-givenName').isChecked()).toBe(true);
        expect(await tid(page, 'referral-field-phone').isChecked()).toBe(true);
        expect(await tid(page, 'referral-field-address').isChecked()).toBe(false);
        expect(await tid(page, 'referral-field-dateOfBirth').isChecked()).toBe(false);
        // A member sees no chair override.
        const basisOptions = await tid(page, 'referral-basis').locator('option').allTextContents();
        expect(basisOptions.join('|')).not.toMatch(/override/i);
        await choose(tid(page, 'referral-organisation'), ngoId);
        await tid(page, 'referral-message').fill('Please offer her a mentoring place; she agreed to a call.');
        await choose(tid(page, 'referral-basis'), 'consent');
        await checkPanel(page, 'situation: referral form');
        await tid(page, 'referral-send-submit').click();
        await page.locator('[data-testid="referral-item"][data-status="sent"]').waitFor();
        expect(await tid(page, 'referral-target').textContent()).toContain('Youth Bridges');
        await checkPanel(page, 'situation: referral sent');
      },
    );

    const partner = await j.newBrowser();
    const p = partner.page;
    await step(
      p,
      'referrals: the partner signs in, enrols 2FA and finds the referral in the inbox',
      async () => {
        await submitCredentials(p, server.url, PARTNER);
        await waitForPath(p, /^\/account\/two-factor/);
        await enrolTwoFactorInUi(j, p);
        await waitForPath(p, /^\/c\/[^/]+\/?$/);
        await tid(p, 'nav-referrals').click();
        await waitForPath(p, /^\/c\/[^/]+\/referrals/);
        await p.locator('[data-testid="inbox-item"][data-status="sent"]').first().waitFor();
        const text = (await tid(p, 'inbox-list').textContent()) ?? '';
        expect(text).not.toContain(PERSON.familyName);
        expect(text).not.toMatch(/ST-\d{4}-\d{4}/); // no situation reference
        await a11y.check(p, 'partner: inbox');
      },
    );

    await step(
      p,
      'referrals: the partner opens it with a reason and sees name and phone, not the address',
      async () => {
        const item = p.locator('[data-testid="inbox-item"][data-status="sent"]').first();
        await item.getByTestId('inbox-open').click();
        await item.getByTestId('inbox-open-reason').fill('First call to offer a mentoring place');
        await item.getByTestId('inbox-open-submit').click();
        await item.getByTestId('referral-opened').waitFor();
        expect(await item.getByTestId('referral-opened-name').textContent()).toContain('Samira Testova');
        expect(await item.getByTestId('shared-phone').textContent()).toContain(PERSON.phone);
        expect(await item.getByTestId('shared-address').count()).toBe(0);
        expect(await item.getByTestId('shared-dateOfBirth').count()).toBe(0);
        const content = await p.content();
        expect(content).not.toContain(PERSON.address);
        expect(content).not.toContain(PERSON.dateOfBirth);
        expect(await item.getByTestId('referral-opened-message').textContent()).toContain('mentoring place');
        await a11y.check(p, 'partner: referral opened');
      },
    );

    await step(p, 'referrals: the partner accepts, then completes with feedback', async () => {
      const item = p.locator('[data-testid="inbox-item"]').first();
      await item.getByTestId('inbox-accept').click();
      await p.locator('[data-testid="inbox-item"][data-status="accepted"]').first().waitFor();
      await item.getByTestId('inbox-complete').click();
      await item.getByTestId('inbox-feedback').fill(FEEDBACK);
      await item.getByTestId('inbox-complete-submit').click();
      await p.locator('[data-testid="inbox-item"][data-status="completed"]').first().waitFor();
      // Once completed, the shared details are hidden and cannot be opened again.
      expect(await item.getByTestId('inbox-open').count()).toBe(0);
      expect(await item.getByTestId('referral-opened').count()).toBe(0);
      await a11y.check(p, 'partner: referral completed');
    });

    await step(p, 'referrals: the inbox in Arabic reads right to left', async () => {
      await choose(tid(p, 'lang-switcher'), 'ar');
      await p.waitForFunction(() => document.documentElement.dir === 'rtl');
      expect(await tid(p, 'nav-referrals').textContent()).toContain('الإحالات');
      expect(
        await p.locator('[data-testid="inbox-item"] [data-testid="referral-status"]').first().textContent(),
      ).toBe('مكتملة');
      await a11y.check(p, 'partner: inbox in Arabic');
    });

    await step(p, 'referrals: the inbox fits a 360 px screen', async () => {
      await p.setViewportSize({ width: 360, height: 800 });
      await p.reload();
      await tid(p, 'inbox-list').waitFor();
      const { scrollWidth, viewport } = await horizontalOverflow(p);
      expect(scrollWidth, 'inbox scrolls sideways').toBeLessThanOrEqual(viewport);
    });

    await step(
      page,
      'referrals: back at the situation, the member sees the status and reads the feedback',
      async () => {
        await page.reload();
        const item = page.locator('[data-testid="referral-item"][data-status="completed"]');
        await item.waitFor();
        const steps = await item
          .getByTestId('referral-timeline')
          .locator('li')
          .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-step')));
        expect(steps).toEqual(['sent', 'accepted', 'completed']);
        await item.getByTestId('referral-read-open').click();
        await item.getByTestId('referral-read-reason').fill('Reporting the outcome to the table');
        await item.getByTestId('referral-read-submit').click();
        expect(await item.getByTestId('referral-feedback-text').textContent()).toContain(FEEDBACK);
        await checkPanel(page, 'situation: feedback read');
      },
    );

    await step(page, 'referrals: the situation page fits a 360 px screen', async () => {
      await page.setViewportSize({ width: 360, height: 800 });
      await page.reload();
      await tid(page, 'case-referrals').waitFor();
      const { scrollWidth, viewport } = await horizontalOverflow(page);
      expect(scrollWidth, 'situation page scrolls sideways').toBeLessThanOrEqual(viewport);
      await page.setViewportSize({ width: 1280, height: 900 });
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
