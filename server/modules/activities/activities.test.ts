import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { getTemplate, network, organisation, representative } from '../network/index.js';
import { decision, meeting } from '../meetings/index.js';
import { suppressTable } from '../../platform/disclosure.js';
import { activitySession } from './index.js';

let t: TestApp;
let cityId: string;
let otherCityId: string;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const orgA = randomUUID();
const orgB = randomUUID();
const orgC = randomUUID();
const objective1 = randomUUID();
const objective2 = randomUUID();
const actionTraining = randomUUID();
const actionDialogue = randomUUID();
const base = () => `/api/cities/${cityId}/activities`;

/** attendance[sex][ageBand] with the given cells set (sex 0 female, 1 male, 2 other). */
function grid(cells: [number, number, number][]): number[][] {
  const g = [0, 1, 2].map(() => [0, 0, 0, 0, 0, 0]);
  for (const [s, a, v] of cells) g[s][a] = v;
  return g;
}

beforeAll(async () => {
  t = await createTestApp();
  cityId = await t.createCity('sessionville', { require2faRoles: [] });
  otherCityId = await t.createCity('elsewhere-sessions', { require2faRoles: [] });
  const template = getTemplate('situation-table')!;
  await t.deps.db.insert(network).values({
    cityId,
    name: 'Sessionville network',
    templateId: template.id,
    templateVersion: String(template.version),
    sectors: template.sectors,
    meetingCadence: template.meetingCadence.frequency,
    mandate: template.mandate, // b and f on
    caseWorkflow: template.caseWorkflow,
  });
  await t.deps.db.insert(organisation).values(
    [orgA, orgB, orgC].map((id, i) => ({
      cityId,
      id,
      name: `Org ${i}`,
      sector: 'youth',
      membershipKind: 'formal',
      joinedOn: '2024-01-01',
    })),
  );
  for (const [key, role] of [
    ['chair', 'chair'],
    ['memberA', 'member'],
    ['memberC', 'member'],
    ['partnerB', 'partner'],
    ['analyst', 'network_analyst'],
    ['liaison', 'national_liaison'],
  ] as const) {
    ids[key] = await t.createPerson({ email: `${key}@sessions.test`, name: key, cityId, role });
    cookies[key] = await t.signIn(`${key}@sessions.test`);
  }
  await t.deps.db.insert(representative).values([
    {
      cityId,
      organisationId: orgA,
      userId: ids.memberA,
      displayName: 'A',
      networkRole: 'representative',
      joinedOn: '2024-01-01',
    },
    {
      cityId,
      organisationId: orgB,
      userId: ids.partnerB,
      displayName: 'B',
      networkRole: 'representative',
      joinedOn: '2024-01-01',
    },
    {
      cityId,
      organisationId: orgC,
      userId: ids.memberC,
      displayName: 'C',
      networkRole: 'representative',
      joinedOn: '2024-01-01',
    },
  ]);
  await t.createPerson({ email: 'other@sessions.test', cityId: otherCityId, role: 'chair' });
  cookies.other = await t.signIn('other@sessions.test');

  // An adopted plan: a training owned by A with partner B; a dialogue owned by C.
  const draft = await t.call({
    method: 'POST',
    url: `/api/cities/${cityId}/action-plan`,
    cookie: cookies.chair,
    payload: { periodStart: '2025-01-01', periodEnd: '2027-12-31' },
  });
  const versionId = draft.json().id;
  const saved = await t.call({
    method: 'PATCH',
    url: `/api/cities/${cityId}/action-plan/${versionId}`,
    cookie: cookies.chair,
    payload: {
      objectives: [
        { id: objective1, code: 'O1', title: 'Media literacy' },
        { id: objective2, code: 'O2', title: 'Dialogue' },
      ],
      actions: [
        {
          id: actionTraining,
          objectiveId: objective1,
          title: 'Media-literacy trainings',
          ownerOrganisationId: orgA,
          partnerOrganisationIds: [orgB],
          startOn: '2025-01-01',
          endOn: '2027-12-31',
        },
        {
          id: actionDialogue,
          objectiveId: objective2,
          title: 'Dialogue circles',
          ownerOrganisationId: orgC,
          startOn: '2025-01-01',
          endOn: '2027-12-31',
        },
      ],
    },
  });
  expect(saved.statusCode).toBe(200);
  const [m] = await t.deps.db
    .insert(meeting)
    .values({ cityId, title: 'Meeting', startsAt: new Date(), durationMinutes: 60, status: 'held' })
    .returning();
  const [d] = await t.deps.db
    .insert(decision)
    .values({
      cityId,
      meetingId: m.id,
      text: 'Adopt the plan',
      subjectType: 'action-plan-adoption',
      subjectId: versionId,
      method: 'consensus',
      outcome: 'passed',
      quorumMet: true,
    })
    .returning();
  const adopted = await t.call({
    method: 'POST',
    url: `/api/cities/${cityId}/action-plan/${versionId}/adopt`,
    cookie: cookies.chair,
    payload: { decisionId: d.id },
  });
  expect(adopted.statusCode).toBe(200);
});
afterAll(() => t.close());

const session = (over: Record<string, unknown> = {}) => ({
  actionId: actionTraining,
  heldOn: '2026-03-10',
  type: 'training',
  facilitators: ['Amal'],
  attendance: grid([
    [0, 1, 12],
    [1, 1, 9],
    [0, 2, 3],
  ]),
  testScores: { participants: 20, preMean: 45, postMean: 70 },
  ...over,
});

describe('delivered sessions', () => {
  it('records sessions: the owner organisation, a partner organisation, the chair', async () => {
    const a = await t.call({ method: 'POST', url: base(), cookie: cookies.memberA, payload: session() });
    expect(a.statusCode).toBe(201);
    expect(a.json()).toMatchObject({ total: 24, actionTitle: 'Media-literacy trainings' });
    const b = await t.call({
      method: 'POST',
      url: base(),
      cookie: cookies.partnerB,
      payload: session({
        heldOn: '2026-04-10',
        attendance: grid([
          [0, 1, 10],
          [1, 1, 11],
          [1, 2, 1],
        ]),
        testScores: { participants: 10, preMean: 60, postMean: 80 },
      }),
    });
    expect(b.statusCode).toBe(201);
    const c = await t.call({
      method: 'POST',
      url: base(),
      cookie: cookies.chair,
      payload: session({
        actionId: actionDialogue,
        heldOn: '2026-02-10',
        type: 'dialogue',
        testScores: null,
        attendance: grid([
          [0, 4, 6],
          [1, 4, 7],
        ]),
      }),
    });
    expect(c.statusCode).toBe(201);
  });

  it('refuses bad sessions with the field and the reason, and writes nothing', async () => {
    const before = (await t.deps.db.select().from(activitySession).where(eq(activitySession.cityId, cityId)))
      .length;
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'custom', testScores: null }, 'body.customType'],
      [{ type: 'awareness' }, 'body.testScores'],
      [{ testScores: { participants: 99, preMean: 40, postMean: 50 } }, 'body.testScores.participants'],
      [{ testScores: { participants: 5, preMean: 40, postMean: 140 } }, 'body.testScores.postMean'],
      [{ attendance: grid([[0, 0, -1]]) }, 'body.attendance.0.0'],
      [{ attendance: [[1, 2, 3]] }, 'body.attendance'],
      [{ heldOn: '2999-01-01' }, 'body.heldOn'],
      [{ actionId: randomUUID() }, 'body.actionId'],
    ];
    for (const [over, path] of cases) {
      const r = await t.call({ method: 'POST', url: base(), cookie: cookies.chair, payload: session(over) });
      expect(r.statusCode, JSON.stringify(over)).toBe(400);
      expect(
        r.json().errors.map((e: { path: string }) => e.path),
        JSON.stringify(over),
      ).toContain(path);
    }
    const after = (await t.deps.db.select().from(activitySession).where(eq(activitySession.cityId, cityId)))
      .length;
    expect(after).toBe(before);
  });

  it('computes people reached and sessions held from the sessions entered, withholding small cells', async () => {
    const r = await t.call({ method: 'GET', url: `${base()}/summary`, cookie: cookies.analyst });
    expect(r.statusCode).toBe(200);
    const s = r.json();
    expect(s.sessionsHeld).toBe(3);
    expect(s.sessionsByType).toEqual([
      { type: 'training', sessions: 2 },
      { type: 'dialogue', sessions: 1 },
    ]);
    // What was entered, summed by hand: female 15–17 12 + 10, male 15–17 9 + 11, female 18–24 3,
    // male 18–24 1, female 35–59 6, male 35–59 7. The answer is exactly that table through the
    // product's one disclosure-control function.
    const entered = grid([
      [0, 1, 22],
      [1, 1, 20],
      [0, 2, 3],
      [1, 2, 1],
      [0, 4, 6],
      [1, 4, 7],
    ]);
    const expected = suppressTable(entered);
    expect(s.attendance).toMatchObject({
      cells: expected.cells,
      rowTotals: expected.rowTotals,
      columnTotals: expected.columnTotals,
      total: expected.total,
    });
    // The small cells are withheld, with their column (total 4); the grand total is shown.
    expect(s.attendance.cells[0][2]).toEqual({ value: null, suppressed: true });
    expect(s.attendance.cells[1][2]).toEqual({ value: null, suppressed: true });
    expect(s.attendance.columnTotals[2].suppressed).toBe(true);
    expect(s.attendance.total).toEqual({ value: 59, suppressed: false });
    expect(s.attendance.cells[0][1]).toEqual({ value: 22, suppressed: false });
    // No small number can be recovered by subtraction from a shown total.
    for (const row of s.attendance.cells)
      for (const c of row) if (!c.suppressed) expect(c.value === 0 || c.value >= 5).toBe(true);
    // Test scores weighted by participants: (45×20 + 60×10) / 30 = 50; (70×20 + 80×10) / 30 = 73.3
    expect(s.tests).toEqual({
      sessions: 2,
      participants: { value: 30, suppressed: false },
      preMean: 50,
      postMean: 73.3,
    });
  });

  it('filters by objective: the dialogue alone is a small group, withheld whole where needed', async () => {
    const r = await t.call({
      method: 'GET',
      url: `${base()}/summary?objectiveId=${objective2}`,
      cookie: cookies.liaison,
    });
    expect(r.statusCode).toBe(200);
    const s = r.json();
    expect(s.sessionsHeld).toBe(1);
    expect(s.attendance.total).toEqual({ value: 13, suppressed: false });
    expect(s.attendance.cells[0][4]).toEqual({ value: 6, suppressed: false });
    expect(s.tests.preMean).toBeNull();
  });

  it('roles and tenants', async () => {
    // A member whose organisation is not in the action.
    const r = await t.call({ method: 'POST', url: base(), cookie: cookies.memberC, payload: session() });
    expect(r.statusCode).toBe(403);
    // The partner sees only what it recorded.
    const mine = await t.call({ method: 'GET', url: base(), cookie: cookies.partnerB });
    expect(mine.json().items).toHaveLength(1);
    // The analyst sees aggregates only.
    expect((await t.call({ method: 'GET', url: base(), cookie: cookies.analyst })).statusCode).toBe(403);
    expect((await t.call({ method: 'GET', url: base(), cookie: cookies.other })).statusCode).toBe(404);
    expect((await t.call({ method: 'GET', url: `${base()}/summary` })).statusCode).toBe(401);
  });

  it('lists latest first with a cursor; corrects and deletes a session (audited)', async () => {
    const page1 = await t.call({ method: 'GET', url: `${base()}?limit=2`, cookie: cookies.chair });
    expect(page1.json().items.map((x: { heldOn: string }) => x.heldOn)).toEqual(['2026-04-10', '2026-03-10']);
    const page2 = await t.call({
      method: 'GET',
      url: `${base()}?limit=2&cursor=${page1.json().nextCursor}`,
      cookie: cookies.chair,
    });
    expect(page2.json().items).toHaveLength(1);
    expect(page2.json().nextCursor).toBeNull();
    const id = page2.json().items[0].id;
    const fixed = await t.call({
      method: 'PATCH',
      url: `${base()}/${id}`,
      cookie: cookies.memberC,
      payload: { notes: 'Good turnout' },
    });
    expect(fixed.statusCode).toBe(200);
    expect(fixed.json()).toMatchObject({ notes: 'Good turnout', type: 'dialogue', total: 13 });
    expect(
      (await t.call({ method: 'DELETE', url: `${base()}/${id}`, cookie: cookies.memberA })).statusCode,
    ).toBe(403);
    expect(
      (await t.call({ method: 'DELETE', url: `${base()}/${id}`, cookie: cookies.chair })).statusCode,
    ).toBe(204);
    const s = (await t.call({ method: 'GET', url: `${base()}/summary`, cookie: cookies.chair })).json();
    expect(s.sessionsHeld).toBe(2);
  });
});
