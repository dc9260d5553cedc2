import fs from 'node:fs';
import pino from 'pino';
import { loadConfig } from './platform/config.js';
import { openDatabase, migrateDatabase } from './platform/db/index.js';
import { DataDirLockedError } from './platform/db/lock.js';
import { loadKeyring } from './platform/crypto/crypto.js';
import { buildApp, logRedact, webDist } from './app.js';
import { seedDemo, demoAccounts, DEMO_PASSWORD } from './seed/demo.js';
import { sendActionItemReminders } from './modules/meetings/index.js';

/** Process concerns only: config, database, migrations, demo seed, listen, graceful shutdown. */
async function main() {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel, redact: logRedact });
  const keyring = loadKeyring(config, (message) => logger.warn(message));

  let database;
  try {
    database = config.databaseUrl
      ? await openDatabase({ kind: 'postgres', url: config.databaseUrl })
      : await openDatabase({ kind: 'pglite', dataDir: config.dataDir });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`\n${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  await migrateDatabase(database);

  const { app, deps } = await buildApp({
    config,
    database,
    keyring,
    logger: { level: config.logLevel, redact: logRedact },
    rateLimitPerMinute: Number(process.env.LPN_RATE_LIMIT_PER_MINUTE) || undefined,
  });
  const seeded = config.seedDemo ? await seedDemo(deps) : false;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  // Action-item reminders every 15 minutes (state is in the table: once per item, across restarts).
  setInterval(() => {
    sendActionItemReminders(deps).catch((error: Error) =>
      logger.warn({ errName: error.name }, 'action-item reminders failed'),
    );
  }, 15 * 60_000).unref();
  await app.listen({ port: config.port, host: config.host });
  const url = config.publicUrl ?? `http://localhost:${(app.server.address() as { port: number }).port}`;
  const lines = [
    '',
    `LPN Workspace is running at ${url}`,
    `  database: ${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
    `  API reference: ${url}/api/docs`,
  ];
  if (!fs.existsSync(webDist)) lines.push('  (web app not built: run `npm run build:web`)');
  if (config.seedDemo) {
    lines.push(
      seeded
        ? '  Demo city "Riverton (demo)" seeded. Demo accounts:'
        : '  Demo city "Riverton (demo)" accounts:',
      ...demoAccounts.map((a) => `    ${a.role.padEnd(16)} ${a.email}`),
      `  password for all demo accounts: ${DEMO_PASSWORD}`,
      '  (chair, member, partner and auditor set up two-factor sign-in on first use)',
    );
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
