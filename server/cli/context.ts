import fs from 'node:fs';
import { eq, sql } from 'drizzle-orm';
import type { AppConfig } from '../platform/config.js';
import { openDatabase, migrateDatabase, type Database } from '../platform/db/index.js';
import { DataDirLockedError } from '../platform/db/lock.js';
import { loadKeyring, type MasterKeyring } from '../platform/crypto/crypto.js';
import { cityKey } from '../platform/crypto/crypto.table.js';
import type { AuditActor } from '../platform/audit/audit.js';
import type { Actor } from '../platform/policy.js';
import type { AppDeps } from '../platform/deps.js';
import type { Mailer } from '../platform/mail/mailer.js';
import { city } from '../modules/cities/cities.table.js';
import { buildApp } from '../app.js';

/** What a command that works on the application's data receives: the same deps the server builds. */
export interface CliContext {
  deps: AppDeps;
  /** Origin used in links the command prints (LPN_PUBLIC_URL, else http://localhost:PORT). */
  baseUrl: string;
}

/** What every command returns: text for stdout and the process exit code. */
export interface CliResult {
  output: string;
  exitCode: 0 | 1;
}

/** An expected failure (bad input, missing record): printed as one line, exit code 1, no stack trace. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export const ok = (output: string): CliResult => ({ output, exitCode: 0 });

/** The system actor of the command line: acts with platform-admin rights, has no user account. */
export const cliActor: Actor = { userId: '', isPlatformAdmin: true };

/** How command-line changes appear in a city's audit log: role "cli", request id naming the command. */
export function cliAuditActor(command: string): AuditActor {
  return { userId: null, role: 'cli', requestId: `cli:${command}` };
}

export function baseUrlOf(config: AppConfig): string {
  return (config.publicUrl ?? `http://localhost:${config.port}`).replace(/\/$/, '');
}

/** Finds a city by its short name or fails with a clear message. */
export async function cityBySlug(deps: Pick<AppDeps, 'db'>, slug: string) {
  const [row] = await deps.db.select().from(city).where(eq(city.slug, slug));
  if (!row) throw new CliError(`No city with the short name "${slug}"`);
  return row;
}

/**
 * Opens the configured database as main.ts does: PostgreSQL when DATABASE_URL is set, else the
 * embedded PGlite data dir under its lock. A locked data dir becomes a CliError that says why.
 */
export async function openConfiguredDatabase(config: AppConfig): Promise<Database> {
  try {
    return config.databaseUrl
      ? await openDatabase({ kind: 'postgres', url: config.databaseUrl, poolSize: 2 })
      : await openDatabase({ kind: 'pglite', dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new CliError(`${error.message}\n${EMBEDDED_LOCK_HINT}`);
    throw error;
  }
}

export const EMBEDDED_LOCK_HINT =
  'The embedded database can be used by one process at a time: stop the server, run the command, ' +
  'start the server again. (With PostgreSQL via DATABASE_URL the command line runs beside a serving app.)';

/**
 * The master keyring as main.ts loads it, with one guard: on the embedded default a missing key file
 * is generated only for a database that holds no encrypted data yet. Otherwise (say, a restored
 * backup on a new machine) a fresh key could never decrypt it, so we stop and say what is missing.
 */
export async function loadCliKeyring(
  config: AppConfig,
  database: Database,
  warn: (message: string) => void,
): Promise<MasterKeyring> {
  if (!config.masterKey && !fs.existsSync(config.keyFile)) {
    const [{ n }] = await database.db.select({ n: sql<number>`count(*)::int` }).from(cityKey);
    if (n > 0) {
      throw new CliError(
        `The database holds encrypted data but there is no master key: ${config.keyFile} does not exist and ` +
          'LPN_MASTER_KEY is not set. Restore the key file (or set LPN_MASTER_KEY / LPN_KEY_FILE) and try again.',
      );
    }
  }
  return loadKeyring(config, warn);
}

/**
 * Opens the database, applies migrations, loads the master key and builds the app's deps;
 * `close` releases everything (PGlite would otherwise keep the process alive).
 */
export async function openCliContext(
  config: AppConfig,
  options: { keyring?: MasterKeyring; warn: (message: string) => void; mailer?: Mailer },
): Promise<{ context: CliContext; close(): Promise<void> }> {
  const database = await openConfiguredDatabase(config);
  try {
    await migrateDatabase(database);
    const keyring = options.keyring ?? (await loadCliKeyring(config, database, options.warn));
    const { app, deps } = await buildApp({
      config,
      database,
      keyring,
      mailer: options.mailer,
      logger: false,
    });
    return {
      context: { deps, baseUrl: baseUrlOf(config) },
      close: async () => {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Sends an invitation link when SMTP is configured; says what happened without naming the recipient. */
export async function mailInvitation(mailer: Mailer, to: string, url: string, days: number): Promise<string> {
  if (!mailer.configured) return 'not e-mailed: no SMTP configured (LPN_SMTP_URL)';
  try {
    await mailer.send({
      to,
      subject: 'Invitation to LPN Workspace',
      text: `You have been invited to join a Local Prevention Network on LPN Workspace.\n\nOpen this link within ${days} days to accept:\n${url}\n`,
    });
    return 'e-mailed';
  } catch (error) {
    return `not e-mailed: sending failed (${(error as Error).name})`;
  }
}
