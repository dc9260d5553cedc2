import crypto from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, ORIGIN, PASSWORD, type TestApp } from '../../test/harness.js';
import { configSchema } from '../platform/config.js';
import { migrateDatabase, openDatabase } from '../platform/db/index.js';
import { generateMasterKeyBase64, makeKeyring, masterKeyFromBase64 } from '../platform/crypto/crypto.js';
import { cityKey } from '../platform/crypto/crypto.table.js';
import { CityKeys } from '../platform/crypto/keys.js';
import { auditEvent } from '../platform/audit/audit.table.js';
import { session, twoFactor, user } from '../platform/auth/auth.table.js';
import { city } from '../modules/cities/cities.table.js';
import { createCity } from '../modules/cities/cities.service.js';
import { membership } from '../modules/people/people.table.js';
import { PHONE_CONTEXT } from '../modules/people/people.service.js';
import { CliError, cliActor, cliAuditActor, type CliContext } from './context.js';
import { createCityCommand, inviteCommand } from './cities.js';
import { createUserCommand, reset2faCommand, unlockAccountCommand } from './users.js';
import { exportCityCommand, verifyAuditCommand } from './audit.js';
import { rotateKeysCommand } from './keys.js';
import { backupCommand, restoreCommand } from './backup.js';
import { runCli } from './commands.js';

let t: TestApp;
let ctx: CliContext;
let tmp: string;

beforeAll(async () => {
  t = await createTestApp();
  ctx = { deps: t.deps, baseUrl: ORIGIN };
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lpn-cli-'));
});
afterAll(async () => {
  await t.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const tokenOf = (output: string) => /\/invite\/([\w-]+)/.exec(output)![1];

async function auditRows(cityId: string) {
  return t.deps.db.select().from(auditEvent).where(eq(auditEvent.cityId, cityId)).orderBy(auditEvent.seq);
}

describe('create-city and invite', () => {
  it('creates a city whose chair invitation link works: accept through the API, then sign in', async () => {
    const result = await createCityCommand(ctx, {
      name: 'Kumanovo',
      slug: 'kumanovo',
      country: 'MK',
      locale: 'mk',
      chairEmail: 'Chair@Kumanovo.test',
    });
    expect(result.exitCode).toBe(0);
    expect(result.output).toMatch(new RegExp(`${ORIGIN}/invite/[\\w-]{40,}`));
    expect(result.output).toContain('e-mailed');
    expect(t.mail.at(-1)?.text).toContain(tokenOf(result.output));

    const accepted = await t.call({
      method: 'POST',
      url: `/api/invitations/${tokenOf(result.output)}/accept`,
      payload: { name: 'Chair Person', password: PASSWORD },
    });
    expect(accepted.statusCode).toBe(200);
    const cookie = await t.signIn('chair@kumanovo.test');
    const me = await t.call({ method: 'GET', url: '/api/me', cookie });
    expect(me.json().memberships[0]).toMatchObject({ role: 'chair' });

    const [row] = await t.deps.db.select().from(city).where(eq(city.slug, 'kumanovo'));
    expect(row).toMatchObject({ name: 'Kumanovo', country: 'MK', defaultLocale: 'mk' });
    const audit = await auditRows(row.id);
    expect(audit.slice(0, 2).map((a) => [a.action, a.recordType, a.actorRole])).toEqual([
      ['create', 'city', 'cli'],
      ['create', 'invitation', 'cli'],
    ]);
  });

  it('invites into an existing city with a link that creates the account', async () => {
    const result = await inviteCommand(ctx, {
      city: 'kumanovo',
      email: 'member@kumanovo.test',
      role: 'member',
      organisation: 'Social Services',
    });
    expect(result.output).toContain(`${ORIGIN}/invite/`);
    const accepted = await t.call({
      method: 'POST',
      url: `/api/invitations/${tokenOf(result.output)}/accept`,
      payload: { name: 'Member Person', password: PASSWORD },
    });
    expect(accepted.statusCode).toBe(200);
    const [m] = await t.deps.db
      .select()
      .from(membership)
      .innerJoin(user, eq(user.id, membership.userId))
      .where(eq(user.email, 'member@kumanovo.test'));
    expect(m.membership).toMatchObject({ role: 'member', organisation: 'Social Services' });
  });

  it('says when no SMTP is configured, and refuses bad input and unknown cities clearly', async () => {
    const noSmtp = { ...ctx, deps: { ...t.deps, mailer: { configured: false, send: async () => false } } };
    const result = await inviteCommand(noSmtp, { city: 'kumanovo', email: 'p@x.test', role: 'partner' });
    expect(result.output).toContain('not e-mailed: no SMTP configured');
    await expect(inviteCommand(ctx, { city: 'nowhere', email: 'p@x.test', role: 'member' })).rejects.toThrow(
      /No city with the short name/,
    );
    await expect(inviteCommand(ctx, { city: 'kumanovo', email: 'p@x.test', role: 'king' })).rejects.toThrow(
      /--role/,
    );
    await expect(createCityCommand(ctx, { name: 'Bad', slug: 'Not A Slug' })).rejects.toThrow(/--slug/);
  });
});

describe('create-user', () => {
  it('creates an account with a generated password shown once, a city role and platform admin', async () => {
    const result = await createUserCommand(ctx, {
      email: 'ops@x.test',
      name: 'Ops Person',
      city: 'kumanovo',
      role: 'coordinator',
      platformAdmin: true,
    });
    const password = /generated password[^:]*: (\S+)/.exec(result.output)![1];
    expect(password.length).toBeGreaterThanOrEqual(20);
    const cookie = await t.signIn('ops@x.test', { password });
    const me = await t.call({ method: 'GET', url: '/api/me', cookie });
    expect(me.json()).toMatchObject({ isPlatformAdmin: true });
    await expect(createUserCommand(ctx, { email: 'ops@x.test', name: 'Again' })).rejects.toThrow(
      /already exists/,
    );
    await expect(
      createUserCommand(ctx, { email: 'short@x.test', name: 'S', password: 'short' }),
    ).rejects.toThrow(/--password/);
  });
});

describe('reset-2fa', () => {
  it('removes the authenticator, revokes every session and audits in each of their cities', async () => {
    const cityA = await t.createCity('reset-a');
    const cityB = await t.createCity('reset-b');
    const userId = await t.createPerson({ email: 'lost@x.test', cityId: cityA, role: 'member' });
    await t.deps.db.insert(membership).values({ cityId: cityB, userId, role: 'auditor' });
    const enrolled = await t.enrol2fa(await t.signIn('lost@x.test'));
    const other = await t.signIn('lost@x.test', { totpUri: enrolled.totpUri });
    expect((await t.call({ method: 'GET', url: '/api/me', cookie: other })).statusCode).toBe(200);

    const result = await reset2faCommand(ctx, { email: 'LOST@x.test' });
    expect(result.exitCode).toBe(0);
    expect(await t.deps.db.select().from(twoFactor).where(eq(twoFactor.userId, userId))).toHaveLength(0);
    expect(await t.deps.db.select().from(session).where(eq(session.userId, userId))).toHaveLength(0);
    const [u] = await t.deps.db.select().from(user).where(eq(user.id, userId));
    expect(u.twoFactorEnabled).toBe(false);
    expect((await t.call({ method: 'GET', url: '/api/me', cookie: other })).statusCode).toBe(401);
    // Password alone signs in again (no TOTP step) so they can enrol a new authenticator.
    const fresh = await t.signIn('lost@x.test');
    expect(
      (await t.call({ method: 'GET', url: '/api/me', cookie: fresh })).json().user.twoFactorEnabled,
    ).toBe(false);

    for (const cityId of [cityA, cityB]) {
      const last = (await auditRows(cityId)).at(-1)!;
      expect(last).toMatchObject({
        action: 'reset-2fa',
        recordType: 'user',
        recordId: userId,
        actorRole: 'cli',
      });
    }
    await expect(reset2faCommand(ctx, { email: 'nobody@x.test' })).rejects.toThrow(CliError);
  });
});

describe('unlock-account', () => {
  it('lifts a sign-in lockout at once, audits it in their cities, and says when there was none', async () => {
    const cityId = await t.createCity('unlock-a');
    const userId = await t.createPerson({ email: 'locked@x.test', cityId, role: 'member' });
    const signIn = (password: string) =>
      t.call({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        payload: { email: 'locked@x.test', password },
      });
    for (let i = 0; i < 5; i++) expect((await signIn(`wrong-password-${i}-x`)).statusCode).toBe(401);
    expect((await signIn(PASSWORD)).statusCode).toBe(429);

    const result = await unlockAccountCommand(ctx, { email: 'LOCKED@x.test' });
    expect(result.exitCode).toBe(0);
    expect(result.output).toContain('Unlocked account');
    expect((await signIn(PASSWORD)).statusCode).toBe(200);
    const events = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, cityId), eq(auditEvent.action, 'unlock-account')));
    expect(events.map((e) => e.recordId)).toEqual([userId]);

    expect((await unlockAccountCommand(ctx, { email: 'locked@x.test' })).output).toContain('was not locked');
    await expect(unlockAccountCommand(ctx, { email: 'nobody@x.test' })).rejects.toThrow(/No account/);
  });
});

describe('verify-audit', () => {
  it('reports ok chains, then names the first tampered event and exits 1', async () => {
    const cityId = await t.createCity('tampered');
    await inviteCommand(ctx, { city: 'tampered', email: 'a@x.test', role: 'member' });
    await inviteCommand(ctx, { city: 'tampered', email: 'b@x.test', role: 'member' });
    const before = await verifyAuditCommand(ctx, {});
    expect(before.exitCode).toBe(0);
    expect(before.output).toContain('tampered: ok (3 events)');
    expect(before.output).toMatch(/kumanovo: ok \(\d+ events\)/);

    // A superuser could bypass the append-only trigger; the chain still shows it.
    await t.deps.db.execute(sql`ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update_delete`);
    await t.deps.db
      .update(auditEvent)
      .set({ action: 'read' })
      .where(and(eq(auditEvent.cityId, cityId), eq(auditEvent.seq, 2)));
    await t.deps.db.execute(sql`ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update_delete`);

    const after = await verifyAuditCommand(ctx, {});
    expect(after.exitCode).toBe(1);
    expect(after.output).toContain('tampered: BROKEN at event #2: hash-mismatch');
    expect(after.output).toMatch(/kumanovo: ok/);
    const one = await verifyAuditCommand(ctx, { city: 'kumanovo' });
    expect(one).toMatchObject({ exitCode: 0 });
    expect(one.output).not.toContain('tampered');
  });
});

describe('export-city', () => {
  it('requires a reason, exports decrypted phones without token hashes, audits first, writes mode 0600', async () => {
    const cityId = await t.createCity('exported');
    const userId = await t.createPerson({
      email: 'phone@x.test',
      name: 'Phone Owner',
      cityId,
      role: 'member',
    });
    const phoneEnc = await t.deps.keys.encrypt(cityId, PHONE_CONTEXT, '+389 70 123 456');
    await t.deps.db.update(membership).set({ phoneEnc }).where(eq(membership.userId, userId));
    await inviteCommand(ctx, { city: 'exported', email: 'pending@x.test', role: 'partner' });

    await expect(exportCityCommand(ctx, { city: 'exported' })).rejects.toThrow(/--reason is required/);
    await expect(exportCityCommand(ctx, { city: 'exported', reason: '   ' })).rejects.toThrow(/--reason/);
    const countBefore = (await auditRows(cityId)).length;

    const file = path.join(tmp, 'export.json');
    const result = await exportCityCommand(ctx, {
      city: 'exported',
      reason: 'Subject access request #7',
      out: file,
    });
    expect(result.exitCode).toBe(0);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    const data = JSON.parse(text);
    expect(data.city).toMatchObject({ id: cityId, slug: 'exported' });
    expect(data.memberships).toEqual([
      expect.objectContaining({
        userId,
        name: 'Phone Owner',
        email: 'phone@x.test',
        phone: '+389 70 123 456',
      }),
    ]);
    expect(data.invitations).toEqual([expect.objectContaining({ email: 'pending@x.test', role: 'partner' })]);
    expect(text).not.toMatch(/tokenHash|token_hash/);
    expect(text).not.toContain(phoneEnc);

    const audit = await auditRows(cityId);
    expect(audit).toHaveLength(countBefore + 1);
    expect(audit.at(-1)).toMatchObject({
      action: 'export',
      recordType: 'city',
      recordId: cityId,
      actorRole: 'cli',
      reason: 'Subject access request #7',
    });
    expect(audit.at(-1)!.fields).toContain('phone');
    // The export contains its own audit row: nothing left the database unrecorded.
    expect(data.auditEvents.at(-1)).toMatchObject({ action: 'export', reason: 'Subject access request #7' });

    const stdout = await exportCityCommand(ctx, { city: 'exported', reason: 'again' });
    expect(JSON.parse(stdout.output).memberships[0].phone).toBe('+389 70 123 456');
  });
});

describe('rotate-keys', () => {
  it('re-wraps every city key so data written before reads with only the new master key', async () => {
    const own = await createTestApp();
    try {
      const cityIds = [await own.createCity('rot-a'), await own.createCity('rot-b')];
      const sealed = await Promise.all(
        cityIds.map((id) => own.deps.keys.encrypt(id, PHONE_CONTEXT, `+1 555 ${id.slice(0, 4)}`)),
      );
      const oldKey = own.deps.keyring.current;
      const newKey = masterKeyFromBase64(generateMasterKeyBase64());
      const rotating = { deps: { ...own.deps, keyring: makeKeyring(newKey, [oldKey]) }, baseUrl: ORIGIN };

      const result = await rotateKeysCommand(rotating);
      expect(result.output).toContain(`Re-wrapped 2 of 2 city data key(s) under master key ${newKey.id}`);
      const rows = await own.deps.db.select().from(cityKey);
      expect(rows.map((r) => r.masterKeyId)).toEqual([newKey.id, newKey.id]);

      const onlyNew = new CityKeys(own.deps.db, makeKeyring(newKey));
      for (const [i, id] of cityIds.entries()) {
        expect(await onlyNew.decrypt(id, PHONE_CONTEXT, sealed[i])).toBe(`+1 555 ${id.slice(0, 4)}`);
      }
      const onlyOld = new CityKeys(own.deps.db, makeKeyring(oldKey));
      await expect(onlyOld.decrypt(cityIds[0], PHONE_CONTEXT, sealed[0])).rejects.toThrow(/not configured/);
      expect((await rotateKeysCommand(rotating)).output).toContain('Re-wrapped 0 of 2');

      // Without the key that wraps them, nothing changes and the message says what to configure.
      const stranger = {
        deps: { ...own.deps, keyring: makeKeyring(masterKeyFromBase64(generateMasterKeyBase64())) },
        baseUrl: ORIGIN,
      };
      await expect(rotateKeysCommand(stranger)).rejects.toThrow(/LPN_PREVIOUS_MASTER_KEYS/);

      // Embedded default: --new-key-file generates the next key (mode 0600) and makes it current.
      const file = path.join(tmp, 'keys', 'next.key');
      const viaFile = await rotateKeysCommand(
        { deps: { ...own.deps, keyring: makeKeyring(newKey) }, baseUrl: ORIGIN },
        { newKeyFile: file },
      );
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      const fileKey = masterKeyFromBase64(fs.readFileSync(file, 'utf8'));
      expect(viaFile.output).toContain(`Re-wrapped 2 of 2 city data key(s) under master key ${fileKey.id}`);
      const fromFile = new CityKeys(own.deps.db, makeKeyring(fileKey));
      expect(await fromFile.decrypt(cityIds[1], PHONE_CONTEXT, sealed[1])).toBe(
        `+1 555 ${cityIds[1].slice(0, 4)}`,
      );
    } finally {
      await own.close();
    }
  });
});

describe('backup and restore (embedded PGlite)', () => {
  it('round-trips a data dir through a .tar.gz and refuses to overwrite without --force', async () => {
    const dirA = path.join(tmp, 'data-a');
    const dirB = path.join(tmp, 'data-b');
    const keyring = makeKeyring(masterKeyFromBase64(crypto.randomBytes(32).toString('base64')));
    const configA = configSchema.parse({ dataDir: dirA, keyFile: path.join(tmp, 'unused.key') });
    const configB = { ...configA, dataDir: dirB };

    const a = await openDatabase({ kind: 'pglite', dataDir: dirA });
    let cityId: string;
    let sealed: string;
    try {
      await migrateDatabase(a);
      const keys = new CityKeys(a.db, keyring);
      const created = await createCity({ db: a.db, keys }, cliActor, cliAuditActor('test'), {
        name: 'Backed Up',
        slug: 'backed-up',
        defaultLocale: 'en',
      });
      cityId = created.city.id;
      sealed = await keys.encrypt(cityId, PHONE_CONTEXT, '+389 2 000 000');
    } finally {
      await a.close();
    }

    const out = path.join(tmp, 'backup.tar.gz');
    const backedUp = await backupCommand(configA, { out });
    expect(backedUp.output).toContain('master key');
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(out).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip
    await expect(backupCommand(configA, { out })).rejects.toThrow(/--force/);

    await expect(restoreCommand(configA, { from: out })).rejects.toThrow(/not empty/);
    const restored = await restoreCommand(configB, { from: out });
    expect(restored.output).toContain(`into ${dirB}`);

    const b = await openDatabase({ kind: 'pglite', dataDir: dirB });
    try {
      const [row] = await b.db.select().from(city).where(eq(city.slug, 'backed-up'));
      expect(row?.id).toBe(cityId);
      expect(await new CityKeys(b.db, keyring).decrypt(cityId, PHONE_CONTEXT, sealed)).toBe('+389 2 000 000');
    } finally {
      await b.close();
    }

    // --force moves the existing data dir aside rather than deleting it.
    await restoreCommand(configB, { from: out, force: true });
    expect(fs.readdirSync(tmp).some((name) => name.startsWith('data-b.before-restore-'))).toBe(true);

    const onPostgres = { ...configA, databaseUrl: 'postgres://127.0.0.1:1/none' };
    await expect(backupCommand(onPostgres, { out: path.join(tmp, 'x.tar.gz') })).rejects.toThrow(/pg_dump/);
    await expect(restoreCommand(onPostgres, { from: out })).rejects.toThrow(/pg_restore/);
  });
});

describe('argument handling', () => {
  it('rejects missing options and unknown flags before touching the database', async () => {
    const lines: string[] = [];
    const io = { out: (s: string) => lines.push(s), err: (s: string) => lines.push(s) };
    expect(await runCli(['invite', '--city', 'x'], io)).toBe(1);
    expect(lines.at(-1)).toMatch(/Missing --email, --role/);
    expect(await runCli(['verify-audit', '--bogus'], io)).toBe(1);
    expect(lines.at(-1)).toMatch(/Unknown option '--bogus'/);
    expect(await runCli(['export-city', '--help'], io)).toBe(0);
    expect(lines.at(-1)).toMatch(/Usage: lpn export-city --city <slug> --reason <text>/);
  });

  it('runs as a process: --help exits 0, an unknown command exits 1', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const help = spawnSync('npx', ['tsx', 'server/cli.ts', '--help'], { cwd: root, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('rotate-keys');
    const unknown = spawnSync('npx', ['tsx', 'server/cli.ts', 'frobnicate'], { cwd: root, encoding: 'utf8' });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('Unknown command "frobnicate"');
  });
});
