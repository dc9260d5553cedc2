import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, gt, inArray } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import {
  caseCity,
  presentation,
  type CaseCity,
  type CasePersona,
} from '../../modules/cases/cases.fixture.js';
import { auditEvent, auditHead } from './audit.table.js';
import { verifyAuditChain } from './audit.js';

/**
 * Issue 8 §3: audited requests of every kind at once, through the real API. Exports used to append
 * their audit row on the shared pool outside a transaction, so two of them took the same sequence
 * number (duplicate key on audit_event) and answered 500.
 */

let t: TestApp;
let c: CaseCity;
let caseId: string;
let torVersionId: string;

const ADULT = {
  givenName: 'Mira',
  familyName: 'Kovalenko',
  dateOfBirth: '1990-04-02',
  phone: '+254 700 111 222',
};

async function as(who: CasePersona, method: string, path: string, payload?: unknown) {
  return t.call({
    method: method as 'GET',
    url: c.url(path),
    cookie: c.cookies[who],
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

beforeAll(async () => {
  t = await createTestApp();
  c = await caseCity(t, 'audit-race');
  // A situation at filter 3 with the clinic assisting, so memberB may open its identities.
  const created = await as('memberA', 'POST', '/cases', presentation);
  expect(created.statusCode).toBe(201);
  caseId = created.json().id;
  expect((await as('memberA', 'POST', `/cases/${caseId}/stage`, { to: 'filter-2' })).statusCode).toBe(200);
  expect(
    (await as('coordinator', 'POST', `/cases/${caseId}/decision`, { thresholdMet: true })).statusCode,
  ).toBe(200);
  const assigned = await as('coordinator', 'PUT', `/cases/${caseId}/assignments`, {
    leadOrganisationId: c.orgs.school,
    assistingOrganisationIds: [c.orgs.clinic],
    disclosure: { basis: 'legal-basis', basisDetail: 'Acutely elevated risk: municipal safety by-law 12(3)' },
  });
  expect(assigned.statusCode).toBe(200);
  const person = await as('memberA', 'POST', `/cases/${caseId}/persons`, {
    relation: 'subject',
    identity: ADULT,
  });
  expect(person.statusCode).toBe(201);
  // A ToR version to export.
  const tor = await as('chair', 'POST', '/tor', {});
  expect(tor.statusCode).toBe(201);
  torVersionId = tor.json().id;
  // The chair's own phone, which the chair may read back (a decrypted, audited read).
  const phone = await as('chair', 'PATCH', `/people/${c.userIds.chair}`, { phone: '+254 700 999 888' });
  expect(phone.statusCode).toBe(200);
}, 120_000);
afterAll(() => t.close());

/** One request of each audited kind: identity reveals, exports, writes, the chain check itself. */
const kinds: { name: string; send: () => ReturnType<typeof as> }[] = [
  {
    name: 'situation identity reveal',
    send: () => as('memberB', 'POST', `/cases/${caseId}/reveal`, { reason: 'Preparing the home visit' }),
  },
  { name: 'person phone read', send: () => as('chair', 'GET', `/people/${c.userIds.chair}`) },
  { name: 'ToR PDF export', send: () => as('chair', 'GET', `/tor/${torVersionId}/export.pdf`) },
  { name: 'ToR DOCX export', send: () => as('chair', 'GET', `/tor/${torVersionId}/export.docx`) },
  {
    name: 'statistics CSV export',
    send: () => as('analyst', 'GET', '/case-statistics/rtd.csv?from=2020-01-01&to=2030-12-31'),
  },
  {
    name: 'subject-access export',
    send: () =>
      as('chair', 'POST', '/cases/subject-access', {
        givenName: ADULT.givenName,
        familyName: ADULT.familyName,
        dateOfBirth: ADULT.dateOfBirth,
        reason: 'Subject access request #7',
        format: 'json',
      }),
  },
  { name: 'situation created', send: () => as('memberA', 'POST', '/cases', presentation) },
  { name: 'chain verified', send: () => as('auditor', 'POST', '/audit/verify', {}) },
];

describe('the audit chain under concurrent requests', () => {
  it('50 concurrent audited requests of every kind: no error, each audited, the chain intact', async () => {
    const [head] = await t.deps.db.select().from(auditHead).where(eq(auditHead.cityId, c.cityId));
    const before = head.lastSeq;
    const requests = Array.from({ length: 50 }, (_, i) => kinds[i % kinds.length]);
    const responses = await Promise.all(requests.map((k) => k.send()));

    const failures = responses
      .map((r, i) => ({ kind: requests[i].name, status: r.statusCode, body: r.body.slice(0, 200) }))
      .filter((r) => r.status >= 300);
    expect(failures).toEqual([]);

    // Every request left its own audit row (matched by the request id the response carries).
    const requestIds = responses.map((r) => String(r.headers['x-request-id']));
    const rows = await t.deps.db
      .select({ requestId: auditEvent.requestId })
      .from(auditEvent)
      .where(
        and(
          eq(auditEvent.cityId, c.cityId),
          gt(auditEvent.seq, before),
          inArray(auditEvent.requestId, requestIds),
        ),
      );
    const audited = new Set(rows.map((r) => r.requestId));
    expect(requestIds.filter((id) => !audited.has(id))).toEqual([]);

    // The chain verifies from its first row to the head: no gap, no fork, no duplicate.
    const verdict = await verifyAuditChain(t.deps.db, c.cityId);
    expect(verdict.ok).toBe(true);
    const [after] = await t.deps.db.select().from(auditHead).where(eq(auditHead.cityId, c.cityId));
    expect(verdict.checked).toBe(after.lastSeq);
    expect(after.lastSeq).toBeGreaterThanOrEqual(before + 50);
  }, 180_000);
});
