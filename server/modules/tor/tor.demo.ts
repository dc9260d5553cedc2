import { and, asc, eq, lt } from 'drizzle-orm';
import type { DemoContext } from '../../seed/demo-modules.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/index.js';
import { network } from '../network/index.js';
import { meeting, quorumFor, recordDecision } from '../meetings/index.js';
import { torAcknowledgement, torVersion, type TorSections } from './tor.table.js';
import { applyAdoption, sectionsFromTemplate } from './tor.service.js';

const seedActor: AuditActor = { userId: null, role: 'platform_admin', requestId: 'seed-demo' };
const DAY = 86_400_000;

async function insertVersion(
  db: Db,
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
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .insert(torVersion)
      .values({ cityId, status: 'draft', language: 'en', updatedAt: values.createdAt, ...values })
      .returning();
    await appendAudit(tx, cityId, seedActor, {
      action: 'create',
      recordType: 'tor_version',
      recordId: row.id,
      fields: ['title', 'sections', 'publicSummary'],
    });
    return row;
  });
}

/** Records the adoption decision at the meeting (through the meetings module) and adopts the version. */
async function adoptAt(
  db: Db,
  cityId: string,
  versionId: string,
  m: typeof meeting.$inferSelect,
  text: string,
) {
  const decided = await recordDecision(db, cityId, seedActor, m.id, {
    text,
    subjectType: 'tor-adoption',
    subjectId: versionId,
    votesFor: 7,
    votesAgainst: 1,
    abstentions: 1,
  });
  if (decided.outcome !== 'passed' || !decided.quorumMet)
    throw new Error('demo ToR adoption did not pass with quorum');
  await db.transaction(async (tx) =>
    applyAdoption(
      tx as unknown as Db,
      cityId,
      seedActor,
      versionId,
      decided.id,
      new Date(m.startsAt.getTime() + 2 * 3600_000),
    ),
  );
}

/**
 * The demo city's ToR: v1 from the network's template (quorum: half of the formal members,
 * consensus), adopted at an early held meeting; v2 amends it (majority voting, a review date, a
 * changed communication rule), adopted at a later one. Some members have acknowledged v2, some not.
 */
export async function seedTorDemo({ deps, cityId, people }: DemoContext): Promise<void> {
  const db = deps.db;
  const existing = await db
    .select({ id: torVersion.id })
    .from(torVersion)
    .where(eq(torVersion.cityId, cityId));
  if (existing.length) return;
  const [net] = await db.select().from(network).where(eq(network.cityId, cityId));
  const start = sectionsFromTemplate(net?.templateId ?? 'situation-table');
  if (net) start.sections.mandate = structuredClone(net.mandate);
  const title = `${net?.name ?? 'Network'} — Terms of Reference`;

  const held = await db
    .select()
    .from(meeting)
    .where(and(eq(meeting.cityId, cityId), eq(meeting.status, 'held'), lt(meeting.startsAt, new Date())))
    .orderBy(asc(meeting.startsAt));
  // Meetings that had quorum under the rules in force (v1's for both adoptions: v2 is adopted under v1).
  const quorate: (typeof meeting.$inferSelect)[] = [];
  for (const m of held) {
    if ((await quorumFor(db, cityId, m.id, start.sections.decisionRules)).met) quorate.push(m);
  }
  if (quorate.length < 2)
    throw new Error('the ToR demo needs two held meetings with quorum (seed meetings first)');
  const early = quorate[Math.min(1, quorate.length - 2)];
  const later = quorate[Math.max(quorate.length - 4, quorate.indexOf(early) + 1)];

  const v1 = await insertVersion(db, cityId, {
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
  await adoptAt(db, cityId, v1.id, early, 'Adopt the Terms of Reference, version 1.');

  const v2Sections: TorSections = {
    ...structuredClone(start.sections),
    decisionRules: { ...start.sections.decisionRules, method: 'majority' },
    communicationInternal:
      'Situations are discussed only at the table or among assigned agencies, by reference number only. ' +
      'Minutes are circulated within five working days and approved at the next meeting; action items are ' +
      'followed up in the workspace, never by e-mail with names.',
    reviewDate: new Date(Date.now() + 300 * DAY).toISOString().slice(0, 10),
  };
  const v2 = await insertVersion(db, cityId, {
    version: 2,
    title,
    sections: v2Sections,
    publicSummary: v1.publicSummary,
    basedOnVersion: 1,
    createdAt: new Date(later.startsAt.getTime() - 14 * DAY),
  });
  await adoptAt(
    db,
    cityId,
    v2.id,
    later,
    'Adopt version 2 of the Terms of Reference: majority voting, minutes approved at the next meeting, review date set.',
  );

  // Acknowledgements: most acknowledged v1; of v2, the chair, the coordinator and a few members so far.
  const ack = (email: string) => people.get(email);
  const members = [...people.keys()].filter((e) => /^member\d*@/.test(e));
  const v1Readers = ['chair@demo.lpn.local', 'coordinator@demo.lpn.local', ...members].map(ack);
  const v2Readers = ['chair@demo.lpn.local', 'coordinator@demo.lpn.local', ...members.slice(0, 2)].map(ack);
  const rows = [
    ...v1Readers.map((userId, i) => ({
      userId,
      versionId: v1.id,
      at: new Date(early.startsAt.getTime() + (i + 1) * DAY),
    })),
    ...v2Readers.map((userId, i) => ({
      userId,
      versionId: v2.id,
      at: new Date(later.startsAt.getTime() + (i + 1) * DAY),
    })),
  ].filter((r): r is { userId: string; versionId: string; at: Date } => Boolean(r.userId));
  for (const r of rows) {
    await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      await tx
        .insert(torAcknowledgement)
        .values({ cityId, torVersionId: r.versionId, userId: r.userId, acknowledgedAt: r.at })
        .onConflictDoNothing();
      await appendAudit(
        tx,
        cityId,
        { ...seedActor, userId: r.userId },
        {
          action: 'create',
          recordType: 'tor_acknowledgement',
          recordId: r.versionId,
        },
      );
    });
  }
}
