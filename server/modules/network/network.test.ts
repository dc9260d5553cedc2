import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
import { actionItem, attendance, meeting } from '../meetings/index.js';
import { torAcknowledgement, torVersion } from '../tor/index.js';
import { effectiveMandate, isMandated } from './index.js';

let t: TestApp;
let cityId: string;
let otherCityId: string;
let chair: string;
let coordinator: string;
let member: string;
let partner: string;
let otherChair: string;
let chairId: string;
let memberId: string;
let outsiderId: string;

beforeAll(async () => {
  t = await createTestApp();
  cityId = await t.createCity('netville', { require2faRoles: [] });
  otherCityId = await t.createCity('elsewhere', { require2faRoles: [] });
  chairId = await t.createPerson({ email: 'chair@net.test', name: 'Chair Person', cityId, role: 'chair' });
  await t.createPerson({ email: 'coord@net.test', cityId, role: 'coordinator' });
  memberId = await t.createPerson({ email: 'member@net.test', cityId, role: 'member' });
  await t.createPerson({ email: 'partner@net.test', cityId, role: 'partner' });
  await t.createPerson({ email: 'other@net.test', cityId: otherCityId, role: 'chair' });
  outsiderId = await t.createPerson({ email: 'outsider@net.test', cityId: otherCityId, role: 'member' });
  chair = await t.signIn('chair@net.test');
  coordinator = await t.signIn('coord@net.test');
  member = await t.signIn('member@net.test');
  partner = await t.signIn('partner@net.test');
  otherChair = await t.signIn('other@net.test');
});
afterAll(() => t.close());

const url = (path: string, city = cityId) => `/api/cities/${city}${path}`;

async function auditRows(recordType: string, recordId: string) {
  return t.deps.db
    .select()
    .from(auditEvent)
    .where(
      and(
        eq(auditEvent.cityId, cityId),
        eq(auditEvent.recordType, recordType),
        eq(auditEvent.recordId, recordId),
      ),
    );
}

async function createOrg(payload: Record<string, unknown>, cookie = coordinator) {
  const r = await t.call({ method: 'POST', url: url('/organisations'), cookie, payload });
  expect(r.statusCode).toBe(201);
  return r.json();
}

describe('templates and network set-up', () => {
  it('lists the templates to anyone signed in, not to anonymous callers', async () => {
    const r = await t.call({ method: 'GET', url: '/api/templates', cookie: partner });
    expect(r.statusCode).toBe(200);
    const ids = r.json().items.map((x: { id: string }) => x.id);
    expect(ids).toContain('situation-table');
    expect(ids).toContain('channel-panel');
    expect((await t.call({ method: 'GET', url: '/api/templates' })).statusCode).toBe(401);
  });

  it('before set-up: 404 for GET; dashboard is all zeros', async () => {
    expect((await t.call({ method: 'GET', url: url('/network'), cookie: member })).statusCode).toBe(404);
    expect(await effectiveMandate(t.deps.db, cityId)).toBeNull();
    const d = await t.call({ method: 'GET', url: url('/dashboard'), cookie: chair });
    expect(d.statusCode).toBe(200);
    const body = d.json();
    expect(body.activeBySector).toEqual([]);
    expect(body.attendanceTrend).toHaveLength(12);
    expect(
      body.attendanceTrend.every((m: { meetings: number; rate: null }) => !m.meetings && m.rate === null),
    ).toBe(true);
    expect(body.torAcknowledgement).toEqual({ version: null, acknowledged: 0, expected: 0, rate: null });
    expect(body.overdueActions).toEqual({ count: 0, items: [] });
  });

  it('only the chair sets up the network; unknown templates are refused', async () => {
    const byMember = await t.call({
      method: 'POST',
      url: url('/network'),
      cookie: coordinator,
      payload: { templateId: 'situation-table' },
    });
    expect(byMember.statusCode).toBe(403);
    const unknown = await t.call({
      method: 'POST',
      url: url('/network'),
      cookie: chair,
      payload: { templateId: 'no-such-template' },
    });
    expect(unknown.statusCode).toBe(400);
    expect((await t.call({ method: 'GET', url: url('/network'), cookie: chair })).statusCode).toBe(404);
  });

  it('sets up the network from the situation-table template', async () => {
    const r = await t.call({
      method: 'POST',
      url: url('/network'),
      cookie: chair,
      payload: { templateId: 'situation-table', name: 'Netville Table' },
    });
    expect(r.statusCode).toBe(201);
    const n = r.json();
    expect(n).toMatchObject({ name: 'Netville Table', templateId: 'situation-table', templateVersion: '3' });
    expect(n.sectors).toEqual(expect.arrayContaining(['police_justice', 'social_services', 'education']));
    expect(n.mandate.d.enabled).toBe(true);
    expect(n.caseWorkflow).toMatchObject({ kind: 'four-filter', responseHours: [24, 48] });
    expect(n.meetingCadence).toBe('weekly');
    expect(n.mandateSource).toBe('network');
    expect(n.enabledModules.cases).toBe(true);
    expect(await isMandated(t.deps.db, cityId, 'd')).toBe(true);
    expect(await auditRows('network', cityId)).toHaveLength(1);

    const again = await t.call({
      method: 'POST',
      url: url('/network'),
      cookie: chair,
      payload: { templateId: 'custom' },
    });
    expect(again.statusCode).toBe(409);
    // Every member of the city reads it, partners too.
    const read = await t.call({ method: 'GET', url: url('/network'), cookie: partner });
    expect(read.statusCode).toBe(200);
  });

  it('the chair edits it; case work without mandate item d is refused; others cannot', async () => {
    const current = (await t.call({ method: 'GET', url: url('/network'), cookie: chair })).json();
    const patched = await t.call({
      method: 'PATCH',
      url: url('/network'),
      cookie: chair,
      payload: {
        description: 'Our own words',
        caseWorkflow: { ...current.caseWorkflow, responseHours: [12, 72] },
      },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().caseWorkflow.responseHours).toEqual([12, 72]);
    const noD = await t.call({
      method: 'PATCH',
      url: url('/network'),
      cookie: chair,
      payload: { mandate: { ...current.mandate, d: { enabled: false, scope: '' } } },
    });
    expect(noD.statusCode).toBe(400);
    expect(
      (await t.call({ method: 'GET', url: url('/network'), cookie: chair })).json().mandate.d.enabled,
    ).toBe(true);
    const byCoordinator = await t.call({
      method: 'PATCH',
      url: url('/network'),
      cookie: coordinator,
      payload: { name: 'Hijacked' },
    });
    expect(byCoordinator.statusCode).toBe(403);
  });

  it("another city's chair gets 404; anonymous 401", async () => {
    for (const [method, path] of [
      ['GET', '/network'],
      ['PATCH', '/network'],
      ['GET', '/organisations'],
      ['GET', '/dashboard'],
    ] as const) {
      const r = await t.call({
        method,
        url: url(path),
        cookie: otherChair,
        payload: method === 'PATCH' ? { name: 'x' } : undefined,
      });
      expect(r.statusCode).toBe(404);
      const anon = await t.call({
        method,
        url: url(path),
        payload: method === 'PATCH' ? { name: 'x' } : undefined,
      });
      expect(anon.statusCode).toBe(401);
    }
  });
});

describe('organisations', () => {
  let schoolId: string;
  let ngoId: string;

  it('creates, updates and lists organisations, each change audited by field name', async () => {
    const school = await createOrg({
      name: 'Central School',
      sector: 'education',
      membershipKind: 'formal',
      joinedOn: '2025-01-01',
    });
    schoolId = school.id;
    expect(school).toMatchObject({
      active: true,
      publicListingConsent: false,
      leftOn: null,
      representatives: [],
    });
    const ngo = await createOrg(
      {
        name: 'Youth NGO',
        sector: 'youth',
        membershipKind: 'external',
        publicListingConsent: true,
        joinedOn: '2025-01-01',
      },
      chair,
    );
    ngoId = ngo.id;
    expect(ngo.consentRecordedBy).toEqual({ userId: chairId, name: 'Chair Person' });

    const updated = await t.call({
      method: 'PATCH',
      url: url(`/organisations/${schoolId}`),
      cookie: coordinator,
      payload: { name: 'Central Secondary School', notes: 'internal note' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().name).toBe('Central Secondary School');
    const rows = await auditRows('organisation', schoolId);
    expect(rows.map((r) => r.action)).toEqual(['create', 'update']);
    expect(rows[1].fields).toEqual(['name', 'notes']);
    expect(JSON.stringify(rows)).not.toContain('Central');

    const bad = await t.call({
      method: 'POST',
      url: url('/organisations'),
      cookie: coordinator,
      payload: { name: 'X', sector: 'astrology', membershipKind: 'formal' },
    });
    expect(bad.statusCode).toBe(400);

    const filtered = await t.call({
      method: 'GET',
      url: url('/organisations?sector=education'),
      cookie: member,
    });
    expect(filtered.json().items.map((o: { id: string }) => o.id)).toEqual([schoolId]);
    const external = await t.call({
      method: 'GET',
      url: url('/organisations?kind=external'),
      cookie: member,
    });
    expect(external.json().items.map((o: { id: string }) => o.id)).toEqual([ngoId]);
  });

  it('records and withdraws consent with who and when', async () => {
    const r = await t.call({
      method: 'PUT',
      url: url(`/organisations/${schoolId}/consent`),
      cookie: chair,
      payload: { consent: true },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ publicListingConsent: true, consentRecordedBy: { userId: chairId } });
    expect(r.json().consentRecordedAt).toBeTruthy();
    const withdrawn = await t.call({
      method: 'PUT',
      url: url(`/organisations/${schoolId}/consent`),
      cookie: coordinator,
      payload: { consent: false },
    });
    expect(withdrawn.json().publicListingConsent).toBe(false);
    const actions = (await auditRows('organisation', schoolId)).map((a) => a.action);
    expect(actions).toContain('consent-recorded');
    expect(actions).toContain('consent-withdrawn');
  });

  it('a member cannot manage organisations; a partner sees only consenting ones, without internals', async () => {
    for (const [method, path, payload] of [
      ['POST', '/organisations', { name: 'Sneaky', sector: 'other', membershipKind: 'formal' }],
      ['PATCH', `/organisations/${schoolId}`, { name: 'Renamed' }],
      ['POST', `/organisations/${schoolId}/leave`, {}],
      ['PUT', `/organisations/${schoolId}/consent`, { consent: true }],
      ['POST', `/organisations/${schoolId}/representatives`, { displayName: 'X', networkRole: 'deputy' }],
    ] as const) {
      const r = await t.call({ method, url: url(path), cookie: member, payload });
      expect(r.statusCode).toBe(403);
      expect((await t.call({ method, url: url(path), cookie: partner, payload })).statusCode).toBe(403);
    }
    const seen = await t.call({ method: 'GET', url: url('/organisations'), cookie: partner });
    expect(seen.statusCode).toBe(200);
    const items = seen.json().items;
    expect(items.map((o: { id: string }) => o.id)).toEqual([ngoId]);
    expect(items[0]).toMatchObject({ notes: null, representatives: null, consentRecordedBy: null });
  });

  it('representatives: link only to members of this city; leave keeps history', async () => {
    const rep = await t.call({
      method: 'POST',
      url: url(`/organisations/${schoolId}/representatives`),
      cookie: coordinator,
      payload: {
        displayName: 'Member Person',
        userId: memberId,
        networkRole: 'focal_point',
        joinedOn: '2025-01-01',
      },
    });
    expect(rep.statusCode).toBe(201);
    const outsider = await t.call({
      method: 'POST',
      url: url(`/organisations/${schoolId}/representatives`),
      cookie: coordinator,
      payload: { displayName: 'Outsider', userId: outsiderId, networkRole: 'deputy' },
    });
    expect(outsider.statusCode).toBe(400);
    const deputy = await t.call({
      method: 'PATCH',
      url: url(`/organisations/${schoolId}/representatives/${rep.json().id}`),
      cookie: coordinator,
      payload: { networkRole: 'deputy' },
    });
    expect(deputy.json().networkRole).toBe('deputy');
    expect((await auditRows('representative', rep.json().id)).map((a) => a.action)).toEqual([
      'create',
      'update',
    ]);

    const left = await t.call({
      method: 'POST',
      url: url(`/organisations/${schoolId}/leave`),
      cookie: chair,
      payload: { leftOn: '2025-06-30' },
    });
    expect(left.statusCode).toBe(200);
    expect(left.json()).toMatchObject({ active: false, leftOn: '2025-06-30' });
    expect(left.json().representatives[0].leftOn).toBe('2025-06-30');
    const active = await t.call({ method: 'GET', url: url('/organisations?active=true'), cookie: chair });
    expect(active.json().items.map((o: { id: string }) => o.id)).not.toContain(schoolId);
    const inactive = await t.call({ method: 'GET', url: url('/organisations?active=false'), cookie: chair });
    expect(inactive.json().items.map((o: { id: string }) => o.id)).toEqual([schoolId]);
    expect(
      (
        await t.call({
          method: 'POST',
          url: url(`/organisations/${schoolId}/leave`),
          cookie: chair,
          payload: {},
        })
      ).statusCode,
    ).toBe(409);
  });

  it("another city's chair cannot touch this city's organisations", async () => {
    const r = await t.call({
      method: 'PATCH',
      url: url(`/organisations/${ngoId}`, otherCityId),
      cookie: otherChair,
      payload: { name: 'Mine' },
    });
    expect(r.statusCode).toBe(404);
  });
});

describe('switching template', () => {
  it('keeps every organisation and the text the city wrote; adds sectors; reports what changed', async () => {
    const before = (await t.call({ method: 'GET', url: url('/organisations'), cookie: chair })).json().items;
    const r = await t.call({
      method: 'PUT',
      url: url('/network/template'),
      cookie: chair,
      payload: { templateId: 'community-action-team' },
    });
    expect(r.statusCode).toBe(200);
    const { network: n, changes } = r.json();
    expect(n.templateId).toBe('community-action-team');
    expect(n.description).toBe('Our own words');
    expect(n.name).toBe('Netville Table');
    expect(n.caseWorkflow).toMatchObject({ kind: 'four-filter', responseHours: [12, 72] });
    expect(n.mandate.d.enabled).toBe(true);
    expect(changes.fromTemplate.id).toBe('situation-table');
    expect(changes.descriptionFilled).toBe(false);
    for (const s of changes.addedSectors) expect(n.sectors).toContain(s);
    const after = (await t.call({ method: 'GET', url: url('/organisations'), cookie: chair })).json().items;
    expect(after).toEqual(before);
    const rows = await auditRows('network', cityId);
    expect(rows.at(-1)?.action).toBe('switch-template');
  });
});

describe('switching from a network without case work', () => {
  it('adds sectors, switches items on, takes the case workflow, keeps the scope text the city wrote', async () => {
    const created = await t.call({
      method: 'POST',
      url: url('/network', otherCityId),
      cookie: otherChair,
      payload: { templateId: 'community-action-team' },
    });
    expect(created.statusCode).toBe(201);
    const before = created.json();
    expect(before.caseWorkflow.kind).toBe('none');
    expect(before.enabledModules.cases).toBe(false);
    const mandate = { ...before.mandate, a: { enabled: true, scope: 'Our own neighbourhood mapping' } };
    await t.call({
      method: 'PATCH',
      url: url('/network', otherCityId),
      cookie: otherChair,
      payload: { mandate },
    });
    const r = await t.call({
      method: 'PUT',
      url: url('/network/template', otherCityId),
      cookie: otherChair,
      payload: { templateId: 'situation-table' },
    });
    expect(r.statusCode).toBe(200);
    const { network: n, changes } = r.json();
    expect(n.mandate.a.scope).toBe('Our own neighbourhood mapping');
    expect(n.mandate.d.enabled).toBe(true);
    expect(n.caseWorkflow).toMatchObject({ kind: 'four-filter', responseHours: [24, 48] });
    expect(n.enabledModules.cases).toBe(true);
    expect(changes.caseWorkflow).toBe('adopted-from-template');
    expect(changes.mandateItemsEnabled).toContain('d');
    for (const s of before.sectors) expect(n.sectors).toContain(s);
    expect(n.sectors).toEqual([...before.sectors, ...changes.addedSectors]);
    expect(n.templateId).toBe('situation-table');
    // This city's network is not visible from the first city.
    const mine = (await t.call({ method: 'GET', url: url('/network'), cookie: chair })).json();
    expect(mine.name).toBe('Netville Table');
  });
});

describe("chair's dashboard", () => {
  it('is for chairs and coordinators only', async () => {
    expect((await t.call({ method: 'GET', url: url('/dashboard'), cookie: member })).statusCode).toBe(403);
    expect((await t.call({ method: 'GET', url: url('/dashboard'), cookie: partner })).statusCode).toBe(403);
    expect((await t.call({ method: 'GET', url: url('/dashboard'), cookie: coordinator })).statusCode).toBe(
      200,
    );
  });

  it('computes members by sector, attendance, acknowledgement and overdue actions', async () => {
    const db = t.deps.db;
    // Active formal organisations: two (plus the school that left and the external NGO).
    const a = await createOrg({
      name: 'Health Board',
      sector: 'health',
      membershipKind: 'formal',
      joinedOn: '2020-01-01',
    });
    const b = await createOrg({
      name: 'Police',
      sector: 'police_justice',
      membershipKind: 'formal',
      joinedOn: '2020-01-01',
    });
    const now = new Date();
    const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 10, 10));
    const [held] = await db
      .insert(meeting)
      .values({ cityId, title: 'Held', startsAt: lastMonth, durationMinutes: 60, status: 'held' })
      .returning();
    await db
      .insert(meeting)
      .values({ cityId, title: 'Cancelled', startsAt: lastMonth, durationMinutes: 60, status: 'cancelled' });
    await db.insert(attendance).values([
      { cityId, meetingId: held.id, organisationId: a.id, present: true },
      { cityId, meetingId: held.id, organisationId: b.id, present: false },
    ]);
    // Other city's data must not leak into this dashboard.
    await db.insert(meeting).values({
      cityId: otherCityId,
      title: 'Elsewhere',
      startsAt: lastMonth,
      durationMinutes: 60,
      status: 'held',
    });
    await db.insert(actionItem).values([
      { cityId, title: 'Write the report', ownerUserId: chairId, dueOn: '2020-02-01', status: 'open' },
      { cityId, title: 'Done already', ownerUserId: chairId, dueOn: '2020-02-01', status: 'done' },
      { cityId, title: 'Not yet due', ownerUserId: chairId, dueOn: '2999-01-01', status: 'open' },
      { cityId: otherCityId, title: 'Other city', dueOn: '2020-02-01', status: 'open' },
    ]);
    const [tor] = await db
      .insert(torVersion)
      .values({
        cityId,
        version: 1,
        status: 'adopted',
        title: 'ToR',
        language: 'en',
        sections: {
          mandate: {
            a: { enabled: true, scope: 'map' },
            b: { enabled: false, scope: '' },
            c: { enabled: false, scope: '' },
            d: { enabled: false, scope: '' },
            e: { enabled: false, scope: '' },
            f: { enabled: false, scope: '' },
          },
        } as never,
      })
      .returning();
    await db.insert(torAcknowledgement).values({ cityId, torVersionId: tor.id, userId: chairId });

    const d = (await t.call({ method: 'GET', url: url('/dashboard'), cookie: chair })).json();
    expect(d.activeOrganisations).toEqual({ formal: 2, external: 1 });
    expect(d.activeBySector).toEqual(
      expect.arrayContaining([
        { sector: 'health', formal: 1, external: 0 },
        { sector: 'youth', formal: 0, external: 1 },
      ]),
    );
    const month = lastMonth.toISOString().slice(0, 7);
    expect(d.attendanceTrend.find((m: { month: string }) => m.month === month)).toEqual({
      month,
      meetings: 1,
      rate: 0.5,
    });
    // chair, coordinator, member → 3 expected; the chair acknowledged.
    expect(d.torAcknowledgement).toEqual({ version: 1, acknowledged: 1, expected: 3, rate: 0.333 });
    expect(d.overdueActions.count).toBe(1);
    expect(d.overdueActions.items).toEqual([
      expect.objectContaining({ title: 'Write the report', ownerName: 'Chair Person', dueOn: '2020-02-01' }),
    ]);

    // The adopted ToR's mandate now rules: no item d, so no case work.
    const n = (await t.call({ method: 'GET', url: url('/network'), cookie: member })).json();
    expect(n.mandateSource).toBe('tor');
    expect(n.enabledModules).toEqual({
      riskMap: true,
      actionPlan: false,
      stakeholders: false,
      cases: false,
      nationalCoordination: false,
    });
    expect(await isMandated(db, cityId, 'd')).toBe(false);
  });
});
