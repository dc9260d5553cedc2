import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  demo,
  enrolTwoFactorInUi,
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

describe('journey: an auditor verifies the audit chain', () => {
  it('enrols 2FA, opens the audit page, and the chain verifies as intact', async () => {
    const { page, server, a11y } = j;
    await step(page, 'd: the auditor signs in and enrols 2FA', async () => {
      await submitCredentials(page, server.url, demo.auditor);
      await waitForPath(page, /^\/account\/two-factor/);
      await enrolTwoFactorInUi(j, page);
      await waitForPath(page, /^\/c\/[^/]+\/?$/);
    });
    await step(page, 'd: open the audit page', async () => {
      await tid(page, 'nav-audit').click();
      await waitForPath(page, /^\/c\/[^/]+\/audit/);
      await tid(page, 'audit-table').waitFor();
      await a11y.check(page, 'audit log');
    });
    await step(page, 'd: verify the chain', async () => {
      await tid(page, 'audit-verify').click();
      const verdict = tid(page, 'audit-verdict');
      await verdict.waitFor();
      expect(await verdict.getAttribute('data-ok')).toBe('true');
      expect(await verdict.textContent()).toMatch(/\d/); // "… N entries checked"
      await a11y.check(page, 'audit log: verdict shown');
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
