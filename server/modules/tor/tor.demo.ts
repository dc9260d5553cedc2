import { and, asc, eq } from 'drizzle-orm';
import type { DemoContext } from '../../seed/demo-modules.js';
import type { AuditActor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/index.js';
import type { DemoTimeline } from '../../seed/timeline.js';
import { network } from '../network/index.js';
import { decision, meeting, quorumFor } from '../meetings/index.js';
import { torAcknowledgement, torVersion, type TorSections } from './tor.table.js';
import { sectionsFromTemplate } from './tor.service.js';

const DAY = 86_400_000;

async function insertVersion(
  db: Db,
  timeline: DemoTimeline,
  actor: AuditActor,
  cityId: string,
  values: {
    version: number;
    title: string;
    sections: TorSections;
    publicSummary: string;
    basedOnVersion: number | null;
    createdAt: Date;
  },
) {
  const [row] = await db
    .insert(torVersion)
    .values({
      cityId,
      status: 'draft',
      language: 'en',
      updatedAt: values.createdAt,
      createdBy: actor.userId,
      ...values,
    })
    .returning();
  timeline.audit(values.createdAt, actor, {
    action: 'create',
    recordType: 'tor_version',
    recordId: row.id,
    fields: ['title', 'sections', 'publicSummary'],
  });
  return row;
}

/**
 * Records the adoption decision at the meeting (consensus under the rules then in force, so no
 * votes) and adopts the version, superseding the one adopted before — what adoptVersion does.
 */
async function adoptAt(
  db: Db,
  timeline: DemoTimeline,
  actor: AuditActor,
  cityId: string,
  versionId: string,
  m: { id: string; startsAt: Date },
  text: string,
) {
  const recordedAt = new Date(m.startsAt.getTime() + 60 * 60_000);
  const [decided] = await db
    .insert(decision)
    .values({
      cityId,
      meetingId: m.id,
      text,
      subjectType: 'tor-adoption',
      subjectId: versionId,
      method: 'consensus',
      outcome: 'passed',
      quorumMet: true,
      recordedBy: actor.userId,
      recordedAt,
    })
    .returning({ id: decision.id });
  timeline.audit(recordedAt, actor, {
    action: 'create',
    recordType: 'decision',
    recordId: decided.id,
    fields: ['text', 'method', 'votes', 'outcome', 'quorumMet', 'subject'],
  });
  const at = new Date(recordedAt.getTime() + 5 * 60_000);
  const previous = await db
    .update(torVersion)
    .set({ status: 'superseded', updatedAt: at })
    .where(and(eq(torVersion.cityId, cityId), eq(torVersion.status, 'adopted')))
    .returning({ id: torVersion.id });
  await db
    .update(torVersion)
    .set({ status: 'adopted', adoptedAt: at, adoptedDecisionId: decided.id, updatedAt: at })
    .where(and(eq(torVersion.cityId, cityId), eq(torVersion.id, versionId)));
  for (const p of previous)
    timeline.audit(at, actor, {
      action: 'update',
      recordType: 'tor_version',
      recordId: p.id,
      fields: ['status'],
      reason: 'superseded',
    });
  timeline.audit(at, actor, {
    action: 'update',
    recordType: 'tor_version',
    recordId: versionId,
    fields: ['status', 'adoptedAt', 'adoptedDecisionId'],
    reason: 'adopted',
  });
}

/**
 * The demo city's ToR: v1 from the network's template (quorum: half of the formal members,
 * consensus), drafted by the coordinator and adopted at the second meeting with quorum; v2 amends it
 * (majority voting, a review date, a changed communication rule), adopted about half a year ago.
 * Everyone acknowledged v1; of v2 only some so far — the demo member and partner still have it to read.
 */
export async function seedTorDemo({ db, cityId, people, timeline }: DemoContext): Promise<void> {
  const existing = await db
    .select({ id: torVersion.id })
    .from(torVersion)
    .where(eq(torVersion.cityId, cityId));
  if (existing.length) return;
  const coordinator: AuditActor = {
    userId: people.get('coordinator@demo.lpn.local') ?? null,
    role: 'coordinator',
    requestId: 'seed-demo',
  };
  const [net] = await db.select().from(network).where(eq(network.cityId, cityId));
  const start = sectionsFromTemplate(net?.templateId ?? 'situation-table');
  if (net) start.sections.mandate = structuredClone(net.mandate);
  const title = `${net?.name ?? 'Network'} — Terms of Reference`;

  const held = await db
    .select({ id: meeting.id, startsAt: meeting.startsAt })
    .from(meeting)
    .where(and(eq(meeting.cityId, cityId), eq(meeting.status, 'held')))
    .orderBy(asc(meeting.startsAt));
  // Meetings that had quorum under v1's rules (v2 is adopted under v1).
  const quorate: typeof held = [];
  for (const m of held) {
    if ((await quorumFor(db, cityId, m.id, start.sections.decisionRules)).met) quorate.push(m);
  }
  if (quorate.length < 2)
    throw new Error('the ToR demo needs two held meetings with quorum (seed meetings first)');
  const early = quorate[Math.min(1, quorate.length - 2)];
  const sixMonthsAgo = timeline.now.getTime() - 180 * DAY;
  const later =
    quorate.find((m) => m.startsAt.getTime() >= sixMonthsAgo && m.startsAt > early.startsAt) ??
    quorate.at(-1)!;

  const v1 = await insertVersion(db, timeline, coordinator, cityId, {
    version: 1,
    title,
    sections: start.sections,
    publicSummary:
      'Our network brings local services together to act early, and together, when someone is at acute risk of ' +
      'harm. It does not investigate and never names people in public. Residents and services can raise a concern ' +
      'through the town hall.',
    basedOnVersion: null,
    createdAt: new Date(early.startsAt.getTime() - 21 * DAY),
  });
  await adoptAt(db, timeline, coordinator, cityId, v1.id, early, 'Adopt the Terms of Reference, version 1.');

  const v2Sections: TorSections = {
    ...structuredClone(start.sections),
    decisionRules: { ...start.sections.decisionRules, method: 'majority' },
    communicationInternal:
      'Situations are discussed only at the table or among assigned agencies, by reference number only. ' +
      'Minutes are circulated within five working days and approved at the next meeting; action items are ' +
      'followed up in the workspace, never by e-mail with names.',
    reviewDate: new Date(later.startsAt.getTime() + 365 * DAY).toISOString().slice(0, 10),
    // v2 takes on national coordination (mandate item e): escalations and quarterly reports upward.
    mandate: {
      ...structuredClone(start.sections.mandate),
      e: {
        enabled: true,
        scope:
          'Escalate what the network cannot solve locally to the National P/CVE Coordination Centre and report to it every quarter.',
      },
    },
  };
  const v2 = await insertVersion(db, timeline, coordinator, cityId, {
    version: 2,
    title,
    sections: v2Sections,
    publicSummary: v1.publicSummary,
    basedOnVersion: 1,
    createdAt: new Date(later.startsAt.getTime() - 14 * DAY),
  });
  await adoptAt(
    db,
    timeline,
    coordinator,
    cityId,
    v2.id,
    later,
    'Adopt version 2 of the Terms of Reference: majority voting, minutes approved at the next meeting, review date set.',
  );

  // Acknowledgements, a few days after each adoption, by those who were members by then.
  const members = [...people.keys()].filter((e) => /^member\d*@/.test(e));
  const v1Readers = ['chair@demo.lpn.local', 'coordinator@demo.lpn.local', ...members];
  const v2Readers = [
    'chair@demo.lpn.local',
    'coordinator@demo.lpn.local',
    'member2@demo.lpn.local',
    'member3@demo.lpn.local',
    'member7@demo.lpn.local',
  ];
  const rows: { email: string; versionId: string; at: Date }[] = [
    ...v1Readers.map((email, i) => ({
      email,
      versionId: v1.id,
      at: new Date(early.startsAt.getTime() + (i + 1) * DAY),
    })),
    ...v2Readers.map((email, i) => ({
      email,
      versionId: v2.id,
      at: new Date(later.startsAt.getTime() + (i + 1) * DAY),
    })),
  ];
  const acks: (typeof torAcknowledgement.$inferInsert)[] = [];
  for (const r of rows) {
    const userId = people.get(r.email);
    if (!userId || r.at > timeline.now) continue;
    acks.push({ cityId, torVersionId: r.versionId, userId, acknowledgedAt: r.at });
    timeline.audit(
      r.at,
      {
        userId,
        role: r.email.startsWith('member') ? 'member' : r.email.split('@')[0],
        requestId: 'seed-demo',
      },
      { action: 'create', recordType: 'tor_acknowledgement', recordId: r.versionId },
    );
  }
  if (acks.length) await db.insert(torAcknowledgement).values(acks).onConflictDoNothing();
}
