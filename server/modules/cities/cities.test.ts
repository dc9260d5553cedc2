import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('creating cities', () => {
  it('requires the platform admin to have two-factor sign-in', async () => {
    await t.createPerson({ email: 'admin-no-2fa@x.test', platformAdmin: true });
    const cookie = await t.signIn('admin-no-2fa@x.test');
    const refused = await t.call({
      method: 'POST',
      url: '/api/cities',
      cookie,
      payload: { name: 'Unguarded', slug: 'unguarded' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().code).toBe('two-factor-required');
    // Listing every city is a platform-admin power too: the admin pages send them to enrol.
    const listed = await t.call({ method: 'GET', url: '/api/cities', cookie });
    expect(listed.statusCode).toBe(403);
    expect(listed.json().code).toBe('two-factor-required');
    // The account page still knows they are an admin, so the web app can send them to enrol.
    expect((await t.call({ method: 'GET', url: '/api/me', cookie })).json().isPlatformAdmin).toBe(true);

    const { cookie: enrolled } = await t.enrol2fa(cookie);
    const created = await t.call({
      method: 'POST',
      url: '/api/cities',
      cookie: enrolled,
      payload: { name: 'Guarded', slug: 'guarded' },
    });
    expect(created.statusCode).toBe(201);
  });
});
