import { parseArgs } from 'node:util';
import { locales, roles } from '../../contracts/route.js';
import { ConfigError, loadConfig, type AppConfig } from '../platform/config.js';
import { migrateDatabase } from '../platform/db/index.js';
import { AppError } from '../platform/errors.js';
import { seedDemo, demoSignInLines } from '../seed/demo.js';
import { exportCityCommand, verifyAuditCommand } from './audit.js';
import { backupCommand, restoreCommand } from './backup.js';
import { createCityCommand, inviteCommand } from './cities.js';
import {
  CliError,
  ok,
  openCliContext,
  openConfiguredDatabase,
  type CliContext,
  type CliResult,
} from './context.js';
import { rotateKeysCommand } from './keys.js';
import { purgeCasesCommand } from './purge-cases.js';
import { sendActionItemReminders } from '../modules/meetings/index.js';
import { sendClockReminders, sendOverdueCaseAlerts, sendReviewReminders } from '../modules/cases/index.js';
import { createUserCommand, reset2faCommand, unlockAccountCommand } from './users.js';

interface OptionSpec {
  type: 'string' | 'boolean';
  /** Shown in help: the value's placeholder (strings) and what it does. */
  value?: string;
  description: string;
  required?: boolean;
}

type Values = Record<string, string | boolean | undefined>;

interface Command {
  summary: string;
  /** Paragraphs after the usage line in `lpn <command> --help`. */
  details: string;
  example: string;
  options: Record<string, OptionSpec>;
  /** 'app': gets the opened database + the app's deps; 'config': handles the database itself. */
  run:
    | { kind: 'app'; fn: (ctx: CliContext, values: Values) => Promise<CliResult> }
    | { kind: 'config'; fn: (config: AppConfig, values: Values) => Promise<CliResult> };
}

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);

/** `lpn seed-demo`: the demo city with one account per role (idempotent). */
export async function seedDemoCommand(ctx: CliContext): Promise<CliResult> {
  const seeded = await seedDemo(ctx.deps);
  return ok(
    [
      seeded
        ? 'Seeded the demo city "Riverton (demo)". Accounts:'
        : 'The demo city already exists; nothing changed. Accounts:',
      ...(await demoSignInLines(ctx.deps)),
    ].join('\n'),
  );
}

/** `lpn migrate`: applies the checked-in migrations and nothing else. */
export async function migrateCommand(config: AppConfig): Promise<CliResult> {
  const database = await openConfiguredDatabase(config);
  try {
    await migrateDatabase(database);
  } finally {
    await database.close();
  }
  return ok(
    `Migrations applied (${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'}).`,
  );
}

export const commands: Record<string, Command> = {
  'create-city': {
    summary: 'Create a city (tenant), optionally inviting its chair',
    details:
      'Creates the city with its own data key and audit chain. With --chair-email an invitation link for\n' +
      'the chair is printed (and e-mailed when LPN_SMTP_URL is set).',
    example:
      'lpn create-city --name "Kumanovo" --slug kumanovo --country MK --locale mk --chair-email chair@kumanovo.mk',
    options: {
      name: { type: 'string', value: 'name', description: 'display name', required: true },
      slug: {
        type: 'string',
        value: 'slug',
        description: 'short name: lower-case letters, digits, hyphens',
        required: true,
      },
      country: { type: 'string', value: 'code', description: 'country (e.g. MK)' },
      locale: { type: 'string', value: locales.join('|'), description: 'default language (default en)' },
      'chair-email': { type: 'string', value: 'e-mail', description: 'invite this person as chair' },
    },
    run: {
      kind: 'app',
      fn: (ctx, v) =>
        createCityCommand(ctx, {
          name: str(v.name),
          slug: str(v.slug),
          country: str(v.country),
          locale: str(v.locale),
          chairEmail: str(v['chair-email']),
        }),
    },
  },
  invite: {
    summary: 'Invite a person into a city with a role; prints the link',
    details:
      'The link is valid for 7 days. It is e-mailed when LPN_SMTP_URL is set; the output says whether it was.',
    example:
      'lpn invite --city kumanovo --email member@example.org --role member --organisation "Social Services"',
    options: {
      city: { type: 'string', value: 'slug', description: 'the city', required: true },
      email: { type: 'string', value: 'e-mail', description: 'who to invite', required: true },
      role: { type: 'string', value: roles.join('|'), description: 'their role', required: true },
      organisation: { type: 'string', value: 'text', description: 'their organisation' },
    },
    run: {
      kind: 'app',
      fn: (ctx, v) =>
        inviteCommand(ctx, {
          city: str(v.city),
          email: str(v.email),
          role: str(v.role),
          organisation: str(v.organisation),
        }),
    },
  },
  'create-user': {
    summary: 'Create an account directly (optionally a city role or platform admin)',
    details:
      'Without --password a strong password is generated and printed once. A password given on the command\n' +
      'line is visible in the process list and shell history: prefer the generated one.',
    example: 'lpn create-user --email admin@example.org --name "Platform Admin" --platform-admin',
    options: {
      email: { type: 'string', value: 'e-mail', description: 'sign-in e-mail', required: true },
      name: { type: 'string', value: 'name', description: 'full name', required: true },
      password: { type: 'string', value: 'password', description: '12–128 characters (default: generated)' },
      city: { type: 'string', value: 'slug', description: 'add to this city (with --role)' },
      role: { type: 'string', value: roles.join('|'), description: 'role in --city' },
      organisation: { type: 'string', value: 'text', description: 'organisation in --city' },
      'platform-admin': { type: 'boolean', description: 'may create cities and manage the deployment' },
    },
    run: {
      kind: 'app',
      fn: (ctx, v) =>
        createUserCommand(ctx, {
          email: str(v.email),
          name: str(v.name),
          password: str(v.password),
          city: str(v.city),
          role: str(v.role),
          organisation: str(v.organisation),
          platformAdmin: v['platform-admin'] === true,
        }),
    },
  },
  'reset-2fa': {
    summary: "Remove a person's two-factor authenticator and sign them out everywhere",
    details:
      'For someone who lost their authenticator and recovery codes. Check their identity first. The reset is\n' +
      'recorded in the audit log of every city they belong to.',
    example: 'lpn reset-2fa --email member@example.org',
    options: { email: { type: 'string', value: 'e-mail', description: 'the account', required: true } },
    run: { kind: 'app', fn: (ctx, v) => reset2faCommand(ctx, { email: str(v.email) }) },
  },
  'unlock-account': {
    summary: 'Lift a sign-in lockout after repeated failed passwords or codes',
    details:
      'Five failed sign-ins (passwords or two-factor codes) within 15 minutes lock an account for 15 minutes.\n' +
      'This lifts the lock at once and forgets the failures; check it is the person asking first. Recorded in\n' +
      'the audit log of every city they belong to.',
    example: 'lpn unlock-account --email member@example.org',
    options: { email: { type: 'string', value: 'e-mail', description: 'the account', required: true } },
    run: { kind: 'app', fn: (ctx, v) => unlockAccountCommand(ctx, { email: str(v.email) }) },
  },
  'seed-demo': {
    summary: 'Create the demo city "Riverton (demo)" with one account per role',
    details: 'Does nothing when the demo city exists. Not for production data.',
    example: 'lpn seed-demo',
    options: {},
    run: { kind: 'app', fn: (ctx) => seedDemoCommand(ctx) },
  },
  'send-reminders': {
    summary:
      'E-mail action-item owners (due within 2 days or overdue), overdue-situation alerts, stage-clock reminders and reviews coming due (once each)',
    details: 'The server does this by itself; run it by hand after an outage or from cron.',
    example: 'lpn send-reminders',
    options: {},
    run: {
      kind: 'app',
      fn: async (ctx) => {
        const reminders = await sendActionItemReminders(ctx.deps);
        const alerts = await sendOverdueCaseAlerts({
          db: ctx.deps.db,
          mailer: ctx.deps.mailer,
          publicUrl: ctx.deps.config.publicUrl,
        });
        const reviews = await sendReviewReminders({
          db: ctx.deps.db,
          mailer: ctx.deps.mailer,
          publicUrl: ctx.deps.config.publicUrl,
        });
        const clocks = await sendClockReminders({
          db: ctx.deps.db,
          mailer: ctx.deps.mailer,
          publicUrl: ctx.deps.config.publicUrl,
        });
        return ok(
          `${reminders} reminder(s) sent, ${alerts} overdue-situation alert(s) sent, ` +
            `${reviews} review reminder(s) sent, ${clocks} stage-clock reminder(s) sent`,
        );
      },
    },
  },
  'purge-cases': {
    summary: 'Delete rejected and closed situations past their retention period, now',
    details:
      'The server does this every night (02:00 UTC, or at the first check after a missed night). Prints what\n' +
      'was deleted per city; the audit log of each city records the counts. Exit code 1 if the purge failed.',
    example: 'lpn purge-cases',
    options: {},
    run: { kind: 'app', fn: (ctx) => purgeCasesCommand(ctx) },
  },
  'verify-audit': {
    summary: 'Verify the hash chain of the audit log (one city or all)',
    details:
      'Prints "ok (N events)" or "BROKEN at event #seq: <problem>" per city; exit code 1 if any is broken.',
    example: 'lpn verify-audit --city kumanovo',
    options: { city: { type: 'string', value: 'slug', description: 'only this city (default: all)' } },
    run: { kind: 'app', fn: (ctx, v) => verifyAuditCommand(ctx, { city: str(v.city) }) },
  },
  'rotate-keys': {
    summary: 'Re-wrap every city data key under the current master key',
    details:
      'Procedure: set the new key in LPN_MASTER_KEY and the old one in LPN_PREVIOUS_MASTER_KEYS\n' +
      '(comma-separated), run `lpn rotate-keys`, then remove the old key. On the embedded default (key file)\n' +
      'use --new-key-file instead: a new key is generated there and becomes current. On PostgreSQL this runs\n' +
      'beside a serving app; on the embedded database stop the server first.',
    example: 'LPN_MASTER_KEY=<new> LPN_PREVIOUS_MASTER_KEYS=<old> lpn rotate-keys',
    options: {
      'new-key-file': {
        type: 'string',
        value: 'path',
        description: 'generate (or reuse) the new master key in this file',
      },
    },
    run: { kind: 'app', fn: (ctx, v) => rotateKeysCommand(ctx, { newKeyFile: str(v['new-key-file']) }) },
  },
  'export-city': {
    summary: "Export a city's data as JSON (personal data: requires --reason, audited)",
    details:
      'Contains the city, its people (names, e-mails, roles, organisations, decrypted phones), invitations\n' +
      '(without token hashes) and its audit log. The export and its reason are recorded in the audit log first.',
    example: 'lpn export-city --city kumanovo --reason "Subject access request #42" --out kumanovo.json',
    options: {
      city: { type: 'string', value: 'slug', description: 'the city', required: true },
      reason: {
        type: 'string',
        value: 'text',
        description: 'why (recorded in the audit log)',
        required: true,
      },
      out: { type: 'string', value: 'file', description: 'write here with mode 0600 (default: stdout)' },
    },
    run: {
      kind: 'app',
      fn: (ctx, v) => exportCityCommand(ctx, { city: str(v.city), reason: str(v.reason), out: str(v.out) }),
    },
  },
  backup: {
    summary: 'Back up the embedded database to a .tar.gz (server must be stopped)',
    details:
      'Embedded PGlite only; on PostgreSQL use pg_dump. The master key is not in the backup: keep it separately.',
    example: 'lpn backup --out backups/lpn-2026-05-01.tar.gz',
    options: {
      out: { type: 'string', value: 'file', description: 'the backup file to write', required: true },
      force: { type: 'boolean', description: 'replace an existing file' },
    },
    run: {
      kind: 'config',
      fn: (config, v) => backupCommand(config, { out: str(v.out), force: v.force === true }),
    },
  },
  restore: {
    summary: 'Restore the embedded database from a backup (server must be stopped)',
    details:
      'Refuses a non-empty data dir unless --force; then the old data dir is moved aside, not deleted.\n' +
      'Embedded PGlite only; on PostgreSQL use pg_restore.',
    example: 'lpn restore --from backups/lpn-2026-05-01.tar.gz',
    options: {
      from: { type: 'string', value: 'file', description: 'a file written by `lpn backup`', required: true },
      force: { type: 'boolean', description: 'move an existing data dir aside and restore in its place' },
    },
    run: {
      kind: 'config',
      fn: (config, v) => restoreCommand(config, { from: str(v.from), force: v.force === true }),
    },
  },
  migrate: {
    summary: 'Apply database migrations only',
    details: 'The server also migrates at start; use this to migrate ahead of a deployment.',
    example: 'lpn migrate',
    options: {},
    run: { kind: 'config', fn: (config) => migrateCommand(config) },
  },
};

const ENVIRONMENT = [
  'Environment (as for the server):',
  '  DATABASE_URL              PostgreSQL; when unset the embedded database in LPN_DATA_DIR (default ./.data)',
  '  LPN_MASTER_KEY            base64 32-byte master key; when unset the key file LPN_KEY_FILE (default ./.keys/master.key)',
  '  LPN_PREVIOUS_MASTER_KEYS  older master keys, comma-separated (during a rotation)',
  '  LPN_PUBLIC_URL            origin used in printed links (default http://localhost:PORT)',
  '  LPN_SMTP_URL              send invitation e-mails',
];

/** `lpn --help`: every command with its summary. */
export function mainHelp(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  return [
    'LPN Workspace command-line tool',
    '',
    'Usage: lpn <command> [options]      (from a checkout: npm run lpn -- <command> [options])',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `lpn <command> --help` for its options.',
    '',
    ...ENVIRONMENT,
  ].join('\n');
}

/** `lpn <command> --help`. */
export function commandHelp(name: string): string {
  const command = commands[name];
  const usage = Object.entries(command.options)
    .map(([option, spec]) => {
      const text = spec.type === 'string' ? `--${option} <${spec.value}>` : `--${option}`;
      return spec.required ? text : `[${text}]`;
    })
    .join(' ');
  const labels = Object.entries(command.options).map(([option, spec]) =>
    spec.type === 'string' ? `--${option} <${spec.value}>` : `--${option}`,
  );
  const width = Math.max(0, ...labels.map((l) => l.length));
  return [
    `Usage: lpn ${name}${usage ? ' ' + usage : ''}`,
    '',
    command.summary + '.',
    command.details,
    '',
    ...(labels.length
      ? [
          'Options:',
          ...Object.values(command.options).map(
            (spec, i) =>
              `  ${labels[i].padEnd(width)}  ${spec.description}${spec.required ? ' (required)' : ''}`,
          ),
          '',
        ]
      : []),
    'Example:',
    `  ${command.example}`,
  ].join('\n');
}

export interface CliIo {
  env?: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
}

/** Parses argv, runs one command against the configured database and returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(mainHelp());
    return name ? 0 : 1;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.err(`Unknown command "${name}". Run \`lpn --help\` for the list of commands.`);
    return 1;
  }
  let values: Values;
  try {
    const parsed = parseArgs({
      args: rest,
      options: {
        ...Object.fromEntries(
          Object.entries(command.options).map(([option, spec]) => [option, { type: spec.type }]),
        ),
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
    values = parsed.values as Values;
  } catch (error) {
    io.err(`${(error as Error).message}\nRun \`lpn ${name} --help\` for its options.`);
    return 1;
  }
  if (values.help) {
    io.out(commandHelp(name));
    return 0;
  }
  const missing = Object.entries(command.options).filter(
    ([option, spec]) => spec.required && values[option] === undefined,
  );
  if (missing.length) {
    io.err(
      `Missing ${missing.map(([option]) => `--${option}`).join(', ')}. Run \`lpn ${name} --help\` for its options.`,
    );
    return 1;
  }

  try {
    const config = loadConfig(io.env ?? process.env);
    let result: CliResult;
    if (command.run.kind === 'config') {
      result = await command.run.fn(config, values);
    } else {
      const opened = await openCliContext(config, { warn: (message) => io.err(message) });
      try {
        result = await command.run.fn(opened.context, values);
      } finally {
        await opened.close();
      }
    }
    io.out(result.output);
    return result.exitCode;
  } catch (error) {
    if (error instanceof CliError) io.err(`Error: ${error.message}`);
    else if (error instanceof ConfigError) io.err(error.message);
    else if (error instanceof AppError) io.err(`Error: ${error.detail ?? error.code}`);
    else
      io.err(`Unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  }
}
