import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_PASSWORD,
  demo,
  enrolTwoFactorInUi,
  freshTotp,
  horizontalOverflow,
  startJourney,
  step,
  submitCredentials,
  tid,
  waitForPath,
  type BrowserSession,
  type Journey,
} from './harness.js';

/*
 * Case coordination, end to end in the browser: a four-filter situation from intake to closure
 * (with the need-to-know rule checked from an unassigned agency), and a Channel-style case to its
 * 6-month review. Each person signs in in their own browser; chair and members enrol in 2FA once.
 */

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
});

/** Demo members and their organisations (server/modules/network/network.demo.ts). */
const people = {
  socialServices: demo.member, // Social Services Department
  education: 'member2@demo.lpn.local', // Education Department
  communityAffairs: 'member4@demo.lpn.local', // Community Affairs (never assigned here)
};
/** Roles that must use 2FA in the demo city; their authenticator secret once enrolled. */
const needs2fa = new Set([demo.chair, demo.member, people.education, people.communityAffairs]);
const totpUris = new Map<string, string>();

interface Person extends BrowserSession {
  cityId: string;
}

/**
 * Open sessions by e-mail, reused across both journeys (each person stays in their own browser).
 * The journeys' server has a test budget for sign-in and 2FA (e2e/harness.ts), so no sign-in waits.
 */
const open = new Map<string, Person>();

/** The browser of `email`, signed in (enrolling in 2FA the first time, a code afterwards). */
async function signIn(email: string): Promise<Person> {
  const existing = open.get(email);
  if (existing) return existing;
  const session = await j.newBrowser();
  const { page } = session;
  await step(page, `sign in as ${email}`, async () => {
    await submitCredentials(page, j.server.url, email, DEMO_PASSWORD);
    if (needs2fa.has(email)) {
      const known = totpUris.get(email);
      if (known) {
        await tid(page, 'totp-code').fill(await freshTotp(known));
        await tid(page, 'totp-submit').click();
      } else {
        await waitForPath(page, /^\/account\/two-factor/);
        totpUris.set(email, await enrolTwoFactorInUi(j, page));
      }
    }
    await waitForPath(page, /^\/c\/[^/]+\/?$/);
  });
  const cityId = /^\/c\/([^/]+)/.exec(new URL(page.url()).pathname)![1];
  const person: Person = {
    ...session,
    cityId,
    close: async () => {
      open.delete(email);
      await session.close();
    },
  };
  open.set(email, person);
  return person;
}

async function openCase(p: Person, caseId: string) {
  await p.page.goto(`${j.server.url}/c/${p.cityId}/cases/${caseId}`);
  await tid(p.page, 'case-presentation').waitFor();
}

async function stageIs(page: Page, stage: string) {
  await page.locator(`[data-testid=case-stage][data-stage=${stage}]`).first().waitFor();
}

/** Picks one option of a searchable multi-select by typing part of its label. */
async function pickFactor(page: Page, testId: string, search: string, label: string) {
  const input = tid(page, testId);
  await input.click();
  await input.fill(search);
  await page.getByRole('option', { name: label }).click();
  await page.keyboard.press('Escape');
}

/** Calls the API from inside the signed-in page (same origin, the session cookie). */
async function api(page: Page, method: string, path: string, body?: unknown) {
  return page.evaluate(
    async ([m, p, b]) => {
      const res = await fetch(p as string, {
        method: m as string,
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
    },
    [method, path, body] as const,
  );
}

describe('journey: a four-filter situation from intake to closure', () => {
  it('member brings it, the table decides, agencies act on a need-to-know basis, the lead closes it', async () => {
    const { a11y } = j;
    let caseId = '';
    let reference = '';

    // Filter 1: a member of Social Services brings the situation, de-identified.
    const social = await signIn(people.socialServices);
    await step(social.page, 'a: the member sees Cases and an empty-enough list', async () => {
      await tid(social.page, 'nav-cases').click();
      await waitForPath(social.page, /\/cases$/);
      await social.page.locator('[data-testid=case-row], [data-testid=cases-empty]').first().waitFor();
      await a11y.check(social.page, 'cases list (member)');
    });
    await step(social.page, 'a: filter 1 — the new situation form warns against names', async () => {
      await tid(social.page, 'case-new').click();
      await waitForPath(social.page, /\/cases\/new$/);
      await tid(social.page, 'no-names-warning').waitFor();
      await a11y.check(social.page, 'new situation form');
      await tid(social.page, 'case-reason').fill(
        'Our outreach and the school tried for two months; attendance stopped and the family refuses contact.',
      );
      await tid(social.page, 'case-age').selectOption('18-24');
      await tid(social.page, 'case-gender').selectOption('male');
      await tid(social.page, 'case-neighbourhood').fill('Riverside');
      await pickFactor(social.page, 'case-risk', 'threat', 'Aggressive or threatening behaviour');
      await pickFactor(social.page, 'case-risk', 'isolation', 'Social isolation');
      await pickFactor(social.page, 'case-protective', 'family', 'Supportive family');
      await tid(social.page, 'case-submit').click();
      await waitForPath(social.page, /\/cases\/[0-9a-f-]{36}$/);
      caseId = new URL(social.page.url()).pathname.split('/').pop()!;
      await stageIs(social.page, 'filter-1');
      expect(await tid(social.page, 'case-risk-factors').textContent()).toContain(
        'Antisocial or negative behaviour: Aggressive or threatening behaviour',
      );
      reference = ((await social.page.locator('h1').textContent()) ?? '').replace(
        /^.*?([A-Z]{2}-\d{4}-\d+).*$/,
        '$1',
      );
      expect(reference).toMatch(/^ST-\d{4}-\d{4}$/);
      await a11y.check(social.page, 'situation page, filter 1');
    });
    await step(social.page, 'a: filter 2 — the member presents it to the table', async () => {
      await tid(social.page, 'case-present').click();
      await stageIs(social.page, 'filter-2');
      expect(await social.page.locator('[aria-current=step]').getAttribute('data-step')).toBe('filter-2');
    });

    // Filter 2 → 3: the coordinator records the decision and assigns the agencies with a legal basis.
    const coordinator = await signIn(demo.coordinator);
    await step(coordinator.page, 'a: the coordinator finds it by reference', async () => {
      // The home page lists situations whose response clock ran out (the demo has one).
      await tid(coordinator.page, 'overdue-cases').getByRole('link', { name: /^ST-/ }).first().waitFor();
      await a11y.check(coordinator.page, 'city home with overdue situations');
      await tid(coordinator.page, 'nav-cases').click();
      await tid(coordinator.page, 'cases-filter-reference').fill(reference);
      await expect.poll(() => coordinator.page.getByTestId('case-row').count(), { timeout: 10_000 }).toBe(1);
      await coordinator.page.locator(`[data-testid=case-row][data-reference="${reference}"]`).waitFor();
      await tid(coordinator.page, 'case-link').click();
      await tid(coordinator.page, 'decision-submit').waitFor();
      await a11y.check(coordinator.page, 'situation page, filter 2 (decision form)');
    });
    await step(coordinator.page, 'a: filter 2 — threshold met at a meeting, with a note', async () => {
      await tid(coordinator.page, 'decision-no').check();
      await tid(coordinator.page, 'decision-reject-warning').waitFor();
      await tid(coordinator.page, 'decision-yes').check();
      // The demo city has a year of past meetings: the decision points at the latest one.
      const meetingSelect = tid(coordinator.page, 'decision-meeting');
      await meetingSelect.waitFor();
      const firstMeeting = await meetingSelect.locator('option').nth(1).getAttribute('value');
      await meetingSelect.selectOption(firstMeeting!);
      await tid(coordinator.page, 'decision-note').fill(
        'Acutely elevated; education and mental health needed.',
      );
      await tid(coordinator.page, 'decision-submit').click();
      await stageIs(coordinator.page, 'filter-3');
      await tid(coordinator.page, 'case-response-due').waitFor();
      await tid(coordinator.page, 'case-decided-meeting').waitFor();
    });
    await step(
      coordinator.page,
      'a: filter 3 — lead and assisting agencies, with a legal basis',
      async () => {
        await tid(coordinator.page, 'assign-lead').selectOption({ label: 'Education Department' });
        await coordinator.page
          .locator('[data-testid=assign-assisting-option][data-name="Mental Health Centre"]')
          .check();
        // An outside agency gets identities only with a basis: the form asks before the server refuses.
        expect(await tid(coordinator.page, 'assign-save').isDisabled()).toBe(true);
        await tid(coordinator.page, 'assign-basis').selectOption('legal-basis');
        await tid(coordinator.page, 'assign-basis-detail').fill('Child and Youth Protection Act, article 12');
        await tid(coordinator.page, 'assign-save').click();
        await coordinator.page.locator('[data-testid=case-assignment][data-role=lead]').waitFor();
        expect(await tid(coordinator.page, 'case-disclosure-basis').getAttribute('data-recorded')).toBe(
          'true',
        );
        // The coordinator's own organisation is not assigned: no identity for them either.
        await tid(coordinator.page, 'identity-why-not').waitFor();
        await a11y.check(coordinator.page, 'situation page, filter 3 (assigned)');
      },
    );

    // Filter 4: a member of the lead agency responds, records the person, opens identity, plans.
    const lead = await signIn(people.education);
    await step(lead.page, 'a: filter 4 — the lead agency records the first response', async () => {
      await openCase(lead, caseId);
      await tid(lead.page, 'case-first-response-record').click();
      await stageIs(lead.page, 'filter-4');
      await tid(lead.page, 'case-first-response').waitFor();
    });
    await step(lead.page, 'a: adding a person — a minor needs a guardian (live warning)', async () => {
      await tid(lead.page, 'person-add').click();
      await tid(lead.page, 'person-given').fill('Samir');
      await tid(lead.page, 'person-family').fill('Haddad');
      const minorBirth = `${new Date().getFullYear() - 15}-03-04`;
      await tid(lead.page, 'person-dob').fill(minorBirth);
      await tid(lead.page, 'person-minor-warning').waitFor();
      await tid(lead.page, 'person-save').click();
      await tid(lead.page, 'guardian-required').waitFor();
      await a11y.check(lead.page, 'add person form (minor warning)');
      await tid(lead.page, 'person-dob').fill(`${new Date().getFullYear() - 20}-03-04`);
      expect(await tid(lead.page, 'person-minor-warning').count()).toBe(0);
      await tid(lead.page, 'person-phone').fill('+389 70 123 456');
      await tid(lead.page, 'person-address').fill('12 River Street');
      await tid(lead.page, 'person-save').click();
      await tid(lead.page, 'person-duplicate').waitFor();
      expect(await tid(lead.page, 'person-duplicate').getAttribute('data-duplicate')).toBe('false');
      await tid(lead.page, 'person-done').click();
      // Nothing identifying on the page until the identity is opened.
      expect(await lead.page.locator('body').textContent()).not.toContain('Samir');
    });
    await step(lead.page, 'a: open identity with a reason, write the plan, hide', async () => {
      await tid(lead.page, 'identity-open').click();
      await tid(lead.page, 'reveal-preset').selectOption('intervention');
      await tid(lead.page, 'reveal-submit').click();
      await tid(lead.page, 'identity-revealed').waitFor();
      expect(await tid(lead.page, 'identity-name').textContent()).toContain('Samir Haddad');
      await tid(lead.page, 'plan-text').fill(
        'Education: re-enrolment meeting this week. Mental Health Centre: first appointment within 10 days.',
      );
      await tid(lead.page, 'plan-save').click();
      await tid(lead.page, 'plan-saved').waitFor();
      await a11y.check(lead.page, 'situation page, identity open and plan');
      // Nothing of it is kept in the browser's storage.
      const stored = await lead.page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
      expect(stored).not.toContain('Samir');
      // A person recorded by mistake is removed, with a reason.
      await tid(lead.page, 'person-add').click();
      await tid(lead.page, 'person-given').fill('Wrongly');
      await tid(lead.page, 'person-family').fill('Entered');
      await tid(lead.page, 'person-save').click();
      await tid(lead.page, 'person-done').click();
      await lead.page.getByText('Wrongly Entered').waitFor();
      await tid(lead.page, 'person-remove').nth(1).click();
      await tid(lead.page, 'person-remove-reason').fill('Recorded in the wrong situation');
      await a11y.check(lead.page, 'remove a person recorded by mistake');
      await tid(lead.page, 'person-remove-submit').click();
      await tid(lead.page, 'person-remove-form').waitFor({ state: 'detached' });
      expect(await tid(lead.page, 'identity-person').count()).toBe(1);
      expect(await lead.page.locator('body').textContent()).not.toContain('Wrongly');
      await tid(lead.page, 'identity-hide').click();
      await tid(lead.page, 'identity-revealed').waitFor({ state: 'detached' });
      expect(await lead.page.locator('body').textContent()).not.toContain('Samir');
    });
    await step(lead.page, 'a: the situation page fits 360 px', async () => {
      await lead.page.setViewportSize({ width: 360, height: 800 });
      await lead.page.reload();
      await tid(lead.page, 'case-plan').waitFor();
      const { scrollWidth, viewport } = await horizontalOverflow(lead.page);
      expect(scrollWidth, 'situation page scrolls sideways at 360 px').toBeLessThanOrEqual(viewport);
      await lead.page.setViewportSize({ width: 1280, height: 800 });
    });

    // Need to know: a member of an unassigned organisation sees the situation, never the identity.
    const outsider = await signIn(people.communityAffairs);
    await step(
      outsider.page,
      'a: an unassigned agency cannot open the identity, and is told why',
      async () => {
        await openCase(outsider, caseId);
        await tid(outsider.page, 'identity-why-not').waitFor();
        expect(await tid(outsider.page, 'identity-why-not').textContent()).toContain('not assigned');
        expect(await tid(outsider.page, 'identity-open').count()).toBe(0);
        expect(await tid(outsider.page, 'plan-text').count()).toBe(0);
        const refused = await api(
          outsider.page,
          'POST',
          `/api/cities/${outsider.cityId}/cases/${caseId}/reveal`,
          { reason: 'Trying to look anyway' },
        );
        expect(refused.status).toBe(403);
        expect(refused.body.code).toBe('not-assigned');
        await a11y.check(outsider.page, 'situation page, unassigned member');
      },
    );
    await outsider.close();

    await step(lead.page, 'a: the lead closes it with an outcome', async () => {
      await tid(lead.page, 'case-close-open').click();
      await tid(lead.page, 'outcome-risk-lowered-connected').check();
      await tid(lead.page, 'close-note').fill('Back at school; appointments kept.');
      // Measured once the dialog has faded in (mid-transition colours are not the real ones).
      await lead.page.waitForFunction(() => {
        const dialog = document.querySelector('.mantine-Modal-content');
        return !!dialog && getComputedStyle(dialog).opacity === '1';
      });
      await a11y.check(lead.page, 'close dialog');
      await tid(lead.page, 'close-submit').click();
      await stageIs(lead.page, 'closed');
      expect(await tid(lead.page, 'case-closed').textContent()).toContain(
        'Risk lowered: connected to services',
      );
    });
    await lead.close();
    expect(a11y.findings, a11y.report()).toEqual([]);
    expect(j.pageErrors).toEqual([]);
  });
});

describe('journey: a Channel-style case to its 6-month review', () => {
  it('screening → assessment → guardian consent → support → closure → 6-month review', async () => {
    const { a11y } = j;
    // The chair switches the city's case workflow to Channel-style on the network page.
    const chair = await signIn(demo.chair);
    await step(chair.page, 'b: the chair switches the workflow to Channel-style', async () => {
      await chair.page.goto(`${j.server.url}/c/${chair.cityId}/network`);
      await tid(chair.page, 'workflow-kind').selectOption('channel');
      expect(await tid(chair.page, 'workflow-reviews').inputValue()).toBe('6, 12');
      await a11y.check(chair.page, 'network settings: case workflow editor (chair)');
      await tid(chair.page, 'network-save').click();
      await tid(chair.page, 'network-saved').waitFor();
      const config = await api(chair.page, 'GET', `/api/cities/${chair.cityId}/cases/config`);
      expect(config.body.workflow).toBe('channel');
      expect(config.body.reviewsAfterExitMonths).toEqual([6, 12]);
      expect(config.body.consentBeforeSupport).toBe(true);
    });
    await chair.close();

    let caseId = '';
    const member = await signIn(people.socialServices);
    await step(member.page, 'b: screening — the member refers a young person', async () => {
      await member.page.goto(`${j.server.url}/c/${member.cityId}/cases/new`);
      await tid(member.page, 'case-reason').fill(
        'A teacher reports a pupil sharing violent material and talking about acting; the school cannot address it alone.',
      );
      await tid(member.page, 'case-age').selectOption('12-17');
      await tid(member.page, 'case-gender').selectOption('female');
      await tid(member.page, 'case-neighbourhood').fill('North End');
      await pickFactor(member.page, 'case-risk', 'extrem', 'Exposure to violent extremist content');
      await tid(member.page, 'case-submit').click();
      await waitForPath(member.page, /\/cases\/[0-9a-f-]{36}$/);
      caseId = new URL(member.page.url()).pathname.split('/').pop()!;
      await stageIs(member.page, 'screening');
      expect(await member.page.locator('h1').textContent()).toMatch(/CH-\d{4}-\d{4}/);
      await tid(member.page, 'case-minor').waitFor();
      await a11y.check(member.page, 'Channel case, screening');
    });

    const coordinator = await signIn(demo.coordinator);
    await step(coordinator.page, 'b: the coordinator screens it in and names the lead agency', async () => {
      await openCase(coordinator, caseId);
      await tid(coordinator.page, 'decision-yes').check();
      await tid(coordinator.page, 'decision-submit').click();
      await stageIs(coordinator.page, 'assessment');
      await tid(coordinator.page, 'assign-lead').selectOption({ label: 'Social Services Department' });
      await tid(coordinator.page, 'assign-save').click();
      await coordinator.page.locator('[data-testid=case-assignment][data-role=lead]').waitFor();
    });

    await step(
      member.page,
      'b: assessment — the person (a minor, with a guardian) and the framework',
      async () => {
        await openCase(member, caseId);
        await tid(member.page, 'person-add').click();
        await tid(member.page, 'person-given').fill('Lina');
        await tid(member.page, 'person-family').fill('Mansour');
        await tid(member.page, 'person-dob').fill(`${new Date().getFullYear() - 14}-06-15`);
        await tid(member.page, 'person-minor-warning').waitFor();
        await tid(member.page, 'guardian-add').click();
        await tid(member.page, 'guardian-name').fill('Rania Mansour');
        await tid(member.page, 'guardian-relationship').fill('Mother');
        await tid(member.page, 'person-save').click();
        await tid(member.page, 'person-duplicate').waitFor();
        await tid(member.page, 'person-done').click();
        for (const dimension of ['engagement', 'intent', 'capability'])
          await tid(member.page, `assessment-${dimension}`).getByTestId('assessment-factor').first().check();
        await tid(member.page, 'assessment-summary').fill(
          'Drawn to online material; no sign of means. Family supportive.',
        );
        await tid(member.page, 'assessment-plan').fill(
          'Mentoring at school; family meeting with social services.',
        );
        await a11y.check(member.page, 'Channel case, assessment form');
        await tid(member.page, 'assessment-save').click();
        await tid(member.page, 'assessment').waitFor();
      },
    );

    await step(coordinator.page, 'b: the panel adopts the case (consent stage)', async () => {
      await openCase(coordinator, caseId);
      await tid(coordinator.page, 'case-to-consent').click();
      await stageIs(coordinator.page, 'consent');
    });

    await step(
      member.page,
      "b: support needs the guardian's consent — refused first, then recorded",
      async () => {
        await openCase(member, caseId);
        await tid(member.page, 'case-to-support').click();
        // The server's problem title, translated, instead of a crash.
        await expect
          .poll(() => member.page.getByTestId('error-alert').first().textContent())
          .toContain('Consent or a legal basis must be recorded first');
        await tid(member.page, 'consent-add').click();
        await tid(member.page, 'consent-purpose').selectOption('support');
        const person = await tid(member.page, 'consent-person')
          .locator('option')
          .nth(1)
          .getAttribute('value');
        await tid(member.page, 'consent-person').selectOption(person!);
        // The chair's override is not offered to a member.
        expect(await tid(member.page, 'consent-basis').locator('option[value=chair-override]').count()).toBe(
          0,
        );
        await tid(member.page, 'consent-basis').selectOption('guardian-consent');
        await tid(member.page, 'consent-detail').fill('The mother agreed at a meeting at the school.');
        await tid(member.page, 'consent-save').click();
        await member.page.locator('[data-testid=consent][data-basis=guardian-consent]').waitFor();
        // A consent recorded twice by mistake is withdrawn, saying how (kept in the audit log).
        await tid(member.page, 'consent-add').click();
        await tid(member.page, 'consent-purpose').selectOption('support');
        await tid(member.page, 'consent-person').selectOption(person!);
        await tid(member.page, 'consent-basis').selectOption('guardian-consent');
        await tid(member.page, 'consent-save').click();
        await expect
          .poll(() => member.page.locator('[data-testid=consent][data-basis=guardian-consent]').count())
          .toBe(2);
        await tid(member.page, 'consent-withdraw').nth(1).click();
        await tid(member.page, 'consent-withdraw-reason').fill('Recorded twice by mistake');
        await a11y.check(member.page, 'withdraw a consent, saying how');
        await tid(member.page, 'consent-withdraw-submit').click();
        await member.page.locator('[data-testid=consent][data-withdrawn=true]').waitFor();
        await tid(member.page, 'case-to-support').click();
        await stageIs(member.page, 'support');
      },
    );
    await step(
      member.page,
      'b: support plan with the identity open (minor warning with the guardian)',
      async () => {
        await tid(member.page, 'identity-open').click();
        await tid(member.page, 'reveal-preset').selectOption('other');
        await tid(member.page, 'reveal-reason').fill('Writing the support plan with the school');
        await tid(member.page, 'reveal-submit').click();
        await tid(member.page, 'identity-minor').waitFor();
        expect(await tid(member.page, 'identity-guardian').textContent()).toContain('Rania Mansour');
        await tid(member.page, 'plan-text').fill(
          'Weekly mentoring (school); monthly family meeting (social services).',
        );
        await tid(member.page, 'plan-save').click();
        await tid(member.page, 'plan-saved').waitFor();
        await a11y.check(member.page, 'Channel case, support with identity open');
      },
    );
    await step(
      member.page,
      'b: closure schedules the 6 and 12 month reviews; the 6-month one is done',
      async () => {
        await tid(member.page, 'case-close-open').click();
        await tid(member.page, 'outcome-risk-lowered-connected').check();
        await tid(member.page, 'close-submit').click();
        await stageIs(member.page, 'closed');
        const months = await member.page
          .locator('[data-testid=follow-up][data-kind=post-closure-review]')
          .evaluateAll((elements) => elements.map((e) => e.getAttribute('data-months')));
        expect(months).toEqual(['6', '12']);
        const sixMonths = member.page.locator('[data-testid=follow-up][data-months="6"]');
        await sixMonths.getByTestId('follow-up-complete').click();
        await tid(member.page, 'finding-risk-lowered').check();
        await tid(member.page, 'follow-up-note').fill('Doing well at school; mentoring continues.');
        await tid(member.page, 'follow-up-complete-save').click();
        await member.page.locator('[data-testid=follow-up][data-months="6"][data-done=true]').waitFor();
        expect(await sixMonths.getByTestId('follow-up-finding').textContent()).toBe('Risk lowered');
        await a11y.check(member.page, 'Channel case, closed with reviews');
      },
    );
    await step(member.page, 'b: the list in Arabic at 360 px', async () => {
      await member.page.setViewportSize({ width: 360, height: 800 });
      await member.page.evaluate(() => localStorage.setItem('lpn.locale', 'ar'));
      await member.page.goto(`${j.server.url}/c/${member.cityId}/cases`);
      await tid(member.page, 'case-row').first().waitFor();
      expect(await member.page.evaluate(() => document.documentElement.dir)).toBe('rtl');
      expect(await member.page.locator('h1').textContent()).toBe('الحالات');
      const { scrollWidth, viewport } = await horizontalOverflow(member.page);
      expect(scrollWidth, 'the Arabic list scrolls sideways at 360 px').toBeLessThanOrEqual(viewport);
      await a11y.check(member.page, 'cases list, Arabic, 360 px');
    });
    await member.close();
    expect(a11y.findings, a11y.report()).toEqual([]);
    expect(j.pageErrors).toEqual([]);
  });
});
