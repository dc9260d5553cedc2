import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
// eslint-disable-next-line no-restricted-imports
import { caseCity, type CaseCity, type CasePersona } from '../cases/cases.fixture.js';
import { riskConsultation } from './risk-map.table.js';

let t: TestApp;
let c: CaseCity;
let other: CaseCity;
let places: Record<string, string>;
let riskId: string;

const square = (x: number, y: number): number[][] => [
  [x, y],
  [x + 0.01, y],
  [x + 0.01, y + 0.01],
  [x, y + 0.01],
  [x, y],
];

async function as(city: CaseCity, who: CasePersona, method: string, path: string, payload?: unknown) {
  return t.call({
    method: method as 'GET',
    url: city.url(`/risk-map${path}`),
    cookie: city.cookies[who],
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function setUp(city: CaseCity) {
  const geojson = JSON.stringify({
    type: 'FeatureCollection',
    features: ['Qendër', 'Çair'].map((name, i) => ({
      type: 'Feature',
      properties: { name },
      geometry: { type: 'Polygon', coordinates: [square(21 + i * 0.01, 42)] },
    })),
  });
  expect(
    (await as(city, 'coordinator', 'POST', '/boundaries', { geojson, nameProperty: 'name' })).statusCode,
  ).toBe(200);
  const list = await as(city, 'chair', 'GET', '/neighbourhoods');
  return Object.fromEntries((list.json().items as { name: string; id: string }[]).map((n) => [n.name, n.id]));
}

/** 3 sexes × 5 age bands. */
const ATTENDANCE = [
  [0, 12, 9, 6, 2],
  [1, 10, 7, 5, 0],
  [0, 0, 0, 0, 0],
];

function consultation(extra: object = {}) {
  return {
    title: 'Public meeting in the community hall',
    heldOn: '2026-10-14',
    format: 'public-meeting',
    neighbourhoodIds: [places['Qendër']],
    organisationIds: [c.orgs.school, c.orgs.youth],
    attendance: ATTENDANCE,
    languages: ['sq', 'mk'],
    accessibilityNotes: 'Step-free entrance; sign interpretation on request',
    findings: [
      { statement: 'Young people have nowhere to go in the evening', priority: 1, supportsRiskIds: [riskId] },
      { statement: 'The police patrols are not the problem', challengesRiskIds: [riskId] },
      { statement: 'Drug dealing near the market', proposesNewRisk: true },
    ],
    ...extra,
  };
}

beforeAll(async () => {
  t = await createTestApp();
  c = await caseCity(t, 'consult');
  other = await caseCity(t, 'consult-other');
  places = await setUp(c);
  await setUp(other);
  const created = await as(c, 'coordinator', 'POST', '/risks', {
    title: 'No evening activities',
    kind: 'vulnerability',
    category: 'gang-youth-violence',
    cityWide: false,
    neighbourhoodIds: [places['Qendër']],
    likelihood: 4,
    impact: 3,
    residualLikelihood: 2,
    residualImpact: 3,
    confidence: 'medium',
    trend: 'stable',
    reviewOn: '2027-01-01',
  });
  riskId = created.json().id;
});
afterAll(() => t.close());

describe('consultations', () => {
  it('a member records one; attendance is only ever shown with small cells withheld', async () => {
    const r = await as(c, 'memberA', 'POST', '/consultations', consultation());
    expect(r.statusCode).toBe(201);
    const body = r.json();
    expect(body.organisations.map((o: { id: string }) => o.id).sort()).toEqual(
      [c.orgs.school, c.orgs.youth].sort(),
    );
    // Cells of 1–4 are withheld (and what would give them away); large cells and the grand total show.
    expect(body.attendance.total).toEqual({ value: 52, suppressed: false });
    expect(body.attendance.cells[0][4]).toEqual({ value: null, suppressed: true });
    expect(body.attendance.cells[1][0]).toEqual({ value: null, suppressed: true });
    expect(body.attendance.cells[0][1]).toEqual({ value: 12, suppressed: false });
    expect(JSON.stringify(body.attendance)).not.toMatch(/"value":[1-4]\b/);
    expect(
      body.findings.map((f: { supports: unknown[]; challenges: unknown[]; proposesNewRisk: boolean }) => [
        f.supports.length,
        f.challenges.length,
        f.proposesNewRisk,
      ]),
    ).toEqual([
      [1, 0, false],
      [0, 1, false],
      [0, 0, true],
    ]);
    const audit = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, c.cityId), eq(auditEvent.recordId, body.id)));
    expect(audit.map((a) => a.action)).toEqual(['create']);
  });

  it('a small consultation shows no attendance at all', async () => {
    const tiny = [
      [1, 1, 0, 0, 0],
      [0, 1, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ];
    const r = await as(
      c,
      'coordinator',
      'POST',
      '/consultations',
      consultation({ attendance: tiny, findings: [] }),
    );
    expect(r.statusCode).toBe(201);
    expect(r.json().attendance.total).toEqual({ value: null, suppressed: true });
    expect(r.json().attendanceTotal).toEqual({ value: null, suppressed: true });
    const list = await as(c, 'chair', 'GET', `/consultations?neighbourhoodId=${places['Qendër']}`);
    expect(list.json().items.length).toBeGreaterThanOrEqual(2);
    expect(
      (await as(c, 'chair', 'GET', `/consultations?neighbourhoodId=${places['Çair']}`)).json().items,
    ).toEqual([]);
  });

  it('refuses another city’s neighbourhoods, organisations or risks, and a ragged table; writes nothing', async () => {
    const theirs = await as(other, 'chair', 'GET', '/neighbourhoods');
    const before = await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(riskConsultation);
    const bad = [
      consultation({ neighbourhoodIds: [theirs.json().items[0].id] }),
      consultation({ organisationIds: [other.orgs.school] }),
      consultation({ findings: [{ statement: 'Theirs', supportsRiskIds: [other.orgs.school] }] }),
      consultation({ attendance: [[1, 2, 3]] }),
      consultation({ attendance: ATTENDANCE.map((row) => row.map(() => -1)) }),
    ];
    for (const body of bad)
      expect((await as(c, 'coordinator', 'POST', '/consultations', body)).statusCode).toBe(400);
    const after = await t.deps.db.select({ n: sql<number>`count(*)::int` }).from(riskConsultation);
    expect(after[0].n).toBe(before[0].n);
  });

  it('"you said, we did": the coordinator answers a finding with a link to a future action', async () => {
    const created = (await as(c, 'memberA', 'POST', '/consultations', consultation())).json();
    const finding = created.findings[0].id;
    const path = `/consultations/${created.id}/findings/${finding}/response`;
    const actionId = '7d8f4f57-3f7e-4b0a-9a59-5a3c2b1a0f11';
    expect((await as(c, 'memberA', 'POST', path, { response: 'Mine' })).statusCode).toBe(403);
    const r = await as(c, 'coordinator', 'POST', path, {
      response: 'The youth centre reopens on Thursdays',
      actionId,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().findings[0]).toMatchObject({
      response: 'The youth centre reopens on Thursdays',
      actionId,
    });
    const wrong = await as(other, 'coordinator', 'POST', path, { response: 'From elsewhere' });
    expect(wrong.statusCode).toBe(404);
  });

  it('evidence may point at the city’s own consultation only', async () => {
    const created = (await as(c, 'memberA', 'POST', '/consultations', consultation({ findings: [] }))).json();
    const ok = await as(c, 'memberA', 'POST', `/risks/${riskId}/evidence`, {
      sourceType: 'consultation',
      reliability: 'B',
      credibility: 2,
      summary: 'Said by many at the meeting',
      consultationId: created.id,
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().evidence[0].consultationId).toBe(created.id);
    const theirs = (
      await as(other, 'coordinator', 'POST', '/consultations', {
        ...consultation({ findings: [] }),
        neighbourhoodIds: [(await as(other, 'chair', 'GET', '/neighbourhoods')).json().items[0].id],
        organisationIds: [other.orgs.school],
      })
    ).json();
    const bad = await as(c, 'memberA', 'POST', `/risks/${riskId}/evidence`, {
      sourceType: 'consultation',
      reliability: 'B',
      credibility: 2,
      summary: 'Not ours',
      consultationId: theirs.id,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('partners, the liaison and analysts see no consultation', async () => {
    for (const who of ['partner', 'liaison', 'analyst'] as const) {
      expect((await as(c, who, 'GET', '/consultations')).statusCode).toBe(403);
      expect((await as(c, who, 'POST', '/consultations', consultation())).statusCode).toBe(403);
    }
  });
});
