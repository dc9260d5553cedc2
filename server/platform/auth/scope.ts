import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fromNodeHeaders } from 'better-auth/node';
import { and, eq } from 'drizzle-orm';
import type { Role } from '../../../contracts/route.js';
import type { Db } from '../db/index.js';
import type { Auth } from './auth.js';
import { platformAdmin, session, user } from './auth.table.js';
import type { SignedIn } from './plugin.js';
import type { ScopeCache } from './scope-cache.js';
import { city } from '../../modules/cities/cities.table.js';
import { membership } from '../../modules/people/people.table.js';

/** What the request's session says about who is acting, and in the requested city (if any). */
export interface RequestScope {
  signedIn: SignedIn | null;
  /** A platform admin with two-factor sign-in: admin rights need the second factor. */
  isPlatformAdmin: boolean;
  /** A platform admin who has not enrolled two-factor yet: told to, instead of being refused plainly. */
  platformAdminWithout2fa?: boolean;
  /** Present when a city was asked for and exists. */
  city?: { role: Role | null; require2faRoles: string[] };
}

interface SessionCookie {
  name: string;
  secret: string;
  expiresInSeconds: number;
  updateAgeSeconds: number;
}

const cookieSettings = new WeakMap<Auth, Promise<SessionCookie>>();
function sessionCookie(auth: Auth): Promise<SessionCookie> {
  let settings = cookieSettings.get(auth);
  if (!settings) {
    settings = auth.$context.then((ctx) => ({
      name: ctx.authCookies.sessionToken.name,
      secret: ctx.secret,
      expiresInSeconds: ctx.sessionConfig.expiresIn,
      updateAgeSeconds: ctx.sessionConfig.updateAge,
    }));
    cookieSettings.set(auth, settings);
  }
  return settings;
}

/**
 * The session token from better-auth's signed cookie (`<token>.<base64 HMAC-SHA256>`), or null when
 * the cookie is missing or its signature is wrong. Same check better-auth makes, in constant time.
 */
export function verifiedSessionToken(cookieHeader: string | undefined, cookie: SessionCookie): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== cookie.name) continue;
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      return null;
    }
    const dot = value.lastIndexOf('.');
    if (dot < 1) return null;
    const token = value.slice(0, dot);
    const signature = Buffer.from(value.slice(dot + 1), 'base64');
    const expected = crypto.createHmac('sha256', cookie.secret).update(token).digest();
    return signature.length === expected.length && crypto.timingSafeEqual(signature, expected) ? token : null;
  }
  return null;
}

const NO_CITY = '00000000-0000-0000-0000-000000000000';

/** better-auth slides the expiry once `updateAge` has passed since the last slide. */
function refreshIsDue(expiresAt: number, cookie: SessionCookie, now: number): boolean {
  return expiresAt - cookie.expiresInSeconds * 1000 + cookie.updateAgeSeconds * 1000 <= now;
}

/**
 * Resolves session, person, platform-admin flag and (for city routes) membership and city settings in
 * ONE statement: this runs on every request, so it must cost one round trip. better-auth's own
 * getSession runs only when the session is due for its sliding refresh (once per updateAge), so the
 * idle timeout keeps sliding and the refreshed cookie reaches the browser.
 */
export async function resolveRequestScope(
  deps: { db: Db; auth: Auth; sessionAbsoluteHours: number; scopeCache: ScopeCache },
  request: FastifyRequest,
  reply: FastifyReply,
  cityId: string | undefined,
): Promise<RequestScope> {
  const cookie = await sessionCookie(deps.auth);
  const token = verifiedSessionToken(request.headers.cookie, cookie);
  if (!token) return { signedIn: null, isPlatformAdmin: false };
  const wantedCity = cityId ?? NO_CITY;
  const cacheKey = `${token}|${wantedCity}`;
  const now = Date.now();
  const cached = deps.scopeCache.get(cacheKey, now);
  if (
    cached &&
    cached.sessionExpiresAt > now &&
    now - cached.sessionCreatedAt <= deps.sessionAbsoluteHours * 3_600_000 &&
    !refreshIsDue(cached.sessionExpiresAt, cookie, now)
  ) {
    return cached.scope;
  }
  const [row] = await deps.db
    .select({
      sessionId: session.id,
      expiresAt: session.expiresAt,
      createdAt: session.createdAt,
      userId: user.id,
      name: user.name,
      email: user.email,
      twoFactorEnabled: user.twoFactorEnabled,
      preferredLocale: user.preferredLocale,
      adminSince: platformAdmin.createdAt,
      cityId: city.id,
      settings: city.settings,
      role: membership.role,
    })
    .from(session)
    .innerJoin(user, eq(user.id, session.userId))
    .leftJoin(platformAdmin, eq(platformAdmin.userId, session.userId))
    .leftJoin(city, eq(city.id, wantedCity))
    .leftJoin(membership, and(eq(membership.cityId, wantedCity), eq(membership.userId, session.userId)))
    .where(eq(session.token, token));
  if (!row || row.expiresAt.getTime() <= now) return { signedIn: null, isPlatformAdmin: false };
  if (now - row.createdAt.getTime() > deps.sessionAbsoluteHours * 3_600_000) {
    await deps.db.delete(session).where(eq(session.id, row.sessionId));
    return { signedIn: null, isPlatformAdmin: false };
  }
  const refreshed = refreshIsDue(row.expiresAt.getTime(), cookie, now);
  if (refreshed) {
    const headers = fromNodeHeaders(request.headers);
    headers.set('x-lpn-client-ip', request.ip);
    const result = await deps.auth.api.getSession({ headers, returnHeaders: true });
    if (!result.response) return { signedIn: null, isPlatformAdmin: false };
    const cookies = result.headers.getSetCookie();
    if (cookies.length) reply.header('set-cookie', cookies);
  }
  const scope: RequestScope = {
    signedIn: {
      userId: row.userId,
      name: row.name,
      email: row.email,
      twoFactorEnabled: Boolean(row.twoFactorEnabled),
      preferredLocale: row.preferredLocale ?? null,
      sessionId: row.sessionId,
    },
    isPlatformAdmin: Boolean(row.adminSince) && Boolean(row.twoFactorEnabled),
    platformAdminWithout2fa: Boolean(row.adminSince) && !row.twoFactorEnabled,
    city: row.cityId
      ? { role: (row.role as Role | null) ?? null, require2faRoles: row.settings!.require2faRoles }
      : undefined,
  };
  // A just-refreshed session has a new expiry in the database: resolve it afresh next time.
  if (!refreshed) {
    deps.scopeCache.set(cacheKey, {
      scope,
      sessionExpiresAt: row.expiresAt.getTime(),
      sessionCreatedAt: row.createdAt.getTime(),
    });
  }
  return scope;
}
