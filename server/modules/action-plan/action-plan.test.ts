import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { getTemplate, network, organisation, representative } from '../network/index.js';
import { decision, meeting } from '../meetings/index.js';
import { actionPlanVersion } from './index.js';

let t: TestApp;
let cityId: string;
let otherCityId: string;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const orgA = randomUUID();
const orgB = randomUUID();
const base = () => `/api/cities/${cityId}/action-plan`;

async function addNetwork(id: string, planOn: boolean) {
  const template = getTemplate('situation-table')!;
  const mandate = structuredClone(template.mandate);
  mandate.b = { enabled: planOn, scope: planOn ? 'A local action plan' : '' };
  mandate.f = { enabled: false, scope: '' };
  await t.deps.db.insert(network).values({
    cityId: id,
    name: 'Planville network',
    templateId: template.id,
    templateVersion: String(template.version),
    sectors: template.sectors,
    meetingCadence: template.meetingCadence.frequency,
    mandate,
    caseWorkflow: template.caseWorkflow,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  cityId = await t.createCity('planville', { require2faRoles: [] });
  otherCityId = await t.createCity('noplan', { require2faRoles: [] });
  await addNetwork(cityId, true);
  await addNetwork(otherCityId, false);
  await t.deps.db.insert(organisation).values([
    {
      cityId,
      id: orgA,
      name: 'Youth centre',
      sector: 'youth',
      membershipKind: 'formal',
      joinedOn: '2024-01-01',
    },
    {
      cityId,
      id: orgB,
      name: 'School board',
      sector: 'education',
      membershipKind: 'formal',
      joinedOn: '2024-01-01',
    },
  ]);
  for (const [key, role] of [
    ['chair', 'chair'],
    ['coordinator', 'coordinator'],
    ['member', 'member'],
    ['memberB', 'member'],
    ['partner', 'partner'],
    ['analyst', 'network_analyst'],
  ] as const) {
    ids[key] = await t.createPerson({ email: `${key}@plan.test`, name: `Person ${key}`, cityId, role });
    cookies[key] = await t.signIn(`${key}@plan.test`);
  }
  await t.deps.db.insert(representative).values([
    {
      cityId,
      organisationId: orgA,
      userId: ids.member,
      displayName: 'A rep',
      networkRole: 'representative',
      joinedOn: '2024-01-01',
    },
    {
      cityId,
      organisationId: orgB,
      userId: ids.memberB,
      displayName: 'B rep',
      networkRole: 'representative',
      joinedOn: '2024-01-01',
    },
  ]);
  await t.createPerson({ email: 'otherchair@plan.test', cityId: otherCityId, role: 'chair' });
  cookies.otherChair = await t.signIn('otherchair@plan.test');
});
afterAll(() => t.close());

async function quorateDecision(
  versionId: string,
  opts: { quorumMet?: boolean; outcome?: string; subjectType?: string } = {},
) {
  const [m] = await t.deps.db
    .insert(meeting)
    .values({ cityId, title: 'Monthly meeting', startsAt: new Date(), durationMinutes: 60, status: 'held' })
    .returning();
  const [d] = await t.deps.db
    .insert(decision)
    .values({
      cityId,
      meetingId: m.id,
      text: 'Adopt the action plan',
      subjectType: opts.subjectType ?? 'action-plan-adoption',
      subjectId: versionId,
      method: 'consensus',
      outcome: opts.outcome ?? 'passed',
      quorumMet: opts.quorumMet ?? true,
    })
    .returning();
  return d.id;
}

const obj1 = randomUUID();
const obj2 = randomUUID();
const act1 = randomUUID();
const act2 = randomUUID();
const act3 = randomUUID();
const m1 = randomUUID();
const m2 = randomUUID();
const m3 = randomUUID();
const m4 = randomUUID();

function content() {
  return {
    title: 'Planville local action plan 2027–2028',
    periodStart: '2027-01-01',
    periodEnd: '2028-12-31',
    objectives: [
      { id: obj1, code: 'O1', title: 'Young people resist online manipulation', riskIds: [randomUUID()] },
      { id: obj2, code: 'O2', title: 'Neighbourhood dialogue' },
    ],
    actions: [
      {
        id: act1,
        objectiveId: obj1,
        code: 'A1.1',
        title: 'Media-literacy trainings',
        ownerOrganisationId: orgA,
        partnerOrganisationIds: [orgB],
        neighbourhoodIds: [randomUUID()],
        targetGroup: 'Young people 15–24',
        startOn: '2027-02-01',
        endOn: '2027-11-30',
        milestones: [
          { id: m1, title: 'Curriculum ready', dueOn: '2027-03-01' },
          { id: m2, title: 'First cohort', dueOn: '2027-05-01' },
          { id: m3, title: 'Second cohort', dueOn: '2027-09-01' },
          { id: m4, title: 'Evaluation', dueOn: '2027-11-30' },
        ],
        budgetPlanned: 12000,
        currency: 'EUR',
        fundingSource: 'City budget',
      },
      {
        id: act2,
        objectiveId: obj1,
        title: 'Parents evenings',
        ownerOrganisationId: orgB,
        startOn: '2027-03-01',
        endOn: '2027-12-31',
        budgetPlanned: 3000,
        currency: 'EUR',
        fundingSource: 'EU grant',
        dependsOn: [act1],
      },
      {
        id: act3,
        objectiveId: obj2,
        title: 'Dialogue circles',
        ownerOrganisationId: orgB,
        startOn: '2027-01-15',
        endOn: '2028-06-30',
        budgetPlanned: 5000,
        currency: 'EUR',
        fundingSource: 'City budget',
      },
    ],
  };
}

let v1: string;
let v2: string;

describe('action plan', () => {
  it('is refused where the mandate has neither item b nor f', async () => {
    const r = await t.call({
      method: 'GET',
      url: `/api/cities/${otherCityId}/action-plan`,
      cookie: cookies.otherChair,
    });
    expect(r.statusCode).toBe(409);
    expect(r.json().detail).toContain('mandate');
  });

  it('opens a draft; only one at a time; members cannot', async () => {
    expect(
      (await t.call({ method: 'POST', url: base(), cookie: cookies.member, payload: {} })).statusCode,
    ).toBe(403);
    const r = await t.call({
      method: 'POST',
      url: base(),
      cookie: cookies.coordinator,
      payload: { periodStart: '2027-01-01', periodEnd: '2028-12-31' },
    });
    expect(r.statusCode).toBe(201);
    v1 = r.json().id;
    expect(r.json()).toMatchObject({ version: 1, status: 'draft', objectives: [], actions: [] });
    expect(
      (await t.call({ method: 'POST', url: base(), cookie: cookies.chair, payload: {} })).statusCode,
    ).toBe(409);
  });

  it('refuses a plan with broken references, field by field, and writes nothing', async () => {
    const bad = content();
    bad.actions[0].objectiveId = randomUUID();
    bad.actions[1].endOn = '2027-01-01';
    bad.actions[2].ownerOrganisationId = randomUUID();
    (bad.actions[0] as { dependsOn?: string[] }).dependsOn = [act2]; // act2 depends on act1: a circle
    const r = await t.call({ method: 'PATCH', url: `${base()}/${v1}`, cookie: cookies.chair, payload: bad });
    expect(r.statusCode).toBe(400);
    const paths = r.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.actions.0.objectiveId',
        'body.actions.1.endOn',
        'body.actions.2.ownerOrganisationId',
        'body.actions.0.dependsOn',
      ]),
    );
    const [row] = await t.deps.db.select().from(actionPlanVersion).where(eq(actionPlanVersion.id, v1));
    expect(row.actions).toEqual([]);
    const money = content();
    (money.actions[0] as { currency: string }).currency = 'euro';
    expect(
      (await t.call({ method: 'PATCH', url: `${base()}/${v1}`, cookie: cookies.chair, payload: money }))
        .statusCode,
    ).toBe(400);
  });

  it('saves the plan with objectives, actions, milestones, budget and dependencies', async () => {
    const r = await t.call({
      method: 'PATCH',
      url: `${base()}/${v1}`,
      cookie: cookies.chair,
      payload: content(),
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().actions).toHaveLength(3);
    expect(r.json().actions[1].dependsOn).toEqual([act1]);
    expect(r.json().objectives[0].riskIds).toHaveLength(1);
  });

  it('adoption gate: refuses a decision without quorum, a rejected one, one about something else; adopts on a passed quorate one', async () => {
    for (const opts of [{ quorumMet: false }, { outcome: 'rejected' }, { subjectType: 'tor-adoption' }]) {
      const d = await quorateDecision(v1, opts);
      const r = await t.call({
        method: 'POST',
        url: `${base()}/${v1}/adopt`,
        cookie: cookies.chair,
        payload: { decisionId: d },
      });
      expect(r.statusCode).toBe(409);
    }
    const list = await t.call({ method: 'GET', url: `${base()}/${v1}/decisions`, cookie: cookies.chair });
    expect(list.json().items.every((d: { eligible: boolean }) => !d.eligible)).toBe(true);
    const good = await quorateDecision(v1);
    expect(
      (
        await t.call({
          method: 'POST',
          url: `${base()}/${v1}/adopt`,
          cookie: cookies.member,
          payload: { decisionId: good },
        })
      ).statusCode,
    ).toBe(403);
    const r = await t.call({
      method: 'POST',
      url: `${base()}/${v1}/adopt`,
      cookie: cookies.chair,
      payload: { decisionId: good },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ status: 'adopted', adoptedDecisionId: good });
    const edit = await t.call({
      method: 'PATCH',
      url: `${base()}/${v1}`,
      cookie: cookies.chair,
      payload: { title: 'Changed' },
    });
    expect(edit.statusCode).toBe(409);
  });

  it('a decision recorded through the meetings API with the plan as subject adopts it', async () => {
    const draft = await t.call({ method: 'POST', url: base(), cookie: cookies.chair, payload: {} });
    v2 = draft.json().id;
    expect(draft.json().actions.map((a: { id: string }) => a.id)).toEqual([act1, act2, act3]);
    const next = content();
    next.actions.splice(1, 1); // drop the parents evenings
    next.actions[1].budgetPlanned = 6000;
    expect(
      (await t.call({ method: 'PATCH', url: `${base()}/${v2}`, cookie: cookies.chair, payload: next }))
        .statusCode,
    ).toBe(200);
    const noSubject = await t.call({
      method: 'POST',
      url: `/api/cities/${cityId}/meetings`,
      cookie: cookies.chair,
      payload: {
        title: 'Plan review',
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        durationMinutes: 60,
      },
    });
    expect(noSubject.statusCode).toBe(201);
    const meetingId = noSubject.json().id;
    const missing = await t.call({
      method: 'POST',
      url: `/api/cities/${cityId}/meetings/${meetingId}/decisions`,
      cookie: cookies.chair,
      payload: { text: 'Adopt v2', subjectType: 'action-plan-adoption' },
    });
    expect(missing.statusCode).toBe(400);
    const recorded = await t.call({
      method: 'POST',
      url: `/api/cities/${cityId}/meetings/${meetingId}/decisions`,
      cookie: cookies.chair,
      payload: {
        text: 'Adopt v2',
        subjectType: 'action-plan-adoption',
        subjectId: v2,
        votesFor: 5,
        votesAgainst: 0,
      },
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    // Nobody was marked present: the meeting had no quorum, so the decision cannot adopt.
    expect(recorded.json().quorumMet).toBe(false);
    const refused = await t.call({
      method: 'POST',
      url: `${base()}/${v2}/adopt`,
      cookie: cookies.chair,
      payload: { decisionId: recorded.json().id },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('quorum');
  });

  it('compares versions: an action removed, an action changed', async () => {
    const r = await t.call({ method: 'GET', url: `${base()}/diff?from=1&to=2`, cookie: cookies.member });
    expect(r.statusCode).toBe(200);
    expect(r.json().entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'action', id: act2, change: 'removed' }),
        expect.objectContaining({ kind: 'action', id: act3, change: 'changed', fields: ['budgetPlanned'] }),
      ]),
    );
  });

  it('computes progress from milestones reached and says why', async () => {
    const r = await t.call({
      method: 'PATCH',
      url: `${base()}/actions/${act1}/progress`,
      cookie: cookies.member, // represents the owner organisation
      payload: {
        status: 'in-progress',
        budgetCommitted: 8000,
        budgetSpent: 5000,
        milestonesDone: [
          { id: m1, doneOn: '2027-03-01' },
          { id: m2, doneOn: '2027-05-02' },
        ],
      },
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().progress).toEqual({
      percent: 50,
      rule: { key: 'milestones', values: { done: 2, total: 4, percent: 50 } },
    });
    await t.call({
      method: 'PATCH',
      url: `${base()}/actions/${act2}/progress`,
      cookie: cookies.chair,
      payload: { status: 'completed' },
    });
    const plan = (await t.call({ method: 'GET', url: `${base()}/${v1}`, cookie: cookies.member })).json();
    const o1 = plan.objectives.find((o: { id: string }) => o.id === obj1);
    expect(o1.progress).toEqual({
      percent: 75,
      rule: { key: 'objective-mean', values: { count: 2, percent: 75 } },
    });
    // Objective 2: one action, no milestones, not completed: 0 %. The plan: (75 + 0) / 2.
    expect(plan.progress.percent).toBe(38);
  });

  it('refuses a progress update from another organisation and a milestone of another action', async () => {
    const r = await t.call({
      method: 'PATCH',
      url: `${base()}/actions/${act1}/progress`,
      cookie: cookies.memberB,
      payload: { status: 'completed' },
    });
    expect(r.statusCode).toBe(403);
    const bad = await t.call({
      method: 'PATCH',
      url: `${base()}/actions/${act3}/progress`,
      cookie: cookies.chair,
      payload: { milestonesDone: [{ id: m1, doneOn: '2027-03-01' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.milestonesDone.0.id');
  });

  it('sums the budget by objective, organisation and funding source', async () => {
    const r = await t.call({ method: 'GET', url: `${base()}/${v1}/budget`, cookie: cookies.coordinator });
    expect(r.statusCode).toBe(200);
    const b = r.json();
    expect(b.totals).toEqual([
      { key: 'total', label: '', currency: 'EUR', planned: 20000, committed: 8000, spent: 5000 },
    ]);
    expect(b.byFundingSource.find((l: { key: string }) => l.key === 'City budget').planned).toBe(17000);
    expect(b.byOrganisation.find((l: { key: string }) => l.key === orgB).planned).toBe(8000);
  });

  it("lists my organisation's actions, owned or as partner", async () => {
    const a = (await t.call({ method: 'GET', url: `${base()}/my-actions`, cookie: cookies.member })).json();
    expect(a.items.map((x: { id: string; owner: boolean }) => [x.id, x.owner])).toEqual([[act1, true]]);
    const b = (await t.call({ method: 'GET', url: `${base()}/my-actions`, cookie: cookies.memberB })).json();
    expect(b.items.map((x: { id: string }) => x.id).sort()).toEqual([act1, act2, act3].sort());
  });

  it('roles and tenants: partner and analyst cannot read the plan; another city sees 404; anonymous 401', async () => {
    expect(
      (await t.call({ method: 'GET', url: `${base()}/${v1}`, cookie: cookies.partner })).statusCode,
    ).toBe(403);
    expect((await t.call({ method: 'GET', url: base(), cookie: cookies.analyst })).statusCode).toBe(403);
    expect(
      (await t.call({ method: 'GET', url: `${base()}/${v1}`, cookie: cookies.otherChair })).statusCode,
    ).toBe(404);
    expect(
      (
        await t.call({
          method: 'GET',
          url: `/api/cities/${otherCityId}/action-plan/${v1}`,
          cookie: cookies.otherChair,
        })
      ).statusCode,
    ).toBe(409);
    expect((await t.call({ method: 'GET', url: base() })).statusCode).toBe(401);
  });
});
