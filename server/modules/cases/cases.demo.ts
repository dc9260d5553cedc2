import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { OutcomeCode } from '../../../contracts/cases.contract.js';
import type { DemoContext } from '../../seed/demo-modules.js';
import type { AuditActor } from '../../platform/audit/audit.js';
import { organisation } from '../network/index.js';
import {
  caseAssignment,
  caseConsent,
  caseFollowUp,
  casePerson,
  casePersonMatchKey,
  caseSettings,
  caseSituation,
} from './cases.table.js';
import {
  encryptIdentity,
  isMinorAgeBand,
  matchKeys,
  presentIdentityFields,
  RESTRICTED_CONTEXT,
} from './cases.identity.js';
import { cityTaxonomies, workflowOf } from './cases.service.js';

/*
 * Demo situations for Riverton, written in bulk with explicit past timestamps (the same rows the
 * service writes, and one audit entry per step). About two years of closed situations so the
 * statistics show real figures, and today's work at every stage. Every name and detail is invented.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// A small deterministic generator: the demo is the same on every machine.
function lcg(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** Organisation name → the demo person who works situations for it. */
const workers: [string, string][] = [
  ['Social Services Department', 'member@demo.lpn.local'],
  ['Education Department', 'member2@demo.lpn.local'],
  ['Mental Health Centre', 'member3@demo.lpn.local'],
  ['Police — Community Policing', 'member7@demo.lpn.local'],
  ['Youth Council', 'member5@demo.lpn.local'],
  ['Women’s Association', 'member6@demo.lpn.local'],
];

interface Spec {
  createdAt: Date;
  bringer: number;
  ageBand: string;
  gender: string;
  subjectKind: string;
  neighbourhood: string;
  riskFactors: string[];
  presentedAt?: Date;
  decidedAt?: Date;
  rejected?: boolean;
  lead?: number;
  assisting?: number;
  disclosure?: 'legal-basis' | 'consent';
  firstResponseAt?: Date;
  closedAt?: Date;
  outcome?: OutcomeCode;
  key?: string;
}

export async function seedCasesDemo({ db, keys, cityId, people, timeline }: DemoContext): Promise<void> {
  const workflow = await workflowOf(db, cityId);
  if (workflow.kind !== 'four-filter') return;
  const now = timeline.now;
  const orgRows = await db
    .select({ id: organisation.id, name: organisation.name, joinedOn: organisation.joinedOn })
    .from(organisation)
    .where(eq(organisation.cityId, cityId));
  const orgs = workers.map(([name, email]) => {
    const org = orgRows.find((o) => o.name === name);
    const userId = people.get(email);
    if (!org || !userId) throw new Error(`demo organisation ${name} or ${email} missing`);
    return { ...org, userId, email };
  });
  const coordinator: AuditActor = {
    userId: people.get('coordinator@demo.lpn.local') ?? null,
    role: 'coordinator',
    requestId: 'seed-demo',
  };
  const actorOf = (i: number): AuditActor => ({
    userId: orgs[i].userId,
    role: 'member',
    requestId: 'seed-demo',
  });
  const known = new Set(
    (await cityTaxonomies(db, cityId)).risk.categories.flatMap((c) => [c.id, ...c.subtypes.map((s) => s.id)]),
  );
  const random = lcg(2026);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const bands = ['6-11', '12-17', '12-17', '12-17', '18-24', '18-24', '18-24', '25-29', '30-39', '40-59'];
  const genders = ['female', 'male', 'male', 'female', 'male', 'not-stated'];
  const kinds = ['person', 'person', 'person', 'person', 'family', 'group'];
  const places = ['Old Mill', 'Harbour', 'Riverside', 'North End'];
  const risks = [
    'aggressive-behaviour',
    'alcohol',
    'no-housing',
    'truancy',
    'suicidal-thoughts',
    'family-conflict',
    'social-isolation',
    'drugs',
  ].filter((r) => known.has(r));
  const outcomes: OutcomeCode[] = [
    'risk-lowered-connected',
    'risk-lowered-connected',
    'risk-lowered-connected',
    'risk-lowered-informed',
    'risk-lowered-informed',
    'risk-remains-referred',
    'services-declined',
    'moved-or-lost-contact',
  ];
  const presentation = () => ({
    ageBand: pick(bands),
    gender: pick(genders),
    subjectKind: pick(kinds),
    neighbourhood: pick(places),
    riskFactors: [...new Set([pick(risks), pick(risks)])],
  });
  /** Brought, presented, accepted and assigned, responded to: the path every accepted situation takes. */
  const accepted = (createdAt: Date, bringer: number, lead: number, responseHours: number): Spec => {
    const presentedAt = new Date(createdAt.getTime() + (20 + Math.floor(random() * 30)) * HOUR);
    const decidedAt = new Date(presentedAt.getTime() + (2 + Math.floor(random() * 4)) * DAY);
    return {
      createdAt,
      bringer,
      ...presentation(),
      presentedAt,
      decidedAt,
      lead,
      assisting: (lead + 1 + Math.floor(random() * (orgs.length - 1))) % orgs.length,
      disclosure: 'legal-basis',
      firstResponseAt: new Date(decidedAt.getTime() + responseHours * HOUR),
    };
  };

  const specs: Spec[] = [];
  // Two years of closed situations: brought every 12 days or so, closed within three months.
  for (let i = 0; i < 54; i++) {
    const createdAt = timeline.daysAgo(690 - i * 12 - Math.floor(random() * 5), 9 + Math.floor(random() * 7));
    const bringer = Math.floor(random() * orgs.length);
    const lead = random() < 0.5 ? bringer : Math.floor(random() * orgs.length);
    const spec = accepted(createdAt, bringer, lead, 4 + Math.floor(random() * 40));
    const closedAt = new Date(spec.firstResponseAt!.getTime() + (14 + Math.floor(random() * 60)) * DAY);
    if (closedAt.getTime() > now.getTime() - 2 * DAY) continue;
    specs.push({ ...spec, closedAt, outcome: pick(outcomes) });
  }
  // Rejected in the last four weeks (older rejections are already deleted: 30 days' retention).
  for (const days of [26, 19, 13, 8, 4]) {
    const createdAt = timeline.daysAgo(days + 3, 10);
    specs.push({
      createdAt,
      bringer: days % orgs.length,
      ...presentation(),
      presentedAt: new Date(createdAt.getTime() + DAY),
      decidedAt: timeline.daysAgo(days, 11),
      rejected: true,
    });
  }
  // Open work. Filter 4: five responded to in time, and the showcase (below).
  for (const [days, bringer, lead] of [
    [58, 2, 2],
    [41, 3, 0],
    [33, 1, 1],
    [22, 5, 4],
    [15, 0, 3],
  ] as const)
    specs.push({ ...accepted(timeline.daysAgo(days, 10), bringer, lead, 20), key: `open-${days}` });
  // The showcase: Mental Health brought it, Social Services (the demo member's) leads.
  const showcase = accepted(timeline.daysAgo(12, 10), 2, 0, 18);
  specs.push({
    ...showcase,
    ageBand: '18-24',
    gender: 'male',
    subjectKind: 'person',
    assisting: 2,
    disclosure: 'consent',
    key: 'showcase',
  });
  // Filter 3, overdue: accepted three days ago, nobody has responded yet (48 hours allowed).
  specs.push({
    createdAt: timeline.daysAgo(6, 14),
    bringer: 0,
    ageBand: '12-17',
    gender: 'female',
    subjectKind: 'person',
    neighbourhood: 'Harbour',
    riskFactors: ['truancy', 'family-conflict'].filter((r) => known.has(r)),
    presentedAt: timeline.daysAgo(5, 10),
    decidedAt: timeline.daysAgo(3, 11),
    lead: 0,
    assisting: 1,
    disclosure: 'legal-basis',
    key: 'overdue',
  });
  // Filter 2: presented, waiting for the table. Filter 1: a draft being prepared.
  specs.push({
    createdAt: timeline.daysAgo(3, 9),
    bringer: 1,
    ...presentation(),
    presentedAt: timeline.daysAgo(1, 16),
  });
  specs.push({
    createdAt: timeline.daysAgo(2, 15),
    bringer: 3,
    ...presentation(),
    presentedAt: timeline.daysAgo(1, 17),
  });
  specs.push({
    createdAt: new Date(now.getTime() - 3 * HOUR),
    bringer: 0,
    ...presentation(),
    ageBand: '18-24',
  });

  specs.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const hours = workflow.responseHours?.[1] ?? 48;
  const reason =
    'Several agencies see the same person or family; our service alone cannot lower the risk in time.';
  const rows = specs.map((s, i) => {
    const stage = s.rejected
      ? 'rejected'
      : s.closedAt
        ? 'closed'
        : s.firstResponseAt
          ? 'filter-4'
          : s.decidedAt
            ? 'filter-3'
            : s.presentedAt
              ? 'filter-2'
              : 'filter-1';
    const last = s.closedAt ?? s.firstResponseAt ?? s.decidedAt ?? s.presentedAt ?? s.createdAt;
    return {
      cityId,
      reference: `ST-${s.createdAt.getUTCFullYear()}-${String(i + 1).padStart(4, '0')}`,
      workflow: 'four-filter',
      stage,
      originatingOrganisationId: orgs[s.bringer].id,
      createdBy: orgs[s.bringer].userId,
      createdAt: s.createdAt,
      updatedAt: last,
      originatingReason: s.rejected ? '' : reason,
      subjectKind: s.subjectKind,
      ageBand: s.ageBand,
      gender: s.gender,
      neighbourhood: s.neighbourhood,
      riskFactors: s.rejected ? [] : s.riskFactors,
      protectiveFactors: s.rejected ? [] : ['trusted-adult'],
      isMinor: isMinorAgeBand(s.ageBand),
      presentedAt: s.presentedAt ?? null,
      thresholdMet: s.decidedAt ? !s.rejected : null,
      decidedAt: s.decidedAt ?? null,
      decidedBy: s.decidedAt ? coordinator.userId : null,
      decisionNote: s.rejected
        ? 'Risk is elevated but not acute; the agency continues with its own support.'
        : '',
      responseDueAt: s.decidedAt && !s.rejected ? new Date(s.decidedAt.getTime() + hours * HOUR) : null,
      firstResponseAt: s.firstResponseAt ?? null,
      closedAt: s.closedAt ?? null,
      outcome: s.outcome ?? null,
      rejectedAt: s.rejected ? s.decidedAt! : null,
      purgeAfter: s.rejected
        ? new Date(s.decidedAt!.getTime() + 30 * DAY)
        : s.closedAt
          ? new Date(s.closedAt.getTime() + 730 * DAY)
          : null,
    };
  });
  await db.insert(caseSettings).values({ cityId, lastSeq: rows.length, updatedAt: specs[0].createdAt });
  const inserted = await db
    .insert(caseSituation)
    .values(rows)
    .returning({ id: caseSituation.id, reference: caseSituation.reference });
  const idOf = new Map(inserted.map((r) => [r.reference, r.id]));

  const assignments: (typeof caseAssignment.$inferInsert)[] = [];
  const consents: (typeof caseConsent.$inferInsert)[] = [];
  const byKey = new Map<string, string>();
  for (const [i, s] of specs.entries()) {
    const id = idOf.get(rows[i].reference)!;
    if (s.key) byKey.set(s.key, id);
    const bringer = actorOf(s.bringer);
    assignments.push({
      cityId,
      situationId: id,
      organisationId: orgs[s.bringer].id,
      role: 'originating',
      assignedAt: s.createdAt,
      assignedBy: bringer.userId,
    });
    timeline.audit(s.createdAt, bringer, {
      action: 'create',
      recordType: 'case_situation',
      recordId: id,
      fields: [
        'originatingReason',
        'subjectKind',
        'ageBand',
        'gender',
        'neighbourhood',
        'riskFactors',
        'protectiveFactors',
      ],
    });
    if (s.presentedAt)
      timeline.audit(s.presentedAt, bringer, {
        action: 'update',
        recordType: 'case_situation',
        recordId: id,
        fields: ['stage', 'presentedAt'],
      });
    if (s.decidedAt && s.rejected)
      timeline.audit(s.decidedAt, coordinator, {
        action: 'minimise',
        recordType: 'case_situation',
        recordId: id,
        fields: [
          'persons',
          'assistingAgencies',
          'riskFactors',
          'protectiveFactors',
          'referrals',
          'originatingReason',
        ],
        reason: 'threshold not met',
      });
    if (!s.decidedAt || s.rejected || s.lead === undefined) continue;
    timeline.audit(s.decidedAt, coordinator, {
      action: 'update',
      recordType: 'case_situation',
      recordId: id,
      fields: ['stage', 'thresholdMet', 'decisionNote'],
    });
    const assignedAt = new Date(s.decidedAt.getTime() + 10 * 60_000);
    for (const [org, role] of [
      [s.lead, 'lead'],
      [s.assisting, 'assisting'],
    ] as const) {
      if (org === undefined || (role === 'assisting' && org === s.lead)) continue;
      assignments.push({
        cityId,
        situationId: id,
        organisationId: orgs[org].id,
        role,
        assignedAt,
        assignedBy: coordinator.userId,
      });
    }
    timeline.audit(assignedAt, coordinator, {
      action: 'update',
      recordType: 'case_assignment',
      recordId: id,
      fields: ['leadOrganisationId', 'assistingOrganisationIds'],
    });
    const consentId = randomUUID();
    consents.push({
      cityId,
      id: consentId,
      situationId: id,
      purpose: 'disclosure',
      basis: s.disclosure ?? 'legal-basis',
      basisDetail:
        s.disclosure === 'consent' ? '' : 'Acutely elevated risk — information-sharing protocol, section 4',
      recordedBy: coordinator.userId,
      recordedAt: assignedAt,
    });
    timeline.audit(assignedAt, coordinator, {
      action: 'create',
      recordType: 'case_consent',
      recordId: consentId,
      fields: ['purpose', 'basis'],
    });
    const lead = actorOf(s.lead);
    if (s.firstResponseAt)
      timeline.audit(s.firstResponseAt, lead, {
        action: 'update',
        recordType: 'case_situation',
        recordId: id,
        fields: ['stage', 'firstResponseAt'],
      });
    if (s.closedAt)
      timeline.audit(s.closedAt, lead, {
        action: 'update',
        recordType: 'case_situation',
        recordId: id,
        fields: ['stage', 'outcome'],
      });
  }
  await db.insert(caseAssignment).values(assignments);

  // The overdue situation's subject: a minor, with her mother as guardian (invented).
  const overdueId = byKey.get('overdue')!;
  const overdueAt = timeline.daysAgo(3, 12);
  const persons: {
    situationId: string;
    at: Date;
    by: number;
    minor: boolean;
    identity: Parameters<typeof encryptIdentity>[2];
  }[] = [
    {
      situationId: overdueId,
      at: overdueAt,
      by: 0,
      minor: true,
      identity: {
        givenName: 'Lina',
        familyName: 'Demoson',
        dateOfBirth: `${now.getUTCFullYear() - 14}-05-14`,
        guardians: [{ name: 'Rosa Demoson', relationship: 'mother', phone: '+000 555 0101' }],
      },
    },
  ];
  // The showcase: an invented young man the Social Services Department (lead) can open.
  const showcaseId = byKey.get('showcase')!;
  const showcaseSpec = specs.find((s) => s.key === 'showcase')!;
  const personAt = new Date(showcaseSpec.decidedAt!.getTime() + 2 * HOUR);
  persons.push({
    situationId: showcaseId,
    at: personAt,
    by: 0,
    minor: false,
    identity: {
      givenName: 'Omar',
      familyName: 'Exampleton',
      dateOfBirth: `${now.getUTCFullYear() - 19}-02-03`,
      phone: '+000 555 0199',
      guardians: [],
    },
  });
  const personRows: (typeof casePerson.$inferInsert)[] = [];
  const keyRows: (typeof casePersonMatchKey.$inferInsert)[] = [];
  for (const p of persons) {
    const id = randomUUID();
    personRows.push({
      cityId,
      id,
      situationId: p.situationId,
      relation: 'subject',
      identityEnc: await encryptIdentity(keys, cityId, p.identity),
      isMinor: p.minor,
      createdAt: p.at,
      createdBy: orgs[p.by].userId,
    });
    for (const key of await matchKeys(keys, cityId, p.identity)) keyRows.push({ cityId, key, personId: id });
    timeline.audit(p.at, actorOf(p.by), {
      action: 'create',
      recordType: 'case_person',
      recordId: id,
      fields: presentIdentityFields(p.identity),
    });
  }
  await db.insert(casePerson).values(personRows);
  if (keyRows.length) await db.insert(casePersonMatchKey).values(keyRows);
  await db.insert(caseConsent).values(consents);

  // The showcase's plan and follow-ups (one done, one due soon); one overdue follow-up elsewhere.
  const planAt = new Date(personAt.getTime() + DAY);
  await db
    .update(caseSituation)
    .set({
      planEnc: await keys.encrypt(
        cityId,
        RESTRICTED_CONTEXT.plan,
        'Joint home visit (social services with the mental health centre); help with the housing application; weekly check-in by phone; ask Youth Bridges about its mentoring group.',
      ),
      updatedAt: planAt,
    })
    .where(eq(caseSituation.id, showcaseId));
  timeline.audit(planAt, actorOf(0), {
    action: 'update',
    recordType: 'case_situation',
    recordId: showcaseId,
    fields: ['plan'],
  });
  const followUps: (typeof caseFollowUp.$inferInsert & { by: number })[] = [
    {
      cityId,
      situationId: showcaseId,
      kind: 'follow-up',
      dueOn: timeline.isoDaysAgo(5),
      completedAt: timeline.daysAgo(5, 15),
      completedBy: orgs[0].userId,
      createdAt: planAt,
      createdBy: orgs[0].userId,
      by: 0,
    },
    {
      cityId,
      situationId: showcaseId,
      kind: 'follow-up',
      dueOn: timeline.isoDaysAgo(-5),
      createdAt: planAt,
      createdBy: orgs[0].userId,
      by: 0,
    },
    {
      cityId,
      situationId: byKey.get('open-41')!,
      kind: 'follow-up',
      dueOn: timeline.isoDaysAgo(2),
      createdAt: timeline.daysAgo(30, 12),
      createdBy: orgs[0].userId,
      by: 0,
    },
    {
      cityId,
      situationId: byKey.get('open-22')!,
      kind: 'follow-up',
      dueOn: timeline.isoDaysAgo(-9),
      createdAt: timeline.daysAgo(18, 12),
      createdBy: orgs[4].userId,
      by: 4,
    },
  ];
  const fuRows = await db
    .insert(caseFollowUp)
    .values(followUps.map(({ by: _by, ...f }) => f))
    .returning({ id: caseFollowUp.id });
  fuRows.forEach((row, i) => {
    const f = followUps[i];
    timeline.audit(f.createdAt!, actorOf(f.by), {
      action: 'create',
      recordType: 'case_follow_up',
      recordId: row.id,
      fields: ['kind', 'dueOn'],
    });
    if (f.completedAt)
      timeline.audit(f.completedAt, actorOf(f.by), {
        action: 'update',
        recordType: 'case_follow_up',
        recordId: row.id,
        fields: ['completedAt'],
      });
  });
}
