import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { rawRows } from '../../platform/db/index.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
import { representative } from '../network/index.js';
import { caseCity, presentation, type CaseCity, type CasePersona } from './cases.fixture.js';
import { caseAssignment, casePerson, casePersonMatchKey, caseSituation } from './cases.table.js';

let t: TestApp;
let c: CaseCity;
let channel: CaseCity;
let other: CaseCity;

const ADULT = {
  givenName: 'Mira',
  familyName: 'Kovalenko',
  dateOfBirth: '1990-04-02',
  phone: '+254 700 111 222',
  address: '12 Riverside Lane',
};
const CHILD = {
  givenName: 'Tomás',
  familyName: 'Ilunga',
  dateOfBirth: '2013-09-15',
  guardians: [{ name: 'Ana Ilunga', relationship: 'mother', phone: '+254 700 333 444' }],
};

async function as(city: CaseCity, who: CasePersona, method: string, path: string, payload?: unknown) {
  return t.call({
    method: method as 'GET',
    url: city.url(path),
    cookie: city.cookies[who],
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** A four-filter situation brought by memberA (school), taken to filter 3 with school lead, clinic assisting. */
async function acceptedSituation(options: { assisting?: string[]; lead?: string } = {}) {
  const created = await as(c, 'memberA', 'POST', '/cases', presentation);
  expect(created.statusCode).toBe(201);
  const id = created.json().id as string;
  expect((await as(c, 'memberA', 'POST', `/cases/${id}/stage`, { to: 'filter-2' })).statusCode).toBe(200);
  const decided = await as(c, 'coordinator', 'POST', `/cases/${id}/decision`, { thresholdMet: true });
  expect(decided.statusCode).toBe(200);
  const assigned = await as(c, 'coordinator', 'PUT', `/cases/${id}/assignments`, {
    leadOrganisationId: options.lead ?? c.orgs.school,
    assistingOrganisationIds: options.assisting ?? [c.orgs.clinic],
    disclosure: { basis: 'legal-basis', basisDetail: 'Acutely elevated risk: municipal safety by-law 12(3)' },
  });
  expect(assigned.statusCode).toBe(200);
  return id;
}

beforeAll(async () => {
  t = await createTestApp();
  c = await caseCity(t, 'cases');
  channel = await caseCity(t, 'panel', 'channel-panel');
  other = await caseCity(t, 'othercity');
});
afterAll(() => t.close());

describe('four filters', () => {
  it('takes a situation from filter 1 to closure, with the decider and the clock recorded', async () => {
    const created = await as(c, 'memberA', 'POST', '/cases', presentation);
    expect(created.statusCode).toBe(201);
    const s = created.json();
    expect(s.reference).toMatch(/^ST-\d{4}-\d{4}$/);
    expect(s.stage).toBe('filter-1');
    expect(s.isMinor).toBe(true); // age band 12-17
    expect(s.originatingOrganisation.id).toBe(c.orgs.school);
    expect(s.access).toMatchObject({ canOpenIdentity: true, canEditPresentation: true, canDecide: false });

    // A member cannot take the table's decision.
    expect((await as(c, 'memberA', 'POST', `/cases/${s.id}/stage`, { to: 'filter-2' })).statusCode).toBe(200);
    expect(
      (await as(c, 'memberA', 'POST', `/cases/${s.id}/decision`, { thresholdMet: true })).statusCode,
    ).toBe(403);
    const meeting = await as(c, 'coordinator', 'POST', '/meetings', {
      title: 'Situation table',
      startsAt: '2026-11-24T09:00:00Z',
      durationMinutes: 90,
    });
    const foreignMeeting = await as(other, 'coordinator', 'POST', '/meetings', {
      title: 'Elsewhere',
      startsAt: '2026-11-24T09:00:00Z',
      durationMinutes: 90,
    });
    const wrongMeeting = await as(c, 'coordinator', 'POST', `/cases/${s.id}/decision`, {
      thresholdMet: true,
      meetingId: foreignMeeting.json().id,
    });
    expect(wrongMeeting.statusCode).toBe(400); // another city's meeting is not found here
    const decided = await as(c, 'coordinator', 'POST', `/cases/${s.id}/decision`, {
      thresholdMet: true,
      note: 'Acutely elevated risk',
      meetingId: meeting.json().id,
    });
    expect(decided.statusCode).toBe(200);
    const d = decided.json();
    expect(d.stage).toBe('filter-3');
    expect(d.decidedByName).toBe('coordinator of cases');
    expect(d.decidedAtMeeting).toMatchObject({ id: meeting.json().id, title: 'Situation table' });
    const hours = (new Date(d.responseDueAt).getTime() - new Date(d.decidedAt).getTime()) / 3_600_000;
    expect(hours).toBe(48);

    // Filter 3: assisting agencies other than the originating one need a basis for disclosure.
    const noBasis = await as(c, 'coordinator', 'PUT', `/cases/${s.id}/assignments`, {
      leadOrganisationId: c.orgs.school,
      assistingOrganisationIds: [c.orgs.clinic],
    });
    expect(noBasis.statusCode).toBe(409);
    expect(noBasis.json().code).toBe('consent-required');
    const assigned = await as(c, 'coordinator', 'PUT', `/cases/${s.id}/assignments`, {
      leadOrganisationId: c.orgs.school,
      assistingOrganisationIds: [c.orgs.clinic],
      disclosure: { basis: 'legal-basis', basisDetail: 'Acutely elevated risk: by-law 12(3)' },
    });
    expect(assigned.statusCode).toBe(200);
    expect(assigned.json().leadOrganisation.id).toBe(c.orgs.school);
    expect(assigned.json().consents).toHaveLength(1);

    // Filter 4: the first response stops the clock; only an assigned agency can record it.
    expect((await as(c, 'memberC', 'POST', `/cases/${s.id}/stage`, { to: 'filter-4' })).statusCode).toBe(403);
    const responded = await as(c, 'memberB', 'POST', `/cases/${s.id}/stage`, { to: 'filter-4' });
    expect(responded.statusCode).toBe(200);
    expect(responded.json()).toMatchObject({ stage: 'filter-4', overdue: false });

    const person = await as(c, 'memberA', 'POST', `/cases/${s.id}/persons`, {
      relation: 'subject',
      identity: CHILD,
    });
    expect(person.statusCode).toBe(201);
    expect(person.json()).toMatchObject({ isMinor: true, possibleDuplicate: false });
    expect(
      (await as(c, 'memberB', 'PUT', `/cases/${s.id}/plan`, { plan: 'Home visit by the clinic' })).statusCode,
    ).toBe(200);
    const closed = await as(c, 'memberA', 'POST', `/cases/${s.id}/close`, {
      outcome: 'risk-lowered-connected',
      note: 'Family engaged with the clinic',
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ stage: 'closed', outcome: 'risk-lowered-connected' });
    expect(closed.json().purgeAfter).not.toBeNull();

    // A post-closure review can be scheduled and completed with a finding.
    const review = await as(c, 'memberA', 'POST', `/cases/${s.id}/follow-ups`, {
      kind: 'post-closure-review',
      dueOn: '2027-06-01',
    });
    expect(review.statusCode).toBe(201);
    const reviewId = review.json().followUps[0].id as string;
    const noFinding = await as(c, 'memberA', 'POST', `/cases/${s.id}/follow-ups/${reviewId}/complete`, {});
    expect(noFinding.statusCode).toBe(400);
    const done = await as(c, 'memberA', 'POST', `/cases/${s.id}/follow-ups/${reviewId}/complete`, {
      finding: 'risk-lowered',
    });
    expect(done.json().followUps[0]).toMatchObject({ reviewFinding: 'risk-lowered' });
  });

  it('a rejected situation keeps only minimal data and a purge date', async () => {
    const created = await as(c, 'memberA', 'POST', '/cases', {
      ...presentation,
      protectiveFactors: ['trusted-adult'],
    });
    const id = created.json().id as string;
    await as(c, 'memberA', 'POST', `/cases/${id}/persons`, { relation: 'subject', identity: ADULT });
    await as(c, 'memberA', 'POST', `/cases/${id}/stage`, { to: 'filter-2' });
    const rejected = await as(c, 'chair', 'POST', `/cases/${id}/decision`, {
      thresholdMet: false,
      note: 'Not acute',
    });
    expect(rejected.statusCode).toBe(200);
    const r = rejected.json();
    expect(r).toMatchObject({
      stage: 'rejected',
      riskFactors: [],
      protectiveFactors: [],
      persons: [],
      consents: [],
    });
    expect(r.originatingReason).toBe('');
    const days = (new Date(r.purgeAfter).getTime() - new Date(r.rejectedAt).getTime()) / 86_400_000;
    expect(days).toBe(30); // the situation-table template's rejectedRetentionDays
    const persons = await t.deps.db.select().from(casePerson).where(eq(casePerson.situationId, id));
    expect(persons).toHaveLength(0);
    const keys = await rawRows(t.deps.db, sql`select count(*)::int as n from ${casePersonMatchKey}`);
    expect(keys).toBeDefined();
    // Nobody can open it any more, not even the agency that brought it.
    expect((await as(c, 'memberA', 'POST', `/cases/${id}/reveal`, { reason: 'checking' })).statusCode).toBe(
      403,
    );
  });

  it('marks a situation overdue when the clock ran out without a first response', async () => {
    const id = await acceptedSituation();
    await t.deps.db
      .update(caseSituation)
      .set({ responseDueAt: new Date(Date.now() - 3_600_000) })
      .where(eq(caseSituation.id, id));
    const list = await as(c, 'coordinator', 'GET', '/cases?overdue=true');
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(id);
    expect(list.json().items.every((i: { overdue: boolean }) => i.overdue)).toBe(true);
    await as(c, 'memberA', 'POST', `/cases/${id}/stage`, { to: 'filter-4' });
    const after = await as(c, 'coordinator', 'GET', '/cases?overdue=true');
    expect(after.json().items.map((i: { id: string }) => i.id)).not.toContain(id);
  });

  it("lists each situation with its own lead agency and this person's own roles", async () => {
    const schoolLed = await acceptedSituation({ assisting: [] });
    const clinicLed = await acceptedSituation({ lead: c.orgs.clinic, assisting: [] });
    const items = (await as(c, 'memberB', 'GET', '/cases?limit=100')).json().items as {
      id: string;
      leadOrganisation: { id: string } | null;
      myRoles: string[];
    }[];
    const byId = new Map(items.map((i) => [i.id, i]));
    expect(byId.get(schoolLed)).toMatchObject({ leadOrganisation: { id: c.orgs.school }, myRoles: [] });
    expect(byId.get(clinicLed)).toMatchObject({ leadOrganisation: { id: c.orgs.clinic }, myRoles: ['lead'] });
    const mine = (await as(c, 'memberB', 'GET', '/cases?mine=true&limit=100')).json().items as {
      id: string;
    }[];
    expect(mine.map((i) => i.id)).toContain(clinicLed);
    expect(mine.map((i) => i.id)).not.toContain(schoolLed);
    const page1 = (await as(c, 'memberB', 'GET', '/cases?limit=2')).json();
    const page2 = (await as(c, 'memberB', 'GET', `/cases?limit=2&cursor=${page1.nextCursor}`)).json();
    expect(page2.items[0].id).not.toBe(page1.items[1].id);
  });

  it('refuses unknown codes with problem+json and writes nothing', async () => {
    const before = await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(caseSituation);
    const bad = await as(c, 'memberA', 'POST', '/cases', { ...presentation, riskFactors: ['not-a-code'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors[0].path).toBe('body.riskFactors');
    const after = await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(caseSituation);
    expect(after[0].n).toBe(before[0].n);
    const noOrg = await as(c, 'liaison', 'POST', '/cases', presentation);
    expect(noOrg.statusCode).toBe(403);
  });
});

describe('identity and need-to-know', () => {
  it('opens identity only for members of assigned organisations, with the reason audited', async () => {
    const id = await acceptedSituation();
    const added = await as(c, 'memberA', 'POST', `/cases/${id}/persons`, {
      relation: 'subject',
      identity: ADULT,
    });
    expect(added.statusCode).toBe(201);
    for (const who of ['memberC', 'chair', 'coordinator'] as const) {
      const denied = await as(c, who, 'POST', `/cases/${id}/reveal`, { reason: 'curious about this one' });
      expect(denied.statusCode, who).toBe(403);
      expect(denied.json().code).toBe('not-assigned');
      expect(denied.body).not.toContain('Kovalenko');
    }
    for (const who of ['partner', 'liaison', 'analyst', 'auditor'] as const) {
      expect(
        (await as(c, who, 'POST', `/cases/${id}/reveal`, { reason: 'curious about this' })).statusCode,
      ).toBe(403);
    }
    expect((await as(c, 'memberB', 'POST', `/cases/${id}/reveal`, { reason: 'x' })).statusCode).toBe(400);
    const opened = await as(c, 'memberB', 'POST', `/cases/${id}/reveal`, {
      reason: 'Preparing the home visit',
    });
    expect(opened.statusCode).toBe(200);
    expect(opened.json().persons[0].identity).toMatchObject({ familyName: 'Kovalenko', phone: ADULT.phone });
    const audit = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, c.cityId), eq(auditEvent.recordId, added.json().personId)));
    const read = audit.find((a) => a.action === 'read');
    expect(read).toMatchObject({ actorUserId: c.userIds.memberB, reason: 'Preparing the home visit' });
    expect(read?.fields).toEqual(expect.arrayContaining(['givenName', 'familyName', 'dateOfBirth', 'phone']));
    // The de-identified detail and the list never carry a name.
    for (const path of [`/cases/${id}`, '/cases']) {
      const r = await as(c, 'memberB', 'GET', path);
      expect(r.body).not.toContain('Kovalenko');
      expect(r.body).not.toContain('Mira');
    }
  });

  it('an assigned member without a second factor cannot open identities, whatever the city allows', async () => {
    const id = await acceptedSituation();
    await as(c, 'memberA', 'POST', `/cases/${id}/persons`, { relation: 'subject', identity: ADULT });
    const userId = await t.createPerson({ email: 'no2fa@cases.test', cityId: c.cityId, role: 'member' });
    await t.deps.db.insert(representative).values({
      cityId: c.cityId,
      organisationId: c.orgs.school,
      userId,
      displayName: 'no2fa',
      networkRole: 'representative',
      joinedOn: '2020-01-01',
    });
    const cookie = await t.signIn('no2fa@cases.test'); // the city does not require 2FA for members
    expect((await t.call({ method: 'GET', url: c.url(`/cases/${id}`), cookie })).statusCode).toBe(200);
    const denied = await t.call({
      method: 'POST',
      url: c.url(`/cases/${id}/reveal`),
      cookie,
      payload: { reason: 'Preparing the visit' },
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('two-factor-required');
    expect(denied.body).not.toContain('Kovalenko');
  });

  it('withdrawing the disclosure basis closes identity to assisting agencies, not to the originating one', async () => {
    const id = await acceptedSituation({ lead: c.orgs.clinic, assisting: [] });
    await as(c, 'memberA', 'POST', `/cases/${id}/persons`, { relation: 'subject', identity: ADULT });
    const detail = (await as(c, 'memberB', 'GET', `/cases/${id}`)).json();
    expect(detail.access.canOpenIdentity).toBe(true);
    const consentId = detail.consents[0].id as string;
    const withdrawn = await as(c, 'memberB', 'POST', `/cases/${id}/consents/${consentId}/withdraw`, {
      reason: 'The family withdrew consent by phone',
    });
    expect(withdrawn.statusCode).toBe(200);
    const [audit] = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.recordId, consentId), eq(auditEvent.action, 'withdraw')));
    expect(audit.reason).toBe('The family withdrew consent by phone');
    const after = await as(c, 'memberB', 'POST', `/cases/${id}/reveal`, { reason: 'Follow-up call' });
    expect(after.statusCode).toBe(403);
    expect(after.json().detail).toContain('consent');
    expect(
      (await as(c, 'memberA', 'POST', `/cases/${id}/reveal`, { reason: 'Follow-up call' })).statusCode,
    ).toBe(200);
  });

  it('removing an agency from the situation removes its access', async () => {
    const id = await acceptedSituation();
    expect(
      (await as(c, 'memberB', 'POST', `/cases/${id}/reveal`, { reason: 'Preparing visit' })).statusCode,
    ).toBe(200);
    await as(c, 'coordinator', 'PUT', `/cases/${id}/assignments`, {
      leadOrganisationId: c.orgs.school,
      assistingOrganisationIds: [],
    });
    expect(
      (await as(c, 'memberB', 'POST', `/cases/${id}/reveal`, { reason: 'Preparing visit' })).statusCode,
    ).toBe(403);
    const ended = await t.deps.db
      .select()
      .from(caseAssignment)
      .where(and(eq(caseAssignment.situationId, id), eq(caseAssignment.organisationId, c.orgs.clinic)));
    expect(ended[0].endedAt).not.toBeNull();
  });

  it('says "possibly the same person" without naming situations the asker is not entitled to', async () => {
    const UNIQUE = { givenName: 'Zoë', familyName: 'Okonkwo-Adebayo', dateOfBirth: '1988-11-30' };
    const first = await acceptedSituation({ assisting: [] }); // school only
    await as(c, 'memberA', 'POST', `/cases/${first}/persons`, { relation: 'subject', identity: UNIQUE });
    const second = await acceptedSituation({ lead: c.orgs.clinic, assisting: [] }); // school originates, clinic leads
    const same = { ...UNIQUE, givenName: ' zoë ', familyName: 'OKONKWO-ADEBAYO' };
    // The clinic is not assigned to the first situation: it learns only that a match exists.
    const byClinic = await as(c, 'memberB', 'POST', `/cases/${second}/persons/check`, same);
    expect(byClinic.json()).toEqual({ possibleDuplicate: true, matchingReferences: [] });
    const firstRef = (await as(c, 'memberA', 'GET', `/cases/${first}`)).json().reference;
    const bySchool = await as(c, 'memberA', 'POST', `/cases/${second}/persons`, {
      relation: 'subject',
      identity: same,
    });
    expect(bySchool.json()).toMatchObject({ possibleDuplicate: true, matchingReferences: [firstRef] });
    // Swapped names still match; a different birth date does not.
    const swapped = { givenName: 'Okonkwo Adebayo', familyName: 'Zoe', dateOfBirth: UNIQUE.dateOfBirth };
    expect(
      (await as(c, 'memberB', 'POST', `/cases/${second}/persons/check`, swapped)).json().possibleDuplicate,
    ).toBe(true);
    const otherDob = { ...swapped, dateOfBirth: '1988-12-01' };
    expect(
      (await as(c, 'memberB', 'POST', `/cases/${second}/persons/check`, otherDob)).json().possibleDuplicate,
    ).toBe(false);
    // Someone unassigned cannot use the check to fish.
    expect((await as(c, 'memberC', 'POST', `/cases/${second}/persons/check`, same)).statusCode).toBe(403);
  });

  it('removes a person recorded by mistake, with their consents, audited with the reason', async () => {
    const id = await acceptedSituation();
    const added = await as(c, 'memberA', 'POST', `/cases/${id}/persons`, {
      relation: 'subject',
      identity: CHILD,
    });
    const personId = added.json().personId as string;
    await as(c, 'memberA', 'POST', `/cases/${id}/consents`, {
      purpose: 'referral',
      personId,
      basis: 'guardian-consent',
    });
    expect(
      (
        await as(c, 'memberC', 'POST', `/cases/${id}/persons/${personId}/remove`, {
          reason: 'Wrong person recorded',
        })
      ).statusCode,
    ).toBe(403);
    const removed = await as(c, 'memberA', 'POST', `/cases/${id}/persons/${personId}/remove`, {
      reason: 'Wrong person recorded',
    });
    expect(removed.statusCode).toBe(200);
    expect(removed.json().persons).toEqual([]);
    expect(removed.json().consents.filter((x: { personId: string }) => x.personId === personId)).toEqual([]);
    const keys = await t.deps.db
      .select()
      .from(casePersonMatchKey)
      .where(eq(casePersonMatchKey.personId, personId));
    expect(keys).toEqual([]);
    const [audit] = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.recordId, personId), eq(auditEvent.action, 'delete')));
    expect(audit).toMatchObject({ actorUserId: c.userIds.memberA, reason: 'Wrong person recorded' });
    expect(
      (await as(c, 'memberA', 'POST', `/cases/${id}/persons/${personId}/remove`, { reason: 'again please' }))
        .statusCode,
    ).toBe(404);
  });

  it('flags the situation minor while a minor is recorded, whatever the age band says', async () => {
    const created = await as(c, 'memberA', 'POST', '/cases', { ...presentation, ageBand: '25-29' });
    const id = created.json().id as string;
    expect(created.json().isMinor).toBe(false);
    const child = await as(c, 'memberA', 'POST', `/cases/${id}/persons`, {
      relation: 'family-member',
      identity: { ...CHILD, givenName: 'Flagged' },
    });
    expect((await as(c, 'memberA', 'GET', `/cases/${id}`)).json().isMinor).toBe(true);
    const edited = await as(c, 'memberA', 'PATCH', `/cases/${id}`, { ageBand: '30-39' });
    expect(edited.json().isMinor).toBe(true); // the recorded child keeps the flag
    const removed = await as(c, 'memberA', 'POST', `/cases/${id}/persons/${child.json().personId}/remove`, {
      reason: 'Recorded in the wrong situation',
    });
    expect(removed.json().isMinor).toBe(false);
  });

  it('stores no identity in clear text anywhere in the database', async () => {
    const tables = await rawRows<{ table_name: string }>(
      t.deps.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    let dump = '';
    for (const { table_name } of tables) {
      const rows = await rawRows<{ row: string }>(
        t.deps.db,
        sql`select t::text as row from ${sql.identifier(table_name)} t`,
      );
      dump += rows.map((r) => r.row).join('\n');
    }
    for (const fragment of [
      'Kovalenko',
      'Ilunga',
      '700 111 222',
      'Riverside',
      '1990-04-02',
      'Home visit by',
    ]) {
      expect(dump, fragment).not.toContain(fragment);
    }
  });
});

describe('consent and legal basis', () => {
  it("a minor's consent comes from a guardian; an override needs the chair and a reason", async () => {
    const id = await acceptedSituation();
    const child = await as(c, 'memberA', 'POST', `/cases/${id}/persons`, {
      relation: 'subject',
      identity: CHILD,
    });
    const personId = child.json().personId as string;
    const byChild = await as(c, 'memberA', 'POST', `/cases/${id}/consents`, {
      purpose: 'referral',
      personId,
      basis: 'consent',
    });
    expect(byChild.statusCode).toBe(400);
    const guardian = await as(c, 'memberA', 'POST', `/cases/${id}/consents`, {
      purpose: 'referral',
      personId,
      basis: 'guardian-consent',
    });
    expect(guardian.statusCode).toBe(201);
    const noGuardian = await as(c, 'memberA', 'POST', `/cases/${id}/persons`, {
      relation: 'family-member',
      identity: { givenName: 'Lea', familyName: 'Ilunga', dateOfBirth: '2016-01-01' },
    });
    const refused = await as(c, 'memberA', 'POST', `/cases/${id}/consents`, {
      purpose: 'referral',
      personId: noGuardian.json().personId,
      basis: 'guardian-consent',
    });
    expect(refused.statusCode).toBe(400);

    const byMember = await as(c, 'memberA', 'POST', `/cases/${id}/consents`, {
      purpose: 'referral',
      personId,
      basis: 'chair-override',
      basisDetail: 'Imminent danger',
    });
    expect(byMember.statusCode).toBe(403);
    const noReason = await as(c, 'chair', 'POST', `/cases/${id}/consents`, {
      purpose: 'referral',
      personId,
      basis: 'chair-override',
    });
    expect(noReason.statusCode).toBe(400);
    const override = await as(c, 'chair', 'POST', `/cases/${id}/consents`, {
      purpose: 'referral',
      personId,
      basis: 'chair-override',
      basisDetail: 'Imminent danger to the child; guardian unreachable',
    });
    expect(override.statusCode).toBe(201);
    const [audit] = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.recordId, override.json().id), eq(auditEvent.action, 'override')));
    expect(audit).toMatchObject({
      actorUserId: c.userIds.chair,
      reason: 'Imminent danger to the child; guardian unreachable',
    });
  });
});

describe('Channel-style panel', () => {
  it('runs screening, assessment, consent before support, closure and the 6- and 12-month reviews', async () => {
    const created = await as(channel, 'memberA', 'POST', '/cases', { ...presentation, riskFactors: [] });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect(created.json()).toMatchObject({ workflow: 'channel', stage: 'screening' });
    expect(created.json().reference).toMatch(/^CH-/);
    const screened = await as(channel, 'chair', 'POST', `/cases/${id}/decision`, { thresholdMet: true });
    expect(screened.json().stage).toBe('assessment');
    const factors = { engagement: ['need-to-belong'], intent: [], capability: [] };
    const first = await as(channel, 'memberA', 'POST', `/cases/${id}/assessments`, {
      factors,
      summary: 'Isolated, looking for belonging online',
      managementPlan: 'Mentoring through the youth service',
    });
    expect(first.statusCode).toBe(201);
    const noChange = await as(channel, 'memberA', 'POST', `/cases/${id}/assessments`, {
      factors,
      summary: 'Second look',
      managementPlan: 'Same',
    });
    expect(noChange.statusCode).toBe(400);
    const unknownFactor = await as(channel, 'memberA', 'POST', `/cases/${id}/assessments`, {
      factors: { engagement: ['justification-of-violence'], intent: [], capability: [] },
      summary: 'x',
      managementPlan: 'y',
      changesSinceLast: 'z',
    });
    expect(unknownFactor.statusCode).toBe(400); // an intent factor under engagement

    // The panel adopts only with a lead agency.
    expect((await as(channel, 'chair', 'POST', `/cases/${id}/stage`, { to: 'consent' })).statusCode).toBe(
      409,
    );
    await as(channel, 'chair', 'PUT', `/cases/${id}/assignments`, {
      leadOrganisationId: channel.orgs.youth,
      assistingOrganisationIds: [],
      disclosure: { basis: 'guardian-consent' },
    });
    expect((await as(channel, 'chair', 'POST', `/cases/${id}/stage`, { to: 'consent' })).json().stage).toBe(
      'consent',
    );

    // Consent before support: a guardian's, for a minor; no override, no legal basis.
    const child = await as(channel, 'memberC', 'POST', `/cases/${id}/persons`, {
      relation: 'subject',
      identity: CHILD,
    });
    const personId = child.json().personId as string;
    const early = await as(channel, 'memberC', 'POST', `/cases/${id}/stage`, { to: 'support' });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('consent-required');
    const legal = await as(channel, 'memberC', 'POST', `/cases/${id}/consents`, {
      purpose: 'support',
      personId,
      basis: 'legal-basis',
      basisDetail: 'Statute',
    });
    expect(legal.statusCode).toBe(400);
    await as(channel, 'memberC', 'POST', `/cases/${id}/consents`, {
      purpose: 'support',
      personId,
      basis: 'guardian-consent',
    });
    expect((await as(channel, 'memberC', 'POST', `/cases/${id}/stage`, { to: 'support' })).json().stage).toBe(
      'support',
    );
    await as(channel, 'memberC', 'PUT', `/cases/${id}/plan`, { plan: 'Weekly mentoring, school liaison' });
    const closed = await as(channel, 'memberC', 'POST', `/cases/${id}/close`, {
      outcome: 'risk-lowered-connected',
    });
    const reviews = closed.json().followUps;
    expect(reviews.map((f: { monthsAfterClosure: number }) => f.monthsAfterClosure)).toEqual([6, 12]);
    const six = reviews[0].id as string;
    const done = await as(channel, 'memberC', 'POST', `/cases/${id}/follow-ups/${six}/complete`, {
      finding: 'risk-lowered',
      note: 'Still in mentoring, doing well',
    });
    expect(done.json().followUps[0]).toMatchObject({ reviewFinding: 'risk-lowered', hasNote: true });
    const revealed = await as(channel, 'memberC', 'POST', `/cases/${id}/reveal`, {
      reason: '6-month review',
    });
    expect(revealed.json().assessments[0].summary).toContain('belonging');
    expect(revealed.json().followUpNotes[0].note).toContain('mentoring');
  });
});

describe('city additions to the taxonomies', () => {
  it('the chair adds a sub-type and a factor of the city; base codes cannot be taken; situations use them', async () => {
    const sub = await as(c, 'chair', 'POST', '/cases/taxonomy-additions', {
      type: 'subtype',
      kind: 'risk',
      categoryId: 'social-environment',
      id: 'online-gaming-debt',
      labels: { en: 'Debt from online gaming', fr: 'Dettes de jeux en ligne', ar: '' },
    });
    expect(sub.statusCode).toBe(201);
    expect(sub.json().risk.version).toBe(1);
    const config = (await as(c, 'memberA', 'GET', '/cases/config')).json();
    const category = config.risk.categories.find((k: { id: string }) => k.id === 'social-environment');
    const added = category.subtypes.find((x: { id: string }) => x.id === 'city:online-gaming-debt');
    expect(added.labels).toMatchObject({ en: 'Debt from online gaming', fr: 'Dettes de jeux en ligne' });
    expect(added.labels.ar).toBe('Debt from online gaming'); // missing languages show the English text
    expect(config.risk.cityVersion).toBe(1);
    const created = await as(c, 'memberA', 'POST', '/cases', {
      ...presentation,
      riskFactors: ['city:online-gaming-debt'],
    });
    expect(created.statusCode).toBe(201);

    const base = await as(c, 'chair', 'POST', '/cases/taxonomy-additions', {
      type: 'category',
      kind: 'risk',
      id: 'housing',
      labels: { en: 'Our housing' },
    });
    expect(base.statusCode).toBe(400);
    const twice = await as(c, 'chair', 'POST', '/cases/taxonomy-additions', {
      type: 'subtype',
      kind: 'risk',
      categoryId: 'social-environment',
      id: 'online-gaming-debt',
      labels: { en: 'Again' },
    });
    expect(twice.statusCode).toBe(400);
    const factor = await as(c, 'chair', 'POST', '/cases/taxonomy-additions', {
      type: 'factor',
      kind: 'vulnerability',
      dimensionId: 'engagement',
      id: 'online-subculture',
      labels: { en: 'Drawn into an online subculture' },
      guidance: 'Look at time spent and who the person talks to, not at views held.',
    });
    expect(factor.statusCode).toBe(201);
    expect((await as(c, 'memberA', 'GET', '/cases/taxonomy-additions')).json().risk.version).toBe(1);
    expect(
      (
        await as(c, 'coordinator', 'POST', '/cases/taxonomy-additions', {
          type: 'category',
          kind: 'protective',
          id: 'sports-club',
          labels: { en: 'Sports club' },
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('who may look at all', () => {
  it('keeps the case list from partners, liaisons, analysts, auditors, other cities and the public', async () => {
    for (const who of ['partner', 'liaison', 'analyst', 'auditor'] as const) {
      expect((await as(c, who, 'GET', '/cases')).statusCode, who).toBe(403);
    }
    const foreign = await t.call({ method: 'GET', url: c.url('/cases'), cookie: other.cookies.chair });
    expect(foreign.statusCode).toBe(404);
    expect((await t.call({ method: 'GET', url: c.url('/cases') })).statusCode).toBe(401);
    const id = (await as(c, 'memberA', 'POST', '/cases', presentation)).json().id as string;
    const foreignDetail = await t.call({
      method: 'GET',
      url: c.url(`/cases/${id}`),
      cookie: other.cookies.chair,
    });
    expect(foreignDetail.statusCode).toBe(404);
    // Even a city's own id used in another city's URL finds nothing.
    expect((await as(other, 'chair', 'GET', `/cases/${id}`)).statusCode).toBe(404);
  });

  it('is off when the mandate in force does not include referrals', async () => {
    const plain = await t.createCity('no-cases', { require2faRoles: [] });
    await t.createPerson({ email: 'chair@no-cases.test', cityId: plain, role: 'chair' });
    const chair = await t.signIn('chair@no-cases.test');
    await t.call({
      method: 'POST',
      url: `/api/cities/${plain}/network`,
      cookie: chair,
      payload: { templateId: 'community-action-team' },
    });
    const config = await t.call({ method: 'GET', url: `/api/cities/${plain}/cases/config`, cookie: chair });
    expect(config.json().workflow).toBe('none');
  });
});
