import { describe, expect, it } from 'vitest';
import { AGE_BOUNDARIES, ageBandSets, ageRange, commonAgeBands, regroupAgeTable } from './age-bands.js';
import { sessionAgeBands, sessionSexes } from './activities.contract.js';
import { attendanceAgeBands, attendanceSexes } from './risk-map.contract.js';

describe('age bands: one definition', () => {
  it('sessions and consultations read their bands from it (stored tables keep their columns)', () => {
    expect(sessionAgeBands).toBe(ageBandSets.sessions);
    expect(attendanceAgeBands).toBe(ageBandSets.consultations);
    expect(sessionSexes).toBe(attendanceSexes);
    // The columns stored before the definition moved: unchanged, so no migration is needed.
    expect([...sessionAgeBands]).toEqual(['under-15', '15-17', '18-24', '25-34', '35-59', '60-plus']);
    expect([...attendanceAgeBands]).toEqual(['under-15', '15-24', '25-44', '45-64', '65-plus']);
  });

  it('every band of every set runs from one boundary to the next one of its set, without gaps', () => {
    for (const set of Object.values(ageBandSets)) {
      const ranges = set.map(ageRange);
      expect(ranges[0][0]).toBe(0);
      expect(ranges.at(-1)![1]).toBeNull();
      ranges.forEach(([first, last], i) => {
        expect(AGE_BOUNDARIES).toContain(first);
        if (i < ranges.length - 1) expect(ranges[i + 1][0]).toBe(last! + 1);
      });
    }
  });

  it('sums a sessions table and a consultations table on the bands they share', () => {
    const common = commonAgeBands(ageBandSets.sessions, ageBandSets.consultations);
    expect(common).toEqual(['under-15', '15-24', '25-plus']);
    const sessions = [
      [1, 2, 3, 4, 5, 6],
      [0, 1, 0, 1, 0, 1],
      [0, 0, 0, 0, 0, 1],
    ];
    const consultations = [
      [1, 1, 1, 1, 1],
      [2, 2, 2, 2, 2],
      [0, 0, 0, 0, 0],
    ];
    expect(regroupAgeTable(sessions, ageBandSets.sessions, common)).toEqual([
      [1, 5, 15],
      [0, 1, 2],
      [0, 0, 1],
    ]);
    expect(regroupAgeTable(consultations, ageBandSets.consultations, common)).toEqual([
      [1, 1, 3],
      [2, 2, 6],
      [0, 0, 0],
    ]);
  });

  it('refuses to split a band (35–59 does not fit into 25–44 or 45–64)', () => {
    expect(() =>
      regroupAgeTable([[0, 0, 0, 0, 1, 0]], ageBandSets.sessions, ageBandSets.consultations),
    ).toThrow(/35-59/);
  });
});
