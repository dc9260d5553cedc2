import type { FastifyInstance } from 'fastify';
import { eq } from 'drizzle-orm';
import { caseRetentionRoutes as r } from '../../../contracts/case-retention.contract.js';
import { locales, type Locale } from '../../../contracts/route.js';
import type { AppDeps } from '../../platform/deps.js';
import { forbidden } from '../../platform/errors.js';
import { negotiateLocale } from '../../platform/i18n.js';
import { authorize, can } from '../../platform/policy.js';
import { registerRoute } from '../../platform/routes.js';
import { city } from '../cities/index.js';
import { getRetention, listPurgeRuns, updateRetention } from './cases.retention.js';
import { subjectAccessExport, subjectAccessPdf } from './cases.subject-access.js';
import { requireTwoFactorForIdentity } from './cases.access.js';

/** Retention settings, purge reports and the subject-access export (docs/CASES.md). */
export async function caseRetentionModule(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;

  registerRoute(app, deps, r.getCaseRetention, async ({ actor, params }) => {
    // The periods are no secret (the case forms show them to the table): the table reads them, and
    // so does the auditor, who checks that deletion follows them (and reads the purge runs).
    if (!can(actor, 'cases.read') && !can(actor, 'cases.purge-runs'))
      throw forbidden('Not allowed: cases.settings');
    return getRetention(db, params.cityId);
  });

  registerRoute(app, deps, r.updateCaseRetention, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.settings');
    return updateRetention(db, auditActor, params.cityId, body);
  });

  registerRoute(app, deps, r.listPurgeRuns, async ({ actor, params, query }) => {
    authorize(actor, 'cases.purge-runs');
    return { items: await listPurgeRuns(db, params.cityId, query.limit) };
  });

  registerRoute(
    app,
    deps,
    r.subjectAccessExport,
    async ({ actor, signedIn, auditActor, params, body, request, reply }) => {
      authorize(actor, 'cases.subject-access');
      requireTwoFactorForIdentity(signedIn);
      const data = await subjectAccessExport(deps, auditActor, params.cityId, body);
      const day = data.exportedAt.slice(0, 10);
      // Personal data: never cached by a browser or a proxy.
      reply.header('cache-control', 'no-store');
      if (body.format === 'json') {
        reply.header('content-type', 'application/json; charset=utf-8');
        reply.header('content-disposition', `attachment; filename="subject-access-${day}.json"`);
        return Buffer.from(JSON.stringify(data, null, 2) + '\n');
      }
      const [row] = await db
        .select({ name: city.name, defaultLocale: city.defaultLocale })
        .from(city)
        .where(eq(city.id, params.cityId));
      const fallback: Locale = (locales as readonly string[]).includes(row?.defaultLocale ?? '')
        ? (row.defaultLocale as Locale)
        : 'en';
      const lang = body.lang ?? negotiateLocale(request.headers['accept-language'], fallback);
      const file = await subjectAccessPdf(db, data, row?.name ?? '', lang);
      reply.header('content-type', 'application/pdf');
      reply.header('content-disposition', `attachment; filename="subject-access-${day}-${lang}.pdf"`);
      return file;
    },
  );
}
