import { inArray } from 'drizzle-orm';
import type { DemoContext } from '../../seed/demo-modules.js';
import type { Db } from '../../platform/db/index.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import { user } from '../../platform/auth/auth.table.js';
import { network, organisation, representative } from './network.table.js';
import { getTemplate } from './network.templates.js';

const seedActor: AuditActor = { userId: null, role: 'platform_admin', requestId: 'seed-demo' };

/** [name, sector, kind, public consent, joined, left, representatives: [e-mail, role][]] */
const demoOrganisations: [
  string,
  string,
  'formal' | 'external',
  boolean,
  string,
  string | null,
  [string, string][],
][] = [
  [
    'Municipality — Mayor’s Office',
    'community_affairs',
    'formal',
    true,
    '2024-01-15',
    null,
    [['chair@demo.lpn.local', 'chair']],
  ],
  [
    'Municipality — LPN Secretariat',
    'community_affairs',
    'formal',
    true,
    '2024-01-15',
    null,
    [['coordinator@demo.lpn.local', 'focal_point']],
  ],
  [
    'Social Services Department',
    'social_services',
    'formal',
    true,
    '2024-01-15',
    null,
    [['member@demo.lpn.local', 'representative']],
  ],
  [
    'Education Department',
    'education',
    'formal',
    true,
    '2024-01-15',
    null,
    [['member2@demo.lpn.local', 'representative']],
  ],
  [
    'Mental Health Centre',
    'mental_health',
    'formal',
    true,
    '2024-02-01',
    null,
    [['member3@demo.lpn.local', 'representative']],
  ],
  [
    'Community Affairs',
    'community_affairs',
    'formal',
    false,
    '2024-02-01',
    null,
    [['member4@demo.lpn.local', 'representative']],
  ],
  [
    'Youth Council',
    'youth_led',
    'formal',
    true,
    '2024-03-01',
    null,
    [['member5@demo.lpn.local', 'representative']],
  ],
  [
    'Women’s Association',
    'women_led',
    'formal',
    true,
    '2024-03-01',
    null,
    [['member6@demo.lpn.local', 'representative']],
  ],
  [
    'Police — Community Policing',
    'police_justice',
    'formal',
    true,
    '2024-01-15',
    null,
    [['member7@demo.lpn.local', 'representative']],
  ],
  [
    'Youth Bridges (NGO)',
    'youth',
    'external',
    true,
    '2024-04-10',
    null,
    [['partner@demo.lpn.local', 'representative']],
  ],
  ['Riverton General Hospital', 'health', 'external', false, '2024-05-01', null, []],
  ['Interfaith Council', 'religious', 'external', true, '2024-06-01', '2025-06-30', []],
];

/** Riverton's network from the situation-table template, its organisations and representatives. */
export async function seedNetworkDemo({ deps, cityId, people }: DemoContext): Promise<void> {
  const template = getTemplate('situation-table');
  if (!template) throw new Error('situation-table template missing');
  const names = new Map<string, string>();
  const ids = [...people.values()];
  if (ids.length) {
    for (const row of await deps.db
      .select({ id: user.id, name: user.name })
      .from(user)
      .where(inArray(user.id, ids)))
      names.set(row.id, row.name);
  }
  await deps.db.transaction(async (t) => {
    const tx = t as unknown as Db;
    await tx.insert(network).values({
      cityId,
      name: 'Riverton Situation Table',
      description: 'Riverton’s Local Prevention Network, meeting weekly around the situation table.',
      templateId: template.id,
      templateVersion: String(template.version),
      sectors: template.sectors,
      meetingCadence: template.meetingCadence.frequency,
      mandate: template.mandate,
      caseWorkflow: template.caseWorkflow,
    });
    await appendAudit(tx, cityId, seedActor, {
      action: 'create',
      recordType: 'network',
      recordId: cityId,
      fields: [
        'name',
        'templateId',
        'templateVersion',
        'sectors',
        'meetingCadence',
        'mandate',
        'caseWorkflow',
      ],
    });
    const chairId = people.get('chair@demo.lpn.local') ?? null;
    for (const [name, sector, kind, consent, joinedOn, leftOn, reps] of demoOrganisations) {
      const [org] = await tx
        .insert(organisation)
        .values({
          cityId,
          name,
          sector,
          membershipKind: kind,
          publicListingConsent: consent,
          consentRecordedAt: consent ? new Date(`${joinedOn}T12:00:00Z`) : null,
          consentRecordedBy: consent ? chairId : null,
          joinedOn,
          leftOn,
        })
        .returning({ id: organisation.id });
      await appendAudit(tx, cityId, seedActor, {
        action: 'create',
        recordType: 'organisation',
        recordId: org.id,
        fields: [
          'name',
          'sector',
          'membershipKind',
          'joinedOn',
          ...(consent ? ['publicListingConsent'] : []),
        ],
      });
      for (const [email, networkRole] of reps) {
        const userId = people.get(email);
        if (!userId) continue;
        const [rep] = await tx
          .insert(representative)
          .values({
            cityId,
            organisationId: org.id,
            userId,
            displayName: names.get(userId) ?? email,
            networkRole,
            joinedOn,
          })
          .returning({ id: representative.id });
        await appendAudit(tx, cityId, seedActor, {
          action: 'create',
          recordType: 'representative',
          recordId: rep.id,
          fields: ['organisationId', 'displayName', 'networkRole', 'joinedOn', 'userId'],
        });
      }
    }
  });
}
