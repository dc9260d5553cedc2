// Test-only shapes shared by the risk map's tests: two Skopje municipalities with Cyrillic names,
// one with a hole, as a boundary file would carry them (name property "ime").

export const square = (x: number, y: number, size = 0.01): number[][] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];

export const feature = (name: string, rings: number[][][]) => ({
  type: 'Feature',
  properties: { ime: name },
  geometry: { type: 'Polygon', coordinates: rings },
});

export const boundaryFile = (features: object[]) => JSON.stringify({ type: 'FeatureCollection', features });

export const CENTAR = feature('Центар', [square(21.7, 42.1, 0.04), square(21.71, 42.11, 0.01).reverse()]);
export const KARPOS = feature('Карпош', [square(21.74, 42.1, 0.04)]);
