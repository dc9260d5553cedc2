import { SMALL_CELL_MIN, type SuppressedCount } from '../../contracts/case-statistics.contract.js';

/*
 * The product's one disclosure-control function family. Every count that leaves the server in an
 * aggregate (statistics, attendance, published summaries, cross-city comparisons) goes through
 * `suppressCounts` (one dimension that partitions a total) or `suppressTable` (a two-way table with
 * its row, column and grand totals). Cells of 1 to min-1 are withheld (primary suppression) and
 * further cells are withheld where a withheld one could be worked out by subtraction (secondary).
 * Zero is shown as 0. See docs/DATA_PROTECTION.md, "Small cells".
 */

export { SMALL_CELL_MIN };
export type { SuppressedCount };

export interface Suppressed {
  cells: SuppressedCount[];
  total: SuppressedCount;
}

const shown = (value: number): SuppressedCount => ({ value, suppressed: false });
const withheld = (): SuppressedCount => ({ value: null, suppressed: true });

/**
 * Withholds small counts in one dimension (counts that partition a total):
 * - a total of 1 to min-1 is withheld with every cell, zeros included (nothing to subtract from);
 * - otherwise every cell of 1 to min-1 is withheld (primary suppression), and a reader must not be
 *   able to work one out from the total minus the visible cells, so when exactly one cell is withheld,
 *   or when the withheld cells are all 1 or all min-1 (their sum would then give each of them away),
 *   the smallest visible non-zero cells are withheld too (all of them on a tie, so the choice between
 *   equal cells gives nothing away); when no non-zero cell is left, the zero cells are withheld instead.
 * Zero is shown as 0 otherwise. The one table this cannot protect is one whose every cell is exactly 1:
 * with the total shown elsewhere, a reader knows each is 1 (see docs/CASES.md).
 * `options.total` is for non-additive dimensions (a situation in several cells): the total to show.
 */
export function suppressCounts(
  values: readonly number[],
  options: { min?: number; total?: number } = {},
): Suppressed {
  const min = options.min ?? SMALL_CELL_MIN;
  const total = options.total ?? values.reduce((sum, v) => sum + v, 0);
  if (total === 0 && values.every((v) => v === 0)) {
    return { cells: values.map(() => shown(0)), total: shown(0) };
  }
  if (total < min) return { cells: values.map(withheld), total: withheld() };
  const hidden = new Set<number>();
  values.forEach((v, i) => {
    if (v > 0 && v < min) hidden.add(i);
  });
  // (A 'total' answer cannot be followed here: a one-dimension total is always shown; docs/CASES.md.)
  protectLine(values, hidden, min, true);
  return {
    cells: values.map((v, i) => (hidden.has(i) ? withheld() : shown(v))),
    total: shown(total),
  };
}

/**
 * Secondary suppression in one line whose total is shown (`totalShown`) or withheld. Adds to `hidden`
 * and says whether it did; 'total' when only withholding the line's total can protect it (every cell
 * is already withheld, e.g. 4 + 4 = 8).
 */
function protectLine(
  values: readonly number[],
  hidden: Set<number>,
  min: number,
  totalShown: boolean,
): boolean | 'total' {
  const before = hidden.size;
  const hiddenIdx = values.flatMap((_, i) => (hidden.has(i) ? [i] : []));
  const hiddenSum = hiddenIdx.reduce((sum, i) => sum + values[i], 0);
  let exposed: boolean;
  if (totalShown) {
    // One withheld cell is total minus the rest; several all-1 or all-(min-1) cells give themselves away.
    exposed =
      hiddenIdx.length > 0 &&
      (hiddenIdx.length === 1 ||
        hiddenSum === hiddenIdx.length ||
        hiddenSum === hiddenIdx.length * (min - 1));
  } else {
    // A withheld total is the sum of its cells: at least one of them must be withheld too.
    exposed = hiddenIdx.length === 0 && values.length > 0;
  }
  if (!exposed) return false;
  const visible = values.flatMap((v, i) => (v > 0 && !hidden.has(i) ? [v] : []));
  if (visible.length) {
    const smallest = Math.min(...visible);
    values.forEach((v, i) => {
      if (v === smallest && !hidden.has(i)) hidden.add(i);
    });
  } else {
    values.forEach((v, i) => {
      if (v === 0) hidden.add(i);
    });
  }
  if (hidden.size > before) return true;
  return totalShown ? 'total' : false;
}

export interface SuppressedTable {
  /** cells[row][column] */
  cells: SuppressedCount[][];
  rowTotals: SuppressedCount[];
  columnTotals: SuppressedCount[];
  total: SuppressedCount;
}

/**
 * Withholds small counts in a two-way table (e.g. attendance by sex × age band) published with its
 * row, column and grand totals. The per-cell rule of `suppressCounts` applies to every cell (a minimum
 * on the total alone would let a cell of 1 through), a row or column whose total is 1 to min-1 is
 * withheld whole, and the subtraction rule is applied to every row, every column and both margins,
 * again and again until nothing more needs withholding (a cell withheld to protect its row may expose
 * one in its column). Errs on the side of withholding more.
 */
export function suppressTable(
  table: readonly (readonly number[])[],
  options: { min?: number } = {},
): SuppressedTable {
  const min = options.min ?? SMALL_CELL_MIN;
  const rows = table.length;
  const cols = rows ? table[0].length : 0;
  if (table.some((r) => r.length !== cols)) throw new Error('suppressTable: ragged table');
  const rowTotals = table.map((r) => r.reduce((s, v) => s + v, 0));
  const columnTotals = Array.from({ length: cols }, (_, c) => table.reduce((s, r) => s + r[c], 0));
  const grand = rowTotals.reduce((s, v) => s + v, 0);

  const hiddenCell = new Set<string>();
  const key = (r: number, c: number) => `${r}:${c}`;
  const hiddenRow = new Set<number>();
  const hiddenCol = new Set<number>();
  let grandHidden = grand > 0 && grand < min;

  if (grandHidden) {
    return {
      cells: table.map((r) => r.map(withheld)),
      rowTotals: rowTotals.map(withheld),
      columnTotals: columnTotals.map(withheld),
      total: withheld(),
    };
  }
  // Primary: small cells, and small margins with their whole line.
  table.forEach((r, ri) =>
    r.forEach((v, ci) => {
      if (v > 0 && v < min) hiddenCell.add(key(ri, ci));
    }),
  );
  rowTotals.forEach((t, ri) => {
    if (t > 0 && t < min) {
      hiddenRow.add(ri);
      for (let c = 0; c < cols; c++) hiddenCell.add(key(ri, c));
    }
  });
  columnTotals.forEach((t, ci) => {
    if (t > 0 && t < min) {
      hiddenCol.add(ci);
      for (let r = 0; r < rows; r++) hiddenCell.add(key(r, ci));
    }
  });

  // Secondary: repeat the line rule over rows, columns and the two margins until stable.
  const lineRule = (
    values: number[],
    isHidden: (i: number) => boolean,
    hide: (i: number) => void,
    totalShown: boolean,
    hideTotal: () => void,
  ): boolean => {
    const set = new Set(values.flatMap((_, i) => (isHidden(i) ? [i] : [])));
    const outcome = protectLine(values, set, min, totalShown);
    if (outcome === false) return false;
    if (outcome === 'total') {
      hideTotal();
      return true;
    }
    set.forEach((i) => {
      if (!isHidden(i)) hide(i);
    });
    return true;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let r = 0; r < rows; r++) {
      changed =
        lineRule(
          [...table[r]],
          (c) => hiddenCell.has(key(r, c)),
          (c) => hiddenCell.add(key(r, c)),
          !hiddenRow.has(r),
          () => hiddenRow.add(r),
        ) || changed;
    }
    for (let c = 0; c < cols; c++) {
      changed =
        lineRule(
          table.map((row) => row[c]),
          (r) => hiddenCell.has(key(r, c)),
          (r) => hiddenCell.add(key(r, c)),
          !hiddenCol.has(c),
          () => hiddenCol.add(c),
        ) || changed;
    }
    const hideGrand = () => (grandHidden = true);
    changed =
      lineRule(
        rowTotals,
        (r) => hiddenRow.has(r),
        (r) => hiddenRow.add(r),
        !grandHidden,
        hideGrand,
      ) || changed;
    changed =
      lineRule(
        columnTotals,
        (c) => hiddenCol.has(c),
        (c) => hiddenCol.add(c),
        !grandHidden,
        hideGrand,
      ) || changed;
  }
  return {
    cells: table.map((r, ri) => r.map((v, ci) => (hiddenCell.has(key(ri, ci)) ? withheld() : shown(v)))),
    rowTotals: rowTotals.map((t, ri) => (hiddenRow.has(ri) ? withheld() : shown(t))),
    columnTotals: columnTotals.map((t, ci) => (hiddenCol.has(ci) ? withheld() : shown(t))),
    total: grandHidden ? withheld() : shown(grand),
  };
}
