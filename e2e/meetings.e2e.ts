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

describe('journey: the coordinator runs a meeting', () => {
  it('opens a past meeting, sees the quorum follow the attendance ticks, refuses a name as a case item, fits 360 px', async () => {
    const { page, server, a11y } = j;
    await step(page, 'meetings: the coordinator signs in and sees their action items', async () => {
      await submitCredentials(page, server.url, demo.coordinator);
      await waitForPath(page, /^\/c\/[^/]+\/?$/);
      await tid(page, 'my-action-items').waitFor();
    });
    await step(page, 'meetings: the list shows upcoming and past meetings', async () => {
      await tid(page, 'nav-meetings').click();
      await waitForPath(page, /^\/c\/[^/]+\/meetings/);
      await tid(page, 'meetings-list-upcoming').getByTestId('meeting-link').first().waitFor();
      await a11y.check(page, 'meetings list');
      await tid(page, 'meetings-tab-past').click();
      await tid(page, 'meetings-list-past').getByTestId('meeting-link').first().click();
      await waitForPath(page, /^\/c\/[^/]+\/meetings\/[^/]+$/);
      await tid(page, 'minutes-warning').waitFor();
      await a11y.check(page, 'meeting page');
    });
    await step(page, 'meetings: the quorum indicator follows the checklist', async () => {
      const boxes = page.getByTestId('attendance-checkbox');
      const count = await boxes.count();
      expect(count).toBeGreaterThan(3);
      for (let i = 0; i < count; i++) if (await boxes.nth(i).isChecked()) await boxes.nth(i).click();
      expect(await tid(page, 'quorum-indicator').getAttribute('data-met')).toBe('false');
      for (let i = 0; i < count; i++) await boxes.nth(i).click();
      expect(await tid(page, 'quorum-indicator').getAttribute('data-met')).toBe('true');
    });
    await step(page, 'meetings: a case item takes a reference, not a name', async () => {
      await tid(page, 'agenda-add').click();
      await page.getByTestId('agenda-kind').last().selectOption('case');
      await tid(page, 'agenda-caseref').fill('Amina Yusuf');
      expect(await tid(page, 'agenda-save').isDisabled()).toBe(true);
      await tid(page, 'agenda-caseref').fill('RIV-2026-0042');
      expect(await tid(page, 'agenda-save').isDisabled()).toBe(false);
    });
    await step(page, 'meetings: the meeting page fits a narrow screen', async () => {
      await page.setViewportSize({ width: 360, height: 800 });
      // Fresh at that width (the layout's breakpoint transition would be measured mid-way otherwise).
      await page.reload();
      await tid(page, 'minutes-warning').waitFor();
      await tid(page, 'decision-record').waitFor();
      const { scrollWidth, viewport } = await horizontalOverflow(page);
      expect(scrollWidth, 'meeting page scrolls sideways').toBeLessThanOrEqual(viewport);
      await page.setViewportSize({ width: 1280, height: 900 });
    });
  });
});
