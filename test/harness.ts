import crypto from 'node:crypto';
import fs from 'node:fs';
import pg from 'pg';
import type { FastifyInstance, FastifyServerOptions, InjectOptions, LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import { buildApp } from '../server/app.js';
import { configSchema } from '../server/platform/config.js';
import { openDatabase, withDefaultUser, type Database } from '../server/platform/db/index.js';
import { makeKeyring, masterKeyFromBase64 } from '../server/platform/crypto/crypto.js';
import type { AppDeps } from '../server/platform/deps.js';
import { createUserWithPassword } from '../server/platform/auth/auth.js';
import { platformAdmin } from '../server/platform/auth/auth.table.js';
import { createCity } from '../server/modules/cities/cities.service.js';
import { city as cityTable } from '../server/modules/cities/cities.table.js';
import { membership } from '../server/modules/people/people.table.js';
import type { Role } from '../contracts/route.js';
import type { Mailer } from '../server/platform/mail/mailer.js';
import { totpFromUri } from './totp.js';

export const ORIGIN = 'http://localhost:80';
export const PASSWORD = 'correct-horse-battery-staple';

let databaseCounter = 0;

/** The last TOTP time step each authenticator (otpauth URI) has used: the app accepts each step once. */
const usedTotpSteps = new Map<string, number>();

/**
 * A code the app has not seen yet: the current step, or the next one (the app accepts one step of
 * clock drift). More than two second-factor sign-ins within one 30-second step need a later clock
 * (`vi.setSystemTime`), as a person would need to wait for their authenticator.
 */
export function unusedTotp(totpUri: string): string {
  const current = Math.floor(Date.now() / 30_000);
  const step = Math.max(current, (usedTotpSteps.get(totpUri) ?? -Infinity) + 1);
  if (step > current + 1) throw new Error('No unused TOTP step left now: advance the clock');
  usedTotpSteps.set(totpUri, step);
  return totpFromUri(totpUri, step * 30_000);
}

/** A fresh database for one test file: a clone of the run's migrated template. */
export async function freshDatabase(): Promise<Database> {
  const template = process.env.LPN_TEST_PG_TEMPLATE;
  if (template && process.env.DATABASE_URL) {
    const name = `lpn_t_${process.env.LPN_TEST_RUN}_${process.pid}_${databaseCounter++}`;
    const admin = new pg.Client({ connectionString: withDefaultUser(process.env.DATABASE_URL!) });
    await admin.connect();
    await admin.query(`create database ${name} template ${template}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
    const close = database.close;
    return {
      ...database,
      close: async () => {
        await close();
        const dropper = new pg.Client({ connectionString: withDefaultUser(process.env.DATABASE_URL!) });
        await dropper.connect();
        // pool.end() resolves before its sockets have closed; dropping "with (force)" at once would
        // terminate those backends and their clients would throw an unhandled 57P01. Wait for them.
        for (let i = 0; i < 100; i++) {
          const { rows } = await dropper.query<{ n: number }>(
            'select count(*)::int as n from pg_stat_activity where datname = $1',
            [name],
          );
          if (rows[0].n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        await dropper.query(`drop database if exists ${name} with (force)`);
        await dropper.end();
      },
    };
  }
  const file = process.env.LPN_TEST_PGLITE_TEMPLATE;
  if (!file) throw new Error('Run tests through vitest (test/global-setup.ts prepares the template)');
  return openDatabase({ kind: 'pglite', loadDataDir: new Blob([fs.readFileSync(file)]) });
}

export interface SentMail {
  to: string;
  subject: string;
  text: string;
}

export interface TestApp {
  app: FastifyInstance;
  deps: AppDeps;
  database: Database;
  mail: SentMail[];
  close(): Promise<void>;
  /** inject() with the browser's Origin header (state-changing requests need it) and an optional session cookie. */
  call(options: InjectOptions & { cookie?: string }): Promise<LightMyRequestResponse>;
  /** Creates a person with a password (and optionally a role in a city); returns their id. */
  createPerson(input: {
    email: string;
    name?: string;
    cityId?: string;
    role?: Role;
    platformAdmin?: boolean;
  }): Promise<string>;
  createCity(slug: string, options?: { require2faRoles?: Role[] }): Promise<string>;
  /** Signs in with e-mail + password (and TOTP when enrolled); returns the cookie header value. */
  signIn(email: string, options?: { password?: string; totpUri?: string }): Promise<string>;
  /** Enrols TOTP for a signed-in person; returns the otpauth URI and recovery codes. */
  enrol2fa(
    cookie: string,
    password?: string,
  ): Promise<{ totpUri: string; backupCodes: string[]; cookie: string }>;
}

export function cookieHeader(response: LightMyRequestResponse, previous = ''): string {
  const jar = new Map<string, string>();
  for (const part of previous.split('; ').filter(Boolean)) {
    const [name, ...rest] = part.split('=');
    jar.set(name, rest.join('='));
  }
  const setCookies = response.headers['set-cookie'];
  for (const raw of Array.isArray(setCookies) ? setCookies : setCookies ? [setCookies] : []) {
    const [pair, ...attributes] = raw.split(';');
    const [name, ...rest] = pair.trim().split('=');
    const expired = attributes.some((a) => /max-age=0/i.test(a.trim()));
    if (expired || rest.join('=') === '') jar.delete(name);
    else jar.set(name, rest.join('='));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** One hash of each password per test process, and verify() results by (hash, password). */
const hashes = new Map<string, Promise<string>>();
const verdicts = new Map<string, Promise<boolean>>();

/**
 * Password hashing is scrypt with 32 MB and about 0.2 s of CPU per call (seconds on a loaded
 * machine), and the tests create, sign in and enrol hundreds of people with the same password.
 * verify() is a pure function of (hash, password), so remembering its answers changes no outcome;
 * a remembered hash() is still a real salted scrypt hash of that password (only the salt is shared).
 * Every wrong password is still checked by scrypt the first time it is seen.
 */
async function memoisePasswordHashing(deps: AppDeps): Promise<void> {
  const { password } = await deps.auth.$context;
  const hash = password.hash.bind(password);
  const verify = password.verify.bind(password);
  password.hash = (plain) => {
    let known = hashes.get(plain);
    if (!known) hashes.set(plain, (known = hash(plain)));
    return known;
  };
  password.verify = (input) => {
    const key = `${input.hash}\u0000${input.password}`;
    let known = verdicts.get(key);
    if (!known) verdicts.set(key, (known = verify(input)));
    return known;
  };
}

/** Builds the real app on a fresh database, as production does, with no port. */
export async function createTestApp(
  options: {
    signInRateLimit?: number;
    rateLimitPerMinute?: number;
    logger?: FastifyServerOptions['logger'];
    sessionCacheMs?: number;
    /** Another app node on the same database (for cross-node behaviour); closing leaves the database open. */
    shareDatabaseWith?: TestApp;
    /** A database the test opened itself (e.g. its own PostgreSQL cluster); closing leaves it open. */
    database?: Database;
  } = {},
): Promise<TestApp> {
  const database = options.database ?? options.shareDatabaseWith?.database ?? (await freshDatabase());
  const mail: SentMail[] = [];
  const mailer: Mailer = {
    configured: true,
    async send(message) {
      mail.push(message);
      return true;
    },
  };
  const config = configSchema.parse({
    port: 80,
    seedDemo: 'false',
    keyFile: '/nonexistent',
    sessionCacheMs: options.sessionCacheMs,
  });
  const keyring = makeKeyring(
    masterKeyFromBase64(process.env.LPN_TEST_MASTER_KEY ?? crypto.randomBytes(32).toString('base64')),
  );
  const { app, deps } = await buildApp({
    config,
    database,
    keyring,
    mailer,
    logger: options.logger,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 100_000,
    signInRateLimit: options.signInRateLimit ?? 10_000,
  });
  await app.ready();
  await memoisePasswordHashing(deps);

  const call: TestApp['call'] = ({ cookie, headers, ...rest }) =>
    app.inject({ ...rest, headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}), ...headers } });

  const testApp: TestApp = {
    app,
    deps,
    database,
    mail,
    call,
    async close() {
      await app.close();
      if (!options.shareDatabaseWith && !options.database) await database.close();
    },
    async createPerson({ email, name, cityId, role, platformAdmin: isAdmin }) {
      const userId = await createUserWithPassword(deps.auth, {
        email,
        name: name ?? email.split('@')[0],
        password: PASSWORD,
      });
      if (cityId && role) await deps.db.insert(membership).values({ cityId, userId, role });
      if (isAdmin) await deps.db.insert(platformAdmin).values({ userId });
      return userId;
    },
    async createCity(slug, cityOptions = {}) {
      const created = await createCity(
        deps,
        { userId: '', isPlatformAdmin: true },
        { userId: null, role: 'platform_admin' },
        { name: `City ${slug}`, slug, defaultLocale: 'en' },
      );
      if (cityOptions.require2faRoles) {
        await deps.db
          .update(cityTable)
          .set({ settings: { require2faRoles: cityOptions.require2faRoles } })
          .where(eq(cityTable.id, created.city.id));
      }
      return created.city.id;
    },
    async signIn(email, signInOptions = {}) {
      const response = await call({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        payload: { email, password: signInOptions.password ?? PASSWORD },
      });
      if (response.statusCode !== 200)
        throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
      let cookie = cookieHeader(response);
      if (response.json().twoFactorRedirect) {
        if (!signInOptions.totpUri) throw new Error('2FA required but no TOTP URI given');
        const verified = await call({
          method: 'POST',
          url: '/api/auth/two-factor/verify-totp',
          cookie,
          payload: { code: unusedTotp(signInOptions.totpUri) },
        });
        if (verified.statusCode !== 200) throw new Error(`TOTP failed: ${verified.body}`);
        cookie = cookieHeader(verified, cookie);
      }
      return cookie;
    },
    async enrol2fa(cookie, password = PASSWORD) {
      const enabled = await call({
        method: 'POST',
        url: '/api/auth/two-factor/enable',
        cookie,
        payload: { password },
      });
      if (enabled.statusCode !== 200) throw new Error(`enable 2FA failed: ${enabled.body}`);
      const { totpURI, backupCodes } = enabled.json() as { totpURI: string; backupCodes: string[] };
      let jar = cookieHeader(enabled, cookie);
      const verified = await call({
        method: 'POST',
        url: '/api/auth/two-factor/verify-totp',
        cookie: jar,
        payload: { code: unusedTotp(totpURI) },
      });
      if (verified.statusCode !== 200) throw new Error(`confirm 2FA failed: ${verified.body}`);
      jar = cookieHeader(verified, jar);
      return { totpUri: totpURI, backupCodes, cookie: jar };
    },
  };
  return testApp;
}
