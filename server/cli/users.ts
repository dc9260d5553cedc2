import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { roleSchema } from '../../contracts/route.js';
import { createUserWithPassword, PASSWORD_MAX, PASSWORD_MIN } from '../platform/auth/auth.js';
import { clearSignInFailures, lockedUntil } from '../platform/auth/throttle.js';
import { platformAdmin, session, twoFactor, user } from '../platform/auth/auth.table.js';
import { appendAudit } from '../platform/audit/audit.js';
import type { Db } from '../platform/db/index.js';
import { membership } from '../modules/people/people.table.js';
import { city } from '../modules/cities/cities.table.js';
import { parseInput } from './cities.js';
import { cityBySlug, cliAuditActor, CliError, ok, type CliContext, type CliResult } from './context.js';

const createUserInput = z
  .object({
    email: z.email().max(254),
    name: z.string().trim().min(1).max(200),
    password: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX).optional(),
    city: z.string().optional(),
    role: roleSchema.optional(),
    organisation: z.string().trim().max(200).optional(),
    platformAdmin: z.boolean().default(false),
  })
  .refine((v) => Boolean(v.city) === Boolean(v.role), {
    message: '--city and --role go together',
    path: ['role'],
  });

export interface CreateUserArgs {
  email?: string;
  name?: string;
  password?: string;
  city?: string;
  role?: string;
  organisation?: string;
  platformAdmin?: boolean;
}

/** A password an operator can pass on once: 24 characters from 144 random bits. */
export function generatePassword(): string {
  return crypto.randomBytes(18).toString('base64url');
}

/**
 * `lpn create-user`: an account with a password (given or generated), optionally a role in one city
 * (audited there) and/or platform-admin rights.
 */
export async function createUserCommand(ctx: CliContext, args: CreateUserArgs): Promise<CliResult> {
  const input = parseInput(createUserInput, { ...args, platformAdmin: Boolean(args.platformAdmin) });
  const email = input.email.trim().toLowerCase();
  const [existing] = await ctx.deps.db.select({ id: user.id }).from(user).where(eq(user.email, email));
  if (existing)
    throw new CliError('An account with this e-mail already exists (use `lpn invite` to add it to a city)');
  const target = input.city ? await cityBySlug(ctx.deps, input.city) : null;
  const password = input.password ?? generatePassword();
  const userId = await createUserWithPassword(ctx.deps.auth, { email, name: input.name, password });
  if (target && input.role) {
    await ctx.deps.db.transaction(async (tx) => {
      await tx
        .insert(membership)
        .values({ cityId: target.id, userId, role: input.role!, organisation: input.organisation ?? null });
      await appendAudit(tx as unknown as Db, target.id, cliAuditActor('create-user'), {
        action: 'create',
        recordType: 'membership',
        recordId: userId,
        fields: ['role', 'organisation'],
      });
    });
  }
  if (input.platformAdmin) await ctx.deps.db.insert(platformAdmin).values({ userId });
  const lines = [`Created account ${userId}`];
  if (target) lines.push(`  role in "${target.name}": ${input.role}`);
  if (input.platformAdmin) lines.push('  platform admin: yes');
  if (!input.password) lines.push(`  generated password (shown once, pass it on securely): ${password}`);
  return ok(lines.join('\n'));
}

/**
 * `lpn reset-2fa`: for a person who lost their authenticator. Removes the TOTP secret and recovery
 * codes, signs them out everywhere, and records it in every city they belong to — one transaction.
 */
export async function reset2faCommand(ctx: CliContext, args: { email?: string }): Promise<CliResult> {
  const { email } = parseInput(z.object({ email: z.email() }), { email: args.email?.trim().toLowerCase() });
  const [person] = await ctx.deps.db.select({ id: user.id }).from(user).where(eq(user.email, email));
  if (!person) throw new CliError('No account with this e-mail');
  const result = await ctx.deps.db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const removed = await tx
      .delete(twoFactor)
      .where(eq(twoFactor.userId, person.id))
      .returning({ id: twoFactor.id });
    await tx
      .update(user)
      .set({ twoFactorEnabled: false, updatedAt: new Date() })
      .where(eq(user.id, person.id));
    const sessions = await tx
      .delete(session)
      .where(eq(session.userId, person.id))
      .returning({ id: session.id });
    const cities = await tx
      .select({ id: city.id, name: city.name })
      .from(membership)
      .innerJoin(city, eq(city.id, membership.cityId))
      .where(eq(membership.userId, person.id));
    for (const c of cities) {
      await appendAudit(tx, c.id, cliAuditActor('reset-2fa'), {
        action: 'reset-2fa',
        recordType: 'user',
        recordId: person.id,
        fields: ['twoFactor', 'sessions'],
      });
    }
    return { removed: removed.length, sessions: sessions.length, cities };
  });
  // Other nodes drop the revoked sessions when the database's notification reaches them; this
  // process drops its own cached ones now, as the app does after a change it made itself.
  ctx.deps.scopeCache.clear();
  return ok(
    [
      `Two-factor sign-in reset for account ${person.id}`,
      `  authenticator ${result.removed ? 'removed' : 'was not set up'}; ${result.sessions} session(s) revoked`,
      result.cities.length
        ? `  recorded in the audit log of: ${result.cities.map((c) => c.name).join(', ')}`
        : '  (no city membership, so no city audit log to record it in)',
      '  They set up two-factor sign-in again at their next sign-in where their role requires it.',
    ].join('\n'),
  );
}

/**
 * `lpn unlock-account`: lifts a sign-in lockout (failed passwords or codes) before it runs out, and
 * forgets the failures counted so far. Recorded in the audit log of every city the person is in.
 */
export async function unlockAccountCommand(ctx: CliContext, args: { email?: string }): Promise<CliResult> {
  const { email } = parseInput(z.object({ email: z.email() }), { email: args.email?.trim().toLowerCase() });
  const [person] = await ctx.deps.db.select({ id: user.id }).from(user).where(eq(user.email, email));
  if (!person) throw new CliError('No account with this e-mail');
  const wasLocked = await lockedUntil(ctx.deps.db, email);
  const result = await ctx.deps.db.transaction(async (txn) => {
    const tx = txn as unknown as Db;
    const cleared = await clearSignInFailures(tx, email);
    const cities = await tx
      .select({ id: city.id, name: city.name })
      .from(membership)
      .innerJoin(city, eq(city.id, membership.cityId))
      .where(eq(membership.userId, person.id));
    if (cleared) {
      for (const c of cities) {
        await appendAudit(tx, c.id, cliAuditActor('unlock-account'), {
          action: 'unlock-account',
          recordType: 'user',
          recordId: person.id,
          fields: ['signInLockout'],
        });
      }
    }
    return { cleared, cities };
  });
  if (!result.cleared) return ok(`Account ${person.id} was not locked and had no failed sign-ins counted.`);
  return ok(
    [
      wasLocked
        ? `Unlocked account ${person.id} (it was locked until ${wasLocked.toISOString()}); failed sign-ins forgotten`
        : `Account ${person.id} was not locked; its failed sign-ins counted so far are forgotten`,
      result.cities.length
        ? `  recorded in the audit log of: ${result.cities.map((c) => c.name).join(', ')}`
        : '  (no city membership, so no city audit log to record it in)',
      '  Limits per client address (a minute each) still apply.',
    ].join('\n'),
  );
}
