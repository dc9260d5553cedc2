import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import {
  CASE_REF_PATTERN,
  type ActionItem,
  type AgendaTemplate,
  type Decision,
  type DecisionInput,
  type MeetingDetail,
  type MeetingSummary,
  type Quorum,
} from '../../../contracts/meetings.contract.js';
import { locales, type Locale } from '../../../contracts/route.js';
import type { Db } from '../../platform/db/index.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import { LIMITS, timeCursor } from '../../../contracts/primitives.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { user } from '../../platform/auth/auth.table.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { can, type Actor } from '../../platform/policy.js';
import { city } from '../cities/index.js';
import { membership } from '../people/index.js';
import { getTemplate, network, organisation } from '../network/index.js';
import { torVersion, type DecisionRules } from '../tor/index.js';
import {
  actionItem,
  agendaItem,
  attendance,
  calendarFeed,
  decision,
  meeting,
  meetingSeries,
} from './meetings.table.js';
import { occurrenceDates, toIsoDate, zonedToUtc } from './meetings.time.js';
import { pullAgendaItems } from './meetings.agenda-sources.js';

/** Without an adopted ToR: quorum is at least half of the formal member organisations; votes by majority. */
export const DEFAULT_RULES: DecisionRules = {
  quorum: { kind: 'share', value: 0.5 },
  method: 'majority',
  voters: 'formal-members',
};

const validation = (path: string, message: string) =>
  new AppError('validation', 400, message, [{ path, code: 'invalid', message }]);

// ---------- translations of the agenda templates (the city's default language) ----------

const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../locales/meetings');
const catalogues = new Map<string, Record<string, unknown>>();
function templateText(locale: string, key: string): string {
  const load = (l: string) => {
    if (!catalogues.has(l)) {
      const file = path.join(localesDir, `${l}.json`);
      catalogues.set(l, fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as never) : {});
    }
    const templates = catalogues.get(l)?.template as Record<string, string> | undefined;
    return templates?.[key];
  };
  const lang = (locales as readonly string[]).includes(locale) ? (locale as Locale) : 'en';
  return load(lang) ?? load('en') ?? key;
}

type AgendaSeed = {
  kind: 'discussion' | 'decision' | 'reflection' | 'planning';
  key: string;
  /** Followed, on a meeting scheduled on its own, by the situations waiting at intake (references). */
  cases?: true;
};
/**
 * The agenda templates. The per-model ones are named by the structure templates (`agendaTemplate`);
 * their case items say "by reference only": a case item carries a reference, never a name.
 */
const TEMPLATES: Record<AgendaTemplate, AgendaSeed[]> = {
  standard: [
    { kind: 'discussion', key: 'opening' },
    { kind: 'discussion', key: 'updates' },
    { kind: 'decision', key: 'decisions' },
    { kind: 'discussion', key: 'aob' },
  ],
  'monthly-reflection': [
    { kind: 'reflection', key: 'delivered' },
    { kind: 'reflection', key: 'workedNotWorked' },
    { kind: 'reflection', key: 'signals' },
    { kind: 'planning', key: 'nextActivities' },
    { kind: 'planning', key: 'support' },
  ],
  'situation-table': [
    { kind: 'discussion', key: 'opening' },
    { kind: 'decision', key: 'filterTwo', cases: true },
    { kind: 'decision', key: 'filterThree' },
    { kind: 'discussion', key: 'filterFour' },
    { kind: 'discussion', key: 'aob' },
  ],
  'channel-panel': [
    { kind: 'discussion', key: 'opening' },
    { kind: 'decision', key: 'screening', cases: true },
    { kind: 'decision', key: 'assessments' },
    { kind: 'discussion', key: 'supportInProgress' },
    { kind: 'discussion', key: 'exitReviews' },
    { kind: 'discussion', key: 'aob' },
  ],
  'safety-house-triage': [
    { kind: 'discussion', key: 'opening' },
    { kind: 'decision', key: 'triage', cases: true },
    { kind: 'decision', key: 'caseDirectors' },
    { kind: 'discussion', key: 'personInformed' },
    { kind: 'discussion', key: 'monitoring' },
    { kind: 'discussion', key: 'aob' },
  ],
  'partner-table': [
    { kind: 'discussion', key: 'opening' },
    { kind: 'decision', key: 'caseDiscussion', cases: true },
    { kind: 'planning', key: 'agreedActions' },
    { kind: 'discussion', key: 'yearlyReview' },
    { kind: 'discussion', key: 'aob' },
  ],
  'info-house': [
    { kind: 'discussion', key: 'opening' },
    { kind: 'decision', key: 'concerns', cases: true },
    { kind: 'decision', key: 'handovers' },
    { kind: 'discussion', key: 'followUps' },
    { kind: 'reflection', key: 'trends' },
    { kind: 'discussion', key: 'aob' },
  ],
  'anchor-team': [
    { kind: 'discussion', key: 'opening' },
    { kind: 'decision', key: 'jointAssessments', cases: true },
    { kind: 'planning', key: 'youthPlans' },
    { kind: 'discussion', key: 'followUps' },
    { kind: 'discussion', key: 'aob' },
  ],
};

/** The agenda a meeting starts with: the one asked for, else the network's model's, else "standard". */
async function agendaFor(db: Db, cityId: string, asked: AgendaTemplate | undefined): Promise<AgendaTemplate> {
  if (asked) return asked;
  const [row] = await db
    .select({ templateId: network.templateId })
    .from(network)
    .where(eq(network.cityId, cityId));
  return (row && getTemplate(row.templateId)?.agendaTemplate) ?? 'standard';
}

async function cityLocale(db: Db, cityId: string): Promise<string> {
  const [row] = await db.select({ locale: city.defaultLocale }).from(city).where(eq(city.id, cityId));
  if (!row) throw notFound();
  return row.locale;
}

/**
 * Where the situations waiting for a decision come from (the cases module registers it: meetings
 * cannot import cases, which imports meetings). It answers references only, never a name.
 */
export type AgendaCaseSource = (db: Db, cityId: string) => Promise<string[]>;
let agendaCaseSource: AgendaCaseSource | undefined;
export function registerAgendaCaseSource(source: AgendaCaseSource) {
  agendaCaseSource = source;
}

/**
 * Inserts a template's items. With `caseRefs`, the item that lists situations (a seed with
 * `cases: true`) is followed by one case item per reference: the reference only, no title or notes.
 */
async function insertTemplateAgenda(
  tx: Db,
  cityId: string,
  meetingId: string,
  template: AgendaTemplate,
  locale: string,
  caseRefs: string[] = [],
) {
  const items: (typeof agendaItem.$inferInsert)[] = [];
  for (const seed of TEMPLATES[template]) {
    items.push({
      cityId,
      meetingId,
      position: items.length,
      kind: seed.kind,
      title: templateText(locale, seed.key),
    });
    if (seed.cases) {
      for (const ref of caseRefs.filter((r) => CASE_REF_PATTERN.test(r))) {
        items.push({ cityId, meetingId, position: items.length, kind: 'case', title: ref, caseRef: ref });
      }
    }
  }
  // Items other modules contribute (meetings.agenda-sources.ts), after the template's own.
  for (const p of await pulledFor(tx, cityId, meetingId, template, locale))
    items.push({ cityId, meetingId, position: items.length, ...p });
  if (items.length) await tx.insert(agendaItem).values(items);
}

/** The items the registered agenda sources give this meeting (titles and notes cut to the limits). */
async function pulledFor(
  tx: Db,
  cityId: string,
  meetingId: string,
  template: AgendaTemplate,
  locale: string,
) {
  const [self] = await tx
    .select({ startsAt: meeting.startsAt })
    .from(meeting)
    .where(and(eq(meeting.cityId, cityId), eq(meeting.id, meetingId)));
  if (!self) return [];
  const [previous] = await tx
    .select({ startsAt: meeting.startsAt })
    .from(meeting)
    .where(
      and(
        eq(meeting.cityId, cityId),
        lt(meeting.startsAt, self.startsAt),
        sql`${meeting.status} <> 'cancelled'`,
      ),
    )
    .orderBy(desc(meeting.startsAt))
    .limit(1);
  const lang = (locales as readonly string[]).includes(locale) ? (locale as Locale) : 'en';
  const pulled = await pullAgendaItems(tx, template, {
    cityId,
    meetingId,
    startsAt: self.startsAt,
    since: previous?.startsAt ?? null,
    locale: lang,
  });
  return pulled.map((p) => ({
    kind: p.kind,
    title: p.title.slice(0, LIMITS.agendaTitle),
    notes: p.notes.slice(0, LIMITS.note),
  }));
}

/**
 * Appends what the agenda sources give now (overdue actions, milestones due, indicator changes) to a
 * meeting's agenda: a series makes its meetings ahead, so their pulled items are as old as the series.
 */
export async function pullAgenda(db: Db, cityId: string, auditActor: AuditActor, meetingId: string) {
  const locale = await cityLocale(db, cityId);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const found = await findMeeting(tx, cityId, meetingId);
    if (found.status === 'cancelled') throw conflict('The meeting is cancelled');
    const current = await tx
      .select({ position: agendaItem.position })
      .from(agendaItem)
      .where(and(eq(agendaItem.cityId, cityId), eq(agendaItem.meetingId, meetingId)));
    const pulled = await pulledFor(tx, cityId, meetingId, 'monthly-reflection', locale);
    if (current.length + pulled.length > 100) throw conflict('The agenda would have more than 100 items');
    const next = current.reduce((m, r) => Math.max(m, r.position + 1), 0);
    if (pulled.length)
      await tx
        .insert(agendaItem)
        .values(pulled.map((p, i) => ({ cityId, meetingId, position: next + i, ...p })));
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'meeting',
      recordId: meetingId,
      fields: ['agenda'],
      reason: 'pulled',
    });
  });
  const agenda = await db
    .select()
    .from(agendaItem)
    .where(and(eq(agendaItem.cityId, cityId), eq(agendaItem.meetingId, meetingId)))
    .orderBy(asc(agendaItem.position));
  return agenda.map((a) => ({
    id: a.id,
    position: a.position,
    kind: a.kind as never,
    title: a.title,
    notes: a.notes,
    caseRef: a.caseRef,
  }));
}

// ---------- decision rules and quorum ----------

export async function rulesFor(
  db: Db,
  cityId: string,
  torDraftId?: string | null,
): Promise<{ rules: DecisionRules; source: 'adopted-tor' | 'default' }> {
  const [adopted] = await db
    .select({ sections: torVersion.sections })
    .from(torVersion)
    .where(and(eq(torVersion.cityId, cityId), eq(torVersion.status, 'adopted')))
    .orderBy(desc(torVersion.version))
    .limit(1);
  if (adopted?.sections?.decisionRules)
    return { rules: adopted.sections.decisionRules, source: 'adopted-tor' };
  if (torDraftId) {
    const [draft] = await db
      .select({ sections: torVersion.sections })
      .from(torVersion)
      .where(and(eq(torVersion.cityId, cityId), eq(torVersion.id, torDraftId)));
    if (draft?.sections?.decisionRules) return { rules: draft.sections.decisionRules, source: 'default' };
  }
  return { rules: DEFAULT_RULES, source: 'default' };
}

async function findMeeting(db: Db, cityId: string, meetingId: string) {
  const [row] = await db
    .select()
    .from(meeting)
    .where(and(eq(meeting.cityId, cityId), eq(meeting.id, meetingId)));
  if (!row) throw notFound();
  return row;
}

/** Organisations active on the meeting's date (joined on or before, not left by then). */
async function activeOrganisations(db: Db, cityId: string, onDate: string) {
  return db
    .select({ id: organisation.id, name: organisation.name, membershipKind: organisation.membershipKind })
    .from(organisation)
    .where(
      and(
        eq(organisation.cityId, cityId),
        lte(organisation.joinedOn, onDate),
        or(isNull(organisation.leftOn), gt(organisation.leftOn, onDate)),
      ),
    )
    .orderBy(asc(organisation.name), asc(organisation.id));
}

/**
 * Required present formal organisations for a quorum rule: a count, or at least a share of them
 * ("quorum 50%" of 10 organisations is 5 present — what a chair reading the ToR expects).
 */
export function requiredFor(rules: DecisionRules, eligible: number): number {
  if (rules.quorum.kind === 'count') return Math.max(1, Math.ceil(rules.quorum.value));
  // A tiny epsilon keeps 0.3 × 10 from rounding up to 4 through floating-point error.
  return Math.max(1, Math.min(eligible, Math.ceil(eligible * rules.quorum.value - 1e-9)));
}

/**
 * The quorum of a meeting: present active FORMAL organisations against the rule of the adopted ToR
 * (or `rulesOverride`, or the default simple majority).
 */
export async function quorumFor(
  db: Db,
  cityId: string,
  meetingId: string,
  rulesOverride?: DecisionRules,
): Promise<Quorum> {
  const found = await findMeeting(db, cityId, meetingId);
  const rules = rulesOverride ?? (await rulesFor(db, cityId)).rules;
  const orgs = await activeOrganisations(db, cityId, toIsoDate(found.startsAt));
  const formal = orgs.filter((o) => o.membershipKind === 'formal').map((o) => o.id);
  const presentRows = formal.length
    ? await db
        .select({ organisationId: attendance.organisationId })
        .from(attendance)
        .where(
          and(
            eq(attendance.cityId, cityId),
            eq(attendance.meetingId, meetingId),
            eq(attendance.present, true),
            inArray(attendance.organisationId, formal),
          ),
        )
    : [];
  const eligible = formal.length;
  const required = requiredFor(rules, eligible);
  const present = presentRows.length;
  return { present, required, eligible, met: eligible > 0 && present >= required };
}

// ---------- mapping ----------

function toSummary(row: typeof meeting.$inferSelect): MeetingSummary {
  return {
    id: row.id,
    seriesId: row.seriesId,
    title: row.title,
    startsAt: row.startsAt.toISOString(),
    durationMinutes: row.durationMinutes,
    location: row.location,
    status: row.status as MeetingSummary['status'],
    minutesApprovedAt: row.minutesApprovedAt?.toISOString() ?? null,
  };
}

function toDecision(row: typeof decision.$inferSelect): Decision {
  return {
    id: row.id,
    meetingId: row.meetingId,
    agendaItemId: row.agendaItemId,
    text: row.text,
    subjectType: row.subjectType as Decision['subjectType'],
    subjectId: row.subjectId,
    method: row.method as Decision['method'],
    votesFor: row.votesFor,
    votesAgainst: row.votesAgainst,
    abstentions: row.abstentions,
    outcome: row.outcome as Decision['outcome'],
    quorumMet: row.quorumMet,
    binding: row.quorumMet,
    recordedAt: row.recordedAt.toISOString(),
  };
}

const actionColumns = {
  id: actionItem.id,
  cityId: actionItem.cityId,
  meetingId: actionItem.meetingId,
  decisionId: actionItem.decisionId,
  title: actionItem.title,
  ownerUserId: actionItem.ownerUserId,
  ownerName: user.name,
  dueOn: actionItem.dueOn,
  status: actionItem.status,
  doneAt: actionItem.doneAt,
  // Derived, not copied: a decision's quorum is fixed when it is recorded, so the item reads it there.
  decisionBinding: decision.quorumMet,
};
/** The decision an action item carries out (same city), for its binding mark. */
const actionDecision = and(eq(decision.cityId, actionItem.cityId), eq(decision.id, actionItem.decisionId));
type ActionRow = {
  id: string;
  meetingId: string | null;
  decisionId: string | null;
  title: string;
  ownerUserId: string | null;
  ownerName: string | null;
  dueOn: string;
  status: string;
  doneAt: Date | null;
  decisionBinding: boolean | null;
};
function toAction(row: ActionRow): ActionItem {
  return {
    id: row.id,
    meetingId: row.meetingId,
    decisionId: row.decisionId,
    title: row.title,
    ownerUserId: row.ownerUserId,
    ownerName: row.ownerName,
    dueOn: row.dueOn,
    status: row.status as ActionItem['status'],
    doneAt: row.doneAt?.toISOString() ?? null,
    decisionBinding: row.decisionId ? row.decisionBinding : null,
  };
}

// ---------- meetings ----------

export async function getMeeting(db: Db, cityId: string, meetingId: string): Promise<MeetingDetail> {
  const found = await findMeeting(db, cityId, meetingId);
  const { rules, source } = await rulesFor(db, cityId);
  const [agenda, orgs, marks, decisions, actions, quorum] = await Promise.all([
    db
      .select()
      .from(agendaItem)
      .where(and(eq(agendaItem.cityId, cityId), eq(agendaItem.meetingId, meetingId)))
      .orderBy(asc(agendaItem.position)),
    activeOrganisations(db, cityId, toIsoDate(found.startsAt)),
    db
      .select()
      .from(attendance)
      .where(and(eq(attendance.cityId, cityId), eq(attendance.meetingId, meetingId))),
    db
      .select()
      .from(decision)
      .where(and(eq(decision.cityId, cityId), eq(decision.meetingId, meetingId)))
      .orderBy(asc(decision.recordedAt)),
    db
      .select(actionColumns)
      .from(actionItem)
      .leftJoin(user, eq(user.id, actionItem.ownerUserId))
      .leftJoin(decision, actionDecision)
      .where(and(eq(actionItem.cityId, cityId), eq(actionItem.meetingId, meetingId)))
      .orderBy(asc(actionItem.dueOn), asc(actionItem.id)),
    quorumFor(db, cityId, meetingId, rules),
  ]);
  const presentBy = new Map(marks.map((m) => [m.organisationId, m.present]));
  return {
    ...toSummary(found),
    minutes: found.minutes,
    agenda: agenda.map((a) => ({
      id: a.id,
      position: a.position,
      kind: a.kind as never,
      title: a.title,
      notes: a.notes,
      caseRef: a.caseRef,
    })),
    attendance: orgs.map((o) => ({
      organisationId: o.id,
      name: o.name,
      membershipKind: o.membershipKind,
      present: presentBy.get(o.id) ?? null,
    })),
    quorum,
    rules,
    rulesSource: source,
    decisions: decisions.map(toDecision),
    actionItems: actions.map(toAction),
  };
}

export async function listMeetings(
  db: Db,
  cityId: string,
  query: { when: 'upcoming' | 'past'; cursor?: string; limit: number },
  now = new Date(),
) {
  const upcoming = query.when === 'upcoming';
  const conditions: SQL[] = [
    eq(meeting.cityId, cityId),
    upcoming ? gte(meeting.startsAt, now) : lt(meeting.startsAt, now),
  ];
  if (query.cursor) {
    const [value, id] = decodeCursor(query.cursor, timeCursor);
    const at = new Date(value);
    conditions.push(
      upcoming
        ? sql`(${meeting.startsAt}, ${meeting.id}) > (${at.toISOString()}::timestamptz, ${id}::uuid)`
        : sql`(${meeting.startsAt}, ${meeting.id}) < (${at.toISOString()}::timestamptz, ${id}::uuid)`,
    );
  }
  const rows = await db
    .select()
    .from(meeting)
    .where(and(...conditions))
    .orderBy(
      ...(upcoming ? [asc(meeting.startsAt), asc(meeting.id)] : [desc(meeting.startsAt), desc(meeting.id)]),
    )
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toSummary),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.startsAt.toISOString(), last.id) : null,
  };
}

/** The next scheduled (not cancelled) meeting and the number scheduled in the next 30 days. */
export async function nextMeeting(db: Db, cityId: string, now = new Date()) {
  const horizon = new Date(now.getTime() + 30 * 24 * 3600_000);
  const upcoming = and(
    eq(meeting.cityId, cityId),
    gte(meeting.startsAt, now),
    eq(meeting.status, 'scheduled'),
  );
  const [[first], [within]] = await Promise.all([
    db.select().from(meeting).where(upcoming).orderBy(asc(meeting.startsAt), asc(meeting.id)).limit(1),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(meeting)
      .where(and(upcoming, lte(meeting.startsAt, horizon))),
  ]);
  return {
    meeting: first
      ? {
          id: first.id,
          title: first.title,
          startsAt: first.startsAt.toISOString(),
          durationMinutes: first.durationMinutes,
          location: first.location,
        }
      : null,
    next30Days: within?.n ?? 0,
  };
}

export async function createMeeting(
  db: Db,
  cityId: string,
  auditActor: AuditActor,
  input: {
    title: string;
    startsAt: string;
    durationMinutes: number;
    location: string;
    agendaTemplate?: AgendaTemplate;
  },
): Promise<string> {
  const locale = await cityLocale(db, cityId);
  const agenda = await agendaFor(db, cityId, input.agendaTemplate);
  // A meeting scheduled on its own lists the situations waiting now (series meetings, generated a
  // year ahead, keep the item without references: the list would be stale).
  const caseRefs =
    agendaCaseSource && TEMPLATES[agenda].some((seed) => seed.cases)
      ? await agendaCaseSource(db, cityId)
      : [];
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [created] = await tx
      .insert(meeting)
      .values({
        cityId,
        title: input.title,
        startsAt: new Date(input.startsAt),
        durationMinutes: input.durationMinutes,
        location: input.location,
        status: 'scheduled',
        createdBy: auditActor.userId,
      })
      .returning({ id: meeting.id });
    await insertTemplateAgenda(tx, cityId, created.id, agenda, locale, caseRefs);
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'meeting',
      recordId: created.id,
      fields: ['title', 'startsAt', 'durationMinutes', 'location', 'agenda'],
    });
    return created.id;
  });
}

export async function updateMeeting(
  db: Db,
  cityId: string,
  auditActor: AuditActor,
  meetingId: string,
  input: {
    title?: string;
    startsAt?: string;
    durationMinutes?: number;
    location?: string;
    status?: 'scheduled' | 'held';
    minutes?: string;
    approveMinutes?: boolean;
  },
): Promise<void> {
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const found = await findMeeting(tx, cityId, meetingId);
    if (found.status === 'cancelled') throw conflict('The meeting is cancelled');
    const set: Partial<typeof meeting.$inferInsert> = {};
    if (input.title !== undefined) set.title = input.title;
    if (input.startsAt !== undefined) set.startsAt = new Date(input.startsAt);
    if (input.durationMinutes !== undefined) set.durationMinutes = input.durationMinutes;
    if (input.location !== undefined) set.location = input.location;
    if (input.status !== undefined) set.status = input.status;
    if (input.minutes !== undefined) {
      if (found.minutesApprovedAt && input.minutes !== found.minutes)
        throw conflict('Approved minutes cannot be changed');
      set.minutes = input.minutes;
    }
    if (input.approveMinutes === true) set.minutesApprovedAt = new Date();
    if (input.approveMinutes === false) set.minutesApprovedAt = null;
    const fields = Object.keys(set);
    if (!fields.length) return;
    await tx
      .update(meeting)
      .set(set)
      .where(and(eq(meeting.cityId, cityId), eq(meeting.id, meetingId)));
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'meeting',
      recordId: meetingId,
      fields,
    });
  });
}

export async function cancelMeeting(db: Db, cityId: string, auditActor: AuditActor, meetingId: string) {
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const found = await findMeeting(tx, cityId, meetingId);
    if (found.status === 'held') throw conflict('A held meeting cannot be cancelled');
    await tx
      .update(meeting)
      .set({ status: 'cancelled' })
      .where(and(eq(meeting.cityId, cityId), eq(meeting.id, meetingId)));
    await appendAudit(tx, cityId, auditActor, {
      action: 'cancel',
      recordType: 'meeting',
      recordId: meetingId,
      fields: ['status'],
    });
  });
}

// ---------- series ----------

export async function createSeries(
  db: Db,
  cityId: string,
  auditActor: AuditActor,
  input: {
    title: string;
    cadence: 'weekly' | 'fortnightly' | 'monthly';
    startTime: string;
    timeZone: string;
    durationMinutes: number;
    location: string;
    agendaTemplate?: AgendaTemplate;
    startsOn: string;
    endsOn?: string | null;
  },
  now = new Date(),
) {
  if (input.endsOn && input.endsOn < input.startsOn) throw validation('body.endsOn', 'Ends before it starts');
  const agendaTemplate = await agendaFor(db, cityId, input.agendaTemplate);
  const series = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [created] = await tx
      .insert(meetingSeries)
      .values({ cityId, ...input, agendaTemplate, endsOn: input.endsOn ?? null })
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'meeting_series',
      recordId: created.id,
      fields: Object.keys(input),
    });
    return created;
  });
  const generated = await generateSeries(db, cityId, auditActor, series.id, now);
  return { series: toSeries(series), generated };
}

export function toSeries(row: typeof meetingSeries.$inferSelect) {
  return {
    id: row.id,
    title: row.title,
    cadence: row.cadence as 'weekly' | 'fortnightly' | 'monthly',
    startTime: row.startTime,
    timeZone: row.timeZone,
    durationMinutes: row.durationMinutes,
    location: row.location,
    agendaTemplate: row.agendaTemplate as AgendaTemplate,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
  };
}

export async function listSeries(db: Db, cityId: string) {
  const rows = await db
    .select()
    .from(meetingSeries)
    .where(eq(meetingSeries.cityId, cityId))
    .orderBy(asc(meetingSeries.createdAt));
  return rows.map(toSeries);
}

/**
 * Creates the series' meetings from its start up to 12 months from now (or its end), skipping
 * dates that already have one: running it again creates nothing.
 */
export async function generateSeries(
  db: Db,
  cityId: string,
  auditActor: AuditActor,
  seriesId: string,
  now = new Date(),
): Promise<number> {
  const [series] = await db
    .select()
    .from(meetingSeries)
    .where(and(eq(meetingSeries.cityId, cityId), eq(meetingSeries.id, seriesId)));
  if (!series) throw notFound();
  const horizon = new Date(now);
  horizon.setUTCFullYear(horizon.getUTCFullYear() + 1);
  const until = series.endsOn && series.endsOn < toIsoDate(horizon) ? series.endsOn : toIsoDate(horizon);
  const dates = occurrenceDates(series.cadence as never, series.startsOn, until);
  const locale = await cityLocale(db, cityId);
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const existing = await tx
      .select({ startsAt: meeting.startsAt })
      .from(meeting)
      .where(and(eq(meeting.cityId, cityId), eq(meeting.seriesId, seriesId)));
    const taken = new Set(existing.map((e) => e.startsAt.getTime()));
    let generated = 0;
    for (const date of dates) {
      const startsAt = zonedToUtc(date, series.startTime, series.timeZone);
      if (taken.has(startsAt.getTime())) continue;
      const [created] = await tx
        .insert(meeting)
        .values({
          cityId,
          seriesId,
          title: series.title,
          startsAt,
          durationMinutes: series.durationMinutes,
          location: series.location,
          status: 'scheduled',
          createdBy: auditActor.userId,
        })
        .returning({ id: meeting.id });
      await insertTemplateAgenda(tx, cityId, created.id, series.agendaTemplate as never, locale);
      generated++;
    }
    if (generated > 0)
      await appendAudit(tx, cityId, auditActor, {
        action: 'generate',
        recordType: 'meeting_series',
        recordId: seriesId,
        fields: ['meetings'],
      });
    return generated;
  });
}

// ---------- agenda ----------

export async function replaceAgenda(
  db: Db,
  cityId: string,
  auditActor: AuditActor,
  meetingId: string,
  items: {
    id?: string;
    kind: 'discussion' | 'decision' | 'reflection' | 'planning' | 'case';
    title: string;
    notes: string;
    caseRef?: string | null;
  }[],
) {
  const ids = items.map((i) => i.id).filter((id): id is string => Boolean(id));
  if (new Set(ids).size !== ids.length) throw validation('body.items', 'An item appears twice');
  const keep = (id?: string) => (id ? { id } : {});
  const rows = items.map((item, position) => {
    if (item.kind === 'case') {
      const ref = (item.caseRef ?? '').trim();
      // A case appears by its reference only: no title or notes that could carry a name.
      if (!CASE_REF_PATTERN.test(ref))
        throw validation(
          `body.items.${position}.caseRef`,
          'A case item carries a case reference like ABC-2026-001, never a name',
        );
      if (item.notes) throw validation(`body.items.${position}.notes`, 'Case items carry no notes');
      return {
        ...keep(item.id),
        cityId,
        meetingId,
        position,
        kind: item.kind,
        title: ref,
        notes: '',
        caseRef: ref,
      };
    }
    if (!item.title) throw validation(`body.items.${position}.title`, 'A title is required');
    if (item.caseRef)
      throw validation(`body.items.${position}.caseRef`, 'Only case items carry a case reference');
    return {
      ...keep(item.id),
      cityId,
      meetingId,
      position,
      kind: item.kind,
      title: item.title,
      notes: item.notes,
      caseRef: null,
    };
  });
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const found = await findMeeting(tx, cityId, meetingId);
    if (found.status === 'cancelled') throw conflict('The meeting is cancelled');
    // Decisions may point at agenda items: items sent with their id keep it; an unknown id is refused.
    const current = new Set(
      (
        await tx
          .select({ id: agendaItem.id })
          .from(agendaItem)
          .where(and(eq(agendaItem.cityId, cityId), eq(agendaItem.meetingId, meetingId)))
      ).map((r) => r.id),
    );
    ids.forEach((id) => {
      if (!current.has(id)) throw validation('body.items', 'Not an item of this meeting');
    });
    await tx
      .delete(agendaItem)
      .where(and(eq(agendaItem.cityId, cityId), eq(agendaItem.meetingId, meetingId)));
    if (rows.length) await tx.insert(agendaItem).values(rows);
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'meeting',
      recordId: meetingId,
      fields: ['agenda'],
    });
  });
  const agenda = await db
    .select()
    .from(agendaItem)
    .where(and(eq(agendaItem.cityId, cityId), eq(agendaItem.meetingId, meetingId)))
    .orderBy(asc(agendaItem.position));
  return agenda.map((a) => ({
    id: a.id,
    position: a.position,
    kind: a.kind as never,
    title: a.title,
    notes: a.notes,
    caseRef: a.caseRef,
  }));
}

// ---------- attendance ----------

export async function recordAttendance(
  db: Db,
  cityId: string,
  auditActor: AuditActor,
  meetingId: string,
  entries: { organisationId: string; present: boolean }[],
): Promise<Quorum> {
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const found = await findMeeting(tx, cityId, meetingId);
    if (found.status === 'cancelled') throw conflict('The meeting is cancelled');
    const active = new Set(
      (await activeOrganisations(tx, cityId, toIsoDate(found.startsAt))).map((o) => o.id),
    );
    entries.forEach((entry, i) => {
      if (!active.has(entry.organisationId))
        throw validation(
          `body.entries.${i}.organisationId`,
          'Not an active organisation of this city on the meeting date',
        );
    });
    for (const entry of entries) {
      await tx
        .insert(attendance)
        .values({ cityId, meetingId, organisationId: entry.organisationId, present: entry.present })
        .onConflictDoUpdate({
          target: [attendance.cityId, attendance.meetingId, attendance.organisationId],
          set: { present: entry.present, recordedAt: new Date() },
        });
    }
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'meeting',
      recordId: meetingId,
      fields: ['attendance'],
    });
  });
  return quorumFor(db, cityId, meetingId);
}

// ---------- decisions ----------

/**
 * Records a decision of a meeting. The method comes from the decision rules (adopted ToR; for the
 * adoption of a first ToR, that draft's own rules; else the default); quorum is computed now and
 * stored. Consensus passes without votes; majority needs the votes and passes when for > against.
 * A decision without quorum is recorded but not binding. Runs in its own transaction (a savepoint
 * when `db` is already a transaction).
 */
export async function recordDecision(
  db: Db,
  cityId: string,
  auditActor: AuditActor,
  meetingId: string,
  input: DecisionInput,
): Promise<Decision> {
  const subjectType = input.subjectType ?? 'general';
  if (subjectType === 'tor-adoption' && !input.subjectId)
    throw validation('body.subjectId', 'A ToR adoption names the ToR version');
  // The action plan module checks the version when it adopts (docs/ACTION_PLAN.md).
  if (subjectType === 'action-plan-adoption' && !input.subjectId)
    throw validation('body.subjectId', 'An action plan adoption names the plan version');
  // The city-networks module checks the network when the chair joins (docs/CITY_NETWORKS.md).
  if (subjectType === 'city-network-join' && !input.subjectId)
    throw validation('body.subjectId', 'Joining a network of cities names the network');
  // A decision about an action names the action it changes, or the objective a new action goes under.
  if (subjectType === 'action-plan-action' && !input.subjectId)
    throw validation('body.subjectId', 'A decision about a plan action names the action or its objective');
  return db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const found = await findMeeting(tx, cityId, meetingId);
    if (found.status === 'cancelled') throw conflict('The meeting is cancelled');
    if (input.agendaItemId) {
      const [item] = await tx
        .select({ id: agendaItem.id })
        .from(agendaItem)
        .where(
          and(
            eq(agendaItem.cityId, cityId),
            eq(agendaItem.meetingId, meetingId),
            eq(agendaItem.id, input.agendaItemId),
          ),
        );
      if (!item) throw validation('body.agendaItemId', 'Not an item of this meeting');
    }
    if (subjectType === 'tor-adoption') {
      const [version] = await tx
        .select({ id: torVersion.id })
        .from(torVersion)
        .where(and(eq(torVersion.cityId, cityId), eq(torVersion.id, input.subjectId!)));
      if (!version) throw validation('body.subjectId', 'No such ToR version in this city');
    }
    const { rules } = await rulesFor(tx, cityId, subjectType === 'tor-adoption' ? input.subjectId : null);
    let outcome: 'passed' | 'rejected' = 'passed';
    let votes: { votesFor: number | null; votesAgainst: number | null; abstentions: number | null } = {
      votesFor: null,
      votesAgainst: null,
      abstentions: null,
    };
    if (rules.method === 'majority') {
      if (input.votesFor === undefined || input.votesAgainst === undefined)
        throw new AppError('validation', 400, 'Majority decisions need the votes', [
          { path: 'body.votesFor', code: 'required', message: 'required' },
          { path: 'body.votesAgainst', code: 'required', message: 'required' },
        ]);
      votes = {
        votesFor: input.votesFor,
        votesAgainst: input.votesAgainst,
        abstentions: input.abstentions ?? 0,
      };
      outcome = input.votesFor > input.votesAgainst ? 'passed' : 'rejected';
    }
    const quorum = await quorumFor(tx, cityId, meetingId, rules);
    const [created] = await tx
      .insert(decision)
      .values({
        cityId,
        meetingId,
        agendaItemId: input.agendaItemId ?? null,
        text: input.text,
        subjectType,
        subjectId: input.subjectId ?? null,
        method: rules.method,
        ...votes,
        outcome,
        quorumMet: quorum.met,
        recordedBy: auditActor.userId,
      })
      .returning();
    if (found.status === 'scheduled' && found.startsAt.getTime() <= Date.now())
      await tx
        .update(meeting)
        .set({ status: 'held' })
        .where(and(eq(meeting.cityId, cityId), eq(meeting.id, meetingId)));
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'decision',
      recordId: created.id,
      fields: [
        'text',
        'method',
        'votes',
        'outcome',
        'quorumMet',
        ...(subjectType !== 'general' ? ['subject'] : []),
      ],
    });
    return toDecision(created);
  });
}

// ---------- action items ----------

async function actionById(db: Db, cityId: string, id: string): Promise<ActionItem> {
  const [row] = await db
    .select(actionColumns)
    .from(actionItem)
    .leftJoin(user, eq(user.id, actionItem.ownerUserId))
    .leftJoin(decision, actionDecision)
    .where(and(eq(actionItem.cityId, cityId), eq(actionItem.id, id)));
  if (!row) throw notFound();
  return toAction(row);
}

export async function createActionItem(
  db: Db,
  cityId: string,
  auditActor: AuditActor,
  meetingId: string,
  input: { title: string; ownerUserId: string; dueOn: string; decisionId?: string | null },
): Promise<ActionItem> {
  const id = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    await findMeeting(tx, cityId, meetingId);
    const [member] = await tx
      .select({ userId: membership.userId })
      .from(membership)
      .where(and(eq(membership.cityId, cityId), eq(membership.userId, input.ownerUserId)));
    if (!member) throw validation('body.ownerUserId', 'The owner must be a member of the city');
    if (input.decisionId) {
      const [d] = await tx
        .select({ id: decision.id })
        .from(decision)
        .where(
          and(
            eq(decision.cityId, cityId),
            eq(decision.meetingId, meetingId),
            eq(decision.id, input.decisionId),
          ),
        );
      if (!d) throw validation('body.decisionId', 'Not a decision of this meeting');
    }
    const [created] = await tx
      .insert(actionItem)
      .values({
        cityId,
        meetingId,
        decisionId: input.decisionId ?? null,
        title: input.title,
        ownerUserId: input.ownerUserId,
        dueOn: input.dueOn,
        status: 'open',
      })
      .returning({ id: actionItem.id });
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'action_item',
      recordId: created.id,
      fields: ['title', 'ownerUserId', 'dueOn'],
    });
    return created.id;
  });
  return actionById(db, cityId, id);
}

export async function actionItemOwner(db: Db, cityId: string, id: string): Promise<string | null> {
  const [row] = await db
    .select({ owner: actionItem.ownerUserId })
    .from(actionItem)
    .where(and(eq(actionItem.cityId, cityId), eq(actionItem.id, id)));
  if (!row) throw notFound();
  return row.owner;
}

export async function updateActionItem(
  db: Db,
  cityId: string,
  auditActor: AuditActor,
  id: string,
  input: { status?: 'open' | 'done' | 'cancelled'; title?: string; dueOn?: string },
): Promise<ActionItem> {
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const set: Partial<typeof actionItem.$inferInsert> = {};
    if (input.title !== undefined) set.title = input.title;
    if (input.dueOn !== undefined) {
      set.dueOn = input.dueOn;
      set.remindedAt = null; // a new due date earns a new reminder
    }
    if (input.status !== undefined) {
      set.status = input.status;
      set.doneAt = input.status === 'done' ? new Date() : null;
    }
    const fields = Object.keys(set).filter((f) => f !== 'remindedAt' && f !== 'doneAt');
    const updated = await tx
      .update(actionItem)
      .set(set)
      .where(and(eq(actionItem.cityId, cityId), eq(actionItem.id, id)))
      .returning({ id: actionItem.id });
    if (!updated.length) throw notFound();
    if (fields.length)
      await appendAudit(tx, cityId, auditActor, {
        action: 'update',
        recordType: 'action_item',
        recordId: id,
        fields,
      });
  });
  return actionById(db, cityId, id);
}

/** Open action items of a person across the cities they still belong to. */
export async function myActionItems(db: Db, userId: string) {
  const rows = await db
    .select({ ...actionColumns, cityName: city.name })
    .from(actionItem)
    .innerJoin(
      membership,
      and(eq(membership.cityId, actionItem.cityId), eq(membership.userId, actionItem.ownerUserId)),
    )
    .innerJoin(city, eq(city.id, actionItem.cityId))
    .leftJoin(user, eq(user.id, actionItem.ownerUserId))
    .leftJoin(decision, actionDecision)
    .where(and(eq(actionItem.ownerUserId, userId), eq(actionItem.status, 'open')))
    .orderBy(asc(actionItem.dueOn), asc(actionItem.id))
    .limit(200);
  return rows.map((r) => ({ ...toAction(r), cityId: r.cityId, cityName: r.cityName }));
}

/**
 * E-mails the owner of every open action item due within 2 days or overdue, once per item: the
 * item is claimed (remindedAt) before sending, so reruns, restarts and other nodes skip it.
 */
export async function sendActionItemReminders(
  deps: { db: Db; mailer: Mailer },
  now = new Date(),
): Promise<number> {
  const soon = toIsoDate(new Date(now.getTime() + 2 * 24 * 3600 * 1000));
  const due = await deps.db
    .select({
      cityId: actionItem.cityId,
      id: actionItem.id,
      title: actionItem.title,
      dueOn: actionItem.dueOn,
      email: user.email,
      cityName: city.name,
    })
    .from(actionItem)
    .innerJoin(user, eq(user.id, actionItem.ownerUserId))
    .innerJoin(city, eq(city.id, actionItem.cityId))
    .where(and(eq(actionItem.status, 'open'), isNull(actionItem.remindedAt), lte(actionItem.dueOn, soon)))
    .limit(500);
  let sent = 0;
  for (const item of due) {
    const claimed = await deps.db
      .update(actionItem)
      .set({ remindedAt: now })
      .where(
        and(eq(actionItem.cityId, item.cityId), eq(actionItem.id, item.id), isNull(actionItem.remindedAt)),
      )
      .returning({ id: actionItem.id });
    if (!claimed.length) continue;
    const overdue = item.dueOn < toIsoDate(now);
    const ok = await deps.mailer
      .send({
        to: item.email,
        subject: overdue ? 'Overdue action item' : 'Action item due soon',
        text: `${overdue ? 'This action item is overdue' : 'This action item is due soon'} (${item.cityName}):\n\n${item.title}\nDue: ${item.dueOn}\n`,
      })
      .catch(() => false);
    if (ok) sent++;
    else if (deps.mailer.configured)
      // Not delivered: release the claim so the next run tries again.
      await deps.db
        .update(actionItem)
        .set({ remindedAt: null })
        .where(and(eq(actionItem.cityId, item.cityId), eq(actionItem.id, item.id)));
  }
  return sent;
}

// ---------- calendar feed ----------

const hashToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/** A new secret for the person's feed; only its hash is stored, so the old URL stops working. */
export async function rotateCalendarFeed(db: Db, userId: string): Promise<string> {
  const token = crypto.randomBytes(32).toString('base64url');
  await db
    .insert(calendarFeed)
    .values({ userId, tokenHash: hashToken(token) })
    .onConflictDoUpdate({
      target: calendarFeed.userId,
      set: { tokenHash: hashToken(token), createdAt: new Date() },
    });
  return token;
}

/** The meetings (from 3 months ago) of every city where the feed's owner may read meetings. */
export async function feedMeetings(db: Db, token: string) {
  const [feed] = await db
    .select()
    .from(calendarFeed)
    .where(eq(calendarFeed.tokenHash, hashToken(token)));
  if (!feed) throw notFound();
  const memberships = await db
    .select({ cityId: membership.cityId, role: membership.role, cityName: city.name })
    .from(membership)
    .innerJoin(city, eq(city.id, membership.cityId))
    .where(eq(membership.userId, feed.userId));
  const readable = memberships.filter((m) => {
    const actor: Actor = {
      userId: feed.userId,
      isPlatformAdmin: false,
      city: { id: m.cityId, role: m.role as never },
    };
    return can(actor, 'meetings.read');
  });
  if (!readable.length) return [];
  const since = new Date(Date.now() - 92 * 24 * 3600 * 1000);
  const rows = await db
    .select()
    .from(meeting)
    .where(
      and(
        inArray(
          meeting.cityId,
          readable.map((m) => m.cityId),
        ),
        gte(meeting.startsAt, since),
        sql`${meeting.status} <> 'cancelled'`,
      ),
    )
    .orderBy(asc(meeting.startsAt))
    .limit(2000);
  const names = new Map(readable.map((m) => [m.cityId, m.cityName]));
  return rows.map((r) => ({ ...r, cityName: names.get(r.cityId) ?? '' }));
}
