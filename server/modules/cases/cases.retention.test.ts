import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { createTestApp, ORIGIN, type TestApp } from '../../../test/harness.js';
import { verifyAuditChain } from '../../platform/audit/audit.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
import { jobRun } from '../../platform/jobs/jobs.table.js';
import type { Role } from '../../../contracts/route.js';
import { purgeCasesCommand } from '../../cli/purge-cases.js';
import { commands } from '../../cli/commands.js';
import { network, organisation } from '../network/index.js';
import { encryptIdentity, matchKeys, RESTRICTED_CONTEXT } from './cases.identity.js';
import {
  CASE_PURGE_JOB,
  purgeAfterFor,
  purgeExpiredCases,
  retentionDays,
  runCasePurgeIfDue,
} from './cases.retention.js';
import {
  caseAssessment,
  caseAssignment,
  caseConsent,
  caseFollowUp,
  casePerson,
  casePersonMatchKey,
  caseReferral,
  caseSettings,
  caseSituation,
} from './cases.table.js';

let t: TestApp;
const DAY = 24 * 60 * 60_000;

interface City {
  id: string;
  org: string;
  cookies: Partial<Record<Role, string>>;
  url: (path: string) => string;
}

const roles: Role[] = ['chair', 'coordinator', 'member', 'partner', 'auditor'];

async function makeCity(slug: string): Promise<City> {
  const id = await t.createCity(slug, { require2faRoles: [] });
  const cookies: City['cookies'] = {};
  for (const role of roles) {
    await t.createPerson({ email: `${role}@${slug}.test`, cityId: id, role });
    cookies[role] = await t.signIn(`${role}@${slug}.test`);
  }
  const [org] = await t.deps.db
    .insert(organisation)
    .values({
      cityId: id,
      name: `School of ${slug}`,
      sector: 'education',
      membershipKind: 'formal',
      joinedOn: '2020-01-01',
    })
    .returning({ id: organisation.id });
  return { id, org: org.id, cookies, url: (path) => `/api/cities/${id}${path}` };
}

let seq = 0;
/** A situation inserted directly (the workflow itself is the cases service's business). */
async function situation(c: City, values: Partial<typeof caseSituation.$inferInsert> = {}) {
  const [row] = await t.deps.db
    .insert(caseSituation)
    .values({
      cityId: c.id,
      reference: `S-2026-${String(++seq).padStart(4, '0')}`,
      workflow: 'four-filter',
      stage: 'filter-1',
      originatingOrganisationId: c.org,
      subjectKind: 'person',
      ageBand: '12-17',
      gender: 'female',
      ...values,
    })
    .returning();
  return row;
}

/** Everything a situation can have below it: a person with match keys, and one row of each child table. */
async function withChildren(c: City, situationId: string) {
  const { keys, db } = t.deps;
  const identity = {
    givenName: 'Ana',
    familyName: `Example${seq}`,
    dateOfBirth: '2011-02-03',
    guardians: [],
  };
  const [person] = await db
    .insert(casePerson)
    .values({
      cityId: c.id,
      situationId,
      relation: 'subject',
      identityEnc: await encryptIdentity(keys, c.id, identity),
    })
    .returning();
  for (const key of await matchKeys(keys, c.id, identity))
    await db.insert(casePersonMatchKey).values({ cityId: c.id, key, personId: person.id });
  await db
    .insert(caseAssignment)
    .values({ cityId: c.id, situationId, organisationId: c.org, role: 'originating' });
  await db.insert(caseConsent).values({
    cityId: c.id,
    situationId,
    personId: person.id,
    purpose: 'disclosure',
    basis: 'consent',
  });
  await db.insert(caseAssessment).values({
    cityId: c.id,
    situationId,
    factors: { engagement: [], intent: [], capability: [] },
    summaryEnc: await keys.encrypt(c.id, RESTRICTED_CONTEXT.assessmentSummary, 'summary'),
    managementPlanEnc: await keys.encrypt(c.id, RESTRICTED_CONTEXT.assessmentPlan, 'plan'),
  });
  await db.insert(caseFollowUp).values({ cityId: c.id, situationId, kind: 'follow-up', dueOn: '2026-01-01' });
  await db.insert(caseReferral).values({
    cityId: c.id,
    situationId,
    personId: person.id,
    toOrganisationId: c.org,
    status: 'sent',
  });
  return person.id;
}

/** Rows left in every child table for these situations. */
async function childRows(cityId: string, situationIds: string[], personIds: string[]) {
  const { db } = t.deps;
  const n = async (
    table:
      | typeof caseAssignment
      | typeof casePerson
      | typeof caseConsent
      | typeof caseAssessment
      | typeof caseFollowUp
      | typeof caseReferral,
  ) =>
    (
      await db
        .select({ n: sql<number>`count(*)::int` })
        .from(table)
        .where(and(eq(table.cityId, cityId), inArray(table.situationId, situationIds)))
    )[0].n;
  const keys = (
    await db
      .select({ n: sql<number>`count(*)::int` })
      .from(casePersonMatchKey)
      .where(and(eq(casePersonMatchKey.cityId, cityId), inArray(casePersonMatchKey.personId, personIds)))
  )[0].n;
  return {
    persons: await n(casePerson),
    matchKeys: keys,
    assignments: await n(caseAssignment),
    consents: await n(caseConsent),
    assessments: await n(caseAssessment),
    followUps: await n(caseFollowUp),
    referrals: await n(caseReferral),
  };
}

async function auditOf(cityId: string, action: string) {
  return t.deps.db
    .select()
    .from(auditEvent)
    .where(and(eq(auditEvent.cityId, cityId), eq(auditEvent.action, action)))
    .orderBy(asc(auditEvent.seq));
}

let a: City;
let b: City;
beforeAll(async () => {
  t = await createTestApp();
  a = await makeCity('retainville');
  b = await makeCity('keepford');
});
afterAll(async () => {
  await t.close();
});

describe('retention settings', () => {
  it("start from the network template's rejected period (else 30) and 730 days; the row is created on first read", async () => {
    expect(await t.deps.db.select().from(caseSettings).where(eq(caseSettings.cityId, a.id))).toHaveLength(0);
    const r = await t.call({ method: 'GET', url: a.url('/cases/settings'), cookie: a.cookies.chair });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ rejectedRetentionDays: 30, closedRetentionDays: 730 });
    expect(await t.deps.db.select().from(caseSettings).where(eq(caseSettings.cityId, a.id))).toHaveLength(1);

    const other = await makeCity('templated');
    await t.deps.db.insert(network).values({
      cityId: other.id,
      name: 'Network',
      templateId: 'situation-table',
      templateVersion: '1',
      sectors: ['education'],
      meetingCadence: 'monthly',
      mandate: Object.fromEntries(
        ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => [k, { enabled: true, scope: '' }]),
      ) as never,
      caseWorkflow: { kind: 'four-filter', rejectedRetentionDays: 45 },
    });
    // Before the row exists the service's purgeAfterFor already uses the template's period.
    expect(await retentionDays(t.deps.db, other.id)).toEqual({
      rejectedRetentionDays: 45,
      closedRetentionDays: 730,
    });
    const at = new Date('2026-05-01T10:00:00Z');
    expect(await purgeAfterFor(t.deps.db, other.id, 'rejected', at)).toEqual(
      new Date(at.getTime() + 45 * DAY),
    );
    expect(await purgeAfterFor(t.deps.db, other.id, 'closed', at)).toEqual(
      new Date(at.getTime() + 730 * DAY),
    );
    const read = await t.call({
      method: 'GET',
      url: other.url('/cases/settings'),
      cookie: other.cookies.auditor,
    });
    expect(read.json()).toMatchObject({ rejectedRetentionDays: 45, closedRetentionDays: 730 });
  });

  it('a change moves the deletion date of situations already rejected or closed, and is audited', async () => {
    const rejectedAt = new Date('2026-05-01T08:00:00Z');
    const closedAt = new Date('2026-04-01T08:00:00Z');
    const rejected = await situation(a, {
      stage: 'rejected',
      rejectedAt,
      purgeAfter: new Date(rejectedAt.getTime() + 30 * DAY),
    });
    const closed = await situation(a, {
      stage: 'closed',
      closedAt,
      purgeAfter: new Date(closedAt.getTime() + 730 * DAY),
    });
    const open = await situation(a, { stage: 'filter-3' });
    const elsewhere = await situation(b, {
      stage: 'rejected',
      rejectedAt,
      purgeAfter: new Date(rejectedAt.getTime() + 30 * DAY),
    });

    const r = await t.call({
      method: 'PUT',
      url: a.url('/cases/settings'),
      cookie: a.cookies.chair,
      payload: { rejectedRetentionDays: 10, closedRetentionDays: 365 },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ rejectedRetentionDays: 10, closedRetentionDays: 365, recomputed: 2 });

    const dates = new Map(
      (
        await t.deps.db
          .select({ id: caseSituation.id, purgeAfter: caseSituation.purgeAfter })
          .from(caseSituation)
          .where(inArray(caseSituation.id, [rejected.id, closed.id, open.id, elsewhere.id]))
      ).map((s) => [s.id, s.purgeAfter?.getTime() ?? null]),
    );
    expect(dates.get(rejected.id)).toBe(rejectedAt.getTime() + 10 * DAY);
    expect(dates.get(closed.id)).toBe(closedAt.getTime() + 365 * DAY);
    expect(dates.get(open.id)).toBeNull();
    expect(dates.get(elsewhere.id)).toBe(rejectedAt.getTime() + 30 * DAY);
    // The service's function agrees with the recomputed dates.
    expect((await purgeAfterFor(t.deps.db, a.id, 'rejected', rejectedAt)).getTime()).toBe(
      dates.get(rejected.id),
    );

    const [audit] = (await auditOf(a.id, 'update')).filter((e) => e.recordType === 'case_settings');
    expect(audit).toMatchObject({
      fields: ['rejectedRetentionDays', 'closedRetentionDays'],
      actorRole: 'chair',
    });

    const same = await t.call({
      method: 'PUT',
      url: a.url('/cases/settings'),
      cookie: a.cookies.chair,
      payload: { rejectedRetentionDays: 10, closedRetentionDays: 365 },
    });
    expect(same.json()).toMatchObject({ recomputed: 0 });
    expect((await auditOf(a.id, 'update')).filter((e) => e.recordType === 'case_settings')).toHaveLength(1);

    await t.deps.db
      .delete(caseSituation)
      .where(inArray(caseSituation.id, [rejected.id, closed.id, open.id, elsewhere.id]));
  });

  it('refuses out-of-range, missing or non-integer periods as problem+json and changes nothing', async () => {
    const before = (
      await t.call({ method: 'GET', url: a.url('/cases/settings'), cookie: a.cookies.chair })
    ).json();
    const bad = [
      { rejectedRetentionDays: 0, closedRetentionDays: 365 },
      { rejectedRetentionDays: 3651, closedRetentionDays: 365 },
      { rejectedRetentionDays: 10, closedRetentionDays: 29 },
      { rejectedRetentionDays: 10, closedRetentionDays: 36501 },
      { rejectedRetentionDays: 10.5, closedRetentionDays: 365 },
      { rejectedRetentionDays: '10', closedRetentionDays: 365 },
      { rejectedRetentionDays: 10 },
    ];
    for (const payload of bad) {
      const r = await t.call({
        method: 'PUT',
        url: a.url('/cases/settings'),
        cookie: a.cookies.chair,
        payload,
      });
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json()).toMatchObject({ status: 400, code: 'validation' });
      expect(r.json().errors[0].path).toMatch(/^body\./);
    }
    const after = (
      await t.call({ method: 'GET', url: a.url('/cases/settings'), cookie: a.cookies.chair })
    ).json();
    expect(after).toEqual(before);
  });

  it('only the chair changes them; the table and the auditor read them; others are refused', async () => {
    const payload = { rejectedRetentionDays: 20, closedRetentionDays: 400 };
    for (const role of ['coordinator', 'member', 'partner', 'auditor'] as const) {
      const r = await t.call({
        method: 'PUT',
        url: a.url('/cases/settings'),
        cookie: a.cookies[role],
        payload,
      });
      expect(r.statusCode, role).toBe(403);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    for (const role of ['chair', 'coordinator', 'member', 'auditor'] as const) {
      const r = await t.call({ method: 'GET', url: a.url('/cases/settings'), cookie: a.cookies[role] });
      expect(r.statusCode, role).toBe(200);
    }
    expect(
      (await t.call({ method: 'GET', url: a.url('/cases/settings'), cookie: a.cookies.partner })).statusCode,
    ).toBe(403);
    expect(
      (await t.call({ method: 'PUT', url: a.url('/cases/settings'), cookie: b.cookies.chair, payload }))
        .statusCode,
    ).toBe(404);
    expect((await t.call({ method: 'GET', url: a.url('/cases/settings') })).statusCode).toBe(401);
    const now = (
      await t.call({ method: 'GET', url: a.url('/cases/settings'), cookie: a.cookies.chair })
    ).json();
    expect(now).toMatchObject({ rejectedRetentionDays: 10, closedRetentionDays: 365 });
  });
});

describe('the purge', () => {
  const now = new Date('2026-06-01T02:30:00Z');
  const past = new Date(now.getTime() - DAY);
  // Far ahead, so the command-line run below (on the real clock) keeps them too.
  const future = new Date('2099-01-01T00:00:00Z');

  it('deletes exactly the expired situations of every city with everything below them, audits counts, then finds nothing', async () => {
    const made = async (c: City) => {
      const expiredRejected = await situation(c, { stage: 'rejected', rejectedAt: past, purgeAfter: past });
      const expiredClosed = await situation(c, { stage: 'closed', closedAt: past, purgeAfter: now });
      const keptRejected = await situation(c, { stage: 'rejected', rejectedAt: past, purgeAfter: future });
      const keptClosed = await situation(c, { stage: 'closed', closedAt: past, purgeAfter: future });
      const open = await situation(c, { stage: 'filter-4' });
      const goneChild = await withChildren(c, expiredClosed.id);
      const keptChild = await withChildren(c, keptClosed.id);
      const openChild = await withChildren(c, open.id);
      return {
        gone: [expiredRejected.id, expiredClosed.id],
        kept: [keptRejected.id, keptClosed.id, open.id],
        goneChild,
        keptChildren: [keptChild, openChild],
        refs: [expiredRejected.reference, expiredClosed.reference],
      };
    };
    const inA = await made(a);
    const inB = await made(b);
    const auditBefore = {
      a: (await auditOf(a.id, 'purge')).length,
      b: (await auditOf(b.id, 'purge')).length,
    };

    const report = await purgeExpiredCases(t.deps.db, now);
    expect(report).toEqual({
      cities: [
        { cityId: a.id, rejected: 1, closed: 1 },
        { cityId: b.id, rejected: 1, closed: 1 },
      ].sort((x, y) => x.cityId.localeCompare(y.cityId)),
    });

    for (const [c, s] of [
      [a, inA],
      [b, inB],
    ] as const) {
      const left = await t.deps.db
        .select({ id: caseSituation.id })
        .from(caseSituation)
        .where(inArray(caseSituation.id, [...s.gone, ...s.kept]));
      expect(left.map((r) => r.id).sort()).toEqual([...s.kept].sort());
      expect(await childRows(c.id, s.gone, [s.goneChild])).toEqual({
        persons: 0,
        matchKeys: 0,
        assignments: 0,
        consents: 0,
        assessments: 0,
        followUps: 0,
        referrals: 0,
      });
      expect(await childRows(c.id, s.kept, s.keptChildren)).toEqual({
        persons: 2,
        matchKeys: 4,
        assignments: 2,
        consents: 2,
        assessments: 2,
        followUps: 2,
        referrals: 2,
      });
      const audit = await auditOf(c.id, 'purge');
      expect(audit).toHaveLength((c === a ? auditBefore.a : auditBefore.b) + 1);
      expect(audit.at(-1)).toMatchObject({
        recordType: 'case_situation',
        recordId: null,
        fields: [],
        reason: 'retention: 1 rejected, 1 closed',
        actorUserId: null,
        actorRole: 'system',
      });
      for (const ref of s.refs) expect(JSON.stringify(audit.at(-1))).not.toContain(ref);
    }

    expect(await purgeExpiredCases(t.deps.db, now)).toEqual({ cities: [] });
    expect(await auditOf(a.id, 'purge')).toHaveLength(auditBefore.a + 1);
    expect(await verifyAuditChain(t.deps.db, a.id)).toMatchObject({ ok: true });
  });

  it('runs nightly through job_run; purge-runs shows each city only its own counts, no references', async () => {
    const gone = await situation(a, { stage: 'rejected', rejectedAt: past, purgeAfter: past });
    await situation(b, { stage: 'closed', closedAt: past, purgeAfter: past });
    await situation(b, { stage: 'closed', closedAt: past, purgeAfter: past });

    const clock = () => new Date('2026-06-02T02:10:00Z');
    const first = await runCasePurgeIfDue(t.deps.db, { node: 'node-1', clock });
    expect(first.status).toBe('ran');
    // Another node, or this one after a restart, checking the same night: nothing runs again.
    expect((await runCasePurgeIfDue(t.deps.db, { node: 'node-2', clock })).status).toBe('skipped');
    expect((await runCasePurgeIfDue(t.deps.db, { node: 'node-1', clock })).status).toBe('skipped');
    const [run] = await t.deps.db
      .select()
      .from(jobRun)
      .where(and(eq(jobRun.job, CASE_PURGE_JOB), eq(jobRun.runKey, '2026-06-02')));
    expect(run.result).toEqual({
      cities: [
        { cityId: a.id, rejected: 1, closed: 0 },
        { cityId: b.id, rejected: 0, closed: 2 },
      ].sort((x, y) => x.cityId.localeCompare(y.cityId)),
    });
    expect(JSON.stringify(run.result)).not.toContain(gone.reference);

    const list = await t.call({ method: 'GET', url: a.url('/cases/purge-runs'), cookie: a.cookies.auditor });
    expect(list.statusCode).toBe(200);
    expect(list.json().items[0]).toMatchObject({
      runKey: '2026-06-02',
      status: 'done',
      rejected: 1,
      closed: 0,
    });
    expect(list.body).not.toContain(b.id);
    const listB = await t.call({
      method: 'GET',
      url: b.url('/cases/purge-runs?limit=1'),
      cookie: b.cookies.chair,
    });
    expect(listB.json().items).toEqual([
      expect.objectContaining({ runKey: '2026-06-02', rejected: 0, closed: 2 }),
    ]);

    for (const role of ['coordinator', 'member', 'partner'] as const) {
      const r = await t.call({ method: 'GET', url: a.url('/cases/purge-runs'), cookie: a.cookies[role] });
      expect(r.statusCode, role).toBe(403);
    }
    expect(
      (await t.call({ method: 'GET', url: a.url('/cases/purge-runs'), cookie: b.cookies.chair })).statusCode,
    ).toBe(404);
    expect((await t.call({ method: 'GET', url: a.url('/cases/purge-runs') })).statusCode).toBe(401);
  });

  it('`lpn purge-cases` runs it now, prints the counts per city and is listed as a manual run', async () => {
    expect(commands['purge-cases']).toBeDefined();
    const longAgo = new Date('2020-01-01T00:00:00Z');
    await situation(a, { stage: 'closed', closedAt: longAgo, purgeAfter: longAgo });
    const ctx = { deps: t.deps, baseUrl: ORIGIN };
    const result = await purgeCasesCommand(ctx);
    expect(result.exitCode).toBe(0);
    expect(result.output).toContain('retainville: 0 rejected, 1 closed');
    expect(result.output).not.toContain('keepford');
    const audit = await auditOf(a.id, 'purge');
    expect(audit.at(-1)).toMatchObject({ actorRole: 'cli', reason: 'retention: 0 rejected, 1 closed' });
    const list = (
      await t.call({ method: 'GET', url: a.url('/cases/purge-runs'), cookie: a.cookies.chair })
    ).json();
    expect(
      list.items.some(
        (r: { runKey: string; closed: number }) => r.runKey.startsWith('manual-') && r.closed === 1,
      ),
    ).toBe(true);

    const nothing = await purgeCasesCommand(ctx);
    expect(nothing).toEqual({
      output: 'Nothing to delete: no situation is past its retention period.',
      exitCode: 0,
    });
  });
});
