import crypto from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  safeSpaceKinds,
  safeSpaceRoutes,
  safeSpaceTransferRoutes,
  SAFE_SPACE_LIMITS,
} from '../../../contracts/safe-space.contract.js';
import { text } from '../../../contracts/primitives.js';
import type { Locale } from '../../../contracts/route.js';
import { DbRateLimiter } from '../../platform/auth/rate-limit.js';
import type { AppDeps } from '../../platform/deps.js';
import { AppError, notFound } from '../../platform/errors.js';
import { registerRoute } from '../../platform/routes.js';
import { requestBaseUrl } from '../people/index.js';
import { cityBySlug, loadSettings, publicParams, sendHtml } from '../community/index.js';
import {
  confirmedPage,
  formPage,
  lookupPage,
  receiptPage,
  threadPage,
  type FormValues,
} from './safe-space.html.js';
import { DEFAULT_POW, POW_SCRIPT, ProofOfWork, type PowOptions } from './safe-space.pow.js';
import * as safeSpace from './safe-space.service.js';
import * as transfers from './safe-space.transfers.js';

/**
 * The safe space's public routes are anonymous (their log lines carry no client address) and are
 * left out of the per-address flood guard (whose keys are addresses): abuse is bounded by the proof
 * of work and the budgets in safe-space.service.ts instead.
 */
const publicConfig = { anonymous: true, rateLimit: false } as const;

const formField = (max: number) => z.preprocess((v) => (Array.isArray(v) ? v[0] : v), text(max).default(''));
const submissionForm = z.object({
  kind: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.enum(safeSpaceKinds)),
  neighbourhood: formField(200),
  message: formField(SAFE_SPACE_LIMITS.message).pipe(z.string().min(1)),
  wantsContact: formField(10),
  contact: formField(SAFE_SPACE_LIMITS.contact),
  challenge: formField(600),
  solution: formField(20),
});
const receiptForm = z.object({
  receipt: formField(80),
  check: formField(8),
  message: formField(SAFE_SPACE_LIMITS.message),
});

/** Options a test may change (difficulty, delays, budgets); production uses the defaults. */
export interface SafeSpaceOptions {
  pow?: PowOptions;
  budgets?: safeSpace.Budgets;
}
export const safeSpaceOptions: SafeSpaceOptions = {};

export async function safeSpaceModule(app: FastifyInstance, deps: AppDeps) {
  const secret = crypto.createHash('sha256').update(deps.keyring.current.key).update('safe-space').digest();
  const pow = new ProofOfWork(secret, safeSpaceOptions.pow ?? DEFAULT_POW);
  const ss: safeSpace.SafeSpaceDeps = {
    db: deps.db,
    keys: deps.keys,
    pow,
    limiter: new DbRateLimiter(deps.db, secret.toString('hex')),
    budgets: safeSpaceOptions.budgets ?? safeSpace.DEFAULT_BUDGETS,
  };
  const r = safeSpaceRoutes;

  registerRoute(app, deps, r.getCustodians, ({ actor, params }) =>
    safeSpace.getCustodians(deps.db, actor, params.cityId),
  );
  registerRoute(app, deps, r.setCustodians, ({ actor, auditActor, params, body }) =>
    safeSpace.setCustodians(deps.db, actor, auditActor, params.cityId, body.userIds),
  );
  registerRoute(app, deps, r.listSubmissions, ({ actor, signedIn, params, query }) =>
    safeSpace.listSubmissions(deps.db, actor, signedIn, params.cityId, query.status),
  );
  registerRoute(app, deps, r.getSubmission, ({ actor, signedIn, auditActor, params }) =>
    safeSpace.getSubmission(ss, actor, signedIn, auditActor, params.cityId, params.submissionId),
  );
  registerRoute(app, deps, r.triageSubmission, ({ actor, signedIn, auditActor, params, body }) =>
    safeSpace.triage(ss, actor, signedIn, auditActor, params.cityId, params.submissionId, body),
  );
  registerRoute(app, deps, r.replyToSubmission, ({ actor, signedIn, auditActor, params, body }) =>
    safeSpace.reply(ss, actor, signedIn, auditActor, params.cityId, params.submissionId, body.body),
  );
  const tr = safeSpaceTransferRoutes;
  registerRoute(app, deps, tr.listTransfers, ({ actor, signedIn, params }) =>
    transfers.listTransfers(deps.db, actor, signedIn, params.cityId, params.submissionId),
  );
  registerRoute(app, deps, tr.submissionToEvidence, ({ actor, signedIn, auditActor, params, body }) =>
    transfers.toEvidence(ss, actor, signedIn, auditActor, params.cityId, params.submissionId, body),
  );
  registerRoute(app, deps, tr.submissionToCaseIntake, ({ actor, signedIn, auditActor, params, body }) =>
    transfers.toCaseIntake(ss, actor, signedIn, auditActor, params.cityId, params.submissionId, body),
  );

  app.get('/p/assets/pow.js', { schema: { hide: true }, config: publicConfig }, (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(POW_SCRIPT),
  );

  /** The city of a safe-space page, 404 unless the chair published the safe space. */
  async function context(request: FastifyRequest) {
    const { slug, locale } = publicParams(request);
    const cityRow = await cityBySlug(deps.db, slug);
    if (!cityRow) throw notFound();
    const settings = await loadSettings(deps.db, cityRow.id);
    if (!settings.published.safeSpace) throw notFound();
    const common = {
      locale: locale as Locale,
      baseUrl: requestBaseUrl(deps, request).replace(/\/$/, ''),
      city: { slug: cityRow.slug, name: cityRow.name },
    };
    return { cityId: cityRow.id, settings, common };
  }

  const html = (reply: FastifyReply, body: string, status = 200) =>
    sendHtml(reply.status(status), body, 'no-store');

  const showForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    error?: string,
    values?: FormValues,
    status = 200,
  ) => {
    const { cityId, settings, common } = await context(request);
    return html(
      reply,
      formPage(common, {
        emergencyNumbers: settings.emergencyNumbers,
        neighbourhoods: settings.neighbourhoods,
        challenge: pow.issue(cityId),
        bits: pow.options.bits,
        error,
        values,
      }),
      status,
    );
  };

  app.get('/p/:slug/:lang/safe-space', { schema: { hide: true }, config: publicConfig }, (request, reply) =>
    showForm(request, reply),
  );
  app.get(
    '/p/:slug/:lang/thread',
    { schema: { hide: true }, config: publicConfig },
    async (request, reply) => {
      const { common } = await context(request);
      return html(reply, lookupPage(common));
    },
  );

  // The forms post application/x-www-form-urlencoded: parsed here only, for these routes.
  await app.register(async (forms) => {
    forms.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 32 * 1024 },
      (_request, body, done) => {
        const fields: Record<string, string | string[]> = {};
        for (const [key, value] of new URLSearchParams(body as string)) {
          const existing = fields[key];
          fields[key] = existing === undefined ? value : ([] as string[]).concat(existing, value);
        }
        done(null, fields);
      },
    );

    forms.post(
      '/p/:slug/:lang/safe-space',
      { schema: { hide: true }, config: publicConfig },
      async (request, reply) => {
        const { cityId, settings, common } = await context(request);
        const parsed = submissionForm.safeParse(request.body ?? {});
        if (!parsed.success) return showForm(request, reply, 'invalid', undefined, 400);
        const f = parsed.data;
        const values: FormValues = {
          kind: f.kind,
          neighbourhood: f.neighbourhood,
          message: f.message,
          wantsContact: f.wantsContact === 'yes',
          contact: f.contact,
        };
        if (f.wantsContact === 'yes' && !f.contact) return showForm(request, reply, 'contact', values, 400);
        try {
          const { receipt } = await safeSpace.submit(ss, cityId, settings.neighbourhoods, {
            kind: f.kind,
            neighbourhood: f.neighbourhood || null,
            message: f.message,
            // A contact only when the person chose to give one.
            contact: f.wantsContact === 'yes' ? f.contact : null,
            challenge: f.challenge,
            solution: f.solution,
          });
          return html(reply, receiptPage(common, receipt), 201);
        } catch (error) {
          if (error instanceof safeSpace.FormError)
            return showForm(request, reply, error.code, values, error.status);
          if (error instanceof AppError && error.status === 400)
            return showForm(request, reply, 'invalid', values, 400);
          throw error;
        }
      },
    );

    forms.post(
      '/p/:slug/:lang/safe-space/confirm',
      { schema: { hide: true }, config: publicConfig },
      async (request, reply) => {
        const { cityId, common } = await context(request);
        const parsed = receiptForm.safeParse(request.body ?? {});
        if (!parsed.success) return html(reply, lookupPage(common, 'receipt'), 400);
        try {
          await safeSpace.confirmReceipt(ss, cityId, parsed.data.receipt, parsed.data.check);
          return html(reply, confirmedPage(common));
        } catch (error) {
          if (!(error instanceof safeSpace.FormError)) throw error;
          if (error.code === 'check')
            return html(reply, receiptPage(common, parsed.data.receipt, 'check'), 400);
          return html(reply, lookupPage(common, error.code), error.status);
        }
      },
    );

    forms.post(
      '/p/:slug/:lang/thread',
      { schema: { hide: true }, config: publicConfig },
      async (request, reply) => {
        const { cityId, common } = await context(request);
        const parsed = receiptForm.safeParse(request.body ?? {});
        if (!parsed.success) return html(reply, lookupPage(common, 'receipt'), 400);
        try {
          const thread = await safeSpace.readBySender(ss, cityId, parsed.data.receipt);
          return html(reply, threadPage(common, parsed.data.receipt, thread));
        } catch (error) {
          if (!(error instanceof safeSpace.FormError)) throw error;
          return html(reply, lookupPage(common, error.code), error.status);
        }
      },
    );

    forms.post(
      '/p/:slug/:lang/thread/reply',
      { schema: { hide: true }, config: publicConfig },
      async (request, reply) => {
        const { cityId, common } = await context(request);
        const parsed = receiptForm.safeParse(request.body ?? {});
        if (!parsed.success || !parsed.data.message) return html(reply, lookupPage(common, 'invalid'), 400);
        try {
          await safeSpace.replyBySender(ss, cityId, parsed.data.receipt, parsed.data.message);
          const thread = await safeSpace.readBySender(ss, cityId, parsed.data.receipt);
          return html(reply, threadPage(common, parsed.data.receipt, thread, 'replySent'), 201);
        } catch (error) {
          if (!(error instanceof safeSpace.FormError)) throw error;
          return html(reply, lookupPage(common, error.code), error.status);
        }
      },
    );
  });
}
