import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import {
  sessionAgeBands,
  sessionTypes,
  sessionSexes,
  type SessionInput,
  type SessionType,
} from '../../../contracts/activities.contract.js';
import { dateCursor } from '../../../contracts/primitives.js';
import { appendAudit, type AuditActor } from '../../platform/audit/audit.js';
import type { Db } from '../../platform/db/index.js';
import { suppressCounts, suppressTable } from '../../platform/disclosure.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { authorize, can, type Actor } from '../../platform/policy.js';
import {
  adoptedPlan,
  findPlanAction,
  myOrganisationIds,
  requirePlanModule,
  wellFormed,
} from '../action-plan/index.js';
import { activitySession } from './activities.table.js';

type SessionRow = typeof activitySession.$inferSelect;

const invalid = (path: string, message: string) =>
  new AppError('validation', 400, message, [{ path, code: 'invalid', message }]);

const sumOf = (attendance: number[][]) => attendance.flat().reduce((s, v) => s + v, 0);

function toView(row: SessionRow, actionTitle: string) {
  return {
    id: row.id,
    actionId: row.actionId,
    actionTitle,
    heldOn: row.heldOn,
    neighbourhoodId: row.neighbourhoodId,
    type: row.type as SessionType,
    customType: row.customType,
    facilitators: row.facilitators,
    attendance: row.attendance,
    total: row.total,
    testScores:
      row.testParticipants !== null && row.preMean !== null && row.postMean !== null
        ? { participants: row.testParticipants, preMean: row.preMean, postMean: row.postMean }
        : null,
    notes: row.notes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function actionTitles(db: Db, cityId: string): Promise<Map<string, string>> {
  const plan = await adoptedPlan(db, cityId);
  return new Map((plan?.actions ?? []).map((a) => [a.id, a.code ? `${a.code} ${a.title}` : a.title]));
}

/** Chair and coordinator record for any action; members and partners for actions their organisation owns or partners. */
async function authorizeRecording(db: Db, actor: Actor, cityId: string, actionId: string) {
  if (can(actor, 'activities.record-any')) return;
  authorize(actor, 'activities.record-own');
  const found = await findPlanAction(db, cityId, actionId);
  const mine = await myOrganisationIds(db, cityId, actor.userId);
  const orgs = found ? [found.action.ownerOrganisationId, ...found.action.partnerOrganisationIds] : [];
  if (!orgs.some((id) => id && mine.includes(id)))
    throw forbidden('Only organisations taking part in the action record its sessions');
}

/** The rules a session obeys beyond its shape: a custom type named, test scores only for trainings. */
function checkSession(input: {
  type: SessionType;
  customType: string;
  testScores: SessionInput['testScores'];
  attendance: number[][];
  heldOn: string;
}) {
  if (input.type === 'custom' && !input.customType)
    throw invalid('body.customType', 'A custom session names its kind');
  if (input.testScores && input.type !== 'training')
    throw invalid('body.testScores', 'Pre/post test scores are for trainings only');
  if (input.testScores && input.testScores.participants > sumOf(input.attendance))
    throw invalid('body.testScores.participants', 'More people took the tests than attended');
  if (input.heldOn > new Date().toISOString().slice(0, 10))
    throw invalid('body.heldOn', 'A delivered session cannot be in the future');
}

export async function createSession(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  input: SessionInput,
) {
  await requirePlanModule(db, cityId);
  await authorizeRecording(db, actor, cityId, input.actionId);
  const found = await findPlanAction(db, cityId, input.actionId);
  if (!found || found.version.status !== 'adopted')
    throw invalid('body.actionId', 'Not an action of the adopted plan');
  checkSession(input);
  const row = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [created] = await tx
      .insert(activitySession)
      .values({
        cityId,
        actionId: input.actionId,
        heldOn: input.heldOn,
        neighbourhoodId: input.neighbourhoodId,
        type: input.type,
        customType: input.type === 'custom' ? input.customType : '',
        facilitators: wellFormed(input.facilitators),
        attendance: input.attendance,
        total: sumOf(input.attendance),
        testParticipants: input.testScores?.participants ?? null,
        preMean: input.testScores?.preMean ?? null,
        postMean: input.testScores?.postMean ?? null,
        notes: input.notes,
        createdBy: actor.userId,
      })
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'create',
      recordType: 'activity_session',
      recordId: created.id,
      fields: ['heldOn', 'type', 'facilitators', 'attendance', ...(input.testScores ? ['testScores'] : [])],
    });
    return created;
  });
  return toView(row, found.action.title);
}

async function findSession(db: Db, cityId: string, sessionId: string): Promise<SessionRow> {
  const [row] = await db
    .select()
    .from(activitySession)
    .where(and(eq(activitySession.cityId, cityId), eq(activitySession.id, sessionId)));
  if (!row) throw notFound();
  return row;
}

/** Reading a session: the network's roles; a partner only what it recorded. */
function authorizeRead(actor: Actor, row?: SessionRow) {
  if (can(actor, 'activities.read')) return;
  authorize(actor, 'activities.record-own');
  if (row && row.createdBy !== actor.userId) throw notFound();
}

export async function getSession(db: Db, actor: Actor, cityId: string, sessionId: string) {
  await requirePlanModule(db, cityId);
  const row = await findSession(db, cityId, sessionId);
  authorizeRead(actor, row);
  return toView(row, (await actionTitles(db, cityId)).get(row.actionId) ?? '');
}

export async function listSessions(
  db: Db,
  actor: Actor,
  cityId: string,
  query: { actionId?: string; cursor?: string; limit: number },
) {
  await requirePlanModule(db, cityId);
  authorizeRead(actor);
  const conditions: SQL[] = [eq(activitySession.cityId, cityId)];
  if (!can(actor, 'activities.read')) conditions.push(eq(activitySession.createdBy, actor.userId));
  if (query.actionId) conditions.push(eq(activitySession.actionId, query.actionId));
  if (query.cursor) {
    const [heldOn, id] = decodeCursor(query.cursor, dateCursor);
    conditions.push(sql`(${activitySession.heldOn}, ${activitySession.id}) < (${heldOn}::date, ${id}::uuid)`);
  }
  const rows = await db
    .select()
    .from(activitySession)
    .where(and(...conditions))
    .orderBy(desc(activitySession.heldOn), desc(activitySession.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const titles = await actionTitles(db, cityId);
  const last = page.at(-1);
  return {
    items: page.map((r) => toView(r, titles.get(r.actionId) ?? '')),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.heldOn, last.id) : null,
  };
}

export async function updateSession(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  sessionId: string,
  body: Partial<Omit<SessionInput, 'actionId'>>,
) {
  await requirePlanModule(db, cityId);
  const saved = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const [row] = await tx
      .select()
      .from(activitySession)
      .where(and(eq(activitySession.cityId, cityId), eq(activitySession.id, sessionId)))
      .for('update');
    if (!row) throw notFound();
    await authorizeRecording(tx, actor, cityId, row.actionId);
    const current = toView(row, '');
    const next = {
      heldOn: body.heldOn ?? current.heldOn,
      neighbourhoodId: body.neighbourhoodId !== undefined ? body.neighbourhoodId : current.neighbourhoodId,
      type: body.type ?? current.type,
      customType: body.customType ?? current.customType,
      facilitators: body.facilitators ?? current.facilitators,
      attendance: body.attendance ?? current.attendance,
      testScores: body.testScores !== undefined ? body.testScores : current.testScores,
      notes: body.notes ?? current.notes,
    };
    checkSession(next);
    const [updated] = await tx
      .update(activitySession)
      .set({
        heldOn: next.heldOn,
        neighbourhoodId: next.neighbourhoodId,
        type: next.type,
        customType: next.type === 'custom' ? next.customType : '',
        facilitators: wellFormed(next.facilitators),
        attendance: next.attendance,
        total: sumOf(next.attendance),
        testParticipants: next.testScores?.participants ?? null,
        preMean: next.testScores?.preMean ?? null,
        postMean: next.testScores?.postMean ?? null,
        notes: next.notes,
        updatedAt: new Date(),
      })
      .where(and(eq(activitySession.cityId, cityId), eq(activitySession.id, sessionId)))
      .returning();
    await appendAudit(tx, cityId, auditActor, {
      action: 'update',
      recordType: 'activity_session',
      recordId: sessionId,
      fields: Object.keys(body).filter((k) => body[k as keyof typeof body] !== undefined),
    });
    return updated;
  });
  return toView(saved, (await actionTitles(db, cityId)).get(saved.actionId) ?? '');
}

export async function deleteSession(
  db: Db,
  actor: Actor,
  auditActor: AuditActor,
  cityId: string,
  sessionId: string,
) {
  await requirePlanModule(db, cityId);
  await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const row = await findSession(tx, cityId, sessionId);
    await authorizeRecording(tx, actor, cityId, row.actionId);
    await tx
      .delete(activitySession)
      .where(and(eq(activitySession.cityId, cityId), eq(activitySession.id, sessionId)));
    await appendAudit(tx, cityId, auditActor, {
      action: 'delete',
      recordType: 'activity_session',
      recordId: sessionId,
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Computed from the sessions (no double entry): sessions held, people reached by sex × age band.

export interface SummaryFilter {
  actionId?: string;
  objectiveId?: string;
  from?: string;
  to?: string;
}

/** The raw sums behind the summary (also for the indicators to come): never sent as they are. */
export async function rawTotals(db: Db, cityId: string, filter: SummaryFilter) {
  const conditions: SQL[] = [eq(activitySession.cityId, cityId)];
  if (filter.from) conditions.push(gte(activitySession.heldOn, filter.from));
  if (filter.to) conditions.push(lte(activitySession.heldOn, filter.to));
  let actionIds: string[] | null = filter.actionId ? [filter.actionId] : null;
  if (filter.objectiveId) {
    const plan = await adoptedPlan(db, cityId);
    const ofObjective = (plan?.actions ?? [])
      .filter((a) => a.objectiveId === filter.objectiveId)
      .map((a) => a.id);
    actionIds = actionIds ? actionIds.filter((id) => ofObjective.includes(id)) : ofObjective;
  }
  if (actionIds) {
    if (!actionIds.length) conditions.push(sql`false`);
    else conditions.push(inArray(activitySession.actionId, actionIds));
  }
  const rows = await db
    .select({
      type: activitySession.type,
      attendance: activitySession.attendance,
      testParticipants: activitySession.testParticipants,
      preMean: activitySession.preMean,
      postMean: activitySession.postMean,
    })
    .from(activitySession)
    .where(and(...conditions));
  const table = sessionSexes.map(() => sessionAgeBands.map(() => 0));
  const byType = new Map<SessionType, { sessions: number; attendance: number }>();
  let tested = 0;
  let testSessions = 0;
  let preSum = 0;
  let postSum = 0;
  for (const r of rows) {
    r.attendance.forEach((row, s) => row.forEach((v, a) => (table[s][a] += v)));
    const t = byType.get(r.type as SessionType) ?? { sessions: 0, attendance: 0 };
    t.sessions += 1;
    t.attendance += sumOf(r.attendance);
    byType.set(r.type as SessionType, t);
    if (r.testParticipants && r.preMean !== null && r.postMean !== null) {
      testSessions += 1;
      tested += r.testParticipants;
      preSum += r.preMean * r.testParticipants;
      postSum += r.postMean * r.testParticipants;
    }
  }
  return {
    sessions: rows.length,
    table,
    byType,
    tests: { sessions: testSessions, participants: tested, preSum, postSum },
  };
}

const round1 = (v: number) => Math.round(v * 10) / 10;

export async function summary(db: Db, actor: Actor, cityId: string, filter: SummaryFilter) {
  authorize(actor, 'activities.summary');
  await requirePlanModule(db, cityId);
  const raw = await rawTotals(db, cityId, filter);
  const protectedTable = suppressTable(raw.table);
  const types = sessionTypes.filter((t) => raw.byType.has(t));
  const byTypeAttendance = suppressCounts(types.map((t) => raw.byType.get(t)!.attendance));
  const participants = suppressCounts([raw.tests.participants]).total;
  const showMeans = !participants.suppressed && raw.tests.participants > 0;
  return {
    sessionsHeld: raw.sessions,
    sessionsByType: types.map((type) => ({ type, sessions: raw.byType.get(type)!.sessions })),
    attendance: { sexes: [...sessionSexes], ageBands: [...sessionAgeBands], ...protectedTable },
    attendanceByType: types.map((type, i) => ({ type, attendance: byTypeAttendance.cells[i] })),
    tests: {
      sessions: raw.tests.sessions,
      participants,
      preMean: showMeans ? round1(raw.tests.preSum / raw.tests.participants) : null,
      postMean: showMeans ? round1(raw.tests.postSum / raw.tests.participants) : null,
    },
  };
}
