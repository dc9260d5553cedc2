import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
// The cases test fixture is test-only code (it imports vitest), so it stays out of the runtime barrel.
// eslint-disable-next-line no-restricted-imports
import { caseCity, type CaseCity, type CasePersona } from '../cases/cases.fixture.js';
import { risk, riskNeighbourhood, riskScoreChange } from './risk-map.table.js';
import { boundaryFile as file, CENTAR, feature, KARPOS, square } from './risk-map.fixture.js';

let t: TestApp;
let c: CaseCity;
let other: CaseCity;

async function as(city: CaseCity, who: CasePersona, method: string, path: string, payload?: unknown) {
  return t.call({
    method: method as 'GET',
    url: city.url(`/risk-map${path}`),
    cookie: city.cookies[who],
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function upload(city: CaseCity, features: object[], extra: object = {}) {
  return as(city, 'coordinator', 'POST', '/boundaries', {
    geojson: file(features),
    nameProperty: 'ime',
    ...extra,
  });
}

const SCORE = {
  likelihood: 4,
  impact: 3,
  residualLikelihood: 2,
  residualImpact: 3,
  confidence: 'medium',
  trend: 'rising',
  reviewOn: '2027-03-01',
};

async function neighbourhoods(city: CaseCity) {
  const r = await as(city, 'chair', 'GET', '/neighbourhoods');
  return Object.fromEntries(
    (r.json().items as { name: string; id: string }[]).map((n) => [n.name, n.id]),
  ) as Record<string, string>;
}

async function newRisk(city: CaseCity, extra: object = {}) {
  const ids = await neighbourhoods(city);
  const r = await as(city, 'coordinator', 'POST', '/risks', {
    title: 'Recruitment near the bus station',
    kind: 'threat',
    category: 'violent-group-recruitment',
    cityWide: false,
    neighbourhoodIds: [ids['Центар']],
    affectedGroups: 'Boys 14–17 out of school',
    ...SCORE,
    ...extra,
  });
  expect(r.statusCode).toBe(201);
  return r.json() as { id: string };
}

beforeAll(async () => {
  t = await createTestApp();
  c = await caseCity(t, 'risks');
  other = await caseCity(t, 'risks-other');
  expect((await upload(c, [CENTAR, KARPOS])).statusCode).toBe(200);
  expect((await upload(other, [feature('Elsewhere', [square(10, 10)])])).statusCode).toBe(200);
});
afterAll(() => t.close());

describe('boundary upload', () => {
  it('stores a version with Cyrillic names and a hole, simplified once', async () => {
    const r = await as(c, 'chair', 'GET', '/map');
    expect(r.statusCode).toBe(200);
    const map = r.json();
    expect(map.set.version).toBe(1);
    const centar = map.neighbourhoods.find((n: { name: string }) => n.name === 'Центар');
    expect(centar.shape.type).toBe('Polygon');
    expect(centar.shape.coordinates).toHaveLength(2);
  });

  it('a dry run reports and writes nothing', async () => {
    const r = await upload(c, [CENTAR, KARPOS, feature('Аеродром', [square(21.78, 42.1)])], { dryRun: true });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ dryRun: true, set: null, added: ['Аеродром'], dropped: [] });
    const sets = await as(c, 'chair', 'GET', '/boundaries');
    expect(sets.json().items).toHaveLength(1);
  });

  it('refuses a bad file whole, with each feature and problem named', async () => {
    const before = await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(riskNeighbourhood);
    const r = await upload(c, [
      feature('Ново', [square(21.8, 42.1)]),
      feature('Open', [
        square(21.9, 42.1)
          .slice(0, 4)
          .concat([[21.95, 42.15]]),
      ]),
      feature('Карпош', [square(500000, 4600000, 10)]),
      feature('ново', [square(22, 42)]),
    ]);
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toContain('application/problem+json');
    expect(r.json().errors.map((e: { path: string; code: string }) => [e.path, e.code])).toEqual([
      ['body.geojson.features[1]', 'unclosed-ring'],
      ['body.geojson.features[2]', 'not-lon-lat'],
      ['body.geojson.features[3]', 'duplicate-name'],
    ]);
    const after = await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(riskNeighbourhood);
    expect(after[0].n).toBe(before[0].n);
  });

  it('a new version keeps neighbourhood ids and their risks; a dropped one leaves the map', async () => {
    const city = await caseCity(t, 'risks-versions');
    expect((await upload(city, [CENTAR, KARPOS])).statusCode).toBe(200);
    const before = await neighbourhoods(city);
    const created = await newRisk(city, { neighbourhoodIds: [before['Карпош']] });
    const r = await upload(city, [CENTAR, feature('Аеродром', [square(21.74, 42.1, 0.04)])]);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ set: { version: 2 }, added: ['Аеродром'], dropped: ['Карпош'] });
    const after = await neighbourhoods(city);
    expect(after['Центар']).toBe(before['Центар']);
    const kept = await as(city, 'chair', 'GET', `/risks/${created.id}`);
    expect(kept.json().neighbourhoodIds).toEqual([before['Карпош']]);
    const map = (await as(city, 'chair', 'GET', '/map')).json();
    const karpos = map.neighbourhoods.find((n: { name: string }) => n.name === 'Карпош');
    expect(karpos).toMatchObject({ current: false, shape: null, riskCount: 1 });
  });

  it('accepts a file larger than the app-wide 1 MB body limit', async () => {
    const ring: number[][] = [];
    for (let i = 0; i < 40_000; i++) {
      const a = (i / 40_000) * 2 * Math.PI;
      ring.push([21 + Math.cos(a) * 0.05, 42 + Math.sin(a) * 0.05]);
    }
    ring.push(ring[0]);
    const city = await caseCity(t, 'risks-big');
    const r = await upload(city, [feature('Big', [ring])]);
    expect(r.statusCode).toBe(200);
    expect(r.json().pointsKept).toBeLessThan(r.json().pointsUploaded);
  });
});

describe('the register', () => {
  it('creates a risk with its first score in the history, audited', async () => {
    const created = await newRisk(c);
    const r = await as(c, 'memberA', 'GET', `/risks/${created.id}`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      score: { likelihood: 4, impact: 3, level: 'high', residualLevel: 'medium' },
      history: [{ reason: 'First assessment' }],
    });
    const audit = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, c.cityId), eq(auditEvent.recordId, created.id)));
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('a rescore needs a reason, keeps who/when/why, and the register reads as of a date', async () => {
    const created = await newRisk(c, { title: 'Hate leaflets' });
    // Backdate the first score so the as-of reading has a past to read.
    await t.deps.db
      .update(riskScoreChange)
      .set({ at: new Date('2026-01-10T10:00:00Z') })
      .where(eq(riskScoreChange.riskId, created.id));
    await t.deps.db
      .update(risk)
      .set({ createdAt: new Date('2026-01-10T10:00:00Z') })
      .where(eq(risk.id, created.id));
    const noReason = await as(c, 'coordinator', 'POST', `/risks/${created.id}/score`, {
      ...SCORE,
      likelihood: 5,
    });
    expect(noReason.statusCode).toBe(400);
    const r = await as(c, 'chair', 'POST', `/risks/${created.id}/score`, {
      ...SCORE,
      likelihood: 5,
      impact: 5,
      reason: 'Three schools reported leaflets',
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().score.level).toBe('very-high');
    expect(r.json().history.map((h: { reason: string }) => h.reason)).toEqual([
      'Three schools reported leaflets',
      'First assessment',
    ]);
    expect(r.json().history[0].byName).toBe('chair of risks');
    const then = await as(c, 'chair', 'GET', '/risks?asOf=2026-02-01');
    const thenItem = then.json().items.find((i: { id: string }) => i.id === created.id);
    expect(thenItem.score).toMatchObject({ likelihood: 4, impact: 3, level: 'high' });
    const before = await as(c, 'chair', 'GET', '/risks?asOf=2026-01-09');
    expect(before.json().items.find((i: { id: string }) => i.id === created.id)).toBeUndefined();
    const now = await as(c, 'chair', 'GET', '/risks');
    expect(now.json().items.find((i: { id: string }) => i.id === created.id).score.level).toBe('very-high');
  });

  it('the map shows the highest level per neighbourhood', async () => {
    const map = (await as(c, 'chair', 'GET', '/map')).json();
    const centar = map.neighbourhoods.find((n: { name: string }) => n.name === 'Центар');
    expect(centar.highestLevel).toBe('very-high');
    expect(map.neighbourhoods.find((n: { name: string }) => n.name === 'Карпош').highestLevel).toBeNull();
  });

  it('refuses unknown categories, another city’s neighbourhood, and a city-wide risk with places', async () => {
    const theirs = await neighbourhoods(other);
    const ids = await neighbourhoods(c);
    const base = { title: 'X risk', kind: 'threat', category: 'unemployment', ...SCORE };
    const bad = [
      { ...base, category: 'no-such-thing', cityWide: true },
      { ...base, cityWide: false, neighbourhoodIds: [theirs.Elsewhere] },
      { ...base, cityWide: true, neighbourhoodIds: [ids['Центар']] },
      { ...base, cityWide: false, neighbourhoodIds: [] },
    ];
    const before = await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(risk);
    for (const body of bad) expect((await as(c, 'coordinator', 'POST', '/risks', body)).statusCode).toBe(400);
    const after = await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(risk);
    expect(after[0].n).toBe(before[0].n);
  });

  it('a city category can be added and used; a duplicate is refused', async () => {
    const added = await as(c, 'chair', 'POST', '/categories', {
      code: 'land-disputes',
      labels: { en: 'Land disputes', mk: 'Спорови за земја' },
    });
    expect(added.statusCode).toBe(201);
    expect(
      (await as(c, 'chair', 'POST', '/categories', { code: 'land-disputes', labels: { en: 'Again' } }))
        .statusCode,
    ).toBe(400);
    const list = (await as(c, 'memberA', 'GET', '/categories')).json();
    expect(list.version).toBe(1);
    expect(
      list.items.some((i: { code: string; builtIn: boolean }) => i.code === 'land-disputes' && !i.builtIn),
    ).toBe(true);
    await newRisk(c, { category: 'land-disputes', cityWide: true, neighbourhoodIds: [] });
  });
});

describe('perspectives and evidence', () => {
  it('members add evidence and their own organisation’s perspective; disagreements stay side by side', async () => {
    const created = await newRisk(c, { title: 'Youth gangs' });
    const evidence = await as(c, 'memberA', 'POST', `/risks/${created.id}/evidence`, {
      sourceType: 'member-observation',
      reliability: 'B',
      credibility: 2,
      summary: 'Teachers saw recruitment flyers at the gate',
    });
    expect(evidence.statusCode).toBe(201);
    expect(evidence.json().evidence[0]).toMatchObject({
      reliability: 'B',
      credibility: 2,
      organisationName: 'school (risks)',
    });
    const badGrade = await as(c, 'memberA', 'POST', `/risks/${created.id}/evidence`, {
      sourceType: 'media',
      reliability: 'G',
      credibility: 7,
      summary: 'A newspaper article',
    });
    expect(badGrade.statusCode).toBe(400);
    const school = await as(c, 'memberA', 'POST', `/risks/${created.id}/perspectives`, {
      organisationId: c.orgs.school,
      likelihood: 5,
      impact: 4,
      rationale: 'We see it every week',
      biases: 'We only see pupils',
    });
    expect(school.statusCode).toBe(201);
    const clinic = await as(c, 'memberB', 'POST', `/risks/${created.id}/perspectives`, {
      organisationId: c.orgs.clinic,
      likelihood: 2,
      impact: 4,
      rationale: 'No referrals of this kind this year',
    });
    expect(
      clinic.json().perspectives.map((p: { likelihood: number; biases: string }) => [p.likelihood, p.biases]),
    ).toEqual([
      [5, 'We only see pupils'],
      [2, ''],
    ]);
    const offered = await as(c, 'memberA', 'GET', '/perspective-organisations');
    expect(offered.json().items.map((o: { id: string }) => o.id)).toEqual([c.orgs.school]);
    const all = await as(c, 'coordinator', 'GET', '/perspective-organisations');
    expect(all.json().items.length).toBe(Object.keys(c.orgs).length);
    // A member cannot speak for another organisation.
    const forOther = await as(c, 'memberA', 'POST', `/risks/${created.id}/perspectives`, {
      organisationId: c.orgs.clinic,
      likelihood: 1,
      impact: 1,
      rationale: 'Speaking for the clinic',
    });
    expect(forOther.statusCode).toBe(403);
  });
});

describe('who may do what', () => {
  it('partners, the national liaison and analysts see no row; members cannot edit', async () => {
    const created = await newRisk(c, { title: 'Roles check' });
    for (const who of ['partner', 'liaison', 'analyst'] as const) {
      for (const path of [
        '/map',
        '/risks',
        `/risks/${created.id}`,
        '/neighbourhoods',
        '/boundaries',
        '/categories',
      ]) {
        expect((await as(c, who, 'GET', path)).statusCode, `${who} ${path}`).toBe(403);
      }
    }
    expect((await as(c, 'auditor', 'GET', '/risks')).statusCode).toBe(200);
    expect(
      (await as(c, 'memberA', 'POST', `/risks/${created.id}/score`, { ...SCORE, reason: 'mine' })).statusCode,
    ).toBe(403);
    expect((await as(c, 'memberA', 'PATCH', `/risks/${created.id}`, { title: 'Renamed' })).statusCode).toBe(
      403,
    );
    expect(
      (await upload({ ...c, cookies: { ...c.cookies, coordinator: c.cookies.memberA } }, [CENTAR]))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await as(c, 'auditor', 'POST', `/risks/${created.id}/evidence`, {
          sourceType: 'media',
          reliability: 'C',
          credibility: 3,
          summary: 'Auditor evidence',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('another city’s chair gets 404 for this city’s risk, through its own city too', async () => {
    const created = await newRisk(c, { title: 'Cross-city' });
    expect(
      (
        await t.call({
          method: 'GET',
          url: c.url(`/risk-map/risks/${created.id}`),
          cookie: other.cookies.chair,
        })
      ).statusCode,
    ).toBe(404);
    expect((await as(other, 'chair', 'GET', `/risks/${created.id}`)).statusCode).toBe(404);
    expect(
      (await as(other, 'chair', 'POST', `/risks/${created.id}/score`, { ...SCORE, reason: 'theirs' }))
        .statusCode,
    ).toBe(404);
  });

  it('everything is refused while mandate item (a) is off', async () => {
    const city = await caseCity(t, 'risks-off');
    const network = await t.call({ method: 'GET', url: city.url('/network'), cookie: city.cookies.chair });
    const mandate = { ...network.json().mandate, a: { enabled: false, scope: '' } };
    const patched = await t.call({
      method: 'PATCH',
      url: city.url('/network'),
      cookie: city.cookies.chair,
      payload: { mandate },
    });
    expect(patched.statusCode).toBe(200);
    expect((await as(city, 'chair', 'GET', '/map')).statusCode).toBe(409);
    expect((await upload(city, [CENTAR])).statusCode).toBe(409);
  });
});
