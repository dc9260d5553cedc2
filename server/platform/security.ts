import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { AppError } from './errors.js';
import { fastifyRateLimitStore, type DbRateLimiter } from './auth/rate-limit.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Scheme, host and port (`https://lpn.example`), or null: http://host and https://host differ. */
export function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Security headers (strict CSP), a global rate limit, and an origin check on every state-changing
 * request: together with SameSite cookies this stops cross-site request forgery.
 */
export async function registerSecurity(
  app: FastifyInstance,
  options: { publicUrl?: string; rateLimitPerMinute: number; rateLimiter: DbRateLimiter },
): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine writes its CSS variables into <style> elements at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: options.publicUrl?.startsWith('https://') ? [] : null,
      },
    },
    hsts: options.publicUrl?.startsWith('https://') ? { maxAge: 31536000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });

  await app.register(rateLimit, {
    global: true,
    max: options.rateLimitPerMinute,
    timeWindow: '1 minute',
    // The app-wide flood guard counts per node in memory; routes with their own limit (the public
    // token routes) count in PostgreSQL, shared by every node (auth/rate-limit.ts).
    store: fastifyRateLimitStore(options.rateLimiter),
    // A database hiccup must not turn into a 500 here; the route itself will answer properly.
    skipOnError: true,
    // Health probes must never be throttled by an orchestrator's polling.
    allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
  });

  const allowedOrigin = options.publicUrl ? originOf(options.publicUrl) : null;
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/')) return;
    const origin = request.headers.origin ?? request.headers.referer;
    // Without a configured public URL, the scheme this request came in on (X-Forwarded-Proto only
    // behind a trusted proxy) and its Host.
    const expected = allowedOrigin ?? originOf(`${request.protocol}://${request.headers.host ?? ''}`);
    if (!origin || !expected || originOf(origin) !== expected) {
      throw new AppError('csrf', 403, 'State-changing requests must come from this application');
    }
  });

  // API answers are personal or about the signed-in person: no browser or proxy cache keeps them
  // (a shared computer's back button, a caching proxy). A route may still say otherwise for
  // anonymous callers; never for a signed-in one.
  app.addHook('onSend', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const signedIn = Boolean(request.headers.cookie) || reply.hasHeader('set-cookie');
    if (signedIn || !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
}
