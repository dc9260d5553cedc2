import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../server/platform/db/index.js';
import { city } from '../server/modules/cities/index.js';
import { caseSituation } from '../server/modules/cases/index.js';
import { activitySession } from '../server/modules/activities/index.js';
import { riskConsultation } from '../server/modules/risk-map/index.js';
import { safeSpaceSubmission } from '../server/modules/safe-space/index.js';
import { cityNetwork, cityNetworkAnalyst, cityNetworkMember } from '../server/modules/city-networks/index.js';
import { rawNetworkCounts } from '../server/modules/city-networks/city-networks.service.js';

/**
 * The network analyst's pooled view over N member cities (issue 12 §4: 1,000 cities < 1 s), run by
 * bench/run.ts on the same database and app:
 *   (a) the bare counting: the five grouped statements over every member city, no pooling, no HTTP;
 *   (b) GET /api/city-networks/:id/statistics through the app (session, validation, per-city
 *       suppression, pooling, suppression again, serialisation).
 * Sequential requests (the figure is one analyst's wait), p50/p95 and the ratio b/a in the same run.
 */

export interface CityNetworksBenchContext {
  database: Database;
  appPort: number;
  /** Session cookie of a person the bench designates as the network's analyst. */
  cookie: string;
  analystUserId: string;
  cities: number;
  requests: number;
}

const YEAR = new Date().getUTCFullYear();
const fmt = (n: number) => n.toFixed(1);
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

async function seed(ctx: CityNetworksBenchContext): Promise<string> {
  const { db } = ctx.database;
  const [net] = await db
    .insert(cityNetwork)
    .values({ name: 'Bench network', kind: 'international' })
    .returning({ id: cityNetwork.id });
  await db.insert(cityNetworkAnalyst).values({ networkId: net.id, userId: ctx.analystUserId });
  const day = (i: number) => `${YEAR}-${String(1 + (i % 12)).padStart(2, '0')}-1${i % 9}`;
  const at = (i: number) => new Date(`${day(i)}T10:00:00Z`);
  const stages = ['filter-1', 'filter-3', 'filter-4', 'closed', 'rejected'];
  const kinds = ['concern', 'idea', 'question', 'feedback'];
  for (let start = 0; start < ctx.cities; start += 100) {
    const batch = Array.from({ length: Math.min(100, ctx.cities - start) }, (_, j) => start + j);
    const ids = batch.map(() => crypto.randomUUID());
    await db.insert(city).values(
      batch.map((i, j) => ({
        id: ids[j],
        name: `Bench network city ${i}`,
        slug: `bench-net-${i}`,
        settings: { require2faRoles: [] },
      })),
    );
    await db.insert(cityNetworkMember).values(
      ids.map((cityId, j) => ({
        cityId,
        networkId: net.id,
        decisionId: crypto.randomUUID(),
        named: batch[j] % 10 === 0,
      })),
    );
    // Per city: 20 situations, 10 sessions, 3 consultations, 12 submissions (small cities: many small cells).
    await db.insert(caseSituation).values(
      ids.flatMap((cityId, j) =>
        Array.from({ length: 20 }, (_, k) => ({
          cityId,
          reference: `B-${batch[j]}-${k}`,
          workflow: 'four-filter',
          stage: stages[(k * (batch[j] + 1)) % stages.length],
          originatingOrganisationId: cityId,
          subjectKind: 'individual',
          ageBand: '18-24',
          gender: 'female',
          createdAt: at(k),
        })),
      ),
    );
    await db.insert(activitySession).values(
      ids.flatMap((cityId, j) =>
        Array.from({ length: 10 }, (_, k) => ({
          cityId,
          actionId: cityId,
          heldOn: day(k),
          type: 'training',
          attendance: [
            [0, 0, (k + batch[j]) % 9, 0, 0, 0],
            [0, 0, (k * 3 + batch[j]) % 7, 0, 0, 0],
            [0, 0, k % 2, 0, 0, 0],
          ],
          total: 0,
        })),
      ),
    );
    await db.insert(riskConsultation).values(
      ids.flatMap((cityId) =>
        Array.from({ length: 3 }, (_, k) => ({
          cityId,
          title: 'Consultation',
          heldOn: day(k),
          format: k % 2 ? 'focus-group' : 'public-meeting',
          neighbourhoodIds: [],
          organisationIds: [],
          attendance: [[0], [0], [0]],
          languages: ['en'],
        })),
      ),
    );
    await db.insert(safeSpaceSubmission).values(
      ids.flatMap((cityId, j) =>
        Array.from({ length: 12 }, (_, k) => ({
          cityId,
          kind: kinds[(k + batch[j]) % 4],
          receiptHash: crypto.randomBytes(10).toString('hex'),
          receivedAt: at(k),
          updatedAt: at(k),
        })),
      ),
    );
  }
  await db.execute(sql`analyze`);
  return net.id;
}

export async function benchCityNetworks(ctx: CityNetworksBenchContext) {
  const started = Date.now();
  const networkId = await seed(ctx);
  console.log(
    `\n--- city networks: seeded ${ctx.cities} member cities (20 situations, 10 sessions, 3 consultations, ` +
      `12 submissions each) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  const url = `http://127.0.0.1:${ctx.appPort}/api/city-networks/${networkId}/statistics?year=${YEAR}`;
  const headers = { cookie: ctx.cookie, origin: `http://localhost:${ctx.appPort}` };
  const bare: number[] = [];
  const app: number[] = [];
  // One warm-up each, then alternate so both see the same cache state.
  await rawNetworkCounts(ctx.database.db, networkId, YEAR);
  const warm = await fetch(url, { headers });
  if (warm.status !== 200) throw new Error(`statistics: ${warm.status} ${await warm.text()}`);
  for (let i = 0; i < ctx.requests; i++) {
    let t0 = performance.now();
    await rawNetworkCounts(ctx.database.db, networkId, YEAR);
    bare.push(performance.now() - t0);
    t0 = performance.now();
    const r = await fetch(url, { headers });
    await r.arrayBuffer();
    app.push(performance.now() - t0);
  }
  const row = (name: string, xs: number[]) =>
    `${name.padEnd(58)} p50 ${fmt(quantile(xs, 0.5)).padStart(7)} ms  p95 ${fmt(quantile(xs, 0.95)).padStart(7)} ms`;
  console.log(`sequential, ${ctx.requests} requests each:`);
  console.log(row(`(a) bare counting, 5 grouped statements over ${ctx.cities} cities`, bare));
  console.log(row('(b) app GET /api/city-networks/:id/statistics', app));
  console.log(`ratio b/a (p50): ${(quantile(app, 0.5) / quantile(bare, 0.5)).toFixed(2)}`);
  const p95 = quantile(app, 0.95);
  console.log(
    `pooled view over ${ctx.cities} cities p95 ${fmt(p95)} ms: ${p95 < 1000 ? 'under' : 'OVER'} 1 s`,
  );
}
