import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { createTestApp, cookieHeader, PASSWORD, type TestApp } from '../../../test/harness.js';
import { totpFromUri } from '../../../test/totp.js';
import { rateLimit } from './auth.table.js';

// Issue 8 §5: the sign-in defects found by the hardening run. Clocks are set, never waited out.
let t: TestApp;
let cityId: string;

beforeAll(async () => {
  t = await createTestApp();
  cityId = await t.createCity('signin-city');
});
afterAll(() => t.close());
afterEach(() => {
  vi.useRealTimers();
});

const signInPassword = (app: TestApp, email: string, password = PASSWORD) =>
  app.call({ method: 'POST', url: '/api/auth/sign-in/email', payload: { email, password } });

describe('TOTP codes are single-use (RFC 6238 §5.2)', () => {
  it('refuses the enrolment code at sign-in, and a sign-in code a second time', async () => {
    await t.createPerson({ email: 'replay@x.test', cityId, role: 'chair' });
    let cookie = cookieHeader(await signInPassword(t, 'replay@x.test'));
    const enabled = await t.call({
      method: 'POST',
      url: '/api/auth/two-factor/enable',
      cookie,
      payload: { password: PASSWORD },
    });
    expect(enabled.statusCode).toBe(200);
    const uri = (enabled.json() as { totpURI: string }).totpURI;
    cookie = cookieHeader(enabled, cookie);
    const enrolCode = totpFromUri(uri);
    const confirmed = await t.call({
      method: 'POST',
      url: '/api/auth/two-factor/verify-totp',
      cookie,
      payload: { code: enrolCode },
    });
    expect(confirmed.statusCode).toBe(200);

    // Someone who saw the enrolment code tries it at the sign-in step.
    const pending = cookieHeader(await signInPassword(t, 'replay@x.test'));
    const replayed = await t.call({
      method: 'POST',
      url: '/api/auth/two-factor/verify-totp',
      cookie: pending,
      payload: { code: enrolCode },
    });
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().detail).toBe('TOTP_CODE_ALREADY_USED');

    // The next time step's code (an authenticator a little ahead) works once, and only once.
    const nextCode = totpFromUri(uri, Date.now() + 30_000);
    const first = await t.call({
      method: 'POST',
      url: '/api/auth/two-factor/verify-totp',
      cookie: pending,
      payload: { code: nextCode },
    });
    expect(first.statusCode).toBe(200);
    const again = cookieHeader(await signInPassword(t, 'replay@x.test'));
    const second = await t.call({
      method: 'POST',
      url: '/api/auth/two-factor/verify-totp',
      cookie: again,
      payload: { code: nextCode },
    });
    expect(second.statusCode).toBe(401);
    // And an older, still-in-window code is refused too: at or before the last accepted step.
    const older = await t.call({
      method: 'POST',
      url: '/api/auth/two-factor/verify-totp',
      cookie: again,
      payload: { code: totpFromUri(uri, Date.now() - 30_000) },
    });
    expect(older.statusCode).toBe(401);
  });
});

describe('failed sign-ins are counted in a window', () => {
  it('does not lock an account for failures spread beyond the window', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await t.createPerson({ email: 'slow@x.test', cityId, role: 'member' });
    for (let i = 0; i < 4; i++) {
      expect((await signInPassword(t, 'slow@x.test', `wrong-guess-${i}-xxxx`)).statusCode).toBe(401);
    }
    vi.setSystemTime(Date.now() + 16 * 60_000);
    expect((await signInPassword(t, 'slow@x.test', 'wrong-guess-5-xxxx')).statusCode).toBe(401);
    expect((await signInPassword(t, 'slow@x.test')).statusCode).toBe(200);
  });

  it('locks after five failures within the window, says when to retry, and unlocks by itself', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await t.createPerson({ email: 'fast@x.test', cityId, role: 'member' });
    for (let i = 0; i < 5; i++) {
      expect((await signInPassword(t, 'fast@x.test', `wrong-guess-${i}-xxxx`)).statusCode).toBe(401);
    }
    const locked = await signInPassword(t, 'fast@x.test');
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['content-type']).toContain('application/problem+json');
    expect(locked.json().code).toBe('locked-out');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    vi.setSystemTime(Date.now() + retryAfter * 1000 + 1000);
    expect((await signInPassword(t, 'fast@x.test')).statusCode).toBe(200);
  });
});

describe('wrong second-factor codes count toward the same lockout', () => {
  it('locks after five wrong codes, even though the password keeps being right', async () => {
    await t.createPerson({ email: 'codes@x.test', cityId, role: 'chair' });
    const { totpUri } = await t.enrol2fa(await t.signIn('codes@x.test'));
    const wrong = totpFromUri(totpUri, Date.now() - 10 * 60_000);
    for (let i = 0; i < 5; i++) {
      // A fresh challenge each time: the correct password must not reset the count of wrong codes.
      const pending = cookieHeader(await signInPassword(t, 'codes@x.test'));
      const r = await t.call({
        method: 'POST',
        url: '/api/auth/two-factor/verify-totp',
        cookie: pending,
        payload: { code: wrong },
      });
      expect(r.statusCode).toBe(401);
    }
    const locked = await signInPassword(t, 'codes@x.test');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('locked-out');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });
});

describe('rate limits', () => {
  it('answers a rate-limited sign-in with 429 problem+json and Retry-After', async () => {
    const limited = await createTestApp({ signInRateLimit: 2 });
    try {
      const responses = [];
      for (let i = 0; i < 3; i++)
        responses.push(await signInPassword(limited, `n${i}@x.test`, 'whatever-pw-123'));
      const last = responses[2];
      expect(last.statusCode).toBe(429);
      expect(last.headers['content-type']).toContain('application/problem+json');
      expect(last.json().code).toBe('rate-limited');
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('answers the global per-address limit with Retry-After too', async () => {
    const limited = await createTestApp({ rateLimitPerMinute: 2 });
    try {
      let last;
      for (let i = 0; i < 3; i++) last = await limited.call({ method: 'GET', url: '/api/me' });
      expect(last!.statusCode).toBe(429);
      expect(last!.headers['content-type']).toContain('application/problem+json');
      expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('keeps sign-in counts in the database: two app nodes share them, and no raw address is stored', async () => {
    const a = await createTestApp({ signInRateLimit: 3 });
    const b = await createTestApp({ signInRateLimit: 3, shareDatabaseWith: a });
    try {
      expect((await signInPassword(a, 'x1@x.test', 'whatever-pw-123')).statusCode).toBe(401);
      expect((await signInPassword(a, 'x2@x.test', 'whatever-pw-123')).statusCode).toBe(401);
      await a.app.close(); // this node stops; the count it kept is not lost with it
      expect((await signInPassword(b, 'x3@x.test', 'whatever-pw-123')).statusCode).toBe(401);
      expect((await signInPassword(b, 'x4@x.test', 'whatever-pw-123')).statusCode).toBe(429);
      const rows = await b.database.db.select({ key: rateLimit.key }).from(rateLimit);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.key).not.toContain('127.0.0.1');
    } finally {
      await b.close();
      await a.database.close();
    }
  });

  it('shares per-route limits on public routes between nodes', async () => {
    const a = await createTestApp();
    const b = await createTestApp({ shareDatabaseWith: a });
    try {
      const lookup = (app: TestApp) => app.call({ method: 'GET', url: '/api/invitations/not-a-real-token' });
      for (let i = 0; i < 15; i++) expect((await lookup(a)).statusCode).not.toBe(429);
      for (let i = 0; i < 15; i++) expect((await lookup(b)).statusCode).not.toBe(429);
      const over = await lookup(b);
      expect(over.statusCode).toBe(429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('signed-in responses and origins', () => {
  it('marks signed-in API responses no-store', async () => {
    await t.createPerson({ email: 'cache@x.test', cityId, role: 'coordinator' });
    const signIn = await signInPassword(t, 'cache@x.test');
    expect(signIn.headers['cache-control']).toContain('no-store');
    const cookie = cookieHeader(signIn);
    for (const url of ['/api/me', `/api/cities/${cityId}`]) {
      const response = await t.call({ method: 'GET', url, cookie });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['cache-control'], url).toContain('no-store');
    }
  });

  it('refuses an Origin with the right host but the wrong scheme', async () => {
    const cookie = await t.signIn('cache@x.test');
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie, origin: 'https://localhost' },
      payload: { name: 'Scheme' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('csrf');
    const same = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie, origin: 'http://localhost' },
      payload: { name: 'Scheme' },
    });
    expect(same.statusCode).toBe(200);
  });
});
