import { and, asc, desc, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  builtInRiskCategories,
  RISK_CATEGORY_VERSION,
  riskLevels,
  type BoundarySet,
  type categoryInput,
  type evidenceInput,
  type MapData,
  type perspectiveInput,
  type rescoreInput,
  type RiskCategory,
  type RiskDetail,
  type riskInput,
  type RiskLevel,
  type riskPatchInput,
  type RiskScore,
  type RiskSummary,
  type UploadResult,
  type uploadBoundariesInput,
} from '../../../contracts/risk-map.contract.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import { user } from '../../platform/auth/auth.table.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, conflict, forbidden, notFound } from '../../platform/errors.js';
import { can, type Actor } from '../../platform/policy.js';
import { isMandated, organisation, representative } from '../network/index.js';
import { requireConsultation } from './consultations.service.js';
import { checkBoundaries, simplifyShapes } from './geo.js';
import { checkScoreFits, cityLevels, publicationOf, type Levels } from './risk-matrix.service.js';
import {
  risk,
  riskBoundarySet,
  riskCategory,
  riskEvidence,
  riskNeighbourhood,
  riskNeighbourhoodLink,
  riskNeighbourhoodShape,
  riskPerspective,
  riskScoreChange,
} from './risk-map.table.js';

/*
 * The risk map (docs/RISK_MAP.md). The routes say who may try (server/platform/policy.ts); this file
 * checks the mandate (item a), the city of every id it is given, and keeps the history.
 */

type RiskRow = typeof risk.$inferSelect;
type ScoreRow = typeof riskScoreChange.$inferSelect;

const inTx = <T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> =>
  db.transaction((txRaw) => work(txRaw as unknown as Db));
const validation = (path: string, message: string, code = 'invalid') =>
  new AppError('validation', 400, message, [{ path, code, message }]);

/** Refuses everything of this module while mandate item (a) is not in force. */
export async function requireRiskMap(db: Db, cityId: string): Promise<void> {
  if (!(await isMandated(db, cityId, 'a'))) {
    throw conflict('The risk map is not part of the mandate in force (item a, the local risk picture)');
  }
}

async function namesOf(db: Db, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (!wanted.length) return new Map();
  const rows = await db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ---------------------------------------------------------------------------------------------
// Boundaries

function toSet(row: typeof riskBoundarySet.$inferSelect, names: Map<string, string>): BoundarySet {
  return {
    id: row.id,
    version: row.version,
    nameProperty: row.nameProperty,
    featureCount: row.featureCount,
    uploadedAt: row.uploadedAt.toISOString(),
    uploadedByName: row.uploadedBy ? (names.get(row.uploadedBy) ?? null) : null,
    pointsKept: row.pointsKept,
    pointsUploaded: row.pointsUploaded,
  };
}

async function currentSet(db: Db, cityId: string) {
  const [row] = await db
    .select()
    .from(riskBoundarySet)
    .where(eq(riskBoundarySet.cityId, cityId))
    .orderBy(desc(riskBoundarySet.version))
    .limit(1);
  return row;
}

/**
 * Checks a boundary file and, unless it is a dry run, stores it as the next version: neighbourhoods
 * are matched by name to the ones the city has (their ids and risks stay), new names are added, and
 * names missing from the file leave the map but keep their risks. All or nothing.
 */
export async function uploadBoundaries(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  input: z.infer<typeof uploadBoundariesInput>,
  at?: Date,
): Promise<UploadResult> {
  await requireRiskMap(db, cityId);
  const { features, problems } = checkBoundaries(input.geojson, input.nameProperty);
  if (problems.length) {
    throw new AppError('validation', 400, `${problems.length} problem(s) in the boundary file`, problems);
  }
  const { shapes, pointsKept } = simplifyShapes(features);
  const pointsUploaded = features.reduce((sum, f) => sum + f.points, 0);
  const existing = await db
    .select({
      id: riskNeighbourhood.id,
      name: riskNeighbourhood.name,
      nameKey: riskNeighbourhood.nameKey,
      currentSetId: riskNeighbourhood.currentSetId,
    })
    .from(riskNeighbourhood)
    .where(eq(riskNeighbourhood.cityId, cityId));
  const byKey = new Map(existing.map((n) => [n.nameKey, n]));
  const incoming = new Set(features.map((f) => f.nameKey));
  const previous = await currentSet(db, cityId);
  const added = features.filter((f) => !byKey.get(f.nameKey)?.currentSetId).map((f) => f.name);
  const dropped = existing
    .filter((n) => n.currentSetId && !incoming.has(n.nameKey))
    .map((n) => n.name)
    .sort();
  const base = { names: features.map((f) => f.name), added, dropped, pointsUploaded, pointsKept };
  if (input.dryRun) return { dryRun: true, set: null, ...base };

  return inTx(db, async (tx) => {
    const [set] = await tx
      .insert(riskBoundarySet)
      .values({
        cityId,
        version: (previous?.version ?? 0) + 1,
        nameProperty: input.nameProperty,
        featureCount: features.length,
        pointsUploaded,
        pointsKept,
        uploadedBy: actor.userId,
        ...(at ? { uploadedAt: at } : {}),
      })
      .returning();
    await tx
      .update(riskNeighbourhood)
      .set({ currentSetId: null })
      .where(eq(riskNeighbourhood.cityId, cityId));
    for (const [i, f] of features.entries()) {
      const known = byKey.get(f.nameKey);
      let id = known?.id;
      if (id) {
        await tx
          .update(riskNeighbourhood)
          .set({ currentSetId: set.id, name: f.name })
          .where(eq(riskNeighbourhood.id, id));
      } else {
        const [row] = await tx
          .insert(riskNeighbourhood)
          .values({
            cityId,
            name: f.name,
            nameKey: f.nameKey,
            currentSetId: set.id,
            ...(at ? { createdAt: at } : {}),
          })
          .returning({ id: riskNeighbourhood.id });
        id = row.id;
      }
      await tx
        .insert(riskNeighbourhoodShape)
        .values({ setId: set.id, neighbourhoodId: id, cityId, geometry: f.geometry, simplified: shapes[i] });
    }
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'risk_boundary_set',
      recordId: set.id,
      fields: ['version', 'featureCount'],
      ...(at ? { at } : {}),
    });
    const names = await namesOf(tx, [set.uploadedBy]);
    return { dryRun: false, set: toSet(set, names), ...base };
  });
}

export async function listBoundarySets(db: Db, cityId: string) {
  await requireRiskMap(db, cityId);
  const rows = await db
    .select()
    .from(riskBoundarySet)
    .where(eq(riskBoundarySet.cityId, cityId))
    .orderBy(desc(riskBoundarySet.version));
  const names = await namesOf(
    db,
    rows.map((r) => r.uploadedBy),
  );
  return { items: rows.map((r) => toSet(r, names)) };
}

export async function listNeighbourhoods(db: Db, cityId: string) {
  await requireRiskMap(db, cityId);
  const rows = await db
    .select()
    .from(riskNeighbourhood)
    .where(eq(riskNeighbourhood.cityId, cityId))
    .orderBy(asc(riskNeighbourhood.name));
  return { items: rows.map((r) => ({ id: r.id, name: r.name, current: r.currentSetId !== null })) };
}

const rank = (level: RiskLevel | null) => (level ? riskLevels.indexOf(level) : -1);
const higher = (a: RiskLevel | null, b: RiskLevel | null) => (rank(b) > rank(a) ? b : a);

/** The shapes in force with their highest current risk level: what the map and its table show. */
export async function mapData(db: Db, cityId: string): Promise<MapData> {
  await requireRiskMap(db, cityId);
  const set = await currentSet(db, cityId);
  const neighbourhoods = await db
    .select()
    .from(riskNeighbourhood)
    .where(eq(riskNeighbourhood.cityId, cityId))
    .orderBy(asc(riskNeighbourhood.name));
  const shapes = set
    ? await db
        .select({ id: riskNeighbourhoodShape.neighbourhoodId, simplified: riskNeighbourhoodShape.simplified })
        .from(riskNeighbourhoodShape)
        .where(eq(riskNeighbourhoodShape.setId, set.id))
    : [];
  const shapeOf = new Map(shapes.map((s) => [s.id, s.simplified]));
  const risks = await db
    .select({
      id: risk.id,
      cityWide: risk.cityWide,
      likelihood: risk.likelihood,
      impact: risk.impact,
      matrixVersion: risk.matrixVersion,
    })
    .from(risk)
    .where(eq(risk.cityId, cityId));
  const links = await db
    .select({ riskId: riskNeighbourhoodLink.riskId, neighbourhoodId: riskNeighbourhoodLink.neighbourhoodId })
    .from(riskNeighbourhoodLink)
    .where(eq(riskNeighbourhoodLink.cityId, cityId));
  const levels = await cityLevels(db, cityId);
  const levelOfRisk = new Map(risks.map((r) => [r.id, levels.of(r.matrixVersion, r.likelihood, r.impact)]));
  const perNeighbourhood = new Map<string, { count: number; highest: RiskLevel | null }>();
  for (const link of links) {
    const entry = perNeighbourhood.get(link.neighbourhoodId) ?? { count: 0, highest: null };
    entry.count += 1;
    entry.highest = higher(entry.highest, levelOfRisk.get(link.riskId) ?? null);
    perNeighbourhood.set(link.neighbourhoodId, entry);
  }
  let cityWideHighest: RiskLevel | null = null;
  const cityWide = risks.filter((r) => r.cityWide);
  for (const r of cityWide) cityWideHighest = higher(cityWideHighest, levelOfRisk.get(r.id) ?? null);
  const names = await namesOf(db, [set?.uploadedBy ?? null]);
  return {
    set: set ? toSet(set, names) : null,
    neighbourhoods: neighbourhoods.map((n) => ({
      id: n.id,
      name: n.name,
      current: n.currentSetId !== null,
      shape: shapeOf.get(n.id) ?? null,
      riskCount: perNeighbourhood.get(n.id)?.count ?? 0,
      highestLevel: perNeighbourhood.get(n.id)?.highest ?? null,
    })),
    cityWideCount: cityWide.length,
    cityWideHighest,
  };
}

// ---------------------------------------------------------------------------------------------
// Categories

export async function listCategories(
  db: Db,
  cityId: string,
): Promise<{ version: number; items: RiskCategory[] }> {
  await requireRiskMap(db, cityId);
  const own = await db
    .select()
    .from(riskCategory)
    .where(eq(riskCategory.cityId, cityId))
    .orderBy(asc(riskCategory.code));
  return {
    version: RISK_CATEGORY_VERSION,
    items: [
      ...builtInRiskCategories.map((code) => ({ code, builtIn: true, labels: {} })),
      ...own.map((c) => ({ code: c.code, builtIn: false, labels: c.labels })),
    ],
  };
}

export async function addCategory(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  input: z.infer<typeof categoryInput>,
): Promise<RiskCategory> {
  await requireRiskMap(db, cityId);
  if ((builtInRiskCategories as readonly string[]).includes(input.code)) {
    throw validation('body.code', 'a built-in category already has this code', 'duplicate');
  }
  const labels = Object.fromEntries(Object.entries(input.labels).filter(([, v]) => v));
  return inTx(db, async (tx) => {
    const [row] = await tx
      .insert(riskCategory)
      .values({ cityId, code: input.code, labels, createdBy: actor.userId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw validation('body.code', 'the city already has a category with this code', 'duplicate');
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'risk_category',
      recordId: null,
      fields: ['code', 'labels'],
    });
    return { code: row.code, builtIn: false, labels: row.labels };
  });
}

async function requireCategory(db: Db, cityId: string, code: string) {
  if ((builtInRiskCategories as readonly string[]).includes(code)) return;
  const [row] = await db
    .select({ code: riskCategory.code })
    .from(riskCategory)
    .where(and(eq(riskCategory.cityId, cityId), eq(riskCategory.code, code)));
  if (!row) throw validation('body.category', 'unknown risk category', 'unknown-category');
}

// ---------------------------------------------------------------------------------------------
// Risks

type ScoreSource = Pick<
  RiskRow,
  | 'likelihood'
  | 'impact'
  | 'residualLikelihood'
  | 'residualImpact'
  | 'confidence'
  | 'trend'
  | 'reviewOn'
  | 'matrixVersion'
>;

/** A score with its levels read from the matrix version it was made on. */
function scoreOf(levels: Levels, s: ScoreSource): RiskScore {
  return {
    likelihood: s.likelihood,
    impact: s.impact,
    level: levels.of(s.matrixVersion, s.likelihood, s.impact),
    residualLikelihood: s.residualLikelihood,
    residualImpact: s.residualImpact,
    residualLevel: levels.of(s.matrixVersion, s.residualLikelihood, s.residualImpact),
    confidence: s.confidence as RiskScore['confidence'],
    trend: s.trend as RiskScore['trend'],
    reviewOn: s.reviewOn,
    matrixVersion: s.matrixVersion,
  };
}

async function linksOf(db: Db, riskIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!riskIds.length) return out;
  const rows = await db
    .select()
    .from(riskNeighbourhoodLink)
    .where(inArray(riskNeighbourhoodLink.riskId, riskIds));
  for (const row of rows) out.set(row.riskId, [...(out.get(row.riskId) ?? []), row.neighbourhoodId]);
  return out;
}

function toSummary(
  row: RiskRow,
  score: RiskScore,
  links: Map<string, string[]>,
  updatedAt: Date,
): RiskSummary {
  return {
    id: row.id,
    title: row.title,
    kind: row.kind as RiskSummary['kind'],
    category: row.category,
    cityWide: row.cityWide,
    neighbourhoodIds: links.get(row.id) ?? [],
    score,
    updatedAt: updatedAt.toISOString(),
  };
}

const byLevel = (a: RiskSummary, b: RiskSummary) =>
  rank(b.score.level) - rank(a.score.level) ||
  b.score.likelihood * b.score.impact - a.score.likelihood * a.score.impact ||
  a.title.localeCompare(b.title);

/**
 * The register, highest score first. With `asOf` (a day): the risks that existed at the end of that
 * day (UTC), each with the last score it had been given by then.
 */
export async function listRisks(
  db: Db,
  cityId: string,
  query: { asOf?: string; neighbourhoodId?: string },
): Promise<{ asOf: string | null; items: RiskSummary[] }> {
  await requireRiskMap(db, cityId);
  const end = query.asOf ? new Date(`${query.asOf}T23:59:59.999Z`) : null;
  let rows = await db
    .select()
    .from(risk)
    .where(and(eq(risk.cityId, cityId), end ? lte(risk.createdAt, end) : undefined));
  const links = await linksOf(
    db,
    rows.map((r) => r.id),
  );
  if (query.neighbourhoodId) rows = rows.filter((r) => links.get(r.id)?.includes(query.neighbourhoodId!));
  const levels = await cityLevels(db, cityId);
  if (!end) {
    return {
      asOf: null,
      items: rows.map((r) => toSummary(r, scoreOf(levels, r), links, r.updatedAt)).sort(byLevel),
    };
  }
  const ids = rows.map((r) => r.id);
  const history = ids.length
    ? await db
        .select()
        .from(riskScoreChange)
        .where(and(inArray(riskScoreChange.riskId, ids), lte(riskScoreChange.at, end)))
        .orderBy(asc(riskScoreChange.at))
    : [];
  const last = new Map<string, ScoreRow>();
  for (const h of history) last.set(h.riskId, h);
  const items = rows
    .filter((r) => last.has(r.id))
    .map((r) => {
      const h = last.get(r.id)!;
      return toSummary(r, scoreOf(levels, h), links, h.at);
    })
    .sort(byLevel);
  return { asOf: query.asOf!, items };
}

async function loadRisk(db: Db, cityId: string, riskId: string): Promise<RiskRow> {
  const [row] = await db
    .select()
    .from(risk)
    .where(and(eq(risk.cityId, cityId), eq(risk.id, riskId)));
  if (!row) throw notFound();
  return row;
}

export async function getRisk(db: Db, cityId: string, riskId: string): Promise<RiskDetail> {
  await requireRiskMap(db, cityId);
  const row = await loadRisk(db, cityId, riskId);
  const links = await linksOf(db, [row.id]);
  const history = await db
    .select()
    .from(riskScoreChange)
    .where(eq(riskScoreChange.riskId, row.id))
    .orderBy(desc(riskScoreChange.at));
  const evidence = await db
    .select({ e: riskEvidence, orgName: organisation.name })
    .from(riskEvidence)
    .leftJoin(
      organisation,
      and(eq(organisation.cityId, riskEvidence.cityId), eq(organisation.id, riskEvidence.organisationId)),
    )
    .where(eq(riskEvidence.riskId, row.id))
    .orderBy(desc(riskEvidence.addedAt));
  const perspectives = await db
    .select({ p: riskPerspective, orgName: organisation.name, sector: organisation.sector })
    .from(riskPerspective)
    .innerJoin(
      organisation,
      and(
        eq(organisation.cityId, riskPerspective.cityId),
        eq(organisation.id, riskPerspective.organisationId),
      ),
    )
    .where(eq(riskPerspective.riskId, row.id))
    .orderBy(asc(riskPerspective.at));
  const names = await namesOf(db, [
    ...history.map((h) => h.byUserId),
    ...evidence.map((e) => e.e.addedBy),
    ...perspectives.map((p) => p.p.byUserId),
  ]);
  const name = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  const levels = await cityLevels(db, cityId);
  return {
    ...toSummary(row, scoreOf(levels, row), links, row.updatedAt),
    description: row.description,
    affectedGroups: row.affectedGroups,
    createdAt: row.createdAt.toISOString(),
    history: history.map((h) => ({
      at: h.at.toISOString(),
      byName: name(h.byUserId),
      reason: h.reason,
      score: scoreOf(levels, h),
    })),
    evidence: evidence.map(({ e, orgName }) => ({
      id: e.id,
      sourceType: e.sourceType as RiskDetail['evidence'][number]['sourceType'],
      reliability: e.reliability as RiskDetail['evidence'][number]['reliability'],
      credibility: e.credibility,
      summary: e.summary,
      observedOn: e.observedOn,
      consultationId: e.consultationId,
      organisationName: orgName,
      addedByName: name(e.addedBy),
      addedAt: e.addedAt.toISOString(),
    })),
    perspectives: perspectives.map(({ p, orgName, sector }) => ({
      id: p.id,
      organisationId: p.organisationId,
      organisationName: orgName,
      sector,
      likelihood: p.likelihood,
      impact: p.impact,
      level: levels.of(p.matrixVersion, p.likelihood, p.impact),
      matrixVersion: p.matrixVersion,
      rationale: p.rationale,
      assumptions: p.assumptions,
      biases: p.biases,
      byName: name(p.byUserId),
      at: p.at.toISOString(),
    })),
    publication: await publicationOf(db, row.id),
  };
}

/** The neighbourhoods must be the city's own; a city-wide risk has none, another at least one. */
async function checkPlace(db: Db, cityId: string, cityWide: boolean, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (cityWide) {
    if (unique.length)
      throw validation('body.neighbourhoodIds', 'a city-wide risk names no neighbourhoods', 'city-wide');
    return [];
  }
  if (!unique.length)
    throw validation(
      'body.neighbourhoodIds',
      'choose at least one neighbourhood, or city-wide',
      'place-required',
    );
  const rows = await db
    .select({ id: riskNeighbourhood.id })
    .from(riskNeighbourhood)
    .where(and(eq(riskNeighbourhood.cityId, cityId), inArray(riskNeighbourhood.id, unique)));
  if (rows.length !== unique.length)
    throw validation('body.neighbourhoodIds', 'unknown neighbourhood', 'unknown-neighbourhood');
  return unique;
}

async function setLinks(tx: Db, cityId: string, riskId: string, ids: string[]) {
  await tx.delete(riskNeighbourhoodLink).where(eq(riskNeighbourhoodLink.riskId, riskId));
  if (ids.length) {
    await tx
      .insert(riskNeighbourhoodLink)
      .values(ids.map((neighbourhoodId) => ({ riskId, neighbourhoodId, cityId })));
  }
}

function scoreValues(input: z.infer<typeof rescoreInput>) {
  return {
    likelihood: input.likelihood,
    impact: input.impact,
    residualLikelihood: input.residualLikelihood,
    residualImpact: input.residualImpact,
    confidence: input.confidence,
    trend: input.trend,
    reviewOn: input.reviewOn,
  };
}

export async function createRisk(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  input: z.infer<typeof riskInput>,
  at?: Date,
): Promise<RiskDetail> {
  await requireRiskMap(db, cityId);
  await requireCategory(db, cityId, input.category);
  const place = await checkPlace(db, cityId, input.cityWide, input.neighbourhoodIds);
  const { current: matrix } = await cityLevels(db, cityId);
  checkScoreFits(matrix, input);
  const matrixVersion = matrix.version;
  const id = await inTx(db, async (tx) => {
    const when = at ?? new Date();
    const [row] = await tx
      .insert(risk)
      .values({
        cityId,
        title: input.title,
        kind: input.kind,
        category: input.category,
        cityWide: input.cityWide,
        affectedGroups: input.affectedGroups,
        description: input.description,
        ...scoreValues(input),
        matrixVersion,
        createdBy: actor.userId,
        createdAt: when,
        updatedAt: when,
      })
      .returning({ id: risk.id });
    await setLinks(tx, cityId, row.id, place);
    await tx.insert(riskScoreChange).values({
      cityId,
      riskId: row.id,
      at: when,
      byUserId: actor.userId,
      reason: input.reason,
      ...scoreValues(input),
      matrixVersion,
    });
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'risk',
      recordId: row.id,
      fields: ['title', 'kind', 'category', 'place', 'score'],
      ...(at ? { at } : {}),
    });
    return row.id;
  });
  return getRisk(db, cityId, id);
}

export async function updateRisk(
  db: Db,
  cityId: string,
  auditActor: AuditActor,
  riskId: string,
  input: z.infer<typeof riskPatchInput>,
): Promise<RiskDetail> {
  await requireRiskMap(db, cityId);
  const row = await loadRisk(db, cityId, riskId);
  if (input.category !== undefined) await requireCategory(db, cityId, input.category);
  const placeChanged = input.cityWide !== undefined || input.neighbourhoodIds !== undefined;
  const cityWide = input.cityWide ?? row.cityWide;
  const current = (await linksOf(db, [riskId])).get(riskId) ?? [];
  const place = placeChanged
    ? await checkPlace(db, cityId, cityWide, input.neighbourhoodIds ?? (cityWide ? [] : current))
    : current;
  await inTx(db, async (tx) => {
    const { neighbourhoodIds: _ids, ...fields } = input;
    await tx
      .update(risk)
      .set({ ...fields, updatedAt: new Date() })
      .where(eq(risk.id, riskId));
    if (placeChanged) await setLinks(tx, cityId, riskId, place);
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'risk',
      recordId: riskId,
      fields: Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined),
    });
  });
  return getRisk(db, cityId, riskId);
}

/** A new score, kept in the history with who, when and why. */
export async function rescoreRisk(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  riskId: string,
  input: z.infer<typeof rescoreInput>,
  at?: Date,
): Promise<RiskDetail> {
  await requireRiskMap(db, cityId);
  await loadRisk(db, cityId, riskId);
  const { current: matrix } = await cityLevels(db, cityId);
  checkScoreFits(matrix, input);
  const matrixVersion = matrix.version;
  const when = at ?? new Date();
  await inTx(db, async (tx) => {
    await tx
      .update(risk)
      .set({ ...scoreValues(input), matrixVersion, updatedAt: when })
      .where(eq(risk.id, riskId));
    await tx.insert(riskScoreChange).values({
      cityId,
      riskId,
      at: when,
      byUserId: actor.userId,
      reason: input.reason,
      ...scoreValues(input),
      matrixVersion,
    });
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'risk',
      recordId: riskId,
      fields: ['score'],
      reason: input.reason,
      ...(at ? { at } : {}),
    });
  });
  return getRisk(db, cityId, riskId);
}

async function myOrganisations(db: Db, cityId: string, userId: string): Promise<string[]> {
  const rows = await db
    .select({ id: representative.organisationId })
    .from(representative)
    .where(
      and(
        eq(representative.cityId, cityId),
        eq(representative.userId, userId),
        isNull(representative.leftOn),
      ),
    );
  return rows.map((r) => r.id);
}

export async function addEvidence(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  riskId: string,
  input: z.infer<typeof evidenceInput>,
  at?: Date,
): Promise<RiskDetail> {
  await requireRiskMap(db, cityId);
  await loadRisk(db, cityId, riskId);
  if (input.consultationId) await requireConsultation(db, cityId, input.consultationId);
  const [mine] = await myOrganisations(db, cityId, actor.userId);
  await inTx(db, async (tx) => {
    const [row] = await tx
      .insert(riskEvidence)
      .values({
        cityId,
        riskId,
        sourceType: input.sourceType,
        reliability: input.reliability,
        credibility: input.credibility,
        summary: input.summary,
        observedOn: input.observedOn ?? null,
        consultationId: input.consultationId ?? null,
        organisationId: mine ?? null,
        addedBy: actor.userId,
        ...(at ? { addedAt: at } : {}),
      })
      .returning({ id: riskEvidence.id });
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'risk_evidence',
      recordId: row.id,
      fields: ['sourceType', 'reliability', 'credibility', 'summary'],
      ...(at ? { at } : {}),
    });
  });
  return getRisk(db, cityId, riskId);
}

/**
 * An organisation's own assessment. A member records it for an organisation they represent; the
 * chair and coordinator may record any member organisation's (e.g. from a meeting).
 */
export async function addPerspective(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  riskId: string,
  input: z.infer<typeof perspectiveInput>,
  at?: Date,
): Promise<RiskDetail> {
  await requireRiskMap(db, cityId);
  await loadRisk(db, cityId, riskId);
  const [org] = await db
    .select({ id: organisation.id })
    .from(organisation)
    .where(and(eq(organisation.cityId, cityId), eq(organisation.id, input.organisationId)));
  if (!org) throw validation('body.organisationId', 'unknown organisation', 'unknown-organisation');
  const { current: matrix } = await cityLevels(db, cityId);
  checkScoreFits(matrix, input);
  if (!can(actor, 'risks.manage')) {
    const mine = await myOrganisations(db, cityId, actor.userId);
    if (!mine.includes(input.organisationId)) {
      throw forbidden('A member records perspectives only for an organisation they represent');
    }
  }
  await inTx(db, async (tx) => {
    const [row] = await tx
      .insert(riskPerspective)
      .values({
        cityId,
        riskId,
        ...input,
        matrixVersion: matrix.version,
        byUserId: actor.userId,
        ...(at ? { at } : {}),
      })
      .returning({ id: riskPerspective.id });
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'risk_perspective',
      recordId: row.id,
      fields: ['organisationId', 'likelihood', 'impact', 'rationale', 'assumptions', 'biases'],
      ...(at ? { at } : {}),
    });
  });
  return getRisk(db, cityId, riskId);
}

/** The organisations the actor may record a perspective for, by name. */
export async function perspectiveOrganisations(db: Db, cityId: string, actor: Actor) {
  await requireRiskMap(db, cityId);
  const all = await db
    .select({ id: organisation.id, name: organisation.name, sector: organisation.sector })
    .from(organisation)
    .where(and(eq(organisation.cityId, cityId), isNull(organisation.leftOn)))
    .orderBy(asc(organisation.name));
  if (can(actor, 'risks.manage')) return { items: all };
  const mine = new Set(await myOrganisations(db, cityId, actor.userId));
  return { items: all.filter((o) => mine.has(o.id)) };
}

/** For tests and the demo: how many risks a city has. */
export async function countRisks(db: Db, cityId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(risk)
    .where(eq(risk.cityId, cityId));
  return row.n;
}
