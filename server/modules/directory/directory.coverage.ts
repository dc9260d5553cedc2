import { and, eq, isNotNull } from 'drizzle-orm';
import {
  DEFAULT_OVERLAP_AT,
  GAP_LEVELS,
  type Coverage,
  type CoverageCell,
  type Overlap,
} from '../../../contracts/directory.contract.js';
import { riskLevels, type RiskLevel } from '../../../contracts/risk-map.contract.js';
import type { Db } from '../../platform/db/index.js';
import { organisation } from '../network/index.js';
import { risk, riskNeighbourhood, riskNeighbourhoodLink } from '../risk-map/index.js';
import { cityLevels } from '../risk-map/index.js';
import { requireDirectory, serviceTypesOf } from './directory.service.js';
import { directoryEntry, directoryEntryNeighbourhood } from './directory.table.js';

/*
 * Gaps and overlaps, computed (docs/DIRECTORY.md). `computeCoverage` is pure, so the benchmark and
 * the tests run it on any city; `coverage` loads the city and calls it.
 */

export interface CoverageInput {
  neighbourhoods: { id: string; name: string }[];
  /** Active entries only. */
  entries: {
    id: string;
    title: string;
    providerName: string;
    /** Who provides it, for counting distinct providers: an organisation id or a normalised name. */
    providerKey: string;
    serviceType: string;
    targetGroup: string;
    cityWide: boolean;
    neighbourhoodIds: string[];
  }[];
  risks: { id: string; category: string; level: RiskLevel; cityWide: boolean; neighbourhoodIds: string[] }[];
  /** service type → the risk categories it answers. */
  answers: Map<string, readonly string[]>;
  overlapAt: number;
  riskMapInForce: boolean;
}

const rank = (level: RiskLevel) => riskLevels.indexOf(level);
type Entry = CoverageInput['entries'][number];
const groupKey = (e: Pick<Entry, 'serviceType' | 'targetGroup'>) => `${e.serviceType}\u0000${e.targetGroup}`;

/** Entries by service type × target group. */
function groupsOf(entries: Entry[]): Map<string, Entry[]> {
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const key = groupKey(e);
    const list = groups.get(key);
    if (list) list.push(e);
    else groups.set(key, [e]);
  }
  return groups;
}

function toOverlap(neighbourhoodId: string | null, entries: Entry[], overlapAt: number): Overlap | null {
  const providers = new Set(entries.map((e) => e.providerKey));
  if (providers.size < overlapAt) return null;
  return {
    neighbourhoodId,
    serviceType: entries[0].serviceType,
    targetGroup: entries[0].targetGroup as Overlap['targetGroup'],
    providerCount: providers.size,
    entryIds: entries.map((e) => e.id),
  };
}

const byTypeAndGroup = (a: Overlap, b: Overlap) =>
  a.serviceType.localeCompare(b.serviceType) || a.targetGroup.localeCompare(b.targetGroup);

/**
 * Each current neighbourhood × each risk category it has risks of (its own and the city-wide ones):
 * the active services there or city-wide of a type that answers the category. None: a gap when the
 * highest risk is high or very high, else uncovered. `overlapAt` providers or more of one type for one
 * group, one of them at least of the neighbourhood itself: an overlap. Overlaps among city-wide
 * services alone are listed once (they would otherwise repeat in every neighbourhood).
 */
export function computeCoverage(input: CoverageInput): Omit<Coverage, 'entries'> & { entryIds: Set<string> } {
  const current = new Set(input.neighbourhoods.map((n) => n.id));
  const typesFor = new Map<string, Set<string>>();
  for (const [type, categories] of input.answers)
    for (const c of categories) typesFor.set(c, (typesFor.get(c) ?? new Set()).add(type));

  const cityWideEntries = input.entries.filter((e) => e.cityWide);
  const cityWideGroups = groupsOf(cityWideEntries);
  const entriesAt = new Map<string, Entry[]>();
  for (const e of input.entries) {
    if (e.cityWide) continue;
    for (const id of e.neighbourhoodIds) {
      if (!current.has(id)) continue;
      const list = entriesAt.get(id);
      if (list) list.push(e);
      else entriesAt.set(id, [e]);
    }
  }

  type Agg = { riskIds: string[]; highest: RiskLevel };
  const cityWideRisks = new Map<string, Agg>();
  const risksAt = new Map<string, Map<string, Agg>>();
  const addRisk = (into: Map<string, Agg>, r: CoverageInput['risks'][number]) => {
    const agg = into.get(r.category);
    if (!agg) into.set(r.category, { riskIds: [r.id], highest: r.level });
    else {
      agg.riskIds.push(r.id);
      if (rank(r.level) > rank(agg.highest)) agg.highest = r.level;
    }
  };
  if (input.riskMapInForce)
    for (const r of input.risks) {
      if (r.cityWide) addRisk(cityWideRisks, r);
      else
        for (const id of r.neighbourhoodIds) {
          if (!current.has(id)) continue;
          const m = risksAt.get(id) ?? new Map<string, Agg>();
          addRisk(m, r);
          risksAt.set(id, m);
        }
    }

  const entryIds = new Set<string>();
  const cityWideFor = new Map<string, Entry[]>();
  const cityWideOf = (category: string) => {
    let list = cityWideFor.get(category);
    if (!list) {
      const types = typesFor.get(category) ?? new Set<string>();
      list = cityWideEntries.filter((e) => types.has(e.serviceType));
      cityWideFor.set(category, list);
    }
    return list;
  };
  const cityWideOverlaps = [...cityWideGroups.values()]
    .map((g) => toOverlap(null, g, input.overlapAt))
    .filter((o): o is Overlap => o !== null)
    .sort(byTypeAndGroup);
  for (const o of cityWideOverlaps) for (const id of o.entryIds) entryIds.add(id);

  const cells: CoverageCell[] = [];
  const overlaps: Overlap[] = [];
  const totals = { gap: 0, uncovered: 0, covered: 0, overlap: 0 };
  for (const n of input.neighbourhoods) {
    const local = entriesAt.get(n.id) ?? [];
    const nbOverlaps: Overlap[] = [];
    for (const [key, group] of groupsOf(local)) {
      const o = toOverlap(n.id, [...group, ...(cityWideGroups.get(key) ?? [])], input.overlapAt);
      if (o) nbOverlaps.push(o);
    }
    nbOverlaps.sort(byTypeAndGroup);
    overlaps.push(...nbOverlaps);
    for (const o of nbOverlaps) for (const id of o.entryIds) entryIds.add(id);
    // Each category's local risks, and the city-wide ones counted (their ids are listed once).
    const categories = new Map<string, Agg & { count: number }>();
    for (const [c, agg] of cityWideRisks)
      categories.set(c, { riskIds: [], highest: agg.highest, count: agg.riskIds.length });
    for (const [c, agg] of risksAt.get(n.id) ?? []) {
      const prev = categories.get(c);
      if (!prev) categories.set(c, { ...agg, count: agg.riskIds.length });
      else
        categories.set(c, {
          riskIds: agg.riskIds,
          highest: rank(agg.highest) > rank(prev.highest) ? agg.highest : prev.highest,
          count: prev.count + agg.riskIds.length,
        });
    }
    for (const [category, agg] of [...categories].sort(([a], [b]) => a.localeCompare(b))) {
      const types = typesFor.get(category) ?? new Set<string>();
      const providers = local.filter((e) => types.has(e.serviceType));
      const cityWideCount = cityWideOf(category).length;
      const cellOverlaps = nbOverlaps.filter((o) => types.has(o.serviceType));
      const status: CoverageCell['status'] =
        providers.length + cityWideCount === 0
          ? (GAP_LEVELS as readonly string[]).includes(agg.highest)
            ? 'gap'
            : 'uncovered'
          : cellOverlaps.length
            ? 'overlap'
            : 'covered';
      totals[status] += 1;
      for (const p of providers) entryIds.add(p.id);
      cells.push({
        neighbourhoodId: n.id,
        category,
        riskCount: agg.count,
        riskIds: agg.riskIds,
        highestLevel: agg.highest,
        answeredBy: [...types].sort(),
        providerEntryIds: providers.map((p) => p.id),
        cityWideCount,
        status,
        overlaps: cellOverlaps.map(({ serviceType, targetGroup, providerCount }) => ({
          serviceType,
          targetGroup,
          providerCount,
        })),
      });
    }
  }
  const cityWideProviders = [...new Set(cells.map((c) => c.category))].sort().map((category) => {
    const ids = cityWideOf(category).map((e) => e.id);
    for (const id of ids) entryIds.add(id);
    return { category, entryIds: ids };
  });
  return {
    riskMapInForce: input.riskMapInForce,
    overlapAt: input.overlapAt,
    neighbourhoods: input.neighbourhoods,
    cells,
    overlaps,
    cityWideOverlaps,
    cityWideProviders,
    cityWideRisks: [...cityWideRisks]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([category, agg]) => ({ category, riskIds: agg.riskIds })),
    totals,
    entryIds,
  };
}

/** Whether an entry counts as offered today: active, started, not ended. */
export function isActive(e: { status: string; startOn: string | null; endOn: string | null }, today: string) {
  return e.status === 'active' && (!e.startOn || e.startOn <= today) && (!e.endOn || e.endOn >= today);
}

const providerKeyOf = (e: { organisationId: string | null; providerName: string }) =>
  e.organisationId ?? `name:${e.providerName.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()}`;

/** Gaps and overlaps of the city (restricted to one neighbourhood if asked). */
export async function coverage(
  db: Db,
  cityId: string,
  query: { overlapAt?: number; neighbourhoodId?: string },
): Promise<Coverage> {
  const mandate = await requireDirectory(db, cityId);
  const riskMapInForce = Boolean(mandate?.a?.enabled);
  let neighbourhoods = await db
    .select({ id: riskNeighbourhood.id, name: riskNeighbourhood.name })
    .from(riskNeighbourhood)
    .where(and(eq(riskNeighbourhood.cityId, cityId), isNotNull(riskNeighbourhood.currentSetId)))
    .orderBy(riskNeighbourhood.name);
  if (query.neighbourhoodId) neighbourhoods = neighbourhoods.filter((n) => n.id === query.neighbourhoodId);
  const today = new Date().toISOString().slice(0, 10);
  // Only the columns the computation reads: a large city has thousands of entries.
  const rows = await db
    .select({
      id: directoryEntry.id,
      title: directoryEntry.title,
      organisationId: directoryEntry.organisationId,
      providerName: directoryEntry.providerName,
      serviceType: directoryEntry.serviceType,
      targetGroup: directoryEntry.targetGroup,
      cityWide: directoryEntry.cityWide,
      status: directoryEntry.status,
      startOn: directoryEntry.startOn,
      endOn: directoryEntry.endOn,
    })
    .from(directoryEntry)
    .where(eq(directoryEntry.cityId, cityId));
  const active = rows.filter((r) => isActive(r, today));
  const linkRows = await db
    .select({
      entryId: directoryEntryNeighbourhood.entryId,
      neighbourhoodId: directoryEntryNeighbourhood.neighbourhoodId,
    })
    .from(directoryEntryNeighbourhood)
    .where(eq(directoryEntryNeighbourhood.cityId, cityId));
  const links = new Map<string, string[]>();
  for (const l of linkRows) {
    const list = links.get(l.entryId);
    if (list) list.push(l.neighbourhoodId);
    else links.set(l.entryId, [l.neighbourhoodId]);
  }
  const orgNames = new Map(
    (
      await db
        .select({ id: organisation.id, name: organisation.name })
        .from(organisation)
        .where(eq(organisation.cityId, cityId))
    ).map((o) => [o.id, o.name]),
  );
  const nameOf = (r: (typeof rows)[number]) =>
    r.organisationId ? (orgNames.get(r.organisationId) ?? '') : r.providerName;
  const riskRows = riskMapInForce
    ? await db
        .select({
          id: risk.id,
          category: risk.category,
          cityWide: risk.cityWide,
          likelihood: risk.likelihood,
          impact: risk.impact,
          matrixVersion: risk.matrixVersion,
        })
        .from(risk)
        .where(eq(risk.cityId, cityId))
    : [];
  // Levels on the city's matrix the score was made on (not the fixed default).
  const levels = await cityLevels(db, cityId);
  const riskLinks = riskMapInForce
    ? await db
        .select({
          riskId: riskNeighbourhoodLink.riskId,
          neighbourhoodId: riskNeighbourhoodLink.neighbourhoodId,
        })
        .from(riskNeighbourhoodLink)
        .where(eq(riskNeighbourhoodLink.cityId, cityId))
    : [];
  const placesOf = new Map<string, string[]>();
  for (const l of riskLinks) {
    const list = placesOf.get(l.riskId);
    if (list) list.push(l.neighbourhoodId);
    else placesOf.set(l.riskId, [l.neighbourhoodId]);
  }
  const types = await serviceTypesOf(db, cityId);
  const result = computeCoverage({
    neighbourhoods,
    entries: active.map((r) => ({
      id: r.id,
      title: r.title,
      providerName: nameOf(r),
      providerKey: providerKeyOf(r),
      serviceType: r.serviceType,
      targetGroup: r.targetGroup,
      cityWide: r.cityWide,
      neighbourhoodIds: links.get(r.id) ?? [],
    })),
    risks: riskRows.map((r) => ({
      id: r.id,
      category: r.category,
      level: levels.of(r.matrixVersion, r.likelihood, r.impact),
      cityWide: r.cityWide,
      neighbourhoodIds: placesOf.get(r.id) ?? [],
    })),
    answers: new Map(types.map((t) => [t.code, t.answers])),
    overlapAt: query.overlapAt ?? DEFAULT_OVERLAP_AT,
    riskMapInForce,
  });
  const { entryIds, ...rest } = result;
  return {
    ...rest,
    entries: active
      .filter((r) => entryIds.has(r.id))
      .map((r) => ({
        entryId: r.id,
        title: r.title,
        providerName: nameOf(r),
        serviceType: r.serviceType,
        targetGroup: r.targetGroup as Coverage['entries'][number]['targetGroup'],
        cityWide: r.cityWide,
      })),
  };
}
