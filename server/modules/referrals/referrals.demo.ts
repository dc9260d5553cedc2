import { and, eq } from 'drizzle-orm';
import type { AuditActor } from '../../platform/audit/audit.js';
import type { AppDeps } from '../../platform/deps.js';
import type { Actor } from '../../platform/policy.js';
import { casePerson, caseSituation } from '../cases/index.js';
import { organisation } from '../network/index.js';
import { createService, sendReferral } from './referrals.service.js';

interface DemoContext {
  deps: AppDeps;
  cityId: string;
  people: Map<string, string>;
}

/**
 * Demo referrals for Riverton: the Mental Health Centre (lead of the situation in filter 4) refers
 * its invented subject to Youth Bridges with his consent, sharing name and phone only, so the demo
 * partner has something in the inbox; and two listed services outside the network.
 */
export async function seedReferralsDemo({ deps, cityId, people }: DemoContext): Promise<void> {
  const { db, keys } = deps;
  const audit: AuditActor = { userId: null, role: 'platform_admin', requestId: 'seed-demo' };
  await createService(db, cityId, audit, {
    name: 'Riverton Debt Advice Line',
    sector: 'social_services',
    description: 'Free, confidential advice on debt and benefits.',
    contact: 'Town hall, ground floor; weekdays 9–16',
    active: true,
  });
  await createService(db, cityId, audit, {
    name: 'Harbour Youth Sports Club',
    sector: 'youth',
    description: 'Evening football and boxing for 12–25 year olds; mentors on site.',
    contact: 'Harbour sports hall',
    active: true,
  });
  const userId = people.get('member3@demo.lpn.local');
  const [situation] = await db
    .select({ id: caseSituation.id })
    .from(caseSituation)
    .where(and(eq(caseSituation.cityId, cityId), eq(caseSituation.stage, 'filter-4')))
    .limit(1);
  const [ngo] = await db
    .select({ id: organisation.id })
    .from(organisation)
    .where(and(eq(organisation.cityId, cityId), eq(organisation.name, 'Youth Bridges (NGO)')));
  if (!userId || !situation || !ngo) return;
  const [person] = await db
    .select({ id: casePerson.id })
    .from(casePerson)
    .where(and(eq(casePerson.cityId, cityId), eq(casePerson.situationId, situation.id)))
    .limit(1);
  if (!person) return;
  const actor: Actor = { userId, isPlatformAdmin: false, city: { id: cityId, role: 'member' } };
  await sendReferral(
    db,
    keys,
    cityId,
    actor,
    { userId, role: 'member', requestId: 'seed-demo' },
    situation.id,
    {
      toOrganisationId: ngo.id,
      personId: person.id,
      sharedFields: ['givenName', 'familyName', 'phone'],
      shareRiskFactors: false,
      message: 'Omar would like to join the mentoring group on Tuesdays; he prefers a call after 17:00.',
      basis: { basis: 'consent', basisDetail: '' },
    },
  );
}
