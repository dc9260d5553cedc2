import { and, eq, gt, inArray, isNull, lt, lte, notInArray } from 'drizzle-orm';
import { locales, type Locale } from '../../../contracts/route.js';
import { user } from '../../platform/auth/auth.table.js';
import type { Db } from '../../platform/db/index.js';
import { translate } from '../../platform/i18n.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { city } from '../cities/index.js';
import { representative } from '../network/index.js';
import { membership } from '../people/index.js';
import { IDENTITY_ROLES } from './cases.access.js';
import { caseAssignment, caseSituation } from './cases.table.js';
import { definitionOf, nextReminderAt } from './cases.workflow.js';

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');

/**
 * Overdue alerts: once per situation whose response clock ran out without a first response, an
 * e-mail to the table roles of its assigned organisations and to the city's coordinators. The
 * message names the reference only, never a person. The claim (overdue_alerted_at) is taken before
 * sending, so several nodes and restarts send it once; an undelivered alert releases its claim.
 */
export async function sendOverdueCaseAlerts(
  deps: { db: Db; mailer: Mailer; publicUrl?: string },
  now = new Date(),
): Promise<number> {
  const { db, mailer } = deps;
  const due = await db
    .select({
      cityId: caseSituation.cityId,
      id: caseSituation.id,
      reference: caseSituation.reference,
      responseDueAt: caseSituation.responseDueAt,
      cityName: city.name,
      locale: city.defaultLocale,
    })
    .from(caseSituation)
    .innerJoin(city, eq(city.id, caseSituation.cityId))
    .where(
      and(
        // An open stage whose clock runs (the engine stops a clock when the situation moves on).
        notInArray(caseSituation.stage, ['closed', 'rejected']),
        isNull(caseSituation.firstResponseAt),
        isNull(caseSituation.overdueAlertedAt),
        lt(caseSituation.responseDueAt, now),
      ),
    )
    .limit(200);
  let sent = 0;
  for (const s of due) {
    const claimed = await db
      .update(caseSituation)
      .set({ overdueAlertedAt: now })
      .where(
        and(
          eq(caseSituation.cityId, s.cityId),
          eq(caseSituation.id, s.id),
          isNull(caseSituation.overdueAlertedAt),
        ),
      )
      .returning({ id: caseSituation.id });
    if (!claimed.length) continue;
    const recipients = await alertRecipients(db, s.cityId, s.id);
    const locale = ((locales as readonly string[]).includes(s.locale) ? s.locale : 'en') as Locale;
    const values = {
      reference: s.reference,
      city: s.cityName,
      due: s.responseDueAt!.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      link: deps.publicUrl ? `${deps.publicUrl}/c/${s.cityId}/cases/${s.id}` : '',
    };
    let delivered = 0;
    for (const to of recipients) {
      const ok = await mailer
        .send({
          to,
          subject: fill(translate(locale, 'case-alerts.overdueSubject'), values),
          text: fill(translate(locale, 'case-alerts.overdueBody'), values),
        })
        .catch(() => false);
      if (ok) delivered++;
    }
    sent += delivered;
    if (delivered === 0 && mailer.configured && recipients.length > 0) {
      await db
        .update(caseSituation)
        .set({ overdueAlertedAt: null })
        .where(and(eq(caseSituation.cityId, s.cityId), eq(caseSituation.id, s.id)));
    }
  }
  return sent;
}

/**
 * Stage-clock reminders: a clock's `remindBeforeHours` send an e-mail that many hours before the
 * first response is due, to the same people as the overdue alert, naming the reference only. The
 * claim is the row's reminder_due_at: the job moves it to the next reminder (or null) before sending,
 * so several nodes and restarts send each reminder once. Reminders whose time passed together (a
 * node was down) go out as one. After the due time the overdue alert takes over.
 */
export async function sendClockReminders(
  deps: { db: Db; mailer: Mailer; publicUrl?: string },
  now = new Date(),
): Promise<number> {
  const { db, mailer } = deps;
  const due = await db
    .select({
      cityId: caseSituation.cityId,
      id: caseSituation.id,
      reference: caseSituation.reference,
      workflow: caseSituation.workflow,
      workflowVersion: caseSituation.workflowVersion,
      stage: caseSituation.stage,
      responseDueAt: caseSituation.responseDueAt,
      reminderDueAt: caseSituation.reminderDueAt,
      cityName: city.name,
      locale: city.defaultLocale,
    })
    .from(caseSituation)
    .innerJoin(city, eq(city.id, caseSituation.cityId))
    .where(
      and(
        notInArray(caseSituation.stage, ['closed', 'rejected']),
        isNull(caseSituation.firstResponseAt),
        lte(caseSituation.reminderDueAt, now),
      ),
    )
    .limit(200);
  let sent = 0;
  for (const s of due) {
    const def = await definitionOf(db, s.cityId, s.workflow, s.workflowVersion).catch(() => undefined);
    const clock = def?.stages.find((st) => st.id === s.stage)?.clock;
    const stillDue = s.responseDueAt !== null && s.responseDueAt > now;
    const next = stillDue ? nextReminderAt(clock, s.responseDueAt!, now) : null;
    const claimed = await db
      .update(caseSituation)
      .set({ reminderDueAt: next })
      .where(
        and(
          eq(caseSituation.cityId, s.cityId),
          eq(caseSituation.id, s.id),
          eq(caseSituation.reminderDueAt, s.reminderDueAt!),
          gt(caseSituation.responseDueAt, now),
        ),
      )
      .returning({ id: caseSituation.id });
    if (!claimed.length) {
      // Past due (the overdue alert's turn) or taken by another node: nothing more to remind.
      if (!stillDue) {
        await db
          .update(caseSituation)
          .set({ reminderDueAt: null })
          .where(and(eq(caseSituation.cityId, s.cityId), eq(caseSituation.id, s.id)));
      }
      continue;
    }
    const recipients = await alertRecipients(db, s.cityId, s.id);
    const locale = ((locales as readonly string[]).includes(s.locale) ? s.locale : 'en') as Locale;
    const values = {
      reference: s.reference,
      city: s.cityName,
      due: s.responseDueAt!.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
      link: deps.publicUrl ? `${deps.publicUrl}/c/${s.cityId}/cases/${s.id}` : '',
    };
    let delivered = 0;
    for (const to of recipients) {
      const ok = await mailer
        .send({
          to,
          subject: fill(translate(locale, 'case-alerts.reminderSubject'), values),
          text: fill(translate(locale, 'case-alerts.reminderBody'), values),
        })
        .catch(() => false);
      if (ok) delivered++;
    }
    sent += delivered;
    if (delivered === 0 && mailer.configured && recipients.length > 0) {
      // Undelivered: release the claim so a later run sends it.
      await db
        .update(caseSituation)
        .set({ reminderDueAt: s.reminderDueAt })
        .where(and(eq(caseSituation.cityId, s.cityId), eq(caseSituation.id, s.id)));
    }
  }
  return sent;
}

/** E-mail addresses: table roles linked to an assigned organisation, plus the city's coordinators. */
async function alertRecipients(db: Db, cityId: string, situationId: string): Promise<string[]> {
  const assigned = await db
    .select({ email: user.email })
    .from(caseAssignment)
    .innerJoin(
      representative,
      and(
        eq(representative.cityId, caseAssignment.cityId),
        eq(representative.organisationId, caseAssignment.organisationId),
        isNull(representative.leftOn),
      ),
    )
    .innerJoin(user, eq(user.id, representative.userId))
    .innerJoin(membership, and(eq(membership.cityId, cityId), eq(membership.userId, user.id)))
    .where(
      and(
        eq(caseAssignment.cityId, cityId),
        eq(caseAssignment.situationId, situationId),
        isNull(caseAssignment.endedAt),
        inArray(membership.role, [...IDENTITY_ROLES]),
      ),
    );
  const coordinators = await db
    .select({ email: user.email })
    .from(membership)
    .innerJoin(user, eq(user.id, membership.userId))
    .where(and(eq(membership.cityId, cityId), eq(membership.role, 'coordinator')));
  return [...new Set([...assigned, ...coordinators].map((r) => r.email))].sort();
}
