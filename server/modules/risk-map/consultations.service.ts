import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type {
  Consultation,
  consultationInput,
  ConsultationSummary,
  findingResponseInput,
} from '../../../contracts/risk-map.contract.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/index.js';
import { suppressCounts, suppressTable } from '../../platform/disclosure.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/policy.js';
import { organisation } from '../network/index.js';
import { requireRiskMap } from './risk-map.service.js';
import { risk, riskConsultation, riskConsultationFinding, riskNeighbourhood } from './risk-map.table.js';

/*
 * Community consultations (docs/RISK_MAP.md): held in one or more neighbourhoods, facilitated by the
 * network's organisations (ids), attendance kept as counts by sex × age band and only ever shown
 * through suppressTable, findings linked to the risks they support or challenge, and the network's
 * "you said, we did" answer with a link to the action plan's action that carries it.
 */

type Row = typeof riskConsultation.$inferSelect;
type FindingRow = typeof riskConsultationFinding.$inferSelect;

const inTx = <T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> =>
  db.transaction((txRaw) => work(txRaw as unknown as Db));
const validation = (path: string, message: string, code = 'invalid') =>
  new AppError('validation', 400, message, [{ path, code, message }]);

async function namesById(
  db: Db,
  cityId: string,
  kind: 'neighbourhood' | 'organisation' | 'risk',
  ids: string[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map();
  const rows =
    kind === 'neighbourhood'
      ? await db
          .select({ id: riskNeighbourhood.id, name: riskNeighbourhood.name })
          .from(riskNeighbourhood)
          .where(and(eq(riskNeighbourhood.cityId, cityId), inArray(riskNeighbourhood.id, wanted)))
      : kind === 'organisation'
        ? await db
            .select({ id: organisation.id, name: organisation.name })
            .from(organisation)
            .where(and(eq(organisation.cityId, cityId), inArray(organisation.id, wanted)))
        : await db
            .select({ id: risk.id, name: risk.title })
            .from(risk)
            .where(and(eq(risk.cityId, cityId), inArray(risk.id, wanted)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Every id must be the city's own; otherwise a field error naming the field. */
async function requireAll(
  db: Db,
  cityId: string,
  kind: 'neighbourhood' | 'organisation' | 'risk',
  ids: string[],
  path: string,
) {
  const found = await namesById(db, cityId, kind, ids);
  if (found.size !== new Set(ids).size) throw validation(path, `unknown ${kind}`, `unknown-${kind}`);
}

const total = (attendance: number[][]) => attendance.flat().reduce((s, v) => s + v, 0);

function summaryOf(row: Row, names: Map<string, string>, findingCount: number): ConsultationSummary {
  return {
    id: row.id,
    title: row.title,
    heldOn: row.heldOn,
    format: row.format as ConsultationSummary['format'],
    neighbourhoods: row.neighbourhoodIds.map((id) => ({ id, name: names.get(id) ?? '' })),
    attendanceTotal: suppressCounts([total(row.attendance)]).total,
    findingCount,
  };
}

export async function listConsultations(db: Db, cityId: string, query: { neighbourhoodId?: string }) {
  await requireRiskMap(db, cityId);
  const rows = await db
    .select()
    .from(riskConsultation)
    .where(
      and(
        eq(riskConsultation.cityId, cityId),
        query.neighbourhoodId
          ? sql`${query.neighbourhoodId}::uuid = any(${riskConsultation.neighbourhoodIds})`
          : undefined,
      ),
    )
    .orderBy(desc(riskConsultation.heldOn), desc(riskConsultation.createdAt));
  const counts = rows.length
    ? await db
        .select({ id: riskConsultationFinding.consultationId, n: sql<number>`count(*)::int` })
        .from(riskConsultationFinding)
        .where(
          inArray(
            riskConsultationFinding.consultationId,
            rows.map((r) => r.id),
          ),
        )
        .groupBy(riskConsultationFinding.consultationId)
    : [];
  const countOf = new Map(counts.map((c) => [c.id, c.n]));
  const names = await namesById(
    db,
    cityId,
    'neighbourhood',
    rows.flatMap((r) => r.neighbourhoodIds),
  );
  return { items: rows.map((r) => summaryOf(r, names, countOf.get(r.id) ?? 0)) };
}

export async function getConsultation(db: Db, cityId: string, consultationId: string): Promise<Consultation> {
  await requireRiskMap(db, cityId);
  const [row] = await db
    .select()
    .from(riskConsultation)
    .where(and(eq(riskConsultation.cityId, cityId), eq(riskConsultation.id, consultationId)));
  if (!row) throw notFound();
  const findings: FindingRow[] = await db
    .select()
    .from(riskConsultationFinding)
    .where(eq(riskConsultationFinding.consultationId, row.id))
    .orderBy(riskConsultationFinding.position);
  const places = await namesById(db, cityId, 'neighbourhood', row.neighbourhoodIds);
  const orgs = await namesById(db, cityId, 'organisation', row.organisationIds);
  const risks = await namesById(
    db,
    cityId,
    'risk',
    findings.flatMap((f) => [...f.supportsRiskIds, ...f.challengesRiskIds]),
  );
  const refs = (ids: string[], names: Map<string, string>) =>
    ids.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! }));
  return {
    ...summaryOf(row, places, findings.length),
    organisations: refs(row.organisationIds, orgs),
    attendance: suppressTable(row.attendance),
    languages: row.languages,
    accessibilityNotes: row.accessibilityNotes,
    findings: findings.map((f) => ({
      id: f.id,
      statement: f.statement,
      priority: f.priority,
      supports: refs(f.supportsRiskIds, risks),
      challenges: refs(f.challengesRiskIds, risks),
      proposesNewRisk: f.proposesNewRisk,
      response: f.response,
      actionId: f.actionId,
      respondedAt: f.respondedAt?.toISOString() ?? null,
    })),
    createdAt: row.createdAt.toISOString(),
  };
}

export async function createConsultation(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  input: z.infer<typeof consultationInput>,
  at?: Date,
): Promise<Consultation> {
  await requireRiskMap(db, cityId);
  await requireAll(db, cityId, 'neighbourhood', input.neighbourhoodIds, 'body.neighbourhoodIds');
  await requireAll(db, cityId, 'organisation', input.organisationIds, 'body.organisationIds');
  for (const [i, f] of input.findings.entries()) {
    await requireAll(
      db,
      cityId,
      'risk',
      [...f.supportsRiskIds, ...f.challengesRiskIds],
      `body.findings.${i}.supportsRiskIds`,
    );
  }
  const id = await inTx(db, async (tx) => {
    const [row] = await tx
      .insert(riskConsultation)
      .values({
        cityId,
        title: input.title,
        heldOn: input.heldOn,
        format: input.format,
        neighbourhoodIds: [...new Set(input.neighbourhoodIds)],
        organisationIds: [...new Set(input.organisationIds)],
        attendance: input.attendance,
        languages: input.languages,
        accessibilityNotes: input.accessibilityNotes,
        createdBy: actor.userId,
        ...(at ? { createdAt: at } : {}),
      })
      .returning({ id: riskConsultation.id });
    if (input.findings.length) {
      await tx.insert(riskConsultationFinding).values(
        input.findings.map((f, position) => ({
          cityId,
          consultationId: row.id,
          position,
          statement: f.statement,
          priority: f.priority ?? null,
          supportsRiskIds: [...new Set(f.supportsRiskIds)],
          challengesRiskIds: [...new Set(f.challengesRiskIds)],
          proposesNewRisk: f.proposesNewRisk,
        })),
      );
    }
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'risk_consultation',
      recordId: row.id,
      fields: ['title', 'heldOn', 'format', 'neighbourhoodIds', 'organisationIds', 'attendance', 'findings'],
      ...(at ? { at } : {}),
    });
    return row.id;
  });
  return getConsultation(db, cityId, id);
}

/** "You said, we did": the answer to one finding (given again, it replaces the previous one; audited). */
export async function respondToFinding(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  consultationId: string,
  findingId: string,
  input: z.infer<typeof findingResponseInput>,
): Promise<Consultation> {
  await requireRiskMap(db, cityId);
  await inTx(db, async (tx) => {
    const [row] = await tx
      .update(riskConsultationFinding)
      .set({
        response: input.response,
        actionId: input.actionId ?? null,
        respondedBy: actor.userId,
        respondedAt: new Date(),
      })
      .where(
        and(
          eq(riskConsultationFinding.cityId, cityId),
          eq(riskConsultationFinding.consultationId, consultationId),
          eq(riskConsultationFinding.id, findingId),
        ),
      )
      .returning({ id: riskConsultationFinding.id });
    if (!row) throw notFound();
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'risk_consultation_finding',
      recordId: findingId,
      fields: ['response', ...(input.actionId ? ['actionId'] : [])],
    });
  });
  return getConsultation(db, cityId, consultationId);
}

/** For evidence: the consultation must be the city's own. */
export async function requireConsultation(db: Db, cityId: string, consultationId: string) {
  const [row] = await db
    .select({ id: riskConsultation.id })
    .from(riskConsultation)
    .where(and(eq(riskConsultation.cityId, cityId), eq(riskConsultation.id, consultationId)));
  if (!row) throw validation('body.consultationId', 'unknown consultation', 'unknown-consultation');
}
