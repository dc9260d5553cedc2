import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import {
  DEFAULT_MATRIX,
  levelIn,
  remapValue,
  type matrixInput,
  type MatrixScale,
  type RiskLevel,
  type RiskMatrix,
  type riskPublicationInput,
} from '../../../contracts/risk-map.contract.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import { user } from '../../platform/auth/auth.table.js';
import type { Db } from '../../platform/db/index.js';
import { AppError, conflict, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/policy.js';
import { risk, riskMatrix, riskPublication, riskScoreChange } from './risk-map.table.js';

/*
 * The city's matrix (docs/RISK_MAP.md, "The matrix"): versioned, defined by the chair. Every score row
 * records the version it was made on and its level is read from that version, so an old assessment
 * keeps its level. A new version re-maps the current scores (ceil(old × newSize / oldSize)) and
 * writes a history row for each risk, all in one transaction. And publishing from the register: the
 * chair approves a public wording per risk.
 */

type MatrixRow = typeof riskMatrix.$inferSelect;

const inTx = <T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> =>
  db.transaction((txRaw) => work(txRaw as unknown as Db));
/** A refused matrix or score: the message translated from locales/risk-map (`risk-map.error.<code>`). */
const validation = (path: string, message: string, code: string, values: Record<string, number> = {}) =>
  new AppError('validation', 400, message, [{ path, code, message, key: `risk-map.error.${code}`, values }]);

const DEFAULT_VERSION: RiskMatrix = {
  version: 1,
  likelihoodSize: DEFAULT_MATRIX.likelihoodSize,
  impactSize: DEFAULT_MATRIX.impactSize,
  bands: { ...DEFAULT_MATRIX.bands },
  labels: { likelihood: [], impact: [] },
  reason: '',
  createdAt: null,
  createdByName: null,
};

function toMatrix(row: MatrixRow, names: Map<string, string>): RiskMatrix {
  return {
    version: row.version,
    likelihoodSize: row.likelihoodSize,
    impactSize: row.impactSize,
    bands: row.bands,
    labels: row.labels,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
    createdByName: row.createdBy ? (names.get(row.createdBy) ?? null) : null,
  };
}

/** Every version of the city's matrix, oldest first; version 1 is the default unless defined. */
export async function matrixVersions(db: Db, cityId: string): Promise<RiskMatrix[]> {
  const rows = await db
    .select()
    .from(riskMatrix)
    .where(eq(riskMatrix.cityId, cityId))
    .orderBy(asc(riskMatrix.version));
  const ids = [...new Set(rows.map((r) => r.createdBy).filter((id): id is string => Boolean(id)))];
  const names = ids.length
    ? new Map(
        (await db.select({ id: user.id, name: user.name }).from(user).where(inArray(user.id, ids))).map(
          (u) => [u.id, u.name],
        ),
      )
    : new Map<string, string>();
  const out = rows.map((r) => toMatrix(r, names));
  return out.some((m) => m.version === 1) ? out : [DEFAULT_VERSION, ...out];
}

/** The level reader of a city: the level of a score on the matrix version it was made on. */
export interface Levels {
  current: RiskMatrix;
  of: (matrixVersion: number, likelihood: number, impact: number) => RiskLevel;
}

export async function cityLevels(db: Db, cityId: string): Promise<Levels> {
  const versions = await matrixVersions(db, cityId);
  const byVersion = new Map<number, MatrixScale>(versions.map((v) => [v.version, v]));
  return {
    current: versions[versions.length - 1],
    of: (version, likelihood, impact) =>
      levelIn(byVersion.get(version) ?? DEFAULT_MATRIX, likelihood, impact),
  };
}

/** The matrix in force; a score must fit it. */
export function checkScoreFits(
  matrix: MatrixScale,
  values: { likelihood: number; impact: number; residualLikelihood?: number; residualImpact?: number },
) {
  const axes = [
    ['likelihood', values.likelihood, matrix.likelihoodSize],
    ['impact', values.impact, matrix.impactSize],
    ['residualLikelihood', values.residualLikelihood, matrix.likelihoodSize],
    ['residualImpact', values.residualImpact, matrix.impactSize],
  ] as const;
  for (const [field, value, size] of axes) {
    if (value !== undefined && value > size) {
      throw validation(`body.${field}`, `at most ${size} on the city's matrix`, 'score-too-big', { size });
    }
  }
}

export async function getMatrix(db: Db, cityId: string) {
  const versions = await matrixVersions(db, cityId);
  return { current: versions[versions.length - 1], versions: [...versions].reverse() };
}

const cleanLabels = (list: Record<string, string | undefined>[]) =>
  list.map((l) => Object.fromEntries(Object.entries(l).filter(([, v]) => v)) as Record<string, string>);

/**
 * A new version of the matrix. Every risk's current score (and residual) is re-mapped to the new
 * sizes, proportionally and rounded up, and gets a history row "re-mapped to matrix vN"; old history
 * rows and perspectives keep the version (and so the level) they were made on. One transaction.
 */
export async function setMatrix(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  input: z.infer<typeof matrixInput>,
  at?: Date,
): Promise<{ current: RiskMatrix; remapped: number }> {
  const { likelihoodSize, impactSize, bands } = input;
  if (!(bands.medium < bands.high && bands.high < bands.veryHigh)) {
    throw validation('body.bands', 'the bands must rise: medium < high < very high', 'bands-order');
  }
  if (bands.veryHigh > likelihoodSize * impactSize) {
    throw validation('body.bands.veryHigh', 'higher than the largest score of this matrix', 'band-too-big', {
      max: likelihoodSize * impactSize,
    });
  }
  for (const [axis, size] of [
    ['likelihood', likelihoodSize],
    ['impact', impactSize],
  ] as const) {
    const list = input.labels[axis];
    if (list.length && list.length !== size) {
      throw validation(
        `body.labels.${axis}`,
        `give a label for each of the ${size} levels, or none`,
        'labels-count',
        {
          size,
        },
      );
    }
  }
  const when = at ?? new Date();
  const versions = await matrixVersions(db, cityId);
  const previous = versions[versions.length - 1];
  const sizesOf = new Map(versions.map((v) => [v.version, v]));
  const version = previous.version + 1;
  return inTx(db, async (tx) => {
    const [row] = await tx
      .insert(riskMatrix)
      .values({
        cityId,
        version,
        likelihoodSize,
        impactSize,
        bands,
        labels: {
          likelihood: cleanLabels(input.labels.likelihood),
          impact: cleanLabels(input.labels.impact),
        },
        reason: input.reason,
        createdBy: actor.userId,
        createdAt: when,
      })
      // Two chairs saving at once: the second is told, and nothing of it is written.
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict('The matrix was changed meanwhile; reload and try again');
    const risks = await tx.select().from(risk).where(eq(risk.cityId, cityId));
    const reason = `re-mapped to matrix v${version}`;
    for (const r of risks) {
      // Each axis from the size of the matrix the current score was made on.
      const from = sizesOf.get(r.matrixVersion) ?? previous;
      const values = {
        likelihood: remapValue(r.likelihood, from.likelihoodSize, likelihoodSize),
        impact: remapValue(r.impact, from.impactSize, impactSize),
        residualLikelihood: remapValue(r.residualLikelihood, from.likelihoodSize, likelihoodSize),
        residualImpact: remapValue(r.residualImpact, from.impactSize, impactSize),
      };
      await tx
        .update(risk)
        .set({ ...values, matrixVersion: version, updatedAt: when })
        .where(eq(risk.id, r.id));
      await tx.insert(riskScoreChange).values({
        cityId,
        riskId: r.id,
        at: when,
        byUserId: actor.userId,
        reason,
        ...values,
        confidence: r.confidence,
        trend: r.trend,
        reviewOn: r.reviewOn,
        matrixVersion: version,
      });
    }
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'risk_matrix',
      recordId: null,
      fields: ['version', 'likelihoodSize', 'impactSize', 'bands', 'labels', 'remapped'],
      reason: input.reason,
      ...(at ? { at } : {}),
    });
    return { current: toMatrix(row, new Map()), remapped: risks.length };
  });
}

// ---------------------------------------------------------------------------------------------
// Publishing from the register

export async function publicationOf(db: Db, riskId: string) {
  const [row] = await db
    .select({ p: riskPublication, name: user.name })
    .from(riskPublication)
    .leftJoin(user, eq(user.id, riskPublication.approvedBy))
    .where(eq(riskPublication.riskId, riskId));
  if (!row) return null;
  return {
    publicTitle: row.p.publicTitle,
    publicSummary: row.p.publicSummary,
    nameNeighbourhoods: row.p.nameNeighbourhoods,
    approvedAt: row.p.approvedAt.toISOString(),
    approvedByName: row.name ?? null,
  };
}

async function requireRisk(db: Db, cityId: string, riskId: string) {
  const [row] = await db
    .select({ id: risk.id })
    .from(risk)
    .where(and(eq(risk.cityId, cityId), eq(risk.id, riskId)));
  if (!row) throw notFound();
}

/** The chair's decision: this risk may appear on the public pages, in these words only. */
export async function publishRisk(
  db: Db,
  cityId: string,
  actor: Actor,
  auditActor: AuditActor,
  riskId: string,
  input: z.infer<typeof riskPublicationInput>,
) {
  await requireRisk(db, cityId, riskId);
  await inTx(db, async (tx) => {
    const values = {
      publicTitle: input.publicTitle,
      publicSummary: input.publicSummary,
      nameNeighbourhoods: input.nameNeighbourhoods,
      approvedBy: actor.userId,
      approvedAt: new Date(),
    };
    await tx
      .insert(riskPublication)
      .values({ riskId, cityId, ...values })
      .onConflictDoUpdate({ target: riskPublication.riskId, set: values });
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'risk_publication',
      recordId: riskId,
      fields: ['publicTitle', 'publicSummary', 'nameNeighbourhoods'],
    });
  });
}

export async function unpublishRisk(db: Db, cityId: string, auditActor: AuditActor, riskId: string) {
  await requireRisk(db, cityId, riskId);
  await inTx(db, async (tx) => {
    const gone = await tx
      .delete(riskPublication)
      .where(and(eq(riskPublication.cityId, cityId), eq(riskPublication.riskId, riskId)))
      .returning({ id: riskPublication.riskId });
    if (gone.length) {
      await appendAudit(tx, cityId, auditActor, {
        action: 'delete',
        recordType: 'risk_publication',
        recordId: riskId,
        fields: ['publication'],
      });
    }
  });
}

/** For the public pages: the approved wordings, newest approval first, places only where approved. */
export async function publishedRisks(db: Db, cityId: string, limit: number) {
  const rows = await db
    .select()
    .from(riskPublication)
    .where(eq(riskPublication.cityId, cityId))
    .orderBy(desc(riskPublication.approvedAt))
    .limit(limit);
  return rows;
}
