import { describe, expect, it } from 'vitest';
import { checkBoundaries, nameKeyOf, selfIntersection, simplifyShapes } from './geo.js';
import { demoBoundaryFile } from './risk-map.demo.js';

const square = (x: number, y: number, size = 1): number[][] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];
const fc = (features: object[]) => JSON.stringify({ type: 'FeatureCollection', features });
const polygon = (name: unknown, rings: unknown, props: object = {}) => ({
  type: 'Feature',
  properties: { name, ...props },
  geometry: { type: 'Polygon', coordinates: rings },
});

describe('checking a boundary file', () => {
  it('takes polygons with holes, multipolygons and names in any script', () => {
    const { features, problems } = checkBoundaries(
      fc([
        polygon('Центар', [square(0, 0, 4), square(1, 1, 1).reverse()]),
        polygon('Qendër', [square(4, 0)]),
        polygon('المركز', [square(0, 4)]),
        {
          type: 'Feature',
          properties: { name: 'Islands' },
          geometry: { type: 'MultiPolygon', coordinates: [[square(10, 10)], [square(12, 12)]] },
        },
      ]),
      'name',
    );
    expect(problems).toEqual([]);
    expect(features.map((f) => f.name)).toEqual(['Центар', 'Qendër', 'المركز', 'Islands']);
    expect(features[0].points).toBe(10);
  });

  it('names every problem by feature, in words', () => {
    const bow = [
      [0, 0],
      [2, 2],
      [2, 0],
      [0, 2],
      [0, 0],
    ];
    const { features, problems } = checkBoundaries(
      fc([
        polygon('Open', [
          square(0, 0)
            .slice(0, 4)
            .concat([[0.5, 0.5]]),
        ]),
        polygon('Bow tie', [bow]),
        polygon('Projected', [square(500000, 4600000, 1000)]),
        polygon('Twin', [square(5, 5)]),
        polygon(' twin ', [square(7, 7)]),
        polygon('', [square(9, 9)]),
        { type: 'Feature', properties: { name: 'Point' }, geometry: { type: 'Point', coordinates: [1, 2] } },
      ]),
      'name',
    );
    expect(features).toEqual([]);
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['body.geojson.features[0]', 'unclosed-ring'],
      ['body.geojson.features[1]', 'self-intersection'],
      ['body.geojson.features[2]', 'not-lon-lat'],
      ['body.geojson.features[4]', 'duplicate-name'],
      ['body.geojson.features[5]', 'name-missing'],
      ['body.geojson.features[6]', 'geometry-type'],
    ]);
    expect(problems[0].message).toContain('Feature 1 (“Open”)');
    expect(problems[3].message).toContain('same name as feature 4');
  });

  it('refuses what is not a FeatureCollection, or too many features', () => {
    expect(checkBoundaries('{', 'name').problems[0].code).toBe('json');
    expect(checkBoundaries('{"type":"Feature"}', 'name').problems[0].code).toBe('not-feature-collection');
    const many = Array.from({ length: 1001 }, (_, i) => polygon(`n${i}`, [square(0, 0)]));
    expect(checkBoundaries(fc(many), 'name').problems[0].code).toBe('too-many-features');
  });

  it('finds a hole crossing its outer ring', () => {
    expect(selfIntersection([square(0, 0, 4), square(3, 1, 2)])).not.toBeNull();
    expect(selfIntersection([square(0, 0, 4), square(1, 1, 1)])).toBeNull();
  });

  it('compares names across case, spacing and Unicode forms', () => {
    expect(nameKeyOf('  Old   Town ')).toBe(nameKeyOf('old town'));
    expect(nameKeyOf('Qende\u0308r')).toBe(nameKeyOf('Qendër'));
  });
});

describe('simplifying for display', () => {
  it('keeps neighbours touching: a shared border is simplified once for both sides', () => {
    // Two neighbours sharing one long wavy border of 4,000 vertices.
    const border: number[][] = Array.from({ length: 4001 }, (_, i) => [
      0.5 + Math.sin(i / 7) * 0.001 + Math.sin(i * 13.1) * 0.0002,
      i / 4000,
    ]);
    const west = [[0, 0], ...border, [0, 1], [0, 0]];
    const east = [[1, 1], ...[...border].reverse(), [1, 0], [1, 1]];
    const { features } = checkBoundaries(fc([polygon('West', [west]), polygon('East', [east])]), 'name');
    const { shapes, pointsKept } = simplifyShapes(features);
    expect(pointsKept).toBeLessThan(features[0].points + features[1].points);
    const ringOf = (i: number) => (shapes[i].coordinates as number[][][])[0];
    const key = (p: number[]) => `${p[0].toFixed(6)},${p[1].toFixed(6)}`;
    const westBorder = new Set(
      ringOf(0)
        .filter((p) => p[0] > 0.1 && p[0] < 0.9)
        .map(key),
    );
    const eastBorder = new Set(
      ringOf(1)
        .filter((p) => p[0] > 0.1 && p[0] < 0.9)
        .map(key),
    );
    expect(westBorder.size).toBeGreaterThan(10);
    expect([...westBorder].sort()).toEqual([...eastBorder].sort());
  });

  it('the demo file is valid and has a hole', () => {
    const { features, problems } = checkBoundaries(demoBoundaryFile(), 'name');
    expect(problems).toEqual([]);
    expect(features).toHaveLength(12);
    expect(features.find((f) => f.name === 'Old Town')!.geometry.coordinates).toHaveLength(2);
  });
});
