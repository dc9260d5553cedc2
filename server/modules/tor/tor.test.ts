import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { network, getTemplate } from '../network/index.js';
import { decision, meeting } from '../meetings/index.js';

let t: TestApp;
let cityId: string;
let otherCityId: string;
const cookies: Record<string, string> = {};
const ids: Record<string, string> = {};

const base = () => `/api/cities/${cityId}/tor`;

beforeAll(async () => {
  t = await createTestApp();
  cityId = await t.createCity('torville', { require2faRoles: [] });
  otherCityId = await t.createCity('elsewhere', { require2faRoles: [] });
  const template = getTemplate('situation-table')!;
  await t.deps.db.insert(network).values({
    cityId,
    name: 'Torville situation table',
    templateId: template.id,
    templateVersion: String(template.version),
    sectors: template.sectors,
    meetingCadence: template.meetingCadence.frequency,
    mandate: template.mandate,
    caseWorkflow: template.caseWorkflow,
  });
  for (const [key, role] of [
    ['chair', 'chair'],
    ['coordinator', 'coordinator'],
    ['member', 'member'],
    ['member2', 'member'],
    ['partner', 'partner'],
  ] as const) {
    ids[key] = await t.createPerson({ email: `${key}@tor.test`, name: `Person ${key}`, cityId, role });
    cookies[key] = await t.signIn(`${key}@tor.test`);
  }
  await t.createPerson({ email: 'otherchair@tor.test', cityId: otherCityId, role: 'chair' });
  cookies.otherChair = await t.signIn('otherchair@tor.test');
});
afterAll(() => t.close());

/** A held meeting with a decision about adopting a version (rows written directly). */
async function recordAdoption(versionId: string, quorumMet: boolean, outcome = 'passed') {
  const [m] = await t.deps.db
    .insert(meeting)
    .values({ cityId, title: 'Table', startsAt: new Date(), durationMinutes: 60, status: 'held' })
    .returning();
  const [d] = await t.deps.db
    .insert(decision)
    .values({
      cityId,
      meetingId: m.id,
      text: 'Adopt the Terms of Reference',
      subjectType: 'tor-adoption',
      subjectId: versionId,
      method: 'consensus',
      outcome,
      quorumMet,
    })
    .returning();
  return d.id;
}

let v1: string;
let v2: string;

describe('terms of reference', () => {
  it('opens a draft pre-filled from the situation-table template; only one draft at a time', async () => {
    const r = await t.call({ method: 'POST', url: base(), cookie: cookies.coordinator, payload: {} });
    expect(r.statusCode).toBe(201);
    const draft = r.json();
    v1 = draft.id;
    expect(draft).toMatchObject({ version: 1, status: 'draft', language: 'en', basedOnVersion: null });
    expect(draft.sections.mandate.d.enabled).toBe(true);
    expect(draft.sections.communicationInternal).toContain('reference number');
    expect(draft.sections.decisionRules).toEqual({
      quorum: { kind: 'share', value: 0.5 },
      method: 'consensus',
      voters: 'formal-members',
    });
    expect(draft.sections.roles.map((x: { role: string }) => x.role)).toContain('Table chair');

    const again = await t.call({ method: 'POST', url: base(), cookie: cookies.chair, payload: {} });
    expect(again.statusCode).toBe(409);
  });

  it('the chair edits the draft; bad input is refused and nothing is written', async () => {
    const current = (await t.call({ method: 'GET', url: `${base()}/${v1}`, cookie: cookies.chair })).json();
    const bad = await t.call({
      method: 'PATCH',
      url: `${base()}/${v1}`,
      cookie: cookies.chair,
      payload: {
        title: 'Broken',
        sections: {
          ...current.sections,
          decisionRules: { ...current.sections.decisionRules, quorum: { kind: 'share', value: 3 } },
        },
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const ok = await t.call({
      method: 'PATCH',
      url: `${base()}/${v1}`,
      cookie: cookies.chair,
      payload: {
        title: 'Torville situation table — Terms of Reference',
        publicSummary: 'We act together on acute risk.',
      },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().title).toBe('Torville situation table — Terms of Reference');
  });

  it('a member and a partner cannot edit; a partner sees only the summary; another city gets 404; anonymous 401', async () => {
    for (const who of ['member', 'partner']) {
      const patch = await t.call({
        method: 'PATCH',
        url: `${base()}/${v1}`,
        cookie: cookies[who],
        payload: { title: 'Hijacked' },
      });
      expect(patch.statusCode).toBe(403);
      const create = await t.call({ method: 'POST', url: base(), cookie: cookies[who], payload: {} });
      expect(create.statusCode).toBe(403);
      const del = await t.call({ method: 'DELETE', url: `${base()}/${v1}`, cookie: cookies[who] });
      expect(del.statusCode).toBe(403);
    }
    expect((await t.call({ method: 'GET', url: base(), cookie: cookies.member })).statusCode).toBe(200);
    expect((await t.call({ method: 'GET', url: base(), cookie: cookies.partner })).statusCode).toBe(403);
    expect(
      (await t.call({ method: 'GET', url: `${base()}/summary`, cookie: cookies.partner })).statusCode,
    ).toBe(200);
    expect(
      (await t.call({ method: 'GET', url: `${base()}/${v1}`, cookie: cookies.otherChair })).statusCode,
    ).toBe(404);
    expect(
      (
        await t.call({
          method: 'PATCH',
          url: `${base()}/${v1}`,
          cookie: cookies.otherChair,
          payload: { title: 'x' },
        })
      ).statusCode,
    ).toBe(404);
    expect((await t.call({ method: 'GET', url: base() })).statusCode).toBe(401);
    // A version of this city is not reachable through the other city's path either.
    const cross = await t.call({
      method: 'GET',
      url: `/api/cities/${otherCityId}/tor/${v1}`,
      cookie: cookies.otherChair,
    });
    expect(cross.statusCode).toBe(404);
  });

  it('refuses adoption at a meeting without quorum (409), adopts at one with quorum', async () => {
    const noQuorum = await recordAdoption(v1, false);
    const refused = await t.call({
      method: 'POST',
      url: `${base()}/${v1}/adopt`,
      cookie: cookies.chair,
      payload: { decisionId: noQuorum },
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toContain('the meeting did not have quorum');
    const rejected = await recordAdoption(v1, true, 'rejected');
    const refused2 = await t.call({
      method: 'POST',
      url: `${base()}/${v1}/adopt`,
      cookie: cookies.chair,
      payload: { decisionId: rejected },
    });
    expect(refused2.statusCode).toBe(409);
    expect(
      (await t.call({ method: 'GET', url: `${base()}/${v1}`, cookie: cookies.chair })).json().status,
    ).toBe('draft');

    const withQuorum = await recordAdoption(v1, true);
    const choices = await t.call({ method: 'GET', url: `${base()}/${v1}/decisions`, cookie: cookies.chair });
    expect(choices.json().items.filter((d: { eligible: boolean }) => d.eligible)).toHaveLength(1);
    const memberTry = await t.call({
      method: 'POST',
      url: `${base()}/${v1}/adopt`,
      cookie: cookies.member,
      payload: { decisionId: withQuorum },
    });
    expect(memberTry.statusCode).toBe(403);
    const adopted = await t.call({
      method: 'POST',
      url: `${base()}/${v1}/adopt`,
      cookie: cookies.chair,
      payload: { decisionId: withQuorum },
    });
    expect(adopted.statusCode).toBe(200);
    expect(adopted.json()).toMatchObject({ status: 'adopted', adoptedDecisionId: withQuorum });
    expect(adopted.json().adoptedAt).toBeTruthy();
    // Adopted versions never change.
    const edit = await t.call({
      method: 'PATCH',
      url: `${base()}/${v1}`,
      cookie: cookies.chair,
      payload: { title: 'x' },
    });
    expect(edit.statusCode).toBe(409);
    const del = await t.call({ method: 'DELETE', url: `${base()}/${v1}`, cookie: cookies.chair });
    expect(del.statusCode).toBe(409);
  });

  it('amends to v2 (majority voting), adopts it, supersedes v1 and shows the diff', async () => {
    const draft = (await t.call({ method: 'POST', url: base(), cookie: cookies.chair, payload: {} })).json();
    v2 = draft.id;
    expect(draft).toMatchObject({ version: 2, basedOnVersion: 1 });
    const sections = {
      ...draft.sections,
      decisionRules: { ...draft.sections.decisionRules, method: 'majority' },
      communicationInternal: `${draft.sections.communicationInternal} Minutes are approved at the next meeting.`,
      reviewDate: '2027-06-30',
    };
    const saved = await t.call({
      method: 'PATCH',
      url: `${base()}/${v2}`,
      cookie: cookies.coordinator,
      payload: { sections },
    });
    expect(saved.statusCode).toBe(200);
    const adopted = await t.call({
      method: 'POST',
      url: `${base()}/${v2}/adopt`,
      cookie: cookies.coordinator,
      payload: { decisionId: await recordAdoption(v2, true) },
    });
    expect(adopted.statusCode).toBe(200);
    const list = (await t.call({ method: 'GET', url: base(), cookie: cookies.member })).json();
    expect(list.items.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'adopted'],
      [1, 'superseded'],
    ]);

    const diff = await t.call({
      method: 'GET',
      url: `${base()}/diff?from=1&to=${v2}`,
      cookie: cookies.member,
    });
    expect(diff.statusCode).toBe(200);
    const hunks = diff.json().hunks as {
      section: string;
      changed: boolean;
      changes: { type: string; text: string }[];
    }[];
    const rules = hunks.find((h) => h.section === 'decisionRules')!;
    // Generated lines carry a translation key for the web (tor.diffLabels.*), beside the compared text.
    expect(rules.changes).toContainEqual({
      type: 'removed',
      text: 'method: consensus',
      label: { key: 'method.consensus', values: {} },
    });
    expect(rules.changes).toContainEqual({
      type: 'added',
      text: 'method: majority',
      label: { key: 'method.majority', values: {} },
    });
    expect(rules.changes).toContainEqual({
      type: 'same',
      text: 'voters: formal-members',
      label: { key: 'voters.formal-members', values: {} },
    });
    const comm = hunks.find((h) => h.section === 'communicationInternal')!;
    expect(
      comm.changes
        .filter((c) => c.type === 'added')
        .map((c) => c.text)
        .join(''),
    ).toContain('approved at the next meeting');
    // v1 took its review date from the template's review cycle; v2 moved it.
    const review = hunks.find((h) => h.section === 'reviewDate')!.changes;
    expect(review).toContainEqual({ type: 'added', text: '2027-06-30' });
    expect(review.filter((c) => c.type === 'removed')).toHaveLength(1);
    const mandate = hunks.find((h) => h.section === 'mandate')!;
    expect(mandate.changed).toBe(false);
    expect(mandate.changes[0]).toMatchObject({ label: { values: { item: 'a' } } });
  });

  it('members acknowledge the adopted version once; chairs see who has and who has not', async () => {
    const ack = await t.call({
      method: 'POST',
      url: `${base()}/${v2}/acknowledge`,
      cookie: cookies.member,
      payload: {},
    });
    expect(ack.statusCode).toBe(201);
    const twice = await t.call({
      method: 'POST',
      url: `${base()}/${v2}/acknowledge`,
      cookie: cookies.member,
      payload: {},
    });
    expect(twice.statusCode).toBe(409);
    const partner = await t.call({
      method: 'POST',
      url: `${base()}/${v2}/acknowledge`,
      cookie: cookies.partner,
      payload: {},
    });
    expect(partner.statusCode).toBe(403);
    await t.call({ method: 'POST', url: `${base()}/${v2}/acknowledge`, cookie: cookies.chair, payload: {} });

    const all = (
      await t.call({ method: 'GET', url: `${base()}/${v2}/acknowledgements`, cookie: cookies.chair })
    ).json();
    const state = Object.fromEntries(
      all.items.map((i: { userId: string; acknowledgedAt: string | null }) => [
        i.userId,
        i.acknowledgedAt !== null,
      ]),
    );
    expect(state).toEqual({
      [ids.chair]: true,
      [ids.coordinator]: false,
      [ids.member]: true,
      [ids.member2]: false,
    });
    expect(all.complete).toBe(false);

    const own = (
      await t.call({ method: 'GET', url: `${base()}/${v2}/acknowledgements`, cookie: cookies.member2 })
    ).json();
    expect(own.items).toEqual([expect.objectContaining({ userId: ids.member2, acknowledgedAt: null })]);
    const mine = (await t.call({ method: 'GET', url: base(), cookie: cookies.member })).json();
    expect(mine.items.find((v: { id: string }) => v.id === v2).acknowledgedByMe).toBe(true);
  });

  it('exports PDF and DOCX that parse back and contain the mandate, headings translated', async () => {
    const pdf = await t.call({ method: 'GET', url: `${base()}/${v2}/export.pdf`, cookie: cookies.member });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const parsed = await getDocument({ data: new Uint8Array(pdf.rawPayload) }).promise;
    let text = '';
    for (let i = 1; i <= parsed.numPages; i++) {
      const content = await (await parsed.getPage(i)).getTextContent();
      text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
    }
    const squash = (s: string) => s.replace(/\s+/g, ' ');
    expect(squash(text)).toContain('Mandate');
    expect(squash(text)).toContain('act on referrals');

    const docx = await t.call({
      method: 'GET',
      url: `${base()}/${v2}/export.docx?lang=fr`,
      cookie: cookies.member,
    });
    expect(docx.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(docx.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('Mandat');
    expect(xml).toContain(
      getTemplate('situation-table')!.mandate.d.scope.slice(0, 30).replace(/&/g, '&amp;'),
    );

    expect(
      (await t.call({ method: 'GET', url: `${base()}/${v2}/export.pdf`, cookie: cookies.partner }))
        .statusCode,
    ).toBe(403);
  });

  it('exports an Arabic PDF whose headings carry Arabic glyphs (a shaping font, not blanks)', async () => {
    const pdf = await t.call({
      method: 'GET',
      url: `${base()}/${v2}/export.pdf?lang=ar`,
      cookie: cookies.member,
    });
    expect(pdf.statusCode).toBe(200);
    const parsed = await getDocument({ data: new Uint8Array(pdf.rawPayload) }).promise;
    const content = await (await parsed.getPage(1)).getTextContent();
    const text = content.items.map((item) => ('str' in item ? item.str : '')).join(' ');
    // Shaped Arabic comes back as Arabic letters or their presentation forms.
    const arabicLetters = text.match(/[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]/g) ?? [];
    expect(arabicLetters.length).toBeGreaterThan(20);
  });

  it('the public summary has the adopted summary and mandate and no personal data', async () => {
    const r = await t.call({ method: 'GET', url: '/api/public/cities/torville/tor' });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.tor).toMatchObject({ version: 2, publicSummary: 'We act together on acute risk.' });
    expect(body.tor.mandate.map((m: { item: string }) => m.item)).toContain('d');
    const raw = r.body;
    for (const secret of ['@tor.test', 'Person ', ids.chair, ids.member]) expect(raw).not.toContain(secret);
    expect((await t.call({ method: 'GET', url: '/api/public/cities/nowhere/tor' })).statusCode).toBe(404);
    const none = await t.call({ method: 'GET', url: '/api/public/cities/elsewhere/tor' });
    expect(none.json().tor).toBeNull();
  });

  it('two drafts opened at the same moment: one is created, the other gets 409', async () => {
    const both = await Promise.all(
      [cookies.chair, cookies.coordinator].map((cookie) =>
        t.call({ method: 'POST', url: base(), cookie, payload: {} }),
      ),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const created = both.find((r) => r.statusCode === 201)!.json();
    expect(
      (await t.call({ method: 'DELETE', url: `${base()}/${created.id}`, cookie: cookies.chair })).statusCode,
    ).toBe(204);
  });

  it('a draft can be deleted by its editors; the audit log records the changes by field name', async () => {
    const draft = (await t.call({ method: 'POST', url: base(), cookie: cookies.chair, payload: {} })).json();
    expect(draft.version).toBe(3);
    const ackDraft = await t.call({
      method: 'POST',
      url: `${base()}/${draft.id}/acknowledge`,
      cookie: cookies.member,
      payload: {},
    });
    expect(ackDraft.statusCode).toBe(409);
    const del = await t.call({ method: 'DELETE', url: `${base()}/${draft.id}`, cookie: cookies.coordinator });
    expect(del.statusCode).toBe(204);
    const audit = await t.call({
      method: 'GET',
      url: `/api/cities/${cityId}/audit?limit=100`,
      cookie: cookies.chair,
    });
    const events = (audit.json().items ?? []) as { recordType: string; action: string }[];
    expect(events.filter((e) => e.recordType === 'tor_version').length).toBeGreaterThanOrEqual(5);
  });
});
