import crypto from 'node:crypto';
import { lt, sql } from 'drizzle-orm';
import type { FastifyRateLimitStore } from '@fastify/rate-limit';
import type { Db } from '../db/index.js';
import { rateLimit } from './auth.table.js';

/** How often (in hits, per process) expired rows are pruned: cheap, and the table stays small. */
const PRUNE_EVERY = 500;

/**
 * Fixed-window request counters in PostgreSQL, shared by every app node and kept across restarts.
 * Keys are HMAC-SHA256 under the app's secret, so a client address (part of every key) is never
 * stored, and cannot be recovered by hashing all IPv4 addresses either.
 */
export class DbRateLimiter {
  private hits = 0;

  constructor(
    private readonly db: Db,
    private readonly secret: string,
  ) {}

  /** The stored form of a key: an HMAC, never the address in it. */
  hashKey(key: string): string {
    return crypto.createHmac('sha256', this.secret).update(`rate-limit:${key}`).digest('base64url');
  }

  /** Counts one hit in the key's current window (one atomic statement); returns the count and when the window ends. */
  async hit(key: string, windowMs: number, now = Date.now()): Promise<{ count: number; resetAt: number }> {
    const hashed = this.hashKey(key);
    const nowAt = new Date(now);
    const next = new Date(now + windowMs);
    const [row] = await this.db
      .insert(rateLimit)
      .values({ key: hashed, count: 1, resetAt: next })
      .onConflictDoUpdate({
        target: rateLimit.key,
        set: {
          count: sql`case when ${rateLimit.resetAt} <= ${nowAt} then 1 else ${rateLimit.count} + 1 end`,
          resetAt: sql`case when ${rateLimit.resetAt} <= ${nowAt} then ${next} else ${rateLimit.resetAt} end`,
        },
      })
      .returning({ count: rateLimit.count, resetAt: rateLimit.resetAt });
    if (++this.hits % PRUNE_EVERY === 0) {
      await this.db.delete(rateLimit).where(lt(rateLimit.resetAt, nowAt));
    }
    return { count: row.count, resetAt: row.resetAt.getTime() };
  }

  /** better-auth's rate-limit storage (`rateLimit.customStorage`): its sign-in and 2FA limits live here. */
  betterAuthStorage() {
    return {
      consume: async (key: string, rule: { window: number; max: number }) => {
        const now = Date.now();
        const { count, resetAt } = await this.hit(`auth:${key}`, rule.window * 1000, now);
        return count <= rule.max
          ? { allowed: true, retryAfter: null }
          : { allowed: false, retryAfter: Math.max(1, Math.ceil((resetAt - now) / 1000)) };
      },
    };
  }
}

type Callback = Parameters<FastifyRateLimitStore['incr']>[1];
type ChildOptions = Parameters<FastifyRateLimitStore['child']>[0];

/** The route a child store counts for: the plugin passes its merged settings with the route under `routeInfo`. */
function routeName(options: ChildOptions): string {
  const holder = options as unknown as { routeInfo?: { method?: unknown; url?: unknown } };
  const route = holder.routeInfo ?? (options as unknown as { method?: unknown; url?: unknown });
  return `${String(route.method)} ${String(route.url)}`;
}

/**
 * A store for @fastify/rate-limit. The app-wide flood guard (the root store) counts in this
 * process's memory: it runs on every request and must not cost a database write. A route with its
 * own limit (the public token routes, where the limit stops guessing) gets a child store that counts
 * in PostgreSQL through the DbRateLimiter, so every node shares it and a restart does not reset it.
 */
export function fastifyRateLimitStore(limiter: DbRateLimiter) {
  class MemoryWindow implements FastifyRateLimitStore {
    private readonly counts = new Map<string, { count: number; resetAt: number }>();

    incr(key: string, callback: Callback, timeWindow: number) {
      const now = Date.now();
      let entry = this.counts.get(key);
      if (!entry || entry.resetAt <= now) {
        if (this.counts.size > 50_000) {
          for (const [k, v] of this.counts) if (v.resetAt <= now) this.counts.delete(k);
        }
        entry = { count: 0, resetAt: now + timeWindow };
        this.counts.set(key, entry);
      }
      entry.count += 1;
      callback(null, { current: entry.count, ttl: entry.resetAt - now });
    }

    child(routeOptions: ChildOptions): FastifyRateLimitStore {
      return new DatabaseWindow(routeName(routeOptions));
    }
  }

  class DatabaseWindow implements FastifyRateLimitStore {
    constructor(private readonly route: string) {}

    incr(key: string, callback: Callback, timeWindow: number) {
      const now = Date.now();
      limiter
        .hit(`route:${this.route}:${key}`, timeWindow, now)
        .then(({ count, resetAt }) => callback(null, { current: count, ttl: resetAt - now }))
        .catch((error: Error) => callback(error));
    }

    child(routeOptions: ChildOptions): FastifyRateLimitStore {
      return new DatabaseWindow(routeName(routeOptions));
    }
  }

  return MemoryWindow;
}
