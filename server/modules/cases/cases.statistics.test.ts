import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import {
  rtdColumns,
  type CaseEquity,
  type CaseStatistics,
  type StatisticDimension,
} from '../../../contracts/case-statistics.contract.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
import { city } from '../cities/index.js';
import { organisation } from '../network/index.js';
import { suppressCounts, type Suppressed } from '../../platform/disclosure.js';
import { csvField } from './cases.statistics.js';
import { seedScaleCases } from './cases.scale-seed.js';
import { caseAssignment, caseConsent, caseSettings, caseSituation } from './cases.table.js';
import { getTaxonomy } from './cases.taxonomies.js';

// ---------- the suppression rule, alone ----------

/**
 * What a reader can work out about each withheld cell from what is shown: the withheld cells add up
 * to the total minus the visible cells; each is at least 1 (zeros are shown) unless every cell is
 * withheld (then zeros may have been withheld too); and none is larger than the smallest
 * visible non-zero cell (small cells are under it; an extra withheld cell is the smallest shown one).
 * Returns [lowest, highest] per withheld cell; equal ends would give the value away.
 */
function readerBounds(out: Suppressed): [number, number][] {
  if (out.total.suppressed) return out.cells.map(() => [0, 4]);
  const hidden = out.cells.filter((c) => c.suppressed).length;
  const visible = out.cells.filter((c) => !c.suppressed).map((c) => c.value!);
  const rest = out.total.value! - visible.reduce((a, b) => a + b, 0);
  const lower = visible.length === 0 ? 0 : 1;
  const nonZero = visible.filter((v) => v > 0);
  const upper = nonZero.length ? Math.min(...nonZero) : Infinity;
  return out.cells
    .filter((c) => c.suppressed)
    .map(() => [Math.max(lower, rest - (hidden - 1) * upper), Math.min(upper, rest - (hidden - 1) * lower)]);
}

/** The one table suppression cannot protect: every cell exactly 1 (see docs/CASES.md). */
const allOnes = (values: number[]) => values.length >= 5 && values.every((v) => v === 1);

describe('suppressCounts', () => {
  const view = (out: Suppressed) => out.cells.map((c) => (c.suppressed ? 'x' : c.value));

  it('withholds cells of 1 to 4, shows zero, and withholds a total under 5 with every cell', () => {
    expect(view(suppressCounts([12, 0, 3, 2]))).toEqual([12, 0, 'x', 'x']);
    expect(suppressCounts([12, 0, 3, 2]).total).toEqual({ value: 17, suppressed: false });
    expect(suppressCounts([3, 0, 1])).toEqual({
      cells: [0, 1, 2].map(() => ({ value: null, suppressed: true })),
      total: { value: null, suppressed: true },
    });
    expect(suppressCounts([0, 0])).toEqual({
      cells: [0, 1].map(() => ({ value: 0, suppressed: false })),
      total: { value: 0, suppressed: false },
    });
    expect(view(suppressCounts([5, 9, 0]))).toEqual([5, 9, 0]);
  });

  it('withholds a second cell when one alone could be worked out from the total', () => {
    // One small cell: the next-smallest non-zero cell goes too (all of them on a tie).
    expect(view(suppressCounts([20, 3, 7, 0]))).toEqual([20, 'x', 'x', 0]);
    expect(view(suppressCounts([20, 3, 7, 7]))).toEqual([20, 'x', 'x', 'x']);
    // Several small cells that are all 1 (or all 4) would still give themselves away by their sum.
    expect(view(suppressCounts([1, 1, 10, 20]))).toEqual(['x', 'x', 'x', 20]);
    expect(view(suppressCounts([4, 4, 10, 20]))).toEqual(['x', 'x', 'x', 20]);
    expect(view(suppressCounts([1, 2, 10, 20]))).toEqual(['x', 'x', 10, 20]);
    // Nothing non-zero left to withhold: the zeros are withheld instead.
    expect(view(suppressCounts([1, 1, 1, 1, 1, 0, 0]))).toEqual(['x', 'x', 'x', 'x', 'x', 'x', 'x']);
  });

  it('property: no withheld cell can be worked out from the total minus the visible cells', () => {
    const count = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 60 }));
    fc.assert(
      fc.property(fc.array(count, { minLength: 1, maxLength: 12 }), (values) => {
        fc.pre(!allOnes(values));
        const out = suppressCounts(values);
        const total = values.reduce((a, b) => a + b, 0);
        // Nothing of 1–4 is ever shown, and what is shown is true.
        out.cells.forEach((c, i) => {
          if (!c.suppressed) {
            expect(c.value).toBe(values[i]);
            expect(c.value! === 0 || c.value! >= 5).toBe(true);
          } else expect(c.value).toBeNull();
        });
        expect(out.total.suppressed).toBe(total > 0 && total < 5);
        for (const [low, high] of readerBounds(out)) expect(low).toBeLessThan(high);
        // The bounds are sound: the true values lie inside them.
        const truth = values.filter((_, i) => out.cells[i].suppressed);
        readerBounds(out).forEach(([low, high], i) => {
          expect(truth[i]).toBeGreaterThanOrEqual(low);
          expect(truth[i]).toBeLessThanOrEqual(high);
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('even a reader who knows this rule exactly cannot pin a withheld cell (every table of 2–4 cells of 0–12)', () => {
    for (const n of [2, 3, 4]) {
      const seen = new Map<string, number[][]>();
      const walk = (prefix: number[]) => {
        if (prefix.length === n) {
          const key = JSON.stringify(suppressCounts(prefix));
          seen.set(key, [...(seen.get(key) ?? []), prefix]);
          return;
        }
        for (let v = 0; v <= 12; v++) walk([...prefix, v]);
      };
      walk([]);
      for (const [key, inputs] of seen) {
        const out = JSON.parse(key) as Suppressed;
        out.cells.forEach((c, i) => {
          if (c.suppressed) expect(new Set(inputs.map((x) => x[i])).size, `${inputs[0]}`).toBeGreaterThan(1);
        });
      }
    }
  });

  it('non-additive dimensions take their total from the caller', () => {
    const out = suppressCounts([12, 5, 2], { total: 14 });
    expect(out.total).toEqual({ value: 14, suppressed: false });
    expect(suppressCounts([3, 2], { total: 4 }).total.suppressed).toBe(true);
  });
});

describe('csvField', () => {
  it('quotes what needs quoting and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField(2026)).toBe('2026');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' edge')).toBe('" edge"');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('12-17')).toBe('12-17');
  });
});

// ---------- through the API ----------

let t: TestApp;
let cityId: string;
let otherCity: string;
const cookies: Record<string, string> = {};
const orgs: Record<'police' | 'school' | 'health', string> = { police: '', school: '', health: '' };
let seq = 0;

const now = new Date();
const quarterStart = (back: number) =>
  new Date(Date.UTC(now.getUTCFullYear(), (Math.floor(now.getUTCMonth() / 3) - back) * 3, 1));
const DAY = 86_400_000;
/** The statistics set lives in the first month of the previous quarter. */
const statsMonth = quarterStart(1);
const statsAt = new Date(statsMonth.getTime() + 4 * DAY);
const monthQuery = `from=${statsMonth.toISOString().slice(0, 10)}&to=${statsMonth.toISOString().slice(0, 10)}`;

interface Spec {
  n: number;
  at: Date;
  subjectKind: string;
  ageBand: string;
  gender: string;
  stage: string;
  riskFactors: string[];
  outcome?: string;
  lead?: keyof typeof orgs;
  assisting?: (keyof typeof orgs)[];
  consent?: 'active' | 'withdrawn';
  workflow?: string;
}

async function situations(spec: Spec) {
  for (let i = 0; i < spec.n; i++) {
    const [row] = await t.deps.db
      .insert(caseSituation)
      .values({
        cityId,
        reference: `ST-2026-${String(++seq).padStart(4, '0')}`,
        workflow: spec.workflow ?? 'four-filter',
        stage: spec.stage,
        originatingOrganisationId: orgs.health,
        createdAt: spec.at,
        subjectKind: spec.subjectKind,
        ageBand: spec.ageBand,
        gender: spec.gender,
        neighbourhood: 'Riverside',
        riskFactors: spec.riskFactors,
        isMinor: ['0-5', '6-11', '12-17'].includes(spec.ageBand),
        outcome: spec.outcome ?? null,
        closedAt: spec.stage === 'closed' ? spec.at : null,
      })
      .returning({ id: caseSituation.id });
    const assign = (org: keyof typeof orgs, role: string) =>
      t.deps.db
        .insert(caseAssignment)
        .values({ cityId, situationId: row.id, organisationId: orgs[org], role });
    await assign('health', 'originating');
    if (spec.lead) await assign(spec.lead, 'lead');
    for (const org of spec.assisting ?? []) await assign(org, 'assisting');
    if (spec.consent) {
      await t.deps.db.insert(caseConsent).values({
        cityId,
        situationId: row.id,
        purpose: 'disclosure',
        basis: 'consent',
        withdrawnAt: spec.consent === 'withdrawn' ? new Date() : null,
      });
    }
  }
}

/** Splits one CSV line into its raw fields (quoted fields keep their quotes). */
function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    let end = i;
    if (line[i] === '"') {
      end = i + 1;
      while (end < line.length && !(line[end] === '"' && line[end + 1] !== '"'))
        end += line[end] === '"' ? 2 : 1;
      end += 1;
    } else while (end < line.length && line[end] !== ',') end++;
    fields.push(line.slice(i, end));
    i = end + 1;
  }
  return fields;
}

const cell = (d: StatisticDimension, key: string) => d.cells.find((c) => c.key === key)!;
const value = (d: StatisticDimension, key: string) => {
  const c = cell(d, key);
  return c.suppressed ? 'x' : c.value;
};

beforeAll(async () => {
  t = await createTestApp();
  cityId = await t.createCity('statville', { require2faRoles: [] });
  otherCity = await t.createCity('elsewhere', { require2faRoles: [] });
  // The export falls back to the city's name when no network is set up: one with a comma and quotes.
  await t.deps.db.update(city).set({ name: 'Statville, "North"' }).where(eq(city.id, cityId));
  const roles = [
    'chair',
    'coordinator',
    'member',
    'partner',
    'national_liaison',
    'network_analyst',
    'auditor',
  ] as const;
  for (const role of roles) {
    await t.createPerson({ email: `${role}@s.test`, cityId, role });
    cookies[role] = await t.signIn(`${role}@s.test`);
  }
  await t.createPerson({ email: 'other@s.test', cityId: otherCity, role: 'chair' });
  cookies.otherChair = await t.signIn('other@s.test');
  for (const [key, sector, name] of [
    ['police', 'police_justice', 'Police D'],
    ['school', 'education', 'School A'],
    ['health', 'health', 'Clinic B'],
  ] as const) {
    const [row] = await t.deps.db
      .insert(organisation)
      .values({ cityId, name, sector, membershipKind: 'formal', joinedOn: '2020-01-01' })
      .returning({ id: organisation.id });
    orgs[key] = row.id;
  }

  // Statistics set: 20 situations in one month.
  await situations({
    n: 12,
    at: statsAt,
    subjectKind: 'person',
    ageBand: '12-17',
    gender: 'female',
    stage: 'closed',
    outcome: 'risk-lowered-connected',
    riskFactors: ['truancy', 'not-in-school'], // two sub-types of one category: counted once
    lead: 'police',
    assisting: ['school', 'health'],
    consent: 'active',
  });
  await situations({
    n: 3,
    at: statsAt,
    subjectKind: 'family',
    ageBand: '25-29',
    gender: 'male',
    stage: 'filter-4',
    riskFactors: ['unstable-housing', 'alcohol'],
    lead: 'school',
    consent: 'active',
  });
  await situations({
    n: 2,
    at: statsAt,
    subjectKind: 'family',
    ageBand: '25-29',
    gender: 'male',
    stage: 'filter-4',
    riskFactors: ['unstable-housing', 'alcohol'],
    lead: 'school',
    consent: 'withdrawn',
  });
  await situations({
    n: 2,
    at: statsAt,
    subjectKind: 'place',
    ageBand: 'unknown',
    gender: 'not-stated',
    stage: 'filter-2',
    riskFactors: ['unsafe-area'],
  });
  // Rejected: minimised (no factors, no agencies but the originating one).
  await situations({
    n: 1,
    at: statsAt,
    subjectKind: 'group',
    ageBand: '18-24',
    gender: 'other',
    stage: 'rejected',
    riskFactors: [],
  });

  // Equity, current quarter: 10 situations, half police-led; consent on 6.
  const current = new Date(Math.min(now.getTime(), quarterStart(0).getTime() + DAY));
  for (const [n, lead, gender, consent] of [
    [3, 'police', 'female', 'active'],
    [2, 'police', 'male', undefined],
    [3, 'school', 'male', 'active'],
    [2, 'school', 'female', undefined],
  ] as const) {
    await situations({
      n,
      at: current,
      subjectKind: 'person',
      ageBand: '40-59',
      gender,
      stage: 'filter-4',
      riskFactors: ['drugs'],
      lead,
      consent,
    });
  }
  // Two quarters back: only 3 situations.
  await situations({
    n: 3,
    at: new Date(quarterStart(2).getTime() + 10 * DAY),
    subjectKind: 'person',
    ageBand: '12-17',
    gender: 'male',
    stage: 'filter-1',
    riskFactors: ['bullying'],
  });
  // Long ago, with the city's own risk category and a code no taxonomy knows (free text, a name).
  await t.deps.db.insert(caseSettings).values({
    cityId,
    taxonomyAdditions: {
      risk: {
        version: 1,
        categories: [
          {
            id: 'water',
            labels: { en: 'Water safety' },
            subtypes: [{ id: 'river-safety', labels: { en: 'River safety' } }],
          },
        ],
      },
    },
  });
  await situations({
    n: 5,
    at: new Date('2020-01-10T12:00:00Z'),
    subjectKind: 'person',
    ageBand: '30-39',
    gender: 'male',
    stage: 'filter-4',
    riskFactors: ['city:river-safety', 'John Smith lives by the river'],
  });
  // A situation in another city never shows up here.
  await t.deps.db.insert(organisation).values({
    cityId: otherCity,
    name: 'Elsewhere police',
    sector: 'police_justice',
    membershipKind: 'formal',
    joinedOn: '2020-01-01',
  });
});
afterAll(() => t.close());

const api = (path: string, c: string = cityId) => `/api/cities/${c}${path}`;

describe('GET /case-statistics', () => {
  it('counts the month’s situations by each dimension, withholding cells of 1–4', async () => {
    const r = await t.call({
      method: 'GET',
      url: api(`/case-statistics?${monthQuery}`),
      cookie: cookies.chair,
    });
    expect(r.statusCode).toBe(200);
    const s = r.json() as CaseStatistics;
    expect(s.total).toEqual({ value: 20, suppressed: false });
    expect(s.smallCellMin).toBe(5);
    expect(s.period.from).toBe(statsMonth.toISOString().slice(0, 10));

    // Stage: the rejected situation counts here (withheld, as a cell of 1), with filter-2 (2).
    expect(value(s.byStage, 'closed')).toBe(12);
    expect(value(s.byStage, 'filter-4')).toBe(5);
    expect(value(s.byStage, 'filter-2')).toBe('x');
    expect(value(s.byStage, 'rejected')).toBe('x');
    expect(value(s.byStage, 'filter-1')).toBe(0);
    expect(cell(s.byStage, 'rejected').value).toBeNull();

    expect(value(s.bySubjectKind, 'person')).toBe(12);
    expect(value(s.bySubjectKind, 'family')).toBe(5);
    expect(value(s.bySubjectKind, 'place')).toBe('x');
    expect(value(s.byAgeBand, '12-17')).toBe(12);
    expect(value(s.byAgeBand, '25-29')).toBe(5);
    expect(value(s.byAgeBand, '0-5')).toBe(0);
    expect(value(s.byGender, 'female')).toBe(12);
    expect(value(s.byGender, 'other')).toBe('x');

    // Every additive dimension adds up to the total (withheld cells included): nothing dropped.
    for (const d of [s.byStage, s.bySubjectKind, s.byAgeBand, s.byGender, s.byOutcome, s.byLeadSector]) {
      expect(d.additive).toBe(true);
      expect(d.total).toEqual({ value: 20, suppressed: false });
    }
  });

  it('secondary suppression: one small cell takes the next-smallest with it', async () => {
    const s = (
      await t.call({ method: 'GET', url: api(`/case-statistics?${monthQuery}`), cookie: cookies.chair })
    ).json() as CaseStatistics;
    // Outcome: 12 connected, 7 open, 1 rejected → the 1 is withheld, and so is the 7.
    expect(value(s.byOutcome, 'risk-lowered-connected')).toBe(12);
    expect(value(s.byOutcome, 'rejected')).toBe('x');
    expect(value(s.byOutcome, 'open')).toBe('x');
    expect(value(s.byOutcome, 'services-declined')).toBe(0);
    // Lead sector: 12 police-led, 5 education, 3 without a lead → 3 withheld, and the 5 with it.
    expect(value(s.byLeadSector, 'police_justice')).toBe(12);
    expect(value(s.byLeadSector, 'none')).toBe('x');
    expect(value(s.byLeadSector, 'education')).toBe('x');
    expect(value(s.byLeadSector, 'health')).toBe(0);
  });

  it('counts risk factor categories once per situation, with the taxonomy’s labels', async () => {
    const s = (
      await t.call({ method: 'GET', url: api(`/case-statistics?${monthQuery}`), cookie: cookies.chair })
    ).json() as CaseStatistics;
    const d = s.byRiskCategory;
    expect(d.additive).toBe(false);
    expect(value(d, 'education')).toBe(12); // truancy + not-in-school on the same 12 situations
    expect(value(d, 'housing')).toBe(5);
    expect(value(d, 'substance-use')).toBe(5);
    expect(value(d, 'neighbourhood')).toBe('x'); // 2
    expect(value(d, 'none')).toBe('x'); // the rejected one
    expect(value(d, 'gangs')).toBe(0);
    const education = getTaxonomy('risk').categories.find((c) => c.id === 'education')!;
    expect(cell(d, 'education').labels).toEqual(education.labels);
    expect(Object.keys(cell(d, 'education').labels!)).toEqual(['en', 'fr', 'ar', 'sw', 'mk', 'sq']);
  });

  it('widens the period to whole months, filters by workflow, and refuses to before from', async () => {
    const day = (offset: number) => new Date(statsMonth.getTime() + offset * DAY).toISOString().slice(0, 10);
    const widened = (
      await t.call({
        method: 'GET',
        url: api(`/case-statistics?from=${day(10)}&to=${day(12)}`),
        cookie: cookies.chair,
      })
    ).json() as CaseStatistics;
    expect(widened.total.value).toBe(20); // the situations of day 4 are in the same month
    expect(widened.period).toEqual({
      from: day(0),
      to: new Date(Date.UTC(statsMonth.getUTCFullYear(), statsMonth.getUTCMonth() + 1, 0))
        .toISOString()
        .slice(0, 10),
    });
    const channel = (
      await t.call({
        method: 'GET',
        url: api(`/case-statistics?${monthQuery}&workflow=channel`),
        cookie: cookies.chair,
      })
    ).json() as CaseStatistics;
    expect(channel.total).toEqual({ value: 0, suppressed: false });
    expect(channel.byStage.cells.map((c) => c.key)).toEqual([
      'screening',
      'assessment',
      'consent',
      'support',
      'closed',
      'rejected',
    ]);
    expect(channel.byStage.cells.every((c) => c.value === 0)).toBe(true);

    const all = (
      await t.call({ method: 'GET', url: api('/case-statistics'), cookie: cookies.chair })
    ).json() as CaseStatistics;
    expect(all.total.value).toBe(38);

    const backwards = await t.call({
      method: 'GET',
      url: api(`/case-statistics?from=${day(40)}&to=${day(0)}`),
      cookie: cookies.chair,
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.headers['content-type']).toContain('application/problem+json');
    expect(backwards.json().code).toBe('validation');
    const bad = await t.call({
      method: 'GET',
      url: api('/case-statistics?from=yesterday'),
      cookie: cookies.chair,
    });
    expect(bad.statusCode).toBe(400);
  });

  it('counts the city’s own categories, and codes no taxonomy knows as unmapped', async () => {
    const s = (
      await t.call({
        method: 'GET',
        url: api('/case-statistics?from=2020-01-01&to=2020-01-31'),
        cookie: cookies.chair,
      })
    ).json() as CaseStatistics;
    expect(value(s.byRiskCategory, 'city:water')).toBe(5);
    expect(cell(s.byRiskCategory, 'city:water').labels?.en).toBe('Water safety');
    expect(cell(s.byRiskCategory, 'city:water').labels?.fr).toBe('Water safety');
    expect(value(s.byRiskCategory, 'unmapped')).toBe(5);
    const csv = await t.call({
      method: 'GET',
      url: api('/case-statistics/rtd.csv?from=2020-01-01&to=2020-01-31'),
      cookie: cookies.chair,
    });
    const rows = csv.body.split('\r\n').slice(1, -1).map(splitCsvLine);
    expect(rows).toHaveLength(10);
    expect(rows.filter((f) => f[7] === 'Water safety' && f[8] === 'River safety')).toHaveLength(5);
    expect(rows.filter((f) => f[7] === 'Unmapped' && f[8] === 'N/A')).toHaveLength(5);
    expect(csv.body).not.toContain('John');
  });
});

describe('GET /case-statistics/equity', () => {
  it('gives 8 quarters with shares only where counts and bases are 5 or more', async () => {
    const r = await t.call({ method: 'GET', url: api('/case-statistics/equity'), cookie: cookies.chair });
    expect(r.statusCode).toBe(200);
    const e = r.json() as CaseEquity;
    expect(e.quarters).toHaveLength(8);
    const [current, previous, twoBack] = [...e.quarters].reverse();
    expect(current.from).toBe(quarterStart(0).toISOString().slice(0, 10));
    expect(current.quarter).toMatch(/^\d{4}-Q[1-4]$/);

    // Current quarter: 10 adults, 5 police-led of 10 with a lead; consent 6 of 10 (the 4 are withheld,
    // so the 6 goes with them and no share is given).
    expect(current.total).toEqual({ value: 10, suppressed: false });
    expect(current.minors).toMatchObject({ value: 0, suppressed: false, share: 0 });
    expect(current.policeLed).toMatchObject({ value: 5, suppressed: false, share: 0.5 });
    expect(current.policeLed.base).toEqual({ value: 10, suppressed: false });
    expect(current.gender.find((g) => g.key === 'female')).toMatchObject({ value: 5, share: 0.5 });
    expect(current.consentRecorded).toMatchObject({ value: null, suppressed: true, share: null });

    // Previous quarter (the statistics set): 12 minors of 20; withdrawn consent does not count.
    expect(previous.total.value).toBe(20);
    expect(previous.minors).toMatchObject({ value: 12, share: 0.6 });
    expect(previous.gender.find((g) => g.key === 'male')).toMatchObject({ value: 5, share: 0.25 });
    expect(previous.gender.find((g) => g.key === 'other')).toMatchObject({ suppressed: true, share: null });
    expect(previous.consentRecorded.value).toBe(15);
    // 4 without consent are withheld, so the base (consent + none) is too, and with it the share.
    expect(previous.consentRecorded.base.suppressed).toBe(true);
    expect(previous.consentRecorded.share).toBeNull();
    // 12 police-led, 5 school-led, 3 without a lead: the 3 and the 5 are withheld, so is the base.
    expect(previous.policeLed).toMatchObject({ value: 12, share: null });

    // Two quarters back: 3 situations, everything withheld.
    expect(twoBack.total).toEqual({ value: null, suppressed: true });
    expect(twoBack.minors).toMatchObject({ value: null, suppressed: true, share: null });
    expect(twoBack.policeLed.share).toBeNull();
    // Nothing before that.
    expect(e.quarters[0].total).toEqual({ value: 0, suppressed: false });
  });
});

describe('GET /case-statistics/rtd.csv', () => {
  it('is one row per situation and risk factor, RTD headers, nothing identifying', async () => {
    const r = await t.call({
      method: 'GET',
      url: api(`/case-statistics/rtd.csv?${monthQuery}`),
      cookie: cookies.network_analyst,
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toMatch(/^attachment; filename="rtd-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = r.body.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe(rtdColumns.join(','));
    const rows = lines.slice(1).map(splitCsvLine);
    // 12 × 2 + 5 × 2 + 2 × 1 factor rows; the rejected situation is left out.
    expect(rows).toHaveLength(36);
    const col = (name: (typeof rtdColumns)[number]) => rtdColumns.indexOf(name);
    expect(new Set(rows.map((f) => f[col('Discussion ID')])).size).toBe(19);
    expect(rows.every((f) => f[col('Situation Table')] === '"Statville, ""North"""')).toBe(true);
    expect(rows.some((f) => f[col('Situation Type')] === 'Group')).toBe(false);
    const truancy = getTaxonomy('risk')
      .categories.find((c) => c.id === 'education')!
      .subtypes.find((s) => s.id === 'truancy')!.labels.en;
    const truancyRows = rows.filter((f) => f[col('Risk Factor')] === truancy);
    expect(truancyRows).toHaveLength(12);
    expect(truancyRows[0][col('Age Group')]).toBe('12-17');
    expect(truancyRows[0][col('Gender')]).toBe('Female');
    expect(truancyRows[0][col('Lead Agency Sector')]).toBe('Police and justice');
    expect(truancyRows[0][col('Assisting Agency Sectors')]).toBe('Education; Health');
    expect(truancyRows[0][col('Conclusion')]).toBe('Risk lowered: connected to services');
    expect(truancyRows[0][col('Year')]).toBe(String(statsMonth.getUTCFullYear()));
    expect(truancyRows[0][col('Quarter')]).toBe(`Q${Math.floor(statsMonth.getUTCMonth() / 3) + 1}`);
    const open = rows.find((f) => f[col('Situation Type')] === 'Place')!;
    expect(open[col('Lead Agency Sector')]).toBe('N/A');
    expect(open[col('Conclusion')]).toBe('Open');

    // No reference, internal id, neighbourhood, organisation name or exact date.
    const ids = await t.deps.db
      .select({ id: caseSituation.id })
      .from(caseSituation)
      .where(eq(caseSituation.cityId, cityId));
    expect(r.body).not.toMatch(/ST-2026-/);
    expect(r.body).not.toMatch(/Riverside|Police D|School A|Clinic B/);
    expect(r.body).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(r.body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    for (const { id } of ids) expect(r.body).not.toContain(id);

    // A fresh export draws fresh Discussion IDs.
    const again = await t.call({
      method: 'GET',
      url: api(`/case-statistics/rtd.csv?${monthQuery}`),
      cookie: cookies.chair,
    });
    const firstIds = new Set(rows.map((f) => f[0]));
    expect(
      again.body
        .split('\r\n')
        .slice(1, -1)
        .some((l) => firstIds.has(l.split(',')[0])),
    ).toBe(false);

    // The export is in the city's audit chain.
    const audited = await t.deps.db
      .select({ reason: auditEvent.reason })
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, cityId), eq(auditEvent.recordType, 'case_statistics')))
      .orderBy(auditEvent.seq);
    expect(audited.map((a) => a.reason)).toContain('rtd.csv, 19 situations');
  });
});

describe('who may read', () => {
  const routes = ['/case-statistics', '/case-statistics/equity', '/case-statistics/rtd.csv'];

  it('refuses the public (401), another city’s chair (404) and partners (403)', async () => {
    for (const path of routes) {
      expect((await t.call({ method: 'GET', url: api(path) })).statusCode).toBe(401);
      const other = await t.call({ method: 'GET', url: api(path), cookie: cookies.otherChair });
      expect(other.statusCode).toBe(404);
      expect(other.headers['content-type']).toContain('application/problem+json');
      expect((await t.call({ method: 'GET', url: api(path), cookie: cookies.partner })).statusCode).toBe(403);
    }
  });

  it('lets the network, liaisons, analysts and auditors read statistics; open data only to chair, coordinator, analyst', async () => {
    const expected: Record<string, [number, number, number]> = {
      chair: [200, 200, 200],
      coordinator: [200, 200, 200],
      member: [200, 200, 403],
      national_liaison: [200, 200, 403],
      network_analyst: [200, 200, 200],
      auditor: [200, 200, 403],
    };
    for (const [role, statuses] of Object.entries(expected)) {
      const got = [];
      for (const path of routes)
        got.push((await t.call({ method: 'GET', url: api(path), cookie: cookies[role] })).statusCode);
      expect(got, role).toEqual(statuses);
    }
  });
});

describe('API document', () => {
  it('lists the three routes, the CSV as text/csv', async () => {
    const doc = (await t.call({ method: 'GET', url: '/api/openapi.json' })).json();
    const paths = doc.paths as Record<string, { get?: { responses: Record<string, unknown> } }>;
    expect(paths['/api/cities/{cityId}/case-statistics'].get).toBeDefined();
    expect(paths['/api/cities/{cityId}/case-statistics/equity'].get).toBeDefined();
    expect(JSON.stringify(paths['/api/cities/{cityId}/case-statistics/rtd.csv'].get)).toContain('text/csv');
  });
});

describe('scale seed', () => {
  it('inserts situations with assignments and consents, counted by the statistics', async () => {
    const seedCity = await t.createCity('seedville', { require2faRoles: [] });
    const result = await seedScaleCases(t.deps.db, seedCity, { count: 700, seed: 7 });
    expect(result).toMatchObject({ situations: 700, organisations: 12 });
    expect(result.assignments).toBeGreaterThan(700);
    expect(result.consents).toBeGreaterThan(0);
    await t.createPerson({ email: 'seed-chair@s.test', cityId: seedCity, role: 'chair' });
    const cookie = await t.signIn('seed-chair@s.test');
    const s = (
      await t.call({ method: 'GET', url: `/api/cities/${seedCity}/case-statistics`, cookie })
    ).json() as CaseStatistics;
    expect(s.total.value).toBe(700);
    expect(value(s.byLeadSector, 'police_justice')).toBeGreaterThan(0);
    // A second run adds to the first (new references, the same organisations).
    const again = await seedScaleCases(t.deps.db, seedCity, { count: 10, seed: 7 });
    expect(again.organisations).toBe(12);
    const rows = await t.deps.db
      .select({ id: caseSituation.id })
      .from(caseSituation)
      .where(eq(caseSituation.cityId, seedCity));
    expect(rows).toHaveLength(710);
  });
});
