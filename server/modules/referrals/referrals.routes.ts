import type { FastifyInstance } from 'fastify';
import { referralsRoutes } from '../../../contracts/referrals.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { authorize } from '../../platform/policy.js';
import { registerRoute } from '../../platform/routes.js';
import { requireTwoFactorForIdentity } from '../cases/index.js';
import { notifyReferralReceivers } from './referrals.notify.js';
import * as referrals from './referrals.service.js';

/**
 * Referral and service routes. `authorize` says which roles may try; the service then checks the
 * situation (need-to-know for senders) or the receiving organisation (for the inbox) itself.
 */
export async function referralsModule(app: FastifyInstance, deps: AppDeps) {
  const { db, keys } = deps;
  const r = referralsRoutes;

  registerRoute(app, deps, r.listServices, async ({ actor, params, query }) => {
    authorize(actor, 'services.read');
    return referrals.listServices(db, params.cityId, query.includeInactive ?? false);
  });
  registerRoute(app, deps, r.createService, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'services.manage');
    return referrals.createService(db, params.cityId, auditActor, body);
  });
  registerRoute(app, deps, r.updateService, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'services.manage');
    return referrals.updateService(db, params.cityId, auditActor, params.serviceId, body);
  });

  registerRoute(app, deps, r.listCaseReferrals, async ({ actor, params }) => {
    authorize(actor, 'cases.read');
    return referrals.listCaseReferrals(db, params.cityId, actor, params.caseId);
  });
  registerRoute(app, deps, r.sendReferral, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'referrals.send');
    const sent = await referrals.sendReferral(
      db,
      keys,
      params.cityId,
      actor,
      auditActor,
      params.caseId,
      body,
    );
    // After the commit: a mail problem is logged, never undoes the referral.
    await notifyReferralReceivers(
      { db, mailer: deps.mailer, publicUrl: deps.config.publicUrl },
      params.cityId,
      sent.id,
    ).catch((error: Error) => app.log.warn({ errName: error.name }, 'referral notification failed'));
    return sent;
  });
  registerRoute(app, deps, r.readCaseReferral, async ({ actor, signedIn, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    requireTwoFactorForIdentity(signedIn);
    return referrals.readCaseReferral(
      db,
      keys,
      params.cityId,
      actor,
      auditActor,
      params.caseId,
      params.referralId,
      body.reason,
    );
  });
  registerRoute(app, deps, r.withdrawReferral, async ({ actor, auditActor, params }) => {
    authorize(actor, 'referrals.send');
    return referrals.withdrawReferral(db, params.cityId, actor, auditActor, params.caseId, params.referralId);
  });
  registerRoute(app, deps, r.recordServiceResponse, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'referrals.send');
    return referrals.recordServiceResponse(
      db,
      keys,
      params.cityId,
      actor,
      auditActor,
      params.caseId,
      params.referralId,
      body,
    );
  });

  registerRoute(app, deps, r.inbox, async ({ actor, params, query }) => {
    authorize(actor, 'referrals.inbox');
    return referrals.inbox(db, params.cityId, actor, query);
  });
  registerRoute(app, deps, r.inboxSummary, async ({ actor, params }) => {
    authorize(actor, 'referrals.inbox');
    return referrals.inboxSummary(db, params.cityId, actor);
  });
  registerRoute(app, deps, r.openReferral, async ({ actor, signedIn, auditActor, params, body }) => {
    authorize(actor, 'referrals.inbox');
    requireTwoFactorForIdentity(signedIn);
    return referrals.openReferral(db, keys, params.cityId, actor, auditActor, params.referralId, body.reason);
  });
  registerRoute(app, deps, r.respond, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'referrals.inbox');
    return referrals.respond(db, keys, params.cityId, actor, auditActor, params.referralId, body);
  });
}
