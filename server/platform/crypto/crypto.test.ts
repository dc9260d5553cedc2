import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import {
  blindIndex,
  decryptField,
  encryptField,
  generateMasterKeyBase64,
  makeKeyring,
  masterKeyFromBase64,
} from './crypto.js';
import { CityKeys, rewrapCityKeys } from './keys.js';
import { rawRows } from '../db/index.js';

describe('field encryption', () => {
  const key = Buffer.alloc(32, 7);
  it('round-trips and never stores the plaintext', () => {
    const sealed = encryptField(key, 1, 'c1:membership.phone', '+389 70 123 456');
    expect(sealed).not.toContain('123');
    expect(decryptField(key, 'c1:membership.phone', sealed)).toBe('+389 70 123 456');
    expect(encryptField(key, 1, 'c1:membership.phone', 'same')).not.toBe(
      encryptField(key, 1, 'c1:membership.phone', 'same'),
    );
  });
  it('refuses a ciphertext moved to another field or city, or altered', () => {
    const sealed = encryptField(key, 1, 'c1:membership.phone', 'secret');
    expect(() => decryptField(key, 'c2:membership.phone', sealed)).toThrow();
    expect(() => decryptField(key, 'c1:case.name', sealed)).toThrow();
    const flipped = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B' : 'A') + sealed.slice(-1);
    expect(() => decryptField(key, 'c1:membership.phone', flipped)).toThrow();
  });
  it('gives equal keyed hashes for equal values only within one key', () => {
    expect(blindIndex(key, 'person', 'ana|2010-01-01')).toBe(blindIndex(key, 'person', 'ana|2010-01-01'));
    expect(blindIndex(key, 'person', 'ana|2010-01-01')).not.toBe(
      blindIndex(Buffer.alloc(32, 8), 'person', 'ana|2010-01-01'),
    );
  });
});

describe('city keys in the database', () => {
  let t: TestApp;
  let cityId: string;
  const PHONE = '+254 711 987 654';

  beforeAll(async () => {
    t = await createTestApp();
    cityId = await t.createCity('cryptoville');
    const userId = await t.createPerson({ email: 'p@x.test', cityId, role: 'coordinator' });
    const cookie = await t.signIn('p@x.test');
    const r = await t.call({
      method: 'PATCH',
      url: `/api/cities/${cityId}/people/${userId}`,
      cookie,
      payload: { phone: PHONE },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().phone).toBe(PHONE);
  });
  afterAll(() => t.close());

  it('a raw dump of every table holds no plaintext of an encrypted field, nor the data key', async () => {
    const tables = await rawRows<{ table_name: string }>(
      t.deps.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    );
    let dump = '';
    for (const { table_name } of tables) {
      const rows = await rawRows<{ row: string }>(
        t.deps.db,
        sql`select t::text as row from ${sql.identifier(table_name)} t`,
      );
      dump += rows.map((r) => r.row).join('\n');
    }
    expect(dump).toContain('v1.1.'); // the ciphertext is there
    for (const fragment of [PHONE, '711 987 654', '711987654']) expect(dump).not.toContain(fragment);
    expect(dump).not.toContain(t.deps.keyring.current.key.toString('base64'));
    if (t.database.pglite) {
      // The embedded database's files themselves, as a backup would copy them.
      const files = Buffer.from(await (await t.database.pglite.dumpDataDir('none')).arrayBuffer());
      expect(files.includes(Buffer.from('711 987 654'))).toBe(false);
    }
  });

  it('re-wraps city keys under a new master key; data stays readable with only the new key', async () => {
    const before = await new CityKeys(t.deps.db, t.deps.keyring).encrypt(
      cityId,
      'test.field',
      'still readable',
    );
    const next = masterKeyFromBase64(generateMasterKeyBase64());
    const rotating = makeKeyring(next, [t.deps.keyring.current]);
    expect(await rewrapCityKeys(t.deps.db, rotating)).toBeGreaterThanOrEqual(1);
    expect(await rewrapCityKeys(t.deps.db, rotating)).toBe(0); // idempotent
    const onlyNew = new CityKeys(t.deps.db, makeKeyring(next));
    expect(await onlyNew.decrypt(cityId, 'test.field', before)).toBe('still readable');
    const onlyOld = new CityKeys(t.deps.db, makeKeyring(t.deps.keyring.current));
    await expect(onlyOld.decrypt(cityId, 'test.field', before)).rejects.toThrow(/not configured/);
  });
});
