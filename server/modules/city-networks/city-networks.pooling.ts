import { MIN_POOLED_CITIES, type NetworkStatistics } from '../../../contracts/city-networks.contract.js';
import { SMALL_CELL_MIN, suppressCounts, type SuppressedCount } from '../../platform/disclosure.js';

/*
 * Pooling across cities, pure (docs/CITY_NETWORKS.md, "Why no small cell can be worked out"):
 * 1. each city's line is suppressed on its own by the one disclosure module;
 * 2. only what that left visible is added up: a withheld city cell enters no published figure at all,
 *    so no difference of published figures can contain it;
 * 3. the sums are suppressed again (belt and braces: sums of 0 or ≥ min cannot be small);
 * 4. unnamed cities are pooled only when there are at least MIN_POOLED_CITIES of them, and the network
 *    row adds only what is shown above it, so "network minus named" never isolates one unnamed city.
 */

export interface CityLine {
  cityId: string;
  name: string;
  named: boolean;
  values: number[];
}

type Figures = { cells: SuppressedCount[]; total: SuppressedCount | null };
type Measure = NetworkStatistics['measures'][number];

const shownValue = (c: SuppressedCount) => (c.suppressed ? 0 : (c.value ?? 0));

/** One city's line through the disclosure module: as one partition, or cell by cell when not additive. */
export function suppressLine(values: readonly number[], additive: boolean, min = SMALL_CELL_MIN): Figures {
  if (additive) return suppressCounts(values, { min });
  return { cells: values.map((v) => suppressCounts([v], { min }).cells[0]), total: null };
}

/** Adds what is visible in the lines and suppresses the sums again. */
function pool(lines: Figures[], width: number, additive: boolean, min: number): Figures {
  const cells = Array.from({ length: width }, (_, k) =>
    lines.reduce((s, l) => s + shownValue(l.cells[k]), 0),
  );
  if (!additive) return suppressLine(cells, false, min);
  const total = lines.reduce((s, l) => s + (l.total ? shownValue(l.total) : 0), 0);
  // Each line's shown total is at least its shown cells, so `total` is at least their sum.
  return suppressCounts(cells, { min, total });
}

/** A measure of the network: named cities, the others pooled, the network; every figure suppressed. */
export function poolMeasure(
  key: Measure['key'],
  categories: string[],
  additive: boolean,
  lines: CityLine[],
  options: { min?: number; minPooledCities?: number } = {},
): Measure {
  const min = options.min ?? SMALL_CELL_MIN;
  const minPooled = options.minPooledCities ?? MIN_POOLED_CITIES;
  const named = lines
    .filter((l) => l.named)
    .map((l) => ({ cityId: l.cityId, name: l.name, ...suppressLine(l.values, additive, min) }));
  const unnamed = lines.filter((l) => !l.named).map((l) => suppressLine(l.values, additive, min));
  const others = unnamed.length >= minPooled ? pool(unnamed, categories.length, additive, min) : null;
  const network = pool([...named, ...(others ? [others] : [])], categories.length, additive, min);
  return { key, additive, categories, cities: named, others, network };
}
