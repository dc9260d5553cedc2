import { and, asc, eq, lt } from 'drizzle-orm';
import type { DemoContext } from '../../seed/demo-modules.js';
import type { AuditActor } from '../../platform/audit/audit.js';
import { organisation } from '../network/index.js';
import { actionItem, attendance, meeting, meetingSeries } from './meetings.table.js';
import { createSeries, recordDecision } from './meetings.service.js';
import { toIsoDate } from './meetings.time.js';

const seedActor: AuditActor = { userId: null, role: 'platform_admin', requestId: 'seed-demo' };

const minutesEn = (n: number) =>
  `Monthly reflection ${n}. Member organisations reported on last month's activities: school outreach sessions, ` +
  'a joint awareness day and follow-up of open referrals (by case reference only). What worked: closer contact ' +
  'between schools and social services. What did not: late sharing of the activity calendar. Next month: owners ' +
  'confirmed for each activity.';
const minutesFr = (n: number) =>
  `Réflexion mensuelle ${n}. Les organisations membres ont présenté les activités du mois écoulé : séances dans ` +
  'les écoles, une journée de sensibilisation commune et le suivi des orientations en cours (par référence de ' +
  'dossier uniquement). Ce qui a marché : un contact plus étroit entre écoles et services sociaux. Ce qui n’a pas ' +
  'marché : le calendrier des activités partagé trop tard. Le mois prochain : responsables confirmés pour chaque activité.';

/**
 * A monthly reflection series from 12 months ago to 3 months ahead; the past meetings held with
 * varying attendance, minutes alternating English and French, a few decisions and action items.
 * The ToR is not adopted here (the ToR seeder records those decisions on two held meetings).
 */
export async function seedMeetingsDemo({ deps, cityId, people }: DemoContext): Promise<void> {
  const db = deps.db;
  const existing = await db
    .select({ id: meetingSeries.id })
    .from(meetingSeries)
    .where(eq(meetingSeries.cityId, cityId));
  if (existing.length) return;
  const now = new Date();
  const start = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 10));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 10));
  await createSeries(
    db,
    cityId,
    seedActor,
    {
      title: 'Monthly network meeting',
      cadence: 'monthly',
      startTime: '10:00',
      timeZone: 'Europe/Paris',
      durationMinutes: 120,
      location: 'Town hall, room 2',
      agendaTemplate: 'monthly-reflection',
      startsOn: toIsoDate(start),
      endsOn: toIsoDate(end),
    },
    now,
  );
  const past = await db
    .select()
    .from(meeting)
    .where(and(eq(meeting.cityId, cityId), lt(meeting.startsAt, now)))
    .orderBy(asc(meeting.startsAt));
  const orgs = await db
    .select()
    .from(organisation)
    .where(eq(organisation.cityId, cityId))
    .orderBy(asc(organisation.name));
  const owners = ['coordinator@demo.lpn.local', 'member@demo.lpn.local', 'chair@demo.lpn.local']
    .map((email) => people.get(email))
    .filter((id): id is string => Boolean(id));

  for (const [i, m] of past.entries()) {
    const day = toIsoDate(m.startsAt);
    const active = orgs.filter((o) => o.joinedOn <= day && (!o.leftOn || o.leftOn > day));
    // Varying attendance: most months nearly everyone, every fourth month a thin meeting.
    const rows = active.map((o, k) => ({
      cityId,
      meetingId: m.id,
      organisationId: o.id,
      present: i % 4 === 3 ? k % 3 === 0 : (k + i) % 5 !== 0,
    }));
    if (rows.length) await db.insert(attendance).values(rows);
    await db
      .update(meeting)
      .set({
        status: 'held',
        minutes: i % 2 === 0 ? minutesEn(i + 1) : minutesFr(i + 1),
        minutesApprovedAt: i < past.length - 1 ? new Date(m.startsAt.getTime() + 7 * 86400000) : null,
      })
      .where(and(eq(meeting.cityId, cityId), eq(meeting.id, m.id)));
  }

  const decisionsAt = [past.length - 10, past.length - 6, past.length - 3, past.length - 1].filter(
    (i) => i >= 0,
  );
  const texts = [
    'Hold a joint awareness day in the spring school term.',
    'Les écoles partagent leur calendrier d’activités avant le 5 de chaque mois.',
    'Set up a working group on online radicalisation signals.',
    'Publish the network’s annual activity summary.',
  ];
  for (const [n, index] of decisionsAt.entries()) {
    const m = past[index];
    const decided = await recordDecision(db, cityId, seedActor, m.id, {
      text: texts[n],
      votesFor: 6 + n,
      votesAgainst: n % 2,
      abstentions: 1,
    });
    if (!owners.length) continue;
    const due = new Date(m.startsAt.getTime() + 21 * 86400000);
    const isLast = n === decisionsAt.length - 1;
    await db.insert(actionItem).values({
      cityId,
      meetingId: m.id,
      decisionId: decided.id,
      title: [
        'Book the venue and invite schools',
        'Collect the calendars',
        'Draft the working group’s remit',
        'Write the summary',
      ][n],
      ownerUserId: owners[n % owners.length],
      dueOn: isLast ? toIsoDate(new Date(now.getTime() + 10 * 86400000)) : toIsoDate(due),
      status: n < 2 ? 'done' : 'open',
      doneAt: n < 2 ? due : null,
    });
  }
  // One overdue item, one due soon.
  const last = past.at(-1);
  if (last && owners.length) {
    await db.insert(actionItem).values([
      {
        cityId,
        meetingId: last.id,
        title: 'Send the list of planned school sessions',
        ownerUserId: owners[1 % owners.length],
        dueOn: toIsoDate(new Date(now.getTime() - 3 * 86400000)),
        status: 'open',
      },
      {
        cityId,
        meetingId: last.id,
        title: 'Préparer la réflexion du mois prochain',
        ownerUserId: owners[0],
        dueOn: toIsoDate(new Date(now.getTime() + 5 * 86400000)),
        status: 'open',
      },
    ]);
  }
}
