import { and, eq, inArray, isNull } from 'drizzle-orm';
import { locales, type Locale } from '../../../contracts/route.js';
import { user } from '../../platform/auth/auth.table.js';
import type { Db } from '../../platform/db/index.js';
import { translate } from '../../platform/i18n.js';
import type { Mailer } from '../../platform/mail/mailer.js';
import { caseReferral } from '../cases/index.js';
import { city } from '../cities/index.js';
import { organisation, representative } from '../network/index.js';
import { membership } from '../people/index.js';

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');

/**
 * Tells the receiving organisation's people that a referral arrived. The e-mail names the
 * organisation and links to the inbox — never the person, the situation or its reference: mail
 * leaves the system, and the receiver opens the referral (with a reason, audited) in the app.
 * Returns how many messages went out; a mail failure never undoes the referral.
 */
export async function notifyReferralReceivers(
  deps: { db: Db; mailer: Mailer; publicUrl?: string },
  cityId: string,
  referralId: string,
): Promise<number> {
  const { db, mailer } = deps;
  const [row] = await db
    .select({
      organisationId: caseReferral.toOrganisationId,
      organisationName: organisation.name,
      cityName: city.name,
      locale: city.defaultLocale,
    })
    .from(caseReferral)
    .innerJoin(city, eq(city.id, caseReferral.cityId))
    .innerJoin(
      organisation,
      and(eq(organisation.cityId, caseReferral.cityId), eq(organisation.id, caseReferral.toOrganisationId)),
    )
    .where(and(eq(caseReferral.cityId, cityId), eq(caseReferral.id, referralId)));
  if (!row?.organisationId) return 0; // a listed service outside the network has no inbox
  const recipients = await db
    .selectDistinct({ email: user.email })
    .from(representative)
    .innerJoin(user, eq(user.id, representative.userId))
    .innerJoin(membership, and(eq(membership.cityId, cityId), eq(membership.userId, user.id)))
    .where(
      and(
        eq(representative.cityId, cityId),
        eq(representative.organisationId, row.organisationId),
        isNull(representative.leftOn),
        inArray(membership.role, ['chair', 'coordinator', 'member', 'partner']),
      ),
    );
  const locale = ((locales as readonly string[]).includes(row.locale) ? row.locale : 'en') as Locale;
  const values = {
    organisation: row.organisationName,
    city: row.cityName,
    link: deps.publicUrl ? `${deps.publicUrl}/c/${cityId}/referrals` : '',
  };
  let sent = 0;
  for (const { email } of recipients) {
    const ok = await mailer
      .send({
        to: email,
        subject: fill(translate(locale, 'referrals.mail.subject'), values),
        text: fill(translate(locale, 'referrals.mail.body'), values),
      })
      .catch(() => false);
    if (ok) sent++;
  }
  return sent;
}
