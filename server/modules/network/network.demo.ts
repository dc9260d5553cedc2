import type { DemoContext } from '../../seed/demo-modules.js';
import type { AuditActor } from '../../platform/audit/audit.js';
import { user } from '../../platform/auth/auth.table.js';
import { inArray } from 'drizzle-orm';
import { network, organisation, representative } from './network.table.js';
import { getTemplate } from './network.templates.js';

/** [name, sector, kind, public consent, joined (days ago), left (days ago), representatives: [e-mail, role][]] */
const demoOrganisations: [
  string,
  string,
  'formal' | 'external',
  boolean,
  number,
  number | null,
  [string, string][],
][] = [
  [
    'Municipality — Mayor’s Office',
    'community_affairs',
    'formal',
    true,
    735,
    null,
    [['chair@demo.lpn.local', 'chair']],
  ],
  [
    'Municipality — LPN Secretariat',
    'community_affairs',
    'formal',
    true,
    735,
    null,
    [['coordinator@demo.lpn.local', 'focal_point']],
  ],
  [
    'Social Services Department',
    'social_services',
    'formal',
    true,
    730,
    null,
    [['member@demo.lpn.local', 'representative']],
  ],
  [
    'Education Department',
    'education',
    'formal',
    true,
    730,
    null,
    [['member2@demo.lpn.local', 'representative']],
  ],
  [
    'Police — Community Policing',
    'police_justice',
    'formal',
    true,
    730,
    null,
    [['member7@demo.lpn.local', 'representative']],
  ],
  [
    'Mental Health Centre',
    'mental_health',
    'formal',
    true,
    700,
    null,
    [['member3@demo.lpn.local', 'representative']],
  ],
  [
    'Community Affairs',
    'community_affairs',
    'formal',
    false,
    700,
    null,
    [['member4@demo.lpn.local', 'representative']],
  ],
  ['Youth Council', 'youth_led', 'formal', true, 670, null, [['member5@demo.lpn.local', 'representative']]],
  [
    'Women’s Association',
    'women_led',
    'formal',
    true,
    670,
    null,
    [['member6@demo.lpn.local', 'representative']],
  ],
  [
    'Youth Bridges (NGO)',
    'youth',
    'external',
    true,
    610,
    null,
    [['partner@demo.lpn.local', 'representative']],
  ],
  ['Riverton General Hospital', 'health', 'external', false, 580, null, []],
  ['Interfaith Council', 'religious', 'external', true, 550, 200, []],
];

/**
 * Riverton's network from the situation-table template, set up by the coordinator two years ago;
 * organisations join over the first months (one leaves later), each with its representative.
 */
export async function seedNetworkDemo({ db, cityId, people, timeline }: DemoContext): Promise<void> {
  const template = getTemplate('situation-table');
  if (!template) throw new Error('situation-table template missing');
  const chairId = people.get('chair@demo.lpn.local') ?? null;
  const coordinatorId = people.get('coordinator@demo.lpn.local') ?? null;
  const coordinator: AuditActor = { userId: coordinatorId, role: 'coordinator', requestId: 'seed-demo' };
  const names = new Map<string, string>();
  const ids = [...people.values()];
  if (ids.length) {
    for (const row of await db
      .select({ id: user.id, name: user.name })
      .from(user)
      .where(inArray(user.id, ids)))
      names.set(row.id, row.name);
  }
  const createdAt = timeline.daysAgo(736, 14);
  await db.insert(network).values({
    cityId,
    name: 'Riverton Situation Table',
    description: 'Riverton’s Local Prevention Network: local services meeting around the situation table.',
    templateId: template.id,
    templateVersion: String(template.version),
    sectors: template.sectors,
    meetingCadence: template.meetingCadence.frequency,
    mandate: template.mandate,
    caseWorkflow: template.caseWorkflow,
    createdAt,
    updatedAt: createdAt,
  });
  timeline.audit(createdAt, coordinator, {
    action: 'create',
    recordType: 'network',
    recordId: cityId,
    fields: ['name', 'templateId', 'templateVersion', 'sectors', 'meetingCadence', 'mandate', 'caseWorkflow'],
  });
  const orgRows = await db
    .insert(organisation)
    .values(
      demoOrganisations.map(([name, sector, kind, consent, joined, left]) => {
        const at = timeline.daysAgo(joined, 10);
        return {
          cityId,
          name,
          sector,
          membershipKind: kind,
          publicListingConsent: consent,
          consentRecordedAt: consent ? at : null,
          consentRecordedBy: consent ? chairId : null,
          joinedOn: timeline.isoDaysAgo(joined),
          leftOn: left === null ? null : timeline.isoDaysAgo(left),
          createdAt: at,
        };
      }),
    )
    .returning({ id: organisation.id, name: organisation.name });
  const orgId = new Map(orgRows.map((o) => [o.name, o.id]));
  const reps: (typeof representative.$inferInsert & { at: Date })[] = [];
  for (const [name, , , consent, joined, left, representatives] of demoOrganisations) {
    const id = orgId.get(name)!;
    const at = timeline.daysAgo(joined, 10);
    timeline.audit(at, coordinator, {
      action: 'create',
      recordType: 'organisation',
      recordId: id,
      fields: ['name', 'sector', 'membershipKind', 'joinedOn', ...(consent ? ['publicListingConsent'] : [])],
    });
    if (left !== null)
      timeline.audit(timeline.daysAgo(left, 10), coordinator, {
        action: 'update',
        recordType: 'organisation',
        recordId: id,
        fields: ['leftOn'],
      });
    for (const [email, networkRole] of representatives) {
      const userId = people.get(email);
      if (!userId) continue;
      reps.push({
        cityId,
        organisationId: id,
        userId,
        displayName: names.get(userId) ?? email,
        networkRole,
        joinedOn: timeline.isoDaysAgo(joined),
        at: timeline.daysAgo(joined, 11),
      });
    }
  }
  const repRows = await db
    .insert(representative)
    .values(reps.map(({ at: _at, ...r }) => r))
    .returning({ id: representative.id });
  repRows.forEach((rep, i) =>
    timeline.audit(reps[i].at, coordinator, {
      action: 'create',
      recordType: 'representative',
      recordId: rep.id,
      fields: ['organisationId', 'displayName', 'networkRole', 'joinedOn', 'userId'],
    }),
  );
}
