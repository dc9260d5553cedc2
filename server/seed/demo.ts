import { eq, inArray } from 'drizzle-orm';
import { generateRandomString, symmetricDecrypt, symmetricEncrypt } from 'better-auth/crypto';
import type { Role } from '../../contracts/route.js';
import type { AppDeps } from '../platform/deps.js';
import { demoSeeders } from './demo-modules.js';
import { DemoTimeline } from './timeline.js';
import { account, platformAdmin, twoFactor, user } from '../platform/auth/auth.table.js';
import type { Db } from '../platform/db/index.js';
import { CityKeys } from '../platform/crypto/keys.js';
import { city } from '../modules/cities/cities.table.js';
import { DEFAULT_REQUIRE_2FA } from '../modules/cities/cities.service.js';
import { membership } from '../modules/people/people.table.js';
import { PHONE_CONTEXT } from '../modules/people/people.service.js';

export const DEMO_PASSWORD = 'demo-password-2026';
export const DEMO_CITY_SLUG = 'riverton';
/** The issuer authenticator apps show (the same as better-auth's two-factor plugin uses). */
const TOTP_ISSUER = 'LPN Workspace';

/** The demo's people; `joined` is how many days ago they joined (the history is about two years). */
export const demoAccounts: {
  email: string;
  name: string;
  role: Role | 'platform-admin';
  organisation?: string;
  joined: number;
}[] = [
  { email: 'admin@demo.lpn.local', name: 'Platform Admin', role: 'platform-admin', joined: 760 },
  {
    email: 'chair@demo.lpn.local',
    name: 'Amina Haddad',
    role: 'chair',
    organisation: 'Municipality — Mayor’s Office',
    joined: 740,
  },
  {
    email: 'coordinator@demo.lpn.local',
    name: 'Luka Petrovski',
    role: 'coordinator',
    organisation: 'Municipality — LPN Secretariat',
    joined: 740,
  },
  {
    email: 'member@demo.lpn.local',
    name: 'Grace Wanjiru',
    role: 'member',
    organisation: 'Social Services Department',
    joined: 730,
  },
  {
    email: 'partner@demo.lpn.local',
    name: 'Youssef Karam',
    role: 'partner',
    organisation: 'Youth Bridges (NGO)',
    joined: 610,
  },
  {
    email: 'liaison@demo.lpn.local',
    name: 'Elira Hoxha',
    role: 'national_liaison',
    organisation: 'National P/CVE Coordination Centre',
    joined: 720,
  },
  {
    email: 'analyst@demo.lpn.local',
    name: 'Sam Okello',
    role: 'network_analyst',
    organisation: 'SCN Management Unit',
    joined: 500,
  },
  {
    email: 'auditor@demo.lpn.local',
    name: 'Marie Dubois',
    role: 'auditor',
    organisation: 'Data Protection Office',
    joined: 690,
  },
];

/** Representatives without a demo sign-in of their own: [name, organisation, joined days ago]. */
const extraMembers: [string, string, number][] = [
  ['Fatima Zahra', 'Education Department', 730],
  ['Jovan Stojanov', 'Mental Health Centre', 700],
  ['Achieng Otieno', 'Community Affairs', 700],
  ['Besnik Krasniqi', 'Youth Council', 670],
  ['Nour El Hage', 'Women’s Association', 670],
  ['Pierre Martin', 'Police — Community Policing', 730],
];

const CITY_CREATED = 745;

function base32(bytes: Uint8Array): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** The otpauth URI an authenticator app scans, as better-auth builds it (secret = the string's bytes). */
export function totpUri(secret: string, email: string): string {
  const params = new URLSearchParams({
    secret: base32(new TextEncoder().encode(secret)),
    issuer: TOTP_ISSUER,
    digits: '6',
    period: '30',
  });
  return `otpauth://totp/${encodeURIComponent(TOTP_ISSUER)}:${encodeURIComponent(email)}?${params}`;
}

/**
 * Seeds the demo city "Riverton": one account per role and two years of network life ending today
 * (idempotent: does nothing when the city exists; returns false then). Everything is written in one
 * transaction with explicit past timestamps, and the audit chain is written once, in time order.
 * With `twoFactor` (the default) every demo account is enrolled in TOTP so a newcomer can sign in as
 * any role with an authenticator app (see demoSignInLines) — demo accounts only, never real ones.
 */
export async function seedDemo(deps: AppDeps, options: { twoFactor?: boolean } = {}): Promise<boolean> {
  const [exists] = await deps.db.select({ id: city.id }).from(city).where(eq(city.slug, DEMO_CITY_SLUG));
  if (exists) return false;
  const timeline = new DemoTimeline(new Date());
  const authContext = await deps.auth.$context;
  const passwordHash = await authContext.password.hash(DEMO_PASSWORD);
  const people: {
    email: string;
    name: string;
    role: Role | 'platform-admin';
    organisation?: string;
    joined: number;
  }[] = [
    ...demoAccounts,
    ...extraMembers.map(([name, organisation, joined], i) => ({
      email: `member${i + 2}@demo.lpn.local`,
      name,
      organisation,
      joined,
      role: 'member' as Role,
    })),
  ];
  const twoFactorRows: (typeof twoFactor.$inferInsert)[] = [];
  // LPN_DEMO_TWO_FACTOR=off leaves enrolment to the first sign-in (the browser journeys walk it).
  const enrol = options.twoFactor ?? process.env.LPN_DEMO_TWO_FACTOR !== 'off';
  const signIns = enrol ? demoAccounts.map((a) => a.email) : [];

  await deps.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    // Keys read through this transaction (the city's key is created in it).
    const keys = new CityKeys(tx, deps.keyring);
    const existing = new Map(
      (
        await tx
          .select({ id: user.id, email: user.email })
          .from(user)
          .where(
            inArray(
              user.email,
              people.map((p) => p.email),
            ),
          )
      ).map((u) => [u.email, u.id]),
    );
    const ids = new Map<string, string>();
    const newUsers: (typeof user.$inferInsert)[] = [];
    const newAccounts: (typeof account.$inferInsert)[] = [];
    for (const person of people) {
      const known = existing.get(person.email);
      if (known) {
        ids.set(person.email, known);
        continue;
      }
      const id = generateRandomString(32, 'a-z', 'A-Z', '0-9');
      const at = timeline.daysAgo(person.joined + 2, 8);
      ids.set(person.email, id);
      newUsers.push({
        id,
        email: person.email,
        name: person.name,
        emailVerified: true,
        twoFactorEnabled: signIns.includes(person.email),
        createdAt: at,
        updatedAt: at,
      });
      newAccounts.push({
        id: generateRandomString(32, 'a-z', 'A-Z', '0-9'),
        userId: id,
        accountId: id,
        providerId: 'credential',
        password: passwordHash,
        createdAt: at,
        updatedAt: at,
      });
      if (signIns.includes(person.email)) {
        const codes = Array.from({ length: 10 }, () => generateRandomString(10, 'a-z', '0-9', 'A-Z'));
        twoFactorRows.push({
          id: generateRandomString(32, 'a-z', 'A-Z', '0-9'),
          userId: id,
          secret: await symmetricEncrypt({
            key: authContext.secretConfig,
            data: generateRandomString(32),
          }),
          backupCodes: await symmetricEncrypt({
            key: authContext.secretConfig,
            data: JSON.stringify(codes.map((c) => `${c.slice(0, 5)}-${c.slice(5)}`)),
          }),
          verified: true,
        });
      }
    }
    if (newUsers.length) {
      await tx.insert(user).values(newUsers);
      await tx.insert(account).values(newAccounts);
    }
    if (twoFactorRows.length) await tx.insert(twoFactor).values(twoFactorRows);
    const adminId = ids.get(demoAccounts[0].email)!;
    await tx.insert(platformAdmin).values({ userId: adminId }).onConflictDoNothing();

    const createdAt = timeline.daysAgo(CITY_CREATED, 10);
    const [row] = await tx
      .insert(city)
      .values({
        name: 'Riverton (demo)',
        slug: DEMO_CITY_SLUG,
        country: 'Demo',
        defaultLocale: 'en',
        settings: { require2faRoles: DEFAULT_REQUIRE_2FA },
        createdAt,
      })
      .returning({ id: city.id });
    const cityId = row.id;
    await keys.createForCity(tx, cityId);
    const admin = { userId: adminId, role: 'platform_admin', requestId: 'seed-demo' };
    timeline.audit(createdAt, admin, {
      action: 'create',
      recordType: 'city',
      recordId: cityId,
      fields: ['name', 'slug', 'country', 'defaultLocale'],
    });

    const members: (typeof membership.$inferInsert)[] = [];
    for (const [i, person] of people.entries()) {
      if (person.role === 'platform-admin') continue;
      const userId = ids.get(person.email)!;
      const joinedAt = timeline.daysAgo(person.joined, 11);
      members.push({
        cityId,
        userId,
        role: person.role,
        organisation: person.organisation ?? null,
        phoneEnc: await keys.encrypt(cityId, PHONE_CONTEXT, `+000 555 01${String(10 + i).padStart(2, '0')}`),
        joinedAt,
      });
      timeline.audit(
        joinedAt,
        person.role === 'chair'
          ? admin
          : { ...admin, userId: ids.get('chair@demo.lpn.local')!, role: 'chair' },
        {
          action: 'create',
          recordType: 'membership',
          recordId: userId,
          fields: ['role', 'organisation', 'phone'],
        },
      );
    }
    await tx.insert(membership).values(members);
    for (const seeder of demoSeeders)
      await seeder.seed({ deps, db: tx, keys, cityId, people: ids, timeline });
    await timeline.writeAudit(tx, cityId);
  });
  return true;
}

/**
 * The demo's sign-in lines for the start banner: each demo account, and — for accounts enrolled in
 * two-factor sign-in at seed — its authenticator URI. DEMO ONLY: never print secrets of real accounts.
 */
export async function demoSignInLines(deps: AppDeps): Promise<string[]> {
  const rows = await deps.db
    .select({ email: user.email, secret: twoFactor.secret })
    .from(user)
    .leftJoin(twoFactor, eq(twoFactor.userId, user.id))
    .where(
      inArray(
        user.email,
        demoAccounts.map((a) => a.email),
      ),
    );
  const secrets = new Map(rows.map((r) => [r.email, r.secret]));
  const { secretConfig } = await deps.auth.$context;
  const lines: string[] = [];
  const uris: string[] = [];
  for (const a of demoAccounts) {
    lines.push(`    ${a.role.padEnd(16)} ${a.email}`);
    const encrypted = secrets.get(a.email);
    if (!encrypted) continue;
    const secret = await symmetricDecrypt({ key: secretConfig, data: encrypted }).catch(() => null);
    if (secret) uris.push(`    ${totpUri(secret, a.email)}`);
  }
  lines.push(`  password for all demo accounts: ${DEMO_PASSWORD}`);
  if (uris.length)
    lines.push(
      '  DEMO ONLY — never do this with real accounts: the demo accounts’ two-factor secrets.',
      '  Add one to an authenticator app (paste the otpauth:// URI, or its secret= part by hand):',
      ...uris,
    );
  return lines;
}
