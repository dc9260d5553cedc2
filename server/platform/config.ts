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

/** Reads LPN_* and the conventional variables (PORT, DATABASE_URL) into a validated config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return configSchema.parse({
    port: env.PORT,
    host: env.HOST,
    publicUrl: env.LPN_PUBLIC_URL,
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.LPN_DATA_DIR ? path.resolve(env.LPN_DATA_DIR) : undefined,
    masterKey: env.LPN_MASTER_KEY || undefined,
    previousMasterKeys: env.LPN_PREVIOUS_MASTER_KEYS || undefined,
    keyFile: env.LPN_KEY_FILE ? path.resolve(env.LPN_KEY_FILE) : undefined,
    authSecret: env.LPN_AUTH_SECRET || undefined,
    smtpUrl: env.LPN_SMTP_URL || undefined,
    mailFrom: env.LPN_MAIL_FROM || undefined,
    sessionIdleMinutes: env.LPN_SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: env.LPN_SESSION_ABSOLUTE_HOURS,
    sessionCacheMs: env.LPN_SESSION_CACHE_MS,
    logLevel: env.LOG_LEVEL,
    seedDemo: env.LPN_SEED_DEMO,
  });
}
