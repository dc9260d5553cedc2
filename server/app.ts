import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import type { AppConfig } from './platform/config.js';
import type { Database } from './platform/db/index.js';
import type { MasterKeyring } from './platform/crypto/crypto.js';
import { CityKeys } from './platform/crypto/keys.js';
import { registerApiDocs } from './platform/api-docs.js';
import { createAuth } from './platform/auth/auth.js';
import { DbRateLimiter } from './platform/auth/rate-limit.js';
import { registerAuth } from './platform/auth/plugin.js';
import { listenForScopeChanges, ScopeCache } from './platform/auth/scope-cache.js';
import { createMailer, type Mailer } from './platform/mail/mailer.js';
import { frameworkErrors, registerErrorHandling, sendProblem, validatorCompiler } from './platform/http.js';
import { registerSecurity } from './platform/security.js';
import { registerWebApp } from './platform/web.js';
import { AppLogController, appLoggerOptions } from './platform/logging.js';
import type { AppDeps } from './platform/deps.js';
import { modules } from './modules/index.js';

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/web');

export interface BuildOptions {
  config: AppConfig;
  database: Database;
  keyring: MasterKeyring;
  mailer?: Mailer;
  /** Pino options (level, destination), or false for silence in tests; serialisers and redaction are the app's. */
  logger?: FastifyServerOptions['logger'];
  /** Requests per minute per client address (global). */
  rateLimitPerMinute?: number;
  /** Sign-in attempts per minute per client address. */
  signInRateLimit?: number;
}

export { logRedact } from './platform/logging.js';

/** The whole application as one Fastify instance; main.ts adds only process concerns (listen, signals). */
export async function buildApp(options: BuildOptions): Promise<{ app: FastifyInstance; deps: AppDeps }> {
  const { config, database } = options;
  const baseUrl = config.publicUrl ?? `http://localhost:${config.port}`;
  const app = Fastify({
    // What a log line holds is decided in platform/logging.ts, whatever the caller passed.
    logger: appLoggerOptions(options.logger),
    logController: new AppLogController(),
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    trustProxy: Boolean(process.env.LPN_TRUST_PROXY),
    routerOptions: { ignoreTrailingSlash: true },
    // A too-long path parameter or a malformed URL is problem+json too (platform/http.ts).
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  const authSecret =
    config.authSecret ??
    crypto.createHash('sha256').update(options.keyring.current.key).update('auth').digest('hex');
  // Per-address limits that guard secrets (sign-in, 2FA, public tokens) count in the database.
  const rateLimiter = new DbRateLimiter(database.db, authSecret);
  const auth = createAuth({
    db: database.db,
    secret: authSecret,
    rateLimiter,
    baseUrl,
    // Without a configured public URL the app answers on localhost and 127.0.0.1 alike.
    trustedOrigins: config.publicUrl
      ? [baseUrl]
      : [baseUrl, `http://127.0.0.1:${config.port}`, `http://[::1]:${config.port}`],
    sessionIdleMinutes: config.sessionIdleMinutes,
    signInRateLimit: options.signInRateLimit ?? 10,
  });
  const deps: AppDeps = {
    config,
    database,
    db: database.db,
    auth,
    keyring: options.keyring,
    keys: new CityKeys(database.db, options.keyring),
    mailer: options.mailer ?? createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom }),
    sessionAbsoluteHours: config.sessionAbsoluteHours,
    scopeCache: new ScopeCache(config.sessionCacheMs),
  };
  const stopListening = await listenForScopeChanges(database, deps.scopeCache, (level, message) =>
    app.log[level](message),
  );
  app.addHook('onClose', async () => stopListening());
  // A node drops its cached scopes before answering any change it made itself, so the same client's
  // next request never sees the old state (other nodes hear it from the database notification).
  app.addHook('onSend', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'OPTIONS')
      deps.scopeCache.clear();
  });

  registerErrorHandling(app);
  await registerSecurity(app, {
    publicUrl: config.publicUrl,
    rateLimitPerMinute: options.rateLimitPerMinute ?? 600,
    rateLimiter,
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'LPN Workspace API',
        version: '0.1.0',
        description:
          'Errors are RFC 9457 problem+json with a translated title (Accept-Language). Lists use cursor ' +
          "pagination: pass `limit` (1–100) and the previous page's `nextCursor` as `cursor`. Sign in through " +
          '/api/auth (better-auth); the session is an httpOnly cookie. State-changing requests must carry an ' +
          'Origin header of this application.',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'lpn.session_token' } },
      },
    },
    transform: jsonSchemaTransform,
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await registerApiDocs(app);

  await registerAuth(app, {
    auth,
    db: database.db,
    baseUrl,
    sessionAbsoluteHours: config.sessionAbsoluteHours,
    scopeCache: deps.scopeCache,
  });
  for (const register of modules) await register(app, deps);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  // Load balancers take a node out while its database is unreachable: 503 within the pool's connect
  // timeout (no hang), and back to 200 with the database, without restarting the app.
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    try {
      await database.db.execute(sql`select 1`);
      return { status: 'ready', database: database.kind };
    } catch {
      // The same problem+json (with Retry-After) as API calls get, without an error log per probe.
      return sendProblem(request, reply, 503, 'service-unavailable');
    }
  });

  if (fs.existsSync(path.join(webDist, 'index.html'))) await registerWebApp(app, webDist);

  return { app, deps };
}
