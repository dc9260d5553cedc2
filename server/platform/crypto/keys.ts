import crypto from 'node:crypto';
import { and, desc, eq, ne } from 'drizzle-orm';
import type { Db } from '../db/index.js';
import { cityKey } from './crypto.table.js';
import {
  ciphertextKeyVersion,
  decryptField,
  encryptField,
  unwrapDataKey,
  wrapDataKey,
  blindIndex,
  type MasterKeyring,
} from './crypto.js';

interface UnwrappedKey {
  version: number;
  key: Buffer;
}

/**
 * City data keys: created with the city, unwrapped on first use and kept in memory only.
 * Encrypt/decrypt of personal fields goes through here so no caller ever handles a raw key.
 */
export class CityKeys {
  private cache = new Map<string, UnwrappedKey>(); // `${cityId}:${version}`
  private current = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly keyring: MasterKeyring,
  ) {}

  /** Creates version 1 of a new city's data key (inside the city-creation transaction). */
  async createForCity(tx: Db, cityId: string): Promise<void> {
    const dataKey = crypto.randomBytes(32);
    await tx.insert(cityKey).values({
      cityId,
      version: 1,
      masterKeyId: this.keyring.current.id,
      wrappedKey: wrapDataKey(this.keyring.current, cityId, dataKey),
    });
  }

  private async load(cityId: string, version?: number): Promise<UnwrappedKey> {
    if (version === undefined) {
      const known = this.current.get(cityId);
      if (known !== undefined) return this.load(cityId, known);
    } else {
      const cached = this.cache.get(`${cityId}:${version}`);
      if (cached) return cached;
    }
    const where =
      version === undefined
        ? eq(cityKey.cityId, cityId)
        : and(eq(cityKey.cityId, cityId), eq(cityKey.version, version));
    const [row] = await this.db.select().from(cityKey).where(where).orderBy(desc(cityKey.version)).limit(1);
    if (!row) throw new Error('No data key for this city');
    const master = this.keyring.all.get(row.masterKeyId);
    if (!master)
      throw new Error(`The master key ${row.masterKeyId} that wraps this city's key is not configured`);
    const unwrapped = { version: row.version, key: unwrapDataKey(master, cityId, row.wrappedKey) };
    this.cache.set(`${cityId}:${row.version}`, unwrapped);
    if (version === undefined) this.current.set(cityId, row.version);
    return unwrapped;
  }

  /** Encrypts a personal field; `context` names the field (e.g. "membership.phone") and is bound in. */
  async encrypt(cityId: string, context: string, value: string): Promise<string> {
    const { key, version } = await this.load(cityId);
    return encryptField(key, version, `${cityId}:${context}`, value);
  }

  async decrypt(cityId: string, context: string, ciphertext: string): Promise<string> {
    const { key } = await this.load(cityId, ciphertextKeyVersion(ciphertext));
    return decryptField(key, `${cityId}:${context}`, ciphertext);
  }

  /** Keyed hash of a normalised value for equality matching inside one city. */
  async blindIndex(cityId: string, purpose: string, normalised: string): Promise<string> {
    const { key } = await this.load(cityId, 1);
    return blindIndex(key, purpose, normalised);
  }
}

/**
 * Re-wraps every city data key that is not under the current master key. Data is not re-encrypted
 * (the data keys do not change), so it runs while the app serves: nodes that still hold the old
 * master in LPN_PREVIOUS_MASTER_KEYS keep working throughout. Returns how many keys were re-wrapped.
 */
export async function rewrapCityKeys(db: Db, keyring: MasterKeyring): Promise<number> {
  const stale = await db.select().from(cityKey).where(ne(cityKey.masterKeyId, keyring.current.id));
  let count = 0;
  for (const row of stale) {
    const master = keyring.all.get(row.masterKeyId);
    if (!master)
      throw new Error(`Master key ${row.masterKeyId} is needed to re-wrap; pass it as a previous key`);
    const dataKey = unwrapDataKey(master, row.cityId, row.wrappedKey);
    await db
      .update(cityKey)
      .set({
        masterKeyId: keyring.current.id,
        wrappedKey: wrapDataKey(keyring.current, row.cityId, dataKey),
        rewrappedAt: new Date(),
      })
      .where(
        and(
          eq(cityKey.cityId, row.cityId),
          eq(cityKey.version, row.version),
          eq(cityKey.masterKeyId, row.masterKeyId),
        ),
      );
    count++;
  }
  return count;
}
