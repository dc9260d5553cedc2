import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demo,
  enrolTwoFactorInUi,
  freshTotp,
  isResponsive,
  selectedCityName,
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

describe('journey: the demo chair signs in and sets up two-factor sign-in', () => {
  it('signed out, opening / leads to the sign-in page and the page stays responsive', async () => {
    // Its own browser: if the app loops here, the hung renderer is closed with it.
    const other = await j.newBrowser();
    try {
      await step(other.page, 'a: signed out, open /', async () => {
        await other.page.goto(`${j.server.url}/`);
        await waitForPath(other.page, /^\/sign-in/);
        await tid(other.page, 'signin-email').waitFor();
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        expect(
          await isResponsive(other.page),
          'the page stops answering after redirecting / to /sign-in',
        ).toBe(true);
      });
    } finally {
      await other.close();
    }
  });

  it('is sent to 2FA enrolment, confirms a code, signs out, and signs in again with a code', async () => {
    const { page, server, a11y } = j;
    await step(page, 'a: open the sign-in page', async () => {
      await page.goto(`${server.url}/sign-in`);
      await tid(page, 'signin-email').waitFor();
      await a11y.check(page, 'sign-in');
    });
    await step(page, 'a: sign in with e-mail and password', () =>
      submitCredentials(page, server.url, demo.chair),
    );
    await step(page, 'a: sent to 2FA enrolment', async () => {
      await waitForPath(page, /^\/account\/two-factor/);
      await tid(page, 'enable-2fa-password').waitFor();
      await a11y.check(page, '2FA enrolment: password');
    });
    const totpUri = await step(page, 'a: enrol with the secret shown and a computed code', async () => {
      const uri = await enrolTwoFactorInUi(j, page);
      await expect.poll(() => tid(page, 'recovery-codes').locator('li').count()).toBe(10);
      return uri;
    });
    await step(page, 'a: after enrolment the city opens', async () => {
      await waitForPath(page, /^\/c\/[^/]+\/?$/);
      expect(await selectedCityName(page)).toBe('Riverton (demo)');
      await a11y.check(page, 'city home (chair)');
    });
    await step(page, 'a: sign out', async () => {
      await tid(page, 'account-menu').click(); // Sign out lives in the header's account menu
      await tid(page, 'sign-out').click();
      await waitForPath(page, /^\/sign-in/);
    });
    await step(page, 'a: signing in again asks for a code', async () => {
      await submitCredentials(page, server.url, demo.chair);
      await tid(page, 'totp-code').waitFor();
      await a11y.check(page, 'sign-in: second factor');
    });
    await step(page, 'a: the code from the authenticator signs in', async () => {
      await tid(page, 'totp-code').fill(await freshTotp(totpUri));
      await tid(page, 'totp-submit').click();
      await waitForPath(page, /^\/c\/[^/]+\/?$/);
      expect(await selectedCityName(page)).toBe('Riverton (demo)');
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
