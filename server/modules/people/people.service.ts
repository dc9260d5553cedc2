import crypto from 'node:crypto';
import { and, asc, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Role } from '../../../contracts/route.js';
import type { Db } from '../../platform/db/index.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { CityKeys } from '../../platform/crypto/keys.js';
import { authorize, can, type Actor } from '../../platform/policy.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { peopleCursor } from '../../../contracts/primitives.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { user } from '../../platform/auth/auth.table.js';
import { city } from '../cities/index.js';
import { invitation, membership } from './people.table.js';

export const PHONE_CONTEXT = 'membership.phone';
export const INVITATION_DAYS = 7;

const personColumns = {
  userId: membership.userId,
  name: user.name,
  email: user.email,
  role: membership.role,
  organisation: membership.organisation,
  twoFactorEnabled: user.twoFactorEnabled,
  joinedAt: membership.joinedAt,
};

type PersonRow = {
  userId: string;
  name: string;
  email: string;
  role: string;
  organisation: string | null;
  twoFactorEnabled: boolean | null;
  joinedAt: Date;
};

function toPerson(row: PersonRow) {
  return {
    userId: row.userId,
    name: row.name,
    email: row.email,
    role: row.role as Role,
    organisation: row.organisation,
    twoFactorEnabled: Boolean(row.twoFactorEnabled),
    joinedAt: row.joinedAt.toISOString(),
  };
}

export type PeopleSort = 'joinedAt' | '-joinedAt' | 'name' | '-name';

/**
 * The list query, prepared once per database and shape (sort, with or without cursor and search):
 * it runs on every page view, and preparing skips query building here and planning in PostgreSQL.
 */
const preparedLists = new WeakMap<Db, Map<string, ReturnType<typeof buildPeopleList>>>();

function buildPeopleList(db: Db, sort: PeopleSort, withCursor: boolean, withSearch: boolean) {
  const byName = sort.endsWith('name');
  const descending = sort.startsWith('-');
  const sortColumn = byName ? sql`lower(${user.name})` : sql`${membership.joinedAt}`;
  const conditions: SQL[] = [eq(membership.cityId, sql.placeholder('cityId'))];
  if (withSearch) {
    conditions.push(
      or(ilike(user.name, sql.placeholder('pattern')), ilike(user.email, sql.placeholder('pattern')))!,
    );
  }
  if (withCursor) {
    const boundary = byName
      ? sql`${sql.placeholder('after')}`
      : sql`${sql.placeholder('after')}::timestamptz`;
    conditions.push(
      descending
        ? sql`(${sortColumn}, ${membership.userId}) < (${boundary}, ${sql.placeholder('afterId')})`
        : sql`(${sortColumn}, ${membership.userId}) > (${boundary}, ${sql.placeholder('afterId')})`,
    );
  }
  const order = descending
    ? [desc(sortColumn), desc(membership.userId)]
    : [asc(sortColumn), asc(membership.userId)];
  return db
    .select(personColumns)
    .from(membership)
    .innerJoin(user, eq(user.id, membership.userId))
    .where(and(...conditions))
    .orderBy(...order)
    .limit(sql.placeholder('limit'))
    .prepare(`people_list_${sort.replace('-', 'desc_')}_${Number(withCursor)}${Number(withSearch)}`);
}

function preparedPeopleList(db: Db, sort: PeopleSort, withCursor: boolean, withSearch: boolean) {
  let byShape = preparedLists.get(db);
  if (!byShape) preparedLists.set(db, (byShape = new Map()));
  const key = `${sort}:${withCursor}:${withSearch}`;
  let prepared = byShape.get(key);
  if (!prepared) byShape.set(key, (prepared = buildPeopleList(db, sort, withCursor, withSearch)));
  return prepared;
}

/** A page of a city's people, sorted, optionally filtered by name or e-mail. */
export async function listPeople(
  db: Db,
  actor: Actor,
  cityId: string,
  query: { cursor?: string; limit: number; sort: PeopleSort; q?: string },
) {
  authorize(actor, 'people.list');
  const byName = query.sort.endsWith('name');
  const decoded = query.cursor ? decodeCursor(query.cursor, peopleCursor) : undefined;
  // The contract checks that the cursor's kind (name or time) matches the sort.
  const cursor = decoded && { value: decoded[0], id: decoded[1] };
  const rows = await preparedPeopleList(db, query.sort, Boolean(cursor), Boolean(query.q)).execute({
    cityId,
    limit: query.limit + 1,
    pattern: query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined,
    after: cursor
      ? byName
        ? String(cursor.value)
        : new Date(Number(cursor.value)).toISOString()
      : undefined,
    afterId: cursor?.id,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > query.limit && last
      ? encodeCursor(byName ? last.name.toLowerCase() : last.joinedAt.getTime(), last.userId)
      : null;
  return { items: page.map(toPerson), nextCursor };
}

async function findPerson(db: Db, cityId: string, userId: string) {
  const [row] = await db
    .select({ ...personColumns, phoneEnc: membership.phoneEnc })
    .from(membership)
    .innerJoin(user, eq(user.id, membership.userId))
    .where(and(eq(membership.cityId, cityId), eq(membership.userId, userId)));
  return row;
}

/** One person; the phone is decrypted only for those allowed, and that read is audited. */
export async function getPerson(
  deps: { db: Db; keys: CityKeys },
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  userId: string,
) {
  if (!can(actor, 'people.list') && !can(actor, 'people.read-contact', { userId }))
    authorize(actor, 'people.list');
  const row = await findPerson(deps.db, cityId, userId);
  if (!row) throw notFound();
  let phone: string | null = null;
  if (row.phoneEnc && can(actor, 'people.read-contact', { userId })) {
    phone = await deps.keys.decrypt(cityId, PHONE_CONTEXT, row.phoneEnc);
    await appendAudit(deps.db, cityId, auditActor, {
      action: 'read',
      recordType: 'membership',
      recordId: userId,
      fields: ['phone'],
    });
  }
  return { ...toPerson(row), phone };
}

async function countChairs(db: Db, cityId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(membership)
    .where(and(eq(membership.cityId, cityId), eq(membership.role, 'chair')));
  return row?.n ?? 0;
}

/** Changes role/organisation (chair) or one's own phone; audited with the changed field names. */
export async function updatePerson(
  deps: { db: Db; keys: CityKeys },
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  userId: string,
  changes: { role?: Role; organisation?: string | null; phone?: string | null },
) {
  const existing = await findPerson(deps.db, cityId, userId);
  if (!existing) throw notFound();
  const set: Partial<typeof membership.$inferInsert> = {};
  const fields: string[] = [];
  if (changes.role !== undefined && changes.role !== existing.role) {
    authorize(actor, 'people.update-role', { userId });
    if (existing.role === 'chair' && (await countChairs(deps.db, cityId)) <= 1) {
      throw conflict('A city must keep at least one chair');
    }
    set.role = changes.role;
    fields.push('role');
  }
  if (changes.organisation !== undefined && changes.organisation !== existing.organisation) {
    authorize(actor, 'people.update-organisation', { userId });
    set.organisation = changes.organisation;
    fields.push('organisation');
  }
  if (changes.phone !== undefined) {
    authorize(actor, 'people.update-contact', { userId });
    set.phoneEnc =
      changes.phone === null ? null : await deps.keys.encrypt(cityId, PHONE_CONTEXT, changes.phone);
    fields.push('phone');
  }
  if (fields.length) {
    await deps.db.transaction(async (tx) => {
      await tx
        .update(membership)
        .set(set)
        .where(and(eq(membership.cityId, cityId), eq(membership.userId, userId)));
      await appendAudit(tx as unknown as Db, cityId, auditActor, {
        action: 'update',
        recordType: 'membership',
        recordId: userId,
        fields,
      });
    });
  }
  return getPerson(deps, actor, auditActor, cityId, userId);
}

/** Removes a person from the city (not from other cities). */
export async function removePerson(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  userId: string,
) {
  authorize(actor, 'people.remove', { userId });
  const existing = await findPerson(db, cityId, userId);
  if (!existing) throw notFound();
  if (existing.role === 'chair' && (await countChairs(db, cityId)) <= 1) {
    throw conflict('A city must keep at least one chair');
  }
  await db.transaction(async (tx) => {
    await tx.delete(membership).where(and(eq(membership.cityId, cityId), eq(membership.userId, userId)));
    await appendAudit(tx as unknown as Db, cityId, auditActor, {
      action: 'delete',
      recordType: 'membership',
      recordId: userId,
      fields: ['role', 'organisation', 'phone'],
    });
  });
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

function invitationStatus(row: typeof invitation.$inferSelect) {
  if (row.acceptedAt) return 'accepted' as const;
  if (row.revokedAt) return 'revoked' as const;
  if (row.expiresAt <= new Date()) return 'expired' as const;
  return 'pending' as const;
}

function toInvitation(row: typeof invitation.$inferSelect) {
  return {
    id: row.id,
    email: row.email,
    role: row.role as Role,
    organisation: row.organisation,
    expiresAt: row.expiresAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    status: invitationStatus(row),
  };
}

/** Creates an invitation inside `tx` (so city creation can invite its chair atomically); returns the secret token. */
export async function insertInvitation(
  tx: Db,
  auditActor: AuditActor,
  cityId: string,
  input: { email: string; role: Role; organisation?: string; invitedBy: string | null },
) {
  const token = crypto.randomBytes(32).toString('base64url');
  const [row] = await tx
    .insert(invitation)
    .values({
      cityId,
      email: input.email.trim().toLowerCase(),
      role: input.role,
      organisation: input.organisation ?? null,
      tokenHash: hashToken(token),
      invitedBy: input.invitedBy,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    })
    .returning();
  await appendAudit(tx, cityId, auditActor, {
    action: 'create',
    recordType: 'invitation',
    recordId: row.id,
    fields: ['email', 'role', 'organisation'],
  });
  return { token, invitation: toInvitation(row) };
}

/** A chair invites someone; an existing member of the city cannot be invited again. */
export async function createInvitation(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  input: { email: string; role: Role; organisation?: string },
) {
  authorize(actor, 'invitations.manage');
  const [already] = await db
    .select({ userId: membership.userId })
    .from(membership)
    .innerJoin(user, eq(user.id, membership.userId))
    .where(and(eq(membership.cityId, cityId), eq(user.email, input.email.trim().toLowerCase())));
  if (already) throw conflict('This person is already a member of the city');
  return db.transaction((tx) =>
    insertInvitation(tx as unknown as Db, auditActor, cityId, { ...input, invitedBy: actor.userId || null }),
  );
}

export async function listInvitations(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'invitations.manage');
  const rows = await db
    .select()
    .from(invitation)
    .where(eq(invitation.cityId, cityId))
    .orderBy(desc(invitation.createdAt))
    .limit(200);
  return rows.map(toInvitation);
}

export async function revokeInvitation(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  id: string,
) {
  authorize(actor, 'invitations.manage');
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(invitation)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitation.cityId, cityId),
          eq(invitation.id, id),
          sql`${invitation.acceptedAt} is null and ${invitation.revokedAt} is null`,
        ),
      )
      .returning({ id: invitation.id });
    if (!updated.length) throw notFound();
    await appendAudit(tx as unknown as Db, cityId, auditActor, {
      action: 'revoke',
      recordType: 'invitation',
      recordId: id,
    });
  });
}

/** Finds a usable invitation by its secret token (pending and not expired). */
export async function findOpenInvitation(db: Db, token: string) {
  const [row] = await db
    .select({ invitation, cityName: city.name })
    .from(invitation)
    .innerJoin(city, eq(city.id, invitation.cityId))
    .where(eq(invitation.tokenHash, hashToken(token)));
  if (!row || invitationStatus(row.invitation) !== 'pending') {
    throw new AppError('invitation-invalid', 404, 'This invitation link is not valid or has expired');
  }
  const [existing] = await db.select({ id: user.id }).from(user).where(eq(user.email, row.invitation.email));
  return { ...row, existingUserId: existing?.id ?? null };
}

/** Marks the invitation used and adds the membership, once, atomically. */
export async function completeInvitation(
  db: Db,
  found: Awaited<ReturnType<typeof findOpenInvitation>>,
  userId: string,
) {
  const inv = found.invitation;
  await db.transaction(async (tx) => {
    const claimed = await tx
      .update(invitation)
      .set({ acceptedAt: new Date() })
      .where(
        and(
          eq(invitation.cityId, inv.cityId),
          eq(invitation.id, inv.id),
          sql`${invitation.acceptedAt} is null and ${invitation.revokedAt} is null`,
        ),
      )
      .returning({ id: invitation.id });
    if (!claimed.length) throw new AppError('invitation-invalid', 404, 'This invitation was already used');
    await tx
      .insert(membership)
      .values({ cityId: inv.cityId, userId, role: inv.role, organisation: inv.organisation })
      .onConflictDoNothing();
    await appendAudit(
      tx as unknown as Db,
      inv.cityId,
      { userId, role: inv.role },
      {
        action: 'accept',
        recordType: 'invitation',
        recordId: inv.id,
        fields: ['role', 'organisation'],
      },
    );
  });
}
