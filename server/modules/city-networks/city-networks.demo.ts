import { randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { CITY_NETWORK_JOIN_SUBJECT } from '../../../contracts/city-networks.contract.js';
import type { Db } from '../../platform/db/index.js';
import type { CityKeys } from '../../platform/crypto/keys.js';
import { activitySession } from '../activities/index.js';
import { city } from '../cities/index.js';
import { decision, meeting } from '../meetings/index.js';
import { riskConsultation } from '../risk-map/index.js';
import { safeSpaceSubmission } from '../safe-space/index.js';
import type { DemoTimeline } from '../../seed/timeline.js';
import { cityNetwork, cityNetworkAnalyst, cityNetworkMember } from './city-networks.table.js';

/*
 * The demo network (docs/CITY_NETWORKS.md): Riverton (named), a second demo city, Lakeside (named),
 * and three small demo cities that did not agree to be named, so the analyst's page shows named
 * cities, the pooled "other cities" row and withheld cells.
 */

interface Ctx {
  db: Db;
  keys: CityKeys;
  cityId: string;
  people: Map<string, string>;
  timeline: DemoTimeline;
}

const OTHERS: { name: string; slug: string; named: boolean; scale: number }[] = [
  { name: 'Lakeside (demo)', slug: 'lakeside-demo', named: true, scale: 3 },
  { name: 'Hillford (demo)', slug: 'hillford-demo', named: false, scale: 2 },
  { name: 'Portmere (demo)', slug: 'portmere-demo', named: false, scale: 1 },
  { name: 'Stonebridge (demo)', slug: 'stonebridge-demo', named: false, scale: 2 },
];

/** A held, quorate meeting whose passed decision makes the city join. */
async function joinByDecision(ctx: Ctx, cityId: string, networkId: string, named: boolean, daysAgo: number) {
  const { db, timeline } = ctx;
  const at = timeline.daysAgo(daysAgo, 10);
  // The demo city decides in a meeting that already took a quorate decision; the others in a meeting of their own.
  const [earlier] = await db
    .select({ meetingId: decision.meetingId, recordedAt: decision.recordedAt })
    .from(decision)
    .where(and(eq(decision.cityId, cityId), eq(decision.quorumMet, true)))
    .orderBy(desc(decision.recordedAt))
    .limit(1);
  const meetingId =
    earlier?.meetingId ??
    (
      await db
        .insert(meeting)
        .values({ cityId, title: 'Network meeting', startsAt: at, durationMinutes: 90, status: 'held' })
        .returning({ id: meeting.id })
    )[0].id;
  const recordedAt = earlier ? timeline.after(earlier.recordedAt, 0.05) : timeline.after(at, 0.5);
  const [d] = await db
    .insert(decision)
    .values({
      cityId,
      meetingId,
      text: 'Join the Demo Strong Cities Network',
      subjectType: CITY_NETWORK_JOIN_SUBJECT,
      subjectId: networkId,
      method: 'consensus',
      outcome: 'passed',
      quorumMet: true,
      recordedAt,
    })
    .returning({ id: decision.id });
  const joinedAt = timeline.after(recordedAt, 1);
  const [m] = await db
    .insert(cityNetworkMember)
    .values({ cityId, networkId, decisionId: d.id, named, joinedAt })
    .returning({ id: cityNetworkMember.id });
  // Only the demo city's chain is written by the seed (timeline.writeAudit); the others start empty.
  if (cityId === ctx.cityId) {
    const chair = ctx.people.get('chair@demo.lpn.local') ?? null;
    const actor = { userId: chair, role: 'chair', requestId: 'seed-demo' };
    timeline.audit(recordedAt, actor, {
      action: 'create',
      recordType: 'decision',
      recordId: d.id,
      fields: ['text', 'method', 'outcome', 'quorumMet', 'subject'],
    });
    timeline.audit(joinedAt, actor, {
      action: 'create',
      recordType: 'city-network-membership',
      recordId: m.id,
      fields: ['networkId', 'decisionId', 'named'],
    });
  }
}

/** Counts-only rows for a small demo city: sessions, consultations, submissions this year and last. */
async function seedFigures(ctx: Ctx, cityId: string, scale: number) {
  const { db, timeline } = ctx;
  const sessions = [];
  const consultations = [];
  const submissions = [];
  for (let i = 0; i < 6 * scale; i++) {
    const women = 3 + ((i * 7) % 9);
    const men = 2 + ((i * 5) % 8);
    const attendance = [
      [0, 0, women, 0, 0, 0],
      [0, 0, men, 0, 0, 0],
      [0, 0, i % 3 === 0 ? 1 : 0, 0, 0, 0],
    ];
    sessions.push({
      cityId,
      actionId: crypto.randomUUID(),
      heldOn: timeline.isoDaysAgo(20 + i * 23),
      type: 'training',
      attendance,
      total: attendance.flat().reduce((a, v) => a + v, 0),
    });
  }
  for (let i = 0; i < 3 * scale; i++) {
    consultations.push({
      cityId,
      title: `Neighbourhood consultation ${i + 1}`,
      heldOn: timeline.isoDaysAgo(30 + i * 40),
      format: i % 2 ? 'focus-group' : 'public-meeting',
      neighbourhoodIds: [],
      organisationIds: [],
      attendance: [
        [4, 0, 0, 0, 0, 0],
        [3, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
      ],
      languages: ['en'],
    });
  }
  const kinds = ['concern', 'idea', 'question', 'feedback'];
  for (let i = 0; i < 7 * scale; i++) {
    const at = timeline.daysAgo(5 + i * 17, 12);
    submissions.push({
      cityId,
      kind: kinds[i % 3 === 0 ? 0 : i % 4],
      status: 'closed',
      receiptHash: `demo-${randomBytes(12).toString('hex')}`,
      receivedAt: at,
      updatedAt: at,
    });
  }
  await db.insert(activitySession).values(sessions);
  await db.insert(riskConsultation).values(consultations);
  await db.insert(safeSpaceSubmission).values(submissions);
}

/** The demo network of cities, a second demo city and three pooled ones; the demo analyst analyses it. */
export async function seedCityNetworksDemo(ctx: Ctx): Promise<void> {
  const { db, keys, cityId, people, timeline } = ctx;
  const [net] = await db
    .insert(cityNetwork)
    .values({
      name: 'Demo Strong Cities Network',
      kind: 'international',
      description: 'A demo network of cities sharing aggregates and templates.',
      createdBy: people.get('admin@demo.lpn.local') ?? null,
      createdAt: timeline.daysAgo(400, 9),
    })
    .returning({ id: cityNetwork.id });
  const analyst = people.get('analyst@demo.lpn.local');
  if (analyst) await db.insert(cityNetworkAnalyst).values({ networkId: net.id, userId: analyst });
  await joinByDecision(ctx, cityId, net.id, true, 300);
  for (const [i, other] of OTHERS.entries()) {
    const [exists] = await db.select({ id: city.id }).from(city).where(eq(city.slug, other.slug));
    if (exists) continue;
    const [row] = await db
      .insert(city)
      .values({
        name: other.name,
        slug: other.slug,
        country: 'Demo',
        defaultLocale: 'en',
        settings: { require2faRoles: ['chair', 'member', 'partner', 'auditor'] },
        createdAt: timeline.daysAgo(420 - i * 10, 9),
      })
      .returning({ id: city.id });
    await keys.createForCity(db, row.id);
    await seedFigures(ctx, row.id, other.scale);
    await joinByDecision(ctx, row.id, net.id, other.named, 280 - i * 20);
  }
}
