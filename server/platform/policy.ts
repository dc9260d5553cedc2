import type { Role } from '../../contracts/route.js';
import { AppError, forbidden } from './errors.js';

/** Who is acting: resolved from the session and, inside a city, from their membership there. */
export interface Actor {
  userId: string;
  isPlatformAdmin: boolean;
  /** A platform admin without two-factor sign-in: isPlatformAdmin stays false until they enrol. */
  platformAdminWithout2fa?: boolean;
  /** Present on city routes: the city and this person's one role in it. */
  city?: { id: string; role: Role };
}

/** What a rule may look at about the record (all optional: list-level checks have no record). */
export interface PolicyRecord {
  userId?: string;
  role?: Role;
}

type Condition = (actor: Actor, record: PolicyRecord) => boolean;
interface Rule {
  roles: readonly Role[];
  /** Platform admins may do this even without a role in the city. */
  platformAdmin?: boolean;
  /** Extra record-level condition for the roles above. */
  when?: Condition;
  /** Allowed to anyone in the city for whom this holds, whatever their role. */
  orWhen?: Condition;
}

const isSelf: Condition = (actor, record) => record.userId !== undefined && record.userId === actor.userId;
const notSelf: Condition = (actor, record) => !isSelf(actor, record);

const everyone: readonly Role[] = [
  'chair',
  'coordinator',
  'member',
  'partner',
  'national_liaison',
  'network_analyst',
  'auditor',
];

/**
 * The one table of who may do what. Deny by default: an action missing here is refused.
 * Read it like: "people.update-role: chairs, but not on themselves".
 */
export const rules = {
  'city.read': { roles: everyone, platformAdmin: true },
  'city.create': { roles: [], platformAdmin: true },
  'city.update-settings': { roles: ['chair'] },
  // Network people: internal staff directory. Partners, liaisons and analysts are outside it.
  'people.list': { roles: ['chair', 'coordinator', 'member', 'auditor'] },
  'people.read-contact': { roles: ['chair'], orWhen: isSelf },
  'people.update-role': { roles: ['chair'], when: notSelf },
  'people.update-organisation': { roles: ['chair'] },
  'people.update-contact': { roles: [], orWhen: isSelf },
  'people.remove': { roles: ['chair'], when: notSelf },
  'invitations.manage': { roles: ['chair'], platformAdmin: true },
  'audit.read': { roles: ['auditor', 'chair'] },
  'audit.verify': { roles: ['auditor', 'chair'] },
  // Meetings: the network's internal life; partners are outside it.
  'meetings.read': { roles: ['chair', 'coordinator', 'member', 'auditor'] },
  // The next meeting's date, title and place: also for the national liaison, who follows the network.
  'meetings.next': { roles: ['chair', 'coordinator', 'member', 'auditor', 'national_liaison'] },
  'meetings.manage': { roles: ['chair', 'coordinator'] },
  'meetings.update-own-action-item': { roles: ['chair', 'coordinator'], orWhen: isSelf },
  // Terms of Reference: the network's own roles read it; partners, analysts see only the public summary.
  'tor.read': { roles: ['chair', 'coordinator', 'member', 'national_liaison', 'auditor'] },
  'tor.read-summary': { roles: everyone },
  'tor.edit': { roles: ['chair', 'coordinator'] },
  'tor.adopt': { roles: ['chair', 'coordinator'] },
  'tor.acknowledge': { roles: ['chair', 'coordinator', 'member'] },
  'tor.acknowledgements': { roles: ['chair', 'coordinator'] },
  // Network set-up: everyone in the city reads it (it says which modules are on); the chair shapes it.
  'network.read': { roles: everyone },
  'network.manage': { roles: ['chair'] },
  // Member organisations: partners see only those that consented to public listing.
  'organisations.read': { roles: ['chair', 'coordinator', 'member', 'auditor', 'partner'] },
  'organisations.read-unlisted': { roles: ['chair', 'coordinator', 'member', 'auditor'] },
  'organisations.manage': { roles: ['chair', 'coordinator'] },
  'dashboard.read': { roles: ['chair', 'coordinator'] },
  // Cases (docs/CASES.md). These rules say who may try; the cases service then checks the
  // situation itself: identities, plans and notes need an active assignment of the person's
  // organisation (need-to-know, no break-the-glass), whatever the role.
  'cases.read': { roles: ['chair', 'coordinator', 'member'] },
  'cases.create': { roles: ['chair', 'coordinator', 'member'] },
  'cases.decide': { roles: ['chair', 'coordinator'] },
  'cases.work': { roles: ['chair', 'coordinator', 'member'] },
  'cases.consent-override': { roles: ['chair'] },
  'cases.settings': { roles: ['chair'] },
  'cases.subject-access': { roles: ['chair'] },
  'cases.purge-runs': { roles: ['chair', 'auditor'] },
  // De-identified, small cells suppressed: the audience that steers and studies the network.
  'cases.statistics': {
    roles: ['chair', 'coordinator', 'member', 'national_liaison', 'network_analyst', 'auditor'],
  },
  'cases.open-data': { roles: ['chair', 'coordinator', 'network_analyst'] },
  // Referrals: receivers (member organisations and partners) see only what was sent to them.
  'referrals.inbox': { roles: ['chair', 'coordinator', 'member', 'partner'] },
  'referrals.send': { roles: ['chair', 'coordinator', 'member'] },
  'services.read': { roles: ['chair', 'coordinator', 'member'] },
  'services.manage': { roles: ['chair', 'coordinator'] },
  // Community: the city's public pages (docs/COMMUNITY.md); the chair decides what is published.
  'community.manage': { roles: ['chair'] },
  // Safe space (docs/SAFE_SPACE.md): the chair designates custodians; these roles may be designated,
  // and the service then requires the designation and two-factor sign-in on every read and answer.
  'safe-space.custodians': { roles: ['chair'] },
  'safe-space.triage': { roles: ['chair', 'coordinator', 'member'] },
  // Risk map (docs/RISK_MAP.md): internal to the network. Chair and coordinator keep the register and
  // the boundaries; members add their organisation's perspectives and evidence; partners, the
  // national liaison, analysts and the public see no row of it. The auditor reads.
  'risks.read': { roles: ['chair', 'coordinator', 'member', 'auditor'] },
  'risks.contribute': { roles: ['chair', 'coordinator', 'member'] },
  'risks.manage': { roles: ['chair', 'coordinator'] },
  // Case workflows as data (issue 13): the table reads the definitions; the chair builds and chooses.
  'cases.workflows.read': { roles: ['chair', 'coordinator', 'member'] },
  'cases.workflows.manage': { roles: ['chair'] },
  // Action plan (docs/ACTION_PLAN.md): the network's own roles, the national liaison and the auditor
  // read it; partners see the actions their organisation takes part in.
  'action-plan.read': { roles: ['chair', 'coordinator', 'member', 'national_liaison', 'auditor'] },
  'action-plan.edit': { roles: ['chair', 'coordinator'] },
  'action-plan.adopt': { roles: ['chair', 'coordinator'] },
  'action-plan.my-actions': { roles: ['chair', 'coordinator', 'member', 'partner'] },
  'action-plan.update-any-progress': { roles: ['chair', 'coordinator'] },
  // Members and partners: only actions their organisation owns (checked by the service).
  'action-plan.update-own-progress': { roles: ['member', 'partner'] },
  // Activities (docs/ACTIVITIES.md): delivered sessions, attendance as counts only.
  'activities.read': { roles: ['chair', 'coordinator', 'member', 'auditor'] },
  'activities.record-any': { roles: ['chair', 'coordinator'] },
  // Members and partners: sessions of actions their organisation owns or partners (checked by the service).
  'activities.record-own': { roles: ['member', 'partner'] },
  // Aggregates with small cells withheld: also for those who follow the network from outside.
  'activities.summary': {
    roles: ['chair', 'coordinator', 'member', 'national_liaison', 'network_analyst', 'auditor'],
  },
  // Indicators (docs/INDICATORS.md): values count once the coordinator (or chair) approves them.
  'indicators.read': {
    roles: ['chair', 'coordinator', 'member', 'national_liaison', 'network_analyst', 'auditor'],
  },
  'indicators.manage': { roles: ['chair', 'coordinator'] },
  'indicators.enter-values': { roles: ['chair', 'coordinator', 'member'] },
  'indicators.approve': { roles: ['chair', 'coordinator'] },
  // Networks of cities (docs/CITY_NETWORKS.md): a platform admin creates them and designates their
  // analysts (who then read aggregates only, checked by the service); the chair joins, leaves, chooses
  // whether the city is named, publishes and imports templates.
  'city-networks.create': { roles: [], platformAdmin: true },
  'city-networks.read': { roles: ['chair', 'coordinator', 'member', 'auditor'] },
  'city-networks.manage': { roles: ['chair'] },
  'city-networks.templates': { roles: ['chair', 'coordinator'] },
  // Only what the menu shows the city's analyst: the network's aggregates need a designation (service).
  'city-networks.analyse': { roles: ['network_analyst'] },
  // National–local coordination (docs/NATIONAL.md, mandate item e). Frameworks: the platform admin
  // publishes any, a national liaison those of its city's country; the city maps its objectives.
  'national.frameworks.read': {
    roles: ['chair', 'coordinator', 'member', 'national_liaison', 'auditor'],
    platformAdmin: true,
  },
  'national.frameworks.manage': { roles: ['national_liaison'], platformAdmin: true },
  'national.frameworks.publish-all': { roles: [], platformAdmin: true },
  'national.mapping.edit': { roles: ['chair', 'coordinator'] },
  // Escalations carry no personal data; the liaison answers them, the city raises and closes them.
  'national.escalations.read': { roles: ['chair', 'coordinator', 'member', 'national_liaison', 'auditor'] },
  'national.escalations.raise': { roles: ['chair', 'coordinator'] },
  'national.escalations.respond': { roles: ['national_liaison'] },
  'national.escalations.close': { roles: ['chair', 'coordinator'] },
  // Reports upward: drafted by chair and coordinator, submitted by the chair, reviewed by the liaison
  // (who sees submitted reports only; the service checks it).
  'national.reports.read': { roles: ['chair', 'coordinator', 'member', 'national_liaison', 'auditor'] },
  'national.reports.draft': { roles: ['chair', 'coordinator'] },
  'national.reports.submit': { roles: ['chair'] },
  'national.reports.review': { roles: ['national_liaison'] },
  // Communication log (docs/COMMUNITY.md, lesson 9): the network's own roles read it and use the
  // agreed texts; chair and coordinator plan messages; only the chair approves and agrees the texts.
  'community.messages.read': { roles: ['chair', 'coordinator', 'member', 'auditor'] },
  'community.messages.write': { roles: ['chair', 'coordinator'] },
  'community.messages.approve': { roles: ['chair'] },
  'community.key-texts.manage': { roles: ['chair'] },
  // Directory (docs/DIRECTORY.md, 3W): partners read entries shown to partners and their own; members
  // and partners list their own organisation's services (checked by the service); chair and coordinator
  // keep the rest and import. Gaps compare with the risk register, so they stay inside the network.
  'directory.read': { roles: ['chair', 'coordinator', 'member', 'auditor', 'partner'] },
  'directory.contribute': { roles: ['chair', 'coordinator', 'member', 'partner'] },
  'directory.manage': { roles: ['chair', 'coordinator'] },
  'directory.coverage': { roles: ['chair', 'coordinator', 'member', 'auditor'] },
  'directory.export': { roles: ['chair', 'coordinator', 'member', 'auditor'] },
  // Risk map: only the chair defines the city's matrix and decides what of the register is published.
  'risks.matrix': { roles: ['chair'] },
  'risks.publish': { roles: ['chair'] },
} as const satisfies Record<string, Rule>;

export type Action = keyof typeof rules;

/** Whether the actor may take the action (on the record, where the rule looks at one). */
export function can(actor: Actor, action: Action, record: PolicyRecord = {}): boolean {
  const rule: Rule = rules[action];
  if (!rule) return false;
  if (rule.platformAdmin && actor.isPlatformAdmin) return true;
  const role = actor.city?.role;
  if (!role) return false;
  if (rule.orWhen?.(actor, record)) return true;
  if (!rule.roles.includes(role)) return false;
  return rule.when ? rule.when(actor, record) : true;
}

/**
 * Throws 403 unless the actor may take the action; `two-factor-required` when only the platform-admin
 * rights they have not unlocked with a second factor would allow it.
 */
export function authorize(actor: Actor, action: Action, record: PolicyRecord = {}): void {
  if (can(actor, action, record)) return;
  const rule: Rule = rules[action];
  if (rule?.platformAdmin && actor.platformAdminWithout2fa) {
    throw new AppError('two-factor-required', 403, 'Set up two-factor sign-in to use platform-admin rights');
  }
  throw forbidden(`Not allowed: ${action}`);
}

/** Actions the actor may take in general (without a record): what the navigation shows. */
export function permissionsOf(actor: Actor): Action[] {
  return (Object.keys(rules) as Action[]).filter((action) => {
    const rule: Rule = rules[action];
    if (rule.platformAdmin && actor.isPlatformAdmin) return true;
    return actor.city?.role !== undefined && rule.roles.includes(actor.city.role);
  });
}
