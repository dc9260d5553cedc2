import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { AuditEventView, AuditFilterOptions } from '../../../contracts/audit.contract.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { appendAudit } from '../../platform/audit/audit.js';
// The cases test fixture is test-only code (it imports vitest), so it stays out of the runtime barrel.
// eslint-disable-next-line no-restricted-imports
import { caseCity, presentation, type CaseCity, type CasePersona } from '../cases/cases.fixture.js';
import { caseService, caseSituation } from '../cases/index.js';
import { meeting } from '../meetings/index.js';

let t: TestApp;
let c: CaseCity;
let other: CaseCity;
let caseId: string;
let reference: string;

// An invented person recorded on a situation: none of this may ever reach the audit views.
const IDENTITY = {
  givenName: 'Zenobia',
  familyName: 'Quellwort',
  dateOfBirth: '1988-11-03',
  phone: '+254 700 999 123',
  address: '7 Larkspur Court',
};
const leaks = (text: string) =>
  [IDENTITY.givenName, IDENTITY.familyName, IDENTITY.phone, IDENTITY.address, IDENTITY.dateOfBirth].filter(
    (value) => text.includes(value),
  );

function as(city: CaseCity, who: CasePersona, url: string, headers: Record<string, string> = {}) {
  return t.call({ method: 'GET', url: city.url(url), cookie: city.cookies[who], headers });
}

async function list(who: CasePersona, query = '', city = c): Promise<AuditEventView[]> {
  const response = await as(city, who, `/audit?limit=100${query}`);
  expect(response.statusCode).toBe(200);
  return response.json().items as AuditEventView[];
}

beforeAll(async () => {
  t = await createTestApp();
  c = await caseCity(t, 'auditui');
  other = await caseCity(t, 'auditui-other');
  const created = await t.call({
    method: 'POST',
    url: c.url('/cases'),
    cookie: c.cookies.memberA,
    payload: presentation,
  });
  expect(created.statusCode).toBe(201);
  caseId = created.json().id as string;
  const added = await t.call({
    method: 'POST',
    url: c.url(`/cases/${caseId}/persons`),
    cookie: c.cookies.memberA,
    payload: { relation: 'subject', identity: IDENTITY },
  });
  expect(added.statusCode).toBe(201);
  const [row] = await t.deps.db
    .select({ reference: caseSituation.reference })
    .from(caseSituation)
    .where(and(eq(caseSituation.cityId, c.cityId), eq(caseSituation.id, caseId)));
  reference = row.reference;
});
afterAll(() => t.close());

describe('audit log in words', () => {
  it('names actions, record types, fields, actors and records; never an identity', async () => {
    const items = await list('auditor', '&lang=en');
    const situation = items.find((e) => e.recordType === 'case_situation' && e.action === 'create')!;
    expect(situation).toMatchObject({
      actionLabel: 'Created',
      recordTypeLabel: 'Situation',
      recordLabel: reference,
      actorName: 'memberA of auditui',
      actorRoleLabel: 'Member',
    });
    expect(situation.fieldLabels).toContain('Risk factors');
    const person = items.find((e) => e.recordType === 'case_person')!;
    expect(person).toMatchObject({ recordTypeLabel: 'Person in a situation', recordLabel: reference });
    expect(person.fieldLabels).toEqual(expect.arrayContaining(['Given name', 'Family name', 'Phone']));
    const network = items.find((e) => e.recordType === 'network')!;
    expect(network.actorName).toBe('chair of auditui');
    // The raw body: no identity value anywhere, whatever field it would hide in.
    const raw = (await as(c, 'auditor', '/audit?limit=100')).body;
    expect(leaks(raw)).toEqual([]);
    expect(leaks((await as(c, 'chair', '/audit?limit=100')).body)).toEqual([]);
  });

  it('speaks the requested language (query first, then Accept-Language)', async () => {
    const ar = await list('auditor', '&lang=ar&recordType=case_situation');
    expect(ar[0]).toMatchObject({ actionLabel: 'إنشاء', recordTypeLabel: 'حالة', recordLabel: reference });
    const byHeader = await as(c, 'auditor', '/audit?recordType=case_situation', {
      'accept-language': 'fr-CH',
    });
    expect(byHeader.json().items[0].actionLabel).toBe('Créé');
  });

  it('falls back to the raw code for an unknown action, type or field', async () => {
    await appendAudit(
      t.deps.db,
      c.cityId,
      { userId: c.userIds.chair, role: 'chair' },
      { action: 'frobnicate', recordType: 'widget', recordId: 'w-1', fields: ['sprocket'] },
    );
    const [e] = await list('auditor', '&action=frobnicate');
    expect(e).toMatchObject({
      actionLabel: 'frobnicate',
      recordTypeLabel: 'widget',
      recordLabel: null,
      fieldLabels: ['sprocket'],
    });
  });

  it('names meetings and organisations, and a service only for a role that may read services', async () => {
    const [m] = await t.deps.db
      .insert(meeting)
      .values({
        cityId: c.cityId,
        title: 'Network meeting',
        startsAt: new Date('2026-03-12T09:00:00Z'),
        durationMinutes: 90,
        status: 'scheduled',
      })
      .returning({ id: meeting.id });
    const [s] = await t.deps.db
      .insert(caseService)
      .values({ cityId: c.cityId, name: 'Family counselling', sector: 'mental_health' })
      .returning({ id: caseService.id });
    const chair = { userId: c.userIds.chair, role: 'chair' };
    await appendAudit(t.deps.db, c.cityId, chair, {
      action: 'update',
      recordType: 'meeting',
      recordId: m.id,
    });
    await appendAudit(t.deps.db, c.cityId, chair, {
      action: 'update',
      recordType: 'organisation',
      recordId: c.orgs.school,
    });
    await appendAudit(t.deps.db, c.cityId, chair, {
      action: 'update',
      recordType: 'case_service',
      recordId: s.id,
    });
    const label = (items: AuditEventView[], type: string) =>
      items.find((e) => e.recordType === type)?.recordLabel;
    const seen = await list('auditor', '&action=update');
    expect(label(seen, 'meeting')).toBe('Network meeting · 2026-03-12');
    expect(label(seen, 'organisation')).toBe('school (auditui)');
    // Auditors do not read the service directory (services.read): the id stays bare for them.
    expect(label(seen, 'case_service')).toBeNull();
    expect(label(await list('chair', '&action=update'), 'case_service')).toBe('Family counselling');
  });

  it('serves pick-lists of the values present in this city only, with labels', async () => {
    const response = await as(c, 'auditor', '/audit/filters?lang=en');
    expect(response.statusCode).toBe(200);
    const options = response.json() as AuditFilterOptions;
    expect(options.actions).toContainEqual({ value: 'create', label: 'Created' });
    expect(options.recordTypes).toContainEqual({ value: 'case_person', label: 'Person in a situation' });
    expect(options.actors).toContainEqual({ value: c.userIds.memberA, label: 'memberA of auditui' });
    expect(options.actors.map((a) => a.value)).not.toContain(other.userIds.memberA);
    expect(leaks(response.body)).toEqual([]);
  });

  it('filters by action, record type, actor and date range; refuses a reversed range', async () => {
    const persons = await list('auditor', '&recordType=case_person&action=create');
    expect(persons.length).toBeGreaterThan(0);
    expect(persons.every((e) => e.recordType === 'case_person' && e.action === 'create')).toBe(true);
    const byActor = await list('auditor', `&actorUserId=${c.userIds.memberA}`);
    expect(byActor.length).toBeGreaterThan(0);
    expect(byActor.every((e) => e.actorUserId === c.userIds.memberA)).toBe(true);
    const future = encodeURIComponent(new Date(Date.now() + 86_400_000).toISOString());
    expect(await list('auditor', `&from=${future}`)).toEqual([]);
    const past = encodeURIComponent(new Date(Date.now() - 86_400_000).toISOString());
    expect((await list('auditor', `&from=${past}&to=${future}`)).length).toBeGreaterThan(0);
    expect(await list('auditor', `&to=${past}`)).toEqual([]);
    const reversed = await as(c, 'auditor', `/audit?from=${future}&to=${past}`);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.headers['content-type']).toMatch(/application\/problem\+json/);
  });
});

describe('CSV export', () => {
  it('exports the filtered log with a BOM, translated, without identities, and audits the export', async () => {
    const response = await as(c, 'auditor', '/audit/export.csv?lang=ar&recordType=case_person');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(
      /^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const body = response.rawPayload.toString('utf8');
    expect(body.charCodeAt(0)).toBe(0xfeff);
    const lines = body.slice(1).trimEnd().split('\r\n');
    expect(lines[0].split(',')[0]).toBe('رقم');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes('شخص في حالة') && l.includes(reference))).toBe(true);
    expect(leaks(body)).toEqual([]);

    const [entry] = await list('chair', '&action=export&recordType=audit-log');
    expect(entry).toMatchObject({
      actorUserId: c.userIds.auditor,
      actorRole: 'auditor',
      reason: 'filters: recordType=case_person',
    });
    expect(entry.fields).toContain('hash');
  });

  it('exports everything unfiltered, identities still absent', async () => {
    const response = await as(c, 'chair', '/audit/export.csv?lang=en');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Person in a situation');
    expect(leaks(response.body)).toEqual([]);
  });

  it('answers bad input with problem+json and records nothing', async () => {
    const before = (await list('chair', '&action=export&recordType=audit-log')).length;
    for (const query of ['from=yesterday', 'lang=xx', 'from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z']) {
      const response = await as(c, 'auditor', `/audit/export.csv?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.json().code).toBe('validation');
    }
    expect((await list('chair', '&action=export&recordType=audit-log')).length).toBe(before);
  });
});

describe('who may read it', () => {
  const routes = ['/audit', '/audit/filters', '/audit/export.csv'];

  it("refuses another city's auditor with 404", async () => {
    for (const route of routes) {
      const response = await t.call({ method: 'GET', url: c.url(route), cookie: other.cookies.auditor });
      expect(response.statusCode, route).toBe(404);
    }
  });

  it('refuses members without audit rights with 403', async () => {
    for (const who of ['memberA', 'coordinator', 'partner', 'liaison', 'analyst'] as const)
      for (const route of routes) expect((await as(c, who, route)).statusCode, `${who} ${route}`).toBe(403);
  });
});

describe('documentation', () => {
  it('lists the audit routes and their filters in the OpenAPI document', async () => {
    const doc = (await t.call({ method: 'GET', url: '/api/openapi.json' })).json();
    const names = (path: string) =>
      doc.paths[path].get.parameters.map((p: { name: string }) => p.name) as string[];
    for (const path of ['/api/cities/{cityId}/audit', '/api/cities/{cityId}/audit/export.csv'])
      expect(names(path)).toEqual(
        expect.arrayContaining(['action', 'recordType', 'actorUserId', 'from', 'to', 'lang']),
      );
    expect(names('/api/cities/{cityId}/audit/filters')).toContain('lang');
  });
});
