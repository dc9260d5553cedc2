import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import {
  generateMasterKeyBase64,
  makeKeyring,
  masterKeyFromBase64,
  type MasterKeyring,
} from '../platform/crypto/crypto.js';
import { cityKey } from '../platform/crypto/crypto.table.js';
import { rewrapCityKeys } from '../platform/crypto/keys.js';
import { CliError, type CliContext, type CliResult } from './context.js';

/**
 * The keyring for `rotate-keys --new-key-file`: the key in that file (generated, mode 0600, when the
 * file does not exist yet, so a re-run after a failure reuses it) becomes current; every key the
 * configured keyring holds stays available for unwrapping.
 */
export function keyringWithNewKeyFile(
  configured: MasterKeyring,
  file: string,
): { keyring: MasterKeyring; generated: boolean } {
  const target = path.resolve(file);
  let generated = false;
  if (!fs.existsSync(target)) {
    fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
    fs.writeFileSync(target, generateMasterKeyBase64() + '\n', { mode: 0o600, flag: 'wx' });
    generated = true;
  }
  let next;
  try {
    next = masterKeyFromBase64(fs.readFileSync(target, 'utf8'));
  } catch (error) {
    throw new CliError(`${target}: ${(error as Error).message}`);
  }
  const previous = [...configured.all.values()].filter((k) => k.id !== next.id);
  return { keyring: makeKeyring(next, previous, true), generated };
}

/**
 * `lpn rotate-keys`: re-wraps every city data key under the keyring's current master key. The data
 * keys themselves do not change, so no personal field is re-encrypted and a serving app (on
 * PostgreSQL) keeps working as long as it still knows the old master key.
 */
export async function rotateKeysCommand(
  ctx: CliContext,
  args: { newKeyFile?: string } = {},
): Promise<CliResult> {
  const lines: string[] = [];
  let keyring = ctx.deps.keyring;
  if (args.newKeyFile) {
    const made = keyringWithNewKeyFile(keyring, args.newKeyFile);
    keyring = made.keyring;
    lines.push(
      made.generated
        ? `Generated a new master key in ${path.resolve(args.newKeyFile)} (mode 0600).`
        : `Using the master key already in ${path.resolve(args.newKeyFile)}.`,
    );
  }
  const [{ total }] = await ctx.deps.db.select({ total: sql<number>`count(*)::int` }).from(cityKey);
  let rewrapped: number;
  try {
    rewrapped = await rewrapCityKeys(ctx.deps.db, keyring);
  } catch (error) {
    throw new CliError(
      `${(error as Error).message}. Every master key that still wraps a city key must be configured: add it to LPN_PREVIOUS_MASTER_KEYS (comma-separated) and run again.`,
    );
  }
  lines.push(
    `Re-wrapped ${rewrapped} of ${total} city data key(s) under master key ${keyring.current.id}` +
      (total - rewrapped ? ` (${total - rewrapped} already under it).` : '.'),
  );
  if (args.newKeyFile) {
    lines.push(
      `Next: point LPN_KEY_FILE at ${path.resolve(args.newKeyFile)} (or move it over the old key file), start the`,
      '  server, check it reads personal data, then destroy the old key file and its backups.',
    );
  } else if (keyring.all.size > 1) {
    lines.push(
      'Next: once every app node runs with the new LPN_MASTER_KEY, remove LPN_PREVIOUS_MASTER_KEYS.',
    );
  }
  return { output: lines.join('\n'), exitCode: 0 };
}
