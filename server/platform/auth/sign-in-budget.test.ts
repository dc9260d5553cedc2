import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';

// The sign-in budget (requests per minute per address) also governs better-auth's own per-path
// rules. Production keeps them (3 per 10 s); only a raised budget — the browser journeys' test
// server, LPN_SIGN_IN_RATE_LIMIT — lifts them. Each case uses its own client address, because
// better-auth keeps its counters in one store per process.
let production: TestApp;
let raised: TestApp;

beforeAll(async () => {
  production = await createTestApp({ signInRateLimit: 10 }); // the app's default
  raised = await createTestApp({ signInRateLimit: 10_000, shareDatabaseWith: production });
});
afterAll(async () => {
  await raised?.close();
  await production?.close();
});

async function burst(t: TestApp, url: string, times: number, remoteAddress: string): Promise<number[]> {
  const codes: number[] = [];
  for (let i = 0; i < times; i++) {
    const response = await t.call({
      method: 'POST',
      url,
      remoteAddress,
      payload: { email: `nobody${i}@budget.test`, password: 'not-the-password-1', code: '000000' },
    });
    codes.push(response.statusCode);
  }
  return codes;
}

describe('the sign-in budget and better-auth’s own rules', () => {
  it('at the default budget, better-auth’s 3 per 10 s still limits the other 2FA paths', async () => {
    const codes = await burst(production, '/api/auth/two-factor/get-totp-uri', 4, '10.0.0.1');
    expect(codes.slice(0, 3)).not.toContain(429);
    expect(codes[3]).toBe(429);
  });

  it('at the default budget, the eleventh sign-in in a minute is refused', async () => {
    const codes = await burst(production, '/api/auth/sign-in/email', 11, '10.0.0.2');
    expect(codes.slice(0, 10)).not.toContain(429);
    expect(codes[10]).toBe(429);
  });

  it('a raised budget lifts both: no 429 for a burst of sign-ins and 2FA requests', async () => {
    expect(await burst(raised, '/api/auth/two-factor/get-totp-uri', 12, '10.0.0.3')).not.toContain(429);
    expect(await burst(raised, '/api/auth/two-factor/verify-totp', 12, '10.0.0.3')).not.toContain(429);
    expect(await burst(raised, '/api/auth/sign-in/email', 12, '10.0.0.4')).not.toContain(429);
  });
});
