import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { getTemplate, network, organisation, representative } from '../network/index.js';
import { decision, meeting } from '../meetings/index.js';
import { indicator, indicatorValue } from '../indicators/index.js';
import { actionPlanVersion } from './index.js';

/* Export (PDF, DOCX, CSV, XLSX), import from XLSX with a dry run, and decisions that change an action. */

let t: TestApp;
let cityId: string;
let otherCityId: string;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};
const orgA = randomUUID();
const orgB = randomUUID();
const obj1 = randomUUID();
const obj2 = randomUUID();
const act1 = randomUUID();
const act2 = randomUUID();
const base = () => `/api/cities/${cityId}/action-plan`;
let adoptedId: string;
let draftId: string;

async function addNetwork(id: string) {
  const template = getTemplate('situation-table')!;
  const mandate = structuredClone(template.mandate);
  mandate.b = { enabled: true, scope: 'A local action plan' };
  await t.deps.db.insert(network).values({
    cityId: id,
    name: 'Export network',
    templateId: template.id,
    templateVersion: String(template.version),
    sectors: template.sectors,
    meetingCadence: template.meetingCadence.frequency,
    mandate,
    caseWorkflow: template.caseWorkflow,
  });
}

async function recordedDecision(
  subjectType: string,
  subjectId: string,
  outcome = 'passed',
  quorumMet = true,
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
      text: 'Decision',
      subjectType,
      subjectId,
      method: 'consensus',
      outcome,
      quorumMet,
    })
    .returning();
  return d.id;
}

const plan = {
  title: 'Exportville plan 2027–2028',
  periodStart: '2027-01-01',
  periodEnd: '2028-12-31',
  objectives: [
    { id: obj1, code: 'O1', title: 'Young people resist online manipulation' },
    { id: obj2, code: 'O2', title: 'Neighbourhood dialogue' },
  ],
  actions: [
    {
      id: act1,
      objectiveId: obj1,
      code: 'A1.1',
      title: '=HYPERLINK("x") Media-literacy trainings',
      ownerOrganisationId: orgA,
      partnerOrganisationIds: [orgB],
      startOn: '2027-02-01',
      endOn: '2027-11-30',
      milestones: [{ id: randomUUID(), title: 'Curriculum ready', dueOn: '2027-03-01' }],
      budgetPlanned: 12000,
      currency: 'EUR',
      fundingSource: 'City budget',
    },
    {
      id: act2,
      objectiveId: obj2,
      code: 'A2.1',
      title: 'Dialogue circles',
      ownerOrganisationId: orgB,
      startOn: '2027-01-15',
      endOn: '2028-06-30',
      budgetPlanned: 5000,
      currency: 'EUR',
      dependsOn: [act1],
    },
  ],
};

async function pdfText(payload: Buffer) {
  const parsed = await getDocument({ data: new Uint8Array(payload) }).promise;
  let text = '';
  for (let i = 1; i <= parsed.numPages; i++) {
    const content = await (await parsed.getPage(i)).getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
  }
  return text.replace(/\s+/g, ' ');
}

async function sheet(rows: (string | number | Date)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Actions');
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

beforeAll(async () => {
  t = await createTestApp();
  cityId = await t.createCity('exportville', { require2faRoles: [] });
  otherCityId = await t.createCity('otherville', { require2faRoles: [] });
  await addNetwork(cityId);
  await addNetwork(otherCityId);
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
    ['partner', 'partner'],
  ] as const) {
    ids[key] = await t.createPerson({ email: `${key}@io.test`, name: `Person ${key}`, cityId, role });
    cookies[key] = await t.signIn(`${key}@io.test`);
  }
  await t.deps.db.insert(representative).values({
    cityId,
    organisationId: orgA,
    userId: ids.member,
    displayName: 'A rep',
    networkRole: 'representative',
    joinedOn: '2024-01-01',
  });
  await t.createPerson({ email: 'othermember@io.test', cityId: otherCityId, role: 'member' });
  cookies.otherMember = await t.signIn('othermember@io.test');
  await t.createPerson({ email: 'otherchair@io.test', cityId: otherCityId, role: 'chair' });
  cookies.otherChair = await t.signIn('otherchair@io.test');

  const created = await t.call({ method: 'POST', url: base(), cookie: cookies.chair, payload: {} });
  adoptedId = created.json().id;
  const saved = await t.call({
    method: 'PATCH',
    url: `${base()}/${adoptedId}`,
    cookie: cookies.chair,
    payload: plan,
  });
  expect(saved.statusCode).toBe(200);
  const d = await recordedDecision('action-plan-adoption', adoptedId);
  const adopted = await t.call({
    method: 'POST',
    url: `${base()}/${adoptedId}/adopt`,
    cookie: cookies.chair,
    payload: { decisionId: d },
  });
  expect(adopted.statusCode).toBe(200);
});
afterAll(() => t.close());

describe('action plan export', () => {
  it('exports a PDF with the objectives and actions, and an Arabic one in an Arabic font', async () => {
    const r = await t.call({
      method: 'GET',
      url: `${base()}/${adoptedId}/export.pdf`,
      cookie: cookies.member,
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toContain('action-plan-v1-en.pdf');
    const text = await pdfText(r.rawPayload);
    expect(text).toContain('Exportville plan');
    expect(text).toContain('O2 Neighbourhood dialogue');
    expect(text).toContain('Dialogue circles');
    expect(text).toContain('Owner organisation: School board');
    const ar = await t.call({
      method: 'GET',
      url: `${base()}/${adoptedId}/export.pdf?lang=ar`,
      cookie: cookies.chair,
    });
    expect(ar.statusCode).toBe(200);
    expect(ar.rawPayload.toString('latin1')).toContain('NotoNaskhArabic');
  });

  it('exports DOCX in the chosen language (French headings, Arabic right to left)', async () => {
    const fr = await t.call({
      method: 'GET',
      url: `${base()}/${adoptedId}/export.docx?lang=fr`,
      cookie: cookies.member,
    });
    expect(fr.statusCode).toBe(200);
    const xml = await (await JSZip.loadAsync(fr.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('Organisation responsable');
    expect(xml).toContain('Dialogue circles');
    const ar = await t.call({
      method: 'GET',
      url: `${base()}/${adoptedId}/export.docx?lang=ar`,
      cookie: cookies.member,
    });
    const arXml = await (await JSZip.loadAsync(ar.rawPayload)).file('word/document.xml')!.async('string');
    expect(arXml).toContain('<w:bidi/>');
    expect(arXml).toContain('المنظمة المسؤولة: School board');
  });

  it('exports CSV (formula-like text neutralised) and XLSX with one row per action', async () => {
    const csv = await t.call({
      method: 'GET',
      url: `${base()}/${adoptedId}/export.csv`,
      cookie: cookies.member,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('Objective code,Objective,Action code,Action');
    expect(lines[1]).toContain(`"'=HYPERLINK(""x"") Media-literacy trainings"`);
    expect(lines[2]).toContain('A2.1,Dialogue circles');
    expect(lines[2]).toContain('A1.1'); // depends on, by code

    const xlsx = await t.call({
      method: 'GET',
      url: `${base()}/${adoptedId}/export.xlsx?lang=sw`,
      cookie: cookies.chair,
    });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(1).value).toBe('Msimbo wa lengo');
    expect(ws.getRow(3).getCell(4).value).toBe('Dialogue circles');
    expect(ws.getRow(2).getCell(12).value).toBe(12000);
  });

  it('is refused to a partner (403), a member of another city (404), and audited', async () => {
    for (const format of ['pdf', 'docx', 'csv', 'xlsx']) {
      const url = `${base()}/${adoptedId}/export.${format}`;
      expect((await t.call({ method: 'GET', url, cookie: cookies.partner })).statusCode).toBe(403);
      expect((await t.call({ method: 'GET', url, cookie: cookies.otherMember })).statusCode).toBe(404);
      expect((await t.call({ method: 'GET', url })).statusCode).toBe(401);
    }
    // Another city's chair cannot reach this city's version through their own city either.
    const cross = await t.call({
      method: 'GET',
      url: `/api/cities/${otherCityId}/action-plan/${adoptedId}/export.csv`,
      cookie: cookies.otherChair,
    });
    expect(cross.statusCode).toBe(404);
  });
});

describe('action plan import from XLSX', () => {
  const headings = [
    'Objective code',
    'Action code',
    'Action',
    'Owner organisation',
    'Start',
    'End',
    'Planned budget',
    'Milestones',
    'Depends on',
  ];

  beforeAll(async () => {
    const r = await t.call({ method: 'POST', url: base(), cookie: cookies.coordinator, payload: {} });
    draftId = r.json().id;
  });

  it('a dry run lists every problem by row and column, and writes nothing', async () => {
    const file = await sheet([
      headings,
      ['O9', 'A3.1', 'Sports league', 'Youth centre', '2027-04-01', '2027-10-01', 100, '', ''],
      ['O1', 'A1.2', '', 'Nobody Inc', '1 April', '2027-10-01', 'lots', 'Kick-off 2027-05-01', 'A7'],
      ['O2', 'A2.2', 'Festival', '', '2027-10-01', '2027-04-01', 0, '', ''],
    ]);
    const before = await t.deps.db.select().from(actionPlanVersion).where(eq(actionPlanVersion.id, draftId));
    const r = await t.call({
      method: 'POST',
      url: `${base()}/${draftId}/import`,
      cookie: cookies.coordinator,
      payload: { file, dryRun: false },
    });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ valid: false, written: false, rows: 3 });
    const at = (row: number, column: string) =>
      body.errors.find((e: { row: number; column: string }) => e.row === row && e.column === column);
    expect(at(2, 'Objective code')).toMatchObject({
      cell: 'A2',
      message: 'No objective with the code "O9" in this draft',
    });
    expect(at(3, 'Action')).toBeTruthy();
    expect(at(3, 'Owner organisation').message).toContain('Nobody Inc');
    expect(at(3, 'Start').message).toContain('YYYY-MM-DD');
    expect(at(3, 'Planned budget')).toBeTruthy();
    expect(at(3, 'Milestones').message).toContain('Title (YYYY-MM-DD)');
    expect(at(3, 'Depends on').message).toContain('A7');
    const after = await t.deps.db.select().from(actionPlanVersion).where(eq(actionPlanVersion.id, draftId));
    expect(after[0].actions).toEqual(before[0].actions);
    expect(after[0].updatedAt).toEqual(before[0].updatedAt);
  });

  it('reports plan-level problems (an end before the start) on the row, in the caller’s language', async () => {
    const file = await sheet([
      ['Code de l’objectif', 'Action', 'Début', 'Fin'].map((h) => h.replace('’', "'")),
      ['O2', 'Festival', '2027-10-01', '2027-04-01'],
    ]);
    const r = await t.call({
      method: 'POST',
      url: `${base()}/${draftId}/import`,
      cookie: cookies.coordinator,
      headers: { 'accept-language': 'fr' },
      payload: { file, dryRun: true },
    });
    expect(r.json().errors).toEqual([
      { row: 2, column: 'Fin', cell: 'D2', message: "L'action se termine avant de commencer" },
    ]);
  });

  it('refuses a file that is not XLSX, and unknown headings, with a message a person understands', async () => {
    const r = await t.call({
      method: 'POST',
      url: `${base()}/${draftId}/import`,
      cookie: cookies.coordinator,
      payload: { file: Buffer.from('not a workbook').toString('base64') },
    });
    expect(r.json()).toMatchObject({
      valid: false,
      written: false,
      errors: [{ message: 'This file is not an XLSX workbook' }],
    });
    const odd = await sheet([
      ['Objective code', 'Colour', 'Action', 'Start', 'End'],
      ['O1', 'red', 'X', '2027-04-01', '2027-05-01'],
    ]);
    const r2 = await t.call({
      method: 'POST',
      url: `${base()}/${draftId}/import`,
      cookie: cookies.coordinator,
      payload: { file: odd },
    });
    expect(r2.json().errors[0]).toMatchObject({ row: 1, cell: 'B1', column: 'Colour' });
  });

  it('a valid dry run writes nothing; the real import adds and updates actions (by code), all at once', async () => {
    const file = await sheet([
      headings,
      [
        'O1',
        'A1.1',
        'Media-literacy trainings (renamed)',
        'Youth centre',
        new Date(Date.UTC(2027, 1, 1)),
        '2027-12-15',
        15000,
        'Curriculum ready (2027-03-01); Second cohort (2027-09-01)',
        '',
      ],
      ['O2', 'A2.2', 'Street festival', 'School board', '2027-06-01', '2027-06-30', 800, '', 'A1.1; A2.3'],
      ['O2', 'A2.3', 'Festival planning', '', '2027-04-01', '2027-05-31', 0, '', ''],
    ]);
    const dry = await t.call({
      method: 'POST',
      url: `${base()}/${draftId}/import`,
      cookie: cookies.coordinator,
      payload: { file, dryRun: true },
    });
    expect(dry.json()).toMatchObject({
      valid: true,
      written: false,
      created: ['A2.2', 'A2.3'],
      updated: ['A1.1'],
      errors: [],
    });
    const still = await t.call({ method: 'GET', url: `${base()}/${draftId}`, cookie: cookies.coordinator });
    expect(still.json().actions).toHaveLength(2);

    const real = await t.call({
      method: 'POST',
      url: `${base()}/${draftId}/import`,
      cookie: cookies.coordinator,
      payload: { file, dryRun: false },
    });
    expect(real.json()).toMatchObject({ valid: true, written: true });
    const after = (
      await t.call({ method: 'GET', url: `${base()}/${draftId}`, cookie: cookies.coordinator })
    ).json();
    expect(after.actions).toHaveLength(4);
    const a11 = after.actions.find((a: { id: string }) => a.id === act1);
    expect(a11).toMatchObject({
      title: 'Media-literacy trainings (renamed)',
      endOn: '2027-12-15',
      budgetPlanned: 15000,
    });
    // The kept milestone keeps its id (sessions and progress follow it); the new one gets a new id.
    expect(a11.milestones[0].id).toBe(plan.actions[0].milestones![0].id);
    expect(a11.milestones).toHaveLength(2);
    const a22 = after.actions.find((a: { code: string }) => a.code === 'A2.2');
    const a23 = after.actions.find((a: { code: string }) => a.code === 'A2.3');
    expect(a22.dependsOn).toEqual([act1, a23.id]);
    expect(a22.ownerOrganisationId).toBe(orgB);
  });

  it('is for chairs and coordinators of the city only; an adopted version refuses it', async () => {
    const file = await sheet([headings]);
    const url = `${base()}/${draftId}/import`;
    expect(
      (await t.call({ method: 'POST', url, cookie: cookies.member, payload: { file } })).statusCode,
    ).toBe(403);
    expect(
      (await t.call({ method: 'POST', url, cookie: cookies.partner, payload: { file } })).statusCode,
    ).toBe(403);
    expect(
      (await t.call({ method: 'POST', url, cookie: cookies.otherChair, payload: { file } })).statusCode,
    ).toBe(404);
    expect(
      (
        await t.call({
          method: 'POST',
          url: `${base()}/${adoptedId}/import`,
          cookie: cookies.chair,
          payload: { file },
        })
      ).statusCode,
    ).toBe(409);
    const bad = await t.call({ method: 'POST', url, cookie: cookies.chair, payload: { file: '%%%' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });
});

describe('a decision adds or changes an action', () => {
  it('a passed quorate decision about an objective adds an action as a new adopted version; once only', async () => {
    const newAction = {
      id: randomUUID(),
      objectiveId: obj2,
      code: 'A2.9',
      title: 'Emergency dialogue after the incident',
      ownerOrganisationId: orgB,
      startOn: '2027-03-01',
      endOn: '2027-04-30',
    };
    const rejected = await recordedDecision('action-plan-action', obj2, 'rejected');
    const noQuorum = await recordedDecision('action-plan-action', obj2, 'passed', false);
    const general = await recordedDecision('general', obj2);
    for (const decisionId of [rejected, noQuorum, general]) {
      const r = await t.call({
        method: 'POST',
        url: `${base()}/decided-action`,
        cookie: cookies.chair,
        payload: { decisionId, action: newAction },
      });
      expect(r.statusCode).toBe(409);
    }
    const d = await recordedDecision('action-plan-action', obj2);
    expect(
      (
        await t.call({
          method: 'POST',
          url: `${base()}/decided-action`,
          cookie: cookies.member,
          payload: { decisionId: d, action: newAction },
        })
      ).statusCode,
    ).toBe(403);
    const r = await t.call({
      method: 'POST',
      url: `${base()}/decided-action`,
      cookie: cookies.chair,
      payload: { decisionId: d, action: newAction },
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ status: 'adopted', adoptedDecisionId: d, basedOnVersion: 1 });
    expect(r.json().actions.map((a: { code: string }) => a.code)).toContain('A2.9');
    // The open draft got the same change, so adopting it later does not undo the decision.
    const draft = (
      await t.call({ method: 'GET', url: `${base()}/${draftId}`, cookie: cookies.chair })
    ).json();
    expect(draft.actions.map((a: { code: string }) => a.code)).toContain('A2.9');
    const listed = await t.call({ method: 'GET', url: `${base()}/action-decisions`, cookie: cookies.member });
    expect(listed.json().items.find((x: { id: string }) => x.id === d)).toMatchObject({
      applied: true,
      eligible: false,
    });
    expect(listed.json().items.find((x: { id: string }) => x.id === rejected)).toMatchObject({
      applied: false,
      eligible: false,
    });
    const again = await t.call({
      method: 'POST',
      url: `${base()}/decided-action`,
      cookie: cookies.chair,
      payload: { decisionId: d, action: newAction },
    });
    expect(again.statusCode).toBe(409);
  });

  it('a decision about an action changes it (the diff shows it); one about another action cannot', async () => {
    const before = (await t.call({ method: 'GET', url: base(), cookie: cookies.chair })).json().items;
    const adopted = before.find((v: { status: string }) => v.status === 'adopted');
    const current = (
      await t.call({ method: 'GET', url: `${base()}/${adopted.id}`, cookie: cookies.chair })
    ).json();
    const a2 = current.actions.find((a: { id: string }) => a.id === act2);
    const changed = {
      id: a2.id,
      objectiveId: a2.objectiveId,
      code: a2.code,
      title: a2.title,
      ownerOrganisationId: a2.ownerOrganisationId,
      startOn: a2.startOn,
      endOn: '2028-09-30',
      budgetPlanned: a2.budgetPlanned,
      dependsOn: a2.dependsOn,
    };
    const wrong = await recordedDecision('action-plan-action', act1);
    expect(
      (
        await t.call({
          method: 'POST',
          url: `${base()}/decided-action`,
          cookie: cookies.chair,
          payload: { decisionId: wrong, action: changed },
        })
      ).statusCode,
    ).toBe(409);
    const d = await recordedDecision('action-plan-action', act2);
    const r = await t.call({
      method: 'POST',
      url: `${base()}/decided-action`,
      cookie: cookies.coordinator,
      payload: { decisionId: d, action: changed },
    });
    expect(r.statusCode).toBe(201);
    const diff = await t.call({
      method: 'GET',
      url: `${base()}/diff?from=${adopted.version}&to=${r.json().version}`,
      cookie: cookies.chair,
    });
    expect(diff.json().entries).toEqual([
      expect.objectContaining({ kind: 'action', id: act2, change: 'changed', fields: ['endOn'] }),
    ]);
  });

  it('the meetings API records a decision about an action only with its subject', async () => {
    const [m] = await t.deps.db
      .insert(meeting)
      .values({ cityId, title: 'Monthly', startsAt: new Date(), durationMinutes: 60, status: 'held' })
      .returning();
    const r = await t.call({
      method: 'POST',
      url: `/api/cities/${cityId}/meetings/${m.id}/decisions`,
      cookie: cookies.chair,
      payload: { text: 'Add an action', subjectType: 'action-plan-action' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors[0].path).toBe('body.subjectId');
  });
});

describe('the monthly meeting agenda pulls from the plan and the indicators', () => {
  it('lists overdue actions, milestones due and indicator values approved since the last meeting', async () => {
    const [ind] = await t.deps.db
      .insert(indicator)
      .values({
        cityId,
        code: 'TRUST',
        names: { en: 'Trust in local services' },
        type: 'percentage',
        unit: '%',
      })
      .returning();
    await t.deps.db.insert(indicatorValue).values([
      {
        cityId,
        indicatorId: ind.id,
        period: '2027',
        value: 64,
        status: 'approved',
        approvedAt: new Date('2027-06-01T00:00:00Z'),
      },
      // Not approved: not a change yet.
      { cityId, indicatorId: ind.id, period: '2027', value: 99, status: 'pending' },
    ]);
    const r = await t.call({
      method: 'POST',
      url: `/api/cities/${cityId}/meetings`,
      cookie: cookies.coordinator,
      payload: {
        title: 'Monthly reflection',
        startsAt: '2027-12-20T10:00:00Z',
        agendaTemplate: 'monthly-reflection',
      },
    });
    expect(r.statusCode).toBe(201);
    const agenda = r.json().agenda as { title: string; notes: string; kind: string }[];
    // The template's five items first, then the pulled ones.
    expect(agenda).toHaveLength(8);
    const overdue = agenda.find((i) => i.title.startsWith('Overdue plan actions'))!;
    expect(overdue.title).toBe('Overdue plan actions (2)');
    expect(overdue.notes).toContain('A1.1');
    expect(overdue.notes).toContain('A2.9 Emergency dialogue after the incident — ended 2027-04-30, Planned');
    expect(overdue.notes).not.toContain('A2.1');
    const due = agenda.find((i) => i.title.startsWith('Plan milestones due'))!;
    expect(due.notes).toContain('Curriculum ready — due 2027-03-01');
    const indicators = agenda.find((i) => i.title.startsWith('Indicator changes'))!;
    expect(indicators.notes).toBe('TRUST Trust in local services — 2027: 64 %');

    // A standard agenda pulls nothing.
    const plain = await t.call({
      method: 'POST',
      url: `/api/cities/${cityId}/meetings`,
      cookie: cookies.coordinator,
      // Named: without it the meeting gets its network's model agenda (docs/MEETINGS.md).
      payload: { title: 'Extra', startsAt: '2027-12-21T10:00:00Z', agendaTemplate: 'standard' },
    });
    expect(plain.json().agenda).toHaveLength(4);
    // Pulled again on demand (a series makes its meetings ahead): appended after the items there. The
    // previous meeting was the day before, so only the overdue actions are news (no milestone or value since).
    const pulled = await t.call({
      method: 'POST',
      url: `/api/cities/${cityId}/meetings/${plain.json().id}/agenda/pull`,
      cookie: cookies.coordinator,
    });
    expect(pulled.statusCode).toBe(200);
    expect(
      pulled
        .json()
        .items.map((i: { title: string }) => i.title)
        .slice(4),
    ).toEqual(['Overdue plan actions (2)']);
    expect(
      (
        await t.call({
          method: 'POST',
          url: `/api/cities/${cityId}/meetings/${plain.json().id}/agenda/pull`,
          cookie: cookies.member,
        })
      ).statusCode,
    ).toBe(403);
  });
});
