import type { FastifyInstance } from 'fastify';
import { casesRoutes } from '../../../contracts/cases.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { authorize } from '../../platform/policy.js';
import { registerRoute } from '../../platform/routes.js';
import { requireTwoFactorForIdentity } from './cases.access.js';
import * as cases from './cases.service.js';
import { listReviewsDue } from './cases.reviews.js';
import * as workflows from './cases.workflow.service.js';
import { caseWorkflowRoutes } from '../../../contracts/case-workflow.contract.js';

/**
 * Case routes. `authorize` says which roles may try at all; the service then applies need-to-know
 * on the situation itself (cases.access.ts) — never the route alone.
 */
export async function casesModule(app: FastifyInstance, deps: AppDeps) {
  const { db, keys } = deps;
  const r = casesRoutes;
  const detail = (cityId: string, actor: Parameters<typeof cases.getCase>[3], caseId: string) =>
    cases.getCase(db, keys, cityId, actor, caseId);

  registerRoute(app, deps, r.caseConfig, async ({ actor, params }) => {
    authorize(actor, 'cases.read');
    return cases.getConfig(db, params.cityId, actor);
  });
  registerRoute(app, deps, r.listCases, async ({ actor, params, query }) => {
    authorize(actor, 'cases.read');
    return cases.listCases(db, params.cityId, actor, query);
  });
  registerRoute(app, deps, r.listReviewsDue, async ({ actor, params, query }) => {
    authorize(actor, 'cases.read');
    return listReviewsDue(db, params.cityId, actor, query);
  });
  registerRoute(app, deps, r.createCase, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.create');
    const id = await cases.createCase(db, params.cityId, actor, auditActor, body);
    return detail(params.cityId, actor, id);
  });
  registerRoute(app, deps, r.getCase, async ({ actor, params }) => {
    authorize(actor, 'cases.read');
    return detail(params.cityId, actor, params.caseId);
  });
  registerRoute(app, deps, r.updatePresentation, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    await cases.updatePresentation(db, params.cityId, actor, auditActor, params.caseId, body);
    return detail(params.cityId, actor, params.caseId);
  });
  registerRoute(app, deps, r.moveStage, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    await cases.moveStage(db, keys, params.cityId, actor, auditActor, params.caseId, body.to);
    return detail(params.cityId, actor, params.caseId);
  });
  registerRoute(app, deps, r.decideThreshold, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.decide');
    await workflows.decideThreshold(db, keys, params.cityId, actor, auditActor, params.caseId, body);
    return detail(params.cityId, actor, params.caseId);
  });
  registerRoute(app, deps, r.assignAgencies, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.decide');
    await cases.assignAgencies(db, keys, params.cityId, actor, auditActor, params.caseId, body);
    return detail(params.cityId, actor, params.caseId);
  });
  registerRoute(app, deps, r.reveal, async ({ actor, signedIn, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    requireTwoFactorForIdentity(signedIn);
    return cases.reveal(db, keys, params.cityId, actor, auditActor, params.caseId, body.reason);
  });
  registerRoute(app, deps, r.addPerson, async ({ actor, signedIn, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    requireTwoFactorForIdentity(signedIn);
    return cases.addPerson(db, keys, params.cityId, actor, auditActor, params.caseId, body);
  });
  registerRoute(app, deps, r.updatePerson, async ({ actor, signedIn, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    requireTwoFactorForIdentity(signedIn);
    return cases.updatePerson(
      db,
      keys,
      params.cityId,
      actor,
      auditActor,
      params.caseId,
      params.personId,
      body,
    );
  });
  registerRoute(app, deps, r.removePerson, async ({ actor, signedIn, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    requireTwoFactorForIdentity(signedIn);
    await cases.removePerson(
      db,
      params.cityId,
      actor,
      auditActor,
      params.caseId,
      params.personId,
      body.reason,
    );
    return detail(params.cityId, actor, params.caseId);
  });
  registerRoute(app, deps, r.checkDuplicate, async ({ actor, signedIn, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    requireTwoFactorForIdentity(signedIn);
    return cases.checkDuplicate(db, keys, params.cityId, actor, auditActor, params.caseId, body);
  });
  registerRoute(app, deps, r.recordConsent, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    return cases.recordConsent(db, keys, params.cityId, actor, auditActor, params.caseId, body);
  });
  registerRoute(app, deps, r.withdrawConsent, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    return cases.withdrawConsent(
      db,
      params.cityId,
      actor,
      auditActor,
      params.caseId,
      params.consentId,
      body?.reason ?? '',
    );
  });
  registerRoute(app, deps, r.savePlan, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    await cases.savePlan(db, keys, params.cityId, actor, auditActor, params.caseId, body.plan);
    return detail(params.cityId, actor, params.caseId);
  });
  registerRoute(app, deps, r.addAssessment, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    await cases.addAssessment(db, keys, params.cityId, actor, auditActor, params.caseId, body);
    return detail(params.cityId, actor, params.caseId);
  });
  registerRoute(app, deps, r.addFollowUp, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    await cases.addFollowUp(db, keys, params.cityId, actor, auditActor, params.caseId, body);
    return detail(params.cityId, actor, params.caseId);
  });
  registerRoute(app, deps, r.completeFollowUp, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    await cases.completeFollowUp(
      db,
      keys,
      params.cityId,
      actor,
      auditActor,
      params.caseId,
      params.followUpId,
      body,
    );
    return detail(params.cityId, actor, params.caseId);
  });
  registerRoute(app, deps, r.taxonomyAdditions, async ({ actor, params }) => {
    authorize(actor, 'cases.read');
    return cases.taxonomyAdditions(db, params.cityId);
  });
  registerRoute(app, deps, r.addTaxonomyEntry, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.settings');
    return cases.addTaxonomyEntry(db, params.cityId, auditActor, body);
  });
  registerRoute(app, deps, r.closeCase, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    await cases.closeCase(db, keys, params.cityId, actor, auditActor, params.caseId, body);
    return detail(params.cityId, actor, params.caseId);
  });
  const w = caseWorkflowRoutes;
  registerRoute(app, deps, w.listWorkflows, async ({ actor, params }) => {
    authorize(actor, 'cases.workflows.read');
    return workflows.listWorkflows(db, params.cityId);
  });
  registerRoute(app, deps, w.getWorkflow, async ({ actor, params }) => {
    authorize(actor, 'cases.workflows.read');
    return workflows.getWorkflow(db, params.cityId, params.workflowId, params.version);
  });
  registerRoute(app, deps, w.saveCustomWorkflow, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.workflows.manage');
    return workflows.saveCustomWorkflow(db, params.cityId, actor, auditActor, body);
  });
  registerRoute(app, deps, w.useWorkflow, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.workflows.manage');
    return workflows.useWorkflow(db, params.cityId, auditActor, body.id);
  });
  registerRoute(app, deps, w.transition, async ({ actor, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    return workflows.transitionCase(db, keys, params.cityId, actor, auditActor, params.caseId, body);
  });
  registerRoute(app, deps, w.inform, async ({ actor, signedIn, auditActor, params, body }) => {
    authorize(actor, 'cases.work');
    requireTwoFactorForIdentity(signedIn);
    return workflows.recordInformed(db, keys, params.cityId, actor, auditActor, params.caseId, body);
  });
}
