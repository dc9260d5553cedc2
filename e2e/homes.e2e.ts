import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  choose,
  demo,
  DEMO_PASSWORD,
  enrolTwoFactorInUi,
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
 * Role homes (issue 9, item 4): each role's home shows its own work with counts. The assertions hold
 * on a demo with or without a referral waiting for the partner: a count, and then either the newest
 * referrals or the "nothing waiting" text.
 */

const PARTNER = 'partner@demo.lpn.local';
const LIAISON = 'liaison@demo.lpn.local';
const ANALYST = 'analyst@demo.lpn.local';
/** The roles the demo city makes use two-factor sign-in (the default: chair, member, partner, auditor). */
const needs2fa = new Set([demo.chair, PARTNER, demo.auditor]);

let j: Journey;
beforeAll(async () => {
  j = await startJourney();
});
afterAll(async () => {
  await j?.close();
});

/**
 * Signs `email` in in a browser of their own and lands on the city home. A role the demo city makes
 * use two-factor is sent to enrolment at first sign-in; the others go straight home.
 */
async function signIn(email: string): Promise<BrowserSession> {
  const session = await j.newBrowser();
  const { page } = session;
  await step(page, `homes: sign in as ${email}`, async () => {
    await submitCredentials(page, j.server.url, email, DEMO_PASSWORD);
    if (needs2fa.has(email)) {
      await waitForPath(page, /^\/account\/two-factor/, 20_000);
      await enrolTwoFactorInUi(j, page);
    }
    await waitForPath(page, /^\/c\/[^/]+\/?$/, 20_000);
    await tid(page, 'home-cards').waitFor();
  });
  return session;
}

/** The number a count shows (it must be a whole number, never text). */
async function countOf(page: Page, id: string): Promise<number> {
  const text = ((await tid(page, id).textContent({ timeout: 15_000 })) ?? '').trim();
  expect(text, id).toMatch(/^\d+$/);
  return Number(text);
}

async function cardsOn(page: Page): Promise<string[]> {
  return page
    .locator('[data-home-card]')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-home-card')!));
}

describe('journey: each role’s home shows its own work, with counts', () => {
  it('partner: the referrals waiting for the organisation, never who is referred', async () => {
    const { page, close } = await signIn(PARTNER);
    await step(page, 'homes: partner sees the referrals card with counts', async () => {
      await tid(page, 'referrals-waiting-card').waitFor();
      const waiting = await countOf(page, 'referrals-waiting-count');
      await countOf(page, 'referrals-active-count');
      if (waiting > 0) {
        const items = page.getByTestId('referrals-waiting-item');
        expect(await items.count()).toBe(Math.min(waiting, 3));
        expect(await tid(page, 'referrals-waiting-none').count()).toBe(0);
      } else {
        await tid(page, 'referrals-waiting-none').waitFor();
      }
      // What the card says comes from the summary, which carries no identity and no reference.
      const text = (await tid(page, 'referrals-waiting-card').textContent()) ?? '';
      expect(text).not.toMatch(/[A-Z]{2,6}-\d{4}-\d{3,6}/);
      // Partners are outside the network's internal life and case statistics.
      const cards = await cardsOn(page);
      expect(cards).toContain('referrals/referrals-waiting');
      expect(cards).not.toContain('meetings/next-meeting');
      expect(cards).not.toContain('case-statistics/statistics');
      expect(cards).not.toContain('audit/audit');
      await j.a11y.check(page, 'home (partner)');
    });
    await step(page, 'homes: the card leads to the inbox', async () => {
      await tid(page, 'referrals-waiting-link').click();
      await waitForPath(page, /^\/c\/[^/]+\/referrals$/);
    });
    await close();
  });

  it('national liaison: the next meeting and the statistics, suppressed as the server gives them', async () => {
    const { page, close } = await signIn(LIAISON);
    await step(page, 'homes: liaison sees the next meeting and the statistics', async () => {
      await tid(page, 'next-meeting-card').waitFor();
      await countOf(page, 'next-meeting-count');
      // The liaison sees when, not the meeting itself: no link to the meeting page.
      expect(await tid(page, 'next-meeting-link').count()).toBe(0);
      await tid(page, 'statistics-card').waitFor();
      await tid(page, 'statistics-headline').waitFor();
      const headline = (await tid(page, 'statistics-headline').textContent()) ?? '';
      // Every count shown is 0 or at least 5; 1–4 never appear as a number.
      for (const n of await page
        .locator('[data-testid=statistics-headline] [data-testid^=statistics-]')
        .allTextContents())
        expect(Number(n) === 0 || Number(n) >= 5, `${n} in "${headline}"`).toBe(true);
      const cards = await cardsOn(page);
      expect(cards).not.toContain('referrals/referrals-waiting');
      expect(cards).not.toContain('cases/overdue-cases');
      await j.a11y.check(page, 'home (national liaison)');
    });
    await close();
  });

  it('network analyst: the aggregate statistics, in Arabic at 360 px too', async () => {
    const { page, close } = await signIn(ANALYST);
    await step(
      page,
      'homes: analyst sees the statistics and nothing of the network’s internal life',
      async () => {
        await tid(page, 'statistics-card').waitFor();
        await tid(page, 'statistics-link').waitFor();
        const cards = await cardsOn(page);
        expect(cards).toContain('case-statistics/statistics');
        expect(cards).not.toContain('meetings/next-meeting');
        expect(cards).not.toContain('referrals/referrals-waiting');
      },
    );
    await step(page, 'homes: in Arabic the home reads right to left and fits 360 px', async () => {
      await choose(tid(page, 'lang-switcher'), 'ar');
      await page.waitForFunction(() => document.documentElement.dir === 'rtl');
      await page.setViewportSize({ width: 360, height: 740 });
      await tid(page, 'statistics-card').waitFor();
      await page.waitForTimeout(300);
      const { scrollWidth, viewport } = await horizontalOverflow(page);
      expect(scrollWidth).toBeLessThanOrEqual(viewport);
      await j.a11y.check(page, 'home (analyst, Arabic, 360 px)');
    });
    await close();
  });

  it('auditor: the audit chain (entries, last check, verify now) and the purge report', async () => {
    const { page, close } = await signIn(demo.auditor);
    await step(page, 'homes: auditor sees the chain, the purge report and the next meeting', async () => {
      await tid(page, 'audit-chain-card').waitFor();
      expect(await countOf(page, 'audit-entries-count')).toBeGreaterThan(0);
      await tid(page, 'audit-last-check').waitFor();
      await tid(page, 'purge-runs-card').waitFor();
      await tid(page, 'next-meeting-card').waitFor();
      await countOf(page, 'next-meeting-count');
    });
    await step(page, 'homes: auditor checks the chain from the home page', async () => {
      const before = await tid(page, 'audit-last-check').textContent();
      await tid(page, 'audit-verify').click();
      const verdict = tid(page, 'audit-verdict');
      await verdict.waitFor();
      expect(await verdict.getAttribute('data-ok')).toBe('true');
      // The check is itself recorded in the log: the card's "last checked" moves on.
      await page.waitForFunction(
        (previous) => document.querySelector('[data-testid=audit-last-check]')?.textContent !== previous,
        before,
      );
      await j.a11y.check(page, 'home (auditor)');
    });
    await close();
  });

  it('chair: overdue situations, reviews due, action items, the next meeting, the ToR to acknowledge', async () => {
    const { page, close } = await signIn(demo.chair);
    await step(page, 'homes: chair sees the network’s work with counts', async () => {
      for (const id of [
        'overdue-cases',
        'reviews-due-card',
        'my-action-items',
        'next-meeting-card',
        'tor-ack-card',
      ])
        await tid(page, id).waitFor();
      await tid(page, 'reviews-due-counts').waitFor();
      await countOf(page, 'next-meeting-count');
      const tor = await countOf(page, 'tor-ack-count');
      if (tor > 0) await tid(page, 'tor-ack-link').waitFor();
      else await tid(page, 'tor-ack-none').waitFor();
      await tid(page, 'audit-chain-card').waitFor();
      await j.a11y.check(page, 'home (chair)');
    });
    await close();
  });

  it('no page errors, no serious accessibility findings', () => {
    expect(j.pageErrors).toEqual([]);
    expect(j.a11y.findings).toEqual([]);
  });
});
