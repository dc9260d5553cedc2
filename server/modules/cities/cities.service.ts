import { asc, eq, inArray } from 'drizzle-orm';
import type { Locale, Role } from '../../../contracts/route.js';
import type { Db } from '../../platform/db/index.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { CityKeys } from '../../platform/crypto/keys.js';
import { authorize, permissionsOf, type Actor } from '../../platform/policy.js';
import { AppError, conflict } from '../../platform/errors.js';
import { insertInvitation, membership } from '../people/index.js';
import { city, type CitySettings } from './cities.table.js';

/** Roles that can see identities or personal-data exports; they must use 2FA unless a city decides otherwise. */
export const DEFAULT_REQUIRE_2FA: Role[] = ['chair', 'member', 'partner', 'auditor'];

export function toCity(row: typeof city.$inferSelect) {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    country: row.country,
    defaultLocale: row.defaultLocale as Locale,
    settings: { require2faRoles: row.settings.require2faRoles as Role[] },
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Creates a city with its own data key and audit chain, and optionally invites its chair — all in
 * one transaction. Returns the chair's invitation token when one was made.
 */
export async function createCity(
  deps: { db: Db; keys: CityKeys },
  actor: Actor,
  auditActor: AuditActor,
  input: { name: string; slug: string; country?: string; defaultLocale: Locale; chairEmail?: string },
) {
  authorize(actor, 'city.create');
  const [taken] = await deps.db.select({ id: city.id }).from(city).where(eq(city.slug, input.slug));
  if (taken) throw conflict('A city with this short name already exists');
  return deps.db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const [row] = await tx
      .insert(city)
      .values({
        name: input.name,
        slug: input.slug,
        country: input.country ?? null,
        defaultLocale: input.defaultLocale,
        settings: { require2faRoles: DEFAULT_REQUIRE_2FA } satisfies CitySettings,
      })
      .returning();
    await deps.keys.createForCity(tx, row.id);
    await appendAudit(tx, row.id, auditActor, {
      action: 'create',
      recordType: 'city',
      recordId: row.id,
      fields: ['name', 'slug', 'country', 'defaultLocale'],
    });
    const chair = input.chairEmail
      ? await insertInvitation(tx, auditActor, row.id, {
          email: input.chairEmail,
          role: 'chair',
          invitedBy: actor.userId || null,
        })
      : null;
    return { city: toCity(row), chairToken: chair?.token ?? null };
  });
}

/** The cities this person works in; a platform admin sees every city (once they have a second factor). */
export async function listCities(db: Db, actor: Actor) {
  // An admin account without two-factor is sent to enrol here, where the admin pages start.
  if (actor.platformAdminWithout2fa) {
    throw new AppError('two-factor-required', 403, 'Set up two-factor sign-in to use platform-admin rights');
  }
  if (actor.isPlatformAdmin) return (await db.select().from(city).orderBy(asc(city.name))).map(toCity);
  const mine = db
    .select({ id: membership.cityId })
    .from(membership)
    .where(eq(membership.userId, actor.userId));
  return (await db.select().from(city).where(inArray(city.id, mine)).orderBy(asc(city.name))).map(toCity);
}

export async function getCityWorkspace(db: Db, actor: Actor, cityId: string) {
  authorize(actor, 'city.read');
  const [row] = await db.select().from(city).where(eq(city.id, cityId));
  return { city: toCity(row), role: actor.city?.role ?? null, permissions: permissionsOf(actor) };
}

export async function updateCitySettings(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  settings: CitySettings,
) {
  authorize(actor, 'city.update-settings');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(city)
      .set({ settings: { require2faRoles: [...new Set(settings.require2faRoles)] } })
      .where(eq(city.id, cityId))
      .returning();
    await appendAudit(tx as unknown as Db, cityId, auditActor, {
      action: 'update',
      recordType: 'city',
      recordId: cityId,
      fields: ['settings.require2faRoles'],
    });
    return toCity(row);
  });
}
