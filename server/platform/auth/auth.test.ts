import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, cookieHeader, PASSWORD, type TestApp } from '../../../test/harness.js';
import { totpFromUri } from '../../../test/totp.js';
import { session } from './auth.table.js';

let t: TestApp;
let cityId: string;

beforeAll(async () => {
  t = await createTestApp();
  cityId = await t.createCity('authville');
});
afterAll(() => t.close());

describe('sign-in', () => {
  it('signs in with e-mail and password and sets an httpOnly SameSite cookie', async () => {
    await t.createPerson({ email: 'coord@x.test', cityId, role: 'coordinator' });
    const response = await t.call({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: 'coord@x.test', password: PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const me = await t.call({ method: 'GET', url: '/api/me', cookie: cookieHeader(response) });
    expect(me.statusCode).toBe(200);
    expect(me.json().memberships[0]).toMatchObject({ role: 'coordinator', cityId });
  });

  it('refuses a wrong password with problem+json and no hint about the account', async () => {
    const response = await t.call({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: 'coord@x.test', password: 'wrong-password-123' },
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const unknown = await t.call({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: 'nobody@x.test', password: 'wrong-password-123' },
    });
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(response.json().detail);
  });

  it('locks an account out after five failures in a row, even with the right password', async () => {
    await t.createPerson({ email: 'target@x.test', cityId, role: 'member' });
    for (let i = 0; i < 5; i++) {
      const r = await t.call({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        payload: { email: 'target@x.test', password: `guess-number-${i}-xx` },
      });
      expect(r.statusCode).toBe(401);
    }
    const locked = await t.call({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: 'TARGET@x.test', password: PASSWORD },
    });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().code).toBe('locked-out');
  });

  it('rejects passwords shorter than 12 characters at invitation acceptance', async () => {
    // Sign-up is invitation-only; the password rule lives in the contract and in better-auth.
    const signUp = await t.call({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      payload: { email: 'self@x.test', password: PASSWORD, name: 'Self' },
    });
    expect(signUp.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('rate-limits sign-in attempts per client address', async () => {
    const limited = await createTestApp({ signInRateLimit: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await limited.call({
          method: 'POST',
          url: '/api/auth/sign-in/email',
          payload: { email: `n${i}@x.test`, password: 'whatever-password' },
        });
        codes.push(r.statusCode);
      }
      expect(codes).toContain(429);
    } finally {
      await limited.close();
    }
  });
});

describe('sessions', () => {
  it('refuses state-changing requests without this origin (CSRF)', async () => {
    const cookie = await t.signIn('coord@x.test');
    const response = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie, origin: 'https://evil.example' },
      payload: { name: 'Hacked' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('csrf');
    const noOrigin = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: { cookie },
      payload: { name: 'X' },
    });
    expect(noOrigin.statusCode).toBe(403);
  });

  it('ends a session past the absolute lifetime even if it was used recently', async () => {
    const userId = await t.createPerson({ email: 'old@x.test', cityId, role: 'coordinator' });
    const cookie = await t.signIn('old@x.test');
    await t.deps.db
      .update(session)
      .set({ createdAt: new Date(Date.now() - 13 * 3_600_000) })
      .where(eq(session.userId, userId));
    const me = await t.call({ method: 'GET', url: '/api/me', cookie });
    expect(me.statusCode).toBe(401);
  });

  it('refuses a session cookie whose token or signature was altered', async () => {
    const cookie = await t.signIn('coord@x.test');
    expect((await t.call({ method: 'GET', url: '/api/me', cookie })).statusCode).toBe(200);
    const [name, value] = cookie.split(/=(.*)/s);
    const decoded = decodeURIComponent(value);
    const dot = decoded.lastIndexOf('.');
    const token = decoded.slice(0, dot);
    const otherToken = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    const forgedToken = `${name}=${encodeURIComponent(`${otherToken}${decoded.slice(dot)}`)}`;
    const noSignature = `${name}=${encodeURIComponent(token)}`;
    for (const forged of [forgedToken, noSignature, `${name}=garbage`, `${name}=%E0%A4%A`]) {
      expect((await t.call({ method: 'GET', url: '/api/me', cookie: forged })).statusCode, forged).toBe(401);
    }
  });

  it('slides the idle timeout on use and sends the refreshed cookie', async () => {
    const userId = await t.createPerson({ email: 'slide@x.test', cityId, role: 'coordinator' });
    const cookie = await t.signIn('slide@x.test');
    const soon = new Date(Date.now() + 60_000); // one minute left: a refresh is due
    await t.deps.db.update(session).set({ expiresAt: soon }).where(eq(session.userId, userId));
    const response = await t.call({ method: 'GET', url: '/api/me', cookie });
    expect(response.statusCode).toBe(200);
    expect(String(response.headers['set-cookie'])).toMatch(/lpn\.session_token=.*Max-Age=1800/);
    const [row] = await t.deps.db.select().from(session).where(eq(session.userId, userId));
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now() + 25 * 60_000);
  });

  it('ends an expired session', async () => {
    const userId = await t.createPerson({ email: 'idle@x.test', cityId, role: 'coordinator' });
    const cookie = await t.signIn('idle@x.test');
    await t.deps.db
      .update(session)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(session.userId, userId));
    expect((await t.call({ method: 'GET', url: '/api/me', cookie })).statusCode).toBe(401);
  });

  it('signs out everywhere', async () => {
    await t.createPerson({ email: 'multi@x.test', cityId, role: 'coordinator' });
    const first = await t.signIn('multi@x.test');
    const second = await t.signIn('multi@x.test');
    const revoke = await t.call({
      method: 'POST',
      url: '/api/auth/revoke-sessions',
      cookie: first,
      payload: {},
    });
    expect(revoke.statusCode).toBe(200);
    expect((await t.call({ method: 'GET', url: '/api/me', cookie: second })).statusCode).toBe(401);
    expect((await t.call({ method: 'GET', url: '/api/me', cookie: first })).statusCode).toBe(401);
  });

  it('sends security headers with a strict content security policy', async () => {
    const response = await t.call({ method: 'GET', url: '/healthz' });
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('two-factor sign-in', () => {
  it('requires 2FA enrolment for a chair before any city route answers', async () => {
    await t.createPerson({ email: 'chair@x.test', cityId, role: 'chair' });
    const cookie = await t.signIn('chair@x.test');
    const blocked = await t.call({ method: 'GET', url: `/api/cities/${cityId}/people`, cookie });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('two-factor-required');
    const me = await t.call({ method: 'GET', url: '/api/me', cookie });
    expect(me.json().memberships[0].twoFactorRequired).toBe(true);

    const { totpUri, backupCodes, cookie: after } = await t.enrol2fa(cookie);
    expect(backupCodes).toHaveLength(10);
    const allowed = await t.call({ method: 'GET', url: `/api/cities/${cityId}/people`, cookie: after });
    expect(allowed.statusCode).toBe(200);

    // Next sign-in asks for the code; a wrong code fails, the right one signs in.
    const start = await t.call({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: 'chair@x.test', password: PASSWORD },
    });
    expect(start.json().twoFactorRedirect).toBe(true);
    const pending = cookieHeader(start);
    expect((await t.call({ method: 'GET', url: '/api/me', cookie: pending })).statusCode).toBe(401);
    const wrong = await t.call({
      method: 'POST',
      url: '/api/auth/two-factor/verify-totp',
      cookie: pending,
      payload: { code: totpFromUri(totpUri, Date.now() - 10 * 60_000) },
    });
    expect(wrong.statusCode).toBeGreaterThanOrEqual(400);
    const full = await t.signIn('chair@x.test', { totpUri });
    expect(
      (await t.call({ method: 'GET', url: `/api/cities/${cityId}/people`, cookie: full })).statusCode,
    ).toBe(200);

    // A recovery code works once.
    const again = cookieHeader(
      await t.call({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        payload: { email: 'chair@x.test', password: PASSWORD },
      }),
    );
    const recovery = await t.call({
      method: 'POST',
      url: '/api/auth/two-factor/verify-backup-code',
      cookie: again,
      payload: { code: backupCodes[0] },
    });
    expect(recovery.statusCode).toBe(200);
  });
});
