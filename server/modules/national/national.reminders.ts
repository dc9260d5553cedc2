import { and, asc, eq, inArray, isNull, lte } from 'drizzle-orm';
import { locales, type Locale } from '../../../contracts/route.js';
import { user } from '../../platform/auth/auth.table.js';
import type { Db } from '../../platform/db/index.js';
import { translate } from '../../platform/i18n.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { city } from '../cities/index.js';
import { membership } from '../people/index.js';
import { nationalEscalation } from './national.table.js';

/** A reminder goes to the liaison this many days before an escalation's answer is due (or at once when later). */
export const ESCALATION_REMINDER_DAYS = 1;

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');

/**
 * The escalation clock's reminder: once per escalation awaiting an answer whose due day is at most
 * ESCALATION_REMINDER_DAYS away (or past), an e-mail to the city's national liaisons with its number,
 * subject and due day (an escalation carries no personal data). The claim (reminded_at) is taken before
 * sending, so several nodes and restarts send it once; an undelivered one releases it for a later check.
 */
export async function sendEscalationReminders(
  deps: { db: Db; mailer: Mailer; publicUrl?: string },
  now = new Date(),
): Promise<number> {
  const { db, mailer } = deps;
  const horizon = new Date(now.getTime() + ESCALATION_REMINDER_DAYS * 86_400_000).toISOString().slice(0, 10);
  const due = await db
    .select({
      cityId: nationalEscalation.cityId,
      id: nationalEscalation.id,
      number: nationalEscalation.number,
      title: nationalEscalation.title,
      dueOn: nationalEscalation.dueOn,
      cityName: city.name,
      locale: city.defaultLocale,
    })
    .from(nationalEscalation)
    .innerJoin(city, eq(city.id, nationalEscalation.cityId))
    .where(
      and(
        inArray(nationalEscalation.status, ['open', 'acknowledged']),
        isNull(nationalEscalation.remindedAt),
        lte(nationalEscalation.dueOn, horizon),
      ),
    )
    .orderBy(asc(nationalEscalation.dueOn))
    .limit(200);
  let sent = 0;
  for (const e of due) {
    const where = and(eq(nationalEscalation.cityId, e.cityId), eq(nationalEscalation.id, e.id));
    const claimed = await db
      .update(nationalEscalation)
      .set({ remindedAt: now })
      .where(and(where, isNull(nationalEscalation.remindedAt)))
      .returning({ id: nationalEscalation.id });
    if (!claimed.length) continue;
    const recipients = (
      await db
        .select({ email: user.email })
        .from(membership)
        .innerJoin(user, eq(user.id, membership.userId))
        .where(and(eq(membership.cityId, e.cityId), eq(membership.role, 'national_liaison')))
    ).map((r) => r.email);
    const locale = ((locales as readonly string[]).includes(e.locale) ? e.locale : 'en') as Locale;
    const values = {
      number: String(e.number),
      title: e.title,
      city: e.cityName,
      due: e.dueOn,
      link: deps.publicUrl ? `${deps.publicUrl}/c/${e.cityId}/national` : '',
    };
    let delivered = 0;
    for (const to of recipients) {
      const ok = await mailer
        .send({
          to,
          subject: fill(translate(locale, 'national.mail.reminderSubject'), values),
          text: fill(translate(locale, 'national.mail.reminderBody'), values),
        })
        .catch(() => false);
      if (ok) delivered++;
    }
    sent += delivered;
    if (delivered === 0 && mailer.configured && recipients.length > 0)
      await db.update(nationalEscalation).set({ remindedAt: null }).where(where);
  }
  return sent;
}
