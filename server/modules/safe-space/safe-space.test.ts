import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { appLoggerOptions } from '../../platform/logging.js';
import { DbRateLimiter } from '../../platform/auth/rate-limit.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
import { safeSpaceOptions } from './safe-space.routes.js';
import { ProofOfWork, solve } from './safe-space.pow.js';
import { hashReceipt, normaliseReceipt, storedFormsOfReceipt } from './safe-space.receipt.js';
import * as service from './safe-space.service.js';
import { safeSpaceMessage, safeSpaceSubmission } from './safe-space.table.js';

/*
 * Issue 12: the public pages and the anonymous safe space, through inject() like a browser: forms
 * posted as application/x-www-form-urlencoded, custodians through the JSON API.
 */

const CALLER = '203.0.113.99';
const BITS = 8;
safeSpaceOptions.pow = { bits: BITS, ttlMs: 60 * 60_000, noScriptDelayMs: 60 * 60_000 };

let t: TestApp;
const lines: string[] = [];
let cityId: string;
let otherCityId: string;
const cookie: Record<string, string> = {};
const ids: Record<string, string> = {};

const published = {
  explainer: true,
  mandate: true,
  organisations: true,
  decisions: true,
  events: true,
  contact: true,
  safeSpace: true,
};
const settings = {
  published,
  explainerExtra: 'Our city adds: we meet every month.',
  contact: 'Prevention desk, City Hall, room 12',
  emergencyNumbers: '112 (police, ambulance)',
  neighbourhoods: ['North', 'Old Town'],
};

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (url: string, fields: Record<string, string>) =>
  t.app.inject({
    method: 'POST',
    url,
    remoteAddress: CALLER,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'CanaryAgent/9.9' },
    payload: form(fields),
  });
const get = (url: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'GET',
    url,
    remoteAddress: CALLER,
    headers: { 'user-agent': 'CanaryAgent/9.9', ...headers },
  });

const challengeOf = (html: string) => /name="challenge" value="([^"]+)"/.exec(html)![1];
const receiptOf = (html: string) => /data-testid="receipt">([^<]+)</.exec(html)![1];

async function submitOnce(message: string, extra: Record<string, string> = {}) {
  const page = await get('/p/alpha/en/safe-space');
  expect(page.statusCode).toBe(200);
  const challenge = challengeOf(page.body);
  const res = await post('/p/alpha/en/safe-space', {
    kind: 'concern',
    message,
    challenge,
    solution: solve(challenge, BITS),
    ...extra,
  });
  return { res, challenge };
}

beforeAll(async () => {
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  t = await createTestApp({ logger: appLoggerOptions({ level: 'info', stream }) });
  cityId = await t.createCity('alpha', { require2faRoles: [] });
  otherCityId = await t.createCity('beta', { require2faRoles: [] });
  for (const [key, role, city] of [
    ['chair', 'chair', cityId],
    ['member', 'member', cityId],
    ['custodian', 'member', cityId],
    ['coordinator', 'coordinator', cityId],
    ['otherChair', 'chair', otherCityId],
  ] as const) {
    ids[key] = await t.createPerson({ email: `${key}@ss.test`, cityId: city, role });
    cookie[key] = await t.signIn(`${key}@ss.test`);
  }
  cookie.member2fa = (await t.enrol2fa(cookie.custodian)).cookie;
});
afterAll(() => t.close());

describe('public pages', () => {
  it('show nothing until the chair publishes; only the chair publishes; publishing invalidates the cache', async () => {
    const before = await get('/p/alpha/en');
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain('Nothing has been published yet');
    expect((await get('/p/alpha/en/safe-space')).statusCode).toBe(404);

    const denied = await t.call({
      method: 'PUT',
      url: `/api/cities/${cityId}/community`,
      cookie: cookie.member,
      payload: settings,
    });
    expect(denied.statusCode).toBe(403);
    const elsewhere = await t.call({
      method: 'PUT',
      url: `/api/cities/${cityId}/community`,
      cookie: cookie.otherChair,
      payload: settings,
    });
    expect(elsewhere.statusCode).toBe(404);
    const ok = await t.call({
      method: 'PUT',
      url: `/api/cities/${cityId}/community`,
      cookie: cookie.chair,
      payload: settings,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().published.safeSpace).toBe(true);

    const after = await get('/p/alpha/en');
    expect(after.body).toContain('never an intelligence service');
    expect(after.body).toContain('Our city adds: we meet every month.');
    expect(after.body).toContain('Prevention desk');
    expect(after.body).toContain('/p/alpha/en/safe-space');
    const audit = await t.deps.db
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.recordType, 'community_settings'));
    expect(audit).toHaveLength(1);
  });

  it('are small, six languages with hreflang, right to left in Arabic, no script', async () => {
    const ar = await get('/p/alpha/ar');
    expect(ar.statusCode).toBe(200);
    expect(ar.headers['content-type']).toContain('text/html');
    expect(ar.body).toMatch(/<html lang="ar" dir="rtl">/);
    for (const lang of ['en', 'fr', 'ar', 'mk', 'sq', 'sw']) expect(ar.body).toContain(`hreflang="${lang}"`);
    expect(ar.body).not.toContain('<script');
    expect(Buffer.byteLength(ar.body)).toBeLessThan(50 * 1024);
    expect((await get('/p/alpha/xx')).statusCode).toBe(404);
    expect((await get('/p/no-such-city/en')).statusCode).toBe(404);
    const redirect = await get('/p/alpha', { 'accept-language': 'fr-FR,fr;q=0.9' });
    expect(redirect.statusCode).toBe(302);
    expect(redirect.headers.location).toBe('/p/alpha/fr');
  });

  it('escape what the city typed, and list events with an .ics feed', async () => {
    const created = await t.call({
      method: 'POST',
      url: `/api/cities/${cityId}/community/events`,
      cookie: cookie.chair,
      payload: {
        title: '<script>x</script> Open evening',
        startsAt: new Date(Date.now() + 86400_000).toISOString(),
        place: 'Library',
      },
    });
    expect(created.statusCode).toBe(201);
    const page = await get('/p/alpha/en');
    expect(page.body).toContain('&lt;script&gt;x&lt;/script&gt; Open evening');
    expect(page.body).not.toContain('<script>x');
    const ics = await get('/p/alpha/events.ics');
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('Open evening');
    expect(
      (
        await t.call({
          method: 'POST',
          url: `/api/cities/${cityId}/community/events`,
          cookie: cookie.member,
          payload: { title: 'x', startsAt: new Date().toISOString() },
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('safe space', () => {
  let receipt = '';
  let submissionId = '';

  it('takes a submission from the no-script form and shows a readable receipt of 100 bits once', async () => {
    const { res, challenge } = await submitOnce('Fights after school near the station', {
      neighbourhood: 'North',
      wantsContact: 'yes',
      contact: 'canary-contact@example.test',
    });
    expect(res.statusCode).toBe(201);
    receipt = receiptOf(res.body);
    expect(receipt).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){4}$/);
    // The proof of work is single use.
    const replay = await post('/p/alpha/en/safe-space', {
      kind: 'idea',
      message: 'again',
      challenge,
      solution: solve(challenge, BITS),
    });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain('expired or was already sent');
    const rows = await t.deps.db.select().from(safeSpaceSubmission);
    expect(rows).toHaveLength(1);
    submissionId = rows[0].id;
    // Stored encrypted, the receipt only as a hash, the time to the hour.
    expect(JSON.stringify(rows)).not.toContain('canary-contact');
    expect(JSON.stringify(rows)).not.toContain(normaliseReceipt(receipt)!);
    expect(rows[0].receivedAt.getTime() % 3_600_000).toBe(0);
    const [message] = await t.deps.db.select().from(safeSpaceMessage);
    expect(message.bodyEnc).not.toContain('Fights');
  });

  it('refuses a missing or wrong proof of work, a made-up neighbourhood, and a form without a message', async () => {
    const page = await get('/p/alpha/en/safe-space');
    const challenge = challengeOf(page.body);
    // No solution: without JavaScript the form waits out the delay (an hour in this test).
    const early = await post('/p/alpha/en/safe-space', {
      kind: 'idea',
      message: 'x',
      challenge,
      solution: '',
    });
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('wait a few more seconds');
    const wrong = await post('/p/alpha/en/safe-space', {
      kind: 'idea',
      message: 'x',
      challenge,
      solution: '1'.repeat(20),
    });
    expect([400]).toContain(wrong.statusCode);
    const forged = await post('/p/alpha/en/safe-space', {
      kind: 'idea',
      message: 'x',
      challenge: challenge.replace(/.$/, 'A'),
      solution: '1',
    });
    expect(forged.statusCode).toBe(400);
    const otherCity = await post('/p/alpha/en/safe-space', {
      kind: 'idea',
      message: 'x',
      challenge,
      solution: solve(challenge, BITS),
      neighbourhood: 'Somewhere I typed',
    });
    expect(otherCity.statusCode).toBe(400);
    const empty = await post('/p/alpha/en/safe-space', {
      kind: 'idea',
      message: '',
      challenge,
      solution: solve(challenge, BITS),
    });
    expect(empty.statusCode).toBe(400);
    const badKind = await post('/p/alpha/en/safe-space', {
      kind: 'rumour',
      message: 'x',
      challenge,
      solution: '',
    });
    expect(badKind.statusCode).toBe(400);
    expect(await t.deps.db.select().from(safeSpaceSubmission)).toHaveLength(1);
  });

  it('asks the sender to confirm the receipt by its last group', async () => {
    const wrong = await post('/p/alpha/en/safe-space/confirm', {
      receipt,
      check: 'ZZZZ' === receipt.slice(-4) ? 'YYYY' : 'ZZZZ',
    });
    expect(wrong.statusCode).toBe(400);
    const ok = await post('/p/alpha/en/safe-space/confirm', {
      receipt,
      check: receipt.slice(-4).toLowerCase(),
    });
    expect(ok.statusCode).toBe(200);
    const [row] = await t.deps.db.select().from(safeSpaceSubmission);
    expect(row.receiptConfirmed).toBe(true);
  });

  it('lets only designated custodians with two-factor sign-in triage, answer and read; each act audited', async () => {
    const url = `/api/cities/${cityId}/safe-space/submissions`;
    expect((await t.call({ method: 'GET', url, cookie: cookie.chair })).statusCode).toBe(403);
    const designate = (who: string, userIds: string[]) =>
      t.call({
        method: 'PUT',
        url: `/api/cities/${cityId}/safe-space/custodians`,
        cookie: cookie[who],
        payload: { userIds },
      });
    expect((await designate('member', [ids.member])).statusCode).toBe(403);
    expect((await designate('otherChair', [ids.member])).statusCode).toBe(404);
    expect((await designate('chair', [ids.otherChair])).statusCode).toBe(400);
    expect((await designate('chair', [ids.custodian, ids.coordinator])).json()).toEqual({ count: 2 });
    // A custodian without a second factor is refused.
    const no2fa = await t.call({ method: 'GET', url, cookie: cookie.coordinator });
    expect(no2fa.statusCode).toBe(403);
    expect(no2fa.json().code).toBe('two-factor-required');
    expect((await t.call({ method: 'GET', url, cookie: cookie.otherChair })).statusCode).toBe(404);
    expect((await t.call({ method: 'GET', url })).statusCode).toBe(401);

    const list = await t.call({ method: 'GET', url, cookie: cookie.member2fa });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toHaveLength(1);
    expect(list.json().items[0]).toMatchObject({
      kind: 'concern',
      neighbourhood: 'North',
      wantsContact: true,
      status: 'new',
    });
    const one = await t.call({ method: 'GET', url: `${url}/${submissionId}`, cookie: cookie.member2fa });
    expect(one.json().contact).toBe('canary-contact@example.test');
    expect(one.json().thread[0].body).toBe('Fights after school near the station');
    const triaged = await t.call({
      method: 'PATCH',
      url: `${url}/${submissionId}`,
      cookie: cookie.member2fa,
      payload: { category: 'young-people', urgency: 'high' },
    });
    expect(triaged.json()).toMatchObject({ category: 'young-people', urgency: 'high' });
    const answered = await t.call({
      method: 'POST',
      url: `${url}/${submissionId}/messages`,
      cookie: cookie.member2fa,
      payload: { body: 'Thank you. The youth service will be at the station on Fridays.' },
    });
    expect(answered.statusCode).toBe(201);
    expect(answered.json().status).toBe('answered');
    const actions = (
      await t.deps.db.select().from(auditEvent).where(eq(auditEvent.recordId, submissionId))
    ).map((a) => `${a.action}:${a.recordType}:${a.actorRole}`);
    expect(actions).toEqual([
      'create:safe_space_submission:public',
      'read:safe_space_submission:member',
      'update:safe_space_submission:member',
      'create:safe_space_message:member',
    ]);
  });

  it('lets the sender read the answer and write back with the receipt only', async () => {
    const bad = await post('/p/alpha/en/thread', { receipt: 'AAAA-BBBB-CCCC-DDDD-EEEE' });
    expect(bad.statusCode).toBe(404);
    expect((await post('/p/alpha/en/thread', { receipt: 'nonsense' })).statusCode).toBe(404);
    // The same receipt in another city finds nothing (the hash is bound to the city).
    await t.call({
      method: 'PUT',
      url: `/api/cities/${otherCityId}/community`,
      cookie: cookie.otherChair,
      payload: settings,
    });
    expect((await post('/p/beta/en/thread', { receipt })).statusCode).toBe(404);
    const read = await post('/p/alpha/en/thread', { receipt: receipt.toLowerCase().replace(/-/g, ' ') });
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain('youth service will be at the station');
    // A submission from before the hash cost was lowered keeps its N=2^14 form and is still found.
    const normalised = normaliseReceipt(receipt)!;
    const [current, legacy] = await storedFormsOfReceipt(cityId, normalised);
    expect(current).toBe(await hashReceipt(cityId, normalised));
    expect(current.startsWith('s12.')).toBe(true);
    await t.deps.db
      .update(safeSpaceSubmission)
      .set({ receiptHash: legacy })
      .where(eq(safeSpaceSubmission.receiptHash, current));
    const legacyRead = await post('/p/alpha/en/thread', { receipt });
    expect(legacyRead.statusCode).toBe(200);
    expect(legacyRead.body).toContain('youth service will be at the station');
    const back = await post('/p/alpha/en/thread/reply', { receipt, message: 'Thanks, that helps.' });
    expect(back.statusCode).toBe(201);
    const one = await t.call({
      method: 'GET',
      url: `/api/cities/${cityId}/safe-space/submissions/${submissionId}`,
      cookie: cookie.member2fa,
    });
    expect(one.json().thread.map((m: { author: string }) => m.author)).toEqual([
      'sender',
      'custodian',
      'sender',
    ]);
    expect(one.json().status).toBe('in-progress');
    // Closed: the sender can read but not write.
    await t.call({
      method: 'PATCH',
      url: `/api/cities/${cityId}/safe-space/submissions/${submissionId}`,
      cookie: cookie.member2fa,
      payload: { status: 'closed' },
    });
    expect((await post('/p/alpha/en/thread/reply', { receipt, message: 'more' })).statusCode).toBe(409);
  });

  it('keeps no client address or user agent in any log line or row', async () => {
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      expect(line).not.toContain(CALLER);
      expect(line).not.toContain('CanaryAgent');
      expect(line).not.toContain('canary-contact');
    }
    const tables = [
      'safe_space_submission',
      'safe_space_message',
      'safe_space_spent_challenge',
      'rate_limit',
      'audit_event',
    ];
    for (const table of tables) {
      const rows = await t.deps.db.execute(sql.raw(`select * from ${table}`));
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain(CALLER);
      expect(dump).not.toContain('CanaryAgent');
    }
  });
});

describe('proof of work and budgets', () => {
  it('accepts a form without a solution only after the delay, and not after expiry', () => {
    const pow = new ProofOfWork(Buffer.alloc(32, 1), { bits: 8, ttlMs: 1000_000, noScriptDelayMs: 20_000 });
    const token = pow.issue('c1', 0);
    expect(pow.check(token, '', 'c1', 19_999)).toEqual({ ok: false, reason: 'too-early' });
    expect(pow.check(token, '', 'c1', 20_000)).toMatchObject({ ok: true, solved: false });
    expect(pow.check(token, solve(token, 8), 'c2', 1)).toEqual({ ok: false, reason: 'invalid' });
    expect(pow.check(token, solve(token, 8), 'c1', 1_000_000)).toEqual({ ok: false, reason: 'expired' });
    expect(pow.check(token, solve(token, 8), 'c1', 1)).toMatchObject({ ok: true, solved: true });
  });

  it('holds a global budget per city whoever sends', async () => {
    const pow = new ProofOfWork(Buffer.alloc(32, 2), { bits: 4, ttlMs: 1000_000, noScriptDelayMs: 0 });
    const deps: service.SafeSpaceDeps = {
      db: t.deps.db,
      keys: t.deps.keys,
      pow,
      limiter: new DbRateLimiter(t.deps.db, 'budget-test'),
      budgets: { ...service.DEFAULT_BUDGETS, perCityPerHour: 2, noScriptPerCityPerHour: 1 },
    };
    const send = (solved: boolean) => {
      const token = pow.issue(otherCityId);
      return service.submit(deps, otherCityId, [], {
        kind: 'idea',
        neighbourhood: null,
        message: 'hello',
        contact: null,
        challenge: token,
        solution: solved ? solve(token, 4) : '',
      });
    };
    await send(false);
    await expect(send(false)).rejects.toMatchObject({ code: 'busy' });
    await send(true);
    await expect(send(true)).rejects.toMatchObject({ code: 'busy' });
  });
});

describe('replayed proof of work', () => {
  it('is refused before it can spend the budget of others', async () => {
    const pow = new ProofOfWork(Buffer.alloc(32, 3), { bits: 4, ttlMs: 1000_000, noScriptDelayMs: 0 });
    const deps: service.SafeSpaceDeps = {
      db: t.deps.db,
      keys: t.deps.keys,
      pow,
      limiter: new DbRateLimiter(t.deps.db, 'replay-test'),
      budgets: { ...service.DEFAULT_BUDGETS, perCityPerHour: 2 },
    };
    const send = (token: string) =>
      service.submit(deps, otherCityId, [], {
        kind: 'idea',
        neighbourhood: null,
        message: 'hello',
        contact: null,
        challenge: token,
        solution: solve(token, 4),
      });
    const first = pow.issue(otherCityId);
    await send(first);
    for (let i = 0; i < 3; i++) await expect(send(first)).rejects.toMatchObject({ code: 'pow' });
    await send(pow.issue(otherCityId));
    await expect(send(pow.issue(otherCityId))).rejects.toMatchObject({ code: 'busy' });
  });
});

describe('bad input on the public pages and forms', () => {
  it('answers with a 4xx and stores nothing, never a 5xx', async () => {
    const before = (await t.deps.db.select().from(safeSpaceSubmission)).length;
    const page = await get('/p/alpha/en/safe-space');
    const challenge = challengeOf(page.body);
    const solution = solve(challenge, BITS);
    const cases = [
      // Too large for the form parser.
      post('/p/alpha/en/safe-space', { kind: 'idea', message: 'x'.repeat(40_000), challenge, solution }),
      // Over the message limit, NUL, repeated fields.
      post('/p/alpha/en/safe-space', { kind: 'idea', message: 'x'.repeat(4001), challenge, solution }),
      post('/p/alpha/en/safe-space', { kind: 'idea', message: 'a\u0000b', challenge, solution }),
      t.app.inject({
        method: 'POST',
        url: '/p/alpha/en/safe-space',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'kind=idea&kind=concern&message=%E0%A4%A&challenge=x',
      }),
      t.app.inject({
        method: 'POST',
        url: '/p/alpha/en/safe-space',
        headers: { 'content-type': 'text/plain' },
        payload: 'hi',
      }),
      t.app.inject({
        method: 'POST',
        url: '/p/alpha/en/safe-space',
        headers: { 'content-type': 'application/json' },
        payload: '{"kind":["x"]}',
      }),
      post('/p/alpha/en/thread', { receipt: 'x'.repeat(500) }),
      post('/p/alpha/en/thread/reply', { receipt: 'AAAA', message: '' }),
      post('/p/alpha/en/safe-space/confirm', { receipt: '\u0000', check: 'x' }),
      get(`/p/${'a'.repeat(300)}/en`),
      get('/p/ALPHA/en'),
      get('/p/alpha/en/%E0%A4%A'),
      get('/p/alpha/events.ics/x'),
    ];
    for (const res of await Promise.all(cases)) {
      expect(res.statusCode, res.body.slice(0, 200)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, res.body.slice(0, 200)).toBeLessThan(500);
      expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    }
    expect((await t.deps.db.select().from(safeSpaceSubmission)).length).toBe(before);
  });
});

describe('retention', () => {
  it('deletes closed conversations after a year and abuse after 90 days, with their messages, audited', async () => {
    const { purgeSafeSpace } = await import('./safe-space.retention.js');
    const rows = await t.deps.db
      .select()
      .from(safeSpaceSubmission)
      .where(eq(safeSpaceSubmission.cityId, cityId));
    const closed = rows.find((r) => r.status === 'closed')!;
    expect(closed).toBeDefined();
    const inAYear = new Date(closed.updatedAt.getTime() + 364 * 86_400_000);
    expect(await purgeSafeSpace(t.deps.db, inAYear)).toMatchObject({ deleted: 0 });
    const later = new Date(closed.updatedAt.getTime() + 366 * 86_400_000);
    expect((await purgeSafeSpace(t.deps.db, later)).deleted).toBeGreaterThanOrEqual(1);
    const left = await t.deps.db
      .select()
      .from(safeSpaceMessage)
      .where(eq(safeSpaceMessage.submissionId, closed.id));
    expect(left).toEqual([]);
    const purges = await t.deps.db.select().from(auditEvent).where(eq(auditEvent.action, 'purge'));
    expect(purges.some((p) => p.cityId === cityId && p.recordType === 'safe_space_submission')).toBe(true);
  });
});
