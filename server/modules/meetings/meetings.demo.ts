import { and, asc, desc, eq, lte } from 'drizzle-orm';
import type { DemoContext } from '../../seed/demo-modules.js';
import type { AuditActor } from '../../platform/audit/audit.js';
import { organisation } from '../network/index.js';
import { torVersion, type DecisionRules } from '../tor/index.js';
import { actionItem, agendaItem, attendance, decision, meeting, meetingSeries } from './meetings.table.js';
import { DEFAULT_RULES, quorumFor } from './meetings.service.js';
import { occurrenceDates, toIsoDate, zonedToUtc } from './meetings.time.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SERIES_CREATED = 725;
const TIME_ZONE = 'Europe/London';

const agenda: { kind: string; title: string }[] = [
  { kind: 'reflection', title: 'What we delivered last month' },
  { kind: 'reflection', title: 'What worked and what did not' },
  { kind: 'reflection', title: 'Signals and trends we noticed' },
  { kind: 'planning', title: 'Activities for the coming month' },
  { kind: 'planning', title: 'Support we need from each other' },
];

const minutesTexts = [
  'Member organisations reported on last month’s activities: two school outreach sessions and a parents’ evening in Old Mill. What worked: closer contact between schools and social services. What did not: the activity calendar was shared late. Situations were discussed by reference only.',
  'Updates from each organisation. The youth council presented its summer programme; the police described the new community contact hours at the Harbour station. Signals: more reports of online hostility between groups of teenagers. Agreed to keep an eye on it and report back next month.',
  'Reflection on the joint awareness day: about 140 visitors, good feedback from parents, too few young people aged 18–24. Next time the youth council helps with the programme. Open situations were reviewed by reference only; no names were used.',
  'The mental health centre explained its new walk-in hours. Members asked for a short guide to who does what in the network; the secretariat will draft it. What did not work: two referrals waited more than a week for a reply.',
  'Quarterly look at the figures (de-identified statistics only): most situations closed with risk lowered and the person connected to a service. Members discussed how to reach families who decline services. Planning for the next school term.',
  'Round of updates. Riverton General Hospital joined the discussion on self-harm signals among young adults. The women’s association offered its rooms for small group sessions. Next month: owners confirmed for each activity.',
];

const noQuorumMinutes = (present: number, eligible: number) =>
  `No quorum: ${present} of ${eligible} member organisations present. Updates were shared for information; no decisions were taken and the items move to the next meeting.`;

/** The monthly meetings the demo holds: attendance thins once (no quorum, no decisions). */
function presentFor(i: number, k: number, thin: boolean): boolean {
  if (thin) return k < 2;
  return (k + i) % 6 !== 0;
}

/**
 * A monthly network meeting series from two years ago to three months ahead, set up by the
 * coordinator. Past meetings are held: attendance recorded at the meeting, minutes written the next
 * day and approved at the following meeting; one meeting lacked quorum. Decisions and action items
 * come after the ToR (seedMeetingDecisionsDemo), because the rules in force depend on it.
 */
export async function seedMeetingsDemo({ db, cityId, people, timeline }: DemoContext): Promise<void> {
  const existing = await db
    .select({ id: meetingSeries.id })
    .from(meetingSeries)
    .where(eq(meetingSeries.cityId, cityId));
  if (existing.length) return;
  const now = timeline.now;
  const coordinator: AuditActor = {
    userId: people.get('coordinator@demo.lpn.local') ?? null,
    role: 'coordinator',
    requestId: 'seed-demo',
  };
  const chair: AuditActor = {
    userId: people.get('chair@demo.lpn.local') ?? null,
    role: 'chair',
    requestId: 'seed-demo',
  };
  const createdAt = timeline.daysAgo(SERIES_CREATED, 15);
  const first = new Date(createdAt.getTime() + 20 * DAY);
  const startsOn = toIsoDate(new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 10)));
  const endsOn = toIsoDate(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 10)));
  const input = {
    title: 'Monthly network meeting',
    cadence: 'monthly',
    startTime: '10:00',
    timeZone: TIME_ZONE,
    durationMinutes: 120,
    location: 'Town hall, room 2',
    agendaTemplate: 'monthly-reflection',
    startsOn,
    endsOn,
  };
  const [series] = await db
    .insert(meetingSeries)
    .values({ cityId, ...input, createdAt })
    .returning({ id: meetingSeries.id });
  timeline.audit(createdAt, coordinator, {
    action: 'create',
    recordType: 'meeting_series',
    recordId: series.id,
    fields: Object.keys(input),
  });
  // Meetings are generated a year ahead; a second generation (two months ago) added the rest.
  const regenerated = timeline.daysAgo(60, 9);
  const rows = occurrenceDates('monthly', startsOn, endsOn).map((date) => {
    const startsAt = zonedToUtc(date, '10:00', TIME_ZONE);
    const firstBatch = startsAt.getTime() <= createdAt.getTime() + 365 * DAY;
    return {
      cityId,
      seriesId: series.id,
      title: input.title,
      startsAt,
      durationMinutes: input.durationMinutes,
      location: input.location,
      status: startsAt.getTime() + 2 * HOUR < now.getTime() ? 'held' : 'scheduled',
      createdBy: coordinator.userId,
      createdAt: firstBatch ? createdAt : regenerated,
    };
  });
  for (const at of [createdAt, regenerated])
    timeline.audit(at, coordinator, {
      action: 'generate',
      recordType: 'meeting_series',
      recordId: series.id,
      fields: ['meetings'],
    });
  const meetings = await db
    .insert(meeting)
    .values(rows)
    .returning({ id: meeting.id, startsAt: meeting.startsAt, status: meeting.status });
  meetings.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  await db
    .insert(agendaItem)
    .values(
      meetings.flatMap((m) =>
        agenda.map((item, position) => ({ cityId, meetingId: m.id, position, ...item })),
      ),
    );

  const orgs = await db
    .select()
    .from(organisation)
    .where(eq(organisation.cityId, cityId))
    .orderBy(asc(organisation.name));
  const held = meetings.filter((m) => m.status === 'held');
  const thinIndex = held.length - 8;
  const attendanceRows: (typeof attendance.$inferInsert)[] = [];
  for (const [i, m] of held.entries()) {
    const day = toIsoDate(m.startsAt);
    const active = orgs.filter((o) => o.joinedOn <= day && (!o.leftOn || o.leftOn > day));
    const thin = i === thinIndex;
    const end = new Date(m.startsAt.getTime() + 2 * HOUR);
    let formalPresent = 0;
    let formal = 0;
    for (const [k, o] of active.entries()) {
      const present = presentFor(i, k, thin);
      if (o.membershipKind === 'formal') {
        formal++;
        if (present) formalPresent++;
      }
      attendanceRows.push({ cityId, meetingId: m.id, organisationId: o.id, present, recordedAt: end });
    }
    timeline.audit(end, coordinator, {
      action: 'update',
      recordType: 'meeting',
      recordId: m.id,
      fields: ['attendance'],
    });
    const written = new Date(m.startsAt.getTime() + DAY + 5 * HOUR);
    const next = held[i + 1];
    const approvedAt = next ? new Date(next.startsAt.getTime() + 15 * 60_000) : null;
    if (written >= now) continue; // minutes not written yet
    await db
      .update(meeting)
      .set({
        minutes: thin ? noQuorumMinutes(formalPresent, formal) : minutesTexts[i % minutesTexts.length],
        minutesApprovedAt: approvedAt,
      })
      .where(and(eq(meeting.cityId, cityId), eq(meeting.id, m.id)));
    timeline.audit(written, coordinator, {
      action: 'update',
      recordType: 'meeting',
      recordId: m.id,
      fields: ['minutes'],
    });
    if (approvedAt)
      timeline.audit(approvedAt, chair, {
        action: 'update',
        recordType: 'meeting',
        recordId: m.id,
        fields: ['minutesApprovedAt'],
      });
  }
  if (attendanceRows.length) await db.insert(attendance).values(attendanceRows);
}

/** The decision rules in force at `at`: the ToR adopted last before it, else the default. */
async function rulesAt(db: DemoContext['db'], cityId: string, at: Date): Promise<DecisionRules> {
  const [adopted] = await db
    .select({ sections: torVersion.sections })
    .from(torVersion)
    .where(and(eq(torVersion.cityId, cityId), lte(torVersion.adoptedAt, at)))
    .orderBy(desc(torVersion.adoptedAt))
    .limit(1);
  return adopted?.sections.decisionRules ?? DEFAULT_RULES;
}

/** [held meetings before the last, decision, action item title, owner e-mail, done] */
const decisions: [number, string, string, string, boolean][] = [
  [
    19,
    'Hold a joint awareness day in the spring school term.',
    'Book the venue and invite the schools',
    'coordinator@demo.lpn.local',
    true,
  ],
  [
    15,
    'Schools share their activity calendar by the 5th of each month.',
    'Collect the school calendars',
    'member@demo.lpn.local',
    true,
  ],
  [
    10,
    'Set up a working group on signals of online hostility among young people.',
    'Draft the working group’s remit',
    'member@demo.lpn.local',
    true,
  ],
  [
    5,
    'Translate the leaflet on how to raise a concern into the city’s community languages.',
    'Send the leaflet to the translators',
    'chair@demo.lpn.local',
    true,
  ],
  [
    3,
    'Publish the network’s annual activity summary.',
    'Write the annual summary',
    'coordinator@demo.lpn.local',
    false,
  ],
  [
    0,
    'Run a refresher session on the information-sharing protocol for new representatives.',
    'Prepare the refresher session',
    'member@demo.lpn.local',
    false,
  ],
];

/**
 * Decisions at held meetings with quorum, under the rules in force that day (votes never exceed the
 * formal organisations present), each with an action item; and two open items from the last meeting
 * (one overdue). Runs after the ToR seeder.
 */
export async function seedMeetingDecisionsDemo({ db, cityId, people, timeline }: DemoContext): Promise<void> {
  const now = timeline.now;
  const coordinator: AuditActor = {
    userId: people.get('coordinator@demo.lpn.local') ?? null,
    role: 'coordinator',
    requestId: 'seed-demo',
  };
  const held = await db
    .select({ id: meeting.id, startsAt: meeting.startsAt })
    .from(meeting)
    .where(and(eq(meeting.cityId, cityId), eq(meeting.status, 'held')))
    .orderBy(asc(meeting.startsAt));
  if (!held.length) return;
  const roleOf = (email: string) =>
    email.startsWith('chair') ? 'chair' : email.startsWith('member') ? 'member' : 'coordinator';
  const used = new Set<string>();
  for (const [n, [back, text, title, ownerEmail, done]] of decisions.entries()) {
    // The meeting `back` meetings before the last, or the next earlier one that had quorum.
    let rules: DecisionRules = DEFAULT_RULES;
    let quorum: Awaited<ReturnType<typeof quorumFor>> | null = null;
    let at: (typeof held)[number] | undefined;
    for (let index = held.length - 1 - back; index >= 0; index--) {
      const m = held[index];
      if (used.has(m.id)) continue;
      rules = await rulesAt(db, cityId, m.startsAt);
      quorum = await quorumFor(db, cityId, m.id, rules);
      if (quorum.met) {
        at = m;
        break;
      }
    }
    if (!at || !quorum) continue;
    used.add(at.id);
    const recordedAt = new Date(at.startsAt.getTime() + 90 * 60_000);
    const against = n % 3 === 1 ? 1 : 0;
    const abstentions = n % 2 === 1 ? 1 : 0;
    const votes =
      rules.method === 'majority'
        ? { votesFor: quorum.present - against - abstentions, votesAgainst: against, abstentions }
        : { votesFor: null, votesAgainst: null, abstentions: null };
    const [created] = await db
      .insert(decision)
      .values({
        cityId,
        meetingId: at.id,
        text,
        method: rules.method,
        ...votes,
        outcome: 'passed',
        quorumMet: true,
        recordedBy: coordinator.userId,
        recordedAt,
      })
      .returning({ id: decision.id });
    timeline.audit(recordedAt, coordinator, {
      action: 'create',
      recordType: 'decision',
      recordId: created.id,
      fields: ['text', 'method', 'votes', 'outcome', 'quorumMet'],
    });
    const ownerId = people.get(ownerEmail) ?? null;
    const dueOn = done ? toIsoDate(new Date(at.startsAt.getTime() + 28 * DAY)) : timeline.isoDaysAgo(-10 - n);
    const doneAt = done ? new Date(at.startsAt.getTime() + 20 * DAY) : null;
    const [item] = await db
      .insert(actionItem)
      .values({
        cityId,
        meetingId: at.id,
        decisionId: created.id,
        title,
        ownerUserId: ownerId,
        dueOn,
        status: done ? 'done' : 'open',
        doneAt: doneAt && doneAt < now ? doneAt : null,
        createdAt: recordedAt,
      })
      .returning({ id: actionItem.id });
    timeline.audit(recordedAt, coordinator, {
      action: 'create',
      recordType: 'action_item',
      recordId: item.id,
      fields: ['title', 'ownerUserId', 'dueOn'],
    });
    if (doneAt && doneAt < now)
      timeline.audit(
        doneAt,
        { userId: ownerId, role: roleOf(ownerEmail), requestId: 'seed-demo' },
        {
          action: 'update',
          recordType: 'action_item',
          recordId: item.id,
          fields: ['status'],
        },
      );
  }
  // From the last meeting: one item now overdue, one due soon.
  const last = held[held.length - 1];
  const createdAt = new Date(last.startsAt.getTime() + HOUR);
  const items = await db
    .insert(actionItem)
    .values([
      {
        cityId,
        meetingId: last.id,
        title: 'Send the list of planned school sessions',
        ownerUserId: people.get('member@demo.lpn.local') ?? null,
        dueOn: timeline.isoDaysAgo(3),
        status: 'open',
        createdAt,
      },
      {
        cityId,
        meetingId: last.id,
        title: 'Prepare next month’s reflection',
        ownerUserId: coordinator.userId,
        dueOn: timeline.isoDaysAgo(-5),
        status: 'open',
        createdAt,
      },
    ])
    .returning({ id: actionItem.id });
  for (const item of items)
    timeline.audit(createdAt, coordinator, {
      action: 'create',
      recordType: 'action_item',
      recordId: item.id,
      fields: ['title', 'ownerUserId', 'dueOn'],
    });
}
