import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { subjectAccessExportSchema } from '../../../contracts/case-retention.contract.js';
import type { Identity } from '../../../contracts/cases.contract.js';
import type { Role } from '../../../contracts/route.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { appendAudit } from '../../platform/audit/audit.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
import { organisation } from '../network/index.js';
import { encryptIdentity, matchKeys, RESTRICTED_CONTEXT } from './cases.identity.js';
import {
  caseAssessment,
  caseAssignment,
  caseConsent,
  caseFollowUp,
  casePerson,
  casePersonMatchKey,
  caseReferral,
  caseService,
  caseSituation,
} from './cases.table.js';

let t: TestApp;

interface City {
  id: string;
  school: string;
  clinic: string;
  cookies: Partial<Record<Role, string>>;
  userIds: Partial<Record<Role, string>>;
  url: (path: string) => string;
}

async function makeCity(slug: string): Promise<City> {
  const id = await t.createCity(slug, { require2faRoles: [] });
  const cookies: City['cookies'] = {};
  const userIds: City['userIds'] = {};
  for (const role of ['chair', 'coordinator', 'member', 'partner', 'auditor'] as const) {
    userIds[role] = await t.createPerson({
      email: `${role}@${slug}.test`,
      name: `The ${role}`,
      cityId: id,
      role,
    });
    // Identities (and so subject access) open only with a second factor.
    cookies[role] = (await t.enrol2fa(await t.signIn(`${role}@${slug}.test`))).cookie;
  }
  const org = async (name: string) =>
    (
      await t.deps.db
        .insert(organisation)
        .values({ cityId: id, name, sector: 'education', membershipKind: 'formal', joinedOn: '2020-01-01' })
        .returning({ id: organisation.id })
    )[0].id;
  return {
    id,
    school: await org(`North School (${slug})`),
    clinic: await org(`Youth Clinic (${slug})`),
    cookies,
    userIds,
    url: (path) => `/api/cities/${id}${path}`,
  };
}

let seq = 0;
async function situation(c: City, values: Partial<typeof caseSituation.$inferInsert> = {}) {
  const [row] = await t.deps.db
    .insert(caseSituation)
    .values({
      cityId: c.id,
      reference: `S-2026-${String(++seq).padStart(4, '0')}`,
      workflow: 'four-filter',
      stage: 'filter-3',
      originatingOrganisationId: c.school,
      subjectKind: 'person',
      ageBand: '12-17',
      gender: 'female',
      riskFactors: ['aggressive-behaviour'],
      ...values,
    })
    .returning();
  return row;
}

async function person(c: City, situationId: string, identity: Identity, relation = 'subject') {
  const { db, keys } = t.deps;
  const [row] = await db
    .insert(casePerson)
    .values({
      cityId: c.id,
      situationId,
      relation,
      identityEnc: await encryptIdentity(keys, c.id, identity),
    })
    .returning();
  for (const key of await matchKeys(keys, c.id, identity))
    await db.insert(casePersonMatchKey).values({ cityId: c.id, key, personId: row.id });
  return row.id;
}

const enc = (c: City, context: string, text: string) => t.deps.keys.encrypt(c.id, context, text);

const zoe: Identity = {
  givenName: 'Zoë',
  familyName: 'Exampleton',
  dateOfBirth: '2010-05-04',
  phone: '+389 70 111 222',
  address: '4 River Street',
  guardians: [{ name: 'Mara Exampleton', relationship: 'mother' }],
};
const brother: Identity = {
  givenName: 'Luka',
  familyName: 'Exampleton',
  dateOfBirth: '2013-01-09',
  guardians: [],
};
const stranger: Identity = {
  givenName: 'Petra',
  familyName: 'Otherly',
  dateOfBirth: '2010-05-04',
  guardians: [],
};

let a: City;
let b: City;
const ids: Record<string, string> = {};
const refs: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  a = await makeCity('accessville');
  b = await makeCity('otherburg');
  const { db } = t.deps;

  // Situation 1 (closed): Zoë and her brother, with something in every child table.
  const s1 = await situation(a, {
    stage: 'closed',
    closedAt: new Date('2026-03-01T10:00:00Z'),
    outcome: 'risk-lowered-connected',
    planEnc: await enc(a, RESTRICTED_CONTEXT.plan, 'Weekly mentoring at school'),
    closureNoteEnc: await enc(a, RESTRICTED_CONTEXT.closureNote, 'Attends school again'),
  });
  refs.s1 = s1.reference;
  ids.s1 = s1.id;
  ids.zoe1 = await person(a, s1.id, zoe);
  ids.brother = await person(a, s1.id, brother, 'family-member');
  await db.insert(caseAssignment).values([
    { cityId: a.id, situationId: s1.id, organisationId: a.school, role: 'originating' },
    { cityId: a.id, situationId: s1.id, organisationId: a.clinic, role: 'lead' },
  ]);
  await db.insert(caseConsent).values([
    { cityId: a.id, situationId: s1.id, personId: ids.zoe1, purpose: 'referral', basis: 'guardian-consent' },
    {
      cityId: a.id,
      situationId: s1.id,
      personId: null,
      purpose: 'disclosure',
      basis: 'legal-basis',
      basisDetail: 'Child Protection Act art. 12',
    },
    {
      cityId: a.id,
      situationId: s1.id,
      personId: ids.brother,
      purpose: 'support',
      basis: 'consent',
      basisDetail: 'BROTHER-CONSENT-DETAIL',
    },
  ]);
  await db.insert(caseAssessment).values({
    cityId: a.id,
    situationId: s1.id,
    factors: { engagement: ['e1'], intent: [], capability: [] },
    summaryEnc: await enc(a, RESTRICTED_CONTEXT.assessmentSummary, 'Assessment summary for the family'),
    managementPlanEnc: await enc(a, RESTRICTED_CONTEXT.assessmentPlan, 'Management plan text'),
  });
  await db.insert(caseFollowUp).values({
    cityId: a.id,
    situationId: s1.id,
    kind: 'post-closure-review',
    dueOn: '2026-09-01',
    noteEnc: await enc(a, RESTRICTED_CONTEXT.followUpNote, 'Review note: doing well'),
  });
  const [service] = await db
    .insert(caseService)
    .values({ cityId: a.id, name: 'Sports Club Hub', sector: 'youth' })
    .returning({ id: caseService.id });
  const [zoeReferral] = await db
    .insert(caseReferral)
    .values({
      cityId: a.id,
      situationId: s1.id,
      personId: ids.zoe1,
      toServiceId: service.id,
      status: 'completed',
      sharedFields: ['givenName', 'phone'],
      messageEnc: await enc(a, RESTRICTED_CONTEXT.referralMessage, 'Please call Zoë about football'),
      feedbackEnc: await enc(a, RESTRICTED_CONTEXT.referralFeedback, 'Joined the team'),
    })
    .returning({ id: caseReferral.id });
  ids.zoeReferral = zoeReferral.id;
  await db.insert(caseReferral).values({
    cityId: a.id,
    situationId: s1.id,
    personId: ids.brother,
    toOrganisationId: a.clinic,
    status: 'sent',
    messageEnc: await enc(a, RESTRICTED_CONTEXT.referralMessage, 'BROTHER-REFERRAL-MESSAGE'),
  });

  // Situation 2 (open): Zoë again, recorded with the names the other way round.
  const s2 = await situation(a, { stage: 'filter-4', originatingOrganisationId: a.clinic });
  refs.s2 = s2.reference;
  ids.s2 = s2.id;
  ids.zoe2 = await person(a, s2.id, { ...zoe, givenName: 'Exampleton', familyName: 'Zoe' });

  // Someone else with the same date of birth, in the same city; and Zoë's namesake in another city.
  const s3 = await situation(a);
  refs.s3 = s3.reference;
  ids.stranger = await person(a, s3.id, stranger);
  const sb = await situation(b);
  refs.sb = sb.reference;
  ids.zoeB = await person(b, sb.id, zoe);

  // Accesses to read back: Zoë's record opened with a reason; her brother's, with another.
  const reader = { userId: a.userIds.member!, role: 'member', requestId: 'req-1' };
  await appendAudit(db, a.id, reader, {
    action: 'read',
    recordType: 'case_person',
    recordId: ids.zoe1,
    fields: ['givenName', 'familyName', 'phone'],
    reason: 'Preparing the referral to the club',
  });
  await db.transaction(async (tx) =>
    appendAudit(tx as never, a.id, reader, {
      action: 'read',
      recordType: 'case_person',
      recordId: ids.brother,
      fields: ['givenName'],
      reason: 'BROTHER-ACCESS-REASON',
    }),
  );
});
afterAll(async () => {
  await t.close();
});

const request = (overrides: Record<string, unknown> = {}) => ({
  givenName: 'Zoe',
  familyName: 'EXAMPLETON',
  dateOfBirth: '2010-05-04',
  reason: 'Subject access request #42 (letter of 2026-11-20)',
  format: 'json',
  ...overrides,
});

async function exportAs(cookie: string | undefined, payload = request(), city = a) {
  return t.call({ method: 'POST', url: city.url('/cases/subject-access'), cookie, payload });
}

describe('subject-access export', () => {
  it("gathers the person's data from both situations and nothing of anyone else's, decrypted, as a JSON attachment", async () => {
    const r = await exportAs(a.cookies.chair);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('application/json');
    expect(r.headers['content-disposition']).toMatch(
      /^attachment; filename="subject-access-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    expect(r.headers['cache-control']).toBe('no-store');
    const data = subjectAccessExportSchema.parse(r.json());

    expect(data.persons.map((p) => p.situation.reference).sort()).toEqual([refs.s1, refs.s2].sort());
    const first = data.persons.find((p) => p.personId === ids.zoe1)!;
    expect(first.identity).toMatchObject({
      givenName: 'Zoë',
      phone: '+389 70 111 222',
      address: '4 River Street',
    });
    expect(first.identity.guardians).toEqual([{ name: 'Mara Exampleton', relationship: 'mother' }]);
    expect(first.situation).toMatchObject({
      stage: 'closed',
      outcome: 'risk-lowered-connected',
      plan: 'Weekly mentoring at school',
      closureNote: 'Attends school again',
      riskFactors: ['aggressive-behaviour'],
    });
    expect(first.assignments.map((x) => [x.organisation?.name, x.role])).toEqual([
      ['North School (accessville)', 'originating'],
      ['Youth Clinic (accessville)', 'lead'],
    ]);
    expect(first.consents.map((c) => [c.purpose, c.forThisPerson])).toEqual([
      ['referral', true],
      ['disclosure', false],
    ]);
    expect(first.assessments).toEqual([
      expect.objectContaining({
        summary: 'Assessment summary for the family',
        managementPlan: 'Management plan text',
      }),
    ]);
    expect(first.followUps).toEqual([expect.objectContaining({ note: 'Review note: doing well' })]);
    expect(first.referrals).toEqual([
      expect.objectContaining({
        to: 'Sports Club Hub',
        status: 'completed',
        sharedFields: ['givenName', 'phone'],
        message: 'Please call Zoë about football',
        feedback: 'Joined the team',
        forThisPerson: true,
      }),
    ]);
    expect(first.accessLog).toEqual([
      expect.objectContaining({
        actorName: 'The member',
        actorRole: 'member',
        action: 'read',
        recordType: 'case_person',
        fields: ['givenName', 'familyName', 'phone'],
        reason: 'Preparing the referral to the club',
      }),
    ]);
    const second = data.persons.find((p) => p.personId === ids.zoe2)!;
    expect(second.identity).toMatchObject({ givenName: 'Exampleton', familyName: 'Zoe' });
    expect(second.situation.originatingOrganisation?.name).toBe('Youth Clinic (accessville)');

    // Nothing about the brother, the stranger with the same birthday, or the namesake in another city.
    for (const secret of [
      'Luka',
      ids.brother,
      'BROTHER-CONSENT-DETAIL',
      'BROTHER-REFERRAL-MESSAGE',
      'BROTHER-ACCESS-REASON',
      'Petra',
      'Otherly',
      refs.s3,
      refs.sb,
      ids.zoeB,
      b.id,
    ])
      expect(r.body).not.toContain(secret);
  });

  it('is audited: one export row per person found, with the field names and the reason', async () => {
    const rows = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, a.id), eq(auditEvent.action, 'export')))
      .orderBy(asc(auditEvent.seq));
    const mine = rows.filter((e) => e.recordType === 'case_person');
    expect(mine.map((e) => e.recordId).sort()).toEqual([ids.zoe1, ids.zoe2].sort());
    for (const e of mine) {
      expect(e).toMatchObject({
        actorUserId: a.userIds.chair,
        actorRole: 'chair',
        reason: 'Subject access request #42 (letter of 2026-11-20)',
      });
      expect(e.fields).toEqual(
        expect.arrayContaining(['givenName', 'familyName', 'dateOfBirth', 'situation']),
      );
      expect(JSON.stringify(e)).not.toContain('Exampleton');
    }
    // The next export shows the earlier one in the access log.
    const again = subjectAccessExportSchema.parse((await exportAs(a.cookies.chair)).json());
    const log = again.persons.find((p) => p.personId === ids.zoe1)!.accessLog;
    expect(log.some((e) => e.action === 'export' && e.actorRole === 'chair')).toBe(true);
  });

  it('finds nothing for someone the city does not hold (200, empty), and audits the search', async () => {
    const r = await exportAs(a.cookies.chair, request({ dateOfBirth: '2010-05-05' }));
    expect(r.statusCode).toBe(200);
    const data = subjectAccessExportSchema.parse(r.json());
    expect(data.persons).toEqual([]);
    const [last] = await t.deps.db
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.cityId, a.id))
      .orderBy(asc(auditEvent.seq))
      .then((rows) => rows.slice(-1));
    expect(last).toMatchObject({ action: 'export', recordType: 'case_person', recordId: null, fields: [] });

    // City B's chair searching for Zoë finds only city B's record, never city A's.
    const inB = subjectAccessExportSchema.parse((await exportAs(b.cookies.chair, request(), b)).json());
    expect(inB.persons.map((p) => p.personId)).toEqual([ids.zoeB]);
    expect(JSON.stringify(inB)).not.toContain(refs.s1);
  });

  it('is the chair’s alone: other roles 403, another city’s chair 404, the public 401', async () => {
    for (const role of ['coordinator', 'member', 'partner', 'auditor'] as const) {
      const r = await exportAs(a.cookies[role]);
      expect(r.statusCode, role).toBe(403);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.body).not.toContain('Exampleton');
    }
    expect((await exportAs(b.cookies.chair, request(), a)).statusCode).toBe(404);
    expect((await exportAs(undefined)).statusCode).toBe(401);
  });

  it('refuses a request without a date of birth, a short reason or an unknown format (problem+json, nothing audited)', async () => {
    const count = async () =>
      (await t.deps.db.select().from(auditEvent).where(eq(auditEvent.cityId, a.id))).length;
    const before = await count();
    const { dateOfBirth: _omit, ...noBirth } = request();
    for (const payload of [
      noBirth,
      request({ reason: 'why' }),
      request({ format: 'docx' }),
      request({ dateOfBirth: '04.05.2010' }),
    ]) {
      const r = await t.call({
        method: 'POST',
        url: a.url('/cases/subject-access'),
        cookie: a.cookies.chair,
        payload,
      });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ code: 'validation' });
      expect(r.body).not.toContain('Exampleton');
    }
    expect(await count()).toBe(before);
  });

  it('as a PDF: a real PDF with the person’s data and labels in the request’s language, Arabic shaped', async () => {
    const r = await t.call({
      method: 'POST',
      url: a.url('/cases/subject-access'),
      cookie: a.cookies.chair,
      headers: { 'accept-language': 'fr-FR,fr;q=0.9,en;q=0.5' },
      payload: request({ format: 'pdf' }),
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toMatch(/attachment; filename="subject-access-.*-fr\.pdf"/);
    expect(r.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const parsed = await getDocument({ data: new Uint8Array(r.rawPayload) }).promise;
    let text = '';
    for (let i = 1; i <= parsed.numPages; i++) {
      const content = await (await parsed.getPage(i)).getTextContent();
      text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
    }
    const squash = text.replace(/\s+/g, ' ');
    for (const expected of [
      "Export pour une demande d'accès",
      'Date de naissance',
      '4 River Street',
      'Please call Zoë about football',
      'Sports Club Hub',
      'Preparing the referral to the club',
      refs.s1,
      refs.s2,
    ])
      expect(squash).toContain(expected);
    expect(squash).not.toContain('Luka');
    expect(squash).not.toContain('BROTHER');

    const ar = await exportAs(a.cookies.chair, request({ format: 'pdf', lang: 'ar' }));
    expect(ar.statusCode).toBe(200);
    expect(ar.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const arDoc = await getDocument({ data: new Uint8Array(ar.rawPayload) }).promise;
    const arText = (await (await arDoc.getPage(1)).getTextContent()).items
      .map((item) => ('str' in item ? item.str : ''))
      .join(' ');
    expect((arText.match(/[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]/g) ?? []).length).toBeGreaterThan(20);

    const empty = await exportAs(a.cookies.chair, request({ format: 'pdf', dateOfBirth: '1999-01-01' }));
    expect(empty.statusCode).toBe(200);
    expect(empty.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
