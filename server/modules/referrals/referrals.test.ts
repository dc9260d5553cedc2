import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
import { caseConsent, caseReferral, caseSituation } from '../cases/index.js';
// The cases test fixture is test-only code (it imports vitest), so it stays out of the runtime barrel.
// eslint-disable-next-line no-restricted-imports
import { caseCity, presentation, type CaseCity, type CasePersona } from '../cases/cases.fixture.js';

let t: TestApp;
let c: CaseCity;
let other: CaseCity;

const ADULT = {
  givenName: 'Mira',
  familyName: 'Kovalenko',
  dateOfBirth: '1990-04-02',
  phone: '+254 700 111 222',
  email: 'mira@example.org',
  address: '12 Riverside Lane',
};
const CHILD = {
  givenName: 'Tomás',
  familyName: 'Ilunga',
  dateOfBirth: '2013-09-15',
  guardians: [{ name: 'Ana Ilunga', relationship: 'mother', phone: '+254 700 333 444' }],
};
const NAME_AND_PHONE = ['givenName', 'familyName', 'phone'];
const LEGAL = { basis: 'legal-basis', basisDetail: 'Child protection act, s. 72 (duty to refer)' };

async function as(city: CaseCity, who: CasePersona, method: string, path: string, payload?: unknown) {
  return t.call({
    method: method as 'GET',
    url: city.url(path),
    cookie: city.cookies[who],
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** As in cases.test.ts: brought by the school (memberA), school lead, clinic (memberB) assisting. */
async function acceptedSituation(options: { assisting?: string[]; lead?: string } = {}) {
  const created = await as(c, 'memberA', 'POST', '/cases', presentation);
  expect(created.statusCode).toBe(201);
  const id = created.json().id as string;
  expect((await as(c, 'memberA', 'POST', `/cases/${id}/stage`, { to: 'filter-2' })).statusCode).toBe(200);
  expect(
    (await as(c, 'coordinator', 'POST', `/cases/${id}/decision`, { thresholdMet: true })).statusCode,
  ).toBe(200);
  const assigned = await as(c, 'coordinator', 'PUT', `/cases/${id}/assignments`, {
    leadOrganisationId: options.lead ?? c.orgs.school,
    assistingOrganisationIds: options.assisting ?? [c.orgs.clinic],
    disclosure: { basis: 'legal-basis', basisDetail: 'Acutely elevated risk: municipal safety by-law 12(3)' },
  });
  expect(assigned.statusCode).toBe(200);
  return id;
}

async function addPerson(caseId: string, identity: object = ADULT) {
  const added = await as(c, 'memberA', 'POST', `/cases/${caseId}/persons`, { relation: 'subject', identity });
  expect(added.statusCode).toBe(201);
  return added.json().personId as string;
}

/** A situation with one adult and a referral of their name and phone to the NGO, with a legal basis. */
async function sentToNgo(extra: object = {}) {
  const caseId = await acceptedSituation();
  const personId = await addPerson(caseId);
  const sent = await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals`, {
    toOrganisationId: c.orgs.ngo,
    personId,
    sharedFields: NAME_AND_PHONE,
    message: 'Mentoring for a young adult, weekday evenings',
    basis: LEGAL,
    ...extra,
  });
  expect(sent.statusCode).toBe(201);
  return { caseId, personId, referralId: sent.json().id as string };
}

async function counts() {
  const [r] = await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(caseReferral);
  const [k] = await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(caseConsent);
  return { referrals: r.n, consents: k.n };
}

async function auditOf(recordId: string) {
  return t.deps.db
    .select()
    .from(auditEvent)
    .where(and(eq(auditEvent.cityId, c.cityId), eq(auditEvent.recordId, recordId)))
    .orderBy(auditEvent.seq);
}

beforeAll(async () => {
  t = await createTestApp();
  c = await caseCity(t, 'refs');
  other = await caseCity(t, 'refs-other');
});
afterAll(() => t.close());

describe('sending needs consent or a legal basis', () => {
  it('refuses a referral without one (409) and writes nothing', async () => {
    const caseId = await acceptedSituation();
    const personId = await addPerson(caseId);
    const before = await counts();
    const bare = await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals`, {
      toOrganisationId: c.orgs.ngo,
      personId,
      sharedFields: NAME_AND_PHONE,
      message: 'Please call her',
    });
    expect(bare.statusCode).toBe(409);
    expect(bare.headers['content-type']).toContain('application/problem+json');
    expect(bare.json().code).toBe('consent-required');
    expect(bare.body).not.toContain('Kovalenko');

    // A withdrawn consent, or one for another purpose, is no consent for this referral.
    const consent = await as(c, 'memberA', 'POST', `/cases/${caseId}/consents`, {
      purpose: 'referral',
      personId,
      basis: 'consent',
    });
    expect(consent.statusCode).toBe(201);
    await as(c, 'memberA', 'POST', `/cases/${caseId}/consents/${consent.json().id}/withdraw`);
    const disclosure = (await as(c, 'memberA', 'GET', `/cases/${caseId}`)).json().consents[0].id as string;
    for (const consentId of [consent.json().id, disclosure]) {
      const refused = await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals`, {
        toOrganisationId: c.orgs.ngo,
        personId,
        sharedFields: NAME_AND_PHONE,
        consentId,
      });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().code).toBe('consent-required');
    }
    const after = await counts();
    expect(after.referrals).toBe(before.referrals);
    expect(after.consents).toBe(before.consents + 1); // only the consent recorded above
  });

  it('sends with a recorded consent (bound to this one referral) or a legal basis recorded with it', async () => {
    const caseId = await acceptedSituation();
    const personId = await addPerson(caseId);
    const consent = await as(c, 'memberA', 'POST', `/cases/${caseId}/consents`, {
      purpose: 'referral',
      personId,
      basis: 'consent',
    });
    const body = { toOrganisationId: c.orgs.ngo, personId, sharedFields: NAME_AND_PHONE };
    const sent = await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals`, {
      ...body,
      consentId: consent.json().id,
    });
    expect(sent.statusCode).toBe(201);
    expect(sent.json()).toMatchObject({
      status: 'sent',
      to: { kind: 'organisation', id: c.orgs.ngo },
      sharedFields: NAME_AND_PHONE,
      consentId: consent.json().id,
      consentActive: true,
      sentByName: 'memberA of refs',
    });
    const [bound] = await t.deps.db
      .select()
      .from(caseConsent)
      .where(eq(caseConsent.id, consent.json().id as string));
    expect(bound.referralId).toBe(sent.json().id);
    // The same consent does not cover a second disclosure.
    const again = await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals`, {
      ...body,
      consentId: consent.json().id,
    });
    expect(again.statusCode).toBe(409);

    const noDetail = await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals`, {
      ...body,
      basis: { basis: 'legal-basis' },
    });
    expect(noDetail.statusCode).toBe(400);
    const legal = await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals`, { ...body, basis: LEGAL });
    expect(legal.statusCode).toBe(201);
    const [recorded] = await t.deps.db
      .select()
      .from(caseConsent)
      .where(eq(caseConsent.referralId, legal.json().id as string));
    expect(recorded).toMatchObject({ purpose: 'referral', basis: 'legal-basis', personId });
    const audit = await auditOf(legal.json().id);
    expect(audit.find((a) => a.action === 'create')?.fields).toEqual(NAME_AND_PHONE);
  });

  it("a minor's referral needs a guardian's consent", async () => {
    const caseId = await acceptedSituation();
    const personId = await addPerson(caseId, CHILD);
    const body = { toOrganisationId: c.orgs.ngo, personId, sharedFields: ['givenName', 'guardians'] };
    const own = await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals`, {
      ...body,
      basis: { basis: 'consent' },
    });
    expect(own.statusCode).toBe(400);
    const guardian = await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals`, {
      ...body,
      basis: { basis: 'guardian-consent' },
    });
    expect(guardian.statusCode).toBe(201);
  });

  it('a chair override needs the chair and a reason, and the reason is in the audit log', async () => {
    // The municipality (the chair's organisation) leads, so the chair may open identities here.
    const caseId = await acceptedSituation({ lead: c.orgs.municipality, assisting: [] });
    const personId = await addPerson(caseId);
    const body = { toOrganisationId: c.orgs.clinic, personId, sharedFields: NAME_AND_PHONE };
    const byMember = await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals`, {
      ...body,
      basis: { basis: 'chair-override', basisDetail: 'Imminent danger' },
    });
    expect(byMember.statusCode).toBe(403);
    const noReason = await as(c, 'chair', 'POST', `/cases/${caseId}/referrals`, {
      ...body,
      basis: { basis: 'chair-override' },
    });
    expect(noReason.statusCode).toBe(400);
    const reason = 'Imminent danger; the person cannot be reached to consent';
    const override = await as(c, 'chair', 'POST', `/cases/${caseId}/referrals`, {
      ...body,
      basis: { basis: 'chair-override', basisDetail: reason },
    });
    expect(override.statusCode).toBe(201);
    const [audit] = await t.deps.db
      .select()
      .from(auditEvent)
      .where(
        and(eq(auditEvent.recordId, override.json().consentId as string), eq(auditEvent.action, 'override')),
      );
    expect(audit).toMatchObject({ actorUserId: c.userIds.chair, recordType: 'case_consent', reason });
  });

  it('only an assigned agency that may open identities sends, to another organisation, at the right stage', async () => {
    const caseId = await acceptedSituation();
    const personId = await addPerson(caseId);
    const body = { toOrganisationId: c.orgs.ngo, personId, sharedFields: NAME_AND_PHONE, basis: LEGAL };
    const unassigned = await as(c, 'memberC', 'POST', `/cases/${caseId}/referrals`, body);
    expect(unassigned.statusCode).toBe(403);
    expect(unassigned.json().code).toBe('not-assigned');
    for (const who of ['partner', 'liaison', 'analyst', 'auditor'] as const) {
      expect((await as(c, who, 'POST', `/cases/${caseId}/referrals`, body)).statusCode, who).toBe(403);
    }
    const toSelf = await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals`, {
      ...body,
      toOrganisationId: c.orgs.school,
    });
    expect(toSelf.statusCode).toBe(400);
    const both = await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals`, {
      ...body,
      toServiceId: c.orgs.clinic,
    });
    expect(both.statusCode).toBe(400);
    const foreignOrg = await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals`, {
      ...body,
      toOrganisationId: other.orgs.ngo,
    });
    expect(foreignOrg.statusCode).toBe(400);
    const early = (await as(c, 'memberA', 'POST', '/cases', presentation)).json().id as string;
    const filter1 = await as(c, 'memberA', 'POST', `/cases/${early}/referrals`, body);
    expect(filter1.statusCode).toBe(409);
    expect(filter1.json().code).toBe('wrong-stage');
  });
});

describe('receivers', () => {
  it('tells the receiving organisation by e-mail, naming neither the person nor the situation', async () => {
    t.mail.length = 0;
    const { caseId } = await sentToNgo();
    const reference = (await as(c, 'memberA', 'GET', `/cases/${caseId}`)).json().reference as string;
    const toPartner = t.mail.filter((m) => m.subject.includes('ngo'));
    expect(toPartner.map((m) => m.to)).toEqual(['partner@refs.test']);
    for (const hidden of [reference, caseId, 'Kovalenko', 'Mira', 'Mentoring']) {
      expect(`${toPartner[0].subject}${toPartner[0].text}`, hidden).not.toContain(hidden);
    }
  });

  it('the partner sees only referrals to the NGO and opens only the shared fields, each read audited', async () => {
    const { caseId, personId, referralId } = await sentToNgo();
    const toClinic = await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals`, {
      toOrganisationId: c.orgs.clinic,
      personId,
      sharedFields: ['givenName', 'familyName', 'address'],
      shareRiskFactors: true,
      basis: LEGAL,
    });
    expect(toClinic.statusCode).toBe(201);
    const reference = (await as(c, 'memberA', 'GET', `/cases/${caseId}`)).json().reference as string;

    const inbox = await as(c, 'partner', 'GET', '/referrals');
    expect(inbox.statusCode).toBe(200);
    const ids = inbox.json().items.map((i: { id: string }) => i.id);
    expect(ids).toContain(referralId);
    expect(ids).not.toContain(toClinic.json().id);
    const item = inbox.json().items.find((i: { id: string }) => i.id === referralId);
    expect(item).toMatchObject({
      status: 'sent',
      from: { id: c.orgs.school },
      to: { id: c.orgs.ngo },
      sharedFields: NAME_AND_PHONE,
      canOpen: true,
    });
    for (const hidden of [reference, caseId, personId, 'Kovalenko', 'Mira', 'Mentoring']) {
      expect(inbox.body, hidden).not.toContain(hidden);
    }

    expect(
      (await as(c, 'partner', 'POST', `/referrals/${referralId}/open`, { reason: 'x' })).statusCode,
    ).toBe(400);
    const reason = 'First call to arrange mentoring';
    const opened = await as(c, 'partner', 'POST', `/referrals/${referralId}/open`, { reason });
    expect(opened.statusCode).toBe(200);
    expect(opened.json().person).toEqual({
      givenName: ADULT.givenName,
      familyName: ADULT.familyName,
      phone: ADULT.phone,
    });
    expect(opened.json()).toMatchObject({ riskFactors: null, message: expect.stringContaining('Mentoring') });
    for (const notShared of [
      ADULT.address,
      ADULT.dateOfBirth,
      ADULT.email,
      'address',
      'dateOfBirth',
      reference,
    ]) {
      expect(opened.body, notShared).not.toContain(notShared);
    }
    await as(c, 'partner', 'POST', `/referrals/${referralId}/open`, { reason: 'Second call, no answer' });
    const reads = (await auditOf(referralId)).filter((a) => a.action === 'read');
    expect(reads).toHaveLength(2);
    expect(reads[0]).toMatchObject({
      actorUserId: c.userIds.partner,
      recordType: 'case_referral',
      reason,
      fields: [...NAME_AND_PHONE, 'message'],
    });
    expect(reads.map((r) => r.reason)).toEqual([reason, 'Second call, no answer']);

    // The clinic sees its own referral, not the NGO's; it opens only what was shared with it.
    const clinicInbox = (await as(c, 'memberB', 'GET', '/referrals'))
      .json()
      .items.map((i: { id: string }) => i.id);
    expect(clinicInbox).toContain(toClinic.json().id);
    expect(clinicInbox).not.toContain(referralId);
    const clinicOpen = await as(c, 'memberB', 'POST', `/referrals/${toClinic.json().id}/open`, { reason });
    expect(Object.keys(clinicOpen.json().person).sort()).toEqual(['address', 'familyName', 'givenName']);
    expect(clinicOpen.json().riskFactors).toEqual([
      { code: 'aggressive-behaviour', labels: expect.objectContaining({ en: expect.any(String) }) },
    ]);
  });

  it("someone else's referral is not found: other organisations, other cities; the inbox is closed to others", async () => {
    const { referralId } = await sentToNgo();
    const reason = 'Trying to look at this referral';
    for (const who of ['memberB', 'memberC', 'coordinator', 'chair'] as const) {
      expect((await as(c, who, 'POST', `/referrals/${referralId}/open`, { reason })).statusCode, who).toBe(
        404,
      );
      expect(
        (await as(c, who, 'POST', `/referrals/${referralId}/respond`, { action: 'accept' })).statusCode,
        who,
      ).toBe(404);
    }
    // The other city's partner (an NGO too), in our city's URL and in its own.
    const foreign = await t.call({
      method: 'POST',
      url: c.url(`/referrals/${referralId}/open`),
      cookie: other.cookies.partner,
      payload: { reason },
    });
    expect(foreign.statusCode).toBe(404);
    expect((await as(other, 'partner', 'POST', `/referrals/${referralId}/open`, { reason })).statusCode).toBe(
      404,
    );
    expect((await as(other, 'partner', 'GET', '/referrals')).json().items).toEqual([]);
    expect((await t.call({ method: 'GET', url: c.url('/referrals') })).statusCode).toBe(401);
    for (const who of ['auditor', 'liaison', 'analyst'] as const) {
      expect((await as(c, who, 'GET', '/referrals')).statusCode, who).toBe(403);
      expect((await as(c, who, 'POST', `/referrals/${referralId}/open`, { reason })).statusCode, who).toBe(
        403,
      );
    }
    // Partners never read the situation itself, nor its referral list.
    const caseId = (
      await t.deps.db
        .select({ s: caseReferral.situationId })
        .from(caseReferral)
        .where(eq(caseReferral.id, referralId))
    )[0].s;
    expect((await as(c, 'partner', 'GET', `/cases/${caseId}/referrals`)).statusCode).toBe(403);
    expect((await as(c, 'partner', 'GET', `/cases/${caseId}`)).statusCode).toBe(403);
  });
});

describe('lifecycle and feedback to the table', () => {
  it('declines with a reason; accepts, starts and completes with feedback the sender reads; refuses other moves', async () => {
    const first = await sentToNgo();
    const declineNoReason = await as(c, 'partner', 'POST', `/referrals/${first.referralId}/respond`, {
      action: 'decline',
    });
    expect(declineNoReason.statusCode).toBe(400);
    const declined = await as(c, 'partner', 'POST', `/referrals/${first.referralId}/respond`, {
      action: 'decline',
      reason: 'No mentoring places until September',
    });
    expect(declined.statusCode).toBe(200);
    expect(declined.json()).toMatchObject({ status: 'declined', canOpen: false });
    const late = await as(c, 'partner', 'POST', `/referrals/${first.referralId}/respond`, {
      action: 'accept',
    });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('wrong-stage');
    expect(
      (await as(c, 'partner', 'POST', `/referrals/${first.referralId}/open`, { reason: 'Looking again' }))
        .statusCode,
    ).toBe(409);
    const seen = (await as(c, 'memberB', 'GET', `/cases/${first.caseId}/referrals`)).json().items[0];
    expect(seen).toMatchObject({ status: 'declined', declineReason: 'No mentoring places until September' });
    expect(seen.timeline.map((s: { status: string }) => s.status)).toEqual(['sent', 'declined']);

    const { caseId, referralId } = await sentToNgo();
    const say = (body: object) => as(c, 'partner', 'POST', `/referrals/${referralId}/respond`, body);
    expect((await say({ action: 'complete', feedback: 'Done and dusted' })).statusCode).toBe(409);
    expect((await say({ action: 'start' })).statusCode).toBe(409);
    expect((await say({ action: 'accept' })).json().status).toBe('accepted');
    expect((await say({ action: 'accept' })).statusCode).toBe(409);
    expect((await say({ action: 'decline', reason: 'Changed our mind' })).statusCode).toBe(409);
    expect((await say({ action: 'start' })).json().status).toBe('in-progress');
    expect((await say({ action: 'complete' })).statusCode).toBe(400);
    const feedback = 'Attended four mentoring sessions; linked with a job coach';
    const completed = await say({ action: 'complete', feedback });
    expect(completed.statusCode).toBe(200);
    expect(completed.json()).toMatchObject({ status: 'completed', canOpen: false });
    expect(completed.body).not.toContain('mentoring sessions');
    const withdrawLate = await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals/${referralId}/withdraw`);
    expect(withdrawLate.statusCode).toBe(409);

    // Back at the table: status and timeline in the list, the feedback text only through /read.
    const list = await as(c, 'memberA', 'GET', `/cases/${caseId}/referrals`);
    expect(list.statusCode).toBe(200);
    const item = list.json().items[0];
    expect(item).toMatchObject({ status: 'completed', hasFeedback: true, to: { name: 'ngo (refs)' } });
    expect(item.timeline.map((s: { status: string }) => s.status)).toEqual(['sent', 'accepted', 'completed']);
    expect(list.body).not.toContain('mentoring sessions');
    expect((await as(c, 'coordinator', 'GET', `/cases/${caseId}/referrals`)).statusCode).toBe(200);
    expect((await as(c, 'memberC', 'GET', `/cases/${caseId}/referrals`)).statusCode).toBe(403);
    const readReason = 'Reviewing the referral outcome';
    expect(
      (
        await as(c, 'memberC', 'POST', `/cases/${caseId}/referrals/${referralId}/read`, {
          reason: readReason,
        })
      ).statusCode,
    ).toBe(403);
    const read = await as(c, 'memberB', 'POST', `/cases/${caseId}/referrals/${referralId}/read`, {
      reason: readReason,
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ message: expect.stringContaining('Mentoring'), feedback });
    const audit = await auditOf(referralId);
    expect(audit.map((a) => a.action)).toEqual(['create', 'accept', 'start', 'complete', 'read']);
    expect(audit.at(-1)).toMatchObject({ actorUserId: c.userIds.memberB, fields: ['message', 'feedback'] });
    expect(audit.find((a) => a.action === 'complete')?.fields).toEqual(['status', 'feedback']);
    // No feedback or message text anywhere in clear.
    const [stored] = await t.deps.db.select().from(caseReferral).where(eq(caseReferral.id, referralId));
    expect(JSON.stringify(stored)).not.toContain('mentoring');
  });

  it('withdrawing the referral, or the consent behind it, closes it to the receiver', async () => {
    const a = await sentToNgo();
    const withdrawn = await as(c, 'memberA', 'POST', `/cases/${a.caseId}/referrals/${a.referralId}/withdraw`);
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json().status).toBe('withdrawn');
    expect(
      (await as(c, 'memberC', 'POST', `/cases/${a.caseId}/referrals/${a.referralId}/withdraw`)).statusCode,
    ).toBe(403);
    const reason = 'Calling the person today';
    const open = await as(c, 'partner', 'POST', `/referrals/${a.referralId}/open`, { reason });
    expect(open.statusCode).toBe(409);
    expect(
      (await as(c, 'partner', 'POST', `/referrals/${a.referralId}/respond`, { action: 'accept' })).statusCode,
    ).toBe(409);

    const b = await sentToNgo();
    const consentId = (await as(c, 'memberA', 'GET', `/cases/${b.caseId}/referrals`)).json().items[0]
      .consentId as string;
    await as(c, 'memberA', 'POST', `/cases/${b.caseId}/consents/${consentId}/withdraw`);
    const closed = await as(c, 'partner', 'POST', `/referrals/${b.referralId}/open`, { reason });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().code).toBe('consent-required');
    const item = (await as(c, 'partner', 'GET', '/referrals'))
      .json()
      .items.find((i: { id: string }) => i.id === b.referralId);
    expect(item).toMatchObject({ consentActive: false, canOpen: false });
  });

  it('disappears with its situation when the situation is purged', async () => {
    const { caseId, referralId } = await sentToNgo();
    await t.deps.db.delete(caseSituation).where(eq(caseSituation.id, caseId));
    const ids = (await as(c, 'partner', 'GET', '/referrals')).json().items.map((i: { id: string }) => i.id);
    expect(ids).not.toContain(referralId);
    expect(
      (await as(c, 'partner', 'POST', `/referrals/${referralId}/open`, { reason: 'Calling today' }))
        .statusCode,
    ).toBe(404);
  });
});

describe('services outside the network', () => {
  it('members read the list, the chair and coordinator keep it; the sender records a service’s answer', async () => {
    const service = {
      name: 'Riverside Family Counselling',
      sector: 'mental_health',
      description: 'Free family counselling, weekdays',
      contact: 'Front desk +254 20 555 0101',
    };
    expect((await as(c, 'memberA', 'POST', '/services', service)).statusCode).toBe(403);
    const created = await as(c, 'coordinator', 'POST', '/services', service);
    expect(created.statusCode).toBe(201);
    const serviceId = created.json().id as string;
    expect(created.json()).toMatchObject({ ...service, active: true });
    expect(
      (await as(c, 'memberA', 'GET', '/services')).json().items.map((s: { id: string }) => s.id),
    ).toContain(serviceId);
    for (const who of ['partner', 'auditor', 'liaison'] as const) {
      expect((await as(c, who, 'GET', '/services')).statusCode, who).toBe(403);
    }
    expect((await as(other, 'chair', 'GET', '/services')).json().items).toEqual([]);
    const off = await as(c, 'chair', 'PATCH', `/services/${serviceId}`, { active: false });
    expect(off.json().active).toBe(false);
    expect((await as(c, 'memberA', 'GET', '/services')).json().items).toEqual([]);
    expect((await as(c, 'memberA', 'GET', '/services?includeInactive=true')).json().items).toHaveLength(1);

    const caseId = await acceptedSituation();
    const personId = await addPerson(caseId);
    const body = { toServiceId: serviceId, personId, sharedFields: NAME_AND_PHONE, basis: LEGAL };
    expect((await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals`, body)).statusCode).toBe(400);
    await as(c, 'chair', 'PATCH', `/services/${serviceId}`, { active: true });
    const sent = await as(c, 'memberA', 'POST', `/cases/${caseId}/referrals`, body);
    expect(sent.statusCode).toBe(201);
    expect(sent.json().to).toMatchObject({ kind: 'service', name: service.name });
    const referralId = sent.json().id as string;
    const path = `/cases/${caseId}/referrals/${referralId}/respond`;
    expect((await as(c, 'memberC', 'POST', path, { action: 'accept' })).statusCode).toBe(403);
    expect((await as(c, 'memberA', 'POST', path, { action: 'accept' })).json().status).toBe('accepted');
    const done = await as(c, 'memberB', 'POST', path, { action: 'complete', feedback: 'Two sessions held' });
    expect(done.json()).toMatchObject({ status: 'completed', hasFeedback: true });
    // A member organisation answers for itself.
    const { caseId: orgCase, referralId: orgReferral } = await sentToNgo();
    expect(
      (
        await as(c, 'memberA', 'POST', `/cases/${orgCase}/referrals/${orgReferral}/respond`, {
          action: 'accept',
        })
      ).statusCode,
    ).toBe(403);
  });
});
