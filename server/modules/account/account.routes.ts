import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { accountRoutes, type Me } from '../../../contracts/account.contract.js';
import type { Locale, Role } from '../../../contracts/route.js';
import type { AppDeps } from '../../platform/deps.js';
import { registerRoute } from '../../platform/routes.js';
import type { Actor } from '../../platform/policy.js';
import { appendAuditForPerson } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/index.js';
import type { SignedIn } from '../../platform/auth/plugin.js';
import { user } from '../../platform/auth/auth.table.js';
import { city } from '../cities/index.js';
import { membership } from '../people/index.js';

async function describeMe(deps: AppDeps, signedIn: SignedIn, platformAdmin: boolean): Promise<Me> {
  const [profile] = await deps.db.select().from(user).where(eq(user.id, signedIn.userId));
  const rows = await deps.db
    .select({
      cityId: city.id,
      citySlug: city.slug,
      cityName: city.name,
      role: membership.role,
      settings: city.settings,
    })
    .from(membership)
    .innerJoin(city, eq(city.id, membership.cityId))
    .where(eq(membership.userId, signedIn.userId))
    .orderBy(city.name);
  const twoFactorEnabled = Boolean(profile.twoFactorEnabled);
  return {
    user: {
      id: profile.id,
      name: profile.name,
      email: profile.email,
      twoFactorEnabled,
      preferredLocale: (profile.preferredLocale as Locale | null) ?? null,
    },
    isPlatformAdmin: platformAdmin,
    memberships: rows.map((r) => ({
      cityId: r.cityId,
      citySlug: r.citySlug,
      cityName: r.cityName,
      role: r.role as Role,
      twoFactorRequired: r.settings.require2faRoles.includes(r.role) && !twoFactorEnabled,
    })),
  };
}

export async function accountModule(app: FastifyInstance, deps: AppDeps) {
  // An admin still to enrol two-factor is shown as one, so the web app offers the admin pages and the
  // server's two-factor-required answer takes them to enrolment.
  const isAdmin = (actor: Actor) => actor.isPlatformAdmin || Boolean(actor.platformAdminWithout2fa);
  registerRoute(app, deps, accountRoutes.getMe, ({ signedIn, actor }) =>
    describeMe(deps, signedIn!, isAdmin(actor)),
  );
  registerRoute(app, deps, accountRoutes.updateMe, async ({ signedIn, actor, auditActor, body }) => {
    const fields = (['name', 'preferredLocale'] as const).filter((field) => body[field] !== undefined);
    if (fields.length) {
      await deps.db.transaction(async (tx) => {
        await tx
          .update(user)
          .set({
            ...(body.name !== undefined ? { name: body.name } : {}),
            ...(body.preferredLocale !== undefined ? { preferredLocale: body.preferredLocale } : {}),
            updatedAt: new Date(),
          })
          .where(eq(user.id, signedIn!.userId));
        // The account is not city-owned; each city the person works in records the change.
        await appendAuditForPerson(
          tx as unknown as Db,
          signedIn!.userId,
          { ...auditActor, role: '' },
          {
            action: 'update',
            recordType: 'user',
            recordId: signedIn!.userId,
            fields: [...fields],
          },
        );
      });
    }
    return describeMe(deps, signedIn!, isAdmin(actor));
  });
}
