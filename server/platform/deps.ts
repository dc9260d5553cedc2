import type { AppConfig } from './config.js';
import type { Database, Db } from './db/index.js';
import type { Auth } from './auth/auth.js';
import type { CityKeys } from './crypto/keys.js';
import type { MasterKeyring } from './crypto/crypto.js';
import type { Mailer } from './mail/mailer.js';
import type { ScopeCache } from './auth/scope-cache.js';

/** Everything a module needs, built once in buildApp and passed down explicitly. */
export interface AppDeps {
  config: AppConfig;
  database: Database;
  db: Db;
  auth: Auth;
  keyring: MasterKeyring;
  keys: CityKeys;
  mailer: Mailer;
  sessionAbsoluteHours: number;
  scopeCache: ScopeCache;
}
