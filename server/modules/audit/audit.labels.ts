import { sql, type SQL } from 'drizzle-orm';
import type { AuditEventView } from '../../../contracts/audit.contract.js';
import type { Locale } from '../../../contracts/route.js';
import type { auditEvent } from '../../platform/audit/audit.table.js';
import { user } from '../../platform/auth/auth.table.js';
import { rawRows, type Db } from '../../platform/db/index.js';
import { translate } from '../../platform/i18n.js';
import { can, type Action, type Actor } from '../../platform/policy.js';
import {
  caseAssessment,
  caseConsent,
  caseFollowUp,
  casePerson,
  caseReferral,
  caseService,
  caseSituation,
} from '../cases/index.js';
import { city } from '../cities/index.js';
import { actionItem, decision, meeting, meetingSeries } from '../meetings/index.js';
import { network, organisation, representative } from '../network/index.js';
import { membership } from '../people/index.js';
import { torVersion } from '../tor/index.js';

type AuditRow = typeof auditEvent.$inferSelect;

/** A translated label, or the raw code when the locale files have none (a new action shows as itself). */
function labelOr(locale: Locale, key: string, code: string): string {
  const text = translate(locale, key);
  return text === key ? code : text;
}

export const actionLabel = (locale: Locale, code: string) => labelOr(locale, `audit.actions.${code}`, code);
export const recordTypeLabel = (locale: Locale, code: string) =>
  labelOr(locale, `audit.recordTypes.${code}`, code);
export const fieldLabel = (locale: Locale, code: string) => labelOr(locale, `audit.fieldNames.${code}`, code);
/** City roles from the shared messages; the non-city actors (platform admin, CLI) from the audit module's. */
export function roleLabel(locale: Locale, code: string): string {
  if (!code) return labelOr(locale, 'audit.actorRoles.none', code);
  const cityRole = translate(locale, `roles.${code}`);
  return cityRole !== `roles.${code}` ? cityRole : labelOr(locale, `audit.actorRoles.${code}`, code);
}

/**
 * How each record type is named for the reader. `needs` is the permission the reader must already
 * hold to see that name elsewhere in the app; without it the record stays a bare id. No branch reads
 * a case person's identity: everything about a situation is named by its reference only (which
 * auditors and chairs already see in agendas and purge runs).
 */
interface Namer {
  needs: Action;
  /** A select of (id, label) for the given record ids in the city: id::text, label::text. */
  query: (cityId: string, ids: SQL) => SQL;
}

/** The situation a child row belongs to, named by its reference. */
function viaSituation(
  table:
    | typeof casePerson
    | typeof caseConsent
    | typeof caseAssessment
    | typeof caseFollowUp
    | typeof caseReferral,
): Namer['query'] {
  return (cityId, ids) => sql`select ${table.id}::text as id, ${caseSituation.reference} as label
    from ${table} join ${caseSituation}
      on ${caseSituation.cityId} = ${table.cityId} and ${caseSituation.id} = ${table.situationId}
    where ${table.cityId} = ${cityId} and ${table.id}::text in ${ids}`;
}

const situationReference: Namer['query'] = (cityId, ids) =>
  sql`select ${caseSituation.id}::text as id, ${caseSituation.reference} as label from ${caseSituation}
    where ${caseSituation.cityId} = ${cityId} and ${caseSituation.id}::text in ${ids}`;

/** Only people who are members of this city are named (the people list shows no one else). */
const memberName: Namer['query'] = (cityId, ids) =>
  sql`select ${user.id} as id, ${user.name} as label from ${membership} join ${user} on ${user.id} = ${membership.userId}
    where ${membership.cityId} = ${cityId} and ${membership.userId} in ${ids}`;

const torVersionNumber: Namer['query'] = (cityId, ids) =>
  sql`select ${torVersion.id}::text as id, ${torVersion.version}::text as label from ${torVersion}
    where ${torVersion.cityId} = ${cityId} and ${torVersion.id}::text in ${ids}`;

export const namers: Record<string, Namer> = {
  case_situation: { needs: 'audit.read', query: situationReference },
  // An assignment is recorded against the situation itself.
  case_assignment: { needs: 'audit.read', query: situationReference },
  case_person: { needs: 'audit.read', query: viaSituation(casePerson) },
  case_consent: { needs: 'audit.read', query: viaSituation(caseConsent) },
  case_assessment: { needs: 'audit.read', query: viaSituation(caseAssessment) },
  case_follow_up: { needs: 'audit.read', query: viaSituation(caseFollowUp) },
  case_referral: { needs: 'audit.read', query: viaSituation(caseReferral) },
  case_service: {
    needs: 'services.read',
    query: (cityId, ids) => sql`select ${caseService.id}::text as id, ${caseService.name} as label
      from ${caseService} where ${caseService.cityId} = ${cityId} and ${caseService.id}::text in ${ids}`,
  },
  meeting: {
    needs: 'meetings.read',
    // Titles repeat from meeting to meeting; the (UTC) date tells them apart.
    query: (cityId, ids) => sql`select ${meeting.id}::text as id,
        ${meeting.title} || ' · ' || to_char(${meeting.startsAt} at time zone 'UTC', 'YYYY-MM-DD') as label
      from ${meeting} where ${meeting.cityId} = ${cityId} and ${meeting.id}::text in ${ids}`,
  },
  meeting_series: {
    needs: 'meetings.read',
    query: (cityId, ids) => sql`select ${meetingSeries.id}::text as id, ${meetingSeries.title} as label
      from ${meetingSeries} where ${meetingSeries.cityId} = ${cityId} and ${meetingSeries.id}::text in ${ids}`,
  },
  // A decision's text can be long: it is named by the meeting that took it.
  decision: {
    needs: 'meetings.read',
    query: (cityId, ids) => sql`select ${decision.id}::text as id,
        ${meeting.title} || ' · ' || to_char(${meeting.startsAt} at time zone 'UTC', 'YYYY-MM-DD') as label
      from ${decision} join ${meeting} on ${meeting.cityId} = ${decision.cityId} and ${meeting.id} = ${decision.meetingId}
      where ${decision.cityId} = ${cityId} and ${decision.id}::text in ${ids}`,
  },
  action_item: {
    needs: 'meetings.read',
    query: (cityId, ids) => sql`select ${actionItem.id}::text as id, ${actionItem.title} as label
      from ${actionItem} where ${actionItem.cityId} = ${cityId} and ${actionItem.id}::text in ${ids}`,
  },
  tor_version: { needs: 'tor.read', query: torVersionNumber },
  // An acknowledgement is recorded against the version acknowledged.
  tor_acknowledgement: { needs: 'tor.read', query: torVersionNumber },
  organisation: {
    needs: 'organisations.read-unlisted',
    query: (cityId, ids) => sql`select ${organisation.id}::text as id, ${organisation.name} as label
      from ${organisation} where ${organisation.cityId} = ${cityId} and ${organisation.id}::text in ${ids}`,
  },
  representative: {
    needs: 'organisations.read-unlisted',
    query: (cityId, ids) => sql`select ${representative.id}::text as id,
        ${representative.displayName} || ' · ' || ${organisation.name} as label
      from ${representative} join ${organisation}
        on ${organisation.cityId} = ${representative.cityId} and ${organisation.id} = ${representative.organisationId}
      where ${representative.cityId} = ${cityId} and ${representative.id}::text in ${ids}`,
  },
  membership: { needs: 'people.list', query: memberName },
  user: { needs: 'people.list', query: memberName },
  city: {
    needs: 'city.read',
    query: (cityId, ids) =>
      sql`select ${city.id}::text as id, ${city.name} as label from ${city} where ${city.id} = ${cityId} and ${city.id}::text in ${ids}`,
  },
  network: {
    needs: 'network.read',
    query: (cityId, ids) => sql`select ${network.cityId}::text as id, ${network.name} as label
      from ${network} where ${network.cityId} = ${cityId} and ${network.cityId}::text in ${ids}`,
  },
};

/** Actors are looked up under this pseudo-type, beside the record types, in the same query. */
const ACTOR = '@actor';

/**
 * Names every actor and record of a page in one query: a UNION ALL with one branch per record type
 * present (and one for the actors), each batched over its ids and kept inside the city.
 * Returns a lookup by (type, id).
 */
export async function resolveNames(
  db: Db,
  cityId: string,
  reader: Actor,
  rows: Pick<AuditRow, 'actorUserId' | 'recordType' | 'recordId'>[],
): Promise<(type: string, id: string | null) => string | null> {
  const wanted = new Map<string, Set<string>>();
  const want = (type: string, id: string | null) => {
    if (!id) return;
    const ids = wanted.get(type) ?? new Set<string>();
    ids.add(id);
    wanted.set(type, ids);
  };
  const namesPeople = can(reader, 'people.list');
  for (const row of rows) {
    if (namesPeople) want(ACTOR, row.actorUserId);
    const namer = namers[row.recordType];
    if (namer && can(reader, namer.needs)) want(row.recordType, row.recordId);
  }
  const branches: SQL[] = [];
  for (const [type, ids] of wanted) {
    const list = sql`(${sql.join(
      [...ids].map((id) => sql`${id}`),
      sql`, `,
    )})`;
    const query = type === ACTOR ? memberName(cityId, list) : namers[type].query(cityId, list);
    branches.push(sql`select ${type}::text as type, named.id, named.label from (${query}) as named`);
  }
  const found = new Map<string, string>();
  if (branches.length) {
    const rowsFound = await rawRows<{ type: string; id: string; label: string }>(
      db,
      sql.join(branches, sql` union all `),
    );
    for (const r of rowsFound) found.set(`${r.type}\u0000${r.id}`, r.label);
  }
  return (type, id) => (id ? (found.get(`${type}\u0000${id}`) ?? null) : null);
}

/** Each entry with its labels, in the reader's language and as far as the reader's role may see. */
export async function describeEvents(
  db: Db,
  cityId: string,
  reader: Actor,
  locale: Locale,
  rows: AuditRow[],
): Promise<AuditEventView[]> {
  const nameOf = await resolveNames(db, cityId, reader, rows);
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    actorUserId: r.actorUserId,
    actorName: nameOf(ACTOR, r.actorUserId),
    actorRole: r.actorRole,
    actorRoleLabel: roleLabel(locale, r.actorRole),
    action: r.action,
    actionLabel: actionLabel(locale, r.action),
    recordType: r.recordType,
    recordTypeLabel: recordTypeLabel(locale, r.recordType),
    recordId: r.recordId,
    recordLabel: nameOf(r.recordType, r.recordId),
    fields: r.fields,
    fieldLabels: r.fields.map((f) => fieldLabel(locale, f)),
    reason: r.reason,
    requestId: r.requestId,
    hash: r.hash,
  }));
}

/** The actions, record types and actors present in a city's log (one query), with their labels. */
export async function filterOptions(db: Db, cityId: string, reader: Actor, locale: Locale) {
  const rows = await rawRows<{ kind: 'action' | 'recordType' | 'actor'; value: string }>(
    db,
    sql`select 'action' as kind, action as value from audit_event where city_id = ${cityId} group by action
      union all
      select 'recordType', record_type from audit_event where city_id = ${cityId} group by record_type
      union all
      select 'actor', actor_user_id from audit_event
        where city_id = ${cityId} and actor_user_id is not null group by actor_user_id`,
  );
  const of = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.value);
  const byLabel = (a: { label: string }, b: { label: string }) => a.label.localeCompare(b.label, locale);
  const actorIds = of('actor');
  const nameOf = await resolveNames(
    db,
    cityId,
    reader,
    actorIds.map((id) => ({ actorUserId: id, recordType: '', recordId: null })),
  );
  const notMember = translate(locale, 'audit.notMember');
  return {
    actions: of('action')
      .map((value) => ({ value, label: actionLabel(locale, value) }))
      .sort(byLabel),
    recordTypes: of('recordType')
      .map((value) => ({ value, label: recordTypeLabel(locale, value) }))
      .sort(byLabel),
    // Someone who has left the city (or whom this role may not name) is listed without a name.
    actors: actorIds
      .map((value) => ({ value, label: nameOf(ACTOR, value) ?? `${notMember} · ${value.slice(0, 8)}` }))
      .sort(byLabel),
  };
}
