import { and, asc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { ReviewDue, ReviewsDue } from '../../../contracts/cases.contract.js';
import { locales, type Locale } from '../../../contracts/route.js';
import { user } from '../../platform/auth/auth.table.js';
import type { Db } from '../../platform/db/index.js';
import { translate } from '../../platform/i18n.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { dateCursor } from '../../../contracts/primitives.js';
import { can, type Actor } from '../../platform/policy.js';
import { city } from '../cities/index.js';
import { organisation, representative } from '../network/index.js';
import { membership } from '../people/index.js';
import { IDENTITY_ROLES, myOrganisationIds } from './cases.access.js';
import { addDays } from './cases.dates.js';
import { caseAssignment, caseFollowUp, caseSituation } from './cases.table.js';

/*
 * Post-closure reviews coming due, across situations: the list (and the home card's counts) and the
 * once-per-review reminder. Both carry need-to-know facts only — reference, stage, due date, lead
 * organisation — never a person, a note or a finding.
 */

/** A reminder goes out this many days before a review's due date (or at once when it is later). */
export const REVIEW_REMINDER_DAYS = 14;

const REVIEW = 'post-closure-review';
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

type Org = { id: string; name: string; sector: string };

/**
 * The lead organisation of each situation: the active lead assignment, else the latest one (a
 * closed situation keeps the lead it had).
 */
async function leadOrganisations(db: Db, cityId: string, situationIds: string[]): Promise<Map<string, Org>> {
  const leads = new Map<string, Org>();
  if (situationIds.length === 0) return leads;
  const rows = await db
    .select({
      situationId: caseAssignment.situationId,
      id: organisation.id,
      name: organisation.name,
      sector: organisation.sector,
    })
    .from(caseAssignment)
    .innerJoin(
      organisation,
      and(eq(organisation.cityId, caseAssignment.cityId), eq(organisation.id, caseAssignment.organisationId)),
    )
    .where(
      and(
        eq(caseAssignment.cityId, cityId),
        inArray(caseAssignment.situationId, situationIds),
        eq(caseAssignment.role, 'lead'),
      ),
    )
    .orderBy(sql`${caseAssignment.endedAt} is null desc`, sql`${caseAssignment.assignedAt} desc`);
  for (const { situationId, ...org } of rows) if (!leads.has(situationId)) leads.set(situationId, org);
  return leads;
}

/**
 * Which reviews this person may list: the chair and coordinators the whole city's (they run the
 * table); a member only those of situations their organisation is actively assigned to. Other roles
 * never reach here (route policy `cases.read`). `null` means nothing at all.
 */
async function reviewScope(db: Db, cityId: string, actor: Actor): Promise<SQL[] | null> {
  if (can(actor, 'cases.decide')) return [];
  const organisationIds = await myOrganisationIds(db, cityId, actor.userId);
  if (organisationIds.length === 0) return null;
  return [
    inArray(
      caseFollowUp.situationId,
      db
        .select({ id: caseAssignment.situationId })
        .from(caseAssignment)
        .where(
          and(
            eq(caseAssignment.cityId, cityId),
            isNull(caseAssignment.endedAt),
            inArray(caseAssignment.organisationId, organisationIds),
          ),
        ),
    ),
  ];
}

/** Post-closure reviews not yet done and due within `withinDays` (overdue ones first), with counts. */
export async function listReviewsDue(
  db: Db,
  cityId: string,
  actor: Actor,
  query: { withinDays: number; cursor?: string; limit: number },
  now = new Date(),
): Promise<ReviewsDue> {
  const today = isoDay(now);
  const horizon = addDays(today, query.withinDays);
  const scope = await reviewScope(db, cityId, actor);
  if (!scope) {
    return { items: [], nextCursor: null, counts: { overdue: 0, dueSoon: 0 }, withinDays: query.withinDays };
  }
  const conditions: SQL[] = [
    eq(caseFollowUp.cityId, cityId),
    eq(caseFollowUp.kind, REVIEW),
    isNull(caseFollowUp.completedAt),
    lte(caseFollowUp.dueOn, horizon),
    ...scope,
  ];
  const [counts] = await db
    .select({
      overdue: sql<number>`count(*) filter (where ${caseFollowUp.dueOn} < ${today})::int`,
      dueSoon: sql<number>`count(*) filter (where ${caseFollowUp.dueOn} >= ${today})::int`,
    })
    .from(caseFollowUp)
    .where(and(...conditions));
  const page: SQL[] = [];
  if (query.cursor) {
    // Both halves go into SQL casts: the shape check refuses a forged cursor here, not there.
    const [value, id] = decodeCursor(query.cursor, dateCursor);
    page.push(sql`(${caseFollowUp.dueOn}, ${caseFollowUp.id}) > (${value}::date, ${id}::uuid)`);
  }
  const rows = await db
    .select({
      id: caseFollowUp.id,
      situationId: caseFollowUp.situationId,
      dueOn: caseFollowUp.dueOn,
      monthsAfterClosure: caseFollowUp.monthsAfterClosure,
      reference: caseSituation.reference,
      stage: caseSituation.stage,
    })
    .from(caseFollowUp)
    .innerJoin(
      caseSituation,
      and(eq(caseSituation.cityId, caseFollowUp.cityId), eq(caseSituation.id, caseFollowUp.situationId)),
    )
    .where(and(...conditions, ...page))
    .orderBy(asc(caseFollowUp.dueOn), asc(caseFollowUp.id))
    .limit(query.limit + 1);
  const shown = rows.slice(0, query.limit);
  const leads = await leadOrganisations(db, cityId, [...new Set(shown.map((r) => r.situationId))]);
  const last = shown.at(-1);
  return {
    items: shown.map((r): ReviewDue => ({
      id: r.id,
      situationId: r.situationId,
      reference: r.reference,
      stage: r.stage as ReviewDue['stage'],
      dueOn: r.dueOn,
      monthsAfterClosure: r.monthsAfterClosure,
      overdue: r.dueOn < today,
      leadOrganisation: leads.get(r.situationId) ?? null,
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.dueOn, last.id) : null,
    counts: { overdue: counts?.overdue ?? 0, dueSoon: counts?.dueSoon ?? 0 },
    withinDays: query.withinDays,
  };
}

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');

/**
 * Review reminders: once per post-closure review that falls due within REVIEW_REMINDER_DAYS (or is
 * already overdue) and is not done, an e-mail to the table roles of the situation's lead organisation
 * and to the city's coordinators. The message names the reference only. The claim (reminded_at) is
 * taken before sending, so several nodes and restarts send it once; an undelivered one releases it.
 */
export async function sendReviewReminders(
  deps: { db: Db; mailer: Mailer; publicUrl?: string },
  now = new Date(),
): Promise<number> {
  const { db, mailer } = deps;
  const horizon = addDays(isoDay(now), REVIEW_REMINDER_DAYS);
  const due = await db
    .select({
      cityId: caseFollowUp.cityId,
      id: caseFollowUp.id,
      situationId: caseFollowUp.situationId,
      dueOn: caseFollowUp.dueOn,
      reference: caseSituation.reference,
      cityName: city.name,
      locale: city.defaultLocale,
    })
    .from(caseFollowUp)
    .innerJoin(
      caseSituation,
      and(eq(caseSituation.cityId, caseFollowUp.cityId), eq(caseSituation.id, caseFollowUp.situationId)),
    )
    .innerJoin(city, eq(city.id, caseFollowUp.cityId))
    .where(
      and(
        eq(caseFollowUp.kind, REVIEW),
        isNull(caseFollowUp.completedAt),
        isNull(caseFollowUp.remindedAt),
        lte(caseFollowUp.dueOn, horizon),
      ),
    )
    .orderBy(asc(caseFollowUp.dueOn))
    .limit(200);
  let sent = 0;
  for (const r of due) {
    const claimed = await db
      .update(caseFollowUp)
      .set({ remindedAt: now })
      .where(
        and(eq(caseFollowUp.cityId, r.cityId), eq(caseFollowUp.id, r.id), isNull(caseFollowUp.remindedAt)),
      )
      .returning({ id: caseFollowUp.id });
    if (!claimed.length) continue;
    const recipients = await reminderRecipients(db, r.cityId, r.situationId, now);
    const locale = ((locales as readonly string[]).includes(r.locale) ? r.locale : 'en') as Locale;
    const values = {
      reference: r.reference,
      city: r.cityName,
      due: r.dueOn,
      link: deps.publicUrl ? `${deps.publicUrl}/c/${r.cityId}/cases/${r.situationId}` : '',
    };
    let delivered = 0;
    for (const to of recipients) {
      const ok = await mailer
        .send({
          to,
          subject: fill(translate(locale, 'case-alerts.reviewSubject'), values),
          text: fill(translate(locale, 'case-alerts.reviewBody'), values),
        })
        .catch(() => false);
      if (ok) delivered++;
    }
    sent += delivered;
    if (delivered === 0 && mailer.configured && recipients.length > 0) {
      await db
        .update(caseFollowUp)
        .set({ remindedAt: null })
        .where(and(eq(caseFollowUp.cityId, r.cityId), eq(caseFollowUp.id, r.id)));
    }
  }
  return sent;
}

/** E-mail addresses: table roles of the lead organisation's current representatives, and the coordinators. */
async function reminderRecipients(db: Db, cityId: string, situationId: string, now: Date): Promise<string[]> {
  const today = isoDay(now);
  const lead = (await leadOrganisations(db, cityId, [situationId])).get(situationId);
  const leadPeople = lead
    ? await db
        .select({ email: user.email })
        .from(representative)
        .innerJoin(user, eq(user.id, representative.userId))
        .innerJoin(membership, and(eq(membership.cityId, cityId), eq(membership.userId, user.id)))
        .where(
          and(
            eq(representative.cityId, cityId),
            eq(representative.organisationId, lead.id),
            or(isNull(representative.leftOn), gt(representative.leftOn, today)),
            inArray(membership.role, [...IDENTITY_ROLES]),
          ),
        )
    : [];
  const coordinators = await db
    .select({ email: user.email })
    .from(membership)
    .innerJoin(user, eq(user.id, membership.userId))
    .where(and(eq(membership.cityId, cityId), eq(membership.role, 'coordinator')));
  return [...new Set([...leadPeople, ...coordinators].map((r) => r.email))].sort();
}
