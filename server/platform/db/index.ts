import fs from 'node:fs';
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
  | {
      kind: 'postgres';
      url: string;
      poolSize?: number;
      /**
       * Told (error name and code only) when a connection is lost outside any query — an idle
       * pooled client during a database restart. The pool drops that client and opens a new one
       * on the next query; nothing else is needed.
       */
      onConnectionLost?: (error: Error) => void;
    }
  | {
      kind: 'pglite';
      dataDir?: string;
      loadDataDir?: Blob;
      /**
       * A data dir made by `makePgliteTemplate` (a gzipped tarball): an empty `dataDir` starts as a
       * copy of it instead of running initdb (see makePgliteTemplate). Ignored when absent.
       */
      template?: string;
    };

/**
 * How long a query may wait to connect (or for a free pooled connection) before it fails, and with
 * it the request (503, see isDatabaseUnavailable): a database that is down answers within seconds
 * instead of hanging every request.
 */
export const CONNECT_TIMEOUT_MS = 3_000;

/** Connection options shared by the pool and the app's dedicated connections (LISTEN). */
export function connectionOptions(url: string): pg.ClientConfig {
  return {
    connectionString: withDefaultUser(url),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // Notices a peer that vanished without closing (host down, network cut) on an idle connection.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/**
 * A checked-out client whose connection ends goes back to the pool at once (which discards it), and
 * releasing it again later does nothing. drizzle-orm 0.45 runs a transaction's BEGIN outside its
 * try/finally (drizzle-orm#6241): a BEGIN that fails on a lost connection never releases its client,
 * and after a few database restarts the pool would be empty and every request would time out.
 */
function releaseClientsWhenLost(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<pg.PoolClient> | void;
  pool.connect = ((callback?: unknown) => {
    // The callback form is pool.query()'s own path, which already releases on 'error'.
    if (callback) return connect(callback);
    return (connect() as Promise<pg.PoolClient>).then((client) => {
      const release = client.release;
      let released = false;
      const releaseOnce = (error?: Error | boolean) => {
        if (released) return;
        released = true;
        client.removeListener('end', onEnd);
        release(error);
      };
      const onEnd = () => releaseOnce(new Error('Connection terminated while checked out'));
      client.once('end', onEnd);
      client.release = releaseOnce;
      return client;
    });
  }) as typeof pool.connect;
}

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
    const pool = new pg.Pool({ ...connectionOptions(options.url), max: options.poolSize ?? 10 });
    // Without these listeners a lost connection is an unhandled 'error' event and ends the process.
    // An idle client's loss is re-emitted by the pool (which has already dropped the client); a
    // checked-out client's loss is emitted on the client itself, and its query rejects as well.
    pool.on('error', (error) => options.onConnectionLost?.(error));
    pool.on('connect', (client) => client.on('error', () => undefined));
    releaseClientsWhenLost(pool);
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { db, kind: 'postgres', pool, url: options.url, close: () => pool.end() };
  }
  const release = options.dataDir ? lockDataDir(options.dataDir) : () => undefined;
  try {
    const fromTemplate =
      options.dataDir &&
      options.template &&
      !fs.existsSync(path.join(options.dataDir, 'PG_VERSION')) &&
      fs.existsSync(options.template)
        ? new Blob([fs.readFileSync(options.template)])
        : undefined;
    const pglite = options.dataDir
      ? new PGlite(options.dataDir, { startParams: pgliteStartParams(), loadDataDir: fromTemplate })
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

/**
 * Writes a PGlite data dir with every migration applied, as a gzipped tarball, to `file`. PGlite's
 * initdb is most of a fresh start (about 10 s of CPU, 27 s wall on the loaded 2-core machine); a new
 * data dir unpacked from this starts in a fraction of that, and migrating it is then a no-op. A stale
 * template (older migrations) is still correct: openDatabase's caller migrates whatever it opens.
 * `npm start` rebuilds it when the migrations change (scripts/start.mjs).
 */
export async function makePgliteTemplate(file: string): Promise<void> {
  const pglite = new PGlite();
  await pglite.waitReady;
  await migratePglite(drizzlePglite(pglite) as never, { migrationsFolder });
  const tarball = await pglite.dumpDataDir('gzip');
  await pglite.close();
  const temp = `${file}.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(temp, Buffer.from(await tarball.arrayBuffer()));
  fs.renameSync(temp, file);
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
