import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { auditEvent } from '../../platform/audit/audit.table.js';
import { actionPlanActionState, actionPlanVersion } from '../action-plan/index.js';
import { indicator, indicatorValue } from '../indicators/index.js';
import { riskConsultation, riskConsultationFinding } from '../risk-map/index.js';

/*
 * Issue 12 §1: the public page's action plan, consultation ("you said, we did") and annual report
 * blocks, each only once published, every count through the disclosure control; the communication
 * log and the versioned key texts, with who may do what.
 */

let t: TestApp;
let cityId: string;
let otherCityId: string;
const cookie: Record<string, string> = {};

const allOff = {
  explainer: false,
  mandate: false,
  organisations: false,
  decisions: false,
  events: false,
  contact: false,
  safeSpace: false,
};
const settings = (published: Record<string, boolean>) => ({
  published: { ...allOff, ...published },
  explainerExtra: '',
  contact: '',
  emergencyNumbers: '',
  neighbourhoods: [],
});
const publish = (published: Record<string, boolean>, who = 'chair') =>
  t.call({
    method: 'PUT',
    url: `/api/cities/${cityId}/community`,
    cookie: cookie[who],
    payload: settings(published),
  });
const page = async (lang = 'en') => (await t.app.inject({ method: 'GET', url: `/p/gamma/${lang}` })).body;
const api = (path: string) => `/api/cities/${cityId}/community${path}`;

beforeAll(async () => {
  t = await createTestApp();
  cityId = await t.createCity('gamma', { require2faRoles: [] });
  otherCityId = await t.createCity('delta', { require2faRoles: [] });
  for (const [key, role, city] of [
    ['chair', 'chair', cityId],
    ['coordinator', 'coordinator', cityId],
    ['member', 'member', cityId],
    ['partner', 'partner', cityId],
    ['otherChair', 'chair', otherCityId],
  ] as const) {
    await t.createPerson({ email: `${key}@cm.test`, name: `${key} person`, cityId: city, role });
    cookie[key] = await t.signIn(`${key}@cm.test`);
  }
  // An adopted plan: two objectives, six actions (3 in progress, 2 completed, 1 planned).
  const objectives = [
    {
      id: randomUUID(),
      code: 'O1',
      title: 'Young people find a place after school',
      description: '',
      riskIds: [],
    },
    { id: randomUUID(), code: 'O2', title: 'Neighbours meet across groups', description: '', riskIds: [] },
  ];
  const actions = Array.from({ length: 6 }, (_, i) => ({
    id: randomUUID(),
    objectiveId: objectives[i % 2].id,
    code: `A${i + 1}`,
    title: `Action ${i + 1}`,
    description: '',
    ownerOrganisationId: null,
    partnerOrganisationIds: [],
    neighbourhoodIds: [],
    targetGroup: '',
    startOn: '2026-01-01',
    endOn: '2027-12-31',
    milestones: [],
    budgetPlanned: 0,
    currency: 'EUR',
    fundingSource: '',
  }));
  await t.deps.db.insert(actionPlanVersion).values({
    cityId,
    version: 1,
    status: 'adopted',
    title: 'Gamma action plan 2026–2027',
    periodStart: '2026-01-01',
    periodEnd: '2027-12-31',
    objectives,
    actions: actions as never,
    adoptedAt: new Date(),
  });
  const statuses = ['in-progress', 'in-progress', 'in-progress', 'completed', 'completed', 'planned'];
  await t.deps.db
    .insert(actionPlanActionState)
    .values(actions.map((a, i) => ({ cityId, actionId: a.id, status: statuses[i] })));
  // A count indicator whose latest approved value is 3: withheld on the public page.
  const [ind] = await t.deps.db
    .insert(indicator)
    .values({
      cityId,
      code: 'I1',
      names: { en: 'Young people in after-school clubs' },
      type: 'count',
      objectiveIds: [objectives[0].id],
      targets: [{ period: '2026', value: 40 }],
    })
    .returning();
  await t.deps.db.insert(indicatorValue).values({
    cityId,
    indicatorId: ind.id,
    period: '2026',
    value: 3,
    status: 'approved',
    approvedAt: new Date(),
  });
  const [held] = await t.deps.db
    .insert(riskConsultation)
    .values({
      cityId,
      title: 'Evening at the north library',
      heldOn: '2026-05-12',
      format: 'public-meeting',
      neighbourhoodIds: [],
      organisationIds: [],
      attendance: [
        [1, 1, 0, 0, 0],
        [1, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
      ],
      languages: [],
    })
    .returning();
  await t.deps.db.insert(riskConsultationFinding).values([
    {
      cityId,
      consultationId: held.id,
      position: 0,
      statement: 'There is nowhere for teenagers to go after 6 pm',
      supportsRiskIds: [],
      challengesRiskIds: [],
      response: 'The youth centre now opens until 9 pm on weekdays',
      respondedAt: new Date(),
    },
    {
      cityId,
      consultationId: held.id,
      position: 1,
      statement: 'Unanswered finding that must not be shown yet',
      supportsRiskIds: [],
      challengesRiskIds: [],
    },
  ]);
});
afterAll(() => t.close());

describe('public page blocks from the action plan and the consultations', () => {
  it('appear only once published, with small counts withheld, and the cache refreshed on publish', async () => {
    expect((await publish({ explainer: true })).statusCode).toBe(200);
    const before = await page();
    expect(before).not.toContain('Gamma action plan');
    expect(before).not.toContain('nowhere for teenagers');

    expect((await publish({ explainer: true, actionPlan: true, consultations: true })).statusCode).toBe(200);
    const after = await page();
    expect(after).toContain('Gamma action plan 2026–2027');
    expect(after).toContain('Young people find a place after school');
    expect(after).toContain('Actions: 6');
    // 3 in progress and 2 completed: 2 is small, and 1 planned is too: both withheld; 3 would give
    // them away as 6 − 3, so it is withheld as well (secondary suppression).
    expect(after).not.toMatch(/Completed: 2/);
    expect(after).not.toMatch(/Planned: 1/);
    expect(after).toContain('Young people in after-school clubs, 2026: <strong>fewer than 5</strong>');
    expect(after).toContain('You said:');
    expect(after).toContain('There is nowhere for teenagers to go after 6 pm');
    expect(after).toContain('The youth centre now opens until 9 pm on weekdays');
    expect(after).not.toContain('Unanswered finding');
    // Three people came: withheld.
    expect(after).toContain('fewer than 5 people took part');
    expect(after).not.toContain('<script');
    expect(Buffer.byteLength(after)).toBeLessThan(50 * 1024);
    const ar = await page('ar');
    expect(ar).toContain('قلتم، فعلنا');
  });

  it('stay under 50 KB with long texts everywhere', async () => {
    const [big] = await t.deps.db
      .insert(riskConsultation)
      .values({
        cityId,
        title: 'T'.repeat(200),
        heldOn: '2026-06-01',
        format: 'survey',
        neighbourhoodIds: [],
        organisationIds: [],
        attendance: [
          [10, 10, 10, 10, 10],
          [10, 10, 10, 10, 10],
          [0, 0, 0, 0, 0],
        ],
        languages: [],
      })
      .returning();
    await t.deps.db.insert(riskConsultationFinding).values(
      Array.from({ length: 50 }, (_, i) => ({
        cityId,
        consultationId: big.id,
        position: i,
        statement: 'S'.repeat(1000),
        supportsRiskIds: [],
        challengesRiskIds: [],
        response: 'R'.repeat(1000),
        respondedAt: new Date(),
      })),
    );
    await publish({ explainer: true, actionPlan: true, consultations: true });
    const body = await page();
    expect(body).toContain('100 people took part');
    expect(Buffer.byteLength(body)).toBeLessThan(50 * 1024);
  });
});

describe('annual reports', () => {
  it('only the chair publishes a PDF generated from live data; residents download it once the block is published', async () => {
    for (const who of ['coordinator', 'member', 'partner'])
      expect(
        (await t.call({ method: 'POST', url: api('/reports'), cookie: cookie[who], payload: { year: 2026 } }))
          .statusCode,
      ).toBe(403);
    expect(
      (
        await t.call({
          method: 'POST',
          url: api('/reports'),
          cookie: cookie.otherChair,
          payload: { year: 2026 },
        })
      ).statusCode,
    ).toBe(404);
    const bad = await t.call({
      method: 'POST',
      url: api('/reports'),
      cookie: cookie.chair,
      payload: { year: 1800 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');

    const made = await t.call({
      method: 'POST',
      url: api('/reports'),
      cookie: cookie.chair,
      payload: { year: 2026, foreword: 'A year of listening.' },
    });
    expect(made.statusCode).toBe(201);
    const report = made.json();
    expect(report).toMatchObject({ year: 2026, source: 'generated', publishedByName: 'chair person' });
    const url = `/p/gamma/reports/${report.id}.pdf`;
    // Not on the page, and no download, until the block is published.
    expect(await page()).not.toContain(url);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    await publish({ reports: true });
    expect(await page()).toContain(url);
    const pdf = await t.app.inject({ method: 'GET', url });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBe(report.bytes);
    // Another city's slug does not serve it.
    expect((await t.app.inject({ method: 'GET', url: `/p/delta/reports/${report.id}.pdf` })).statusCode).toBe(
      404,
    );

    const withdrawn = await t.call({
      method: 'DELETE',
      url: api(`/reports/${report.id}`),
      cookie: cookie.chair,
    });
    expect(withdrawn.json().withdrawnAt).not.toBeNull();
    expect(await page()).not.toContain(url);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(404);
    const audit = await t.deps.db
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.recordType, 'community_annual_report'));
    expect(audit.map((a) => a.action)).toEqual(['publish', 'withdraw']);
  });
});

describe('communication log', () => {
  const message = {
    title: 'Youth centre opening hours',
    body: 'From June the youth centre stays open until 9 pm.',
    channel: 'press-release',
    audience: 'residents',
    spokesperson: 'The chair of the network',
    plannedOn: '2026-06-01',
  };

  it('is planned by chair or coordinator, approved only by the chair, sent only once approved', async () => {
    expect(
      (await t.call({ method: 'POST', url: api('/messages'), cookie: cookie.member, payload: message }))
        .statusCode,
    ).toBe(403);
    expect((await t.call({ method: 'GET', url: api('/messages'), cookie: cookie.partner })).statusCode).toBe(
      403,
    );
    expect(
      (await t.call({ method: 'GET', url: api('/messages'), cookie: cookie.otherChair })).statusCode,
    ).toBe(404);
    expect((await t.call({ method: 'GET', url: api('/messages') })).statusCode).toBe(401);
    const bad = await t.call({
      method: 'POST',
      url: api('/messages'),
      cookie: cookie.coordinator,
      payload: { ...message, channel: 'carrier-pigeon' },
    });
    expect(bad.statusCode).toBe(400);

    const created = await t.call({
      method: 'POST',
      url: api('/messages'),
      cookie: cookie.coordinator,
      payload: message,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    const status = (who: string, s: string) =>
      t.call({
        method: 'POST',
        url: api(`/messages/${id}/status`),
        cookie: cookie[who],
        payload: { status: s },
      });
    expect((await status('coordinator', 'sent')).statusCode).toBe(409);
    expect((await status('coordinator', 'approved')).statusCode).toBe(403);
    const approved = await status('chair', 'approved');
    expect(approved.json()).toMatchObject({ status: 'approved', approvedByName: 'chair person' });
    // Changing it takes the approval away.
    const edited = await t.call({
      method: 'PUT',
      url: api(`/messages/${id}`),
      cookie: cookie.coordinator,
      payload: { ...message, body: 'From June the youth centre stays open until 10 pm.' },
    });
    expect(edited.json()).toMatchObject({ status: 'draft', approvedByName: null });
    expect((await status('coordinator', 'sent')).statusCode).toBe(409);
    await status('chair', 'approved');
    const sent = await status('coordinator', 'sent');
    expect(sent.json().status).toBe('sent');
    expect(sent.json().sentAt).not.toBeNull();
    expect(
      (await t.call({ method: 'PUT', url: api(`/messages/${id}`), cookie: cookie.chair, payload: message }))
        .statusCode,
    ).toBe(409);
    const list = await t.call({ method: 'GET', url: api('/messages'), cookie: cookie.member });
    expect(list.json().items).toHaveLength(1);
    const audit = await t.deps.db
      .select()
      .from(auditEvent)
      .where(eq(auditEvent.recordType, 'community_message'));
    expect(audit.map((a) => a.action)).toEqual(['create', 'approve', 'update', 'approve', 'send']);
  });

  it('keeps every version of the key messages and "what we are not" lines; only the chair agrees one', async () => {
    const url = api('/key-texts/not-lines');
    const lines = ['We are not an intelligence service.', 'Our members are not informants.'];
    expect(
      (await t.call({ method: 'POST', url, cookie: cookie.coordinator, payload: { lines } })).statusCode,
    ).toBe(403);
    expect(
      (await t.call({ method: 'POST', url, cookie: cookie.chair, payload: { lines: [] } })).statusCode,
    ).toBe(400);
    expect(
      (
        await t.call({
          method: 'POST',
          url: api('/key-texts/other'),
          cookie: cookie.chair,
          payload: { lines },
        })
      ).statusCode,
    ).toBe(400);
    const v1 = await t.call({ method: 'POST', url, cookie: cookie.chair, payload: { lines } });
    expect(v1.json()).toMatchObject({ version: 1, lines });
    const v2 = await t.call({
      method: 'POST',
      url,
      cookie: cookie.chair,
      payload: {
        lines: [...lines, 'We do not label anyone for faith or origin.'],
        note: 'After the May meeting',
      },
    });
    expect(v2.json().version).toBe(2);
    const read = await t.call({ method: 'GET', url, cookie: cookie.member });
    expect(read.json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(read.json().items[0].note).toBe('After the May meeting');
    expect((await t.call({ method: 'GET', url, cookie: cookie.partner })).statusCode).toBe(403);
    expect(
      (await t.call({ method: 'GET', url: api('/key-texts/key-messages'), cookie: cookie.member })).json()
        .items,
    ).toEqual([]);
  });
});
