import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { AppError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
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
  options: { publicUrl?: string; rateLimitPerMinute: number },
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
    // Health probes must never be throttled by an orchestrator's polling.
    allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
  });

  const allowedHost = options.publicUrl ? hostOf(options.publicUrl) : null;
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/')) return;
    const origin = request.headers.origin ?? request.headers.referer;
    const expected = allowedHost ?? hostOf(`http://${request.headers.host ?? ''}`);
    if (!origin || !expected || hostOf(origin) !== expected) {
      throw new AppError('csrf', 403, 'State-changing requests must come from this application');
    }
  });
}
