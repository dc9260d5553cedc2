import fs from 'node:fs';
import pino from 'pino';
import { ConfigError, loadConfig } from './platform/config.js';
import { makePgliteTemplate, openDatabase, migrateDatabase } from './platform/db/index.js';
import { DataDirLockedError } from './platform/db/lock.js';
import { loadKeyring } from './platform/crypto/crypto.js';
import { buildApp, webDist } from './app.js';
import { logOptions } from './platform/logging.js';
import { seedDemo, demoSignInLines } from './seed/demo.js';
import { sendActionItemReminders } from './modules/meetings/index.js';
import { every, nodeName } from './platform/jobs/runner.js';
import { CASE_PURGE_JOB, purgeTotals, runCasePurgeIfDue } from './modules/cases/cases.retention.js';
import { sendClockReminders, sendOverdueCaseAlerts, sendReviewReminders } from './modules/cases/index.js';
import { sendEscalationReminders } from './modules/national/index.js';
import { runSafeSpacePurgeIfDue, SAFE_SPACE_PURGE_JOB } from './modules/safe-space/index.js';

/** Process concerns only: config, database, migrations, demo seed, listen, graceful shutdown. */
async function main() {
  // `node dist/server/main.js --pglite-template <file>`: write the migrated data-dir template and exit.
  const templateAt = process.argv.indexOf('--pglite-template');
  if (templateAt > 0) {
    await makePgliteTemplate(process.argv[templateAt + 1]);
    return;
  }
  const config = loadConfig();
  const logger = pino(logOptions(config.logLevel));
  const keyring = loadKeyring(config, (message) => logger.warn(message));

  let database;
  try {
    database = config.databaseUrl
      ? await openDatabase({
          kind: 'postgres',
          url: config.databaseUrl,
          // An idle connection lost (database restart): the pool opens a new one on the next query.
          onConnectionLost: (error) =>
            logger.warn(
              { errName: error.name, errCode: (error as { code?: string }).code },
              'database connection lost',
            ),
        })
      : await openDatabase({
          kind: 'pglite',
          dataDir: config.dataDir,
          // A migrated empty data dir that `npm start` keeps current (scripts/start.mjs): a new data dir
          // is unpacked from it rather than made by PGlite's initdb.
          template: process.env.LPN_PGLITE_TEMPLATE || undefined,
        });
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
    logger: { level: config.logLevel },
    rateLimitPerMinute: Number(process.env.LPN_RATE_LIMIT_PER_MINUTE) || undefined,
    // Test-only knob (the browser journeys' server): sign-in and 2FA requests per minute per address.
    signInRateLimit: Number(process.env.LPN_SIGN_IN_RATE_LIMIT) || undefined,
  });
  const seeded = config.seedDemo ? await seedDemo(deps) : false;

  // Nightly jobs (job_run claims each day's run: once across nodes and restarts; a missed night
  // runs at the next check). Checked every 5 minutes; the results carry counts, never personal data.
  const node = nodeName();
  const jobs = every(
    5 * 60_000,
    async () => {
      const purge = await runCasePurgeIfDue(database.db, { node });
      if (purge.status === 'ran')
        logger.info({ job: CASE_PURGE_JOB, runKey: purge.runKey, ...purgeTotals(purge.result) }, 'job done');
      if (purge.status === 'failed')
        logger.warn({ job: CASE_PURGE_JOB, runKey: purge.runKey }, 'job failed; a later check retries it');
      const safeSpacePurge = await runSafeSpacePurgeIfDue(database.db, { node });
      if (safeSpacePurge.status === 'ran')
        logger.info(
          { job: SAFE_SPACE_PURGE_JOB, runKey: safeSpacePurge.runKey, ...safeSpacePurge.result },
          'job done',
        );
      if (safeSpacePurge.status === 'failed')
        logger.warn(
          { job: SAFE_SPACE_PURGE_JOB, runKey: safeSpacePurge.runKey },
          'job failed; a later check retries it',
        );
      // Overdue response clocks: one alert per situation (the claim is on the row).
      const alerts = await sendOverdueCaseAlerts({
        db: database.db,
        mailer: deps.mailer,
        publicUrl: config.publicUrl,
      });
      if (alerts > 0) logger.info({ alerts }, 'overdue case alerts sent');
      // Stage clocks' reminders before the response is due (the claim is on the row).
      const clockReminders = await sendClockReminders({
        db: database.db,
        mailer: deps.mailer,
        publicUrl: config.publicUrl,
      });
      if (clockReminders > 0) logger.info({ clockReminders }, 'case clock reminders sent');
      // Post-closure reviews coming due: one reminder per review (the claim is on the row).
      const reviews = await sendReviewReminders({
        db: database.db,
        mailer: deps.mailer,
        publicUrl: config.publicUrl,
      });
      if (reviews > 0) logger.info({ reviews }, 'case review reminders sent');
      // Escalations to national level nearing or past their due day: one reminder each to the liaison.
      const escalations = await sendEscalationReminders({
        db: database.db,
        mailer: deps.mailer,
        publicUrl: config.publicUrl,
      });
      if (escalations > 0) logger.info({ escalations }, 'escalation reminders sent');
    },
    (error) => logger.warn({ errName: (error as Error).name }, 'job check failed'),
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: finishing requests in flight');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await jobs.stop();
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
      ...(await demoSignInLines(deps)),
    );
  }
  console.log(lines.join('\n') + '\n');
}

main().catch((error) => {
  // A bad setting is the operator's to fix: one line naming the variable, not a stack.
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
