import pg from 'pg';
import type { Database } from '../db/index.js';
import { withDefaultUser } from '../db/index.js';
import type { RequestScope } from './scope.js';

export const SCOPE_CHANNEL = 'lpn_scope_changed';

interface Entry {
  scope: RequestScope;
  sessionExpiresAt: number;
  sessionCreatedAt: number;
  cachedAt: number;
}

/**
 * Resolved sessions and city scopes, kept for a few seconds so a request costs one round trip (its
 * own query) instead of two. Correctness does not rest on the time limit: every change that could
 * alter a scope makes the database notify all nodes (migration 0003), and each node drops its whole
 * cache at once; a node also drops it before answering any state-changing request of its own. The
 * time limit only bounds staleness if a notification is lost (e.g. while the listener reconnects).
 */
export class ScopeCache {
  private entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 20_000,
  ) {}

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  get(key: string, now = Date.now()): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.cachedAt >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, entry: Omit<Entry, 'cachedAt'>, now = Date.now()): void {
    if (!this.enabled) return;
    // Bounded memory: when full, start over (entries are cheap to rebuild and short-lived anyway).
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { ...entry, cachedAt: now });
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Listens for scope changes from the database and clears the cache on each. On PostgreSQL a
 * dedicated connection LISTENs and reconnects when dropped (clearing the cache, since notifications
 * may have been missed); on PGlite the instance's own listener is used. Returns a stop function.
 */
export async function listenForScopeChanges(
  database: Database,
  cache: ScopeCache,
  onError: (message: string) => void,
): Promise<() => Promise<void>> {
  if (!cache.enabled) return async () => undefined;
  if (database.pglite) {
    const unlisten = await database.pglite.listen(SCOPE_CHANNEL, () => cache.clear());
    return () => unlisten();
  }
  const url = database.url;
  if (!url) throw new Error('No database URL to listen on');
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString: withDefaultUser(url) });
    next.on('notification', () => cache.clear());
    next.on('error', () => undefined); // 'end' follows; handled there
    next.on('end', () => {
      cache.clear();
      if (!stopped) {
        onError('scope-change listener disconnected; reconnecting');
        retry = setTimeout(() => void connect().catch(() => undefined), 1000);
      }
    });
    await next.connect();
    await next.query(`LISTEN ${SCOPE_CHANNEL}`);
    client = next;
    cache.clear();
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}
