import type { RiskLevel, Shape } from '../../../contracts/index.js';

/*
 * Drawing the city's own shapes as SVG, without a map library or a tile server: an equirectangular
 * projection (longitude scaled by the cosine of the middle latitude, so a city looks the right
 * shape), fitted to the view box. Holes are drawn with the even-odd fill rule.
 */

type Ring = number[][];

export function polygonsOf(shape: Shape): Ring[][] {
  return (shape.type === 'Polygon' ? [shape.coordinates] : shape.coordinates) as Ring[][];
}

export interface Projection {
  width: number;
  height: number;
  project: (lon: number, lat: number) => [number, number];
}

/** Fits the shapes into width × height (less padding); north is up. */
export function fitProjection(shapes: Shape[], width: number, padding = 8): Projection {
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (const shape of shapes)
    for (const polygon of polygonsOf(shape))
      for (const [lon, lat] of polygon[0] ?? []) {
        if (lon < minLon) minLon = lon;
        if (lon > maxLon) maxLon = lon;
        if (lat < minLat) minLat = lat;
        if (lat > maxLat) maxLat = lat;
      }
  if (!Number.isFinite(minLon)) return { width, height: width / 2, project: () => [0, 0] };
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 1e-9);
  const spanY = Math.max(maxLat - minLat, 1e-9);
  const scale = (width - 2 * padding) / spanX;
  const height = Math.round(spanY * scale + 2 * padding);
  return {
    width,
    height,
    project: (lon, lat) => [padding + (lon - minLon) * k * scale, padding + (maxLat - lat) * scale],
  };
}

const fmt = (n: number) => (Math.round(n * 10) / 10).toString();

/** The SVG path of a shape: every ring, holes included (draw with fill-rule="evenodd"). */
export function pathOf(shape: Shape, projection: Projection): string {
  const parts: string[] = [];
  for (const polygon of polygonsOf(shape))
    for (const ring of polygon) {
      const points = ring.map(([lon, lat]) => projection.project(lon, lat));
      if (points.length < 3) continue;
      parts.push(`M${points.map(([x, y]) => `${fmt(x)},${fmt(y)}`).join('L')}Z`);
    }
  return parts.join('');
}

/** Where to put a label: the area-weighted centre of the largest outer ring. */
export function labelPoint(shape: Shape, projection: Projection): [number, number] {
  let best: [number, number] = [0, 0];
  let bestArea = -1;
  for (const polygon of polygonsOf(shape)) {
    const ring = (polygon[0] ?? []).map(([lon, lat]) => projection.project(lon, lat));
    let area = 0;
    let cx = 0;
    let cy = 0;
    for (let i = 0; i < ring.length - 1; i++) {
      const [x0, y0] = ring[i];
      const [x1, y1] = ring[i + 1];
      const cross = x0 * y1 - x1 * y0;
      area += cross;
      cx += (x0 + x1) * cross;
      cy += (y0 + y1) * cross;
    }
    if (Math.abs(area) > bestArea && area !== 0) {
      bestArea = Math.abs(area);
      best = [cx / (3 * area), cy / (3 * area)];
    }
  }
  return best;
}

/** The choropleth: one colour per level (light to dark), grey for no risk recorded. */
export const levelColours: Record<RiskLevel | 'none', string> = {
  none: '#e9ecef',
  low: '#fff3bf',
  medium: '#ffc078',
  high: '#f76707',
  'very-high': '#a61e1e',
};
