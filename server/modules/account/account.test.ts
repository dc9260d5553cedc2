import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieHeader, createTestApp, PASSWORD, type TestApp } from '../../../test/harness.js';
import { verifyAuditChain } from '../../platform/audit/audit.js';

let t: TestApp;
let cityA: string;
let cityB: string;
let auditorA: string;
let auditorB: string;

type Event = { action: string; recordType: string; recordId: string; fields: string[]; actorRole: string };
async function accountEvents(cityId: string, cookie: string, userId: string): Promise<Event[]> {
  const r = await t.call({
    method: 'GET',
    url: `/api/cities/${cityId}/audit?recordType=user&limit=100`,
    cookie,
  });
  expect(r.statusCode).toBe(200);
  return (r.json().items as Event[]).filter((e) => e.recordId === userId);
}

beforeAll(async () => {
  t = await createTestApp();
  cityA = await t.createCity('account-a', { require2faRoles: [] });
  cityB = await t.createCity('account-b', { require2faRoles: [] });
  await t.createPerson({ email: 'aud-a@acc.test', cityId: cityA, role: 'auditor' });
  await t.createPerson({ email: 'aud-b@acc.test', cityId: cityB, role: 'auditor' });
  auditorA = await t.signIn('aud-a@acc.test');
  auditorB = await t.signIn('aud-b@acc.test');
});
afterAll(() => t.close());

describe('account changes in the audit log', () => {
  it('records profile, password, two-factor and sign-out-everywhere in every city of the person', async () => {
    const userId = await t.createPerson({ email: 'both@acc.test', cityId: cityA, role: 'member' });
    await t.deps.db.execute(
      // A second city, as an accepted invitation would add it.
      (await import('drizzle-orm'))
        .sql`insert into membership (city_id, user_id, role) values (${cityB}, ${userId}, 'coordinator')`,
    );
    let cookie = await t.signIn('both@acc.test');
    const renamed = await t.call({
      method: 'PATCH',
      url: '/api/me',
      cookie,
      payload: { name: 'New Name', preferredLocale: 'fr' },
    });
    expect(renamed.statusCode).toBe(200);
    const changed = await t.call({
      method: 'POST',
      url: '/api/auth/change-password',
      cookie,
      payload: {
        currentPassword: PASSWORD,
        newPassword: 'another-long-password',
        revokeOtherSessions: false,
      },
    });
    expect(changed.statusCode).toBe(200);
    cookie = await t.signIn('both@acc.test', { password: 'another-long-password' });
    const enrolled = await t.enrol2fa(cookie, 'another-long-password');
    const disabled = await t.call({
      method: 'POST',
      url: '/api/auth/two-factor/disable',
      cookie: enrolled.cookie,
      payload: { password: 'another-long-password' },
    });
    expect(disabled.statusCode).toBe(200);
    // Disabling two-factor replaces the session: continue with the fresh cookie.
    const revoked = await t.call({
      method: 'POST',
      url: '/api/auth/revoke-sessions',
      cookie: cookieHeader(disabled, enrolled.cookie),
      payload: {},
    });
    expect(revoked.statusCode).toBe(200);

    const expected = [
      'revoke:sessions',
      'disable-2fa:twoFactor',
      'enable-2fa:twoFactor',
      'update:password',
      'update:name,preferredLocale',
    ];
    for (const [cityId, auditor, role] of [
      [cityA, auditorA, 'member'],
      [cityB, auditorB, 'coordinator'],
    ] as const) {
      const events = await accountEvents(cityId, auditor, userId);
      expect(events.map((e) => `${e.action}:${e.fields.join()}`)).toEqual(expected);
      expect(events.every((e) => e.actorRole === role)).toBe(true);
      // Field names only: the new name and password appear nowhere in the entries (the actor's
      // display name, shown beside each entry, is looked up at read time and is not part of the log).
      const stored = events.map((e) => [e.action, e.recordType, e.recordId, e.fields, e.actorRole]);
      expect(JSON.stringify(stored)).not.toMatch(/New Name|another-long-password/);
      expect(await verifyAuditChain(t.deps.db, cityId)).toMatchObject({ ok: true });
    }
  });

  it('does not record an ordinary second-factor check at sign-in as an enrolment', async () => {
    const userId = await t.createPerson({ email: 'tfa@acc.test', cityId: cityA, role: 'member' });
    const { totpUri } = await t.enrol2fa(await t.signIn('tfa@acc.test'));
    await t.signIn('tfa@acc.test', { totpUri });
    const events = await accountEvents(cityA, auditorA, userId);
    expect(events.map((e) => e.action)).toEqual(['enable-2fa']);
  });
});
