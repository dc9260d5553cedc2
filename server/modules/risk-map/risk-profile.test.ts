import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
// eslint-disable-next-line no-restricted-imports
import { caseCity, type CaseCity, type CasePersona } from '../cases/cases.fixture.js';
import { mapSvg } from './risk-profile.js';
import { CENTAR, KARPOS } from './risk-map.fixture.js';

let t: TestApp;
let c: CaseCity;
let other: CaseCity;
let highRiskId: string;

async function as(city: CaseCity, who: CasePersona | null, method: string, path: string, payload?: unknown) {
  return t.call({
    method: method as 'GET',
    url: city.url(`/risk-map${path}`),
    ...(who ? { cookie: city.cookies[who] } : {}),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

async function pdfText(body: Buffer): Promise<string> {
  const parsed = await getDocument({ data: new Uint8Array(body) }).promise;
  let text = '';
  for (let i = 1; i <= parsed.numPages; i++) {
    const content = await (await parsed.getPage(i)).getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
  }
  return text.replace(/\s+/g, ' ');
}

beforeAll(async () => {
  t = await createTestApp();
  c = await caseCity(t, 'profile');
  other = await caseCity(t, 'profile-other');
  const uploaded = await as(c, 'coordinator', 'POST', '/boundaries', {
    geojson: JSON.stringify({ type: 'FeatureCollection', features: [CENTAR, KARPOS] }),
    nameProperty: 'ime',
  });
  expect(uploaded.statusCode).toBe(200);
  const ids = Object.fromEntries(
    ((await as(c, 'chair', 'GET', '/neighbourhoods')).json().items as { name: string; id: string }[]).map(
      (n) => [n.name, n.id],
    ),
  );
  const created = await as(c, 'coordinator', 'POST', '/risks', {
    title: 'Recruitment near the bus station',
    kind: 'threat',
    category: 'violent-group-recruitment',
    cityWide: false,
    neighbourhoodIds: [ids['Центар']],
    affectedGroups: 'Boys 14–17 out of school',
    likelihood: 4,
    impact: 4,
    residualLikelihood: 2,
    residualImpact: 3,
    confidence: 'medium',
    trend: 'rising',
    reviewOn: '2027-03-01',
  });
  expect(created.statusCode).toBe(201);
  highRiskId = created.json().id;
  expect(
    (
      await as(c, 'memberA', 'POST', `/risks/${highRiskId}/evidence`, {
        sourceType: 'member-observation',
        reliability: 'B',
        credibility: 2,
        summary: 'Teachers saw recruitment flyers at the gate',
      })
    ).statusCode,
  ).toBe(201);
  expect(
    (
      await as(c, 'memberB', 'POST', `/risks/${highRiskId}/perspectives`, {
        organisationId: c.orgs.clinic,
        likelihood: 2,
        impact: 4,
        rationale: 'No referrals of this kind this year',
        biases: 'We only see those who come to us',
      })
    ).statusCode,
  ).toBe(201);
  const low = await as(c, 'coordinator', 'POST', '/risks', {
    title: 'Few evening activities',
    kind: 'vulnerability',
    category: 'unemployment',
    cityWide: true,
    neighbourhoodIds: [],
    affectedGroups: '',
    likelihood: 2,
    impact: 2,
    residualLikelihood: 1,
    residualImpact: 2,
    confidence: 'low',
    trend: 'stable',
    reviewOn: '2027-03-01',
  });
  expect(low.statusCode).toBe(201);
});
afterAll(() => t.close());

describe('the local risk profile', () => {
  it('draws the shapes in force, holes kept, filled by their highest level', async () => {
    const map = (await as(c, 'chair', 'GET', '/map')).json();
    const svg = mapSvg(map, 515, 320)!;
    expect(svg.match(/<path /g)).toHaveLength(2);
    // Centar has a hole: two sub-paths in one even-odd path; its very high risk (4 × 4) fills it dark red.
    const centar = svg.split('<path ').find((p) => p.includes('#a61e1e'))!;
    expect(centar.match(/M/g)).toHaveLength(2);
    expect(svg).toContain('#e9ecef'); // Karpoš: no risk of its own
    expect(mapSvg({ ...map, neighbourhoods: [] }, 515, 320)).toBeNull();
  });

  it('a PDF with the map, matrix, register and the priority risk with its evidence grade and perspectives, audited', async () => {
    const r = await as(c, 'memberA', 'GET', '/profile.pdf?lang=en');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toMatch(
      /^attachment; filename="risk-profile-\d{4}-\d{2}-\d{2}-en\.pdf"$/,
    );
    const text = await pdfText(r.rawPayload);
    expect(text).toContain('Local risk profile');
    expect(text).toContain('Internal to the network');
    expect(text).toContain('Likelihood × impact');
    expect(text).toContain('Recruitment near the bus station');
    expect(text).toContain('Few evening activities'); // in the register, not among the priorities
    expect(text).toContain('Teachers saw recruitment flyers at the gate');
    expect(text).toContain('B2');
    expect(text).toContain('We only see those who come to us');
    const audited = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, c.cityId), eq(auditEvent.recordType, 'risk_profile')));
    expect(audited.map((a) => a.reason)).toContain(`pdf en as of ${new Date().toISOString().slice(0, 10)}`);
  });

  it('as of a day before the risks existed, the register is empty and nothing is a priority', async () => {
    const r = await as(c, 'chair', 'GET', '/profile.pdf?lang=en&asOf=2020-01-01');
    expect(r.statusCode).toBe(200);
    const text = await pdfText(r.rawPayload);
    expect(text).toContain('2020-01-01');
    expect(text).toContain('No risk is high or very high.');
    expect(text).not.toContain('Recruitment near the bus station');
  });

  it('in Arabic (shaped, right to left) as PDF, and in Macedonian as Word with the Cyrillic names', async () => {
    const ar = await as(c, 'chair', 'GET', '/profile.pdf?lang=ar');
    expect(ar.statusCode).toBe(200);
    expect(await pdfText(ar.rawPayload)).toMatch(/[\u0600-\u06FF\uFE70-\uFEFF]/);
    const mk = await as(c, 'chair', 'GET', '/profile.docx?lang=mk');
    expect(mk.statusCode).toBe(200);
    expect(mk.headers['content-type']).toContain('wordprocessingml');
    const xml = await (await JSZip.loadAsync(mk.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('Локален профил на ризици');
    expect(xml).toContain('Центар');
    expect(xml).toContain('Recruitment near the bus station');
  });

  it('bad input is a problem, and only the register’s readers in this city get it', async () => {
    const bad = await as(c, 'chair', 'GET', '/profile.pdf?lang=xx&asOf=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    for (const who of ['partner', 'liaison', 'analyst'] as const)
      expect((await as(c, who, 'GET', '/profile.pdf')).statusCode, who).toBe(403);
    expect((await as(c, null, 'GET', '/profile.pdf')).statusCode).toBe(401);
    // Another city's chair, on this city's address: not a member here.
    const foreign = await t.call({
      method: 'GET',
      url: c.url('/risk-map/profile.docx'),
      cookie: other.cookies.chair,
    });
    expect([403, 404]).toContain(foreign.statusCode);
    expect(foreign.headers['content-type']).toContain('application/problem+json');
  });
});
