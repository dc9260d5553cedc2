import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { twoFactor as twoFactorPlugin } from 'better-auth/plugins';
import type { Db } from '../db/index.js';
import { account, session, twoFactor, user, verification } from './auth.table.js';
import { DbRateLimiter } from './rate-limit.js';
import { secondFactorHooks } from './second-factor.js';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export interface AuthOptions {
  db: Db;
  secret: string;
  baseUrl: string;
  trustedOrigins: string[];
  sessionIdleMinutes: number;
  /** Requests per minute per client address on sign-in and 2FA endpoints. */
  signInRateLimit: number;
  /** Where those per-address counts live (PostgreSQL, shared by every node). */
  rateLimiter: DbRateLimiter;
}

/** better-auth's rule for a path, raised to `perMinute` spread over its window when that is higher. */
function followBudget(perMinute: number) {
  return (_request: Request, current: { window: number; max: number }) => ({
    window: current.window,
    max: Math.max(current.max, Math.ceil((perMinute * current.window) / 60)),
  });
}

/** better-auth configured for LPN: e-mail + password, TOTP two-factor, no self sign-up (invitation only). */
export function createAuth(options: AuthOptions) {
  const secure = options.baseUrl.startsWith('https://');
  return betterAuth({
    appName: 'LPN Workspace',
    secret: options.secret,
    baseURL: options.baseUrl,
    basePath: '/api/auth',
    trustedOrigins: options.trustedOrigins,
    database: drizzleAdapter(options.db, {
      provider: 'pg',
      schema: { user, session, account, verification, twoFactor },
    }),
    emailAndPassword: {
      enabled: true,
      // People join a city only through an invitation; see modules/people.
      disableSignUp: true,
      minPasswordLength: PASSWORD_MIN,
      maxPasswordLength: PASSWORD_MAX,
      revokeSessionsOnPasswordReset: true,
    },
    user: {
      additionalFields: { preferredLocale: { type: 'string', required: false } },
    },
    session: {
      // expiresIn is slid forward on use, so it acts as the idle timeout; the absolute limit is
      // enforced on every request by the session resolver (platform/auth/session.ts).
      expiresIn: options.sessionIdleMinutes * 60,
      updateAge: Math.min(300, Math.floor((options.sessionIdleMinutes * 60) / 4)),
      cookieCache: { enabled: false }, // revocation ("sign out everywhere") must take effect at once
    },
    advanced: {
      cookiePrefix: 'lpn',
      useSecureCookies: secure,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax', secure },
      ipAddress: { ipAddressHeaders: ['x-lpn-client-ip'] },
    },
    rateLimit: {
      enabled: true,
      // In PostgreSQL, not this process's memory: every node shares the counts and a restart keeps them.
      customStorage: options.rateLimiter.betterAuthStorage(),
      window: 60,
      max: 300,
      customRules: {
        '/sign-in/email': { window: 60, max: options.signInRateLimit },
        '/two-factor/verify-totp': { window: 60, max: options.signInRateLimit },
        '/two-factor/verify-backup-code': { window: 60, max: options.signInRateLimit },
        // Enrolment checks the password: the same budget as signing in.
        '/two-factor/enable': { window: 60, max: options.signInRateLimit },
        // better-auth's own rules (3 per 10 s) on the other sign-in, 2FA and password paths follow
        // the same budget, never below their own: unchanged at the default 10 a minute, raised only
        // when a test server raises the budget (LPN_SIGN_IN_RATE_LIMIT, e2e/harness.ts).
        '/sign-in/*': followBudget(options.signInRateLimit),
        '/two-factor/*': followBudget(options.signInRateLimit),
        '/change-password': followBudget(options.signInRateLimit),
        '/change-email': followBudget(options.signInRateLimit),
      },
    },
    plugins: [
      twoFactorPlugin({
        issuer: 'LPN Workspace',
        backupCodeOptions: { amount: 10, length: 10 },
        // Its own lock counts consecutive failures forever; ours (throttle.ts, via secondFactorHooks)
        // counts passwords and codes together in a window.
        accountLockout: { enabled: false },
      }),
    ],
    hooks: secondFactorHooks(options.db),
    telemetry: { enabled: false },
    // Its warnings name the failure reason per attempt; our own logs already record outcomes without personal data.
    logger: { level: 'error' },
  });
}
export type Auth = ReturnType<typeof createAuth>;

/**
 * Creates a person with an e-mail + password credential. Public sign-up is off, so invitations,
 * the CLI and the demo seed create accounts through better-auth's own adapter and password hasher.
 */
export async function createUserWithPassword(
  auth: Auth,
  input: { email: string; name: string; password: string },
): Promise<string> {
  const ctx = await auth.$context;
  const created = await ctx.internalAdapter.createUser(
    {
      email: input.email.trim().toLowerCase(),
      name: input.name,
      emailVerified: true,
    },
    { method: 'admin' },
  );
  await ctx.internalAdapter.linkAccount({
    userId: created.id,
    providerId: 'credential',
    accountId: created.id,
    password: await ctx.password.hash(input.password),
  });
  return created.id;
}
