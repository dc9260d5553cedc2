import { eq, inArray } from 'drizzle-orm';
import type { Role } from '../../contracts/route.js';
import type { AppDeps } from '../platform/deps.js';
import { demoSeeders } from './demo-modules.js';
import { appendAudit } from '../platform/audit/audit.js';
import { createUserWithPassword } from '../platform/auth/auth.js';
import { platformAdmin, user } from '../platform/auth/auth.table.js';
import type { Db } from '../platform/db/index.js';
import { city } from '../modules/cities/cities.table.js';
import { createCity } from '../modules/cities/cities.service.js';
import { membership } from '../modules/people/people.table.js';
import { PHONE_CONTEXT } from '../modules/people/people.service.js';

export const DEMO_PASSWORD = 'demo-password-2026';
export const DEMO_CITY_SLUG = 'riverton';

export const demoAccounts: {
  email: string;
  name: string;
  role: Role | 'platform-admin';
  organisation?: string;
}[] = [
  { email: 'admin@demo.lpn.local', name: 'Platform Admin', role: 'platform-admin' },
  {
    email: 'chair@demo.lpn.local',
    name: 'Amina Haddad',
    role: 'chair',
    organisation: 'Municipality — Mayor’s Office',
  },
  {
    email: 'coordinator@demo.lpn.local',
    name: 'Luka Petrovski',
    role: 'coordinator',
    organisation: 'Municipality — LPN Secretariat',
  },
  {
    email: 'member@demo.lpn.local',
    name: 'Grace Wanjiru',
    role: 'member',
    organisation: 'Social Services Department',
  },
  {
    email: 'partner@demo.lpn.local',
    name: 'Youssef Karam',
    role: 'partner',
    organisation: 'Youth Bridges (NGO)',
  },
  {
    email: 'liaison@demo.lpn.local',
    name: 'Elira Hoxha',
    role: 'national_liaison',
    organisation: 'National P/CVE Coordination Centre',
  },
  {
    email: 'analyst@demo.lpn.local',
    name: 'Sam Okello',
    role: 'network_analyst',
    organisation: 'SCN Management Unit',
  },
  {
    email: 'auditor@demo.lpn.local',
    name: 'Marie Dubois',
    role: 'auditor',
    organisation: 'Data Protection Office',
  },
];

const extraMembers = [
  ['Fatima Zahra', 'Education Department'],
  ['Jovan Stojanov', 'Mental Health Centre'],
  ['Achieng Otieno', 'Community Affairs'],
  ['Besnik Krasniqi', 'Youth Council'],
  ['Nour El Hage', 'Women’s Association'],
  ['Pierre Martin', 'Police — Community Policing'],
];

async function ensureUser(deps: AppDeps, email: string, name: string): Promise<string> {
  const [existing] = await deps.db.select({ id: user.id }).from(user).where(eq(user.email, email));
  return existing?.id ?? createUserWithPassword(deps.auth, { email, name, password: DEMO_PASSWORD });
}

/**
 * Seeds the demo city "Riverton" with one account per role (idempotent: does nothing when it
 * exists). Returns false when the city was already there.
 */
export async function seedDemo(deps: AppDeps): Promise<boolean> {
  const [exists] = await deps.db.select({ id: city.id }).from(city).where(eq(city.slug, DEMO_CITY_SLUG));
  if (exists) return false;
  const adminId = await ensureUser(deps, demoAccounts[0].email, demoAccounts[0].name);
  await deps.db.insert(platformAdmin).values({ userId: adminId }).onConflictDoNothing();
  const seedActor = { userId: adminId, role: 'platform_admin', requestId: 'seed-demo' };
  const created = await createCity(deps, { userId: adminId, isPlatformAdmin: true }, seedActor, {
    name: 'Riverton (demo)',
    slug: DEMO_CITY_SLUG,
    country: 'Demo',
    defaultLocale: 'en',
  });
  const cityId = created.city.id;
  const people: { email: string; name: string; role: Role; organisation?: string }[] = [
    ...demoAccounts.filter(
      (a): a is (typeof demoAccounts)[number] & { role: Role } => a.role !== 'platform-admin',
    ),
    ...extraMembers.map(([name, organisation], i) => ({
      email: `member${i + 2}@demo.lpn.local`,
      name,
      organisation,
      role: 'member' as Role,
    })),
  ];
  const ids = new Map<string, string>();
  for (const [i, person] of people.entries()) {
    const userId = await ensureUser(deps, person.email, person.name);
    ids.set(person.email, userId);
    const phoneEnc = await deps.keys.encrypt(
      cityId,
      PHONE_CONTEXT,
      `+389 70 555 ${String(100 + i).padStart(3, '0')}`,
    );
    await deps.db.transaction(async (tx) => {
      await tx
        .insert(membership)
        .values({ cityId, userId, role: person.role, organisation: person.organisation ?? null, phoneEnc });
      await appendAudit(tx as unknown as Db, cityId, seedActor, {
        action: 'create',
        recordType: 'membership',
        recordId: userId,
        fields: ['role', 'organisation', 'phone'],
      });
    });
  }
  for (const seeder of demoSeeders) await seeder.seed({ deps, cityId, people: ids });
  return true;
}

/**
 * The demo part of the start banner, read from the database at each start: which accounts have set
 * up two-factor sign-in and which must do so at their first sign-in (the city's required roles).
 */
export async function demoBanner(db: Db, seeded: boolean): Promise<string[]> {
  const [demoCity] = await db
    .select({ id: city.id, settings: city.settings })
    .from(city)
    .where(eq(city.slug, DEMO_CITY_SLUG));
  if (!demoCity) return [];
  const users = await db
    .select({ email: user.email, twoFactorEnabled: user.twoFactorEnabled })
    .from(user)
    .where(
      inArray(
        user.email,
        demoAccounts.map((a) => a.email),
      ),
    );
  const enabled = new Map(users.map((u) => [u.email, Boolean(u.twoFactorEnabled)]));
  const required = new Set(demoCity.settings.require2faRoles);
  const note = (account: (typeof demoAccounts)[number]) => {
    if (enabled.get(account.email)) return 'two-factor set up';
    if (account.role !== 'platform-admin' && required.has(account.role))
      return 'sets up two-factor at first sign-in';
    return '';
  };
  return [
    seeded
      ? '  Demo city "Riverton (demo)" seeded. Demo accounts:'
      : '  Demo city "Riverton (demo)" accounts:',
    ...demoAccounts.map((a) => `    ${a.role.padEnd(16)} ${a.email.padEnd(28)} ${note(a)}`.trimEnd()),
    `  password for all demo accounts: ${DEMO_PASSWORD}`,
  ];
}
