import { describe, expect, it } from 'vitest';
import { fitProjection, labelPoint, pathOf } from './mapGeometry';

const square = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [20, 41],
      [20.1, 41],
      [20.1, 41.1],
      [20, 41.1],
      [20, 41],
    ],
    [
      [20.04, 41.04],
      [20.04, 41.06],
      [20.06, 41.06],
      [20.06, 41.04],
      [20.04, 41.04],
    ],
  ],
};

describe('drawing shapes', () => {
  it('fits the shapes to the width, north up, longitude scaled by latitude', () => {
    const p = fitProjection([square], 400, 0);
    expect(p.project(20, 41.1)).toEqual([0, 0]);
    const [x, y] = p.project(20.1, 41);
    expect(x).toBeCloseTo(400);
    // 0.1° of latitude is taller than 0.1° of longitude at 41° N.
    expect(y).toBeCloseTo(400 / Math.cos((41.05 * Math.PI) / 180));
    expect(p.height).toBe(Math.round(y));
  });

  it('draws every ring, the hole too, and labels the middle', () => {
    const p = fitProjection([square], 400, 0);
    expect(pathOf(square, p).match(/M/g)).toHaveLength(2);
    const [lx, ly] = labelPoint(square, p);
    expect(lx).toBeCloseTo(200);
    expect(ly).toBeCloseTo(p.height / 2, 0);
  });
});
