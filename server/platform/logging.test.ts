import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { caseCity, presentation, type CaseCity, type CasePersona } from '../modules/cases/cases.fixture.js';
import Fastify from 'fastify';
import { AppError } from './errors.js';
import { AppLogController, appLoggerOptions } from './logging.js';

/**
 * Issue 8 §4: what people type into searches and forms never reaches the log. The app is built with
 * a plain pino configuration (no redaction passed in): the logging policy is the app's own.
 */

const NAME = { givenName: 'Zyxwanda', familyName: 'Quorrlestone' };
const PHONE = '+254733918274';
const EMAIL = 'zyx.quorr@canary.test';
/** What must not appear in any form (URL-encoded too: each is a plain token). */
const CANARIES = ['Zyxwanda', 'Quorrlestone', '733918274', 'zyx.quorr', 'canary.test'];
const PUBLIC_CALLER = '203.0.113.77';
const SIGNED_IN_CALLER = '198.51.100.23';

let t: TestApp;
let c: CaseCity;
let caseId: string;
const lines: string[] = [];

async function as(who: CasePersona, method: string, path: string, payload?: unknown) {
  return t.call({
    method: method as 'GET',
    url: c.url(path),
    cookie: c.cookies[who],
    remoteAddress: SIGNED_IN_CALLER,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  t = await createTestApp({ logger: { level: 'debug', stream } });
  c = await caseCity(t, 'logville');
  const created = await as('memberA', 'POST', '/cases', presentation);
  expect(created.statusCode).toBe(201);
  caseId = created.json().id;
  lines.length = 0; // the set-up's lines hold no canary; the test's own requests start here
}, 120_000);
afterAll(() => t.close());

describe('request logs', () => {
  it('hold no name, phone or e-mail typed into searches, forms or failing requests', async () => {
    const q = encodeURIComponent;
    const statuses: Record<string, number> = {};
    const record = async (label: string, response: Promise<{ statusCode: number }>) => {
      statuses[label] = (await response).statusCode;
    };
    // Searches: the people search by name, phone and e-mail; the situation list by reference.
    await record(
      'people by name',
      as('chair', 'GET', `/people?q=${q(`${NAME.givenName} ${NAME.familyName}`)}`),
    );
    await record('people by phone', as('chair', 'GET', `/people?q=${q(PHONE)}`));
    await record('people by e-mail', as('coordinator', 'GET', `/people?q=${q(EMAIL)}&limit=5`));
    await record('situations', as('memberA', 'GET', `/cases?reference=${q(NAME.familyName)}&q=${q(PHONE)}`));
    // Writes carrying personal data in the body.
    await record('own phone', as('chair', 'PATCH', `/people/${c.userIds.chair}`, { phone: PHONE }));
    await record('invitation', as('chair', 'POST', '/invitations', { email: EMAIL, role: 'member' }));
    await record(
      'duplicate check',
      as('memberA', 'POST', `/cases/${caseId}/persons/check`, { ...NAME, dateOfBirth: '2012-03-04' }),
    );
    await record(
      'person recorded',
      as('memberA', 'POST', `/cases/${caseId}/persons`, {
        relation: 'subject',
        identity: { ...NAME, dateOfBirth: '2012-03-04', phone: PHONE },
      }),
    );
    // Failing requests: invalid input echoing the canary, a 404 with it in path and query, a failed
    // sign-in, and two server errors whose messages quote personal data (as database errors do).
    await record(
      'invalid phone',
      as('chair', 'PATCH', `/people/${c.userIds.chair}`, { phone: NAME.givenName }),
    );
    await record('unknown path', as('chair', 'GET', `/people/${NAME.givenName}/x?email=${q(EMAIL)}`));
    await record(
      'failed sign-in',
      t.call({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        payload: { email: EMAIL, password: `${NAME.familyName}-secret` },
      }),
    );
    const decrypt = vi.spyOn(t.deps.keys, 'decrypt');
    decrypt.mockRejectedValueOnce(
      Object.assign(new Error(`duplicate key value violates unique constraint (${EMAIL})`), {
        code: '23505',
        detail: `Key (phone)=(${PHONE}) already exists.`,
      }),
    );
    await record('database error', as('chair', 'GET', `/people/${c.userIds.chair}?q=${q(NAME.familyName)}`));
    decrypt.mockRejectedValueOnce(
      new AppError('internal', 500, `could not decrypt ${NAME.givenName}'s phone`),
    );
    await record('application error', as('chair', 'GET', `/people/${c.userIds.chair}`));
    decrypt.mockRestore();
    // The public, anonymous page, with a canary in its query string.
    await record(
      'public ToR',
      t.call({
        method: 'GET',
        url: `/api/public/cities/logville/tor?name=${q(NAME.familyName)}`,
        remoteAddress: PUBLIC_CALLER,
      }),
    );

    expect(statuses).toMatchObject({
      'people by name': 200,
      'people by phone': 200,
      'own phone': 200,
      invitation: 201,
      'person recorded': 201,
      'invalid phone': 400,
      'unknown path': 404,
      'failed sign-in': 401,
      'database error': 500,
      'application error': 500,
    });
    expect(lines.length).toBeGreaterThan(10);
    const leaks = lines.filter((line) => CANARIES.some((canary) => line.includes(canary)));
    expect(leaks).toEqual([]);
  });

  it('name the route template and the status, and keep no address on public routes', async () => {
    lines.length = 0;
    const signedIn = await as('chair', 'GET', `/people?q=${encodeURIComponent(NAME.familyName)}`);
    const anonymous = await t.call({
      method: 'GET',
      url: '/api/public/cities/logville/tor',
      remoteAddress: PUBLIC_CALLER,
    });
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const forRequest = (id: unknown) => entries.filter((e) => e.reqId === id);

    const signedInLines = forRequest(signedIn.headers['x-request-id']);
    expect(signedInLines.length).toBeGreaterThan(0);
    expect(signedInLines).toContainEqual(
      expect.objectContaining({
        req: expect.objectContaining({ method: 'GET', route: '/api/cities/:cityId/people' }),
        res: { statusCode: 200 },
      }),
    );
    const anonymousLines = forRequest(anonymous.headers['x-request-id']);
    expect(anonymousLines).toContainEqual(
      expect.objectContaining({
        req: { method: 'GET', route: '/api/public/cities/:slug/tor' },
        res: { statusCode: anonymous.statusCode },
      }),
    );
    expect(JSON.stringify(anonymousLines)).not.toContain(PUBLIC_CALLER);
    expect(lines.join('\n')).not.toContain(PUBLIC_CALLER);
    // Signed-in work keeps the address (sign-in abuse, incident response); never the query.
    expect(JSON.stringify(signedInLines)).toContain(SIGNED_IN_CALLER);
    expect(JSON.stringify(signedInLines)).not.toContain('?');
  });
});

describe('the anonymous-route rule', () => {
  it('drops the address on a route flagged anonymous and under the anonymous prefixes, 404s included', async () => {
    const out: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        out.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const bare = Fastify({
      logger: appLoggerOptions({ level: 'info', stream }),
      logController: new AppLogController(),
    });
    bare.get('/api/safe-space/message', { config: { anonymous: true } }, async () => ({ ok: true }));
    bare.get('/api/anonymous/ping', async () => ({ ok: true }));
    bare.get('/api/signed-in', async () => ({ ok: true }));
    for (const url of ['/api/safe-space/message', '/api/anonymous/ping', '/api/public/missing?x=1'])
      await bare.inject({ method: 'GET', url, remoteAddress: PUBLIC_CALLER });
    await bare.inject({ method: 'GET', url: '/api/signed-in', remoteAddress: SIGNED_IN_CALLER });
    await bare.close();
    const entries = out.map((line) => JSON.parse(line) as { msg: string; req?: object });
    const requests = entries.filter((e) => e.msg === 'request').map((e) => e.req);
    expect(requests).toEqual([
      { method: 'GET', route: '/api/safe-space/message' },
      { method: 'GET', route: '/api/anonymous/ping' },
      { method: 'GET', route: null },
      { method: 'GET', route: '/api/signed-in', ip: SIGNED_IN_CALLER },
    ]);
    expect(out.join('\n')).not.toContain(PUBLIC_CALLER);
  });
});
