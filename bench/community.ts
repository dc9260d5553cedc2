import crypto from 'node:crypto';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../server/platform/deps.js';
import { createCity } from '../server/modules/cities/cities.service.js';
import { communitySettings, publicEvent } from '../server/modules/community/index.js';
import { actionPlanVersion } from '../server/modules/action-plan/index.js';
import { riskConsultation, riskConsultationFinding } from '../server/modules/risk-map/index.js';
import type { LoadOptions, LoadResult } from './load.js';

/**
 * Issue 12 at scale, run by bench/run.ts on the same database and app:
 *  1. 1,000 cities, each with every public-page block published (explainer, events, an adopted
 *     action plan, a consultation with "you said, we did"); GET /p/{slug}/{lang} across all of
 *     them, cached (each page rendered once first; that first render is timed too);
 *  2. anonymous safe-space submissions with the proof of work verified: the bench client fetches
 *     each form, solves its challenge (SHA-256, the server's difficulty) in worker threads before
 *     the timed window, as the senders' phones would, then posts them all; accepted per second.
 */

export interface CommunityBenchContext {
  app: FastifyInstance;
  deps: AppDeps;
  appPort: number;
  cities: number;
  submissions: number;
  load: Omit<LoadOptions, 'url' | 'headers'>;
  runLoad(options: LoadOptions): Promise<LoadResult>;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const LANGS = ['en', 'fr', 'ar', 'mk', 'sq', 'sw'] as const;
const uuid = () => crypto.randomUUID();

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function seedCities(ctx: CommunityBenchContext): Promise<{ slugs: string[]; ms: number }> {
  const started = Date.now();
  const db = ctx.deps.db;
  const slugs: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < ctx.cities; i++) {
    const slug = `pub-${String(i).padStart(4, '0')}`;
    const { city } = await createCity(
      ctx.deps,
      { userId: '', isPlatformAdmin: true },
      { userId: null, role: 'platform_admin', requestId: 'bench' },
      { name: `Public City ${i}`, slug, defaultLocale: LANGS[i % LANGS.length] },
    );
    slugs.push(slug);
    ids.push(city.id);
  }
  const published = {
    explainer: true,
    mandate: true,
    organisations: true,
    decisions: true,
    events: true,
    contact: true,
    safeSpace: true,
    actionPlan: true,
    consultations: true,
    reports: true,
  };
  const soon = Date.now() + 7 * 86_400_000;
  for (let from = 0; from < ids.length; from += 250) {
    const batch = ids.slice(from, from + 250);
    await db.insert(communitySettings).values(
      batch.map((cityId) => ({
        cityId,
        published,
        explainerExtra: 'We meet on the first Tuesday of every month; minutes are public.',
        contact: 'Prevention desk, City Hall, room 12. Open Monday to Friday, 9:00–16:00.',
        emergencyNumbers: '112',
        neighbourhoods: ['North', 'Old Town', 'River Side', 'Station'],
      })),
    );
    await db.insert(publicEvent).values(
      batch.flatMap((cityId) =>
        [1, 2, 3].map((k) => ({
          cityId,
          title: `Open evening ${k}: how the network works`,
          startsAt: new Date(soon + k * 86_400_000),
          place: 'Central library',
        })),
      ),
    );
    await db.insert(actionPlanVersion).values(
      batch.map((cityId) => {
        const objectives = [1, 2, 3].map((k) => ({
          id: uuid(),
          code: `O${k}`,
          title: `Objective ${k}: young people and families find support early`,
          description: '',
          riskIds: [],
        }));
        const actions = objectives.flatMap((o, k) =>
          [1, 2].map((j) => ({
            id: uuid(),
            objectiveId: o.id,
            code: `A${k + 1}.${j}`,
            title: `Action ${k + 1}.${j}`,
            description: '',
            ownerOrganisationId: null,
            partnerOrganisationIds: [],
            neighbourhoodIds: [],
            targetGroup: '',
            startOn: '2026-01-01',
            endOn: '2027-12-31',
            milestones: [],
            budgetPlanned: 0,
            currency: 'EUR',
            fundingSource: '',
          })),
        );
        return {
          cityId,
          version: 1,
          status: 'adopted',
          title: 'Local action plan 2026–2027',
          periodStart: '2026-01-01',
          periodEnd: '2027-12-31',
          objectives,
          actions: actions as never,
          adoptedAt: new Date(),
        };
      }),
    );
    const consultations = await db
      .insert(riskConsultation)
      .values(
        batch.map((cityId) => ({
          cityId,
          title: 'Evening at the north library',
          heldOn: '2026-05-12',
          format: 'public-meeting',
          neighbourhoodIds: [],
          organisationIds: [],
          attendance: [
            [3, 6, 8, 5, 2],
            [2, 7, 6, 4, 1],
            [0, 1, 0, 0, 0],
          ],
          languages: [],
        })),
      )
      .returning({ id: riskConsultation.id, cityId: riskConsultation.cityId });
    await db.insert(riskConsultationFinding).values(
      consultations.flatMap((c) =>
        [0, 1, 2].map((position) => ({
          cityId: c.cityId,
          consultationId: c.id,
          position,
          statement: 'There is nowhere for teenagers to go after 6 pm on weekdays.',
          supportsRiskIds: [],
          challengesRiskIds: [],
          response: 'The youth centre now opens until 9 pm on weekdays, with two youth workers.',
          respondedAt: new Date(),
        })),
      ),
    );
  }
  await db.execute(sql`analyze`);
  return { slugs, ms: Date.now() - started };
}

const SOLVER = `
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
function lz(h){let b=0;for(const x of h){if(x===0){b+=8;continue}b+=Math.clz32(x)-24;break}return b}
parentPort.on('message', ({ id, token, bits }) => {
  for (let n = 0; ; n++) {
    const h = crypto.createHash('sha256').update(token + ':' + n).digest();
    if (lz(h) >= bits) { parentPort.postMessage({ id, solution: String(n) }); return; }
  }
});`;

/** Solves challenges on every core of the client, before the timed window. */
async function solveAll(items: { token: string; bits: number }[]): Promise<string[]> {
  const workers = Array.from(
    { length: Math.max(1, os.cpus().length) },
    () => new Worker(SOLVER, { eval: true }),
  );
  const out: string[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve) => {
          const give = () => {
            if (next >= items.length) return resolve();
            const id = next++;
            w.postMessage({ id, token: items[id].token, bits: items[id].bits });
          };
          w.on('message', ({ id, solution }: { id: number; solution: string }) => {
            out[id] = solution;
            give();
          });
          give();
        }),
    ),
  );
  await Promise.all(workers.map((w) => w.terminate()));
  return out;
}

export async function benchCommunity(ctx: CommunityBenchContext) {
  const { slugs, ms } = await seedCities(ctx);
  console.log(
    `\n--- community: seeded ${slugs.length} cities with every public block published in ${fmt(ms / 1000)} s`,
  );

  // First render of each city's page (the cache is cold): timed in-process.
  const paths = slugs.map((slug, i) => `/p/${slug}/${LANGS[i % LANGS.length]}`);
  const cold: number[] = [];
  let bytes = 0;
  for (const path of paths) {
    const t0 = performance.now();
    const res = await ctx.app.inject({ method: 'GET', url: path });
    cold.push(performance.now() - t0);
    if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode}`);
    bytes = Math.max(bytes, Buffer.byteLength(res.body));
  }
  cold.sort((a, b) => a - b);
  console.log(
    `first render (cache cold, in-process): p50 ${fmt(percentile(cold, 50))} ms, p95 ${fmt(percentile(cold, 95))} ms; ` +
      `largest page ${fmt(bytes / 1024)} KB`,
  );
  const pages = await ctx.runLoad({
    ...ctx.load,
    url: `http://127.0.0.1:${ctx.appPort}${paths[0]}`,
    paths,
  });
  console.log(
    `GET /p/{slug}/{lang} over ${slugs.length} cities (cached): ${fmt(pages.requestsPerSecond, 0)} req/s, ` +
      `p50 ${pages.p50} ms, p95 ${pages.p95} ms, p99 ${pages.p99} ms, non-2xx ${pages.non2xx}, errors ${pages.errors}`,
  );

  // Submissions: one form per city (the per-city budget is not what is measured), each challenge
  // solved by the client, then all posted with `connections` in flight.
  const n = Math.min(ctx.submissions, slugs.length);
  const forms: { slug: string; token: string; bits: number }[] = [];
  for (const slug of slugs.slice(0, n)) {
    const res = await ctx.app.inject({ method: 'GET', url: `/p/${slug}/en/safe-space` });
    const token = /name="challenge" value="([^"]+)"/.exec(res.body)?.[1];
    const bits = Number(/data-bits="(\d+)"/.exec(res.body)?.[1]);
    if (!token || !bits) throw new Error(`no challenge for ${slug}`);
    forms.push({ slug, token, bits });
  }
  const solveStarted = Date.now();
  const solutions = await solveAll(forms);
  const solveMs = Date.now() - solveStarted;
  console.log(
    `client solved ${n} challenges of ${forms[0].bits} bits in ${fmt(solveMs / 1000)} s on ${os.cpus().length} threads ` +
      `(${fmt((solveMs * os.cpus().length) / n, 0)} ms of one core each)`,
  );
  const latencies: number[] = [];
  let accepted = 0;
  let refused = 0;
  let cursor = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: ctx.load.connections }, async () => {
      while (cursor < n) {
        const i = cursor++;
        const t0 = performance.now();
        const res = await fetch(`http://127.0.0.1:${ctx.appPort}/p/${forms[i].slug}/en/safe-space`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            kind: 'concern',
            message: 'Older boys wait outside the school gate and pressure younger ones to join them.',
            challenge: forms[i].token,
            solution: solutions[i],
          }).toString(),
        });
        const body = await res.text();
        latencies.push(performance.now() - t0);
        if (res.status === 201 && body.includes('data-testid="receipt"')) accepted++;
        else refused++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(
    `POST /p/{slug}/en/safe-space, proof of work verified: ${accepted} accepted, ${refused} refused in ${fmt(seconds)} s ` +
      `= ${fmt(accepted / seconds, 0)} accepted/s, p50 ${fmt(percentile(latencies, 50))} ms, p95 ${fmt(percentile(latencies, 95))} ms`,
  );
}
