import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { user } from '../../platform/auth/auth.table.js';
import { invitation } from './people.table.js';

let t: TestApp;
let cityId: string;
let chair: string;

beforeAll(async () => {
  t = await createTestApp();
  cityId = await t.createCity('inviteville', { require2faRoles: [] });
  await t.createPerson({ email: 'chair@inv.test', cityId, role: 'chair' });
  chair = await t.signIn('chair@inv.test');
});
afterAll(() => t.close());

async function invite(email: string, role = 'member') {
  const r = await t.call({
    method: 'POST',
    url: `/api/cities/${cityId}/invitations`,
    cookie: chair,
    payload: { email, role, organisation: 'Youth Council' },
  });
  expect(r.statusCode).toBe(201);
  const body = r.json();
  return { ...body, token: String(body.url).split('/invite/')[1] };
}

describe('invitations', () => {
  it('a chair invites, the link is e-mailed, the invitee signs up and works in the city', async () => {
    const { token, url, emailed, invitation: created } = await invite('new.member@inv.test');
    expect(emailed).toBe(true);
    expect(t.mail.at(-1)).toMatchObject({ to: 'new.member@inv.test' });
    expect(t.mail.at(-1)?.text).toContain(url);
    expect(created.status).toBe('pending');

    const lookup = await t.call({ method: 'GET', url: `/api/invitations/${token}` });
    expect(lookup.json()).toMatchObject({
      cityName: 'City inviteville',
      email: 'new.member@inv.test',
      role: 'member',
      accountExists: false,
    });

    const accepted = await t.call({
      method: 'POST',
      url: `/api/invitations/${token}/accept`,
      payload: { name: 'New Member', password: 'a-long-enough-password' },
    });
    expect(accepted.statusCode).toBe(200);
    const cookie = await t.signIn('new.member@inv.test', { password: 'a-long-enough-password' });
    const me = (await t.call({ method: 'GET', url: '/api/me', cookie })).json();
    expect(me.memberships).toEqual([expect.objectContaining({ cityId, role: 'member' })]);

    // Used once only.
    const again = await t.call({ method: 'GET', url: `/api/invitations/${token}` });
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('invitation-invalid');
  });

  it('a bad acceptance creates nothing and leaves the invitation usable', async () => {
    const { token } = await invite('careful@inv.test');
    const short = await t.call({
      method: 'POST',
      url: `/api/invitations/${token}/accept`,
      payload: { name: 'C', password: 'short' },
    });
    expect(short.statusCode).toBe(400);
    const missing = await t.call({ method: 'POST', url: `/api/invitations/${token}/accept`, payload: {} });
    expect(missing.statusCode).toBe(400);
    expect(await t.deps.db.select().from(user).where(eq(user.email, 'careful@inv.test'))).toHaveLength(0);
    expect((await t.call({ method: 'GET', url: `/api/invitations/${token}` })).statusCode).toBe(200);
  });

  it('expired and revoked links do not work', async () => {
    const expired = await invite('late@inv.test');
    await t.deps.db
      .update(invitation)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(invitation.id, expired.invitation.id));
    expect((await t.call({ method: 'GET', url: `/api/invitations/${expired.token}` })).statusCode).toBe(404);

    const revoked = await invite('revoked@inv.test');
    const r = await t.call({
      method: 'DELETE',
      url: `/api/cities/${cityId}/invitations/${revoked.invitation.id}`,
      cookie: chair,
    });
    expect(r.statusCode).toBe(204);
    const accept = await t.call({
      method: 'POST',
      url: `/api/invitations/${revoked.token}/accept`,
      payload: { name: 'R', password: 'a-long-enough-password' },
    });
    expect(accept.statusCode).toBe(404);
    const list = (
      await t.call({ method: 'GET', url: `/api/cities/${cityId}/invitations`, cookie: chair })
    ).json();
    const statuses = Object.fromEntries(
      list.items.map((i: { email: string; status: string }) => [i.email, i.status]),
    );
    expect(statuses).toMatchObject({
      'late@inv.test': 'expired',
      'revoked@inv.test': 'revoked',
      'new.member@inv.test': 'accepted',
    });
  });

  it('an existing account joins a second city only when signed in as itself', async () => {
    const otherCity = await t.createCity('second-city', { require2faRoles: [] });
    await t.createPerson({ email: 'both@inv.test', cityId: otherCity, role: 'coordinator' });
    const { token } = await invite('both@inv.test', 'auditor');
    expect((await t.call({ method: 'GET', url: `/api/invitations/${token}` })).json().accountExists).toBe(
      true,
    );
    // The link alone cannot attach the city to someone else's account (or set its password).
    const anonymous = await t.call({
      method: 'POST',
      url: `/api/invitations/${token}/accept`,
      payload: { name: 'Intruder', password: 'attacker-password-1' },
    });
    expect(anonymous.statusCode).toBe(401);
    const cookie = await t.signIn('both@inv.test');
    const joined = await t.call({
      method: 'POST',
      url: `/api/invitations/${token}/accept`,
      cookie,
      payload: {},
    });
    expect(joined.statusCode).toBe(200);
    const me = (await t.call({ method: 'GET', url: '/api/me', cookie })).json();
    expect(me.memberships.map((m: { role: string }) => m.role).sort()).toEqual(['auditor', 'coordinator']);
  });

  it('cannot invite someone who is already a member', async () => {
    const r = await t.call({
      method: 'POST',
      url: `/api/cities/${cityId}/invitations`,
      cookie: chair,
      payload: { email: 'CHAIR@inv.test', role: 'member' },
    });
    expect(r.statusCode).toBe(409);
  });

  it('a guessed token finds nothing', async () => {
    const r = await t.call({ method: 'GET', url: `/api/invitations/${'A'.repeat(43)}` });
    expect(r.statusCode).toBe(404);
  });

  it('every step is in the audit chain, with field names only', async () => {
    const auditorId = await t.createPerson({ email: 'aud@inv.test', cityId, role: 'auditor' });
    expect(auditorId).toBeTruthy();
    const cookie = await t.signIn('aud@inv.test');
    const events = (
      await t.call({ method: 'GET', url: `/api/cities/${cityId}/audit?limit=100`, cookie })
    ).json().items;
    const actions = events.map((e: { action: string; recordType: string }) => `${e.action}:${e.recordType}`);
    expect(actions).toEqual(
      expect.arrayContaining(['create:invitation', 'accept:invitation', 'revoke:invitation', 'create:city']),
    );
    expect(JSON.stringify(events)).not.toContain('@inv.test');
    const verify = await t.call({ method: 'POST', url: `/api/cities/${cityId}/audit/verify`, cookie });
    expect(verify.json()).toMatchObject({ ok: true });
  });
});
