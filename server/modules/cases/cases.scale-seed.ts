import crypto from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import { MINOR_AGE_BANDS } from '../../../contracts/cases.contract.js';
import type { Db } from '../../platform/db/index.js';
import { organisation } from '../network/index.js';
import { caseAssignment, caseConsent, caseSituation } from './cases.table.js';
import { getTaxonomy } from './cases.taxonomies.js';

/*
 * Synthetic situations at scale, for the benchmark (bench/cases.ts) and for trying statistics on a
 * realistic volume. Nothing here is real: no persons are created (identities need the city's key and
 * are not what a list or a statistic reads), references start with "SYN-", organisations are named
 * "Synthetic …". The distributions are rough shapes of what situation tables report (mostly persons,
 * many young people, mental health, substance use and criminal involvement the common risk factors,
 * roughly a third police-led), made repeatable by a seeded generator.
 */

export interface ScaleSeedOptions {
  /** Situations to insert (default 10,000). */
  count?: number;
  /** Spread creation dates over this many months before `now` (default 24). */
  months?: number;
  /** Share of Channel-style cases (default 0.15); the rest are four-filter situations. */
  channelShare?: number;
  /** Seed of the generator: the same seed gives the same data (default 1). */
  seed?: number;
  now?: Date;
}

export interface ScaleSeedResult {
  situations: number;
  assignments: number;
  consents: number;
  organisations: number;
  ms: number;
}

/** mulberry32: small, fast, good enough for synthetic data. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const weighted = <T extends string>(weights: Record<T, number>): T => {
    const entries = Object.entries(weights) as [T, number][];
    let r = next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, w] of entries) {
      r -= w;
      if (r < 0) return key;
    }
    return entries[entries.length - 1][0];
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  return { next, weighted, pick };
}

const SYNTHETIC_ORGANISATIONS: [string, string][] = [
  ['police_justice', 'Synthetic Police Service'],
  ['police_justice', 'Synthetic Probation Office'],
  ['education', 'Synthetic School Board'],
  ['education', 'Synthetic Secondary School'],
  ['social_services', 'Synthetic Social Services'],
  ['social_services', 'Synthetic Housing Help'],
  ['mental_health', 'Synthetic Mental Health Team'],
  ['health', 'Synthetic Community Health Centre'],
  ['youth', 'Synthetic Youth Service'],
  ['community_affairs', 'Synthetic Community Centre'],
  ['women_led', 'Synthetic Women’s Shelter'],
  ['other', 'Synthetic Addiction Service'],
];

const FOUR_FILTER_STAGES = {
  closed: 52,
  rejected: 12,
  'filter-4': 14,
  'filter-3': 8,
  'filter-2': 8,
  'filter-1': 6,
} as const;
const CHANNEL_STAGES = {
  closed: 42,
  rejected: 22,
  support: 14,
  consent: 7,
  assessment: 9,
  screening: 6,
} as const;
const SUBJECT = { person: 72, family: 17, group: 4, place: 7 } as const;
const AGE = {
  '0-5': 3,
  '6-11': 7,
  '12-17': 22,
  '18-24': 17,
  '25-29': 10,
  '30-39': 14,
  '40-59': 17,
  '60+': 7,
  unknown: 3,
} as const;
const GENDER = { male: 55, female: 40, other: 2, 'not-stated': 3 } as const;
const OUTCOME = {
  'risk-lowered-connected': 55,
  'risk-lowered-informed': 15,
  'risk-remains-referred': 12,
  'services-declined': 8,
  'moved-or-lost-contact': 6,
  other: 4,
} as const;
/** Risk factor categories, weighted roughly as situation tables report them. */
const CATEGORY_WEIGHT: Record<string, number> = {
  'mental-health': 14,
  'substance-use': 12,
  'criminal-involvement': 10,
  'antisocial-behaviour': 9,
  housing: 8,
  'physical-violence': 7,
  'criminal-victimisation': 6,
  parenting: 5,
  education: 5,
  'basic-needs': 4,
  'self-harm': 3,
  suicide: 3,
  poverty: 3,
  peers: 3,
};
const NEIGHBOURHOODS = ['North', 'South', 'East', 'West', 'Centre', 'Riverside', 'Old Town', 'Hillside'];
const PAST_THRESHOLD = new Set(['filter-3', 'filter-4', 'closed', 'consent', 'support']);
const DECIDED = new Set([...PAST_THRESHOLD, 'rejected', 'assessment']);
const BATCH = 500;
const DAY = 86_400_000;

/** Inserts `count` synthetic situations (with organisations, assignments and consents) for a city, in batches. */
export async function seedScaleCases(
  db: Db,
  cityId: string,
  options: ScaleSeedOptions = {},
): Promise<ScaleSeedResult> {
  const started = performance.now();
  const count = options.count ?? 10_000;
  const months = options.months ?? 24;
  const channelShare = options.channelShare ?? 0.15;
  const now = options.now ?? new Date();
  const rnd = generator(options.seed ?? 1);

  // Organisations: reuse the synthetic ones of an earlier run, else create them.
  let orgs = await db
    .select({ id: organisation.id, sector: organisation.sector })
    .from(organisation)
    .where(and(eq(organisation.cityId, cityId), like(organisation.name, 'Synthetic %')));
  if (orgs.length === 0) {
    orgs = await db
      .insert(organisation)
      .values(
        SYNTHETIC_ORGANISATIONS.map(([sector, name]) => ({
          cityId,
          name,
          sector,
          membershipKind: 'formal',
          joinedOn: new Date(now.getTime() - (months + 1) * 31 * DAY).toISOString().slice(0, 10),
        })),
      )
      .returning({ id: organisation.id, sector: organisation.sector });
  }
  const police = orgs.filter((o) => o.sector === 'police_justice');
  const others = orgs.filter((o) => o.sector !== 'police_justice');

  const existing = await db
    .select({ reference: caseSituation.reference })
    .from(caseSituation)
    .where(and(eq(caseSituation.cityId, cityId), like(caseSituation.reference, 'SYN-%')));
  const offset = existing.length;

  const risk = getTaxonomy('risk').categories;
  const categoryWeights = Object.fromEntries(risk.map((c) => [c.id, CATEGORY_WEIGHT[c.id] ?? 1]));
  const protective = getTaxonomy('protective').categories.flatMap((c) => c.subtypes.map((s) => s.id));
  const subtypesOf = new Map(risk.map((c) => [c.id, c.subtypes.map((s) => s.id)]));

  let assignments = 0;
  let consents = 0;
  const spanMs = months * 30.4 * DAY;
  for (let first = 0; first < count; first += BATCH) {
    const situations: (typeof caseSituation.$inferInsert)[] = [];
    const assignmentRows: (typeof caseAssignment.$inferInsert)[] = [];
    const consentRows: (typeof caseConsent.$inferInsert)[] = [];
    for (let i = first; i < Math.min(count, first + BATCH); i++) {
      // Ids are random (not from the seed), so a second run adds to the first instead of colliding.
      const id = crypto.randomUUID();
      const channel = rnd.next() < channelShare;
      const createdAt = new Date(now.getTime() - Math.floor(rnd.next() * spanMs));
      const ageDays = (now.getTime() - createdAt.getTime()) / DAY;
      // Recent situations are still open; older ones are mostly closed or rejected.
      let stage: string = channel ? rnd.weighted(CHANNEL_STAGES) : rnd.weighted(FOUR_FILTER_STAGES);
      if (ageDays > 120 && stage !== 'rejected' && rnd.next() < 0.9) stage = 'closed';
      const ageBand = rnd.weighted(AGE);
      const rejected = stage === 'rejected';
      const riskFactors = new Set<string>();
      if (!rejected) {
        const n = 2 + Math.floor(rnd.next() * 4);
        while (riskFactors.size < n) {
          const category = rnd.weighted(categoryWeights);
          const subtypes = subtypesOf.get(category)!;
          riskFactors.add(subtypes.length && rnd.next() < 0.9 ? rnd.pick(subtypes) : category);
        }
      }
      const decidedAt = DECIDED.has(stage) ? new Date(createdAt.getTime() + 3 * DAY) : null;
      const pastThreshold = PAST_THRESHOLD.has(stage);
      const closedAt =
        stage === 'closed' ? new Date(createdAt.getTime() + (20 + rnd.next() * 60) * DAY) : null;
      const originating = rnd.pick(orgs);
      situations.push({
        cityId,
        id,
        reference: `SYN-${String(offset + i + 1).padStart(6, '0')}`,
        workflow: channel ? 'channel' : 'four-filter',
        stage,
        originatingOrganisationId: originating.id,
        createdAt,
        updatedAt: closedAt ?? decidedAt ?? createdAt,
        originatingReason: 'Synthetic situation',
        subjectKind: rnd.weighted(SUBJECT),
        ageBand,
        gender: rnd.weighted(GENDER),
        neighbourhood: rnd.pick(NEIGHBOURHOODS),
        riskFactors: [...riskFactors],
        protectiveFactors: rejected ? [] : [rnd.pick(protective)],
        isMinor: MINOR_AGE_BANDS.includes(ageBand),
        presentedAt: stage === 'filter-1' ? null : new Date(createdAt.getTime() + DAY),
        thresholdMet: decidedAt ? !rejected : null,
        decidedAt,
        responseDueAt: pastThreshold && !channel ? new Date(decidedAt!.getTime() + 2 * DAY) : null,
        firstResponseAt: pastThreshold && stage !== 'filter-3' ? new Date(decidedAt!.getTime() + DAY) : null,
        closedAt,
        outcome: closedAt ? rnd.weighted(OUTCOME) : null,
        rejectedAt: rejected ? decidedAt : null,
        // Synthetic rows are not scheduled for deletion: the retention job leaves a bench data set alone.
        purgeAfter: null,
      });
      assignmentRows.push({ cityId, situationId: id, organisationId: originating.id, role: 'originating' });
      if (pastThreshold) {
        const lead = rnd.next() < 0.32 && police.length ? rnd.pick(police) : rnd.pick(others);
        const team = new Set([lead.id]);
        assignmentRows.push({ cityId, situationId: id, organisationId: lead.id, role: 'lead' });
        const assisting = Math.floor(rnd.next() * 4);
        for (let k = 0; k < assisting; k++) {
          const org = rnd.pick(orgs);
          if (team.has(org.id)) continue;
          team.add(org.id);
          assignmentRows.push({ cityId, situationId: id, organisationId: org.id, role: 'assisting' });
        }
        if (rnd.next() < 0.8) {
          const recordedAt = new Date(decidedAt!.getTime() + DAY);
          consentRows.push({
            cityId,
            id: crypto.randomUUID(),
            situationId: id,
            purpose: channel ? 'support' : 'disclosure',
            basis: rnd.next() < 0.7 ? 'consent' : channel ? 'guardian-consent' : 'legal-basis',
            basisDetail: 'Synthetic',
            recordedAt,
            withdrawnAt: rnd.next() < 0.05 ? new Date(recordedAt.getTime() + 7 * DAY) : null,
          });
        }
      }
    }
    await db.transaction(async (tx) => {
      await tx.insert(caseSituation).values(situations);
      for (let k = 0; k < assignmentRows.length; k += BATCH) {
        await tx.insert(caseAssignment).values(assignmentRows.slice(k, k + BATCH));
      }
      if (consentRows.length) await tx.insert(caseConsent).values(consentRows);
    });
    assignments += assignmentRows.length;
    consents += consentRows.length;
  }
  return {
    situations: count,
    assignments,
    consents,
    organisations: orgs.length,
    ms: performance.now() - started,
  };
}
