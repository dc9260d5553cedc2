import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../server/platform/db/index.js';
import { getTemplate, network } from '../server/modules/network/index.js';
import { membership } from '../server/modules/people/index.js';
import { createCity } from '../server/modules/cities/cities.service.js';
import type { AppDeps } from '../server/platform/deps.js';
import { risk, riskNeighbourhood, riskNeighbourhoodLink } from '../server/modules/risk-map/risk-map.table.js';
import { checkBoundaries, simplifyShapes } from '../server/modules/risk-map/geo.js';

/**
 * The risk map at a big city's scale (issue 10 §5), run by bench/run.ts on its database and app:
 *   1. a boundary file of N neighbourhoods (default 1,000, about 20 MB: a grid of shared-edge cells
 *      with detailed borders) uploaded through the app — validated, simplified, stored — against the
 *      bare work (parse + validate + simplify in-process, no HTTP, no database): target < 15 s;
 *   2. the map page's data (every shape in force with its highest level) for those neighbourhoods and
 *      5,000 risks: p50/p95 of sequential requests and the gzip size, against the bare statements:
 *      targets < 300 ms p95 and < 1 MB gzip;
 *   3. the risk register list, app vs bare statements, sequential p50 (ratio ≥ 0.6 in throughput terms
 *      is bare/app ≥ 0.6).
 */
export interface RiskMapBenchContext {
  deps: AppDeps;
  database: Database;
  appPort: number;
  cookie: string;
  coordinatorId: string;
  neighbourhoods: number;
  risks: number;
  requests: number;
}

const fmt = (n: number) => n.toFixed(1);
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/**
 * A grid of square cells whose edges carry `detail` extra points each, computed from the shared
 * corner coordinates only, so that neighbours share every border point exactly (as real ward files
 * do) and topology-preserving simplification has shared arcs to keep.
 */
export function gridBoundaries(count: number, detail: number): string {
  const side = Math.ceil(Math.sqrt(count));
  const step = 0.01;
  // A deterministic wiggle per edge point, the same from both cells that share the edge, fading to
  // nothing at the corners so that two edges of one cell never cross.
  const wiggle = (x: number, y: number, f: number) =>
    Math.sin(x * 9173.1 + y * 5171.7) * step * 0.02 * Math.sin(Math.PI * f);
  const edge = (ax: number, ay: number, bx: number, by: number): number[][] => {
    const points: number[][] = [];
    for (let i = 0; i < detail; i++) {
      const f = i / detail;
      const x = ax + (bx - ax) * f;
      const y = ay + (by - ay) * f;
      const horizontal = ay === by;
      points.push(
        i === 0
          ? [ax, ay]
          : horizontal
            ? [+x.toFixed(7), +(y + wiggle(x, y, f)).toFixed(7)]
            : [+(x + wiggle(x, y, f)).toFixed(7), +y.toFixed(7)],
      );
    }
    return points;
  };
  const features = [];
  for (let n = 0; n < count; n++) {
    const x0 = 20 + (n % side) * step;
    const y0 = 41 + Math.floor(n / side) * step;
    const [x1, y1] = [x0 + step, y0 + step];
    // Counter-clockwise; each edge walked from its lower-left end so both neighbours compute the same points.
    const bottom = edge(x0, y0, x1, y0); // from (x0, y0), up to but not including (x1, y0)
    const right = edge(x1, y0, x1, y1);
    const topInner = edge(x0, y1, x1, y1).slice(1).reverse(); // walked back from x1 to x0
    const leftInner = edge(x0, y0, x0, y1).slice(1).reverse(); // walked back from y1 to y0
    const ring = [...bottom, ...right, [x1, y1], ...topInner, [x0, y1], ...leftInner, [x0, y0]];
    features.push({
      type: 'Feature',
      properties: { name: `Квартал ${n + 1}` },
      geometry: { type: 'Polygon', coordinates: [ring] },
    });
  }
  return JSON.stringify({ type: 'FeatureCollection', features });
}

export async function benchRiskMap(ctx: RiskMapBenchContext) {
  const { db } = ctx.database;
  const { city } = await createCity(
    ctx.deps,
    { userId: '', isPlatformAdmin: true },
    { userId: null, role: 'platform_admin', requestId: 'bench' },
    { name: 'Bench Risk City', slug: 'bench-risk', defaultLocale: 'mk' },
  );
  const template = getTemplate('situation-table')!;
  await db.insert(network).values({
    cityId: city.id,
    name: 'Bench risk network',
    templateId: template.id,
    templateVersion: String(template.version),
    sectors: template.sectors,
    meetingCadence: template.meetingCadence.frequency,
    mandate: { ...template.mandate, a: { enabled: true, scope: 'bench' } },
    caseWorkflow: template.caseWorkflow,
  });
  await db.insert(membership).values({ cityId: city.id, userId: ctx.coordinatorId, role: 'coordinator' });
  const base = `http://127.0.0.1:${ctx.appPort}/api/cities/${city.id}/risk-map`;
  const headers = {
    cookie: ctx.cookie,
    origin: `http://127.0.0.1:${ctx.appPort}`,
    'content-type': 'application/json',
  };

  // --- 1. upload ----------------------------------------------------------------------------------
  const geojson = gridBoundaries(ctx.neighbourhoods, 205);
  console.log(
    `\n--- risk map: ${ctx.neighbourhoods} neighbourhoods, ${(geojson.length / 1e6).toFixed(1)} MB of GeoJSON`,
  );
  let t0 = performance.now();
  const checked = checkBoundaries(geojson, 'name');
  if (checked.problems.length) throw new Error(`bench file invalid: ${JSON.stringify(checked.problems[0])}`);
  const { pointsKept } = simplifyShapes(checked.features);
  const bareUpload = performance.now() - t0;
  t0 = performance.now();
  const uploaded = await fetch(`${base}/boundaries`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ geojson, nameProperty: 'name' }),
  });
  const appUpload = performance.now() - t0;
  if (uploaded.status !== 200)
    throw new Error(`upload: ${uploaded.status} ${(await uploaded.text()).slice(0, 300)}`);
  console.log(
    `(a) bare: parse + validate + simplify in-process        ${fmt(bareUpload / 1000)} s (${pointsKept} points kept)`,
  );
  console.log(`(b) app: POST /risk-map/boundaries (HTTP, same + store)  ${fmt(appUpload / 1000)} s`);
  console.log(
    `ratio b/a ${(appUpload / bareUpload).toFixed(2)}; upload ${appUpload < 15_000 ? 'under' : 'OVER'} 15 s`,
  );

  // --- seed risks ---------------------------------------------------------------------------------
  const ids = (
    await db
      .select({ id: riskNeighbourhood.id })
      .from(riskNeighbourhood)
      .where(eq(riskNeighbourhood.cityId, city.id))
  ).map((r) => r.id);
  const categories = ['hate-speech-polarisation', 'gang-youth-violence', 'school-drop-out', 'unemployment'];
  for (let start = 0; start < ctx.risks; start += 500) {
    const rows = Array.from({ length: Math.min(500, ctx.risks - start) }, (_, j) => {
      const i = start + j;
      return {
        id: crypto.randomUUID(),
        cityId: city.id,
        title: `Risk ${i}`,
        kind: i % 2 ? 'threat' : 'vulnerability',
        category: categories[i % categories.length],
        cityWide: i % 50 === 0,
        likelihood: 1 + (i % 5),
        impact: 1 + ((i * 7) % 5),
        residualLikelihood: 1,
        residualImpact: 1,
        confidence: 'medium',
        trend: 'stable',
        reviewOn: '2027-06-01',
      };
    });
    await db.insert(risk).values(rows);
    const links = rows
      .filter((r) => !r.cityWide)
      .flatMap((r, j) =>
        [...new Set([ids[(start + j) % ids.length], ids[(start + j * 7 + 3) % ids.length]])].map(
          (neighbourhoodId) => ({
            riskId: r.id,
            neighbourhoodId,
            cityId: city.id,
          }),
        ),
      );
    await db.insert(riskNeighbourhoodLink).values(links).onConflictDoNothing();
  }
  await db.execute(sql`analyze`);

  // --- 2. map data and 3. the register list -------------------------------------------------------
  const bareMap = async () => {
    await db.execute(sql`select * from risk_neighbourhood where city_id = ${city.id} order by name`);
    await db.execute(sql`select s.neighbourhood_id, s.simplified from risk_neighbourhood_shape s
      where s.set_id = (select id from risk_boundary_set where city_id = ${city.id} order by version desc limit 1)`);
    await db.execute(sql`select id, city_wide, likelihood, impact from risk where city_id = ${city.id}`);
    await db.execute(
      sql`select risk_id, neighbourhood_id from risk_neighbourhood_link where city_id = ${city.id}`,
    );
  };
  const bareList = async () => {
    await db.execute(sql`select * from risk where city_id = ${city.id}`);
    await db.execute(
      sql`select risk_id, neighbourhood_id from risk_neighbourhood_link where city_id = ${city.id}`,
    );
  };
  const timed = async (name: string, bare: () => Promise<unknown>, url: string) => {
    const warm = await fetch(url, { headers });
    if (warm.status !== 200) throw new Error(`${url}: ${warm.status} ${await warm.text()}`);
    const body = Buffer.from(await warm.arrayBuffer());
    await bare();
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < ctx.requests; i++) {
      let s = performance.now();
      await bare();
      a.push(performance.now() - s);
      s = performance.now();
      await (await fetch(url, { headers })).arrayBuffer();
      b.push(performance.now() - s);
    }
    const row = (label: string, xs: number[]) =>
      `${label.padEnd(56)} p50 ${fmt(quantile(xs, 0.5)).padStart(7)} ms  p95 ${fmt(quantile(xs, 0.95)).padStart(7)} ms`;
    console.log(`${name}, ${ctx.requests} sequential requests each:`);
    console.log(row('(a) bare statements', a));
    console.log(row(`(b) app GET ${new URL(url).pathname.replace(city.id, ':cityId')}`, b));
    console.log(
      `bare/app (p50) ${(quantile(a, 0.5) / quantile(b, 0.5)).toFixed(2)}; response ${(body.length / 1e6).toFixed(2)} MB, ` +
        `${(zlib.gzipSync(body).length / 1e6).toFixed(2)} MB gzip`,
    );
    return { p95: quantile(b, 0.95), gzip: zlib.gzipSync(body).length };
  };
  const map = await timed(
    `map data (${ids.length} neighbourhoods, ${ctx.risks} risks)`,
    bareMap,
    `${base}/map`,
  );
  console.log(
    `map data p95 ${fmt(map.p95)} ms: ${map.p95 < 300 ? 'under' : 'OVER'} 300 ms; ` +
      `${(map.gzip / 1e6).toFixed(2)} MB gzip: ${map.gzip < 1e6 ? 'under' : 'OVER'} 1 MB`,
  );
  await timed(`risk register (${ctx.risks} risks)`, bareList, `${base}/risks`);
}
