import crypto from 'node:crypto';
import { eq, sql, type SQL } from 'drizzle-orm';
import {
  SMALL_CELL_MIN,
  rtdColumns,
  type CaseEquity,
  type CaseStatistics,
  type CaseStatisticsQuery,
  type EquityShare,
  type StatisticCell,
  type StatisticDimension,
  type SuppressedCount,
} from '../../../contracts/case-statistics.contract.js';
import { stageCategories, type WorkflowDefinition } from '../../../contracts/case-workflow.contract.js';
import { caseWorkflowDefinition } from './cases.table.js';
import { builtInWorkflow, builtInWorkflows } from './cases.workflow.js';
import {
  ageBands,
  channelStages,
  fourFilterStages,
  genders,
  outcomeCodes,
  subjectKinds,
  type CaseKind,
} from '../../../contracts/cases.contract.js';
import { sectors } from '../../../contracts/network.contract.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import { suppressCounts } from '../../platform/disclosure.js';
import { rawRows, type Db } from '../../platform/db/index.js';
import { AppError } from '../../platform/errors.js';
import { city } from '../cities/index.js';
import { network } from '../network/index.js';
import { caseSettings } from './cases.table.js';
import { getTaxonomy, mergeCityTaxonomy, type FactorTaxonomy } from './cases.taxonomies.js';

/*
 * De-identified statistics, the equity panel and the RTD-shaped open-data export (docs/CASES.md,
 * "Statistics"). Counting happens in SQL over the whole city; small cells are withheld here, by one
 * pure function, before anything leaves the server.
 */

// ---------- small-cell suppression: server/platform/disclosure.ts ----------

const shown = (value: number): SuppressedCount => ({ value, suppressed: false });
const withheld = (): SuppressedCount => ({ value: null, suppressed: true });

/** A dimension from counts by key: the expected keys in order, then any unexpected key found. */
function dimension(
  expected: readonly string[],
  counts: Map<string, number>,
  options: { additive?: boolean; total?: number; labels?: Map<string, Record<string, string>> } = {},
): StatisticDimension {
  const keys = [...expected, ...[...counts.keys()].filter((k) => !expected.includes(k)).sort()];
  const additive = options.additive ?? true;
  const result = suppressCounts(
    keys.map((k) => counts.get(k) ?? 0),
    additive ? {} : { total: options.total ?? 0 },
  );
  return {
    additive,
    total: result.total,
    cells: keys.map((key, i): StatisticCell => {
      const labels = options.labels?.get(key);
      return { key, ...result.cells[i], ...(labels ? { labels } : {}) };
    }),
  };
}

// ---------- period and filters ----------

const validation = (path: string, message: string) =>
  new AppError('validation', 400, message, [{ path, code: 'invalid', message }]);

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The period counted, widened to whole calendar months (UTC): two requests a day apart cannot then
 * isolate the situations of a single day by subtraction.
 */
export function monthPeriod(query: { from?: string; to?: string }) {
  const from = query.from ? new Date(`${query.from.slice(0, 7)}-01T00:00:00Z`) : null;
  let toExclusive: Date | null = null;
  if (query.to) {
    const [y, m] = query.to.split('-').map(Number);
    toExclusive = new Date(Date.UTC(y, m, 1));
  }
  if (from && toExclusive && from >= toExclusive) throw validation('query.to', '"to" is before "from"');
  return {
    from,
    toExclusive,
    label: {
      from: from ? isoDay(from) : null,
      to: toExclusive ? isoDay(new Date(toExclusive.getTime() - 86_400_000)) : null,
    },
  };
}

interface Filters {
  from?: Date | null;
  toExclusive?: Date | null;
  workflow?: CaseKind;
  /** `workflow:version:stage` → common category, as one JSON parameter (stageCategoryJson). */
  categories?: string;
}

/**
 * Every stage of every workflow the city may have situations on, keyed `workflow:version:stage`
 * (and `workflow:*:stage` for the built-in files), mapped onto the common categories; the SQL maps
 * each situation with it, so cities running different models are counted alike.
 */
export async function stageCategoryJson(db: Db, cityId: string): Promise<string> {
  const map: Record<string, string> = {};
  for (const def of builtInWorkflows().values()) {
    for (const st of def.stages) map[`${def.id}:*:${st.id}`] = st.category;
  }
  const stored = await db
    .select({
      workflowId: caseWorkflowDefinition.workflowId,
      version: caseWorkflowDefinition.version,
      definition: caseWorkflowDefinition.definition,
    })
    .from(caseWorkflowDefinition)
    .where(eq(caseWorkflowDefinition.cityId, cityId));
  for (const row of stored) {
    const def = row.definition as unknown as WorkflowDefinition;
    for (const st of def.stages) map[`${row.workflowId}:${row.version}:${st.id}`] = st.category;
  }
  return JSON.stringify(map);
}

/** The stage's common category in SQL (`s` = a case_situation row). */
function categorySql(json: string | undefined): SQL {
  const fallback = sql`case when s.stage in ('closed', 'rejected') then s.stage
      when s.stage in ('filter-1', 'filter-2', 'screening') then 'intake'
      when s.stage in ('filter-4', 'support') then 'in-support' else 'accepted' end`;
  if (!json) return fallback;
  return sql`coalesce(${json}::jsonb ->> (s.workflow || ':' || s.workflow_version || ':' || s.stage),
      ${json}::jsonb ->> (s.workflow || ':*:' || s.stage), ${fallback})`;
}

/**
 * The situations of a city, one row each, with the sector of the lead agency (the active lead, else
 * the latest one: a closed situation keeps the lead it had).
 */
function situations(cityId: string, f: Filters): SQL {
  const where: SQL[] = [sql`s.city_id = ${cityId}`];
  if (f.from) where.push(sql`s.created_at >= ${f.from.toISOString()}::timestamptz`);
  if (f.toExclusive) where.push(sql`s.created_at < ${f.toExclusive.toISOString()}::timestamptz`);
  if (f.workflow) where.push(sql`s.workflow = ${f.workflow}`);
  return sql`select s.city_id, s.id, s.stage, ${categorySql(f.categories)} as category, s.subject_kind, s.age_band, s.gender, s.outcome,
      s.risk_factors, s.is_minor, s.created_at, l.sector as lead_sector
    from case_situation s
    left join (
      select distinct on (a.situation_id) a.situation_id, o.sector
      from case_assignment a
      join organisation o on o.city_id = a.city_id and o.id = a.organisation_id
      where a.city_id = ${cityId} and a.role = 'lead'
      order by a.situation_id, (a.ended_at is null) desc, a.assigned_at desc
    ) l on l.situation_id = s.id
    where ${sql.join(where, sql` and `)}`;
}

// ---------- risk taxonomy of the city ----------

export interface RiskMap {
  taxonomy: FactorTaxonomy;
  /** Category or sub-type id → its category id. */
  categoryOf: Map<string, string>;
  /** Id → English label (categories and sub-types), for the open-data export. */
  english: Map<string, string>;
}

/** The base risk taxonomy with the city's additions (case_settings.taxonomy_additions.risk). */
export async function cityRiskMap(db: Db, cityId: string): Promise<RiskMap> {
  const [row] = await db
    .select({ additions: caseSettings.taxonomyAdditions })
    .from(caseSettings)
    .where(eq(caseSettings.cityId, cityId));
  const base = getTaxonomy('risk');
  const additions = (row?.additions ?? {}).risk;
  let taxonomy: FactorTaxonomy = base;
  if (additions) {
    try {
      taxonomy = mergeCityTaxonomy(base, additions) as FactorTaxonomy;
    } catch {
      // Additions are validated when saved; an old, now invalid set must not take statistics down.
      taxonomy = base;
    }
  }
  const categoryOf = new Map<string, string>();
  const english = new Map<string, string>();
  for (const c of taxonomy.categories) {
    categoryOf.set(c.id, c.id);
    english.set(c.id, c.labels.en);
    for (const s of c.subtypes) {
      categoryOf.set(s.id, c.id);
      english.set(s.id, s.labels.en);
    }
  }
  return { taxonomy, categoryOf, english };
}

/** Code → category as one JSON parameter: a situation's codes are mapped and de-duplicated in SQL. */
function categoryJson(map: RiskMap): string {
  return JSON.stringify(Object.fromEntries(map.categoryOf));
}

// ---------- statistics ----------

/** The SQL statements behind `caseStatistics` (exported for the benchmark's bare baseline). */
export function statisticsSql(cityId: string, filters: Filters, map: RiskMap) {
  const base = situations(cityId, filters);
  const dimensions = sql`select
      case when grouping(stage) = 0 then 'stage'
           when grouping(category) = 0 then 'category'
           when grouping(subject_kind) = 0 then 'subjectKind'
           when grouping(age_band) = 0 then 'ageBand'
           when grouping(gender) = 0 then 'gender'
           when grouping(outcome_key) = 0 then 'outcome'
           else 'leadSector' end as dim,
      coalesce(stage, category, subject_kind, age_band, gender, outcome_key, lead_key) as key,
      count(*)::int as n
    from (
      select stage, category, subject_kind, age_band, gender,
        case when stage = 'rejected' then 'rejected'
             when stage <> 'closed' then 'open'
             else coalesce(outcome, 'not-recorded') end as outcome_key,
        coalesce(lead_sector, 'none') as lead_key
      from (${base}) b
    ) s
    group by grouping sets ((stage), (category), (subject_kind), (age_band), (gender), (outcome_key), (lead_key))`;
  // Each situation's codes become its distinct categories first, so it counts once per category.
  const risk = sql`select coalesce(c.category, 'none') as key, count(*)::int as n
    from (${base}) s
    left join lateral (
      select distinct coalesce(${categoryJson(map)}::jsonb ->> f.code, 'unmapped') as category
      from unnest(s.risk_factors) as f(code)
    ) c on true
    group by 1`;
  return { dimensions, risk };
}

/** Counts by stage, situation type, age band, gender, risk category, outcome and lead sector; small cells withheld. */
export async function caseStatistics(
  db: Db,
  cityId: string,
  query: CaseStatisticsQuery,
): Promise<CaseStatistics> {
  const period = monthPeriod(query);
  const [map, stageMap] = await Promise.all([cityRiskMap(db, cityId), stageCategoryJson(db, cityId)]);
  const q = statisticsSql(cityId, { ...period, workflow: query.workflow, categories: stageMap }, map);
  const [dimRows, riskRows] = await Promise.all([
    rawRows<{ dim: string; key: string; n: number }>(db, q.dimensions),
    rawRows<{ key: string; n: number }>(db, q.risk),
  ]);
  const byDim = new Map<string, Map<string, number>>();
  for (const r of dimRows) {
    const m = byDim.get(r.dim) ?? new Map<string, number>();
    m.set(r.key, Number(r.n));
    byDim.set(r.dim, m);
  }
  const counts = (dim: string) => byDim.get(dim) ?? new Map<string, number>();
  const total = [...counts('stage').values()].reduce((a, b) => a + b, 0);
  const stages: readonly string[] =
    query.workflow === 'four-filter'
      ? fourFilterStages
      : query.workflow === 'channel'
        ? channelStages
        : query.workflow
          ? (builtInWorkflow(query.workflow)?.stages.map((st) => st.id) ?? [])
          : [...new Set([...fourFilterStages, ...channelStages])];
  const riskCounts = new Map(riskRows.filter((r) => Number(r.n) > 0).map((r) => [r.key, Number(r.n)]));
  const categories = map.taxonomy.categories;
  return {
    period: period.label,
    workflow: query.workflow ?? null,
    smallCellMin: SMALL_CELL_MIN,
    total: suppressCounts([total]).total,
    byStage: dimension(stages, counts('stage')),
    byCategory: dimension(stageCategories, counts('category')),
    bySubjectKind: dimension(subjectKinds, counts('subjectKind')),
    byAgeBand: dimension(ageBands, counts('ageBand')),
    byGender: dimension(genders, counts('gender')),
    byRiskCategory: dimension([...categories.map((c) => c.id), 'none'], riskCounts, {
      additive: false,
      total,
      labels: new Map(categories.map((c) => [c.id, c.labels as Record<string, string>])),
    }),
    byOutcome: dimension([...outcomeCodes, 'open', 'rejected'], counts('outcome')),
    byLeadSector: dimension([...sectors, 'none'], counts('leadSector')),
  };
}

// ---------- equity panel ----------

const QUARTERS = 8;

/** The start (UTC) of the calendar quarter `back` quarters before the one containing `now`. */
function quarterStart(now: Date, back: number): Date {
  const q = Math.floor(now.getUTCMonth() / 3) - back;
  return new Date(Date.UTC(now.getUTCFullYear(), q * 3, 1));
}

/** A share from a suppressed partition: count and base are shown only when every part of them is. */
function share(count: SuppressedCount, baseParts: SuppressedCount[]): EquityShare {
  const baseHidden = baseParts.some((p) => p.suppressed);
  const base = baseHidden ? withheld() : shown(baseParts.reduce((sum, p) => sum + (p.value ?? 0), 0));
  const value = !count.suppressed && !base.suppressed && base.value ? count.value! / base.value : null;
  return { ...count, base, share: value === null ? null : Math.round(value * 1000) / 1000 };
}

/** Per quarter, the last 8 quarters: whom the network works with; small cells withheld. */
export async function caseEquity(
  db: Db,
  cityId: string,
  query: { workflow?: CaseKind },
  now = new Date(),
): Promise<CaseEquity> {
  const start = quarterStart(now, QUARTERS - 1);
  const base = situations(cityId, { from: start, workflow: query.workflow });
  const rows = await rawRows<{
    q: string;
    gender: string;
    is_minor: boolean;
    lead: 'police' | 'other' | 'none';
    consent: 'yes' | 'no' | 'rejected';
    n: number;
  }>(
    db,
    sql`select to_char(date_trunc('quarter', s.created_at at time zone 'UTC'), 'YYYY-MM-DD') as q,
        s.gender, s.is_minor,
        case when s.lead_sector is null then 'none'
             when s.lead_sector = 'police_justice' then 'police' else 'other' end as lead,
        case when s.stage = 'rejected' then 'rejected'
             when exists (select 1 from case_consent c where c.city_id = s.city_id
               and c.situation_id = s.id and c.withdrawn_at is null) then 'yes'
             else 'no' end as consent,
        count(*)::int as n
      from (${base}) s
      group by 1, 2, 3, 4, 5`,
  );
  const quarters = Array.from({ length: QUARTERS }, (_, i) => quarterStart(now, QUARTERS - 1 - i));
  return {
    workflow: query.workflow ?? null,
    smallCellMin: SMALL_CELL_MIN,
    quarters: quarters.map((from, i) => {
      const to = i + 1 < quarters.length ? quarters[i + 1] : quarterStart(now, -1);
      const key = isoDay(from);
      const mine = rows.filter((r) => r.q === key);
      const count = (keep: (r: (typeof mine)[number]) => boolean) =>
        mine.filter(keep).reduce((sum, r) => sum + Number(r.n), 0);
      const total = count(() => true);
      const minors = suppressCounts([count((r) => r.is_minor), count((r) => !r.is_minor)]);
      const genderKeys = [
        ...genders,
        ...new Set(mine.map((r) => r.gender).filter((g) => !(genders as readonly string[]).includes(g))),
      ];
      const gender = suppressCounts(genderKeys.map((g) => count((r) => r.gender === g)));
      const lead = suppressCounts(['police', 'other', 'none'].map((k) => count((r) => r.lead === k)));
      const consent = suppressCounts(['yes', 'no', 'rejected'].map((k) => count((r) => r.consent === k)));
      const all = suppressCounts([total]).total;
      return {
        quarter: `${from.getUTCFullYear()}-Q${Math.floor(from.getUTCMonth() / 3) + 1}`,
        from: key,
        to: isoDay(new Date(to.getTime() - 86_400_000)),
        total: all,
        minors: share(minors.cells[0], [all]),
        gender: genders.map((g) => ({ key: g, ...share(gender.cells[genderKeys.indexOf(g)], [all]) })),
        policeLed: share(lead.cells[0], [lead.cells[0], lead.cells[1]]),
        consentRecorded: share(consent.cells[0], [consent.cells[0], consent.cells[1]]),
      };
    }),
  };
}

// ---------- RTD-shaped open data ----------

/*
 * Open-data vocabulary: English, like the RTD's own headers and values, and fixed here rather than
 * taken from the UI's translations, so that a wording change in the app never changes the data format.
 */
const SUBJECT_EN: Record<string, string> = {
  person: 'Person',
  family: 'Family',
  group: 'Group',
  place: 'Place',
};
const GENDER_EN: Record<string, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  'not-stated': 'Not stated',
};
/** The common stage categories (contracts/case-workflow.contract.ts), as the export prints them. */
const CATEGORY_EN: Record<string, string> = {
  intake: 'Intake',
  accepted: 'Accepted',
  'in-support': 'In support',
  closed: 'Closed',
  rejected: 'Rejected',
};
const OUTCOME_EN: Record<string, string> = {
  'risk-lowered-connected': 'Risk lowered: connected to services',
  'risk-lowered-informed': 'Risk lowered: informed of services',
  'risk-remains-referred': 'Risk remains: referred elsewhere',
  'services-declined': 'Services declined',
  'moved-or-lost-contact': 'Moved or contact lost',
  other: 'Other',
};
const SECTOR_EN: Record<string, string> = {
  education: 'Education',
  social_services: 'Social services',
  mental_health: 'Mental health',
  health: 'Health',
  youth: 'Youth',
  community_affairs: 'Community affairs',
  police_justice: 'Police and justice',
  religious: 'Religious',
  women_led: 'Women-led',
  youth_led: 'Youth-led',
  research: 'Research',
  private_sector: 'Private sector',
  other: 'Other',
};
const NA = 'N/A';

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, line break or edge space; quotes
 * doubled. A field a spreadsheet would run as a formula (= + - @ or a tab first) gets a leading
 * apostrophe — the network name is the one free text here.
 */
export function csvField(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (fields: readonly (string | number)[]) => fields.map(csvField).join(',');

/**
 * The RTD-shaped export: one row per situation and risk factor (one row with N/A for a situation
 * without any), rejected situations left out (their data is minimised). No reference, internal id,
 * neighbourhood, exact date, name or organisation name: a random Discussion ID per export, year and
 * quarter, sectors. The export is audited.
 */
export async function rtdCsv(
  db: Db,
  cityId: string,
  auditActor: AuditActor,
  query: CaseStatisticsQuery,
): Promise<{ csv: string; filename: string; rows: number }> {
  const period = monthPeriod(query);
  const [map, [names]] = await Promise.all([
    cityRiskMap(db, cityId),
    db
      .select({ city: city.name, network: network.name })
      .from(city)
      .leftJoin(network, eq(network.cityId, city.id))
      .where(eq(city.id, cityId)),
  ]);
  const tableName = names?.network ?? names?.city ?? '';
  const base = situations(cityId, {
    ...period,
    workflow: query.workflow,
    categories: await stageCategoryJson(db, cityId),
  });
  const rows = await rawRows<{
    year: number;
    quarter: number;
    age_band: string;
    gender: string;
    subject_kind: string;
    risk_factors: string[];
    stage: string;
    category: string;
    outcome: string | null;
    lead_sector: string | null;
    assisting: string[] | null;
  }>(
    db,
    sql`select extract(year from s.created_at at time zone 'UTC')::int as year,
        extract(quarter from s.created_at at time zone 'UTC')::int as quarter,
        s.age_band, s.gender, s.subject_kind, s.risk_factors, s.stage, s.category, s.outcome,
        s.lead_sector,
        (select array_agg(distinct o.sector order by o.sector)
           from case_assignment a
           join organisation o on o.city_id = a.city_id and o.id = a.organisation_id
           where a.city_id = s.city_id and a.situation_id = s.id and a.role = 'assisting') as assisting
      from (${base}) s
      where s.stage <> 'rejected'`,
  );
  const ids = new Set<string>();
  const discussionId = () => {
    let id: string;
    do id = crypto.randomBytes(5).toString('hex');
    while (ids.has(id));
    ids.add(id);
    return id;
  };
  const categoryOrder = new Map(map.taxonomy.categories.map((c, i) => [c.id, i]));
  const sector = (s: string | null) => (s ? (SECTOR_EN[s] ?? 'Other') : NA);
  type Line = { sort: string; fields: (string | number)[] };
  const lines: Line[] = [];
  for (const r of rows) {
    const id = discussionId();
    const common = {
      before: [id, tableName, Number(r.year), `Q${Number(r.quarter)}`],
      person: [
        r.age_band === 'unknown' ? 'Unknown' : r.age_band,
        GENDER_EN[r.gender] ?? 'Not stated',
        SUBJECT_EN[r.subject_kind] ?? NA,
      ],
      after: [
        sector(r.lead_sector),
        (r.assisting ?? []).length ? [...new Set((r.assisting ?? []).map(sector))].join('; ') : NA,
        r.stage === 'closed' ? (OUTCOME_EN[r.outcome ?? ''] ?? 'Other') : 'Open',
        CATEGORY_EN[r.category] ?? 'Accepted',
      ],
    };
    const factors = [...new Set(r.risk_factors ?? [])];
    const riskCells = factors.length
      ? factors
          .map((code) => {
            const category = map.categoryOf.get(code);
            // A code the taxonomy does not know is not printed: codes are not validated free text.
            if (!category) return { order: 1e6, cells: ['Unmapped', NA] };
            const factor = code === category ? 'Not specified' : map.english.get(code)!;
            return { order: categoryOrder.get(category) ?? 1e6, cells: [map.english.get(category)!, factor] };
          })
          .sort((a, b) => a.order - b.order || a.cells[1].localeCompare(b.cells[1]))
          .map((x) => x.cells)
      : [[NA, NA]];
    for (const cells of riskCells) {
      lines.push({
        sort: `${r.year}-${r.quarter}-${id}`,
        fields: [...common.before, ...common.person, ...cells, ...common.after],
      });
    }
  }
  // Rows in random order within a quarter (by the random id): row order must not tell creation order.
  lines.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
  const csv = [csvLine(rtdColumns), ...lines.map((l) => csvLine(l.fields))].join('\r\n') + '\r\n';
  await appendAudit(db, cityId, auditActor, {
    action: 'export',
    recordType: 'case_statistics',
    reason: `rtd.csv, ${rows.length} situations`,
  });
  return { csv, filename: `rtd-${isoDay(new Date())}.csv`, rows: lines.length };
}
