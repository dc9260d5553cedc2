import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * Issue 12: the demo city's public pages at 360 px in English and Arabic, then a resident's
 * anonymous submission → a custodian's answer → the resident reads it with the receipt.
 */

const MESSAGE = 'Someone sprayed slogans on the mosque wall in the Old Town last night.';
const ANSWER = 'Thank you. The wall was cleaned this morning and the neighbourhood team will visit.';

let j: Journey;
beforeAll(async () => {
  j = await startJourney({ viewport: { width: 360, height: 780 } });
});
afterAll(async () => {
  await j?.close();
});

describe('journey: public pages and the safe space', () => {
  it('reads the public page at 360 px in English and Arabic, without script', async () => {
    const { page, server, a11y } = j;
    await step(page, 'community: the English public page', async () => {
      await page.goto(`${server.url}/p/riverton/en`);
      expect(await page.locator('h1').textContent()).toContain('Riverton');
      expect(await page.locator('body').textContent()).toContain('never an intelligence service');
      // The blocks read from the adopted action plan and the answered consultations.
      expect(await page.locator('body').textContent()).toContain('Our action plan');
      expect(await page.locator('body').textContent()).toContain('You said:');
      expect(await page.locator('script').count()).toBe(0);
      const { scrollWidth, viewport } = await horizontalOverflow(page);
      expect(scrollWidth, 'public page scrolls sideways').toBeLessThanOrEqual(viewport);
      await a11y.check(page, 'public page (en)');
    });
    await step(page, 'community: the Arabic public page, right to left', async () => {
      await page.getByRole('link', { name: 'العربية' }).click();
      await page.waitForURL(/\/p\/riverton\/ar$/);
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      expect(await page.locator('html').getAttribute('lang')).toBe('ar');
      const { scrollWidth, viewport } = await horizontalOverflow(page);
      expect(scrollWidth).toBeLessThanOrEqual(viewport);
      await a11y.check(page, 'public page (ar)');
    });
  });

  it('submission → triage → answer → read by receipt', async () => {
    const { page, server, a11y } = j;
    const resident = await j.newBrowser();
    const r = resident.page;
    await r.setViewportSize({ width: 360, height: 780 });

    const receipt = await step(r, 'safe space: a resident writes anonymously', async () => {
      await r.goto(`${server.url}/p/riverton/en/safe-space`);
      await a11y.check(r, 'safe-space form (en)');
      await r.getByLabel('A concern').check();
      await r.getByLabel('Neighbourhood (optional)').selectOption('Old Town');
      await r.getByLabel('Your message').fill(MESSAGE);
      await r.waitForFunction(
        () => document.getElementById('ss-pow')?.textContent === 'Ready to send.',
        null,
        {
          timeout: 60_000,
        },
      );
      await r.getByRole('button', { name: 'Send' }).click();
      const shown = r.getByTestId('receipt');
      await shown.waitFor();
      const code = ((await shown.textContent()) ?? '').trim();
      expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
      await a11y.check(r, 'safe-space receipt (en)');
      await r.getByLabel(/last 4 characters/).fill(code.slice(-4));
      await r.getByRole('button', { name: 'I have saved my receipt' }).click();
      await r.getByRole('heading', { name: 'Thank you' }).waitFor();
      return code;
    });

    await step(page, 'safe space: the custodian (member, with 2FA) answers', async () => {
      await page.setViewportSize({ width: 1280, height: 900 });
      await submitCredentials(page, server.url, demo.member);
      await waitForPath(page, /^\/account\/two-factor/);
      await enrolTwoFactorInUi(j, page);
      await waitForPath(page, /^\/c\/[^/]+\/?$/);
      const cityId = new URL(page.url()).pathname.split('/')[2];
      await page.goto(`${server.url}/c/${cityId}/safe-space`);
      await tid(page, 'safe-space-list').waitFor();
      await tid(page, 'safe-space-open').first().click();
      const detail = tid(page, 'safe-space-detail');
      await detail.waitFor();
      expect(await detail.textContent()).toContain(MESSAGE);
      await tid(page, 'safe-space-answer').fill(ANSWER);
      await tid(page, 'safe-space-send').click();
      await detail.getByText(ANSWER).waitFor();
      await a11y.check(page, 'safe-space inbox');
    });

    await step(page, 'safe space: the custodian adds it as risk evidence, in their own words', async () => {
      const panel = tid(page, 'safe-space-transfers');
      const evidence = tid(page, 'transfer-evidence');
      await evidence.locator('summary').click();
      const risk = tid(page, 'transfer-risk');
      const first = await risk.locator('option').nth(1).getAttribute('value');
      await risk.selectOption(first!);
      await tid(page, 'transfer-summary').fill(
        'A resident reports hateful graffiti on a place of worship in the old town.',
      );
      await evidence.getByLabel('I confirm this text identifies nobody').check();
      await tid(page, 'transfer-add-evidence').click();
      await panel.getByText(/Added as risk evidence by/).waitFor();
      await a11y.check(page, 'safe-space inbox with a transfer');
    });

    await step(page, 'communication log: a member reads the agreed lines', async () => {
      const cityId = new URL(page.url()).pathname.split('/')[2];
      await page.goto(`${server.url}/c/${cityId}/communications`);
      await tid(page, 'key-texts-not-lines')
        .getByText('Nobody is labelled for their faith, origin or opinions.')
        .waitFor();
      expect(await tid(page, 'message').count()).toBeGreaterThan(0);
      await a11y.check(page, 'communication log');
    });

    await step(r, 'safe space: the resident reads the answer with the receipt', async () => {
      await r.goto(`${server.url}/p/riverton/en/thread`);
      await r.getByLabel('Receipt code').fill(receipt.toLowerCase());
      await r.getByRole('button', { name: 'Open' }).click();
      await r.getByText(ANSWER).waitFor();
      await a11y.check(r, 'safe-space conversation (en)');
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
