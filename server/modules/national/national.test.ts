import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
import { actionPlanVersion } from '../action-plan/index.js';
import { activitySession } from '../activities/index.js';
import { city } from '../cities/index.js';
import { getTemplate, network } from '../network/index.js';
import { risk } from '../risk-map/index.js';
import { nationalEscalation, nationalReport } from './index.js';
import { sendEscalationReminders } from './national.reminders.js';
import { canonicalJson, reportRange, snapshotHash } from './national.service.js';

let t: TestApp;
let cityId: string;
let sameCountryCityId: string;
let foreignCityId: string;
let offCityId: string;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const objective1 = randomUUID();
const objective2 = randomUUID();
const action1 = randomUUID();
const riskId = randomUUID();
const base = (c = cityId) => `/api/cities/${c}/national`;

const now = new Date();
const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
const todayIso = now.toISOString().slice(0, 10);

async function addNetwork(id: string, nationalOn: boolean, country: string) {
  const template = getTemplate('situation-table')!;
  const mandate = structuredClone(template.mandate);
  mandate.b = { enabled: true, scope: 'A local action plan' };
  mandate.e = { enabled: nationalOn, scope: nationalOn ? 'Escalate and report upward' : '' };
  await t.deps.db.insert(network).values({
    cityId: id,
    name: 'Network',
    templateId: template.id,
    templateVersion: String(template.version),
    sectors: template.sectors,
    meetingCadence: template.meetingCadence.frequency,
    mandate,
    caseWorkflow: template.caseWorkflow,
  });
  await t.deps.db.update(city).set({ country }).where(eq(city.id, id));
}

const framework = (code = 'G') => ({
  kind: 'strategy',
  names: { en: 'National P/CVE strategy', fr: 'Stratégie nationale' },
  goals: [
    { code: `${code}1`, names: { en: 'Resilient youth' } },
    { code: `${code}2`, names: { en: 'Cohesive communities', ar: 'مجتمعات متماسكة' } },
  ],
});

const escalation = {
  title: 'Waiting lists for psychosocial support',
  description: 'Families wait more than three months; the regional service cannot recruit.',
  urgency: 'normal',
  requestedSupport: 'Fund two posts through the national programme',
};

beforeAll(async () => {
  t = await createTestApp();
  cityId = await t.createCity('natville', { require2faRoles: [] });
  sameCountryCityId = await t.createCity('natville-2', { require2faRoles: [] });
  foreignCityId = await t.createCity('elsewhere', { require2faRoles: [] });
  offCityId = await t.createCity('nonational', { require2faRoles: [] });
  await addNetwork(cityId, true, 'Freedonia');
  await addNetwork(sameCountryCityId, true, 'freedonia ');
  await addNetwork(foreignCityId, true, 'Sylvania');
  await addNetwork(offCityId, false, 'Freedonia');
  for (const [key, role, c] of [
    ['chair', 'chair', cityId],
    ['coordinator', 'coordinator', cityId],
    ['member', 'member', cityId],
    ['partner', 'partner', cityId],
    ['liaison', 'national_liaison', cityId],
    ['analyst', 'network_analyst', cityId],
    ['auditor', 'auditor', cityId],
    ['otherLiaison', 'national_liaison', foreignCityId],
    ['sameCountryLiaison', 'national_liaison', sameCountryCityId],
    ['offChair', 'chair', offCityId],
  ] as const) {
    ids[key] = await t.createPerson({ email: `${key}@nat.test`, name: `Person ${key}`, cityId: c, role });
    cookies[key] = await t.signIn(`${key}@nat.test`);
  }
  ids.admin = await t.createPerson({ email: 'admin@nat.test', platformAdmin: true });
  const enrolled = await t.enrol2fa(await t.signIn('admin@nat.test'));
  cookies.admin = enrolled.cookie;
  await t.deps.db.insert(actionPlanVersion).values({
    cityId,
    version: 1,
    status: 'adopted',
    title: 'Plan',
    periodStart: `${now.getUTCFullYear() - 1}-01-01`,
    periodEnd: `${now.getUTCFullYear() + 1}-12-31`,
    objectives: [
      { id: objective1, code: 'O1', title: 'Young people resist manipulation', description: '', riskIds: [] },
      { id: objective2, code: 'O2', title: 'Dialogue', description: '', riskIds: [] },
    ],
    actions: [
      {
        id: action1,
        objectiveId: objective1,
        code: 'A1',
        title: 'Trainings',
        description: '',
        ownerOrganisationId: null,
        partnerOrganisationIds: [],
        neighbourhoodIds: [],
        targetGroup: '',
        startOn: `${now.getUTCFullYear() - 1}-01-01`,
        endOn: `${now.getUTCFullYear() + 1}-12-31`,
        milestones: [],
        budgetPlanned: 0,
        currency: 'EUR',
        fundingSource: '',
        dependsOn: [],
      },
    ],
    adoptedAt: new Date(),
  });
  await t.deps.db.insert(risk).values({
    id: riskId,
    cityId,
    title: 'Recruitment near the Harbour school',
    kind: 'threat',
    category: 'online',
    cityWide: true,
    likelihood: 3,
    impact: 3,
    residualLikelihood: 2,
    residualImpact: 2,
    confidence: 'medium',
    trend: 'stable',
    reviewOn: todayIso,
  } as typeof risk.$inferInsert);
});
afterAll(() => t.close());

const get = (url: string, who: string) => t.call({ method: 'GET', url, cookie: cookies[who] });
const send = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, who: string, payload?: object) =>
  t.call({ method, url, cookie: cookies[who], payload });

describe('the mandate gate', () => {
  it('refuses every route where the mandate has no item e, and sign-in is required', async () => {
    expect((await get(`${base(offCityId)}/escalations`, 'offChair')).statusCode).toBe(409);
    expect(
      (await send('POST', `${base(offCityId)}/reports`, 'offChair', { kind: 'annual', period: '2026' }))
        .statusCode,
    ).toBe(409);
    expect((await t.call({ method: 'GET', url: `${base()}/escalations` })).statusCode).toBe(401);
    expect((await t.call({ method: 'GET', url: `${base()}/home` })).statusCode).toBe(401);
  });
});

describe('what the national liaison sees elsewhere: the plan and aggregates, never identities or rows', () => {
  it('reads the plan, the indicators and the activity summary; not cases, sessions or the risk register', async () => {
    const plan = await get(`/api/cities/${cityId}/action-plan`, 'liaison');
    expect(plan.statusCode).toBe(200);
    expect((await get(`/api/cities/${cityId}/indicators`, 'liaison')).statusCode).toBe(200);
    expect((await get(`/api/cities/${cityId}/activities/summary`, 'liaison')).statusCode).toBe(200);
    expect((await get(`/api/cities/${cityId}/cases`, 'liaison')).statusCode).toBe(403);
    expect((await get(`/api/cities/${cityId}/activities`, 'liaison')).statusCode).toBe(403);
    expect((await get(`/api/cities/${cityId}/risk-map/risks`, 'liaison')).statusCode).toBe(403);
    // Another city's liaison: not a member, so nothing exists there.
    expect((await get(`/api/cities/${cityId}/action-plan`, 'otherLiaison')).statusCode).toBe(404);
  });
});

describe('frameworks and mapping', () => {
  let frameworkId: string;
  let goalIds: string[];
  let sharedId: string;

  it("lets the national liaison register a framework of the city's country, not the chair", async () => {
    expect((await send('POST', `${base()}/frameworks`, 'chair', framework())).statusCode).toBe(403);
    expect((await send('POST', `${base()}/frameworks`, 'member', framework())).statusCode).toBe(403);
    const res = await send('POST', `${base()}/frameworks`, 'liaison', framework());
    expect(res.statusCode).toBe(201);
    frameworkId = res.json().id;
    goalIds = res.json().goals.map((g: { id: string }) => g.id);
    expect(res.json()).toMatchObject({ country: 'Freedonia', version: 1, editable: true });
  });

  it('shares it with the cities of the same country, hides it from another country', async () => {
    const same = await get(`${base(sameCountryCityId)}/frameworks`, 'sameCountryLiaison');
    expect(same.json().items.map((f: { id: string }) => f.id)).toContain(frameworkId);
    const foreign = await get(`${base(foreignCityId)}/frameworks`, 'otherLiaison');
    expect(foreign.json().items).toHaveLength(0);
    const edit = await send(
      'PUT',
      `${base(foreignCityId)}/frameworks/${frameworkId}`,
      'otherLiaison',
      framework(),
    );
    expect(edit.statusCode).toBe(404);
    // The city cannot edit a national framework.
    const list = await get(`${base()}/frameworks`, 'chair');
    expect(list.json().items[0].editable).toBe(false);
    expect((await send('PUT', `${base()}/frameworks/${frameworkId}`, 'chair', framework())).statusCode).toBe(
      403,
    );
  });

  it('publishes a new version keeping goal ids; refuses two goals with one code', async () => {
    const goals = [
      { id: goalIds[0], code: 'G1', names: { en: 'Resilient young people' } },
      { id: goalIds[1], code: 'G2', names: { en: 'Cohesive communities' } },
      { code: 'G3', names: { fr: 'Réintégration' } },
    ];
    const res = await send('PUT', `${base()}/frameworks/${frameworkId}`, 'sameCountryLiaison', {
      ...framework(),
      goals,
    });
    // Not a member of this city: it edits through its own city (same country).
    expect(res.statusCode).toBe(404);
    const ok = await send(
      'PUT',
      `${base(sameCountryCityId)}/frameworks/${frameworkId}`,
      'sameCountryLiaison',
      {
        ...framework(),
        goals,
      },
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json().version).toBe(2);
    expect(
      ok
        .json()
        .goals.slice(0, 2)
        .map((g: { id: string }) => g.id),
    ).toEqual(goalIds);
    const dup = await send('PUT', `${base()}/frameworks/${frameworkId}`, 'liaison', {
      ...framework(),
      goals: [goals[0], { ...goals[1], code: 'g1' }],
    });
    expect(dup.statusCode).toBe(400);
    expect(dup.json().errors[0].path).toBe('body.goals.1.code');
  });

  it('lets the platform admin publish a framework for every city, which no liaison edits', async () => {
    expect(
      (await send('POST', '/api/national/frameworks', 'liaison', { ...framework('S'), country: null }))
        .statusCode,
    ).toBe(403);
    const res = await send('POST', '/api/national/frameworks', 'admin', { ...framework('S'), country: null });
    expect(res.statusCode).toBe(201);
    sharedId = res.json().id;
    const foreign = await get(`${base(foreignCityId)}/frameworks`, 'otherLiaison');
    expect(foreign.json().items.map((f: { id: string }) => f.id)).toEqual([sharedId]);
    expect(
      (await send('PUT', `${base()}/frameworks/${sharedId}`, 'liaison', framework('S'))).statusCode,
    ).toBe(403);
  });

  it("maps an objective to goals (chair, coordinator), refusing goals of another country's frameworks", async () => {
    const foreignFw = await send('POST', `${base(foreignCityId)}/frameworks`, 'otherLiaison', framework('F'));
    const foreignGoal = foreignFw.json().goals[0].id;
    const bad = await send('PUT', `${base()}/mapping/${objective1}`, 'chair', {
      goalIds: [goalIds[0], foreignGoal],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.goalIds.1');
    for (const who of ['member', 'liaison', 'partner'])
      expect(
        (await send('PUT', `${base()}/mapping/${objective1}`, who, { goalIds: [goalIds[0]] })).statusCode,
      ).toBe(403);
    expect(
      (await send('PUT', `${base()}/mapping/${randomUUID()}`, 'chair', { goalIds: [] })).statusCode,
    ).toBe(404);
    const ok = await send('PUT', `${base()}/mapping/${objective1}`, 'coordinator', { goalIds: [goalIds[0]] });
    expect(ok.statusCode).toBe(200);
    const list = await get(`${base()}/mapping`, 'liaison');
    expect(
      list.json().items.find((o: { objectiveId: string }) => o.objectiveId === objective1).goalIds,
    ).toEqual([goalIds[0]]);
  });
});

describe('escalations', () => {
  let escalationId: string;

  it('is raised by chair or coordinator only; refuses e-mail addresses and phone numbers, writing nothing', async () => {
    for (const who of ['member', 'partner', 'liaison', 'auditor'])
      expect((await send('POST', `${base()}/escalations`, who, escalation)).statusCode).toBe(403);
    const before = await t.deps.db
      .select()
      .from(nationalEscalation)
      .where(eq(nationalEscalation.cityId, cityId));
    const bad = await send('POST', `${base()}/escalations`, 'chair', {
      ...escalation,
      description: 'Call the mother on +389 70 123 456 or write to mother@example.org',
      requestedSupport: 'Support 070 123 4567',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual([
      'body.description',
      'body.requestedSupport',
    ]);
    const after = await t.deps.db
      .select()
      .from(nationalEscalation)
      .where(eq(nationalEscalation.cityId, cityId));
    expect(after).toHaveLength(before.length);
    const badLink = await send('POST', `${base()}/escalations`, 'chair', {
      ...escalation,
      objectiveId: randomUUID(),
    });
    expect(badLink.statusCode).toBe(400);
  });

  it('tracks the clock: due by urgency, overdue when past due and unanswered', async () => {
    const res = await send('POST', `${base()}/escalations`, 'coordinator', {
      ...escalation,
      riskId,
      objectiveId: objective1,
      description: 'Raised on 2026-03-04 at the monthly meeting: waiting lists are growing.',
    });
    expect(res.statusCode).toBe(201);
    escalationId = res.json().id;
    expect(res.json()).toMatchObject({
      number: 1,
      status: 'open',
      overdue: false,
      riskTitle: 'Recruitment near the Harbour school',
    });
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    expect(res.json().dueOn).toBe(due);
    await t.deps.db
      .update(nationalEscalation)
      .set({ dueOn: '2020-01-01' })
      .where(and(eq(nationalEscalation.cityId, cityId), eq(nationalEscalation.id, escalationId)));
    const list = await get(`${base()}/escalations`, 'liaison');
    expect(list.json().items[0]).toMatchObject({ id: escalationId, overdue: true });
    const home = await get(`${base()}/home`, 'liaison');
    expect(home.json()).toMatchObject({ escalationsAwaiting: 1, escalationsOverdue: 1 });
  });

  it('shows the liaison no personal data: no raiser, no risk register row', async () => {
    const res = await get(`${base()}/escalations/${escalationId}`, 'liaison');
    expect(res.statusCode).toBe(200);
    expect(res.json().riskTitle).toBeNull();
    expect(res.json().objectiveTitle).toBe('O1 Young people resist manipulation');
    const body = res.body;
    for (const secret of [ids.coordinator, 'coordinator@nat.test', 'Person coordinator', 'Harbour'])
      expect(body).not.toContain(secret);
  });

  it('keeps it from a partner, an analyst, the public and another city’s liaison', async () => {
    expect((await get(`${base()}/escalations`, 'partner')).statusCode).toBe(403);
    expect((await get(`${base()}/escalations`, 'analyst')).statusCode).toBe(403);
    expect((await t.call({ method: 'GET', url: `${base()}/escalations/${escalationId}` })).statusCode).toBe(
      401,
    );
    expect((await get(`${base()}/escalations/${escalationId}`, 'otherLiaison')).statusCode).toBe(404);
    expect(
      (await send('POST', `${base()}/escalations/${escalationId}/respond`, 'otherLiaison', { response: 'x' }))
        .statusCode,
    ).toBe(404);
    expect((await get(`${base(foreignCityId)}/escalations/${escalationId}`, 'otherLiaison')).statusCode).toBe(
      404,
    );
  });

  it('is acknowledged and answered by the liaison only, closed by the city, every step audited', async () => {
    expect(
      (await send('POST', `${base()}/escalations/${escalationId}/respond`, 'chair', { response: 'x' }))
        .statusCode,
    ).toBe(403);
    const ack = await send('POST', `${base()}/escalations/${escalationId}/acknowledge`, 'liaison');
    expect(ack.json()).toMatchObject({ status: 'acknowledged', overdue: true });
    expect(
      (await send('POST', `${base()}/escalations/${escalationId}/acknowledge`, 'liaison')).statusCode,
    ).toBe(409);
    const answer = await send('POST', `${base()}/escalations/${escalationId}/respond`, 'liaison', {
      response: 'The national programme funds one post from next quarter.',
    });
    expect(answer.json()).toMatchObject({ status: 'answered', overdue: false });
    expect(
      (await send('POST', `${base()}/escalations/${escalationId}/close`, 'liaison', { outcome: 'x' }))
        .statusCode,
    ).toBe(403);
    const closed = await send('POST', `${base()}/escalations/${escalationId}/close`, 'chair', {
      outcome: 'One post funded; waiting list halved.',
    });
    expect(closed.json().status).toBe('closed');
    const audit = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, cityId), eq(auditEvent.recordId, escalationId)))
      .orderBy(auditEvent.seq);
    expect(audit.map((a) => a.reason)).toEqual([null, 'acknowledge', 'respond', 'close']);
    expect(audit.map((a) => a.actorRole)).toEqual([
      'coordinator',
      'national_liaison',
      'national_liaison',
      'chair',
    ]);
  });
});

describe('reports upward', () => {
  let reportId: string;

  it('is drafted by chair or coordinator with live figures, every count of people suppressed', async () => {
    // Three people at one session: fewer than five, so withheld.
    await t.deps.db.insert(activitySession).values({
      cityId,
      actionId: action1,
      heldOn: reportRange(quarter).from,
      type: 'training',
      attendance: [
        [1, 0, 1, 0, 0, 0],
        [0, 1, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
      ],
      total: 3,
    });
    expect(
      (await send('POST', `${base()}/reports`, 'member', { kind: 'quarterly', period: quarter })).statusCode,
    ).toBe(403);
    expect(
      (await send('POST', `${base()}/reports`, 'liaison', { kind: 'quarterly', period: quarter })).statusCode,
    ).toBe(403);
    const wrong = await send('POST', `${base()}/reports`, 'chair', { kind: 'annual', period: quarter });
    expect(wrong.statusCode).toBe(400);
    const res = await send('POST', `${base()}/reports`, 'coordinator', {
      kind: 'quarterly',
      period: quarter,
      narrative: { summary: 'A good quarter.' },
    });
    expect(res.statusCode).toBe(201);
    reportId = res.json().id;
    const r = res.json();
    expect(r).toMatchObject({ status: 'draft', frozen: false, contentHash: null });
    expect(r.content.activities.sessionsHeld).toBe(1);
    expect(r.content.activities.attendanceTotal).toEqual({ value: null, suppressed: true });
    expect(r.content.plan.objectives[0].goals).toHaveLength(1);
    // Case statistics as the statistics page gives them (case work is on in this network).
    expect(r.content.cases.total).toEqual({ value: 0, suppressed: false });
    expect(
      (await send('POST', `${base()}/reports`, 'chair', { kind: 'quarterly', period: quarter })).statusCode,
    ).toBe(409);
  });

  it('hides drafts from the liaison', async () => {
    expect((await get(`${base()}/reports`, 'liaison')).json().items).toHaveLength(0);
    expect((await get(`${base()}/reports/${reportId}`, 'liaison')).statusCode).toBe(404);
    expect((await get(`${base()}/reports`, 'partner')).statusCode).toBe(403);
  });

  it('is submitted by the chair only, frozen with its hash in the audit chain', async () => {
    expect((await send('POST', `${base()}/reports/${reportId}/submit`, 'coordinator')).statusCode).toBe(403);
    const res = await send('POST', `${base()}/reports/${reportId}/submit`, 'chair');
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ status: 'submitted', frozen: true, hashVerified: true });
    expect(r.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const [audit] = await t.deps.db
      .select()
      .from(auditEvent)
      .where(and(eq(auditEvent.cityId, cityId), eq(auditEvent.reason, `submitted sha256:${r.contentHash}`)));
    expect(audit.recordId).toBe(reportId);
  });

  it('never changes once submitted: no edit, no delete, no new figures', async () => {
    const before = (await get(`${base()}/reports/${reportId}`, 'chair')).json();
    expect(
      (await send('PATCH', `${base()}/reports/${reportId}`, 'chair', { summary: 'Changed' })).statusCode,
    ).toBe(409);
    expect((await send('DELETE', `${base()}/reports/${reportId}`, 'chair')).statusCode).toBe(409);
    expect((await send('POST', `${base()}/reports/${reportId}/submit`, 'chair')).statusCode).toBe(409);
    // More sessions and escalations after submission: the snapshot stays as it was.
    await t.deps.db.insert(activitySession).values({
      cityId,
      actionId: action1,
      heldOn: reportRange(quarter).from,
      type: 'dialogue',
      attendance: [
        [5, 5, 5, 5, 5, 5],
        [5, 5, 5, 5, 5, 5],
        [0, 0, 0, 0, 0, 0],
      ],
      total: 60,
    });
    await send('POST', `${base()}/escalations`, 'chair', escalation);
    const after = (await get(`${base()}/reports/${reportId}`, 'liaison')).json();
    expect(after.content).toEqual(before.content);
    expect(after.narrative.summary).toBe('A good quarter.');
    expect(after.contentHash).toBe(before.contentHash);
    const [row] = await t.deps.db.select().from(nationalReport).where(eq(nationalReport.id, reportId));
    expect(snapshotHash(row.snapshot)).toBe(row.contentHash);
  });

  it('detects a snapshot altered in the database', async () => {
    const [row] = await t.deps.db.select().from(nationalReport).where(eq(nationalReport.id, reportId));
    const altered = structuredClone(row.snapshot!);
    altered.narrative.summary = 'Rewritten';
    await t.deps.db.update(nationalReport).set({ snapshot: altered }).where(eq(nationalReport.id, reportId));
    expect((await get(`${base()}/reports/${reportId}`, 'liaison')).json().hashVerified).toBe(false);
    await t.deps.db
      .update(nationalReport)
      .set({ snapshot: row.snapshot })
      .where(eq(nationalReport.id, reportId));
    expect((await get(`${base()}/reports/${reportId}`, 'liaison')).json().hashVerified).toBe(true);
  });

  it('is returned by the liaison with comments and revised as a new version', async () => {
    expect((await get(`${base()}/home`, 'liaison')).json().reportsToReview).toBe(1);
    expect(
      (await send('POST', `${base()}/reports/${reportId}/review`, 'chair', { decision: 'acknowledge' }))
        .statusCode,
    ).toBe(403);
    expect(
      (
        await send('POST', `${base()}/reports/${reportId}/review`, 'otherLiaison', {
          decision: 'acknowledge',
        })
      ).statusCode,
    ).toBe(404);
    const noComment = await send('POST', `${base()}/reports/${reportId}/review`, 'liaison', {
      decision: 'return',
    });
    expect(noComment.statusCode).toBe(400);
    const returned = await send('POST', `${base()}/reports/${reportId}/review`, 'liaison', {
      decision: 'return',
      comment: 'Please add the budget spent.',
    });
    expect(returned.json()).toMatchObject({ status: 'returned', hashVerified: true });
    expect((await get(`${base()}/home`, 'chair')).json().reportsReturned).toBe(1);
    const v2 = await send('POST', `${base()}/reports/${reportId}/revise`, 'chair');
    expect(v2.statusCode).toBe(201);
    expect(v2.json()).toMatchObject({ version: 2, status: 'draft', previousId: reportId });
    expect((await send('POST', `${base()}/reports/${reportId}/revise`, 'chair')).statusCode).toBe(409);
    expect(
      (
        await send('PATCH', `${base()}/reports/${v2.json().id}`, 'chair', {
          achievements: 'Budget: 40 % spent',
        })
      ).statusCode,
    ).toBe(200);
    const diff = await get(`${base()}/reports/${v2.json().id}/diff`, 'liaison');
    expect(diff.statusCode).toBe(404); // a draft, not the liaison's to read
    const changes = (await get(`${base()}/reports/${v2.json().id}/diff`, 'chair')).json();
    expect(changes.previousVersion).toBe(1);
    expect(changes.entries).toContainEqual({
      kind: 'narrative',
      key: 'achievements',
      before: '',
      after: 'Budget: 40 % spent',
    });
    // Sixty more attendances since v1 was frozen: the figure changed, from withheld to shown.
    expect(changes.entries).toContainEqual({
      kind: 'figure',
      key: 'activities.attendanceTotal',
      before: 'withheld',
      after: '63',
    });
    const submitted = await send('POST', `${base()}/reports/${v2.json().id}/submit`, 'chair');
    const ack = await send('POST', `${base()}/reports/${v2.json().id}/review`, 'liaison', {
      decision: 'acknowledge',
    });
    expect(ack.json()).toMatchObject({ status: 'acknowledged', contentHash: submitted.json().contentHash });
    expect((await get(`${base()}/home`, 'chair')).json()).toMatchObject({
      reportsReturned: 0,
      reportsToReview: 0,
    });
  });
});

describe('escalation reminders', () => {
  it('mails the city’s liaison once per escalation nearing or past its due day, naming no person', async () => {
    const sent: { to: string; subject: string; text: string }[] = [];
    const mailer = { configured: true, send: async (m: (typeof sent)[number]) => (sent.push(m), true) };
    const raised = await send('POST', `${base()}/escalations`, 'chair', { ...escalation, urgency: 'urgent' });
    const far = await send('POST', `${base()}/escalations`, 'chair', { ...escalation, urgency: 'low' });
    const inThreeDays = new Date(Date.now() + 3 * 86_400_000);
    const first = await sendEscalationReminders({ db: t.deps.db, mailer }, inThreeDays);
    const toLiaison = sent.filter((m) => m.to === 'liaison@nat.test');
    expect(toLiaison.length).toBe(first);
    expect(sent.every((m) => m.to === 'liaison@nat.test')).toBe(true);
    expect(toLiaison.some((m) => m.text.includes(`${raised.json().number}:`))).toBe(true);
    expect(toLiaison.some((m) => m.text.includes(`${far.json().number}:`))).toBe(false);
    expect(sent.some((m) => m.text.includes('chair@nat.test'))).toBe(false);
    expect(await sendEscalationReminders({ db: t.deps.db, mailer }, inThreeDays)).toBe(0);
  });
});

describe('report PDF', () => {
  it('exports a submitted report for the liaison, in Arabic too; never a draft to the liaison', async () => {
    const reports = (await get(`${base()}/reports`, 'liaison')).json().items as {
      id: string;
      status: string;
    }[];
    const done = reports.find((r) => r.status === 'acknowledged')!;
    for (const lang of ['en', 'ar']) {
      const pdf = await get(`${base()}/reports/${done.id}/export.pdf?lang=${lang}`, 'liaison');
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    }
    const draft = await send('POST', `${base()}/reports`, 'chair', { kind: 'annual', period: '2020' });
    expect((await get(`${base()}/reports/${draft.json().id}/export.pdf`, 'liaison')).statusCode).toBe(404);
    expect((await get(`${base()}/reports/${draft.json().id}/export.pdf`, 'partner')).statusCode).toBe(403);
  });
});

describe('canonical JSON', () => {
  it('orders keys so the hash survives a jsonb round trip', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
  });
});
