import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import * as schema from './schema.js';
import { lockDataDir } from './lock.js';

export type Schema = typeof schema;
/** The Drizzle database or a transaction on it: repositories accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The PGlite instance when embedded (backups, dumps); undefined on PostgreSQL. */
  pglite?: PGlite;
  pool?: pg.Pool;
  /** The connection URL on PostgreSQL (for connections outside the pool, e.g. LISTEN). */
  url?: string;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Fills in the user name when DATABASE_URL has none (postgres://127.0.0.1:5432/test), as psql and
 * libpq do: PGUSER, else the operating-system user. node-postgres would otherwise send none.
 */
export function withDefaultUser(url: string): string {
  const parsed = new URL(url);
  if (!parsed.username) parsed.username = process.env.PGUSER || os.userInfo().username;
  return parsed.toString();
}

export type OpenOptions =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob };

/**
 * PGlite's own start parameters plus a smaller shared_buffers: PostgreSQL zeroes its shared memory at
 * start, so the default 128MB is resident from the first second (about 340 MB for the process). 16MB
 * holds a city's working set; LPN_PGLITE_SHARED_BUFFERS raises it for a large deployment.
 */
function pgliteStartParams(): string[] {
  const sharedBuffers = process.env.LPN_PGLITE_SHARED_BUFFERS?.trim() || '16MB';
  if (!/^\d+(kB|MB|GB)$/.test(sharedBuffers))
    throw new Error(`LPN_PGLITE_SHARED_BUFFERS must be a size such as 16MB (got "${sharedBuffers}")`);
  return [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`];
}

/** Opens PostgreSQL (DATABASE_URL) or embedded PGlite (a locked data dir, or in memory for tests). */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.kind === 'postgres') {
    const pool = new pg.Pool({ connectionString: withDefaultUser(options.url), max: options.poolSize ?? 10 });
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { db, kind: 'postgres', pool, url: options.url, close: () => pool.end() };
  }
  const release = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  try {
    const pglite = options.dataDir
      ? new PGlite(options.dataDir, { startParams: pgliteStartParams() })
      : new PGlite(options.loadDataDir ? { loadDataDir: options.loadDataDir } : undefined);
    await pglite.waitReady;
    const db = drizzlePglite(pglite, { schema }) as unknown as Db;
    return {
      db,
      kind: 'pglite',
      pglite,
      close: async () => {
        await pglite.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/** Applies the checked-in SQL migrations; on PostgreSQL under an advisory lock so app nodes can start together. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  const client = await database.pool!.connect();
  try {
    await client.query('select pg_advisory_lock(7420001)');
    await migratePg(drizzlePg(client) as never, { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock(7420001)').catch(() => undefined);
    client.release();
  }
}

/** Rows of a raw SQL statement, the same shape on both drivers. */
export async function rawRows<T = Record<string, unknown>>(
  db: Db,
  query: ReturnType<typeof sql>,
): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
