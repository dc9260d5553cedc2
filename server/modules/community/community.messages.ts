import { and, desc, eq, inArray, max } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  KeyTextKind,
  KeyTextVersion,
  PublicMessage,
  keyTextInput,
  publicMessageInput,
} from '../../../contracts/community.contract.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import { user } from '../../platform/auth/auth.table.js';
import type { Db } from '../../platform/db/index.js';
import { conflict, notFound } from '../../platform/errors.js';
import { authorize, type Actor } from '../../platform/policy.js';
import { communityKeyText, communityMessage } from './community.table.js';

/*
 * The communication log (docs/COMMUNITY.md, lesson 9: one voice). A public message is planned as a
 * draft (chair, coordinator), approved by the chair, then marked as sent; changing an approved
 * message takes the approval away. The agreed key messages and "what we are not" lines are kept as
 * versions: every version stays, the newest is in force; only the chair agrees a new one.
 */

type MessageRow = typeof communityMessage.$inferSelect;
type MessageInput = z.infer<typeof publicMessageInput>;

async function namesOf(db: Db, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((x): x is string => Boolean(x)))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

async function views(db: Db, rows: MessageRow[]): Promise<PublicMessage[]> {
  const names = await namesOf(
    db,
    rows.flatMap((r) => [r.createdBy, r.approvedBy]),
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    body: r.body,
    channel: r.channel as PublicMessage['channel'],
    audience: r.audience as PublicMessage['audience'],
    spokesperson: r.spokesperson,
    plannedOn: r.plannedOn,
    status: r.status as PublicMessage['status'],
    createdByName: r.createdBy ? (names.get(r.createdBy) ?? null) : null,
    approvedByName: r.approvedBy ? (names.get(r.approvedBy) ?? null) : null,
    approvedAt: r.approvedAt ? r.approvedAt.toISOString() : null,
    sentAt: r.sentAt ? r.sentAt.toISOString() : null,
    updatedAt: r.updatedAt.toISOString(),
  }));
}

export async function listMessages(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'community.messages.read');
  const rows = await db
    .select()
    .from(communityMessage)
    .where(eq(communityMessage.cityId, cityId))
    .orderBy(desc(communityMessage.plannedOn), desc(communityMessage.createdAt))
    .limit(500);
  return { items: await views(db, rows) };
}

export async function createMessage(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  input: MessageInput,
): Promise<PublicMessage> {
  authorize(actor, 'community.messages.write');
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(communityMessage)
      .values({ cityId, ...input, createdBy: actor.userId })
      .returning();
    await appendAudit(tx as unknown as Db, cityId, auditActor, {
      action: 'create',
      recordType: 'community_message',
      recordId: created.id,
    });
    return created;
  });
  return (await views(db, [row]))[0];
}

async function findMessage(db: Db, cityId: string, id: string) {
  const [row] = await db
    .select()
    .from(communityMessage)
    .where(and(eq(communityMessage.cityId, cityId), eq(communityMessage.id, id)))
    .for('update');
  if (!row) throw notFound();
  return row;
}

export async function updateMessage(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  id: string,
  input: MessageInput,
): Promise<PublicMessage> {
  authorize(actor, 'community.messages.write');
  const row = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const current = await findMessage(tx, cityId, id);
    if (current.status === 'sent' || current.status === 'cancelled')
      throw conflict('A sent or cancelled message is kept as it was');
    const changed = (Object.keys(input) as (keyof MessageInput)[]).filter((k) => input[k] !== current[k]);
    const [updated] = await tx
      .update(communityMessage)
      .set({
        ...input,
        // What the chair approved is no longer what would go out.
        ...(changed.length ? { status: 'draft', approvedBy: null, approvedAt: null } : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(communityMessage.cityId, cityId), eq(communityMessage.id, id)))
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'community_message',
      recordId: id,
      fields: changed,
    });
    return updated;
  });
  return (await views(db, [row]))[0];
}

export async function setMessageStatus(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  id: string,
  status: 'approved' | 'sent' | 'cancelled',
): Promise<PublicMessage> {
  authorize(actor, status === 'approved' ? 'community.messages.approve' : 'community.messages.write');
  const row = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const current = await findMessage(tx, cityId, id);
    const allowed: Record<string, string[]> = {
      approved: ['draft'],
      sent: ['approved'],
      cancelled: ['draft', 'approved'],
    };
    if (!allowed[status].includes(current.status))
      throw conflict(
        status === 'sent'
          ? 'Only a message the chair approved can be marked as sent'
          : `A ${current.status} message cannot become ${status}`,
      );
    const now = new Date();
    const [updated] = await tx
      .update(communityMessage)
      .set({
        status,
        updatedAt: now,
        ...(status === 'approved' ? { approvedBy: actor.userId, approvedAt: now } : {}),
        ...(status === 'sent' ? { sentAt: now } : {}),
      })
      .where(and(eq(communityMessage.cityId, cityId), eq(communityMessage.id, id)))
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: status === 'approved' ? 'approve' : status === 'sent' ? 'send' : 'cancel',
      recordType: 'community_message',
      recordId: id,
    });
    return updated;
  });
  return (await views(db, [row]))[0];
}

export async function keyTexts(
  db: Db,
  actor: Actor,
  cityId: string,
  kind: KeyTextKind,
): Promise<{ items: KeyTextVersion[] }> {
  authorize(actor, 'community.messages.read');
  const rows = await db
    .select()
    .from(communityKeyText)
    .where(and(eq(communityKeyText.cityId, cityId), eq(communityKeyText.kind, kind)))
    .orderBy(desc(communityKeyText.version));
  const names = await namesOf(
    db,
    rows.map((r) => r.byUserId),
  );
  return {
    items: rows.map((r) => ({
      kind,
      version: r.version,
      lines: r.lines,
      note: r.note,
      byName: r.byUserId ? (names.get(r.byUserId) ?? null) : null,
      at: r.at.toISOString(),
    })),
  };
}

export async function saveKeyTexts(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  kind: KeyTextKind,
  input: z.infer<typeof keyTextInput>,
): Promise<KeyTextVersion> {
  authorize(actor, 'community.key-texts.manage');
  const lines = input.lines.map((l) => l.trim()).filter(Boolean);
  const row = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [{ last }] = await tx
      .select({ last: max(communityKeyText.version) })
      .from(communityKeyText)
      .where(and(eq(communityKeyText.cityId, cityId), eq(communityKeyText.kind, kind)));
    const [created] = await tx
      .insert(communityKeyText)
      .values({ cityId, kind, version: (last ?? 0) + 1, lines, note: input.note, byUserId: actor.userId })
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'community_key_text',
      recordId: `${kind}:${created.version}`,
    });
    return created;
  });
  const names = await namesOf(db, [row.byUserId]);
  return {
    kind,
    version: row.version,
    lines: row.lines,
    note: row.note,
    byName: row.byUserId ? (names.get(row.byUserId) ?? null) : null,
    at: row.at.toISOString(),
  };
}
