import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  choose,
  demo,
  enrolTwoFactorInUi,
  readValue,
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

const NEW_EMAIL = 'new.member@demo.lpn.local';
const NEW_PASSWORD = 'a-long-new-password-42';

describe('journey: a chair invites a member, who signs up through the link', () => {
  it('invites from the people page; the link opens in a fresh browser; the new member signs in and sees the city', async () => {
    const { page, server, a11y } = j;
    await step(page, 'c: the chair signs in and enrols 2FA', async () => {
      await submitCredentials(page, server.url, demo.chair);
      await waitForPath(page, /^\/account\/two-factor/);
      await enrolTwoFactorInUi(j, page);
      await waitForPath(page, /^\/c\/[^/]+\/?$/);
    });
    await step(page, 'c: open the people page', async () => {
      await tid(page, 'nav-people').click();
      await waitForPath(page, /^\/c\/[^/]+\/people/);
      await tid(page, 'invite-email').waitFor();
      await a11y.check(page, 'people (chair)');
    });
    const link = await step(page, 'c: invite a member and read the link', async () => {
      await tid(page, 'invite-email').fill(NEW_EMAIL);
      await choose(tid(page, 'invite-role'), 'member');
      await tid(page, 'invite-submit').click();
      await tid(page, 'invite-link').waitFor();
      const url = await readValue(tid(page, 'invite-link'));
      expect(url).toMatch(new RegExp(`^${server.url}/invite/[\\w-]{20,}$`));
      await a11y.check(page, 'people: invitation created');
      return url;
    });

    const invitee = await j.newBrowser();
    const other = invitee.page;
    await step(other, 'c: the invitee opens the link in a fresh browser', async () => {
      await other.goto(link);
      await tid(other, 'accept-name').waitFor();
      await expect.poll(() => tid(other, 'invite-city').textContent()).toBe('Riverton (demo)');
      await j.a11y.check(other, 'invitation');
    });
    await step(other, 'c: the invitee fills name and password and accepts', async () => {
      await tid(other, 'accept-name').fill('Nadia Newcomer');
      await tid(other, 'accept-password').fill(NEW_PASSWORD);
      await tid(other, 'accept-password-confirm').fill(NEW_PASSWORD);
      await tid(other, 'accept-submit').click();
      await waitForPath(other, /^\/sign-in/);
    });
    await step(other, 'c: the new member signs in and sets up 2FA (members need it by default)', async () => {
      await submitCredentials(other, server.url, NEW_EMAIL, NEW_PASSWORD);
      await waitForPath(other, /^\/account\/two-factor/);
      await enrolTwoFactorInUi(j, other, NEW_PASSWORD);
      await waitForPath(other, /^\/c\/[^/]+\/?$/);
    });
    await step(other, 'c: the new member sees the city', async () => {
      expect(await selectedCityName(other)).toBe('Riverton (demo)');
      await j.a11y.check(other, 'city home (new member)');
    });
    await step(page, 'c: the chair sees the new member in the list', async () => {
      await page.reload();
      await tid(page, 'people-table').getByText('Nadia Newcomer').waitFor();
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
