import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
// The cases test fixture is test-only code (it imports vitest), so it stays out of the runtime barrel.
// eslint-disable-next-line no-restricted-imports
import { caseCity, presentation, type CaseCity } from '../cases/cases.fixture.js';
import { safeSpaceOptions } from './safe-space.routes.js';
import { solve } from './safe-space.pow.js';
import { safeSpaceTransfer } from './safe-space.table.js';
import { repeatsSender } from './safe-space.transfers.js';

/*
 * Issue 12 §2: a submission becomes risk evidence or a case intake only by a custodian's deliberate,
 * de-identified, audited act. Everyone else (another member, a custodian without a second factor,
 * another city, the public) is refused, and a refusal writes nothing.
 */

const BITS = 6;
safeSpaceOptions.pow = { bits: BITS, ttlMs: 60 * 60_000, noScriptDelayMs: 60 * 60_000 };

const SENDER_TEXT =
  'My neighbour Ahmed at number 12 Station Road keeps showing my son videos from a violent group every evening.';

let t: TestApp;
let c: CaseCity;
let other: CaseCity;
let riskId: string;
let submissionId: string;
let no2faCookie: string;

const api = (city: CaseCity, path: string) => city.url(`/safe-space/submissions/${submissionId}${path}`);
const evidenceBody = {
  summary: 'A resident reports a young teenager repeatedly shown violent-group videos by an adult nearby.',
  deidentified: true,
};
const rows = async <T>(query: ReturnType<typeof sql>) =>
  ((await t.deps.db.execute(query)) as unknown as { rows: T[] }).rows;
const counts = async () => {
  const [ev] = await rows<{ n: number }>(
    sql`select count(*)::int as n from risk_evidence where city_id = ${c.cityId}`,
  );
  const [cs] = await rows<{ n: number }>(
    sql`select count(*)::int as n from case_situation where city_id = ${c.cityId}`,
  );
  const tr = await t.deps.db.select().from(safeSpaceTransfer).where(eq(safeSpaceTransfer.cityId, c.cityId));
  return { evidence: ev.n, cases: cs.n, transfers: tr.length };
};

beforeAll(async () => {
  t = await createTestApp();
  c = await caseCity(t, 'transfers');
  other = await caseCity(t, 'transfers-other');
  const published = await t.call({
    method: 'PUT',
    url: c.url('/community'),
    cookie: c.cookies.chair,
    payload: {
      published: { safeSpace: true },
      explainerExtra: '',
      contact: '',
      emergencyNumbers: '112',
      neighbourhoods: [],
    },
  });
  expect(published.statusCode).toBe(200);
  await t.createPerson({ email: 'plain@transfers.test', cityId: c.cityId, role: 'member' });
  no2faCookie = await t.signIn('plain@transfers.test');
  const [{ id: plainId }] = await rows<{ id: string }>(
    sql`select id from "user" where email = 'plain@transfers.test'`,
  );
  const designated = await t.call({
    method: 'PUT',
    url: c.url('/safe-space/custodians'),
    cookie: c.cookies.chair,
    payload: { userIds: [c.userIds.memberA, plainId] },
  });
  expect(designated.statusCode).toBe(200);
  const created = await t.call({
    method: 'POST',
    url: c.url('/risk-map/risks'),
    cookie: c.cookies.coordinator,
    payload: {
      title: 'Online recruitment of young teenagers',
      kind: 'threat',
      category: 'violent-group-recruitment',
      cityWide: true,
      likelihood: 3,
      impact: 4,
      residualLikelihood: 2,
      residualImpact: 3,
      confidence: 'low',
      trend: 'rising',
      reviewOn: '2027-03-01',
    },
  });
  expect(created.statusCode).toBe(201);
  riskId = created.json().id;
  const page = await t.app.inject({ method: 'GET', url: '/p/transfers/en/safe-space' });
  expect(page.statusCode).toBe(200);
  const challenge = /name="challenge" value="([^"]+)"/.exec(page.body)![1];
  const sent = await t.app.inject({
    method: 'POST',
    url: '/p/transfers/en/safe-space',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({
      kind: 'concern',
      message: SENDER_TEXT,
      challenge,
      solution: solve(challenge, BITS),
    }).toString(),
  });
  expect(sent.statusCode).toBe(201);
  const list = await t.call({
    method: 'GET',
    url: c.url('/safe-space/submissions'),
    cookie: c.cookies.memberA,
  });
  submissionId = list.json().items[0].id;
});
afterAll(() => t.close());

describe('verbatim check', () => {
  it('catches a copied run of words or a short message whole, not a rewrite', () => {
    expect(repeatsSender(`Note: ${SENDER_TEXT.slice(20, 90)}`, [SENDER_TEXT])).toBe(true);
    expect(repeatsSender('someone said: help us please', ['Help us, please!'])).toBe(true);
    expect(repeatsSender(evidenceBody.summary, [SENDER_TEXT])).toBe(false);
  });
});

describe('safe space → risk evidence and case intake', () => {
  it('is refused to everyone but a designated custodian with two-factor sign-in, writing nothing', async () => {
    const before = await counts();
    const tries = [
      { cookie: c.cookies.memberB, status: 403 }, // a member, not designated
      { cookie: c.cookies.chair, status: 403 }, // the chair is not a custodian either
      { cookie: no2faCookie, status: 403 }, // designated, but no second factor
      { cookie: other.cookies.chair, status: 404 }, // another city
      { cookie: undefined, status: 401 }, // the public
    ];
    for (const { cookie, status } of tries) {
      for (const [path, payload] of [
        ['/evidence', { ...evidenceBody, riskId }],
        [
          '/case-intake',
          {
            ...presentation,
            originatingReason: 'A teenager exposed to violent-group material.',
            deidentified: true,
          },
        ],
      ] as const) {
        const r = await t.call({ method: 'POST', url: api(c, path), ...(cookie ? { cookie } : {}), payload });
        expect(r.statusCode, `${path} ${status}`).toBe(status);
      }
    }
    // A custodian of another city cannot reach this city's submission through their own city either.
    const elsewhere = await t.call({
      method: 'POST',
      url: api(other, '/evidence'),
      cookie: other.cookies.memberA,
      payload: { ...evidenceBody, riskId },
    });
    expect(elsewhere.statusCode).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('needs the de-identification confirmed, refuses the sender’s words, and a grade above 6 without corroboration', async () => {
    const before = await counts();
    const bad = [
      { ...evidenceBody, riskId, deidentified: false },
      { summary: evidenceBody.summary, riskId },
      { ...evidenceBody, riskId, summary: `Resident wrote: ${SENDER_TEXT}` },
      { ...evidenceBody, riskId, credibility: 2 },
    ];
    for (const payload of bad) {
      const r = await t.call({
        method: 'POST',
        url: api(c, '/evidence'),
        cookie: c.cookies.memberA,
        payload,
      });
      expect(r.statusCode).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    const copied = await t.call({
      method: 'POST',
      url: api(c, '/case-intake'),
      cookie: c.cookies.memberA,
      payload: { ...presentation, originatingReason: SENDER_TEXT, deidentified: true },
    });
    expect(copied.statusCode).toBe(400);
    expect(copied.json().errors[0].path).toBe('body.originatingReason');
    expect(await counts()).toEqual(before);
  });

  it('adds evidence graded F/6 from the custodian’s words, and a Filter 1 intake, each audited', async () => {
    const ev = await t.call({
      method: 'POST',
      url: api(c, '/evidence'),
      cookie: c.cookies.memberA,
      payload: { ...evidenceBody, riskId },
    });
    expect(ev.statusCode).toBe(201);
    expect(ev.json()).toMatchObject({ kind: 'evidence', targetId: riskId });
    const detail = await t.call({
      method: 'GET',
      url: c.url(`/risk-map/risks/${riskId}`),
      cookie: c.cookies.chair,
    });
    const item = detail.json().evidence[0];
    expect(item).toMatchObject({
      sourceType: 'safe-space-submission',
      reliability: 'F',
      credibility: 6,
      summary: evidenceBody.summary,
    });
    expect(JSON.stringify(detail.json())).not.toContain('Ahmed');

    const corroborated = await t.call({
      method: 'POST',
      url: api(c, '/evidence'),
      cookie: c.cookies.memberA,
      payload: {
        ...evidenceBody,
        riskId,
        credibility: 3,
        corroboration: 'Two school reports in the same term',
      },
    });
    expect(corroborated.statusCode).toBe(201);

    const intake = await t.call({
      method: 'POST',
      url: api(c, '/case-intake'),
      cookie: c.cookies.memberA,
      payload: {
        ...presentation,
        originatingReason: 'A young teenager repeatedly shown violent-group material by an adult.',
        deidentified: true,
      },
    });
    expect(intake.statusCode).toBe(201);
    const caseId = intake.json().targetId;
    const theCase = await t.call({
      method: 'GET',
      url: c.url(`/cases/${caseId}`),
      cookie: c.cookies.memberA,
    });
    expect(theCase.statusCode).toBe(200);
    expect(JSON.stringify(theCase.json())).not.toContain('Ahmed');

    // On purpose, the custodian may keep the sender's words (e.g. a quote the sender asked to pass on).
    const onPurpose = await t.call({
      method: 'POST',
      url: api(c, '/case-intake'),
      cookie: c.cookies.memberA,
      payload: {
        ...presentation,
        originatingReason: SENDER_TEXT,
        deidentified: true,
        verbatimConfirmed: true,
      },
    });
    expect(onPurpose.statusCode).toBe(201);

    const list = await t.call({ method: 'GET', url: api(c, '/transfers'), cookie: c.cookies.memberA });
    expect(list.json().items.map((i: { kind: string }) => i.kind)).toEqual([
      'evidence',
      'evidence',
      'case-intake',
      'case-intake',
    ]);
    expect(
      (await t.call({ method: 'GET', url: api(c, '/transfers'), cookie: c.cookies.memberB })).statusCode,
    ).toBe(403);
    const audit = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, c.cityId), eq(auditEvent.recordId, submissionId)));
    expect(audit.map((a) => a.action).filter((a) => a.startsWith('to-'))).toEqual([
      'to-evidence',
      'to-evidence',
      'to-case-intake',
      'to-case-intake',
    ]);
  });
});
