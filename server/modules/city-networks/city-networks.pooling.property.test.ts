import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { poolMeasure, type CityLine } from './city-networks.pooling.js';

/*
 * An attacker who sees every view the analyst can ask for — each year (periods), every naming
 * configuration the cities move through over time (cities), every measure line and its categories
 * (filters) — writes each shown figure as a linear equation over the true city × year × category
 * counts and tries to pin down a cell of 1–4: by exact linear elimination (differencing any
 * combination of views) and by bounds (every count is ≥ 0). The attacker is also told which city
 * cells were withheld. It must never succeed.
 */

const MIN = 5;
type Eq = { coef: Map<number, number>; value: number };

function unknownIndex(year: number, city: number, cat: number, cities: number, cats: number) {
  return (year * cities + city) * cats + cat;
}

/** The equations a set of views gives away (a figure shown = the sum of what it counts). */
function equationsOf(
  truth: number[][][], // [year][city][category]
  namings: boolean[][], // configurations over time: [config][city] named?
  additive: boolean,
  minPooled: number,
): Eq[] {
  const years = truth.length;
  const cities = truth[0].length;
  const cats = truth[0][0].length;
  const eqs: Eq[] = [];
  for (let y = 0; y < years; y++) {
    for (const named of namings) {
      const lines: CityLine[] = truth[y].map((values, c) => ({
        cityId: String(c),
        name: String(c),
        named: named[c],
        values,
      }));
      const m = poolMeasure('submissions-by-kind', ['a', 'b', 'c', 'd'].slice(0, cats), additive, lines, {
        min: MIN,
        minPooledCities: minPooled,
      });
      // What each city's own suppression left visible: the cells a pooled figure adds up.
      const visibleIn = (city: number) => {
        const own = poolMeasure(
          'submissions-by-kind',
          new Array(cats).fill(''),
          additive,
          [{ ...lines[city], named: true }],
          { min: MIN },
        ).cities[0];
        return own;
      };
      const lineEq = (members: number[], k: number | 'total'): Eq => {
        const coef = new Map<number, number>();
        for (const c of members) {
          const own = visibleIn(c);
          if (k === 'total') {
            if (own.total && !own.total.suppressed)
              for (let j = 0; j < cats; j++) coef.set(unknownIndex(y, c, j, cities, cats), 1);
          } else if (!own.cells[k].suppressed) {
            coef.set(unknownIndex(y, c, k, cities, cats), 1);
          }
        }
        return { coef, value: 0 };
      };
      const push = (
        members: number[],
        fig: { cells: { value: number | null }[]; total: { value: number | null } | null },
      ) => {
        fig.cells.forEach((cell, k) => {
          if (cell.value === null) return;
          const e = lineEq(members, k);
          eqs.push({ coef: e.coef, value: cell.value });
        });
        if (fig.total && fig.total.value !== null) {
          const e = lineEq(members, 'total');
          eqs.push({ coef: e.coef, value: fig.total.value });
        }
      };
      const namedIdx = named.flatMap((n, c) => (n ? [c] : []));
      const unnamedIdx = named.flatMap((n, c) => (n ? [] : [c]));
      m.cities.forEach((fig, i) => push([namedIdx[i]], fig));
      if (m.others) push(unnamedIdx, m.others);
      push([...namedIdx, ...(m.others ? unnamedIdx : [])], m.network);
    }
  }
  return eqs;
}

/** Unknowns whose value the equations fix exactly (reduced row echelon form, exact up to 1e-9). */
function determined(eqs: Eq[], n: number): Map<number, number> {
  const rows = eqs.map((e) => {
    const r = new Array(n + 1).fill(0);
    e.coef.forEach((v, i) => (r[i] = v));
    r[n] = e.value;
    return r;
  });
  let lead = 0;
  const pivots: number[] = [];
  for (let col = 0; col < n && lead < rows.length; col++) {
    let p = lead;
    while (p < rows.length && Math.abs(rows[p][col]) < 1e-9) p++;
    if (p === rows.length) continue;
    [rows[lead], rows[p]] = [rows[p], rows[lead]];
    const pv = rows[lead][col];
    for (let j = 0; j <= n; j++) rows[lead][j] /= pv;
    for (let r = 0; r < rows.length; r++) {
      if (r === lead || Math.abs(rows[r][col]) < 1e-9) continue;
      const f = rows[r][col];
      for (let j = 0; j <= n; j++) rows[r][j] -= f * rows[lead][j];
    }
    pivots.push(col);
    lead++;
  }
  const found = new Map<number, number>();
  pivots.forEach((col, r) => {
    const nonZero = rows[r].slice(0, n).filter((v: number) => Math.abs(v) > 1e-9).length;
    if (nonZero === 1) found.set(col, rows[r][n]);
  });
  return found;
}

/** Bounds from "every count ≥ 0", tightened until stable: a cell whose bounds meet is known. */
function bounded(eqs: Eq[], n: number): Map<number, number> {
  const lo = new Array(n).fill(0);
  const hi = new Array(n).fill(Infinity);
  for (let round = 0; round < 20; round++) {
    let changed = false;
    for (const e of eqs) {
      const idx = [...e.coef.keys()];
      for (const i of idx) {
        const othersLo = idx.reduce((s, j) => (j === i ? s : s + lo[j]), 0);
        const othersHi = idx.reduce((s, j) => (j === i ? s : s + hi[j]), 0);
        const newHi = Math.min(hi[i], e.value - othersLo);
        const newLo = Math.max(lo[i], e.value - othersHi);
        if (newHi < hi[i]) {
          hi[i] = newHi;
          changed = true;
        }
        if (newLo > lo[i]) {
          lo[i] = newLo;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  const found = new Map<number, number>();
  for (let i = 0; i < n; i++) if (lo[i] === hi[i]) found.set(i, lo[i]);
  return found;
}

const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 12 }));

describe('pooled network figures', () => {
  it('no cell of 1–4 is recovered by differencing across categories, years, cities and naming', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5 }).chain((cities) =>
          fc.record({
            truth: fc.array(
              fc.array(fc.array(count, { minLength: 3, maxLength: 3 }), {
                minLength: cities,
                maxLength: cities,
              }),
              {
                minLength: 1,
                maxLength: 3,
              },
            ),
            namings: fc.array(fc.array(fc.boolean(), { minLength: cities, maxLength: cities }), {
              minLength: 1,
              maxLength: 3,
            }),
            additive: fc.boolean(),
            minPooled: fc.integer({ min: 1, max: 3 }),
          }),
        ),
        ({ truth, namings, additive, minPooled }) => {
          const cities = truth[0].length;
          const cats = 3;
          const n = truth.length * cities * cats;
          const eqs = equationsOf(truth, namings, additive, minPooled);
          const value = (i: number) => {
            const cat = i % cats;
            const city = Math.floor(i / cats) % cities;
            const year = Math.floor(i / (cats * cities));
            return truth[year][city][cat];
          };
          for (const [i, v] of [...determined(eqs, n), ...bounded(eqs, n)]) {
            const real = value(i);
            expect(Math.abs(v - real)).toBeLessThan(1e-6); // the equations are true
            expect(real >= 1 && real < MIN, `recovered a small cell ${real}`).toBe(false);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the attacker does find a cell when figures are pooled without per-city suppression first', () => {
    // A sanity check of the attacker: publishing raw city totals next to a pool lets it recover a 2.
    const eqs: Eq[] = [
      {
        coef: new Map([
          [0, 1],
          [1, 1],
        ]),
        value: 9,
      }, // pool of two cities, raw
      { coef: new Map([[1, 1]]), value: 7 }, // the named one
    ];
    expect(determined(eqs, 2).get(0)).toBe(2);
  });
});
