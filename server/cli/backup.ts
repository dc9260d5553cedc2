import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { AppConfig } from '../platform/config.js';
import { lockDataDir, DataDirLockedError } from '../platform/db/lock.js';
import { writePrivateFile } from './audit.js';
import { CliError, EMBEDDED_LOCK_HINT, openConfiguredDatabase, type CliResult } from './context.js';

const POSTGRES_TOOLS =
  'This deployment uses PostgreSQL (DATABASE_URL): back it up with its own tools, e.g.\n' +
  '  pg_dump --format=custom --file=lpn.dump "$DATABASE_URL"\n' +
  '  pg_restore --clean --if-exists --dbname="$DATABASE_URL" lpn.dump\n' +
  "or the managed service's snapshots / point-in-time recovery.";

function hasDatabase(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

function isEmptyDir(dir: string): boolean {
  return !fs.existsSync(dir) || fs.readdirSync(dir).length === 0;
}

/**
 * `lpn backup`: a gzipped tarball of the embedded PGlite data dir. It opens the data dir under its
 * lock, so the server must be stopped; the dump is then a consistent copy.
 */
export async function backupCommand(
  config: AppConfig,
  args: { out?: string; force?: boolean },
): Promise<CliResult> {
  if (config.databaseUrl) throw new CliError(POSTGRES_TOOLS);
  if (!args.out) throw new CliError('--out is required (e.g. --out lpn-backup.tar.gz)');
  const out = path.resolve(args.out);
  if (fs.existsSync(out) && !args.force) throw new CliError(`${out} exists; pass --force to replace it`);
  if (!hasDatabase(config.dataDir))
    throw new CliError(`No embedded database in ${config.dataDir} (LPN_DATA_DIR)`);
  const database = await openConfiguredDatabase(config);
  try {
    const dump = await database.pglite!.dumpDataDir('gzip');
    writePrivateFile(out, new Uint8Array(await dump.arrayBuffer()));
    return {
      output:
        `Backed up ${config.dataDir} to ${out} (${dump.size} bytes, mode 0600).\n` +
        'Personal fields in it are encrypted with the master key, which is NOT in the backup: keep a copy of the\n' +
        'key (LPN_MASTER_KEY or the key file) somewhere else — without it the backup cannot be read.',
      exitCode: 0,
    };
  } finally {
    await database.close();
  }
}

/**
 * `lpn restore`: recreates the embedded data dir from a backup. Refuses a data dir that holds
 * anything unless --force; then the old one is moved aside (not deleted) before restoring.
 */
export async function restoreCommand(
  config: AppConfig,
  args: { from?: string; force?: boolean },
): Promise<CliResult> {
  if (config.databaseUrl) throw new CliError(POSTGRES_TOOLS);
  if (!args.from) throw new CliError('--from is required (a file written by `lpn backup`)');
  const from = path.resolve(args.from);
  if (!fs.existsSync(from)) throw new CliError(`${from} does not exist`);
  const dataDir = config.dataDir;
  if (!isEmptyDir(dataDir) && !args.force) {
    throw new CliError(`${dataDir} is not empty; pass --force to move it aside and restore in its place`);
  }
  let release: () => void;
  try {
    release = lockDataDir(dataDir);
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new CliError(`${error.message}\n${EMBEDDED_LOCK_HINT}`);
    throw error;
  }
  const lines: string[] = [];
  let aside: string | null = null;
  try {
    if (!isEmptyDir(dataDir)) {
      aside = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      fs.renameSync(dataDir, aside);
      lines.push(`Moved the previous data dir aside to ${aside} (delete it once the restore is checked).`);
    }
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    let pglite: PGlite | undefined;
    try {
      pglite = new PGlite({ dataDir, loadDataDir: new Blob([fs.readFileSync(from)]) });
      await pglite.waitReady;
      const { rows } = await pglite.query<{ n: number }>(
        `select count(*)::int as n from information_schema.tables where table_schema = 'public'`,
      );
      lines.push(`Restored ${from} into ${dataDir} (${rows[0]?.n ?? 0} tables).`);
      await pglite.close();
    } catch (error) {
      // Leave things as they were: no half-restored directory, the previous one back in place.
      await pglite?.close().catch(() => undefined);
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (aside) fs.renameSync(aside, dataDir);
      throw new CliError(`Restore failed, nothing changed: ${(error as Error).message}`);
    }
  } finally {
    release();
  }
  lines.push('Start the server with the same master key the backup was made with.');
  return { output: lines.join('\n'), exitCode: 0 };
}
