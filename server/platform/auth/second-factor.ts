import crypto from 'node:crypto';
import { APIError, createAuthMiddleware, getSessionFromCtx } from 'better-auth/api';
import { symmetricDecrypt } from 'better-auth/crypto';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { twoFactor, user } from './auth.table.js';
import { clearSignInFailures, lockedUntil, recordSignInFailure } from './throttle.js';

/** TOTP parameters: better-auth's (and every authenticator app's) defaults. */
export const TOTP_PERIOD_SECONDS = 30;
/** Steps either side of now that better-auth accepts (clock drift). */
const TOTP_WINDOW = 1;

const SECOND_FACTOR_PATHS = new Set(['/two-factor/verify-totp', '/two-factor/verify-backup-code']);

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

function base32Decode(input: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of input.replace(/=+$/, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    if (value < 0) throw new Error('Invalid base32');
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

function hotp(key: Buffer, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const hmac = crypto.createHmac('sha1', key).update(message).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  return String((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * The time step a code belongs to, among those better-auth accepts now, or null when it matches
 * none. better-auth stores the secret as a string used as UTF-8 bytes (or `base32:` for imports).
 */
export function totpStepOf(secret: string, code: string, now = Date.now()): number | null {
  const key = secret.startsWith('base32:') ? base32Decode(secret.slice(7)) : Buffer.from(secret, 'utf8');
  const current = Math.floor(now / 1000 / TOTP_PERIOD_SECONDS);
  const given = Buffer.from(code);
  let found: number | null = null;
  for (let step = current - TOTP_WINDOW; step <= current + TOTP_WINDOW; step++) {
    const expected = Buffer.from(hotp(key, step));
    // Every candidate is compared in constant time; keep the latest match.
    if (given.length === expected.length && crypto.timingSafeEqual(given, expected)) found = step;
  }
  return found;
}

/** Who is verifying a second factor: the signed-in person (enrolment) or the one half-way through sign-in. */
async function personVerifying(ctx: HookContext): Promise<{ id: string; email: string } | null> {
  const signedIn = await getSessionFromCtx(ctx).catch(() => null);
  if (signedIn) return { id: signedIn.user.id, email: signedIn.user.email };
  // The pending sign-in: better-auth's signed two_factor cookie names a verification row holding the user id.
  const cookie = ctx.context.createAuthCookie('two_factor');
  const challenge = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
  if (!challenge) return null;
  const verification = await ctx.context.internalAdapter.findVerificationValue(challenge);
  if (!verification) return null;
  const person = await ctx.context.internalAdapter.findUserById(verification.value);
  return person ? { id: person.id, email: person.email } : null;
}

function retryAfterSeconds(until: Date): string {
  return String(Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000)));
}

/**
 * better-auth hooks around the second factor (the twoFactor plugin has no option for either):
 * - a TOTP code is accepted once: the step it belongs to is claimed in the same statement that checks
 *   it is later than the last accepted one (RFC 6238 §5.2), so two concurrent uses cannot both pass;
 * - failed codes count toward the same windowed per-account lockout as failed passwords, and a
 *   locked account is refused before any code is checked (429 with Retry-After).
 * Enrolment confirms with the same endpoint, so it is covered too.
 */
export function secondFactorHooks(db: Db) {
  return {
    before: createAuthMiddleware(async (ctx) => {
      if (!SECOND_FACTOR_PATHS.has(ctx.path)) return;
      const person = await personVerifying(ctx);
      if (!person) return; // better-auth refuses it with its own error
      const until = await lockedUntil(db, person.email);
      if (until) {
        throw new APIError(
          'TOO_MANY_REQUESTS',
          { code: 'ACCOUNT_LOCKED', message: 'Too many failed sign-ins; try again later' },
          { 'Retry-After': retryAfterSeconds(until) },
        );
      }
      if (ctx.path !== '/two-factor/verify-totp') return;
      const code = (ctx.body as { code?: unknown } | undefined)?.code;
      if (typeof code !== 'string') return;
      const [row] = await db.select().from(twoFactor).where(eq(twoFactor.userId, person.id));
      if (!row) return;
      const secret = await symmetricDecrypt({ key: ctx.context.secretConfig, data: row.secret });
      const step = totpStepOf(secret, code);
      if (step === null) return; // a wrong code: better-auth refuses and the after hook counts it
      const claimed = await db
        .update(twoFactor)
        .set({ lastTotpStep: step })
        .where(
          and(eq(twoFactor.id, row.id), or(isNull(twoFactor.lastTotpStep), lt(twoFactor.lastTotpStep, step))),
        )
        .returning({ id: twoFactor.id });
      if (!claimed.length) {
        throw new APIError('UNAUTHORIZED', {
          code: 'TOTP_CODE_ALREADY_USED',
          message: 'This code was already used; wait for the next one',
        });
      }
    }),
    after: createAuthMiddleware(async (ctx) => {
      if (!SECOND_FACTOR_PATHS.has(ctx.path)) return;
      const returned = ctx.context.returned;
      const failed = returned instanceof APIError && returned.statusCode === 401;
      if (failed) {
        const person = await personVerifying(ctx);
        if (person) await recordSignInFailure(db, person.email);
      } else if (!(returned instanceof Error)) {
        const userId = (returned as { user?: { id?: string } } | undefined)?.user?.id;
        if (!userId) return;
        const [row] = await db.select({ email: user.email }).from(user).where(eq(user.id, userId));
        if (row) await clearSignInFailures(db, row.email);
      }
    }),
  };
}
