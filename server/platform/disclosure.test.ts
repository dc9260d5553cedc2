import { describe, expect, it } from 'vitest';
import { suppressTable, type SuppressedTable } from './disclosure.js';

const view = (t: SuppressedTable) => t.cells.map((r) => r.map((c) => (c.suppressed ? 'x' : c.value)));

/**
 * What a reader can work out from a published table by subtraction: a line (a row with its total, a
 * column with its total, the row totals with the grand total, the column totals with it) with exactly
 * one withheld number gives that number away; a line whose withheld cells are all 1 or all min-1 with
 * a shown total gives them away by their sum.
 */
function leaks(table: number[][], out: SuppressedTable, min = 5): string[] {
  const problems: string[] = [];
  const line = (name: string, values: number[], hidden: boolean[], total: number, totalHidden: boolean) => {
    const unknowns = hidden.filter(Boolean).length + (totalHidden ? 1 : 0);
    if (unknowns === 1) problems.push(`${name}: one unknown`);
    if (!totalHidden && unknowns > 1) {
      const hv = values.filter((_, i) => hidden[i]);
      // Withheld small cells are 1..min-1, so a sum of n × 1 or n × (min-1) pins each of them down.
      if (hv.every((v) => v === 1) || hv.every((v) => v === min - 1))
        problems.push(`${name}: sum gives cells away`);
    }
    void total;
  };
  table.forEach((r, ri) =>
    line(
      `row ${ri}`,
      r,
      out.cells[ri].map((c) => c.suppressed),
      0,
      out.rowTotals[ri].suppressed,
    ),
  );
  table[0].forEach((_, ci) =>
    line(
      `col ${ci}`,
      table.map((r) => r[ci]),
      out.cells.map((r) => r[ci].suppressed),
      0,
      out.columnTotals[ci].suppressed,
    ),
  );
  const rowTotals = table.map((r) => r.reduce((s, v) => s + v, 0));
  const colTotals = table[0].map((_, ci) => table.reduce((s, r) => s + r[ci], 0));
  line(
    'row totals',
    rowTotals,
    out.rowTotals.map((c) => c.suppressed),
    0,
    out.total.suppressed,
  );
  line(
    'column totals',
    colTotals,
    out.columnTotals.map((c) => c.suppressed),
    0,
    out.total.suppressed,
  );
  out.cells.flat().forEach((c) => {
    if (!c.suppressed && c.value! > 0 && c.value! < min) problems.push(`small cell ${c.value} shown`);
  });
  return problems;
}

describe('suppressTable', () => {
  it('shows a table of large cells as it is', () => {
    const out = suppressTable([
      [10, 12],
      [7, 0],
    ]);
    expect(view(out)).toEqual([
      [10, 12],
      [7, 0],
    ]);
    expect(out.total).toEqual({ value: 29, suppressed: false });
  });

  it('withholds a small cell and enough others that it cannot be worked out from any total', () => {
    const table = [
      [10, 2, 8],
      [9, 11, 7],
    ];
    const out = suppressTable(table);
    expect(out.cells[0][1].suppressed).toBe(true);
    expect(leaks(table, out)).toEqual([]);
    // The row and column of the small cell each lose a second cell.
    expect(out.cells[0].filter((c) => c.suppressed).length).toBeGreaterThanOrEqual(2);
    expect(out.cells.map((r) => r[1]).filter((c) => c.suppressed).length).toBeGreaterThanOrEqual(2);
  });

  it('withholds everything when the grand total is under five', () => {
    const out = suppressTable([
      [1, 0],
      [2, 0],
    ]);
    expect(out.total.suppressed).toBe(true);
    expect(out.cells.flat().every((c) => c.suppressed)).toBe(true);
  });

  it('withholds a whole row whose total is small, and protects that total in the margin', () => {
    const table = [
      [1, 1, 0],
      [20, 30, 12],
      [15, 9, 11],
    ];
    const out = suppressTable(table);
    expect(out.rowTotals[0].suppressed).toBe(true);
    expect(out.cells[0].every((c) => c.suppressed)).toBe(true);
    expect(leaks(table, out)).toEqual([]);
  });

  it('never leaves a line with one unknown, on 2,000 random tables (fixed seed)', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    for (let n = 0; n < 2000; n++) {
      const rows = 1 + Math.floor(rand() * 4);
      const cols = 1 + Math.floor(rand() * 5);
      const table = Array.from({ length: rows }, () =>
        Array.from({ length: cols }, () => (rand() < 0.3 ? 0 : Math.floor(rand() * (rand() < 0.5 ? 6 : 40)))),
      );
      const out = suppressTable(table);
      if (out.total.suppressed) continue;
      expect({ table, problems: leaks(table, out) }).toEqual({ table, problems: [] });
    }
  });
});
