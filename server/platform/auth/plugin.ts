import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fromNodeHeaders } from 'better-auth/node';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { appendAuditForPerson } from '../audit/audit.js';
import { user } from './auth.table.js';
import { resolveRequestScope } from './scope.js';
import type { ScopeCache } from './scope-cache.js';
import { AppError } from '../errors.js';
import type { Auth } from './auth.js';
import { clearSignInFailures, lockedUntil, recordSignInFailure } from './throttle.js';

export interface SignedIn {
  userId: string;
  name: string;
  email: string;
  twoFactorEnabled: boolean;
  preferredLocale: string | null;
  sessionId: string;
}

function headersFor(request: FastifyRequest): Headers {
  const headers = fromNodeHeaders(request.headers);
  // better-auth rate-limits by client address; give it the one Fastify trusts, never a client-set header.
  headers.set('x-lpn-client-ip', request.ip);
  return headers;
}

/** Account changes made through better-auth that each of the person's cities must see in its audit log. */
const accountChanges: Record<string, { action: string; fields: string[] }> = {
  '/api/auth/change-password': { action: 'update', fields: ['password'] },
  '/api/auth/two-factor/disable': { action: 'disable-2fa', fields: ['twoFactor'] },
  // Enrolment completes with the first code; recorded only when it turned two-factor on (see below).
  '/api/auth/two-factor/verify-totp': { action: 'enable-2fa', fields: ['twoFactor'] },
  '/api/auth/revoke-sessions': { action: 'revoke', fields: ['sessions'] },
};

async function auditAccountChange(
  db: Db,
  request: FastifyRequest,
  before: SignedIn,
  change: { action: string; fields: string[] },
): Promise<void> {
  if (change.action === 'enable-2fa') {
    if (before.twoFactorEnabled) return; // an ordinary second-factor check, not an enrolment
    const [row] = await db.select({ on: user.twoFactorEnabled }).from(user).where(eq(user.id, before.userId));
    if (!row?.on) return;
  }
  await db.transaction((tx) =>
    appendAuditForPerson(
      tx as unknown as Db,
      before.userId,
      { userId: before.userId, role: '', requestId: request.id },
      {
        action: change.action,
        recordType: 'user',
        recordId: before.userId,
        fields: change.fields,
      },
    ),
  );
}

/** better-auth's JSON answer, or null (an empty or non-JSON body). */
function parseAuthBody(text: string): { code?: string; twoFactorRedirect?: boolean } | null {
  try {
    return JSON.parse(text) as { code?: string; twoFactorRedirect?: boolean } | null;
  } catch {
    return null;
  }
}

/** Seconds until `until`, for a Retry-After header (at least 1). */
function secondsUntil(until: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
}

/**
 * Mounts better-auth under /api/auth and resolves the session of every request on demand.
 * Sign-in gets an extra per-account lockout: five failures (passwords or second-factor codes) within
 * 15 minutes lock the e-mail for 15 minutes, whatever address the attempts come from (better-auth's
 * own limit is per address). Every 429 says when to retry in a standard Retry-After header.
 */
export async function registerAuth(
  app: FastifyInstance,
  options: { auth: Auth; db: Db; baseUrl: string; sessionAbsoluteHours: number; scopeCache: ScopeCache },
): Promise<void> {
  const { auth, db } = options;

  app.route({
    method: ['GET', 'POST'],
    url: '/api/auth/*',
    schema: { hide: true },
    async handler(request, reply) {
      const url = new URL(request.url, options.baseUrl);
      const isPasswordSignIn = request.method === 'POST' && url.pathname === '/api/auth/sign-in/email';
      const email =
        isPasswordSignIn && typeof (request.body as { email?: unknown })?.email === 'string'
          ? (request.body as { email: string }).email
          : null;
      const until = email ? await lockedUntil(db, email) : null;
      if (until) {
        reply.header('retry-after', String(secondsUntil(until)));
        throw new AppError('locked-out', 429, 'Too many failed sign-ins; try again later');
      }
      const audited = request.method === 'POST' ? accountChanges[url.pathname] : undefined;
      const before = audited
        ? (await resolveRequestScope(options, request, reply, undefined)).signedIn
        : null;
      const response = await auth.handler(
        new Request(url, {
          method: request.method,
          headers: headersFor(request),
          body:
            request.method === 'POST' && request.body !== undefined
              ? JSON.stringify(request.body)
              : undefined,
        }),
      );
      const text = await response.text();
      const parsed = parseAuthBody(text);
      if (email) {
        if (response.status === 401) await recordSignInFailure(db, email);
        // A password that leads to the second-factor step is not yet a sign-in: clearing here would
        // let someone who knows the password reset the count of their guessed codes.
        else if (response.ok && !parsed?.twoFactorRedirect) await clearSignInFailures(db, email);
      }
      if (audited && before && response.ok) await auditAccountChange(db, request, before, audited);
      reply.status(response.status);
      response.headers.forEach((value, key) => {
        if (key !== 'set-cookie' && key !== 'content-length' && key !== 'x-retry-after')
          reply.header(key, value);
      });
      // better-auth's rate limiter says X-Retry-After; clients and proxies understand Retry-After.
      const retryAfter = response.headers.get('retry-after') ?? response.headers.get('x-retry-after');
      if (response.status === 429) reply.header('retry-after', retryAfter ?? '60');
      // Headers.forEach folds Set-Cookie; copy each cookie across on its own.
      const cookies = response.headers.getSetCookie();
      if (cookies.length) reply.header('set-cookie', cookies);
      // better-auth answers a database error with its own 500 and keeps the cause to itself: when
      // the database cannot be reached, this probe throws and the error handler says 503 as for
      // every other route.
      if (response.status >= 500) await db.execute(sql`select 1`);
      if (response.status >= 400) {
        // better-auth's own error codes (e.g. INVALID_EMAIL_OR_PASSWORD) are safe and useful to the client.
        const detail = parsed?.code;
        const code =
          response.status === 429
            ? detail === 'ACCOUNT_LOCKED'
              ? 'locked-out'
              : 'rate-limited'
            : response.status === 401
              ? 'unauthenticated'
              : 'bad-request';
        throw new AppError(code, response.status, detail);
      }
      return reply.send(text);
    },
  });
}
