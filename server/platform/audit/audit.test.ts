import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import type { Db } from '../db/index.js';
import { appendAudit, isTransaction, verifyAuditChain } from './audit.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const actor = { userId: 'u1', role: 'chair', requestId: 'r1' };

async function cityWithEvents(slug: string, count: number): Promise<string> {
  const cityId = await t.createCity(slug); // writes event #1 (city created)
  for (let i = 0; i < count; i++) {
    await appendAudit(t.deps.db, cityId, actor, {
      action: 'read',
      recordType: 'membership',
      recordId: `p${i}`,
      fields: ['phone'],
    });
  }
  return cityId;
}

/** Tampering as someone with direct database access would: around the append-only trigger. */
async function tamper(statement: ReturnType<typeof sql>) {
  await t.deps.db.execute(sql`alter table audit_event disable trigger audit_event_no_update_delete`);
  try {
    await t.deps.db.execute(statement);
  } finally {
    await t.deps.db.execute(sql`alter table audit_event enable trigger audit_event_no_update_delete`);
  }
}

describe('audit chain', () => {
  it('verifies an intact chain per city, each city on its own', async () => {
    const a = await cityWithEvents('chain-a', 5);
    const b = await cityWithEvents('chain-b', 2);
    expect(await verifyAuditChain(t.deps.db, a)).toEqual({ ok: true, checked: 6 });
    expect(await verifyAuditChain(t.deps.db, b)).toEqual({ ok: true, checked: 3 });
  });

  it('refuses updates and deletes at the database', async () => {
    const cityId = await cityWithEvents('chain-locked', 1);
    await expect(
      t.deps.db.execute(sql`update audit_event set action = 'x' where city_id = ${cityId}`),
    ).rejects.toThrow();
    await expect(t.deps.db.execute(sql`delete from audit_event where city_id = ${cityId}`)).rejects.toThrow();
  });

  it('detects an edited row and names it', async () => {
    const cityId = await cityWithEvents('chain-edit', 5);
    await tamper(
      sql`update audit_event set record_id = 'someone-else' where city_id = ${cityId} and seq = 3`,
    );
    expect(await verifyAuditChain(t.deps.db, cityId)).toMatchObject({
      ok: false,
      firstBroken: { seq: 3, problem: 'hash-mismatch' },
    });
  });

  it('detects a deleted row in the middle and at the end', async () => {
    const middle = await cityWithEvents('chain-del', 5);
    await tamper(sql`delete from audit_event where city_id = ${middle} and seq = 4`);
    expect(await verifyAuditChain(t.deps.db, middle)).toMatchObject({
      ok: false,
      firstBroken: { seq: 4, problem: 'gap' },
    });
    const tail = await cityWithEvents('chain-tail', 5);
    await tamper(sql`delete from audit_event where city_id = ${tail} and seq = 6`);
    expect(await verifyAuditChain(t.deps.db, tail)).toMatchObject({
      ok: false,
      firstBroken: { seq: 6, problem: 'tail-missing' },
    });
  });

  it('detects reordered rows', async () => {
    const cityId = await cityWithEvents('chain-swap', 5);
    await tamper(sql`update audit_event set seq = -1 where city_id = ${cityId} and seq = 2`);
    await tamper(sql`update audit_event set seq = 2 where city_id = ${cityId} and seq = 3`);
    await tamper(sql`update audit_event set seq = 3 where city_id = ${cityId} and seq = -1`);
    const verdict = await verifyAuditChain(t.deps.db, cityId);
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBroken?.seq).toBe(2);
  });

  it('detects a row rewritten with a recomputed hash (the link to the next row breaks)', async () => {
    const cityId = await cityWithEvents('chain-rehash', 4);
    const { hashAuditRow } = await import('./audit.js');
    const rows = (await t.deps.db.execute(
      sql`select * from audit_event where city_id = ${cityId} and seq = 2`,
    )) as unknown as {
      rows: Record<string, unknown>[];
    };
    const row = rows.rows[0];
    const forged = hashAuditRow({
      cityId,
      seq: 2,
      at: new Date(row.at as string),
      actorUserId: 'forger',
      actorRole: row.actor_role as string,
      action: row.action as string,
      recordType: row.record_type as string,
      recordId: row.record_id as string,
      fields: row.fields as string[],
      reason: null,
      requestId: row.request_id as string,
      prevHash: row.prev_hash as string,
    });
    await tamper(
      sql`update audit_event set actor_user_id = 'forger', hash = ${forged} where city_id = ${cityId} and seq = 2`,
    );
    expect(await verifyAuditChain(t.deps.db, cityId)).toMatchObject({
      ok: false,
      firstBroken: { seq: 3, problem: 'broken-link' },
    });
  });

  it('keeps the chain intact under concurrent appends', async () => {
    const cityId = await t.createCity('chain-concurrent');
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.deps.db.transaction((tx) =>
          appendAudit(tx as unknown as Db, cityId, actor, {
            action: 'read',
            recordType: 'x',
            recordId: String(i),
          }),
        ),
      ),
    );
    expect(await verifyAuditChain(t.deps.db, cityId)).toEqual({ ok: true, checked: 21 });
  });

  it('tells a transaction from the database on this driver', async () => {
    expect(isTransaction(t.deps.db)).toBe(false);
    await t.deps.db.transaction(async (tx) => expect(isTransaction(tx as unknown as Db)).toBe(true));
  });

  it('keeps the chain intact when called on the database itself, outside any transaction', async () => {
    // Exports did this and raced: the head lock lasted one statement, two appends took one seq.
    const cityId = await t.createCity('chain-no-tx');
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        appendAudit(t.deps.db, cityId, actor, { action: 'export', recordType: 'x', recordId: String(i) }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await verifyAuditChain(t.deps.db, cityId)).toEqual({ ok: true, checked: 21 });
  });

  it('rolls back the audit row with the change it describes', async () => {
    const cityId = await t.createCity('chain-rollback');
    await expect(
      t.deps.db.transaction(async (tx) => {
        await appendAudit(tx as unknown as Db, cityId, actor, { action: 'update', recordType: 'x' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await verifyAuditChain(t.deps.db, cityId)).toEqual({ ok: true, checked: 1 });
  });
});
