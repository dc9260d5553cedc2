import pg from 'pg';
import type { Database } from '../db/index.js';
import { connectionOptions } from '../db/index.js';
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

/** Reconnection delays of the LISTEN connection: doubling from the first to the cap, with jitter. */
export const LISTEN_RETRY_MS = { first: 100, max: 2_000 };

/**
 * Listens for scope changes from the database and clears the cache on each. On PostgreSQL a
 * dedicated connection LISTENs; when it is lost (a database restart, a terminated backend) the cache
 * is cleared and the connection is reopened with backoff until the database answers again, then the
 * cache is cleared once more, since notifications sent while it was away were missed. On PGlite the
 * instance's own listener is used. Returns a stop function. `log` gets fixed messages only.
 */
export async function listenForScopeChanges(
  database: Database,
  cache: ScopeCache,
  log: (level: 'info' | 'warn', message: string) => void,
): Promise<() => Promise<void>> {
  if (!cache.enabled) return async () => undefined;
  if (database.pglite) {
    const unlisten = await database.pglite.listen(SCOPE_CHANNEL, () => cache.clear());
    return () => unlisten();
  }
  const url = database.url;
  if (!url) throw new Error('No database URL to listen on');
  let current: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  let attempts = 0;

  /** Opens a LISTEN connection; `onLost` runs once if that connection later fails or ends. */
  const open = async (onLost: (client: pg.Client) => void): Promise<pg.Client> => {
    const client = new pg.Client(connectionOptions(url));
    let lost = false;
    const lose = () => {
      if (lost) return;
      lost = true;
      client.end().catch(() => undefined);
      onLost(client);
    };
    // Both can fire for one loss (and 'error' without a listener would end the process).
    client.on('error', lose);
    client.on('end', lose);
    client.on('notification', () => cache.clear());
    try {
      await client.connect();
      await client.query(`LISTEN ${SCOPE_CHANNEL}`);
    } catch (error) {
      lose();
      throw error;
    }
    if (lost) throw new Error('LISTEN connection lost while opening');
    return client;
  };

  const onLost = (client: pg.Client) => {
    if (client !== current) return; // an attempt that failed: its caller schedules the next
    current = null;
    cache.clear();
    if (stopped) return;
    log('warn', 'scope-change listener disconnected; reconnecting');
    schedule();
  };

  const schedule = () => {
    if (stopped || retry) return;
    const delay = Math.min(LISTEN_RETRY_MS.max, LISTEN_RETRY_MS.first * 2 ** attempts);
    attempts++;
    retry = setTimeout(() => void reconnect(), delay * (0.5 + Math.random() / 2));
    retry.unref();
  };

  const reconnect = async () => {
    retry = undefined;
    if (stopped) return;
    let client: pg.Client;
    try {
      client = await open(onLost);
    } catch {
      schedule();
      return;
    }
    if (stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    current = client;
    attempts = 0;
    cache.clear();
    log('info', 'scope-change listener reconnected; scope cache cleared');
  };

  current = await open(onLost);
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const client = current;
    current = null;
    await client?.end().catch(() => undefined);
  };
}
