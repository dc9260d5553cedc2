/*
 * Age bands: one definition for every count of people by sex × age (delivered sessions,
 * consultations). A band is named by its ages ("15-17", "under-15", "60-plus") and every band the
 * product records is a union of the fine bands below, so tables recorded with different band sets
 * can always be summed on the bands they share (`commonAgeBands`, `regroupAgeTable`).
 *
 * The two recording sets differ for a reason and stay as recorded (no stored value changes):
 * sessions separate minors (15–17) from young adults, which child-protection reporting needs;
 * consultations follow the census-style 15–24 / 25–44 / 45–64 bands residents are asked in. Neither
 * maps onto the other without splitting a band (35–59 against 45–64), so neither is rewritten.
 */

/** Rows of every attendance table; 'other' also holds "not stated". */
export const attendanceSexes = ['female', 'male', 'other'] as const;

/** The first age of each fine band: every recorded band starts and ends on these boundaries. */
export const AGE_BOUNDARIES = [0, 15, 18, 25, 35, 45, 60, 65] as const;

/** The band sets the product records, by what records them (columns in this order). */
export const ageBandSets = {
  sessions: ['under-15', '15-17', '18-24', '25-34', '35-59', '60-plus'],
  consultations: ['under-15', '15-24', '25-44', '45-64', '65-plus'],
} as const;
export type AgeBandSet = keyof typeof ageBandSets;

/** The ages a band covers: [first, last]; last is null for an open band ("60-plus"). */
export function ageRange(band: string): [number, number | null] {
  const under = /^under-(\d+)$/.exec(band);
  if (under) return [0, Number(under[1]) - 1];
  const plus = /^(\d+)-plus$/.exec(band);
  if (plus) return [Number(plus[1]), null];
  const span = /^(\d+)-(\d+)$/.exec(band);
  if (span) return [Number(span[1]), Number(span[2])];
  throw new Error(`Not an age band: ${band}`);
}

const nameOf = (first: number, next: number | null) =>
  first === 0 && next !== null ? `under-${next}` : next === null ? `${first}-plus` : `${first}-${next - 1}`;

/**
 * The finest bands two or more band sets share: a boundary counts only when every set has it.
 * Sessions and consultations share under-15, 15-24 and 25-plus.
 */
export function commonAgeBands(...sets: readonly (readonly string[])[]): string[] {
  const starts = sets.map((set) => new Set(set.map((b) => ageRange(b)[0])));
  const shared = [...starts[0]].filter((s) => starts.every((set) => set.has(s))).sort((a, b) => a - b);
  return shared.map((first, i) => nameOf(first, shared[i + 1] ?? null));
}

/**
 * A sex × age table recorded with one band set, summed onto a coarser one (e.g. the common bands).
 * Throws when a source band straddles a target band: that would need a split, never done silently.
 */
export function regroupAgeTable(
  table: readonly (readonly number[])[],
  from: readonly string[],
  to: readonly string[],
): number[][] {
  const target = to.map(ageRange);
  const column = from.map((band) => {
    const [first, last] = ageRange(band);
    const i = target.findIndex(([f, l]) => first >= f && (l === null || (last !== null && last <= l)));
    if (i < 0) throw new Error(`The band ${band} does not fit into one of ${to.join(', ')}`);
    return i;
  });
  return table.map((row) => {
    const out = to.map(() => 0);
    row.forEach((n, j) => (out[column[j]] += n));
    return out;
  });
}
