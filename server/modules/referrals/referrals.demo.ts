import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { DemoContext } from '../../seed/demo-modules.js';
import type { AuditActor } from '../../platform/audit/audit.js';
import {
  casePerson,
  caseConsent,
  caseReferral,
  caseService,
  caseSituation,
  RESTRICTED_CONTEXT,
} from '../cases/index.js';
import { organisation } from '../network/index.js';

/**
 * Demo referrals for Riverton: two listed services outside the network (listed a year ago), and —
 * two days ago — the Social Services Department (lead of the showcase situation) refers its invented
 * subject to Youth Bridges with his consent, sharing name and phone only, so the demo partner has a
 * referral waiting in the inbox.
 */
export async function seedReferralsDemo({ db, keys, cityId, people, timeline }: DemoContext): Promise<void> {
  const coordinator: AuditActor = {
    userId: people.get('coordinator@demo.lpn.local') ?? null,
    role: 'coordinator',
    requestId: 'seed-demo',
  };
  const services = [
    {
      name: 'Riverton Debt Advice Line',
      sector: 'social_services',
      description: 'Free, confidential advice on debt and benefits.',
      contact: 'Town hall, ground floor; weekdays 9–16',
      createdAt: timeline.daysAgo(420, 11),
    },
    {
      name: 'Harbour Youth Sports Club',
      sector: 'youth',
      description: 'Evening football and boxing for 12–25 year olds; mentors on site.',
      contact: 'Harbour sports hall',
      createdAt: timeline.daysAgo(380, 11),
    },
  ];
  const listed = await db
    .insert(caseService)
    .values(services.map((s) => ({ cityId, active: true, ...s })))
    .returning({ id: caseService.id });
  listed.forEach((row, i) =>
    timeline.audit(services[i].createdAt, coordinator, {
      action: 'create',
      recordType: 'case_service',
      recordId: row.id,
      fields: ['name', 'sector', 'description', 'contact', 'active'],
    }),
  );

  const userId = people.get('member@demo.lpn.local');
  const [person] = await db
    .select({ id: casePerson.id, situationId: casePerson.situationId })
    .from(casePerson)
    .innerJoin(
      caseSituation,
      and(eq(caseSituation.cityId, casePerson.cityId), eq(caseSituation.id, casePerson.situationId)),
    )
    .where(and(eq(casePerson.cityId, cityId), eq(caseSituation.stage, 'filter-4')))
    .limit(1);
  const [ngo] = await db
    .select({ id: organisation.id })
    .from(organisation)
    .where(and(eq(organisation.cityId, cityId), eq(organisation.name, 'Youth Bridges (NGO)')));
  if (!userId || !person || !ngo) return;
  const member: AuditActor = { userId, role: 'member', requestId: 'seed-demo' };
  const sentAt = timeline.daysAgo(2, 15);
  const id = randomUUID();
  const consentId = randomUUID();
  await db.insert(caseConsent).values({
    cityId,
    id: consentId,
    situationId: person.situationId,
    personId: person.id,
    purpose: 'referral',
    referralId: id,
    basis: 'consent',
    recordedBy: userId,
    recordedAt: sentAt,
  });
  timeline.audit(sentAt, member, {
    action: 'create',
    recordType: 'case_consent',
    recordId: consentId,
    fields: ['purpose', 'basis', 'personId', 'referralId'],
  });
  const sharedFields = ['givenName', 'familyName', 'phone'];
  await db.insert(caseReferral).values({
    cityId,
    id,
    situationId: person.situationId,
    personId: person.id,
    toOrganisationId: ngo.id,
    status: 'sent',
    sharedFields,
    shareRiskFactors: false,
    messageEnc: await keys.encrypt(
      cityId,
      RESTRICTED_CONTEXT.referralMessage,
      'Omar would like to join the mentoring group on Tuesdays; he prefers a call after 17:00.',
    ),
    consentId,
    sentAt,
    sentBy: userId,
    updatedAt: sentAt,
  });
  timeline.audit(sentAt, member, {
    action: 'create',
    recordType: 'case_referral',
    recordId: id,
    fields: [...sharedFields, 'message'],
  });
}
