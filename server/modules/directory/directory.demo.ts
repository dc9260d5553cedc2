import { eq } from 'drizzle-orm';
import type { AuditActor } from '../../platform/audit/audit.js';
import type { DemoContext } from '../../seed/demo-modules.js';
import { caseService } from '../cases/index.js';
import { organisation } from '../network/index.js';
import { riskNeighbourhood } from '../risk-map/index.js';
import { directoryEntry, directoryEntryNeighbourhood } from './directory.table.js';

/*
 * Demo directory for Riverton: forty services of the network's members and of outside providers,
 * on the risk map's twelve neighbourhoods, listed by the coordinator over the last year. They answer
 * most of the register, with one gap — drug dealing at the Station Fields underpass (a high risk)
 * has no active psychosocial or treatment service there, only a planned outreach — and one clear
 * overlap: three providers mentor the same boys in the Harbour. The two listed referral services are
 * linked to their entries.
 */

type Where = string[]; // empty: city-wide
type Status = 'active' | 'planned' | 'paused' | 'ended';
/** [title, provider (a member's name, or an outside provider), member?, sector, type, group, where, status] */
const ENTRIES: [string, string, boolean, string, string, string, Where, Status][] = [
  [
    'Safer Internet lessons in every secondary school',
    'Education Department',
    true,
    'education',
    'digital-literacy',
    'youth',
    [],
    'active',
  ],
  [
    'Domestic abuse helpline',
    'Women’s Association',
    true,
    'women_led',
    'victim-support',
    'women',
    [],
    'active',
  ],
  [
    'Family counselling service',
    'Social Services Department',
    true,
    'social_services',
    'family-support',
    'families',
    [],
    'active',
  ],
  [
    'Voter education and candidate safety briefings',
    'Community Affairs',
    true,
    'community_affairs',
    'civic-engagement',
    'general-public',
    [],
    'active',
  ],
  [
    'Riverton Debt Advice Line',
    'Riverton Debt Advice Line',
    false,
    'social_services',
    'legal-aid',
    'general-public',
    [],
    'active',
  ],
  [
    'Online hate reporting desk',
    'Police — Community Policing',
    true,
    'police_justice',
    'victim-support',
    'general-public',
    [],
    'active',
  ],
  [
    'Evening football and boxing',
    'Harbour Youth Sports Club',
    false,
    'youth',
    'sports-recreation',
    'youth',
    ['Harbour'],
    'active',
  ],
  [
    'Street mentoring for boys 13–17',
    'Youth Bridges (NGO)',
    true,
    'youth',
    'youth-mentoring',
    'youth',
    ['Harbour', 'Riverside'],
    'active',
  ],
  [
    'After-school mentoring',
    'Social Services Department',
    true,
    'social_services',
    'youth-mentoring',
    'youth',
    ['Harbour'],
    'active',
  ],
  [
    'Boxing club mentors',
    'Harbour Youth Sports Club',
    false,
    'youth',
    'youth-mentoring',
    'youth',
    ['Harbour'],
    'active',
  ],
  [
    'Neighbourhood police officer surgeries',
    'Police — Community Policing',
    true,
    'police_justice',
    'community-policing',
    'general-public',
    ['Harbour', 'North End'],
    'active',
  ],
  [
    'Riverside homework club',
    'Education Department',
    true,
    'education',
    'education-support',
    'children',
    ['Riverside'],
    'active',
  ],
  [
    'Market Street dialogue evenings',
    'Community Affairs',
    true,
    'community_affairs',
    'community-dialogue',
    'general-public',
    ['Old Town', 'Market Quarter'],
    'active',
  ],
  [
    'Interfaith youth exchange',
    'Interfaith Council',
    true,
    'religious',
    'community-dialogue',
    'youth',
    ['Old Town'],
    'ended',
  ],
  [
    'Night-time street pastors',
    'Riverton Street Pastors',
    false,
    'religious',
    'psychosocial-support',
    'general-public',
    ['Old Town'],
    'active',
  ],
  [
    'Seasonal workers’ rights clinic',
    'Riverton Workers’ Centre',
    false,
    'other',
    'legal-aid',
    'migrants-refugees',
    ['Market Quarter'],
    'active',
  ],
  [
    'Job skills mornings',
    'Riverton Chamber of Commerce',
    false,
    'private_sector',
    'employment-training',
    'general-public',
    ['Market Quarter', 'Station Fields', 'Southgate', 'Brickworks'],
    'active',
  ],
  [
    'Newcomers and neighbours supper club',
    'Women’s Association',
    true,
    'women_led',
    'community-dialogue',
    'families',
    ['Brickworks', 'Eastfield'],
    'active',
  ],
  [
    'Housing plan mediation',
    'Community Affairs',
    true,
    'community_affairs',
    'community-dialogue',
    'general-public',
    ['Eastfield', 'Hillcrest'],
    'active',
  ],
  [
    'Welcome classes for newcomers',
    'Riverton Adult Education College',
    false,
    'education',
    'education-support',
    'migrants-refugees',
    ['Brickworks'],
    'active',
  ],
  [
    'Coaching for pupils in their last school year',
    'Education Department',
    true,
    'education',
    'education-support',
    'youth',
    ['Southgate', 'Meadowbank'],
    'active',
  ],
  [
    'Apprenticeship taster weeks',
    'Youth Council',
    true,
    'youth_led',
    'employment-training',
    'youth',
    ['Southgate', 'Station Fields'],
    'active',
  ],
  [
    'Meadowbank youth mentors',
    'Youth Council',
    true,
    'youth_led',
    'youth-mentoring',
    'youth',
    ['Meadowbank'],
    'active',
  ],
  [
    'School mediation after matches',
    'Police — Community Policing',
    true,
    'police_justice',
    'community-policing',
    'youth',
    ['Meadowbank', 'Station Fields'],
    'active',
  ],
  [
    'Underpass outreach for young people',
    'Mental Health Centre',
    true,
    'mental_health',
    'psychosocial-support',
    'youth',
    ['Station Fields'],
    'planned',
  ],
  [
    'Outpatient addiction clinic',
    'Riverton General Hospital',
    true,
    'health',
    'substance-treatment',
    'general-public',
    ['Old Town', 'Harbour'],
    'active',
  ],
  [
    'Roma school mediators',
    'Social Services Department',
    true,
    'social_services',
    'education-support',
    'children',
    ['North End'],
    'active',
  ],
  [
    'Psychosocial support for young people',
    'Mental Health Centre',
    true,
    'mental_health',
    'psychosocial-support',
    'youth',
    ['North End', 'Hillcrest', 'Old Town'],
    'active',
  ],
  [
    'Parenting course',
    'Social Services Department',
    true,
    'social_services',
    'family-support',
    'parents',
    ['Southgate', 'Station Fields', 'Brickworks'],
    'active',
  ],
  [
    'Girls’ football',
    'Youth Council',
    true,
    'youth_led',
    'sports-recreation',
    'youth',
    ['Riverside', 'Southgate'],
    'active',
  ],
  ['Legal advice for women', 'Women’s Association', true, 'women_led', 'legal-aid', 'women', [], 'active'],
  [
    'Disengagement mentoring',
    'Social Services Department',
    true,
    'social_services',
    'exit-programme',
    'youth',
    [],
    'active',
  ],
  [
    'Digital skills at the library',
    'Riverton City Library',
    false,
    'education',
    'digital-literacy',
    'elderly',
    [],
    'active',
  ],
  [
    'Youth centre summer programme',
    'Community Affairs',
    true,
    'community_affairs',
    'sports-recreation',
    'children',
    ['Riverside'],
    'paused',
  ],
  [
    'Job centre desk for newcomers',
    'National Employment Agency',
    false,
    'social_services',
    'employment-training',
    'migrants-refugees',
    [],
    'active',
  ],
  [
    'Counselling after hate incidents',
    'Mental Health Centre',
    true,
    'mental_health',
    'psychosocial-support',
    'minorities',
    ['Old Town', 'Market Quarter'],
    'active',
  ],
  [
    'Youth council neighbourhood forums',
    'Youth Council',
    true,
    'youth_led',
    'civic-engagement',
    'youth',
    [],
    'active',
  ],
  [
    'Evening street work',
    'Youth Bridges (NGO)',
    true,
    'youth',
    'youth-mentoring',
    'youth',
    ['Riverside', 'Station Fields'],
    'active',
  ],
  [
    'School social workers',
    'Social Services Department',
    true,
    'social_services',
    'family-support',
    'children',
    ['North End', 'Southgate'],
    'active',
  ],
  [
    'Tenants’ mediation service',
    'Eastfield Tenants’ Association',
    false,
    'other',
    'community-dialogue',
    'elderly',
    ['Eastfield'],
    'active',
  ],
  [
    'Hillcrest scouts',
    'Hillcrest Scouts',
    false,
    'youth',
    'sports-recreation',
    'children',
    ['Hillcrest'],
    'active',
  ],
];

export async function seedDirectoryDemo({ db, cityId, people, timeline }: DemoContext): Promise<void> {
  const coordinatorId = people.get('coordinator@demo.lpn.local') ?? null;
  const coordinator: AuditActor = { userId: coordinatorId, role: 'coordinator', requestId: 'seed-demo' };
  const orgs = new Map(
    (
      await db
        .select({ id: organisation.id, name: organisation.name })
        .from(organisation)
        .where(eq(organisation.cityId, cityId))
    ).map((o) => [o.name, o.id]),
  );
  const places = new Map(
    (
      await db
        .select({ id: riskNeighbourhood.id, name: riskNeighbourhood.name })
        .from(riskNeighbourhood)
        .where(eq(riskNeighbourhood.cityId, cityId))
    ).map((n) => [n.name, n.id]),
  );
  const services = new Map(
    (
      await db
        .select({ id: caseService.id, name: caseService.name })
        .from(caseService)
        .where(eq(caseService.cityId, cityId))
    ).map((s) => [s.name, s.id]),
  );
  let referralLinked = false;
  for (const [
    i,
    [title, provider, member, sector, serviceType, targetGroup, where, status],
  ] of ENTRIES.entries()) {
    const organisationId = member ? orgs.get(provider) : null;
    if (member && !organisationId) throw new Error(`demo directory: no organisation ${provider}`);
    const at = timeline.daysAgo(360 - i * 8, 11);
    // The referral module's listed services are these outside providers: link the first entry of each.
    const referralServiceId =
      !member && services.has(provider) && !(provider === 'Harbour Youth Sports Club' && referralLinked)
        ? services.get(provider)!
        : null;
    if (referralServiceId && provider === 'Harbour Youth Sports Club') referralLinked = true;
    const [row] = await db
      .insert(directoryEntry)
      .values({
        cityId,
        ref: `RIV-${String(i + 1).padStart(3, '0')}`,
        title,
        organisationId: organisationId ?? null,
        providerName: member ? '' : provider,
        sector,
        serviceType,
        targetGroup,
        cityWide: where.length === 0,
        description: '',
        contact: member ? '' : `${provider}, front desk`,
        contactConsent: !member,
        capacity: i % 3 === 0 ? '20 places a week' : '',
        hours: i % 2 === 0 ? 'Mon–Fri 16:00–20:00' : '',
        status,
        startOn: status === 'planned' ? timeline.isoDaysAgo(-60) : timeline.isoDaysAgo(400 - i * 8),
        endOn: status === 'ended' ? timeline.isoDaysAgo(200) : null,
        fundingSource: member ? 'Municipal budget' : '',
        public: !member || i % 2 === 0,
        referralServiceId,
        createdBy: coordinatorId,
        createdAt: at,
        updatedAt: at,
      })
      .returning({ id: directoryEntry.id });
    if (where.length) {
      await db.insert(directoryEntryNeighbourhood).values(
        where.map((name) => {
          const neighbourhoodId = places.get(name);
          if (!neighbourhoodId) throw new Error(`demo directory: no neighbourhood ${name}`);
          return { entryId: row.id, neighbourhoodId, cityId };
        }),
      );
    }
    timeline.audit(at, coordinator, {
      action: 'create',
      recordType: 'directory_entry',
      recordId: row.id,
      fields: ['title', 'provider', 'serviceType', 'targetGroup', 'place', 'status'],
    });
  }
}
