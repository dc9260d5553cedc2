import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { verifyAuditChain } from '../platform/audit/audit.js';
import { auditEvent } from '../platform/audit/audit.table.js';
import { user } from '../platform/auth/auth.table.js';
import { city } from '../modules/cities/cities.table.js';
import { membership } from '../modules/people/people.table.js';
import { organisation, representative } from '../modules/network/network.table.js';
import { actionItem, agendaItem, attendance, decision, meeting } from '../modules/meetings/meetings.table.js';
import { torAcknowledgement, torVersion } from '../modules/tor/tor.table.js';
import {
  caseAssignment,
  caseConsent,
  caseFollowUp,
  casePerson,
  caseReferral,
  caseService,
  caseSituation,
} from '../modules/cases/cases.table.js';
import { DEMO_CITY_SLUG, DEMO_PASSWORD, demoSignInLines, seedDemo } from './demo.js';

let t: TestApp;
let cityId: string;
let seedMs: number;
const now = () => new Date();
const api = (path: string) => `/api/cities/${cityId}${path}`;

beforeAll(async () => {
  t = await createTestApp();
  const started = Date.now();
  expect(await seedDemo(t.deps)).toBe(true);
  seedMs = Date.now() - started;
  [{ id: cityId }] = await t.deps.db.select({ id: city.id }).from(city).where(eq(city.slug, DEMO_CITY_SLUG));
});
afterAll(() => t.close());

/** The demo account's authenticator URI, from the banner lines (as a newcomer would copy it). */
async function uriOf(email: string): Promise<string> {
  const line = (await demoSignInLines(t.deps)).find(
    (l) => l.includes('otpauth://') && l.includes(encodeURIComponent(email)),
  );
  if (!line) throw new Error(`no TOTP URI printed for ${email}`);
  return line.trim();
}

describe('demo seed', () => {
  it('is idempotent and quick', async () => {
    expect(await seedDemo(t.deps)).toBe(false);
    console.info(`demo seed: ${seedMs} ms`);
    expect(seedMs).toBeLessThan(60_000); // generous: the shared machine is slow; measured in the report
  });

  it('keeps one timeline over two years ending now', async () => {
    const db = t.deps.db;
    const end = now();
    const twoYearsAgo = new Date(end.getTime() - 800 * 86_400_000);
    const within = (d: Date | null | undefined) => !d || (d <= end && d >= twoYearsAgo);
    const [c] = await db.select().from(city).where(eq(city.id, cityId));
    const members = await db.select().from(membership).where(eq(membership.cityId, cityId));
    expect(members.every((m) => m.joinedAt >= c.createdAt && within(m.joinedAt))).toBe(true);
    // Joined over time, not all on the seed day.
    expect(new Set(members.map((m) => m.joinedAt.toISOString().slice(0, 10))).size).toBeGreaterThan(4);
    const orgs = await db.select().from(organisation).where(eq(organisation.cityId, cityId));
    const reps = await db.select().from(representative).where(eq(representative.cityId, cityId));
    for (const r of reps) {
      const org = orgs.find((o) => o.id === r.organisationId)!;
      expect(r.joinedOn >= org.joinedOn).toBe(true);
      const m = members.find((x) => x.userId === r.userId)!;
      expect(m.joinedAt.toISOString().slice(0, 10) <= r.joinedOn).toBe(true);
    }
    const users = await db.select().from(user);
    expect(users.every((u) => u.createdAt <= end)).toBe(true);

    const meetings = await db
      .select()
      .from(meeting)
      .where(eq(meeting.cityId, cityId))
      .orderBy(asc(meeting.startsAt));
    const held = meetings.filter((m) => m.status === 'held');
    expect(held.length).toBeGreaterThanOrEqual(20);
    expect(meetings.some((m) => m.status === 'scheduled' && m.startsAt > end)).toBe(true);
    for (const m of meetings) {
      expect(m.createdAt <= end).toBe(true);
      if (m.status === 'held') expect(m.startsAt < end).toBe(true);
      if (m.minutesApprovedAt)
        expect(m.minutesApprovedAt > m.startsAt && m.minutesApprovedAt <= end).toBe(true);
      if (m.status === 'scheduled') expect(m.minutes).toBe('');
    }
    // Votes never exceed the formal organisations present; decisions after the meeting started.
    const decisions = await db.select().from(decision).where(eq(decision.cityId, cityId));
    expect(decisions.length).toBeGreaterThanOrEqual(6);
    expect(decisions.some((d) => d.method === 'majority')).toBe(true);
    for (const d of decisions) {
      const m = meetings.find((x) => x.id === d.meetingId)!;
      expect(m.status).toBe('held');
      expect(d.recordedAt >= m.startsAt && d.recordedAt <= end).toBe(true);
      const present = await db
        .select({ kind: organisation.membershipKind })
        .from(attendance)
        .innerJoin(organisation, eq(organisation.id, attendance.organisationId))
        .where(and(eq(attendance.meetingId, m.id), eq(attendance.present, true)));
      const formalPresent = present.filter((p) => p.kind === 'formal').length;
      expect(d.quorumMet).toBe(true);
      const votes = (d.votesFor ?? 0) + (d.votesAgainst ?? 0) + (d.abstentions ?? 0);
      expect(votes).toBeLessThanOrEqual(formalPresent);
    }
    // A meeting without quorum took no decision and says so in its minutes.
    const thin = held.find((m) => m.minutes.startsWith('No quorum'));
    expect(thin).toBeDefined();
    expect(decisions.some((d) => d.meetingId === thin!.id)).toBe(false);
    const items = await db.select().from(actionItem).where(eq(actionItem.cityId, cityId));
    for (const i of items) {
      expect(i.createdAt <= end).toBe(true);
      if (i.doneAt) expect(i.doneAt >= i.createdAt && i.doneAt <= end).toBe(true);
    }
    const today = end.toISOString().slice(0, 10);
    expect(items.some((i) => i.status === 'open' && i.dueOn < today)).toBe(true);
    expect(items.some((i) => i.status === 'open' && i.dueOn >= today)).toBe(true);
    expect(items.some((i) => i.status === 'done')).toBe(true);

    const versions = await db.select().from(torVersion).where(eq(torVersion.cityId, cityId));
    for (const v of versions) expect(v.createdAt < v.adoptedAt! && v.adoptedAt! <= end).toBe(true);
    const acks = await db.select().from(torAcknowledgement).where(eq(torAcknowledgement.cityId, cityId));
    for (const a of acks) {
      const v = versions.find((x) => x.id === a.torVersionId)!;
      expect(a.acknowledgedAt >= v.adoptedAt! && a.acknowledgedAt <= end).toBe(true);
    }

    const situations = await db.select().from(caseSituation).where(eq(caseSituation.cityId, cityId));
    const consents = await db.select().from(caseConsent).where(eq(caseConsent.cityId, cityId));
    const assignments = await db.select().from(caseAssignment).where(eq(caseAssignment.cityId, cityId));
    const persons = await db.select().from(casePerson).where(eq(casePerson.cityId, cityId));
    const followUps = await db.select().from(caseFollowUp).where(eq(caseFollowUp.cityId, cityId));
    for (const s of situations) {
      const steps = [
        s.createdAt,
        s.presentedAt,
        s.decidedAt,
        s.firstResponseAt,
        s.closedAt ?? s.rejectedAt,
      ].filter((x): x is Date => Boolean(x));
      expect(steps.every((x, i) => i === 0 || x >= steps[i - 1])).toBe(true);
      expect(steps.every((x) => x <= end)).toBe(true);
      for (const c of consents.filter((x) => x.situationId === s.id)) {
        expect(c.recordedAt >= s.createdAt).toBe(true);
        if (s.closedAt) expect(s.closedAt >= c.recordedAt).toBe(true);
        expect(c.recordedAt <= end).toBe(true);
      }
      for (const a of assignments.filter((x) => x.situationId === s.id))
        expect(a.assignedAt >= s.createdAt).toBe(true);
      for (const p of persons.filter((x) => x.situationId === s.id))
        expect(p.createdAt >= s.createdAt).toBe(true);
      for (const f of followUps.filter((x) => x.situationId === s.id))
        expect(f.createdAt >= s.createdAt).toBe(true);
    }
    const closed = situations.filter((s) => s.stage === 'closed');
    expect(closed.length).toBeGreaterThanOrEqual(40);
    expect(closed.length).toBeLessThanOrEqual(60);
    expect(closed.every((s) => s.outcome && s.purgeAfter! > end)).toBe(true);
    const rejected = situations.filter((s) => s.stage === 'rejected');
    expect(rejected.every((s) => s.riskFactors.length === 0 && s.purgeAfter! > end)).toBe(true);
    const overdue = situations.filter(
      (s) => s.stage === 'filter-3' && !s.firstResponseAt && s.responseDueAt! < end,
    );
    expect(overdue).toHaveLength(1);
    expect(followUps.some((f) => !f.completedAt && f.dueOn < today)).toBe(true);
  });

  it('writes the audit history in time order, with a chain that verifies', async () => {
    expect(await verifyAuditChain(t.deps.db, cityId)).toEqual({ ok: true, checked: expect.any(Number) });
    const rows = await t.deps.db
      .select({ seq: auditEvent.seq, at: auditEvent.at })
      .from(auditEvent)
      .where(eq(auditEvent.cityId, cityId))
      .orderBy(asc(auditEvent.seq));
    expect(rows.length).toBeGreaterThan(300);
    expect(rows.every((r, i) => i === 0 || r.at >= rows[i - 1].at)).toBe(true);
    expect(rows.at(-1)!.at <= now()).toBe(true);
    expect(rows[0].at.getTime()).toBeLessThan(now().getTime() - 700 * 86_400_000);
    // History, not one seed instant: spread over many days.
    expect(new Set(rows.map((r) => r.at.toISOString().slice(0, 10))).size).toBeGreaterThan(150);
  });

  it('writes its content in English', async () => {
    const db = t.deps.db;
    const texts = [
      ...(await db.select({ s: meeting.minutes }).from(meeting).where(eq(meeting.cityId, cityId))).map(
        (r) => r.s,
      ),
      ...(await db.select({ s: agendaItem.title }).from(agendaItem).where(eq(agendaItem.cityId, cityId))).map(
        (r) => r.s,
      ),
      ...(await db.select({ s: decision.text }).from(decision).where(eq(decision.cityId, cityId))).map(
        (r) => r.s,
      ),
      ...(await db.select({ s: actionItem.title }).from(actionItem).where(eq(actionItem.cityId, cityId))).map(
        (r) => r.s,
      ),
      ...(
        await db
          .select({ s: caseService.description })
          .from(caseService)
          .where(eq(caseService.cityId, cityId))
      ).map((r) => r.s),
      ...(
        await db
          .select({ s: caseSituation.decisionNote })
          .from(caseSituation)
          .where(eq(caseSituation.cityId, cityId))
      ).map((r) => r.s),
    ].filter(Boolean);
    expect(texts.length).toBeGreaterThan(100);
    // No French (or other) diacritics or typical French words in city content.
    const foreign = texts.filter(
      (s) => /[àâçéèêëîïôûùüÿœ]/i.test(s) || /\b(les|des|du|réflexion|préparer)\b/i.test(s),
    );
    expect(foreign).toEqual([]);
  });

  it('shows real statistics by stage, with small cells withheld', async () => {
    const chair = await t.signIn('chair@demo.lpn.local', {
      password: DEMO_PASSWORD,
      totpUri: await uriOf('chair@demo.lpn.local'),
    });
    const stats = await t.call({ method: 'GET', url: api('/case-statistics'), cookie: chair });
    expect(stats.statusCode).toBe(200);
    const cells = stats.json().byStage.cells as { key: string; value: number | null; suppressed: boolean }[];
    expect(cells.filter((c) => !c.suppressed && (c.value ?? 0) >= 5).length).toBeGreaterThanOrEqual(2);
    expect(cells.some((c) => c.suppressed)).toBe(true);
    expect(cells.find((c) => c.key === 'closed')).toMatchObject({ suppressed: false });
  });

  it('lets the lead agency’s member open the invented person, and not the coordinator', async () => {
    const [showcase] = await t.deps.db
      .select({ id: casePerson.situationId })
      .from(casePerson)
      .innerJoin(caseSituation, eq(caseSituation.id, casePerson.situationId))
      .where(and(eq(casePerson.cityId, cityId), eq(caseSituation.stage, 'filter-4')));
    const member = await t.signIn('member@demo.lpn.local', {
      password: DEMO_PASSWORD,
      totpUri: await uriOf('member@demo.lpn.local'),
    });
    const opened = await t.call({
      method: 'POST',
      url: api(`/cases/${showcase.id}/reveal`),
      cookie: member,
      payload: { reason: 'Preparing the joint home visit' },
    });
    expect(opened.statusCode).toBe(200);
    expect(JSON.stringify(opened.json())).toContain('Exampleton');
    const coordinator = await t.signIn('coordinator@demo.lpn.local', {
      password: DEMO_PASSWORD,
      totpUri: await uriOf('coordinator@demo.lpn.local'),
    });
    const denied = await t.call({
      method: 'POST',
      url: api(`/cases/${showcase.id}/reveal`),
      cookie: coordinator,
      payload: { reason: 'Just curious about it' },
    });
    expect(denied.statusCode).toBe(403);
  });

  it('has a referral waiting in the demo partner’s inbox', async () => {
    const referrals = await t.deps.db.select().from(caseReferral).where(eq(caseReferral.cityId, cityId));
    expect(referrals).toHaveLength(1);
    expect(referrals[0]).toMatchObject({
      status: 'sent',
      sharedFields: ['givenName', 'familyName', 'phone'],
    });
    const partner = await t.signIn('partner@demo.lpn.local', {
      password: DEMO_PASSWORD,
      totpUri: await uriOf('partner@demo.lpn.local'),
    });
    const inbox = await t.call({ method: 'GET', url: api('/referrals'), cookie: partner });
    expect(inbox.statusCode).toBe(200);
    expect(inbox.json().items).toHaveLength(1);
    expect(inbox.json().items[0].status).toBe('sent');
  });

  it('prints every demo account’s two-factor URI, marked demo only', async () => {
    const lines = await demoSignInLines(t.deps);
    expect(lines.join('\n')).toContain('DEMO ONLY');
    expect(lines.filter((l) => l.includes('otpauth://totp/'))).toHaveLength(8);
  });
});
