import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { signInThrottle } from './auth.table.js';

/** Failed sign-ins (passwords and second-factor codes) within the window that lock an account. */
export const LOCKOUT_AFTER_FAILURES = 5;
/** The window failures are counted in; it starts at the first failure, so old failures expire. */
export const FAILURE_WINDOW_MINUTES = 15;
/** How long a lock lasts; `lpn unlock-account` lifts it earlier. */
export const LOCKOUT_MINUTES = 15;

/** The key sign-in failures are counted under: a hash, so the throttle table holds no e-mail addresses. */
export function accountKey(email: string): string {
  return crypto.createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}

/** Whether this e-mail is temporarily locked out after repeated failures; returns the unlock time. */
export async function lockedUntil(db: Db, email: string, now = Date.now()): Promise<Date | null> {
  const [row] = await db
    .select()
    .from(signInThrottle)
    .where(eq(signInThrottle.accountKey, accountKey(email)));
  return row?.lockedUntil && row.lockedUntil.getTime() > now ? row.lockedUntil : null;
}

/**
 * Counts a failed sign-in. Failures are counted in a window of FAILURE_WINDOW_MINUTES from the
 * first one; the LOCKOUT_AFTER_FAILURES-th inside it locks the account key for LOCKOUT_MINUTES.
 * A failure after the window starts a new count, so mistakes months apart never add up to a lock.
 */
export async function recordSignInFailure(db: Db, email: string, now = Date.now()): Promise<void> {
  const key = accountKey(email);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(signInThrottle)
      .where(eq(signInThrottle.accountKey, key))
      .for('update');
    const windowOpen =
      row?.windowStartedAt && row.windowStartedAt.getTime() + FAILURE_WINDOW_MINUTES * 60_000 > now;
    const failures = windowOpen ? row.failures + 1 : 1;
    const lock = failures >= LOCKOUT_AFTER_FAILURES ? new Date(now + LOCKOUT_MINUTES * 60_000) : null;
    const values = {
      failures: lock ? 0 : failures,
      windowStartedAt: lock ? null : windowOpen ? row.windowStartedAt : new Date(now),
      lockedUntil: lock ?? row?.lockedUntil ?? null,
      updatedAt: new Date(now),
    };
    if (row) await tx.update(signInThrottle).set(values).where(eq(signInThrottle.accountKey, key));
    else await tx.insert(signInThrottle).values({ accountKey: key, ...values });
  });
}

/** Forgets the failures and any lock of this e-mail: after a full sign-in, or by `lpn unlock-account`. */
export async function clearSignInFailures(db: Db, email: string): Promise<boolean> {
  const removed = await db
    .delete(signInThrottle)
    .where(eq(signInThrottle.accountKey, accountKey(email)))
    .returning({ key: signInThrottle.accountKey });
  return removed.length > 0;
}
