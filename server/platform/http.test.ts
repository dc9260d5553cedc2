import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import Fastify from 'fastify';
import { logRedact } from '../app.js';
import { registerErrorHandling } from './http.js';

let t: TestApp;
let log = '';
let cityId: string;
let coordinator: string;
let logStream: Writable;

beforeAll(async () => {
  logStream = new Writable({
    write(chunk, _encoding, done) {
      log += chunk.toString();
      done();
    },
  });
  t = await createTestApp({ logger: { level: 'info', redact: logRedact, stream: logStream } });
  cityId = await t.createCity('httpville', { require2faRoles: [] });
  await t.createPerson({ email: 'coordinator@http.test', cityId, role: 'coordinator' });
  coordinator = await t.signIn('coordinator@http.test');
});
afterAll(() => t.close());

describe('problem details (RFC 9457)', () => {
  it('answers unknown routes with problem+json and a request id', async () => {
    const r = await t.call({ method: 'GET', url: '/api/nothing-here' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json()).toMatchObject({ status: 404, code: 'not-found', requestId: r.headers['x-request-id'] });
  });

  it('translates the title by Accept-Language', async () => {
    const en = await t.call({ method: 'GET', url: '/api/me', headers: { 'accept-language': 'en' } });
    const fr = await t.call({
      method: 'GET',
      url: '/api/me',
      headers: { 'accept-language': 'fr-CA,fr;q=0.9' },
    });
    const ar = await t.call({ method: 'GET', url: '/api/me', headers: { 'accept-language': 'ar' } });
    expect(en.statusCode).toBe(401);
    expect(en.json().title).not.toBe('errors.unauthenticated');
    expect(fr.json().title).not.toBe(en.json().title);
    expect(fr.headers['content-language']).toBe('fr');
    expect(ar.json().title).toMatch(/[\u0600-\u06FF]/);
  });

  it('names each invalid field and changes nothing', async () => {
    const before = (
      await t.call({ method: 'GET', url: `/api/cities/${cityId}/people`, cookie: coordinator })
    ).json();
    const r = await t.call({
      method: 'PATCH',
      url: `/api/cities/${cityId}/people/${before.items[0].userId}`,
      cookie: coordinator,
      payload: { phone: 'call me maybe', role: 'emperor' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('validation');
    const paths = r.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.phone', 'body.role']));
    const after = (
      await t.call({ method: 'GET', url: `/api/cities/${cityId}/people`, cookie: coordinator })
    ).json();
    expect(after).toEqual(before);
  });

  it('rejects malformed JSON without echoing it', async () => {
    const r = await t.call({
      method: 'PATCH',
      url: '/api/me',
      cookie: coordinator,
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "secret-value-xyz"',
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).not.toContain('secret-value-xyz');
  });

  it('hides internal errors: no stack, no SQL', async () => {
    // The same error handling on a bare instance: routes cannot be added to the running app.
    const bare = Fastify({ logger: { level: 'info', redact: logRedact, stream: logStream } });
    registerErrorHandling(bare);
    bare.get('/api/test-explode', async () => {
      throw new Error('Failed query: select * from "user" where email = $1 params: victim@x.test');
    });
    const r = await bare.inject({ method: 'GET', url: '/api/test-explode' });
    await bare.close();
    expect(r.statusCode).toBe(500);
    expect(r.json().code).toBe('internal');
    expect(r.body).not.toMatch(/select|victim|at \w+ \(/);
    expect(log).not.toContain('victim@x.test');
  });
});

describe('cursor pagination', () => {
  it('walks every person exactly once in both sort orders', async () => {
    for (let i = 0; i < 7; i++)
      await t.createPerson({ email: `page${i}@http.test`, name: `Page ${i}`, cityId, role: 'member' });
    for (const sort of ['-joinedAt', 'joinedAt', 'name', '-name']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/cities/${cityId}/people?limit=3&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
        const page: { items: { userId: string }[]; nextCursor: string | null } = (
          await t.call({ method: 'GET', url, cookie: coordinator })
        ).json();
        seen.push(...page.items.map((p: { userId: string }) => p.userId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size, sort).toBe(seen.length);
      expect(seen.length, sort).toBe(8);
    }
  });

  it('searches by name or e-mail, with wildcards taken literally, and pages the results', async () => {
    const search = async (q: string, extra = '') =>
      (
        await t.call({
          method: 'GET',
          url: `/api/cities/${cityId}/people?q=${encodeURIComponent(q)}${extra}`,
          cookie: coordinator,
        })
      ).json() as { items: { name: string }[]; nextCursor: string | null };
    expect((await search('page 3')).items.map((p) => p.name)).toEqual(['Page 3']);
    expect((await search('PAGE5@HTTP')).items.map((p) => p.name)).toEqual(['Page 5']);
    expect((await search('%')).items).toEqual([]);
    const first = await search('page', '&limit=4&sort=name');
    expect(first.items.map((p) => p.name)).toEqual(['Page 0', 'Page 1', 'Page 2', 'Page 3']);
    const second = await search('page', `&limit=4&sort=name&cursor=${first.nextCursor}`);
    expect(second.items.map((p) => p.name)).toEqual(['Page 4', 'Page 5', 'Page 6']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a forged cursor with 400', async () => {
    const r = await t.call({
      method: 'GET',
      url: `/api/cities/${cityId}/people?cursor=not-a-cursor`,
      cookie: coordinator,
    });
    expect(r.statusCode).toBe(400);
  });
});

describe('documentation and probes', () => {
  it('publishes OpenAPI 3.1 generated from the contracts', async () => {
    const r = await t.call({ method: 'GET', url: '/api/openapi.json' });
    const doc = r.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(
      doc.paths['/api/cities/{cityId}/people'].get.parameters.map((p: { name: string }) => p.name),
    ).toEqual(expect.arrayContaining(['cityId', 'cursor', 'limit', 'sort']));
    expect(doc.paths['/api/cities/{cityId}/invitations'].post.requestBody).toBeDefined();
  });

  it('serves the API reference page', async () => {
    const r = await t.call({ method: 'GET', url: '/api/docs/' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.body).toContain('data-url="/api/openapi.json"');
    // Its script comes from the package on this server, never from a CDN.
    const script = await t.call({ method: 'GET', url: '/api/docs/js/scalar.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('javascript');
    expect(script.rawPayload.length).toBeGreaterThan(100_000);
  });

  it('answers health and readiness', async () => {
    expect((await t.call({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await t.call({ method: 'GET', url: '/readyz' })).json().status).toBe('ready');
  });
});

describe('logs', () => {
  it('carry no credentials, e-mail addresses, phone numbers or cookies', async () => {
    await t.call({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      payload: { email: 'coordinator@http.test', password: 'wrong-password-zz' },
    });
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain('wrong-password-zz');
    expect(log).not.toContain('coordinator@http.test');
    expect(log).not.toMatch(/lpn\.session_token=/);
  });
});
