import { and, count, desc, eq, gte, inArray, isNotNull, isNull, lt, max, sql } from 'drizzle-orm';
import {
  CITY_NETWORK_JOIN_SUBJECT,
  MIN_POOLED_CITIES,
  type NetworkStatistics,
  type TemplateKind,
} from '../../../contracts/city-networks.contract.js';
import { stageCategories, type WorkflowDefinition } from '../../../contracts/case-workflow.contract.js';
import { sessionSexes } from '../../../contracts/activities.contract.js';
import { consultationFormats } from '../../../contracts/risk-map.contract.js';
import { safeSpaceKinds } from '../../../contracts/safe-space.contract.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import { user } from '../../platform/auth/auth.table.js';
import type { Db } from '../../platform/db/index.js';
import { SMALL_CELL_MIN } from '../../platform/disclosure.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { authorize, type Actor } from '../../platform/policy.js';
import { activitySession } from '../activities/index.js';
import { builtInWorkflows, caseSituation, caseWorkflowDefinition, categoryOf } from '../cases/index.js';
import { city } from '../cities/index.js';
import { INDICATOR_LIBRARY, indicator, indicatorValue } from '../indicators/index.js';
import { adoptionDecisions, adoptionIneligibility, decision } from '../meetings/index.js';
import { network } from '../network/index.js';
import { riskConsultation } from '../risk-map/index.js';
import { safeSpaceSubmission } from '../safe-space/index.js';
import { torVersion } from '../tor/index.js';
import { poolMeasure, type CityLine } from './city-networks.pooling.js';
import {
  cityNetwork,
  cityNetworkAnalyst,
  cityNetworkImport,
  cityNetworkMember,
  cityNetworkTemplate,
} from './city-networks.table.js';

const NOT_ABOUT_IT = 'the decision is not about joining this network';

type NetworkRow = typeof cityNetwork.$inferSelect;

const active = (networkId: string) =>
  and(eq(cityNetworkMember.networkId, networkId), isNull(cityNetworkMember.leftAt));

async function memberCounts(db: Db, ids?: string[]): Promise<Map<string, number>> {
  const rows = await db
    .select({ networkId: cityNetworkMember.networkId, n: count() })
    .from(cityNetworkMember)
    .where(and(isNull(cityNetworkMember.leftAt), ids ? inArray(cityNetworkMember.networkId, ids) : undefined))
    .groupBy(cityNetworkMember.networkId);
  return new Map(rows.map((r) => [r.networkId, Number(r.n)]));
}

function toNetwork(row: NetworkRow, members: number) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as 'international' | 'national' | 'regional',
    description: row.description,
    memberCount: members,
    createdAt: row.createdAt.toISOString(),
  };
}

async function findNetwork(db: Db, networkId: string): Promise<NetworkRow> {
  const [row] = await db.select().from(cityNetwork).where(eq(cityNetwork.id, networkId));
  if (!row) throw notFound();
  return row;
}

// ---------------------------------------------------------------------------------------------
// Platform level: networks and their analysts

/** Creates a network of cities (platform admin). */
export async function createNetwork(
  db: Db,
  actor: Actor,
  input: { name: string; kind: 'international' | 'national' | 'regional'; description: string },
) {
  authorize(actor, 'city-networks.create');
  const [row] = await db
    .insert(cityNetwork)
    .values({ ...input, createdBy: actor.userId })
    .returning();
  return toNetwork(row, 0);
}

/** Designates a person (by e-mail) as an analyst of the network (platform admin). */
export async function addAnalyst(db: Db, actor: Actor, networkId: string, email: string) {
  authorize(actor, 'city-networks.create');
  await findNetwork(db, networkId);
  const [person] = await db.select({ id: user.id }).from(user).where(eq(user.email, email.toLowerCase()));
  if (!person)
    throw new AppError('validation', 400, 'No account with this e-mail', [
      { path: 'body.email', code: 'invalid', message: 'No account with this e-mail' },
    ]);
  await db.insert(cityNetworkAnalyst).values({ networkId, userId: person.id }).onConflictDoNothing();
  return { userId: person.id };
}

/** The networks a platform admin oversees (all) or the caller analyses. */
export async function listNetworks(db: Db, actor: Actor) {
  const rows = actor.isPlatformAdmin
    ? await db.select().from(cityNetwork).orderBy(cityNetwork.name)
    : (
        await db
          .select({ n: cityNetwork })
          .from(cityNetwork)
          .innerJoin(cityNetworkAnalyst, eq(cityNetworkAnalyst.networkId, cityNetwork.id))
          .where(eq(cityNetworkAnalyst.userId, actor.userId))
          .orderBy(cityNetwork.name)
      ).map((r) => r.n);
  const counts = await memberCounts(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => toNetwork(r, counts.get(r.id) ?? 0)) };
}

/** Analysts of the network and platform admins read its aggregates; anyone else learns nothing (404). */
async function requireAnalyst(db: Db, actor: Actor, networkId: string): Promise<NetworkRow> {
  const row = await findNetwork(db, networkId);
  if (actor.isPlatformAdmin) return row;
  const [designated] = await db
    .select({ userId: cityNetworkAnalyst.userId })
    .from(cityNetworkAnalyst)
    .where(and(eq(cityNetworkAnalyst.networkId, networkId), eq(cityNetworkAnalyst.userId, actor.userId)));
  if (!designated) throw notFound();
  return row;
}

// ---------------------------------------------------------------------------------------------
// Statistics: one grouped query per measure over every member city, then pooling (pure).

type Counts = Map<string, Map<string, number>>; // cityId → category → count

function add(counts: Counts, cityId: string, key: string, n: number) {
  const m = counts.get(cityId) ?? new Map<string, number>();
  m.set(key, (m.get(key) ?? 0) + n);
  counts.set(cityId, m);
}

/** The raw counts of every active member of the network for a calendar year (never sent as such). */
export async function rawNetworkCounts(db: Db, networkId: string, year: number) {
  const members = db
    .select({ cityId: cityNetworkMember.cityId })
    .from(cityNetworkMember)
    .where(active(networkId));
  const from = new Date(Date.UTC(year, 0, 1));
  const to = new Date(Date.UTC(year + 1, 0, 1));
  const fromDay = `${year}-01-01`;
  const toDay = `${year + 1}-01-01`;

  const [caseRows, definitions, sessions, consultations, submissions, indicatorRows] = await Promise.all([
    db
      .select({
        cityId: caseSituation.cityId,
        workflow: caseSituation.workflow,
        version: caseSituation.workflowVersion,
        stage: caseSituation.stage,
        n: count(),
      })
      .from(caseSituation)
      .where(
        and(
          inArray(caseSituation.cityId, members),
          gte(caseSituation.createdAt, from),
          lt(caseSituation.createdAt, to),
        ),
      )
      .groupBy(
        caseSituation.cityId,
        caseSituation.workflow,
        caseSituation.workflowVersion,
        caseSituation.stage,
      ),
    db
      .select({
        cityId: caseWorkflowDefinition.cityId,
        workflowId: caseWorkflowDefinition.workflowId,
        version: caseWorkflowDefinition.version,
        definition: caseWorkflowDefinition.definition,
      })
      .from(caseWorkflowDefinition)
      .where(inArray(caseWorkflowDefinition.cityId, members)),
    // Attendance rows (one per sex) summed in SQL: one row per city and sex comes back, not every session.
    db
      .select({
        cityId: activitySession.cityId,
        sex: sql<number>`r.ord`,
        n: sql<number>`sum((select coalesce(sum(v::int), 0) from jsonb_array_elements_text(r.row) v))`,
      })
      .from(activitySession)
      .innerJoin(
        sql`jsonb_array_elements(${activitySession.attendance}) with ordinality as r(row, ord)`,
        sql`true`,
      )
      .where(
        and(
          inArray(activitySession.cityId, members),
          gte(activitySession.heldOn, fromDay),
          lt(activitySession.heldOn, toDay),
        ),
      )
      .groupBy(activitySession.cityId, sql`r.ord`),
    db
      .select({ cityId: riskConsultation.cityId, format: riskConsultation.format, n: count() })
      .from(riskConsultation)
      .where(
        and(
          inArray(riskConsultation.cityId, members),
          gte(riskConsultation.heldOn, fromDay),
          lt(riskConsultation.heldOn, toDay),
        ),
      )
      .groupBy(riskConsultation.cityId, riskConsultation.format),
    db
      .select({ cityId: safeSpaceSubmission.cityId, kind: safeSpaceSubmission.kind, n: count() })
      .from(safeSpaceSubmission)
      .where(
        and(
          inArray(safeSpaceSubmission.cityId, members),
          gte(safeSpaceSubmission.receivedAt, from),
          lt(safeSpaceSubmission.receivedAt, to),
        ),
      )
      .groupBy(safeSpaceSubmission.cityId, safeSpaceSubmission.kind),
    // Library count indicators only (the same definition in every city), approved yearly values.
    db
      .select({
        cityId: indicatorValue.cityId,
        key: indicator.libraryKey,
        total: sql<number>`sum(${indicatorValue.value})`,
      })
      .from(indicatorValue)
      .innerJoin(
        indicator,
        and(eq(indicator.cityId, indicatorValue.cityId), eq(indicator.id, indicatorValue.indicatorId)),
      )
      .where(
        and(
          inArray(indicatorValue.cityId, members),
          eq(indicatorValue.status, 'approved'),
          eq(indicatorValue.period, String(year)),
          isNull(indicatorValue.neighbourhoodId),
          eq(indicator.type, 'count'),
          isNotNull(indicator.libraryKey),
        ),
      )
      .groupBy(indicatorValue.cityId, indicator.libraryKey),
  ]);

  const stored = new Map(
    definitions.map((d) => [
      `${d.cityId}:${d.workflowId}:${d.version}`,
      d.definition as unknown as WorkflowDefinition,
    ]),
  );
  const builtIns = builtInWorkflows();
  const cases: Counts = new Map();
  for (const r of caseRows) {
    const def = stored.get(`${r.cityId}:${r.workflow}:${r.version}`) ?? builtIns.get(r.workflow);
    add(cases, r.cityId, categoryOf(def, r.stage), Number(r.n));
  }
  const reached: Counts = new Map();
  for (const r of sessions) {
    const key = sessionSexes[Number(r.sex) - 1];
    if (key) add(reached, r.cityId, key, Number(r.n));
  }
  const byFormat: Counts = new Map();
  for (const r of consultations) add(byFormat, r.cityId, r.format, Number(r.n));
  const byKind: Counts = new Map();
  for (const r of submissions) add(byKind, r.cityId, r.kind, Number(r.n));
  const indicators: Counts = new Map();
  for (const r of indicatorRows) if (r.key) add(indicators, r.cityId, r.key, Math.round(Number(r.total)));
  return { cases, reached, byFormat, byKind, indicators };
}

/** Count indicators of the library: the categories of the indicator measure. */
const libraryCountKeys = () => INDICATOR_LIBRARY.filter((e) => e.type === 'count').map((e) => e.key);

/** The analyst's view: named cities, the others pooled, the network; small cells withheld at every step. */
export async function networkStatistics(
  db: Db,
  actor: Actor,
  networkId: string,
  year: number,
): Promise<NetworkStatistics> {
  const row = await requireAnalyst(db, actor, networkId);
  const members = await db
    .select({ cityId: cityNetworkMember.cityId, named: cityNetworkMember.named, name: city.name })
    .from(cityNetworkMember)
    .innerJoin(city, eq(city.id, cityNetworkMember.cityId))
    .where(active(networkId))
    .orderBy(city.name, city.id);
  const raw = await rawNetworkCounts(db, networkId, year);
  const measure = (
    key: NetworkStatistics['measures'][number]['key'],
    categories: readonly string[],
    counts: Counts,
    additive = true,
  ) => {
    const lines: CityLine[] = members.map((m) => ({
      cityId: m.cityId,
      name: m.name,
      named: m.named,
      values: categories.map((c) => counts.get(m.cityId)?.get(c) ?? 0),
    }));
    return poolMeasure(key, [...categories], additive, lines);
  };
  const unnamed = members.filter((m) => !m.named).length;
  return {
    network: { id: row.id, name: row.name },
    year,
    smallCellMin: SMALL_CELL_MIN,
    minPooledCities: MIN_POOLED_CITIES,
    memberCount: members.length,
    namedCount: members.length - unnamed,
    pooledCount: unnamed >= MIN_POOLED_CITIES ? unnamed : 0,
    measures: [
      measure('cases-by-stage', stageCategories, raw.cases),
      measure('people-reached-by-sex', sessionSexes, raw.reached),
      measure('consultations-by-format', consultationFormats, raw.byFormat),
      measure('submissions-by-kind', safeSpaceKinds, raw.byKind),
      measure('indicator-values', libraryCountKeys(), raw.indicators, false),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// City level: membership

async function activeMembership(db: Db, cityId: string, networkId: string) {
  const [row] = await db
    .select()
    .from(cityNetworkMember)
    .where(and(eq(cityNetworkMember.cityId, cityId), active(networkId)));
  return row;
}

async function forCity(db: Db, cityId: string, row: NetworkRow) {
  const m = await activeMembership(db, cityId, row.id);
  const counts = await memberCounts(db, [row.id]);
  return {
    ...toNetwork(row, counts.get(row.id) ?? 0),
    membership: m ? { joinedAt: m.joinedAt.toISOString(), decisionId: m.decisionId, named: m.named } : null,
  };
}

/** Every network of cities, with this city's membership of each. */
export async function listForCity(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'city-networks.read');
  const rows = await db.select().from(cityNetwork).orderBy(cityNetwork.name);
  const mine = await db
    .select()
    .from(cityNetworkMember)
    .where(and(eq(cityNetworkMember.cityId, cityId), isNull(cityNetworkMember.leftAt)));
  const counts = await memberCounts(db);
  return {
    items: rows.map((r) => {
      const m = mine.find((x) => x.networkId === r.id);
      return {
        ...toNetwork(r, counts.get(r.id) ?? 0),
        membership: m
          ? { joinedAt: m.joinedAt.toISOString(), decisionId: m.decisionId, named: m.named }
          : null,
      };
    }),
  };
}

/** The decisions this city recorded about joining the network. */
export async function joinDecisions(db: Db, actor: Actor, cityId: string, networkId: string) {
  authorize(actor, 'city-networks.manage');
  await findNetwork(db, networkId);
  return adoptionDecisions(db, cityId, CITY_NETWORK_JOIN_SUBJECT, networkId, NOT_ABOUT_IT);
}

/** Joins the network on a passed decision of a quorate meeting about joining it (the chair's act). */
export async function join(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  networkId: string,
  input: { decisionId: string; named: boolean },
) {
  authorize(actor, 'city-networks.manage');
  const row = await findNetwork(db, networkId);
  if (await activeMembership(db, cityId, networkId)) throw conflict('The city is already a member');
  const [d] = await db
    .select()
    .from(decision)
    .where(and(eq(decision.cityId, cityId), eq(decision.id, input.decisionId)));
  if (!d)
    throw new AppError('validation', 400, 'No such decision in this city', [
      { path: 'body.decisionId', code: 'invalid', message: 'No such decision in this city' },
    ]);
  const why = adoptionIneligibility(d, CITY_NETWORK_JOIN_SUBJECT, networkId, NOT_ABOUT_IT);
  if (why) throw conflict(`This decision cannot make the city join: ${why}`);
  const [used] = await db
    .select({ id: cityNetworkMember.id })
    .from(cityNetworkMember)
    .where(and(eq(cityNetworkMember.cityId, cityId), eq(cityNetworkMember.decisionId, d.id)));
  if (used) throw conflict('This decision was used to join already; a new joining needs a new decision');
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [created] = await tx
      .insert(cityNetworkMember)
      .values({ cityId, networkId, decisionId: d.id, named: input.named })
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'city-network-membership',
      recordId: created.id,
      fields: ['networkId', 'decisionId', 'named'],
    });
  });
  return forCity(db, cityId, row);
}

/** Leaves the network (the chair's act): from now on the city is in none of its figures. */
export async function leave(db: Db, actor: Actor, auditActor: AuditActor, cityId: string, networkId: string) {
  authorize(actor, 'city-networks.manage');
  const row = await findNetwork(db, networkId);
  const m = await activeMembership(db, cityId, networkId);
  if (!m) throw conflict('The city is not a member');
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx
      .update(cityNetworkMember)
      .set({ leftAt: new Date() })
      .where(and(eq(cityNetworkMember.cityId, cityId), eq(cityNetworkMember.id, m.id)));
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'city-network-membership',
      recordId: m.id,
      fields: ['leftAt'],
    });
  });
  return forCity(db, cityId, row);
}

/** Whether the city is named in the network's aggregates (the chair's choice, separate from joining). */
export async function setNaming(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  networkId: string,
  named: boolean,
) {
  authorize(actor, 'city-networks.manage');
  const row = await findNetwork(db, networkId);
  const m = await activeMembership(db, cityId, networkId);
  if (!m) throw conflict('The city is not a member');
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await tx
      .update(cityNetworkMember)
      .set({ named })
      .where(and(eq(cityNetworkMember.cityId, cityId), eq(cityNetworkMember.id, m.id)));
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'city-network-membership',
      recordId: m.id,
      fields: ['named'],
    });
  });
  return forCity(db, cityId, row);
}

// ---------------------------------------------------------------------------------------------
// Templates

/** The content of a template of this kind, copied from the city's own records; null when it has none. */
async function templateContent(db: Db, cityId: string, kind: TemplateKind) {
  if (kind === 'structure') {
    const [n] = await db.select().from(network).where(eq(network.cityId, cityId));
    if (!n) return null;
    return {
      templateId: n.templateId,
      templateVersion: n.templateVersion,
      sectors: n.sectors,
      meetingCadence: n.meetingCadence,
      mandate: n.mandate,
      caseWorkflow: n.caseWorkflow,
    } as Record<string, unknown>;
  }
  if (kind === 'tor-text') {
    const [v] = await db
      .select()
      .from(torVersion)
      .where(and(eq(torVersion.cityId, cityId), eq(torVersion.status, 'adopted')));
    if (!v) return null;
    return { language: v.language, sections: v.sections, publicSummary: v.publicSummary } as Record<
      string,
      unknown
    >;
  }
  // Definitions only: baselines, targets and links to objectives are the city's own.
  const rows = await db.select().from(indicator).where(eq(indicator.cityId, cityId)).orderBy(indicator.code);
  if (!rows.length) return null;
  return {
    indicators: rows.map((r) => ({
      code: r.code,
      names: r.names,
      unit: r.unit,
      type: r.type,
      direction: r.direction,
      frequency: r.frequency,
      meansOfVerification: r.meansOfVerification,
      libraryKey: r.libraryKey,
    })),
  };
}

const templateColumns = {
  t: cityNetworkTemplate,
  networkName: cityNetwork.name,
  publisherCityName: city.name,
};

function toTemplate(r: {
  t: typeof cityNetworkTemplate.$inferSelect;
  networkName: string;
  publisherCityName: string;
}) {
  return {
    id: r.t.id,
    networkId: r.t.networkId,
    networkName: r.networkName,
    kind: r.t.kind as TemplateKind,
    title: r.t.title,
    publisherCityId: r.t.cityId,
    publisherCityName: r.publisherCityName,
    version: r.t.version,
    publishedAt: r.t.publishedAt.toISOString(),
    content: r.t.content,
  };
}

/** Publishes a copy of the city's structure, adopted ToR text or indicator set to a network (the chair's act). */
export async function publishTemplate(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  networkId: string,
  input: { kind: TemplateKind; title: string },
) {
  authorize(actor, 'city-networks.manage');
  const net = await findNetwork(db, networkId);
  if (!(await activeMembership(db, cityId, networkId))) throw conflict('The city is not a member');
  const content = await templateContent(db, cityId, input.kind);
  if (!content) throw conflict('The city has nothing of this kind to publish yet');
  const created = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [last] = await tx
      .select({ v: max(cityNetworkTemplate.version) })
      .from(cityNetworkTemplate)
      .where(and(eq(cityNetworkTemplate.cityId, cityId), eq(cityNetworkTemplate.kind, input.kind)));
    const [row] = await tx
      .insert(cityNetworkTemplate)
      .values({
        cityId,
        networkId,
        kind: input.kind,
        title: input.title,
        version: (last?.v ?? 0) + 1,
        content,
        publishedBy: actor.userId,
      })
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'city-network-template',
      recordId: row.id,
      fields: ['networkId', 'kind', 'title', 'version', 'content'],
    });
    return row;
  });
  const [own] = await db.select({ name: city.name }).from(city).where(eq(city.id, cityId));
  return toTemplate({ t: created, networkName: net.name, publisherCityName: own.name });
}

/** Templates in this city's networks, published by cities that are still members of that network. */
async function library(db: Db, cityId: string, templateId?: string) {
  const mine = db
    .select({ networkId: cityNetworkMember.networkId })
    .from(cityNetworkMember)
    .where(and(eq(cityNetworkMember.cityId, cityId), isNull(cityNetworkMember.leftAt)));
  const rows = await db
    .select(templateColumns)
    .from(cityNetworkTemplate)
    .innerJoin(cityNetwork, eq(cityNetwork.id, cityNetworkTemplate.networkId))
    .innerJoin(city, eq(city.id, cityNetworkTemplate.cityId))
    .innerJoin(
      cityNetworkMember,
      and(
        eq(cityNetworkMember.cityId, cityNetworkTemplate.cityId),
        eq(cityNetworkMember.networkId, cityNetworkTemplate.networkId),
        isNull(cityNetworkMember.leftAt),
      ),
    )
    .where(
      and(
        inArray(cityNetworkTemplate.networkId, mine),
        templateId ? eq(cityNetworkTemplate.id, templateId) : undefined,
      ),
    )
    .orderBy(desc(cityNetworkTemplate.publishedAt));
  return rows.map(toTemplate);
}

/** The shared template library of the city's networks. */
export async function listTemplates(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'city-networks.templates');
  return { items: await library(db, cityId) };
}

function toImport(r: typeof cityNetworkImport.$inferSelect) {
  return {
    id: r.id,
    templateId: r.templateId,
    kind: r.kind as TemplateKind,
    title: r.title,
    provenance: {
      networkName: r.networkName,
      publisherCityName: r.publisherCityName,
      version: r.version,
      publishedAt: r.publishedAt.toISOString(),
    },
    importedAt: r.importedAt.toISOString(),
    content: r.content,
  };
}

/** Imports a copy of another member city's template, with its provenance (the chair's act). */
export async function importTemplate(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  templateId: string,
) {
  authorize(actor, 'city-networks.manage');
  // Only through the city's own networks: a template elsewhere does not exist for it.
  const [found] = await library(db, cityId, templateId);
  if (!found) throw notFound();
  if (found.publisherCityId === cityId) throw conflict('This template is the city’s own');
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .insert(cityNetworkImport)
      .values({
        cityId,
        templateId: found.id,
        kind: found.kind,
        title: found.title,
        networkName: found.networkName,
        publisherCityName: found.publisherCityName,
        version: found.version,
        publishedAt: new Date(found.publishedAt),
        content: found.content,
        importedBy: actor.userId,
      })
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'city-network-import',
      recordId: row.id,
      fields: ['templateId', 'kind', 'content'],
    });
    return toImport(row);
  });
}

/** The copies the city imported. */
export async function listImports(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'city-networks.templates');
  const rows = await db
    .select()
    .from(cityNetworkImport)
    .where(eq(cityNetworkImport.cityId, cityId))
    .orderBy(desc(cityNetworkImport.importedAt));
  return { items: rows.map(toImport) };
}
