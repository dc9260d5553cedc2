import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, migrateDatabase, withDefaultUser } from '../server/platform/db/index.js';

/**
 * Migrates one template database per run; every test file then clones it (much faster than
 * migrating per file). On PostgreSQL the run creates and drops its own databases.
 */
export default async function setup() {
  const runId = `${Date.now().toString(36)}${crypto.randomBytes(3).toString('hex')}`;
  process.env.LPN_TEST_RUN = runId;
  process.env.LPN_TEST_MASTER_KEY = crypto.randomBytes(32).toString('base64');
  const baseUrl = process.env.DATABASE_URL;
  if (baseUrl) {
    const template = `lpn_tpl_${runId}`;
    const admin = new pg.Client({ connectionString: withDefaultUser(baseUrl) });
    await admin.connect();
    await admin.query(`create database ${template}`);
    const url = new URL(baseUrl);
    url.pathname = `/${template}`;
    const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 1 });
    await migrateDatabase(database);
    await database.close();
    process.env.LPN_TEST_PG_TEMPLATE = template;
    return async () => {
      const { rows } = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like $1`,
        [`lpn_%${runId}%`],
      );
      for (const row of rows) await admin.query(`drop database if exists ${row.datname} with (force)`);
      await admin.end();
    };
  }
  const database = await openDatabase({ kind: 'pglite' });
  await migrateDatabase(database);
  const dump = await database.pglite!.dumpDataDir('none');
  await database.close();
  const file = path.join(os.tmpdir(), `lpn-template-${runId}.tar`);
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env.LPN_TEST_PGLITE_TEMPLATE = file;
  return () => fs.rmSync(file, { force: true });
}
