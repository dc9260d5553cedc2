import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
// The cases test fixture is test-only code (it imports vitest), so it stays out of the runtime barrel.
// eslint-disable-next-line no-restricted-imports
import { caseCity, type CaseCity, type CasePersona } from '../cases/cases.fixture.js';
import { risk, riskMatrix, riskPublication, riskScoreChange } from './risk-map.table.js';

/*
 * Issue 10 §2: the chair's own matrix (versioned; a new version re-maps current scores, old
 * assessments keep their level) and publishing from the register (only the approved wording).
 */

let t: TestApp;
let c: CaseCity;
let other: CaseCity;

const square = (x: number, y: number, size = 0.01): number[][] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];
const feature = (name: string, ring: number[][]) => ({
  type: 'Feature',
  properties: { ime: name },
  geometry: { type: 'Polygon', coordinates: [ring] },
});

async function as(city: CaseCity, who: CasePersona | null, method: string, path: string, payload?: unknown) {
  return t.call({
    method: method as 'GET',
    url: city.url(`/risk-map${path}`),
    ...(who ? { cookie: city.cookies[who] } : {}),
    ...(payload === undefined ? {} : { payload: payload as object }),
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
// Same 5 × 5, stricter bands: 4 × 3 = 12 is only medium here.
const STRICT = {
  likelihoodSize: 5,
  impactSize: 5,
  bands: { medium: 10, high: 20, veryHigh: 25 },
  reason: 'The network agreed stricter bands',
};
// 3 × 3 with labels in two languages.
const SMALL = {
  likelihoodSize: 3,
  impactSize: 4,
  bands: { medium: 3, high: 6, veryHigh: 9 },
  labels: {
    likelihood: [{ en: 'Unlikely', fr: 'Peu probable' }, { en: 'Possible' }, { en: 'Likely' }],
    impact: [],
  },
  reason: 'A simpler matrix for the network',
};

let centar: string;
let riskId: string;

async function matrixCount(city: CaseCity) {
  const [row] = await t.deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(riskMatrix)
    .where(eq(riskMatrix.cityId, city.cityId));
  return row.n;
}

beforeAll(async () => {
  t = await createTestApp();
  c = await caseCity(t, 'matrix');
  other = await caseCity(t, 'matrix-other');
  const up = await as(c, 'coordinator', 'POST', '/boundaries', {
    geojson: JSON.stringify({
      type: 'FeatureCollection',
      features: [feature('Центар', square(21.7, 42.1)), feature('Карпош', square(21.74, 42.1))],
    }),
    nameProperty: 'ime',
  });
  expect(up.statusCode).toBe(200);
  const ids = (await as(c, 'chair', 'GET', '/neighbourhoods')).json().items as { id: string; name: string }[];
  centar = ids.find((n) => n.name === 'Центар')!.id;
  const created = await as(c, 'coordinator', 'POST', '/risks', {
    title: 'Recruitment near the bus station (internal)',
    kind: 'threat',
    category: 'violent-group-recruitment',
    cityWide: false,
    neighbourhoodIds: [centar],
    affectedGroups: 'Boys 14–17 out of school',
    description: 'Internal text that must never reach the public page',
    ...SCORE,
  });
  expect(created.statusCode).toBe(201);
  riskId = created.json().id;
  const p = await as(c, 'memberA', 'POST', `/risks/${riskId}/perspectives`, {
    organisationId: c.orgs.school,
    likelihood: 4,
    impact: 4,
    rationale: 'Seen at the school gate',
  });
  expect(p.statusCode).toBe(201);
  // The first assessment happened in January: the register as of then has a past to read.
  const jan = new Date('2026-01-10T10:00:00Z');
  await t.deps.db.update(risk).set({ createdAt: jan }).where(eq(risk.id, riskId));
  await t.deps.db.update(riskScoreChange).set({ at: jan }).where(eq(riskScoreChange.riskId, riskId));
});
afterAll(() => t.close());

describe('the city matrix', () => {
  it('is the default 5 × 5 as version 1 until the chair defines one', async () => {
    const r = await as(c, 'memberA', 'GET', '/matrix');
    expect(r.statusCode).toBe(200);
    expect(r.json().current).toMatchObject({
      version: 1,
      likelihoodSize: 5,
      impactSize: 5,
      bands: { medium: 5, high: 10, veryHigh: 16 },
      createdAt: null,
    });
    const detail = (await as(c, 'chair', 'GET', `/risks/${riskId}`)).json();
    expect(detail.score).toMatchObject({ level: 'high', matrixVersion: 1 });
  });

  it('only the chair of the city may change it; nothing is written otherwise', async () => {
    for (const who of ['coordinator', 'memberA', 'partner', 'auditor'] as const) {
      expect((await as(c, who, 'PUT', '/matrix', STRICT)).statusCode).toBe(403);
    }
    expect([403, 404]).toContain(
      (
        await t.call({
          method: 'PUT',
          url: c.url('/risk-map/matrix'),
          cookie: other.cookies.chair,
          payload: STRICT,
        })
      ).statusCode,
    );
    expect((await as(c, null, 'PUT', '/matrix', STRICT)).statusCode).toBe(401);
    expect((await as(c, 'partner', 'GET', '/matrix')).statusCode).toBe(403);
    expect(await matrixCount(c)).toBe(0);
  });

  it('refuses a bad matrix with a problem and writes nothing', async () => {
    const bad = [
      { ...STRICT, bands: { medium: 10, high: 8, veryHigh: 25 } },
      { ...STRICT, likelihoodSize: 3, impactSize: 3 },
      { ...STRICT, likelihoodSize: 8 },
      { ...SMALL, labels: { likelihood: [{ en: 'Only one' }], impact: [] } },
    ];
    for (const body of bad) {
      const r = await as(c, 'chair', 'PUT', '/matrix', body);
      expect(r.statusCode).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
    }
    const fr = await t.call({
      method: 'PUT',
      url: c.url('/risk-map/matrix'),
      cookie: c.cookies.chair,
      headers: { 'accept-language': 'fr' },
      payload: { ...STRICT, bands: { medium: 10, high: 20, veryHigh: 26 } },
    });
    expect(fr.json().errors[0]).toMatchObject({
      path: 'body.bands.veryHigh',
      code: 'band-too-big',
      message: 'Supérieur au score maximal de cette matrice (25).',
    });
    expect(await matrixCount(c)).toBe(0);
  });

  it('a new version re-maps current scores with a history row; old history keeps its level', async () => {
    const r = await as(c, 'chair', 'PUT', '/matrix', STRICT);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ current: { version: 2 }, remapped: 1 });
    const detail = (await as(c, 'chair', 'GET', `/risks/${riskId}`)).json();
    // Same sizes: same values, but on v2's bands 12 is medium.
    expect(detail.score).toMatchObject({ likelihood: 4, impact: 3, level: 'medium', matrixVersion: 2 });
    expect(detail.history.map((h: { reason: string }) => h.reason)).toEqual([
      're-mapped to matrix v2',
      'First assessment',
    ]);
    expect(detail.history[1].score).toMatchObject({ level: 'high', matrixVersion: 1 });
    // The member's perspective was scored on v1 and keeps its level (4 × 4 = 16: very high there).
    expect(detail.perspectives[0]).toMatchObject({ level: 'very-high', matrixVersion: 1 });

    const audit = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, c.cityId), eq(auditEvent.recordType, 'risk_matrix')));
    expect(audit).toHaveLength(1);
  });

  it('a smaller matrix re-maps proportionally, rounded up: ceil(old × new / old size)', async () => {
    const r = await as(c, 'chair', 'PUT', '/matrix', SMALL);
    expect(r.statusCode).toBe(200);
    expect(r.json().current).toMatchObject({
      version: 3,
      likelihoodSize: 3,
      impactSize: 4,
      labels: { likelihood: [{ en: 'Unlikely', fr: 'Peu probable' }, { en: 'Possible' }, { en: 'Likely' }] },
    });
    const detail = (await as(c, 'chair', 'GET', `/risks/${riskId}`)).json();
    // likelihood 4 of 5 → ceil(12/5) = 3 of 3; impact 3 of 5 → ceil(12/5) = 3 of 4; 9 → very high.
    // residual 2 of 5 → ceil(6/5) = 2; 3 of 5 → 3: 6 → high.
    expect(detail.score).toMatchObject({
      likelihood: 3,
      impact: 3,
      level: 'very-high',
      residualLikelihood: 2,
      residualImpact: 3,
      residualLevel: 'high',
      matrixVersion: 3,
    });
    expect(detail.history.map((h: { score: { matrixVersion: number } }) => h.score.matrixVersion)).toEqual([
      3, 2, 1,
    ]);
    const versions = (await as(c, 'chair', 'GET', '/matrix')).json().versions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
  });

  it('as of a date, a score reads with the matrix it was made on', async () => {
    const past = (await as(c, 'chair', 'GET', '/risks?asOf=2026-01-31')).json();
    expect(past.items[0].score).toMatchObject({ likelihood: 4, impact: 3, level: 'high', matrixVersion: 1 });
    const now = (await as(c, 'chair', 'GET', '/risks')).json();
    expect(now.items[0].score).toMatchObject({ level: 'very-high', matrixVersion: 3 });
    const map = (await as(c, 'chair', 'GET', '/map')).json();
    expect(map.neighbourhoods.find((n: { id: string }) => n.id === centar).highestLevel).toBe('very-high');
  });

  it('new scores must fit the matrix in force and record its version', async () => {
    const before = await t.deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(riskScoreChange)
      .where(eq(riskScoreChange.riskId, riskId));
    const tooBig = await as(c, 'coordinator', 'POST', `/risks/${riskId}/score`, {
      ...SCORE,
      likelihood: 5,
      impact: 2,
      residualLikelihood: 1,
      residualImpact: 1,
      reason: 'New information',
    });
    expect(tooBig.statusCode).toBe(400);
    const after = await t.deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(riskScoreChange)
      .where(eq(riskScoreChange.riskId, riskId));
    expect(after[0].n).toBe(before[0].n);
    const ok = await as(c, 'coordinator', 'POST', `/risks/${riskId}/score`, {
      ...SCORE,
      likelihood: 2,
      impact: 4,
      residualLikelihood: 1,
      residualImpact: 2,
      reason: 'New information',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().score).toMatchObject({ level: 'high', matrixVersion: 3 });
    const p = await as(c, 'memberB', 'POST', `/risks/${riskId}/perspectives`, {
      organisationId: c.orgs.clinic,
      likelihood: 1,
      impact: 3,
      rationale: 'We see little of it',
    });
    expect(p.statusCode).toBe(201);
    expect(p.json().perspectives[1]).toMatchObject({ level: 'medium', matrixVersion: 3 });
  });

  it('the risk profile draws the matrix of the day', async () => {
    const r = await as(c, 'chair', 'GET', '/profile.docx?lang=en');
    expect(r.statusCode).toBe(200);
  });
});

const page = async () => (await t.app.inject({ method: 'GET', url: '/p/matrix/en' })).body;
const publishBlock = async (risks: boolean) => {
  const r = await t.call({
    method: 'PUT',
    url: c.url('/community'),
    cookie: c.cookies.chair,
    payload: {
      published: { explainer: true, risks },
      explainerExtra: '',
      contact: '',
      emergencyNumbers: '',
      neighbourhoods: [],
    },
  });
  expect(r.statusCode).toBe(200);
};
const WORDING = {
  publicTitle: 'Young people drawn into violent groups',
  publicSummary: 'We work with schools and youth centres on safe places after school.',
};

describe('publishing from the register', () => {
  it('only the chair of the city may approve a public wording', async () => {
    for (const who of ['coordinator', 'memberA', 'partner', 'auditor'] as const) {
      expect((await as(c, who, 'PUT', `/risks/${riskId}/publication`, WORDING)).statusCode).toBe(403);
    }
    expect((await as(c, null, 'PUT', `/risks/${riskId}/publication`, WORDING)).statusCode).toBe(401);
    expect([403, 404]).toContain(
      (
        await t.call({
          method: 'PUT',
          url: c.url(`/risk-map/risks/${riskId}/publication`),
          cookie: other.cookies.chair,
          payload: WORDING,
        })
      ).statusCode,
    );
    // The other city's chair, in their own city, cannot reach this city's risk.
    expect((await as(other, 'chair', 'PUT', `/risks/${riskId}/publication`, WORDING)).statusCode).toBe(404);
    const rows = await t.deps.db.select().from(riskPublication);
    expect(rows).toHaveLength(0);
  });

  it('the public page shows nothing until the chair publishes the block, then only the approved text', async () => {
    await publishBlock(false);
    expect(await page()).not.toContain('Young people drawn');

    const r = await as(c, 'chair', 'PUT', `/risks/${riskId}/publication`, WORDING);
    expect(r.statusCode).toBe(200);
    expect(r.json().publication).toMatchObject({ ...WORDING, nameNeighbourhoods: false });
    await publishBlock(false);
    expect(await page()).not.toContain('Young people drawn');

    await publishBlock(true);
    const html = await page();
    expect(html).toContain('Young people drawn into violent groups');
    expect(html).toContain('safe places after school');
    expect(html).not.toContain('(internal)');
    expect(html).not.toContain('Internal text');
    expect(html).not.toContain('Boys 14');
    expect(html).not.toContain('Центар');

    const audit = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, c.cityId), eq(auditEvent.recordType, 'risk_publication')));
    expect(audit.map((a) => a.action)).toEqual(['update']);
  });

  it('names the neighbourhood only when the chair approved naming it; withdrawing removes it', async () => {
    expect(
      (await as(c, 'chair', 'PUT', `/risks/${riskId}/publication`, { ...WORDING, nameNeighbourhoods: true }))
        .statusCode,
    ).toBe(200);
    await publishBlock(true);
    expect(await page()).toContain('Центар');
    const gone = await as(c, 'chair', 'DELETE', `/risks/${riskId}/publication`);
    expect(gone.statusCode).toBe(200);
    expect(gone.json().publication).toBeNull();
    await publishBlock(true);
    expect(await page()).not.toContain('Young people drawn');
  });
});
