import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const KEY_BYTES = 32;

/** A master key: identified by a short fingerprint so wrapped keys say which master wraps them. */
export interface MasterKey {
  id: string;
  key: Buffer;
}

export function masterKeyFromBase64(encoded: string): MasterKey {
  const key = Buffer.from(encoded.trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error('A master key must be 32 bytes, base64-encoded');
  const id = crypto.createHash('sha256').update(key).digest('hex').slice(0, 16);
  return { id, key };
}

export function generateMasterKeyBase64(): string {
  return crypto.randomBytes(KEY_BYTES).toString('base64');
}

/** The current master key plus older ones still accepted for unwrapping during a rotation. */
export interface MasterKeyring {
  current: MasterKey;
  all: Map<string, MasterKey>;
  /** True when the key came from a generated file rather than LPN_MASTER_KEY / a KMS. */
  fromGeneratedFile: boolean;
}

export function makeKeyring(current: MasterKey, previous: MasterKey[] = [], fromGeneratedFile = false) {
  const all = new Map<string, MasterKey>([[current.id, current]]);
  for (const key of previous) all.set(key.id, key);
  return { current, all, fromGeneratedFile } satisfies MasterKeyring;
}

/**
 * Loads the master key from LPN_MASTER_KEY, or on the embedded default from a key file outside the
 * data directory, generating it (mode 0600) the first time. `warn` is told loudly when that happens.
 */
export function loadKeyring(
  options: { masterKey?: string; previousMasterKeys?: string; keyFile: string },
  warn: (message: string) => void,
): MasterKeyring {
  const previous = (options.previousMasterKeys ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(masterKeyFromBase64);
  if (options.masterKey) return makeKeyring(masterKeyFromBase64(options.masterKey), previous);
  if (!fs.existsSync(options.keyFile)) {
    fs.mkdirSync(path.dirname(options.keyFile), { recursive: true, mode: 0o700 });
    fs.writeFileSync(options.keyFile, generateMasterKeyBase64() + '\n', { mode: 0o600, flag: 'wx' });
    warn(
      `Generated a new master key in ${options.keyFile} (mode 0600). Personal data is encrypted with it: ` +
        `back it up separately from the database, and in production set LPN_MASTER_KEY from a secret store instead.`,
    );
  } else {
    warn(
      `Using the master key file ${options.keyFile}. In production set LPN_MASTER_KEY from a secret store instead.`,
    );
  }
  return makeKeyring(masterKeyFromBase64(fs.readFileSync(options.keyFile, 'utf8')), previous, true);
}

function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

function open(key: Buffer, sealed: string, aad: string): Buffer {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'));
  if (!iv || !tag || !body) throw new Error('Malformed ciphertext');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(body), decipher.final()]);
}

/** Wraps a city data key with a master key; the city id is bound in so keys cannot be swapped between cities. */
export function wrapDataKey(master: MasterKey, cityId: string, dataKey: Buffer): string {
  return seal(master.key, dataKey, `city-key:${cityId}`);
}

export function unwrapDataKey(master: MasterKey, cityId: string, wrapped: string): Buffer {
  return open(master.key, wrapped, `city-key:${cityId}`);
}

/**
 * Encrypts one field value. The associated data binds the ciphertext to its city and field, so a
 * value copied into another field or city fails to decrypt instead of leaking.
 * Format: v1.<key version>.<iv>.<tag>.<ciphertext>
 */
export function encryptField(dataKey: Buffer, keyVersion: number, context: string, value: string): string {
  return `v1.${keyVersion}.${seal(dataKey, Buffer.from(value, 'utf8'), context)}`;
}

export function ciphertextKeyVersion(ciphertext: string): number {
  const [format, version] = ciphertext.split('.', 2);
  if (format !== 'v1' || !version) throw new Error('Unknown ciphertext format');
  return Number(version);
}

export function decryptField(dataKey: Buffer, context: string, ciphertext: string): string {
  const sealed = ciphertext.split('.').slice(2).join('.');
  return open(dataKey, sealed, context).toString('utf8');
}

/**
 * A keyed hash for equality look-ups on encrypted values (e.g. "possibly the same person"):
 * HMAC with a key derived from the city's data key, so it cannot be precomputed from outside.
 */
export function blindIndex(dataKey: Buffer, purpose: string, normalised: string): string {
  const indexKey = crypto.hkdfSync('sha256', dataKey, Buffer.alloc(0), `blind-index:${purpose}`, 32);
  return crypto.createHmac('sha256', Buffer.from(indexKey)).update(normalised).digest('base64url');
}
