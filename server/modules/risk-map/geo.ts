import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import { topology } from 'topojson-server';
import { presimplify, quantile, simplify } from 'topojson-simplify';
import { BOUNDARY_LIMITS, LIMITS, type Shape } from '../../../contracts/index.js';

/*
 * Neighbourhood boundaries: checking an uploaded GeoJSON file feature by feature, in words a person
 * understands, and simplifying the shapes once for display without opening gaps between neighbours
 * (TopoJSON: shared borders become one arc, simplified once for both sides).
 */

export interface GeoProblem {
  /** Where: `body.geojson` for the file, `body.geojson.features[i]` for one feature. */
  path: string;
  /** A stable code the web translates (risk-map.geoError.<code>). */
  code: string;
  /** The same in English, with the feature's number and name. */
  message: string;
}

export interface CheckedFeature {
  name: string;
  nameKey: string;
  geometry: Shape;
  points: number;
}

type Position = number[];

/** The name as compared for duplicates and across versions: NFC, case-folded, spaces collapsed. */
export function nameKeyOf(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

const MAX_PROBLEMS = 200;

/**
 * Parses and checks a boundary file. Returns the features, or every problem found (up to 200):
 * the file is taken whole or not at all.
 */
export function checkBoundaries(
  text: string,
  nameProperty: string,
): { features: CheckedFeature[]; problems: GeoProblem[] } {
  const problems: GeoProblem[] = [];
  const file = (code: string, message: string) => ({
    features: [],
    problems: [{ path: 'body.geojson', code, message }],
  });
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return file('json', 'The file is not valid JSON (GeoJSON is JSON text).');
  }
  if (!isObject(doc) || doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    return file('not-feature-collection', 'The file must be a GeoJSON FeatureCollection.');
  }
  const raw = doc.features as unknown[];
  if (raw.length === 0) return file('no-features', 'The file has no features.');
  if (raw.length > BOUNDARY_LIMITS.features) {
    return file(
      'too-many-features',
      `The file has ${raw.length} features; at most ${BOUNDARY_LIMITS.features} are accepted.`,
    );
  }
  const features: CheckedFeature[] = [];
  const seen = new Map<string, number>();
  raw.forEach((item, index) => {
    if (problems.length >= MAX_PROBLEMS) return;
    const path = `body.geojson.features[${index}]`;
    const number = index + 1;
    const before = problems.length;
    const add = (code: string, what: string, label = `Feature ${number}`) =>
      problems.push({ path, code, message: `${label}: ${what}` });
    if (!isObject(item) || item.type !== 'Feature') {
      add('not-feature', 'is not a GeoJSON Feature.');
      return;
    }
    const props = isObject(item.properties) ? item.properties : {};
    const rawName = props[nameProperty];
    const name = typeof rawName === 'string' ? rawName.normalize('NFC').trim().replace(/\s+/g, ' ') : '';
    const label = name ? `Feature ${number} (“${name}”)` : `Feature ${number}`;
    if (!name) {
      add('name-missing', `has no text in the property “${nameProperty}” chosen for names.`);
    } else if (name.length > LIMITS.neighbourhood) {
      add('name-too-long', `its name is longer than ${LIMITS.neighbourhood} characters.`, label);
    } else if (name.includes('\u0000')) {
      add('name-missing', 'its name contains a NUL character.', label);
    } else {
      const key = nameKeyOf(name);
      const first = seen.get(key);
      if (first !== undefined) {
        add('duplicate-name', `has the same name as feature ${first + 1}.`, label);
      } else seen.set(key, index);
    }
    const geometry = item.geometry;
    if (!isObject(geometry) || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
      const type =
        isObject(geometry) && typeof geometry.type === 'string' ? geometry.type.slice(0, 40) : 'none';
      add('geometry-type', `is a ${type}, not a Polygon or MultiPolygon.`, label);
      return;
    }
    const polygons: unknown[] =
      geometry.type === 'Polygon'
        ? [geometry.coordinates]
        : Array.isArray(geometry.coordinates)
          ? geometry.coordinates
          : [];
    if (!Array.isArray(geometry.coordinates) || polygons.length === 0) {
      add('coordinates', 'has no coordinates.', label);
      return;
    }
    let points = 0;
    polygons.forEach((polygon, p) => {
      const where = geometry.type === 'MultiPolygon' ? `polygon ${p + 1}, ` : '';
      if (!Array.isArray(polygon) || polygon.length === 0) {
        add('coordinates', `${where}has no rings.`, label);
        return;
      }
      let ringsOk = true;
      polygon.forEach((ring: unknown, r) => {
        const ringName = `${where}${r === 0 ? 'outer ring' : `hole ${r}`}`;
        const problem = checkRing(ring);
        if (problem) {
          ringsOk = false;
          add(problem.code, `${ringName} ${problem.what}`, label);
        } else points += (ring as unknown[]).length;
      });
      if (ringsOk) {
        const crossing = selfIntersection(polygon as Position[][]);
        if (crossing) {
          add(
            'self-intersection',
            `${where}its edges cross near longitude ${crossing[0].toFixed(5)}, latitude ${crossing[1].toFixed(5)}.`,
            label,
          );
        }
      }
    });
    if (problems.length === before) {
      features.push({
        name,
        nameKey: nameKeyOf(name),
        geometry: { type: geometry.type, coordinates: geometry.coordinates as unknown[] },
        points,
      });
    }
  });
  return { features: problems.length ? [] : features, problems };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkRing(ring: unknown): { code: string; what: string } | null {
  if (!Array.isArray(ring)) return { code: 'coordinates', what: 'is not a list of points.' };
  for (const position of ring as unknown[]) {
    if (
      !Array.isArray(position) ||
      position.length < 2 ||
      typeof position[0] !== 'number' ||
      typeof position[1] !== 'number' ||
      !Number.isFinite(position[0]) ||
      !Number.isFinite(position[1])
    ) {
      return { code: 'coordinates', what: 'has a point that is not a pair of numbers.' };
    }
    const [lon, lat] = position as number[];
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      return {
        code: 'not-lon-lat',
        what: `has the point (${String(lon).slice(0, 20)}, ${String(lat).slice(0, 20)}), which is not longitude/latitude (WGS 84): was the file exported in a projected system?`,
      };
    }
  }
  if (ring.length < 4)
    return {
      code: 'ring-too-short',
      what: 'has fewer than 4 points (a ring needs 3 corners and the closing point).',
    };
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    return { code: 'unclosed-ring', what: 'is not closed: its last point must repeat its first.' };
  }
  return null;
}

interface Segment {
  ax: number;
  ay: number;
  bx: number;
  by: number;
  ring: number;
  index: number;
  ringLength: number;
  minX: number;
  maxX: number;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
}

function intersects(s: Segment, t: Segment): boolean {
  const o1 = orient(s.ax, s.ay, s.bx, s.by, t.ax, t.ay);
  const o2 = orient(s.ax, s.ay, s.bx, s.by, t.bx, t.by);
  const o3 = orient(t.ax, t.ay, t.bx, t.by, s.ax, s.ay);
  const o4 = orient(t.ax, t.ay, t.bx, t.by, s.bx, s.by);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSegment(s.ax, s.ay, s.bx, s.by, t.ax, t.ay)) return true;
  if (o2 === 0 && onSegment(s.ax, s.ay, s.bx, s.by, t.bx, t.by)) return true;
  if (o3 === 0 && onSegment(t.ax, t.ay, t.bx, t.by, s.ax, s.ay)) return true;
  if (o4 === 0 && onSegment(t.ax, t.ay, t.bx, t.by, s.bx, s.by)) return true;
  return false;
}

/** Neighbouring edges of one ring share a corner; that is not a crossing. */
function adjacent(s: Segment, t: Segment): boolean {
  if (s.ring !== t.ring) return false;
  const d = Math.abs(s.index - t.index);
  return d === 1 || d === s.ringLength - 1;
}

/**
 * Where two edges of one polygon (its outer ring and holes) cross or touch, or null. A sweep along
 * longitude: edges sorted by their west end, each compared only with those that overlap it in x.
 */
export function selfIntersection(polygon: Position[][]): [number, number] | null {
  const segments: Segment[] = [];
  polygon.forEach((ring, r) => {
    const n = ring.length - 1;
    for (let i = 0; i < n; i++) {
      const [ax, ay] = ring[i];
      const [bx, by] = ring[i + 1];
      if (ax === bx && ay === by) continue; // a repeated point is harmless
      segments.push({
        ax,
        ay,
        bx,
        by,
        ring: r,
        index: i,
        ringLength: n,
        minX: Math.min(ax, bx),
        maxX: Math.max(ax, bx),
      });
    }
  });
  segments.sort((a, b) => a.minX - b.minX);
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    for (let j = i + 1; j < segments.length && segments[j].minX <= s.maxX; j++) {
      const t = segments[j];
      if (adjacent(s, t)) continue;
      if (Math.max(s.ay, s.by) < Math.min(t.ay, t.by) || Math.max(t.ay, t.by) < Math.min(s.ay, s.by))
        continue;
      if (intersects(s, t)) return [t.ax, t.ay];
    }
  }
  return null;
}

/** Below this many vertices, the shapes are drawn as uploaded. */
const KEEP_ALL_BELOW = 5000;

/** At most this many border vertices are kept for display, however detailed the upload (issue 10:
 * the map data of 1,000 neighbourhoods stays under 1 MB gzip). */
const DISPLAY_MAX = 40_000;

/** Display coordinates are rounded to 6 decimals of a degree (about 0.1 m): the JSON is half the size. */
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;
function roundCoordinates(value: unknown): unknown {
  return typeof value === 'number'
    ? round6(value)
    : Array.isArray(value)
      ? value.map(roundCoordinates)
      : value;
}

/**
 * Topology-preserving simplification: shared borders are one arc, simplified once (Visvalingam),
 * so neighbours keep touching. Keeps about a fifth of the border vertices (at least 2,500, at most
 * 40,000; files of fewer than 5,000 vertices are drawn as uploaded). A ring the simplification would flatten keeps its uploaded shape.
 */
export function simplifyShapes(features: CheckedFeature[]): { shapes: Shape[]; pointsKept: number } {
  const total = features.reduce((sum, f) => sum + f.points, 0);
  if (total <= KEEP_ALL_BELOW) return { shapes: features.map((f) => f.geometry), pointsKept: total };
  const collection: FeatureCollection<Polygon | MultiPolygon> = {
    type: 'FeatureCollection',
    features: features.map((f, i): Feature<Polygon | MultiPolygon> => ({
      type: 'Feature',
      id: i,
      properties: {},
      geometry: f.geometry as unknown as Polygon | MultiPolygon,
    })),
  };
  const topo = presimplify(topology({ n: collection }, 1e6) as unknown as Parameters<typeof presimplify>[0]);
  // Shared borders count once here: the arcs' vertices, not the features'.
  const arcPoints = (topo.arcs as unknown[][]).reduce((sum, arc) => sum + arc.length, 0);
  const keep = Math.min(DISPLAY_MAX, Math.max(KEEP_ALL_BELOW / 2, Math.round(arcPoints / 5)));
  // topojson's quantile(p) is the weight at which the fraction p of the vertices is retained.
  const minWeight = quantile(topo, Math.min(1, keep / arcPoints));
  const simplified = simplify(topo, minWeight);
  const out = feature(simplified, simplified.objects.n) as unknown as FeatureCollection<
    Polygon | MultiPolygon
  >;
  let pointsKept = 0;
  const shapes = out.features.map((f, i) => {
    const rings = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    if (rings.some((polygon) => polygon.some((ring) => ring.length < 4))) {
      pointsKept += features[i].points;
      return features[i].geometry;
    }
    pointsKept += rings.reduce((sum, polygon) => sum + polygon.reduce((s, ring) => s + ring.length, 0), 0);
    return { type: f.geometry.type, coordinates: roundCoordinates(f.geometry.coordinates) as unknown[] };
  });
  return { shapes, pointsKept };
}
