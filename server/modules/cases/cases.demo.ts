import type { OutcomeCode } from '../../../contracts/cases.contract.js';
import type { Role } from '../../../contracts/route.js';
import type { AuditActor } from '../../platform/audit/audit.js';
import type { AppDeps } from '../../platform/deps.js';
import type { Actor } from '../../platform/policy.js';
import { myOrganisationIds } from './cases.access.js';
import * as cases from './cases.service.js';

/**
 * Demo situations for Riverton, made through the service (so identities are encrypted and every
 * step is audited like real work). Every name and detail here is invented.
 */
interface DemoContext {
  deps: AppDeps;
  cityId: string;
  people: Map<string, string>;
}

const DAY = 86_400_000;
const ago = (days: number, hours = 0) => new Date(Date.now() - days * DAY - hours * 3_600_000);

// A small deterministic generator: the demo is the same on every machine.
function lcg(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

export async function seedCasesDemo({ deps, cityId, people }: DemoContext): Promise<void> {
  const { db, keys } = deps;
  const workflow = await cases.workflowOf(db, cityId);
  if (workflow.kind === 'none') return;
  const actorFor = (email: string, role: Role) => {
    const userId = people.get(email);
    if (!userId) throw new Error(`Demo person ${email} is missing`);
    const actor: Actor = { userId, isPlatformAdmin: false, city: { id: cityId, role } };
    const audit: AuditActor = { userId, role, requestId: 'seed-demo' };
    return { actor, audit };
  };
  const social = actorFor('member@demo.lpn.local', 'member');
  const education = actorFor('member2@demo.lpn.local', 'member');
  const mentalHealth = actorFor('member3@demo.lpn.local', 'member');
  const coordinator = actorFor('coordinator@demo.lpn.local', 'coordinator');
  const orgOf = async (who: { actor: Actor }) => (await myOrganisationIds(db, cityId, who.actor.userId))[0];
  const [socialOrg, educationOrg, mentalHealthOrg] = [
    await orgOf(social),
    await orgOf(education),
    await orgOf(mentalHealth),
  ];
  const legalBasis = {
    basis: 'legal-basis' as const,
    basisDetail: 'Acutely elevated risk — information-sharing protocol, section 4',
  };

  const bring = (who: typeof social, at: Date, p: Partial<Parameters<typeof cases.createCase>[4]> = {}) =>
    cases.createCase(
      db,
      cityId,
      who.actor,
      who.audit,
      {
        originatingReason:
          'Several agencies see the same family; our service alone cannot lower the risk in time.',
        subjectKind: 'person',
        ageBand: '12-17',
        gender: 'female',
        neighbourhood: 'Old Mill',
        riskFactors: ['aggressive-behaviour'],
        protectiveFactors: ['trusted-adult'],
        ...p,
      },
      at,
    );
  const accept = async (id: string, at: Date, lead: string, assisting: string[]) => {
    await cases.moveStage(db, cityId, coordinator.actor, coordinator.audit, id, 'filter-2', at);
    await cases.decideThreshold(
      db,
      cityId,
      coordinator.actor,
      coordinator.audit,
      id,
      { thresholdMet: true, note: '' },
      at,
    );
    await cases.assignAgencies(
      db,
      keys,
      cityId,
      coordinator.actor,
      coordinator.audit,
      id,
      {
        leadOrganisationId: lead,
        assistingOrganisationIds: assisting,
        disclosure: legalBasis,
      },
      at,
    );
  };

  // Filter 1: a draft the social services department is preparing.
  await bring(social, ago(0, 3), { ageBand: '18-24', gender: 'male', neighbourhood: 'Riverside' });
  // Filter 2: presented, waiting for the table's decision.
  const presented = await bring(education, ago(1), { ageBand: '6-11', subjectKind: 'family' });
  await cases.moveStage(db, cityId, education.actor, education.audit, presented, 'filter-2', ago(1));
  // Filter 3, overdue: accepted three days ago, nobody has responded yet.
  const overdue = await bring(social, ago(4), { neighbourhood: 'Harbour' });
  await accept(overdue, ago(3), socialOrg, [educationOrg]);
  await cases.addPerson(db, keys, cityId, social.actor, social.audit, overdue, {
    relation: 'subject',
    identity: {
      givenName: 'Lina',
      familyName: 'Demoson',
      dateOfBirth: '2011-05-14',
      guardians: [{ name: 'Rosa Demoson', relationship: 'mother', phone: '+000 555 0101' }],
    },
  });
  // Filter 4: the mental health centre leads, a plan is being carried out.
  const planning = await bring(mentalHealth, ago(12), {
    ageBand: '25-29',
    gender: 'male',
    riskFactors: ['aggressive-behaviour'],
  });
  await accept(planning, ago(11), mentalHealthOrg, [socialOrg]);
  await cases.moveStage(db, cityId, mentalHealth.actor, mentalHealth.audit, planning, 'filter-4', ago(11));
  await cases.addPerson(db, keys, cityId, mentalHealth.actor, mentalHealth.audit, planning, {
    relation: 'subject',
    identity: {
      givenName: 'Omar',
      familyName: 'Exampleton',
      dateOfBirth: '1999-02-03',
      phone: '+000 555 0199',
      guardians: [],
    },
  });
  await cases.savePlan(
    db,
    keys,
    cityId,
    mentalHealth.actor,
    mentalHealth.audit,
    planning,
    'Joint home visit on Thursday (mental health + social services); housing application; weekly check-in.',
  );
  await cases.addFollowUp(db, keys, cityId, mentalHealth.actor, mentalHealth.audit, planning, {
    kind: 'follow-up',
    dueOn: new Date(Date.now() + 5 * DAY).toISOString().slice(0, 10),
  });
  // Rejected: below the threshold; only minimal data remains.
  const rejected = await bring(education, ago(20), { ageBand: '12-17', gender: 'male' });
  await cases.moveStage(db, cityId, education.actor, education.audit, rejected, 'filter-2', ago(20));
  await cases.decideThreshold(
    db,
    cityId,
    coordinator.actor,
    coordinator.audit,
    rejected,
    {
      thresholdMet: false,
      note: 'Risk is elevated but not acute; the school continues with its own support.',
    },
    ago(20),
  );

  // A year of closed situations, so the statistics have something to show.
  const random = lcg(2026);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const bands = ['6-11', '12-17', '12-17', '18-24', '18-24', '25-29', '30-39', '40-59'] as const;
  const genders = ['female', 'male', 'male', 'female', 'not-stated'] as const;
  const kinds = ['person', 'person', 'person', 'family', 'group'] as const;
  const risks = [
    'aggressive-behaviour',
    'alcohol',
    'no-housing',
    'truancy',
    'suicidal-thoughts',
    'family-conflict',
    'social-isolation',
    'drugs',
  ];
  const outcomes: OutcomeCode[] = [
    'risk-lowered-connected',
    'risk-lowered-connected',
    'risk-lowered-informed',
    'risk-remains-referred',
    'services-declined',
    'moved-or-lost-contact',
  ];
  const bringers = [social, education, mentalHealth];
  const orgs = [socialOrg, educationOrg, mentalHealthOrg];
  const known = new Set(
    (await cases.cityTaxonomies(db, cityId)).risk.categories.flatMap((c) => [
      c.id,
      ...c.subtypes.map((s) => s.id),
    ]),
  );
  for (let i = 0; i < 36; i++) {
    const at = ago(360 - i * 9);
    const b = Math.floor(random() * bringers.length);
    const factors = [...new Set([pick(risks), pick(risks)])].filter((f) => known.has(f));
    const id = await bring(bringers[b], at, {
      ageBand: pick(bands),
      gender: pick(genders),
      subjectKind: pick(kinds),
      riskFactors: factors.length ? factors : ['aggressive-behaviour'],
      neighbourhood: pick(['Old Mill', 'Harbour', 'Riverside', 'North End']),
    });
    await accept(id, at, orgs[b], [orgs[(b + 1) % orgs.length]]);
    await cases.moveStage(
      db,
      cityId,
      bringers[b].actor,
      bringers[b].audit,
      id,
      'filter-4',
      new Date(at.getTime() + 20 * 3_600_000),
    );
    await cases.closeCase(
      db,
      keys,
      cityId,
      bringers[b].actor,
      bringers[b].audit,
      id,
      { outcome: pick(outcomes), note: '' },
      new Date(at.getTime() + 21 * DAY),
    );
  }
}
