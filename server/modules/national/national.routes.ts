import type { FastifyInstance } from 'fastify';
import { nationalRoutes as r } from '../../../contracts/national.contract.js';
import type { AppDeps } from '../../platform/deps.js';
import { registerRoute } from '../../platform/routes.js';
import type { Locale } from '../../../contracts/route.js';
import { reportPdf } from './national.export.js';
import * as national from './national.service.js';

/** The national coordination routes (contracts/national.contract.ts). */
export async function nationalModule(app: FastifyInstance, deps: AppDeps) {
  const { db } = deps;
  registerRoute(app, deps, r.listAllFrameworks, ({ actor }) => national.listAllFrameworks(db, actor));
  registerRoute(app, deps, r.publishFramework, ({ actor, body }) =>
    national.publishFramework(db, actor, body),
  );
  registerRoute(app, deps, r.listFrameworks, ({ actor, params }) =>
    national.listFrameworks(db, actor, params.cityId),
  );
  registerRoute(app, deps, r.createFramework, ({ actor, auditActor, params, body }) =>
    national.createFramework(db, actor, auditActor, params.cityId, body),
  );
  registerRoute(app, deps, r.reviseFramework, ({ actor, auditActor, params, body }) =>
    national.reviseFramework(db, actor, auditActor, params.cityId, params.frameworkId, body),
  );
  registerRoute(app, deps, r.listMappings, ({ actor, params }) =>
    national.listMappings(db, actor, params.cityId),
  );
  registerRoute(app, deps, r.mapObjective, ({ actor, auditActor, params, body }) =>
    national.mapObjective(db, actor, auditActor, params.cityId, params.objectiveId, body.goalIds),
  );
  registerRoute(app, deps, r.listEscalations, ({ actor, params, query }) =>
    national.listEscalations(db, actor, params.cityId, query.status),
  );
  registerRoute(app, deps, r.raiseEscalation, ({ actor, auditActor, params, body }) =>
    national.raiseEscalation(db, actor, auditActor, params.cityId, body),
  );
  registerRoute(app, deps, r.getEscalation, ({ actor, params }) =>
    national.getEscalation(db, actor, params.cityId, params.escalationId),
  );
  registerRoute(app, deps, r.acknowledgeEscalation, ({ actor, auditActor, params }) =>
    national.acknowledgeEscalation(db, actor, auditActor, params.cityId, params.escalationId),
  );
  registerRoute(app, deps, r.respondEscalation, ({ actor, auditActor, params, body }) =>
    national.respondEscalation(db, actor, auditActor, params.cityId, params.escalationId, body.response),
  );
  registerRoute(app, deps, r.closeEscalation, ({ actor, auditActor, params, body }) =>
    national.closeEscalation(db, actor, auditActor, params.cityId, params.escalationId, body.outcome),
  );
  registerRoute(app, deps, r.listReports, ({ actor, params }) =>
    national.listReports(db, actor, params.cityId),
  );
  registerRoute(app, deps, r.createReport, ({ actor, auditActor, params, body }) =>
    national.createReport(db, actor, auditActor, params.cityId, body),
  );
  registerRoute(app, deps, r.getReport, ({ actor, params }) =>
    national.getReport(db, actor, params.cityId, params.reportId),
  );
  registerRoute(app, deps, r.updateReport, ({ actor, auditActor, params, body }) =>
    national.updateReport(db, actor, auditActor, params.cityId, params.reportId, body),
  );
  registerRoute(app, deps, r.deleteReport, async ({ actor, auditActor, params }) => {
    await national.deleteReport(db, actor, auditActor, params.cityId, params.reportId);
    return null;
  });
  registerRoute(app, deps, r.submitReport, ({ actor, auditActor, params }) =>
    national.submitReport(db, actor, auditActor, params.cityId, params.reportId),
  );
  registerRoute(app, deps, r.reviewReport, ({ actor, auditActor, params, body }) =>
    national.reviewReport(db, actor, auditActor, params.cityId, params.reportId, body.decision, body.comment),
  );
  registerRoute(app, deps, r.reviseReport, ({ actor, auditActor, params }) =>
    national.reviseReport(db, actor, auditActor, params.cityId, params.reportId),
  );
  registerRoute(app, deps, r.diffReport, ({ actor, params }) =>
    national.diffReport(db, actor, params.cityId, params.reportId),
  );
  registerRoute(app, deps, r.exportReportPdf, async ({ actor, params, query, reply }) => {
    const { report, cityName, defaultLocale } = await national.reportForExport(
      db,
      actor,
      params.cityId,
      params.reportId,
    );
    const file = await reportPdf(report, cityName, query.lang ?? (defaultLocale as Locale));
    // A Buffer is sent as it is (no JSON serialisation).
    reply.header('content-type', 'application/pdf');
    reply.header(
      'content-disposition',
      `attachment; filename="report-${report.period}-v${report.version}.pdf"`,
    );
    return file;
  });
  registerRoute(app, deps, r.nationalHome, ({ actor, params }) => national.home(db, actor, params.cityId));
}
