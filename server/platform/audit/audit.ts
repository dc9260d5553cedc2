import crypto from 'node:crypto';
import { and, asc, desc, eq, gt, gte, is, lt, lte, sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { rawRows, type Db } from '../db/index.js';
import { auditEvent, auditHead } from './audit.table.js';

export const GENESIS_HASH = '0'.repeat(64);

/** Who acts and in which request: taken from the authenticated request, never from the client body. */
export interface AuditActor {
  userId: string | null;
  role: string;
  requestId?: string;
}

export interface AuditEntry {
  action: string; // e.g. "create", "update", "delete", "read", "export", "sign-in"
  recordType: string;
  recordId?: string | null;
  /** Names of the personal or changed fields; never their values. */
  fields?: string[];
  reason?: string | null;
  /** When it happened; defaults to now. Only seeding a past timeline sets it (see appendAuditBatch). */
  at?: Date;
}

type ChainedRow = typeof auditEvent.$inferSelect;

/** The hash of a row: its whole content in a fixed order, including the previous hash. */
export function hashAuditRow(row: Omit<ChainedRow, 'hash'>): string {
  const canonical = JSON.stringify([
    row.cityId,
    row.seq,
    row.at.toISOString(),
    row.actorUserId,
    row.actorRole,
    row.action,
    row.recordType,
    row.recordId,
    row.fields,
    row.reason,
    row.requestId,
    row.prevHash,
  ]);
  return crypto.createHash('sha256').update(canonical).digest('hex');
}

/** True inside `db.transaction(...)`: Drizzle's transaction object, whichever driver (PGlite, node-postgres). */
export function isTransaction(db: Db): boolean {
  return is(db, PgTransaction);
}

/**
 * Appends to a city's chain. Given a transaction (the one that makes the change, so the change and
 * its audit row commit together or not at all), it appends there; given the database itself (a read
 * or an export that changes nothing else), it opens a transaction of its own. Either way the head
 * row is locked `for update` inside a transaction, which serialises appends per city: outside one
 * the lock would end with its own statement and two requests would take the same sequence number.
 */
export async function appendAudit(
  db: Db,
  cityId: string,
  actor: AuditActor,
  entry: AuditEntry,
): Promise<void> {
  if (!isTransaction(db))
    return db.transaction((tx) => appendInTransaction(tx as unknown as Db, cityId, actor, entry));
  return appendInTransaction(db, cityId, actor, entry);
}

async function appendInTransaction(
  tx: Db,
  cityId: string,
  actor: AuditActor,
  entry: AuditEntry,
): Promise<void> {
  await tx.insert(auditHead).values({ cityId, lastSeq: 0, lastHash: GENESIS_HASH }).onConflictDoNothing();
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.cityId, cityId)).for('update');
  const row = {
    cityId,
    seq: head.lastSeq + 1,
    at: entry.at ?? new Date(),
    actorUserId: actor.userId,
    actorRole: actor.role,
    action: entry.action,
    recordType: entry.recordType,
    recordId: entry.recordId ?? null,
    fields: entry.fields ?? [],
    reason: entry.reason ?? null,
    requestId: actor.requestId ?? null,
    prevHash: head.lastHash,
  };
  const hash = hashAuditRow(row);
  await tx.insert(auditEvent).values({ ...row, hash });
  await tx.update(auditHead).set({ lastSeq: row.seq, lastHash: hash }).where(eq(auditHead.cityId, cityId));
}

/**
 * Appends many rows in one go, in the order given (the demo seed writes two years of history this
 * way). Each row's `at` must not be earlier than the row before it, so sequence order stays time
 * order; the chain and the head are the same as appending them one by one.
 */
export async function appendAuditBatch(
  db: Db,
  cityId: string,
  rows: { actor: AuditActor; entry: AuditEntry }[],
): Promise<void> {
  if (!rows.length) return;
  if (!isTransaction(db)) return db.transaction((tx) => appendAuditBatch(tx as unknown as Db, cityId, rows));
  const tx = db;
  await tx.insert(auditHead).values({ cityId, lastSeq: 0, lastHash: GENESIS_HASH }).onConflictDoNothing();
  const [head] = await tx.select().from(auditHead).where(eq(auditHead.cityId, cityId)).for('update');
  const [last] = await tx
    .select({ at: auditEvent.at })
    .from(auditEvent)
    .where(and(eq(auditEvent.cityId, cityId), eq(auditEvent.seq, head.lastSeq)));
  let { lastSeq, lastHash } = head;
  let previousAt = last?.at ?? new Date(0);
  const chained: ChainedRow[] = [];
  for (const { actor, entry } of rows) {
    const at = entry.at ?? new Date();
    if (at < previousAt) throw new Error('appendAuditBatch: rows must be in time order');
    const row = {
      cityId,
      seq: lastSeq + 1,
      at,
      actorUserId: actor.userId,
      actorRole: actor.role,
      action: entry.action,
      recordType: entry.recordType,
      recordId: entry.recordId ?? null,
      fields: entry.fields ?? [],
      reason: entry.reason ?? null,
      requestId: actor.requestId ?? null,
      prevHash: lastHash,
    };
    const hash = hashAuditRow(row);
    chained.push({ ...row, hash });
    lastSeq = row.seq;
    lastHash = hash;
    previousAt = at;
  }
  for (let i = 0; i < chained.length; i += 500) await tx.insert(auditEvent).values(chained.slice(i, i + 500));
  await tx.update(auditHead).set({ lastSeq, lastHash }).where(eq(auditHead.cityId, cityId));
}

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** The first row that does not fit the chain, and why. */
  firstBroken?: {
    seq: number;
    problem: 'hash-mismatch' | 'broken-link' | 'gap' | 'tail-missing' | 'head-mismatch';
  };
}

/** Walks a city's chain in order and names the first broken link. Reads in pages to bound memory. */
export async function verifyAuditChain(db: Db, cityId: string, pageSize = 2000): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, cityId), gte(auditEvent.seq, expectedSeq)))
      .orderBy(asc(auditEvent.seq))
      .limit(pageSize);
    for (const row of rows) {
      if (row.seq !== expectedSeq)
        return { ok: false, checked, firstBroken: { seq: expectedSeq, problem: 'gap' } };
      if (row.prevHash !== prevHash)
        return { ok: false, checked, firstBroken: { seq: row.seq, problem: 'broken-link' } };
      const { hash, ...content } = row;
      if (hashAuditRow(content) !== hash)
        return { ok: false, checked, firstBroken: { seq: row.seq, problem: 'hash-mismatch' } };
      prevHash = hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < pageSize) break;
  }
  const [head] = await db.select().from(auditHead).where(eq(auditHead.cityId, cityId));
  if (head) {
    if (head.lastSeq > checked)
      return { ok: false, checked, firstBroken: { seq: checked + 1, problem: 'tail-missing' } };
    if (head.lastSeq !== checked || head.lastHash !== prevHash)
      return { ok: false, checked, firstBroken: { seq: head.lastSeq, problem: 'head-mismatch' } };
  } else if (checked > 0) {
    return { ok: false, checked, firstBroken: { seq: 1, problem: 'head-mismatch' } };
  }
  return { ok: true, checked };
}

export interface AuditQuery {
  actorUserId?: string;
  action?: string;
  recordType?: string;
  recordId?: string;
  from?: Date;
  to?: Date;
  /** Sequence number to continue below (newest first). */
  beforeSeq?: number;
  limit: number;
}

/** A page of a city's audit log, newest first, with optional filters. */
export async function listAuditEvents(db: Db, cityId: string, query: AuditQuery): Promise<ChainedRow[]> {
  const conditions: SQL[] = [eq(auditEvent.cityId, cityId)];
  if (query.actorUserId) conditions.push(eq(auditEvent.actorUserId, query.actorUserId));
  if (query.action) conditions.push(eq(auditEvent.action, query.action));
  if (query.recordType) conditions.push(eq(auditEvent.recordType, query.recordType));
  if (query.recordId) conditions.push(eq(auditEvent.recordId, query.recordId));
  if (query.from) conditions.push(gte(auditEvent.at, query.from));
  if (query.to) conditions.push(lte(auditEvent.at, query.to));
  if (query.beforeSeq !== undefined) conditions.push(lt(auditEvent.seq, query.beforeSeq));
  return db
    .select()
    .from(auditEvent)
    .where(and(...conditions))
    .orderBy(desc(auditEvent.seq))
    .limit(query.limit);
}

/** Cities that have an audit chain (for verifying all of them). */
export async function auditedCityIds(db: Db): Promise<string[]> {
  const rows = await db.select({ cityId: auditHead.cityId }).from(auditHead).where(gt(auditHead.lastSeq, 0));
  return rows.map((r) => r.cityId);
}

/**
 * Records a change to a person's own account (profile, password, two-factor, sessions) in the audit
 * log of every city they belong to: accounts are not city-owned, but each city's auditor must see it.
 * All cities' rows commit together (in the caller's transaction, or one of its own).
 * Returns how many cities it was recorded in.
 */
export async function appendAuditForPerson(
  db: Db,
  userId: string,
  actor: AuditActor,
  entry: AuditEntry,
): Promise<number> {
  if (!isTransaction(db))
    return db.transaction((tx) => appendAuditForPerson(tx as unknown as Db, userId, actor, entry));
  const rows = await rawRows<{ city_id: string; role: string }>(
    db,
    sql`select city_id, role from membership where user_id = ${userId} order by city_id`,
  );
  for (const row of rows)
    await appendInTransaction(db, row.city_id, { ...actor, role: actor.role || row.role }, entry);
  return rows.length;
}
