import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
// The cases test fixture is test-only code (it imports vitest), so it stays out of the runtime barrel.
// eslint-disable-next-line no-restricted-imports
import { caseCity, type CaseCity, type CasePersona } from '../cases/cases.fixture.js';
import { caseService } from '../cases/index.js';
import { directoryEntry } from './directory.table.js';

let t: TestApp;
let c: CaseCity;
let other: CaseCity;
let nb: Record<string, string>;
let otherNb: Record<string, string>;

const square = (x: number, y: number, size = 0.01): number[][] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];
const feature = (name: string, x: number) => ({
  type: 'Feature',
  properties: { name },
  geometry: { type: 'Polygon', coordinates: [square(x, 42)] },
});
const boundaries = (names: string[]) =>
  JSON.stringify({ type: 'FeatureCollection', features: names.map((n, i) => feature(n, 21 + i * 0.01)) });

async function as(city: CaseCity, who: CasePersona | null, method: string, path: string, payload?: unknown) {
  return t.call({
    method: method as 'GET',
    url: city.url(path),
    ...(who ? { cookie: city.cookies[who] } : {}),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function setUpMap(city: CaseCity, names: string[]) {
  const up = await as(city, 'chair', 'POST', '/risk-map/boundaries', {
    geojson: boundaries(names),
    nameProperty: 'name',
  });
  expect(up.statusCode).toBe(200);
  const r = await as(city, 'chair', 'GET', '/risk-map/neighbourhoods');
  return Object.fromEntries((r.json().items as { name: string; id: string }[]).map((n) => [n.name, n.id]));
}

const SCORE = {
  residualLikelihood: 2,
  residualImpact: 2,
  confidence: 'medium',
  trend: 'stable',
  reviewOn: '2027-06-01',
};
async function addRisk(
  city: CaseCity,
  category: string,
  places: string[],
  likelihood: number,
  impact: number,
) {
  const r = await as(city, 'chair', 'POST', '/risk-map/risks', {
    title: `${category} risk`,
    kind: 'threat',
    category,
    cityWide: places.length === 0,
    neighbourhoodIds: places,
    likelihood,
    impact,
    ...SCORE,
  });
  expect(r.statusCode).toBe(201);
}

const entry = (extra: object = {}) => ({
  title: 'Street mentoring',
  organisationId: c.orgs.youth,
  sector: 'youth',
  serviceType: 'youth-mentoring',
  targetGroup: 'youth',
  cityWide: false,
  neighbourhoodIds: [nb['Лозово']],
  ...extra,
});

async function create(who: CasePersona, body: object, city = c) {
  return as(city, who, 'POST', '/directory/entries', body);
}

const count = async (cityId: string) =>
  (
    await t.deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(directoryEntry)
      .where(eq(directoryEntry.cityId, cityId))
  )[0].n;

beforeAll(async () => {
  t = await createTestApp();
  c = await caseCity(t, 'dir');
  other = await caseCity(t, 'dir-other');
  nb = await setUpMap(c, ['Лозово', 'Harbour', 'Hill']);
  otherNb = await setUpMap(other, ['Elsewhere']);
  await addRisk(c, 'substance-abuse', [nb['Лозово']], 4, 4); // very high: a gap until answered
  await addRisk(c, 'gang-youth-violence', [nb.Harbour], 2, 2); // low
  await addRisk(c, 'domestic-violence', [], 3, 4); // city-wide, high
});
afterAll(() => t.close());

describe('entries', () => {
  it('the chair lists a member organisation’s service; a ref is given; audited', async () => {
    const r = await create('chair', entry({ title: 'Mentoring at the bus station' }));
    expect(r.statusCode).toBe(201);
    const e = r.json();
    expect(e).toMatchObject({ member: true, providerName: 'youth (dir)', editable: true, status: 'active' });
    expect(e.ref).toMatch(/^dir-[0-9a-f]{8}$/);
    expect(e.neighbourhoods).toEqual([{ id: nb['Лозово'], name: 'Лозово', current: true }]);
    const audit = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, c.cityId), eq(auditEvent.recordId, e.id)));
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('refuses bad references with field errors and writes nothing', async () => {
    const before = await count(c.cityId);
    const cases: [object, string, string][] = [
      [{ neighbourhoodIds: [otherNb.Elsewhere] }, 'body.neighbourhoodIds', 'unknown-neighbourhood'],
      [{ organisationId: other.orgs.youth }, 'body.organisationId', 'unknown-organisation'],
      [{ organisationId: null, providerName: '' }, 'body.providerName', 'provider-required'],
      [{ serviceType: 'astrology' }, 'body.serviceType', 'unknown-service-type'],
      [{ cityWide: true }, 'body.neighbourhoodIds', 'city-wide'],
      [{ neighbourhoodIds: [] }, 'body.neighbourhoodIds', 'place-required'],
      [{ startOn: '2026-05-01', endOn: '2026-04-01' }, 'body.endOn', 'end-before-start'],
    ];
    for (const [extra, path, code] of cases) {
      const r = await create('chair', entry(extra));
      expect(r.statusCode, code).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().errors).toContainEqual(expect.objectContaining({ path, code }));
    }
    const bad = await create('chair', { ...entry(), targetGroup: 'aliens' });
    expect(bad.statusCode).toBe(400);
    expect(await count(c.cityId)).toBe(before);
  });

  it('members list and change only their own organisation’s services', async () => {
    const own = await create(
      'memberA',
      entry({ organisationId: c.orgs.school, sector: 'education', title: 'Homework club' }),
    );
    expect(own.statusCode).toBe(201);
    expect((await create('memberA', entry({ title: 'Not mine' }))).statusCode).toBe(403);
    expect(
      (await create('memberA', entry({ organisationId: null, providerName: 'Someone else' }))).statusCode,
    ).toBe(403);
    const theirs = (await create('chair', entry({ title: 'Youth service entry' }))).json();
    expect(theirs.editable).toBe(true);
    expect((await as(c, 'memberA', 'GET', `/directory/entries/${theirs.id}`)).json().editable).toBe(false);
    expect(
      (await as(c, 'memberA', 'PATCH', `/directory/entries/${theirs.id}`, { title: 'Mine now' })).statusCode,
    ).toBe(403);
    const changed = await as(c, 'memberA', 'PATCH', `/directory/entries/${own.json().id}`, {
      capacity: '30 pupils',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ capacity: '30 pupils', ref: own.json().ref });
    // Moving one's entry to another organisation is giving it away: refused.
    expect(
      (
        await as(c, 'memberA', 'PATCH', `/directory/entries/${own.json().id}`, {
          organisationId: c.orgs.clinic,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('partners see entries shown to partners and their own, contacts only with consent', async () => {
    const hidden = (await create('chair', entry({ title: 'Internal only', contact: 'desk 1' }))).json();
    const shown = (await create('chair', entry({ title: 'Shown', public: true, contact: 'desk 2' }))).json();
    const consented = (
      await create(
        'chair',
        entry({ title: 'Shown with contact', public: true, contact: 'desk 3', contactConsent: true }),
      )
    ).json();
    const mine = await create(
      'partner',
      entry({ organisationId: c.orgs.ngo, sector: 'other', title: 'NGO drop-in', contact: 'ngo desk' }),
    );
    expect(mine.statusCode).toBe(201);
    const list = (await as(c, 'partner', 'GET', '/directory/entries')).json().items as {
      id: string;
      contact: string;
    }[];
    const ids = list.map((e) => e.id);
    expect(ids).toContain(shown.id);
    expect(ids).toContain(mine.json().id);
    expect(ids).not.toContain(hidden.id);
    expect(list.find((e) => e.id === shown.id)!.contact).toBe('');
    expect(list.find((e) => e.id === consented.id)!.contact).toBe('desk 3');
    expect(list.find((e) => e.id === mine.json().id)!.contact).toBe('ngo desk');
    expect((await as(c, 'partner', 'GET', `/directory/entries/${hidden.id}`)).statusCode).toBe(404);
    expect(
      (await as(c, 'partner', 'PATCH', `/directory/entries/${shown.id}`, { title: 'Hijacked' })).statusCode,
    ).toBe(403);
    expect((await as(c, 'partner', 'GET', '/directory/coverage')).statusCode).toBe(403);
    const orgs = (await as(c, 'partner', 'GET', '/directory/organisations')).json().items;
    expect(orgs.map((o: { id: string }) => o.id)).toEqual([c.orgs.ngo]);
    expect((await as(c, 'chair', 'GET', '/directory/organisations')).json().items).toHaveLength(6);
    expect((await as(c, 'partner', 'GET', '/directory/neighbourhoods')).json().items).toHaveLength(3);
    expect((await as(c, 'partner', 'GET', '/directory/export?format=csv')).statusCode).toBe(403);
  });

  it('the national liaison, the analyst and the public see nothing; another city gets 404', async () => {
    for (const who of ['liaison', 'analyst'] as const) {
      expect((await as(c, who, 'GET', '/directory/entries')).statusCode).toBe(403);
      expect((await as(c, who, 'GET', '/directory/coverage')).statusCode).toBe(403);
    }
    expect((await as(c, null, 'GET', '/directory/entries')).statusCode).toBe(401);
    expect((await as(c, 'auditor', 'GET', '/directory/entries')).statusCode).toBe(200);
    expect((await create('auditor', entry())).statusCode).toBe(403);
    const e = (await create('chair', entry({ title: 'Cross-city' }))).json();
    const theirs = await t.call({
      method: 'GET',
      url: c.url(`/directory/entries/${e.id}`),
      cookie: other.cookies.chair,
    });
    expect(theirs.statusCode).toBe(404);
    expect((await as(other, 'chair', 'GET', `/directory/entries/${e.id}`)).statusCode).toBe(404);
    expect(
      (await as(other, 'chair', 'PATCH', `/directory/entries/${e.id}`, { title: 'Theirs' })).statusCode,
    ).toBe(404);
  });

  it('filters by neighbourhood (city-wide entries serve every one), type, group and text', async () => {
    const city = await create(
      'chair',
      entry({
        title: 'Citywide helpline',
        cityWide: true,
        neighbourhoodIds: [],
        serviceType: 'victim-support',
        targetGroup: 'women',
      }),
    );
    expect(city.statusCode).toBe(201);
    const at = (await as(c, 'chair', 'GET', `/directory/entries?neighbourhoodId=${nb.Hill}`)).json().items;
    expect(at.map((e: { title: string }) => e.title)).toEqual(['Citywide helpline']);
    const women = (await as(c, 'chair', 'GET', '/directory/entries?targetGroup=women')).json().items;
    expect(women).toHaveLength(1);
    const q = (await as(c, 'chair', 'GET', '/directory/entries?q=HELPLINE')).json().items;
    expect(q).toHaveLength(1);
  });

  it('links a referral service once, of the city’s own', async () => {
    const [svc] = await t.deps.db
      .insert(caseService)
      .values({ cityId: c.cityId, name: 'Debt line', sector: 'social_services' })
      .returning({ id: caseService.id });
    const [theirs] = await t.deps.db
      .insert(caseService)
      .values({ cityId: other.cityId, name: 'Their line', sector: 'social_services' })
      .returning({ id: caseService.id });
    const linked = await create(
      'chair',
      entry({
        organisationId: null,
        providerName: 'Debt line',
        referralServiceId: svc.id,
        serviceType: 'legal-aid',
        title: 'Debt advice',
      }),
    );
    expect(linked.statusCode).toBe(201);
    expect(linked.json().referralService).toEqual({ id: svc.id, name: 'Debt line' });
    const again = await create('chair', entry({ referralServiceId: svc.id }));
    expect(again.json().errors[0].code).toBe('referral-service-linked');
    const foreign = await create('chair', entry({ referralServiceId: theirs.id }));
    expect(foreign.json().errors[0].code).toBe('unknown-referral-service');
    const list = (await as(c, 'chair', 'GET', '/directory/referral-services')).json().items;
    expect(list).toEqual([{ id: svc.id, name: 'Debt line', active: true, entryId: linked.json().id }]);
  });
});

describe('service types', () => {
  it('a city adds its own type answering its own risk category; unknown categories are refused', async () => {
    const cat = await as(c, 'chair', 'POST', '/risk-map/categories', {
      code: 'stray-dogs',
      labels: { en: 'Stray dogs' },
    });
    expect(cat.statusCode).toBe(201);
    const bad = await as(c, 'coordinator', 'POST', '/directory/service-types', {
      code: 'dog-patrol',
      labels: { en: 'Dog patrol' },
      answers: ['stray-dogs', 'unicorns'],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ path: 'body.answers[1]', code: 'unknown-category' });
    const ok = await as(c, 'coordinator', 'POST', '/directory/service-types', {
      code: 'dog-patrol',
      labels: { en: 'Dog patrol', mk: 'Патрола' },
      answers: ['stray-dogs'],
    });
    expect(ok.statusCode).toBe(201);
    const types = (await as(c, 'memberA', 'GET', '/directory/service-types')).json();
    expect(types.version).toBe(1);
    expect(types.items.find((x: { code: string }) => x.code === 'dog-patrol')).toMatchObject({
      builtIn: false,
      answers: ['stray-dogs'],
    });
    expect(
      (await as(c, 'memberA', 'POST', '/directory/service-types', { code: 'x-y', labels: { en: 'X' } }))
        .statusCode,
    ).toBe(403);
  });
});

describe('gaps and overlaps', () => {
  it('computes gaps, overlaps and coverage, city-wide services included, planned ones not', async () => {
    const city = await caseCity(t, 'dir-gaps');
    const ids = await setUpMap(city, ['North', 'South']);
    await addRisk(city, 'substance-abuse', [ids.North], 4, 4);
    await addRisk(city, 'gang-youth-violence', [ids.South], 2, 2);
    await addRisk(city, 'domestic-violence', [], 3, 4);
    const cov = async () => (await as(city, 'memberA', 'GET', '/directory/coverage')).json();
    let r = await cov();
    const status = (x: typeof r, n: string, cat: string) =>
      x.cells.find(
        (cell: { neighbourhoodId: string; category: string }) =>
          cell.neighbourhoodId === ids[n] && cell.category === cat,
      )?.status;
    expect(status(r, 'North', 'substance-abuse')).toBe('gap');
    expect(status(r, 'South', 'gang-youth-violence')).toBe('uncovered');
    expect(status(r, 'South', 'domestic-violence')).toBe('gap');
    expect(r.totals).toEqual({ gap: 3, uncovered: 1, covered: 0, overlap: 0 });

    const add = (body: object) =>
      as(city, 'chair', 'POST', '/directory/entries', {
        organisationId: null,
        sector: 'other',
        targetGroup: 'youth',
        cityWide: false,
        neighbourhoodIds: [],
        ...body,
      });
    expect(
      (
        await add({
          title: 'Planned clinic',
          providerName: 'Clinic',
          serviceType: 'substance-treatment',
          neighbourhoodIds: [ids.North],
          status: 'planned',
        })
      ).statusCode,
    ).toBe(201);
    expect(status(await cov(), 'North', 'substance-abuse')).toBe('gap');
    await add({
      title: 'Clinic',
      providerName: 'Clinic',
      serviceType: 'substance-treatment',
      neighbourhoodIds: [ids.North],
    });
    await add({
      title: 'Helpline',
      providerName: 'Helpline',
      serviceType: 'victim-support',
      targetGroup: 'women',
      cityWide: true,
    });
    await add({
      title: 'Mentors A',
      providerName: 'Club A',
      serviceType: 'youth-mentoring',
      neighbourhoodIds: [ids.South],
    });
    await add({
      title: 'Mentors A again',
      providerName: 'club  a',
      serviceType: 'youth-mentoring',
      neighbourhoodIds: [ids.South],
    });
    r = await cov();
    expect(status(r, 'North', 'substance-abuse')).toBe('covered');
    expect(status(r, 'North', 'domestic-violence')).toBe('covered');
    // The same provider twice is not an overlap.
    expect(status(r, 'South', 'gang-youth-violence')).toBe('covered');
    await add({
      title: 'Mentors B',
      providerName: 'Club B',
      serviceType: 'youth-mentoring',
      neighbourhoodIds: [ids.South, ids.North],
    });
    r = await cov();
    expect(status(r, 'South', 'gang-youth-violence')).toBe('overlap');
    const cell = r.cells.find(
      (x: { neighbourhoodId: string; category: string }) =>
        x.neighbourhoodId === ids.South && x.category === 'gang-youth-violence',
    );
    expect(cell.overlaps).toEqual([
      expect.objectContaining({ serviceType: 'youth-mentoring', targetGroup: 'youth', providerCount: 2 }),
    ]);
    expect(cell.answeredBy).toContain('youth-mentoring');
    expect(r.overlaps).toHaveLength(1);
    expect(r.entries.map((e: { title: string }) => e.title)).not.toContain('Planned clinic');
    // Two city-wide providers of one type for one group: one city-wide overlap, not one per neighbourhood.
    await add({
      title: 'Helpline 2',
      providerName: 'Other helpline',
      serviceType: 'victim-support',
      targetGroup: 'women',
      cityWide: true,
    });
    r = await cov();
    expect(r.cityWideOverlaps).toEqual([
      expect.objectContaining({ neighbourhoodId: null, serviceType: 'victim-support', providerCount: 2 }),
    ]);
    expect(r.overlaps).toHaveLength(1);
    expect(status(r, 'North', 'domestic-violence')).toBe('covered');
    expect(
      r.cityWideProviders.find((p: { category: string }) => p.category === 'domestic-violence').entryIds,
    ).toHaveLength(2);
    // With a higher threshold it is no longer an overlap.
    const three = (await as(city, 'chair', 'GET', '/directory/coverage?overlapAt=3')).json();
    expect(status(three, 'South', 'gang-youth-violence')).toBe('covered');
    // One neighbourhood only (the neighbourhood page).
    const one = (await as(city, 'chair', 'GET', `/directory/coverage?neighbourhoodId=${ids.North}`)).json();
    expect(new Set(one.cells.map((x: { neighbourhoodId: string }) => x.neighbourhoodId))).toEqual(
      new Set([ids.North]),
    );
  });

  it('entries keep their neighbourhood across a boundary version; retired ones leave the table', async () => {
    const city = await caseCity(t, 'dir-versions');
    const ids = await setUpMap(city, ['Keep', 'Drop']);
    await addRisk(city, 'substance-abuse', [ids.Keep, ids.Drop], 4, 4);
    const e = await as(city, 'chair', 'POST', '/directory/entries', {
      title: 'Clinic',
      organisationId: null,
      providerName: 'Clinic',
      sector: 'health',
      serviceType: 'substance-treatment',
      targetGroup: 'general-public',
      cityWide: false,
      neighbourhoodIds: [ids.Keep, ids.Drop],
    });
    expect(e.statusCode).toBe(201);
    const after = await setUpMap(city, ['Keep', 'New']);
    expect(after.Keep).toBe(ids.Keep);
    const got = (await as(city, 'chair', 'GET', `/directory/entries/${e.json().id}`)).json();
    expect(got.neighbourhoods).toEqual([
      { id: ids.Drop, name: 'Drop', current: false },
      { id: ids.Keep, name: 'Keep', current: true },
    ]);
    const cov = (await as(city, 'chair', 'GET', '/directory/coverage')).json();
    expect(cov.neighbourhoods.map((n: { name: string }) => n.name)).toEqual(['Keep', 'New']);
    expect(cov.cells).toEqual([expect.objectContaining({ neighbourhoodId: ids.Keep, status: 'covered' })]);
  });
});

describe('HXL export and import', () => {
  const csvOf = async (city: CaseCity) => {
    const r = await as(city, 'chair', 'GET', '/directory/export?format=csv');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/csv');
    return r.body;
  };
  const importFile = (city: CaseCity, content: string, extra: object = {}, format = 'csv') =>
    as(city, 'coordinator', 'POST', '/directory/import', { format, content, ...extra });

  it('exports a header row and an HXL hashtag row; re-importing changes nothing and duplicates nothing', async () => {
    const csv = await csvOf(c);
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0].startsWith('Id,Organisation,Network member,Sector,Service')).toBe(true);
    expect(lines[1]).toContain('#org+name');
    expect(lines[1]).toContain('#adm2+name');
    expect(lines[1]).toContain('#adm2+code');
    expect(lines[1]).toContain('#sector+code');
    expect(csv).toContain('Лозово');
    const before = await count(c.cityId);
    const r = await importFile(c, csv);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ dryRun: false, created: 0, updated: 0, unchanged: before });
    expect(await count(c.cityId)).toBe(before);
  });

  it('an edited row updates its entry by id; a row without an id is created', async () => {
    const city = await caseCity(t, 'dir-hxl');
    const ids = await setUpMap(city, ['Centar', 'Карпош']);
    const created = await as(city, 'chair', 'POST', '/directory/entries', {
      ref: 'ORG-1',
      title: 'Parenting course',
      organisationId: city.orgs.clinic,
      sector: 'mental_health',
      serviceType: 'family-support',
      targetGroup: 'parents',
      cityWide: false,
      neighbourhoodIds: [ids['Карпош']],
    });
    expect(created.statusCode).toBe(201);
    const csv = (await csvOf(city)).replace('Parenting course', '"Parenting course, evenings"');
    const extra =
      '\r\n,Harbour Club,no,youth,Boxing,sports-recreation,youth,no,Centar; карпош,,active,2026-01-01,,,,,,,yes,\r\n';
    const dry = await importFile(city, csv.trimEnd() + extra, { dryRun: true });
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({ dryRun: true, created: 1, updated: 1 });
    expect(await count(city.cityId)).toBe(1);
    const r = await importFile(city, csv.trimEnd() + extra);
    expect(r.json()).toMatchObject({ created: 1, updated: 1 });
    const list = (await as(city, 'chair', 'GET', '/directory/entries')).json().items;
    expect(list).toHaveLength(2);
    const updated = list.find((e: { ref: string }) => e.ref === 'ORG-1');
    expect(updated).toMatchObject({
      id: created.json().id,
      title: 'Parenting course, evenings',
      member: true,
    });
    const club = list.find((e: { ref: string }) => e.ref !== 'ORG-1');
    expect(club).toMatchObject({
      providerName: 'Harbour Club',
      member: false,
      public: true,
      startOn: '2026-01-01',
    });
    expect(club.neighbourhoods.map((n: { name: string }) => n.name).sort()).toEqual(
      ['Centar', 'Карпош'].sort(),
    );
    // Exported again, the new entry keeps the id it was given.
    expect(await csvOf(city)).toContain(club.ref);
  });

  it('XLSX round trip, and hashtags with attributes in any order', async () => {
    const city = await caseCity(t, 'dir-xlsx');
    const ids = await setUpMap(city, ['Чаир']);
    await as(city, 'chair', 'POST', '/directory/entries', {
      title: 'Dialogue evenings',
      organisationId: null,
      providerName: '=HYPERLINK("x")',
      sector: 'religious',
      serviceType: 'community-dialogue',
      targetGroup: 'general-public',
      cityWide: false,
      neighbourhoodIds: [ids['Чаир']],
      startOn: '2026-02-01',
    });
    // CSV cells that a spreadsheet would run as formulas are defused, and read back as written.
    const csv = await csvOf(city);
    expect(csv).toContain("'=HYPERLINK");
    expect((await importFile(city, csv)).json()).toMatchObject({ unchanged: 1, created: 0 });
    const x = await as(city, 'chair', 'GET', '/directory/export?format=xlsx');
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.worksheets[0].getRow(2).getCell(2).value).toBe('#org+name');
    const r = await importFile(city, x.rawPayload.toString('base64'), {}, 'xlsx');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ unchanged: 1, created: 0, updated: 0 });
    // Hashtags only, attributes reordered, unknown columns ignored, no header row.
    const tagsOnly = [
      '#activity+name,#org,#activity+code+type,#targeted,#adm2,#x_notes',
      'Youth talks,Mosque committee,community-dialogue,youth,чаир,ignored',
    ].join('\n');
    const t2 = await importFile(city, tagsOnly, { dryRun: true });
    expect(t2.statusCode).toBe(400);
    // No sector column and an outside provider: the sector is asked for, by row and column.
    expect(t2.json().errors).toEqual([
      expect.objectContaining({ path: 'file.row[2].sector', code: 'required' }),
    ]);
    const t3 = await importFile(
      city,
      tagsOnly.replace('#x_notes', '#sector').replace('ignored', 'religious'),
      { dryRun: true },
    );
    expect(t3.statusCode).toBe(200);
    expect(t3.json().rows).toEqual([
      expect.objectContaining({ row: 2, action: 'create', title: 'Youth talks' }),
    ]);
  });

  it('a file with any bad row is refused whole, errors by row and column', async () => {
    const city = await caseCity(t, 'dir-bad');
    await setUpMap(city, ['Centar']);
    const template = (await as(city, 'chair', 'GET', '/directory/export?format=csv&template=true')).body;
    expect(
      template
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n'),
    ).toHaveLength(2);
    const rows = [
      ',Good Org,no,youth,Good one,youth-mentoring,youth,yes,,,active,,,,,,,,,',
      ',Bad Org,yes,youth,Bad,astrology,aliens,no,Nowhere,,maybe,2026-13-01,,,,,,,,',
      'A B,,,youth,x,youth-mentoring,youth,perhaps,,,,,,,,,,,,',
    ];
    const r = await importFile(city, template.trimEnd() + '\r\n' + rows.join('\r\n'));
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    const got = (r.json().errors as { path: string; code: string; message: string }[]).map((e) => [
      e.path,
      e.code,
    ]);
    expect(got).toEqual([
      ['file.row[4].provider', 'unknown-organisation'],
      ['file.row[4].serviceType', 'unknown-service-type'],
      ['file.row[4].targetGroup', 'unknown-target-group'],
      ['file.row[4].status', 'unknown-status'],
      ['file.row[4].startOn', 'bad-date'],
      ['file.row[4].neighbourhoodNames', 'unknown-neighbourhood'],
      ['file.row[5].ref', 'bad-ref'],
      ['file.row[5].title', 'required'],
      ['file.row[5].provider', 'required'],
      ['file.row[5].cityWide', 'bad-yes-no'],
    ]);
    expect(r.json().errors[0].message).toContain('Row 4, column "Organisation #org+name"');
    expect(await count(city.cityId)).toBe(0);
    const missing = await importFile(city, 'Foo,Bar\n1,2\n');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors.map((e: { code: string }) => e.code)).toContain('missing-column');
    const dup = await importFile(
      city,
      template.trimEnd() + '\r\n' + ['X1' + rows[0], 'X1' + rows[0]].join('\r\n'),
    );
    expect(dup.json().errors).toEqual([
      expect.objectContaining({ path: 'file.row[4].ref', code: 'duplicate-ref' }),
    ]);
    expect(
      (await as(city, 'memberA', 'POST', '/directory/import', { format: 'csv', content: template }))
        .statusCode,
    ).toBe(403);
    expect(await count(city.cityId)).toBe(0);
    const junk = await importFile(city, 'bm90IGEgemlw', {}, 'xlsx');
    expect(junk.json().errors[0].code).toBe('unreadable');
  });
});

describe('mandate', () => {
  it('everything is refused while neither item (c) nor (d) is in force', async () => {
    // A community action team has no case work (item d off); switching (c) off too leaves nothing.
    const city = await caseCity(t, 'dir-off', 'community-action-team');
    const network = await t.call({ method: 'GET', url: city.url('/network'), cookie: city.cookies.chair });
    const mandate = {
      ...network.json().mandate,
      c: { enabled: false, scope: '' },
    };
    const patched = await t.call({
      method: 'PATCH',
      url: city.url('/network'),
      cookie: city.cookies.chair,
      payload: { mandate },
    });
    expect(patched.statusCode).toBe(200);
    expect((await as(city, 'chair', 'GET', '/directory/entries')).statusCode).toBe(409);
    expect((await as(city, 'chair', 'GET', '/directory/coverage')).statusCode).toBe(409);
    expect((await as(city, 'chair', 'GET', '/directory/export?format=csv')).statusCode).toBe(409);
  });
});
