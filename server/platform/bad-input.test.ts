import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../test/harness.js';

/*
 * Each class of bad input the fuzz of issue 8 found answered with a 500 (or with a non-problem
 * error). Every one must now be a 4xx problem+json that names the field, in the caller's language,
 * and leaves the data as it was. The property-based walk over every operation is in fuzz.test.ts.
 */

let t: TestApp;
let cityId: string;
let chair: string;
let chairId: string;
let meetingId: string;
let actionItemId: string;
let organisationId: string;

const api = (path: string) => `/api/cities/${cityId}${path}`;
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function expectProblem(r: LightMyRequestResponse, status: number | number[]) {
  const statuses = Array.isArray(status) ? status : [status];
  expect(statuses, `${r.statusCode} ${r.body}`).toContain(r.statusCode);
  expect(r.headers['content-type']).toContain('application/problem+json');
  const body = r.json();
  expect(body).toMatchObject({ status: r.statusCode, code: expect.any(String), title: expect.any(String) });
  expect(r.body).not.toMatch(/\bat \w+ \(|node_modules|select |insert |update .* set |FST_ERR/i);
  return body as { code: string; errors?: { path: string; code: string; message: string }[] };
}

/** A 400 validation problem with an error naming `path`, whose message is a sentence, not a code. */
function expectFieldError(r: LightMyRequestResponse, path: string) {
  const body = expectProblem(r, 400);
  expect(body.code).toBe('validation');
  const error = body.errors?.find((e) => e.path === path);
  expect(error, `no error for ${path} in ${r.body}`).toBeDefined();
  expect(error!.message).not.toMatch(/^validation\.|^Invalid input/);
  return error!;
}

beforeAll(async () => {
  t = await createTestApp();
  cityId = await t.createCity('badinput', { require2faRoles: [] });
  chairId = await t.createPerson({ email: 'chair@badinput.test', name: 'Chair', cityId, role: 'chair' });
  chair = await t.signIn('chair@badinput.test');
  const network = await t.call({
    method: 'POST',
    url: api('/network'),
    cookie: chair,
    payload: { templateId: 'situation-table' },
  });
  expect(network.statusCode).toBe(201);
  const org = await t.call({
    method: 'POST',
    url: api('/organisations'),
    cookie: chair,
    payload: { name: 'School', sector: 'education', membershipKind: 'formal' },
  });
  expect(org.statusCode).toBe(201);
  organisationId = org.json().id;
  const m = await t.call({
    method: 'POST',
    url: api('/meetings'),
    cookie: chair,
    payload: { title: 'Network meeting', startsAt: '2026-01-15T09:00:00Z' },
  });
  expect(m.statusCode).toBe(201);
  meetingId = m.json().id;
  const a = await t.call({
    method: 'POST',
    url: api(`/meetings/${meetingId}/action-items`),
    cookie: chair,
    payload: { title: 'Write the plan', ownerUserId: chairId, dueOn: '2026-03-01' },
  });
  expect(a.statusCode).toBe(201);
  actionItemId = a.json().id;
});
afterAll(() => t.close());

describe('a NUL byte in any text', () => {
  it('is refused in JSON fields, naming the field, and changes nothing', async () => {
    const before = (await t.call({ method: 'GET', url: '/api/me', cookie: chair })).json();
    const cases: [string, string, object, string][] = [
      ['PATCH', '/api/me', { name: 'Eve\u0000' }, 'body.name'],
      [
        'POST',
        api('/organisations'),
        { name: 'a\u0000b', sector: 'education', membershipKind: 'formal' },
        'body.name',
      ],
      ['POST', api('/meetings'), { title: '\u0000', startsAt: '2026-02-01T09:00:00Z' }, 'body.title'],
      ['POST', api('/services'), { name: 'Help\u0000desk', sector: 'health' }, 'body.name'],
      [
        'POST',
        api('/invitations'),
        { email: 'x@y.test', role: 'member', organisation: '\u0000' },
        'body.organisation',
      ],
      ['PATCH', api(`/action-items/${actionItemId}`), { title: 'x\u0000' }, 'body.title'],
    ];
    for (const [method, url, payload, path] of cases) {
      const r = await t.call({ method: method as 'POST', url, cookie: chair, payload });
      expectFieldError(r, path);
    }
    expect((await t.call({ method: 'GET', url: '/api/me', cookie: chair })).json()).toEqual(before);
  });

  it('is refused in query strings', async () => {
    expectFieldError(
      await t.call({ method: 'GET', url: api('/people?q=%00'), cookie: chair }),
      'querystring.q',
    );
    expectFieldError(
      await t.call({ method: 'GET', url: api('/cases?reference=%00'), cookie: chair }),
      'querystring.reference',
    );
    expectFieldError(
      await t.call({ method: 'GET', url: api('/audit?action=%00'), cookie: chair }),
      'querystring.action',
    );
  });

  it('is refused in path parameters, anonymously too', async () => {
    expectFieldError(await t.call({ method: 'GET', url: '/api/public/cities/%00/tor' }), 'params.slug');
    expectFieldError(
      await t.call({ method: 'GET', url: '/api/invitations/%00aaaaaaaaaaaaaaaaaaaaaaaa' }),
      'params.token',
    );
    expectFieldError(
      await t.call({ method: 'GET', url: api('/people/%00'), cookie: chair }),
      'params.userId',
    );
  });
});

describe('crafted pagination cursors', () => {
  it('a well-formed cursor with an id that is not a uuid is a 400 on meetings, cases and referrals', async () => {
    const cursor = cursorOf([1, 'not-a-uuid']);
    for (const path of [
      `/meetings?when=past&cursor=${cursor}`,
      `/cases?cursor=${cursor}`,
      `/referrals?cursor=${cursor}`,
    ]) {
      expectFieldError(await t.call({ method: 'GET', url: api(path), cookie: chair }), 'querystring.cursor');
    }
  });

  it('a people cursor of the wrong kind is a 400, not a RangeError', async () => {
    const cursor = cursorOf(['x', 'y']);
    expectFieldError(
      await t.call({ method: 'GET', url: api(`/people?cursor=${cursor}`), cookie: chair }),
      'querystring.cursor',
    );
    expectFieldError(
      await t.call({
        method: 'GET',
        url: api(`/people?sort=name&cursor=${cursorOf([1, 'y'])}`),
        cookie: chair,
      }),
      'querystring.cursor',
    );
  });

  it('an audit cursor out of range is a 400', async () => {
    for (const cursor of ['1e308', '99999999999999999999999999', '-1', '1.5']) {
      expectFieldError(
        await t.call({ method: 'GET', url: api(`/audit?cursor=${cursor}`), cookie: chair }),
        'querystring.cursor',
      );
    }
  });

  it('cursors the server handed out still page', async () => {
    const first = await t.call({ method: 'GET', url: api('/audit?limit=1'), cookie: chair });
    expect(first.statusCode).toBe(200);
    const next = await t.call({
      method: 'GET',
      url: api(`/audit?limit=1&cursor=${first.json().nextCursor}`),
      cookie: chair,
    });
    expect(next.statusCode).toBe(200);
    expect(next.json().items[0].seq).toBeLessThan(first.json().items[0].seq);
  });
});

describe('dates that are not real calendar dates or out of range', () => {
  it('are refused in bodies', async () => {
    expectFieldError(
      await t.call({
        method: 'PATCH',
        url: api(`/organisations/${organisationId}`),
        cookie: chair,
        payload: { joinedOn: '0000-01-01' },
      }),
      'body.joinedOn',
    );
    expectFieldError(
      await t.call({
        method: 'PATCH',
        url: api(`/action-items/${actionItemId}`),
        cookie: chair,
        payload: { dueOn: '2026-02-30' },
      }),
      'body.dueOn',
    );
    expectFieldError(
      await t.call({
        method: 'POST',
        url: api(`/meetings/${meetingId}/action-items`),
        cookie: chair,
        payload: { title: 'x', ownerUserId: chairId, dueOn: '9999-12-31' },
      }),
      'body.dueOn',
    );
  });

  it('are refused in statistics queries and the CSV export', async () => {
    for (const path of [
      '/case-statistics?from=0000-01-01',
      '/case-statistics/rtd.csv?from=0000-01-01',
      '/case-statistics?to=2026-02-30',
    ]) {
      const r = await t.call({ method: 'GET', url: api(path), cookie: chair });
      expect(r.statusCode, path).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
  });
});

describe('a patch that sets nothing', () => {
  it('is a 400 for {} and for unknown fields only', async () => {
    for (const payload of [{}, { colour: 'red' }]) {
      const r = await t.call({
        method: 'PATCH',
        url: api(`/action-items/${actionItemId}`),
        cookie: chair,
        payload,
      });
      const body = expectProblem(r, 400);
      expect(body.code).toBe('validation');
      expect(body.errors?.[0].path).toBe('body');
    }
  });
});

describe('numbers out of range', () => {
  it('tor diff with a huge version number is a 4xx', async () => {
    expectProblem(
      await t.call({
        method: 'GET',
        url: api('/tor/diff?from=99999999999999999999999999&to=1'),
        cookie: chair,
      }),
      [400, 404],
    );
  });
});

describe('a path parameter longer than the router allows', () => {
  it('answers 414 problem+json without echoing the path', async () => {
    const long = 'x'.repeat(150);
    for (const method of ['POST', 'PATCH', 'DELETE', 'GET'] as const) {
      const r = await t.call({ method, url: api(`/meetings/${long}/cancel`), cookie: chair, payload: {} });
      // 414 where the router measures the parameter; 404 where no route has a parameter there.
      expectProblem(r, [404, 414]);
      if (r.statusCode === 414) expect(r.body).not.toContain(long);
    }
    const r = await t.call({
      method: 'POST',
      url: `/api/cities/${long}/meetings`,
      cookie: chair,
      payload: {},
    });
    expectProblem(r, 414);
    expect(r.body).not.toContain(long);
  });

  it('a malformed percent-encoding is a 400 problem+json', async () => {
    const r = await t.call({ method: 'POST', url: api('/meetings/%zz/cancel'), cookie: chair, payload: {} });
    expectProblem(r, [400, 404]);
  });
});

describe('field messages are translated', () => {
  it('by Accept-Language, in every error entry', async () => {
    const messages = new Map<string, string>();
    for (const lang of ['en', 'fr', 'ar', 'sw', 'mk', 'sq']) {
      const r = await t.call({
        method: 'PATCH',
        url: '/api/me',
        cookie: chair,
        headers: { 'accept-language': lang },
        payload: { name: 'x'.repeat(500) },
      });
      const error = expectFieldError(r, 'body.name');
      expect(error.code).toBe('too-long');
      expect(error.message).toContain('200');
      messages.set(lang, error.message);
    }
    expect(new Set(messages.values()).size).toBe(6);
    expect(messages.get('ar')).toMatch(/[\u0600-\u06FF]/);
  });
});
