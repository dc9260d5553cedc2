import path from 'node:path';
import { z } from 'zod';

/** Process configuration read once from the environment; everything else receives it explicitly. */
export const configSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().default('127.0.0.1'),
  /** Public origin the browser uses; state-changing requests must come from it (CSRF check). */
  publicUrl: z.string().url().optional(),
  databaseUrl: z.string().optional(),
  dataDir: z.string().default(path.resolve('.data')),
  /** Base64 32-byte master key; when absent on the embedded default a key file is generated. */
  masterKey: z.string().optional(),
  previousMasterKeys: z.string().optional(),
  keyFile: z.string().default(path.resolve('.keys/master.key')),
  authSecret: z.string().optional(),
  smtpUrl: z.string().optional(),
  mailFrom: z.string().default('LPN Workspace <no-reply@localhost>'),
  sessionIdleMinutes: z.coerce.number().int().positive().default(30),
  sessionAbsoluteHours: z.coerce.number().int().positive().default(12),
  /** How long a node may reuse a resolved session/city scope; 0 turns the cache off. */
  sessionCacheMs: z.coerce.number().int().min(0).max(60_000).default(5000),
  logLevel: z.string().default('info'),
  seedDemo: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});
export type AppConfig = z.infer<typeof configSchema>;

/** The environment variable behind each config key: error messages name what the operator set. */
const envNames: Record<keyof AppConfig, string> = {
  port: 'PORT',
  host: 'HOST',
  publicUrl: 'LPN_PUBLIC_URL',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'LPN_DATA_DIR',
  masterKey: 'LPN_MASTER_KEY',
  previousMasterKeys: 'LPN_PREVIOUS_MASTER_KEYS',
  keyFile: 'LPN_KEY_FILE',
  authSecret: 'LPN_AUTH_SECRET',
  smtpUrl: 'LPN_SMTP_URL',
  mailFrom: 'LPN_MAIL_FROM',
  sessionIdleMinutes: 'LPN_SESSION_IDLE_MINUTES',
  sessionAbsoluteHours: 'LPN_SESSION_ABSOLUTE_HOURS',
  sessionCacheMs: 'LPN_SESSION_CACHE_MS',
  logLevel: 'LOG_LEVEL',
  seedDemo: 'LPN_SEED_DEMO',
};

/** A bad setting, told in one line that names the variable (main and the CLI print it, no stack). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Reads LPN_* and the conventional variables (PORT, DATABASE_URL) into a validated config. A variable
 * set to the empty string (or only spaces) counts as unset, as `LPN_PUBLIC_URL=` in a unit file means.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(
    Object.entries(envNames).map(([key, name]) => {
      const value = env[name]?.trim();
      return [key, value ? value : undefined];
    }),
  ) as Record<keyof AppConfig, string | undefined>;
  for (const key of ['dataDir', 'keyFile'] as const) if (raw[key]) raw[key] = path.resolve(raw[key]);
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = issue.path[0] as keyof AppConfig;
  const shown =
    key === 'masterKey' || key === 'authSecret' || key === 'previousMasterKeys' ? '' : ` (got "${raw[key]}")`;
  throw new ConfigError(`Configuration error: ${envNames[key] ?? String(key)}${shown}: ${issue.message}.`);
}
