import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { membership } from '../../modules/people/people.table.js';
import { session } from './auth.table.js';

// A cache time far longer than any wait below: whatever takes effect here did so through the
// database notification or the node's own invalidation, not because the cache entry aged out.
const LONG_CACHE_MS = 60_000;

let nodeA: TestApp;
let nodeB: TestApp;
let cityId: string;

async function eventually(check: () => Promise<boolean>, withinMs = 3000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return check();
}

beforeAll(async () => {
  nodeA = await createTestApp({ sessionCacheMs: LONG_CACHE_MS });
  nodeB = await createTestApp({ sessionCacheMs: LONG_CACHE_MS, shareDatabaseWith: nodeA });
  cityId = await nodeA.createCity('cache-city', { require2faRoles: [] });
  await nodeA.createPerson({ email: 'chair@cache.test', cityId, role: 'chair' });
});
afterAll(async () => {
  await nodeB?.close();
  await nodeA?.close();
});

describe('the session and city-scope cache', () => {
  it('reuses a resolved scope', async () => {
    await nodeA.createPerson({ email: 'reuse@cache.test', cityId, role: 'member' });
    const cookie = await nodeA.signIn('reuse@cache.test');
    expect(
      (await nodeA.call({ method: 'GET', url: `/api/cities/${cityId}/people`, cookie })).statusCode,
    ).toBe(200);
    expect(nodeA.deps.scopeCache.size).toBeGreaterThan(0);
  });

  it('drops a removed member at once on every node, however the removal was made', async () => {
    const userId = await nodeA.createPerson({ email: 'gone@cache.test', cityId, role: 'member' });
    const cookie = await nodeA.signIn('gone@cache.test');
    const people = `/api/cities/${cityId}/people`;
    expect((await nodeA.call({ method: 'GET', url: people, cookie })).statusCode).toBe(200);
    expect((await nodeB.call({ method: 'GET', url: people, cookie })).statusCode).toBe(200);
    // Straight in the database, as the CLI or an operator would: no app request involved.
    await nodeA.deps.db
      .delete(membership)
      .where(and(eq(membership.cityId, cityId), eq(membership.userId, userId)));
    const gone = async (node: TestApp) =>
      (await node.call({ method: 'GET', url: people, cookie })).statusCode === 404;
    expect(await eventually(() => gone(nodeA))).toBe(true);
    expect(await eventually(() => gone(nodeB))).toBe(true);
  });

  it('ends a session revoked on one node for the other node too', async () => {
    await nodeA.createPerson({ email: 'two@cache.test', cityId, role: 'coordinator' });
    const cookie = await nodeA.signIn('two@cache.test');
    expect((await nodeB.call({ method: 'GET', url: '/api/me', cookie })).statusCode).toBe(200);
    const out = await nodeA.call({ method: 'POST', url: '/api/auth/revoke-sessions', cookie, payload: {} });
    expect(out.statusCode).toBe(200);
    // The node that made the change never answers from the old state.
    expect((await nodeA.call({ method: 'GET', url: '/api/me', cookie })).statusCode).toBe(401);
    expect(
      await eventually(
        async () => (await nodeB.call({ method: 'GET', url: '/api/me', cookie })).statusCode === 401,
      ),
    ).toBe(true);
  });

  it('applies a role change made on one node to the other', async () => {
    const chair = await nodeA.signIn('chair@cache.test');
    const userId = await nodeA.createPerson({ email: 'promoted@cache.test', cityId, role: 'member' });
    const cookie = await nodeA.signIn('promoted@cache.test');
    const invitations = `/api/cities/${cityId}/invitations`;
    expect((await nodeB.call({ method: 'GET', url: invitations, cookie })).statusCode).toBe(403);
    const change = await nodeA.call({
      method: 'PATCH',
      url: `/api/cities/${cityId}/people/${userId}`,
      cookie: chair,
      payload: { role: 'chair' },
    });
    expect(change.statusCode).toBe(200);
    expect(
      await eventually(
        async () => (await nodeB.call({ method: 'GET', url: invitations, cookie })).statusCode === 200,
      ),
    ).toBe(true);
  });

  it('still enforces session expiry on a cached scope', async () => {
    const userId = await nodeA.createPerson({ email: 'expiring@cache.test', cityId, role: 'coordinator' });
    const cookie = await nodeA.signIn('expiring@cache.test');
    expect((await nodeA.call({ method: 'GET', url: '/api/me', cookie })).statusCode).toBe(200);
    await nodeA.deps.db
      .update(session)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(session.userId, userId));
    expect(
      await eventually(
        async () => (await nodeA.call({ method: 'GET', url: '/api/me', cookie })).statusCode === 401,
      ),
    ).toBe(true);
  });
});
