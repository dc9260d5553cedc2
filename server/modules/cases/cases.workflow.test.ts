import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { network } from '../network/index.js';
import { caseCity, presentation, type CaseCity, type CasePersona } from './cases.fixture.js';
import { caseFollowUp, caseSituation } from './cases.table.js';

/*
 * Case workflows as data: one API journey per definition-run built-in workflow (each gate refused
 * before its condition holds, then passed), custom workflows (validation, versions, switching), and
 * the networks set up as `custom` before workflows were data.
 */

let t: TestApp;
const cities: Record<string, CaseCity> = {};

const ADULT = { givenName: 'Mira', familyName: 'Kovalenko', dateOfBirth: '1990-04-02' };
const CHILD = {
  givenName: 'Tomás',
  familyName: 'Ilunga',
  dateOfBirth: '2013-09-15',
  guardians: [{ name: 'Ana Ilunga', relationship: 'mother' }],
};
const adultCase = { ...presentation, ageBand: '25-29' } as const;
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function as(c: CaseCity, who: CasePersona, method: string, path: string, payload?: unknown) {
  return t.call({
    method: method as 'GET',
    url: c.url(path),
    cookie: c.cookies[who],
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

/** Tries a transition and expects it refused for exactly these gates (in the problem's field errors). */
async function refusedFor(c: CaseCity, who: CasePersona, id: string, body: object, gates: string[]) {
  const r = await as(c, who, 'POST', `/cases/${id}/transition`, body);
  expect(r.statusCode, r.body).toBe(409);
  const codes = (r.json().errors ?? r.json().fieldErrors ?? []).map((e: { code: string }) => e.code);
  expect(codes.sort()).toEqual([...gates].sort());
  return r;
}

async function moved(c: CaseCity, who: CasePersona, id: string, body: object, stage: string) {
  const r = await as(c, who, 'POST', `/cases/${id}/transition`, body);
  expect(r.statusCode, r.body).toBe(200);
  expect(r.json().stage).toBe(stage);
  const detail = (await as(c, who, 'GET', `/cases/${id}`)).json();
  expect(detail.stage).toBe(stage);
  return detail;
}

beforeAll(async () => {
  t = await createTestApp();
  for (const template of ['safety-house', 'partner-table', 'info-house', 'anchor-team', 'situation-table']) {
    cities[template] = await caseCity(t, `wf-${template}`, template);
  }
});
afterAll(async () => t.close());

describe('each template runs its own model', () => {
  it('safety house: weekly triage → plan of approach with a case director → person informed unless unsafe → monitoring → closure', async () => {
    const c = cities['safety-house'];
    const created = await as(c, 'memberA', 'POST', '/cases', adultCase);
    expect(created.statusCode).toBe(201);
    const s = created.json();
    expect(s).toMatchObject({
      workflow: 'safety-house',
      stage: 'triage',
      workflowVersion: 1,
      stageCategory: 'intake',
    });
    expect(s.reference).toMatch(/^ZV-\d{4}-\d{4}$/);
    expect(s.responseDueAt).not.toBeNull(); // triage within a week
    expect(s.transitions.map((x: { to: string }) => x.to).sort()).toEqual(['plan-of-approach', 'rejected']);
    const id = s.id as string;

    // The four-filter steps do not apply.
    expect((await as(c, 'memberA', 'POST', `/cases/${id}/stage`, { to: 'filter-2' })).statusCode).toBe(409);
    // Only the chair or coordinator takes the triage decision, and it is recorded with a note.
    expect(
      (
        await as(c, 'memberA', 'POST', `/cases/${id}/transition`, {
          to: 'plan-of-approach',
          decisionNote: 'yes',
        })
      ).statusCode,
    ).toBe(403);
    await refusedFor(c, 'coordinator', id, { to: 'plan-of-approach' }, ['decision']);
    // The unmet gate is named in the caller's language, with the roles that record the decision.
    const arabic = await t.call({
      method: 'POST',
      url: c.url(`/cases/${id}/transition`),
      cookie: c.cookies.coordinator,
      headers: { 'accept-language': 'ar' },
      payload: { to: 'plan-of-approach' },
    });
    expect(arabic.statusCode).toBe(409);
    expect(arabic.json().errors[0].message).toContain('قرار');
    expect(arabic.json().errors[0].message).not.toMatch(/chair|coordinator/);
    const accepted = await moved(
      c,
      'coordinator',
      id,
      { to: 'plan-of-approach', decisionNote: 'Meets the safety house criteria' },
      'plan-of-approach',
    );
    expect(accepted).toMatchObject({ thresholdMet: true, decisionNote: 'Meets the safety house criteria' });
    expect(accepted.stageCategory).toBe('accepted');

    // Into monitoring: case director, basis, plan, person informed.
    await refusedFor(c, 'coordinator', id, { to: 'monitoring' }, [
      'lead-agency',
      'basis',
      'plan-saved',
      'person-informed',
    ]);
    const assigned = await as(c, 'coordinator', 'PUT', `/cases/${id}/assignments`, {
      leadOrganisationId: c.orgs.clinic,
      assistingOrganisationIds: [],
      disclosure: { basis: 'legal-basis', basisDetail: 'Privacy covenant of the safety house, art. 4' },
    });
    expect(assigned.statusCode).toBe(200);
    await refusedFor(c, 'memberB', id, { to: 'monitoring' }, ['plan-saved', 'person-informed']);
    expect(
      (await as(c, 'memberB', 'PUT', `/cases/${id}/plan`, { plan: 'Joint plan: housing, debt advice' }))
        .statusCode,
    ).toBe(200);
    await refusedFor(c, 'memberB', id, { to: 'monitoring' }, ['person-informed']);
    // Not informing needs a reason and a date to reconsider in the future.
    expect(
      (
        await as(c, 'memberB', 'PUT', `/cases/${id}/informed`, {
          informed: false,
          unsafeReason: 'Informing now would warn the group around him',
          reconsiderOn: day(-1),
        })
      ).statusCode,
    ).toBe(400);
    // Someone not assigned cannot record it.
    expect(
      (await as(c, 'memberC', 'PUT', `/cases/${id}/informed`, { informed: true, informedOn: day(0) }))
        .statusCode,
    ).toBe(403);
    const deferred = await as(c, 'memberB', 'PUT', `/cases/${id}/informed`, {
      informed: false,
      unsafeReason: 'Informing now would warn the group around him',
      reconsiderOn: day(14),
    });
    expect(deferred.statusCode).toBe(200);
    // The reason is restricted: stored encrypted, never in clear text.
    const [row] = await t.deps.db.select().from(caseSituation).where(eq(caseSituation.id, id));
    expect(row.informDeferredReasonEnc).not.toContain('warn the group');
    // Once the reconsider date has passed, the gate no longer holds.
    await t.deps.db
      .update(caseSituation)
      .set({ informReconsiderOn: day(-1) })
      .where(eq(caseSituation.id, id));
    await refusedFor(c, 'memberB', id, { to: 'monitoring' }, ['person-informed']);
    expect(
      (await as(c, 'memberB', 'PUT', `/cases/${id}/informed`, { informed: true, informedOn: day(0) }))
        .statusCode,
    ).toBe(200);
    const monitoring = await moved(c, 'memberB', id, { to: 'monitoring' }, 'monitoring');
    expect(monitoring.stageCategory).toBe('in-support');
    expect(monitoring.informedOn).toBe(day(0));
    // Need-to-know is the one rule whatever the workflow: the case director opens identity, an
    // unassigned member and the chair (not assigned) do not.
    expect(
      (await as(c, 'memberB', 'POST', `/cases/${id}/reveal`, { reason: 'case direction' })).statusCode,
    ).toBe(200);
    for (const who of ['memberC', 'chair'] as const) {
      expect((await as(c, who, 'POST', `/cases/${id}/reveal`, { reason: 'just looking' })).statusCode).toBe(
        403,
      );
    }

    // Closure: the lead may not record the table's decision; the coordinator does, with an outcome.
    await refusedFor(c, 'memberB', id, { to: 'closed', outcome: 'risk-lowered-connected' }, ['decision']);
    const noOutcome = await as(c, 'coordinator', 'POST', `/cases/${id}/transition`, {
      to: 'closed',
      decisionNote: 'Plan completed',
    });
    expect(noOutcome.statusCode).toBe(400);
    // The old closure route runs through the engine too: its gates apply.
    expect(
      (await as(c, 'coordinator', 'POST', `/cases/${id}/close`, { outcome: 'risk-lowered-connected' }))
        .statusCode,
    ).toBe(409);
    const closed = await moved(
      c,
      'coordinator',
      id,
      { to: 'closed', decisionNote: 'Plan completed', outcome: 'risk-lowered-connected' },
      'closed',
    );
    expect(closed.outcome).toBe('risk-lowered-connected');
    expect(closed.purgeAfter).not.toBeNull();
    const reviews = await t.deps.db
      .select()
      .from(caseFollowUp)
      .where(and(eq(caseFollowUp.situationId, id), eq(caseFollowUp.kind, 'post-closure-review')));
    expect(reviews.map((r) => r.monthsAfterClosure)).toEqual([6]);
    // Nothing leaves a closed stage.
    expect(
      (await as(c, 'coordinator', 'POST', `/cases/${id}/transition`, { to: 'monitoring' })).statusCode,
    ).toBe(409);
  });

  it('partner table: case discussion under shared professional secrecy → agreed actions → yearly review', async () => {
    const c = cities['partner-table'];
    const s = (await as(c, 'memberA', 'POST', '/cases', adultCase)).json();
    expect(s.reference).toMatch(/^CS-/);
    expect(s.stage).toBe('case-discussion');
    const id = s.id as string;
    const person = await as(c, 'memberA', 'POST', `/cases/${id}/persons`, {
      relation: 'subject',
      identity: ADULT,
    });
    expect(person.statusCode).toBe(201);
    const personId = person.json().personId as string;
    const body = { to: 'agreed-actions', decisionNote: 'Agreed under shared professional secrecy' };
    await refusedFor(c, 'coordinator', id, body, ['basis', 'basis', 'lead-agency', 'plan-saved']);
    // A consent to disclosure is not the legal basis this model rests on.
    expect(
      (
        await as(c, 'coordinator', 'PUT', `/cases/${id}/assignments`, {
          leadOrganisationId: c.orgs.clinic,
          assistingOrganisationIds: [c.orgs.youth],
          disclosure: { basis: 'consent', basisDetail: '' },
        })
      ).statusCode,
    ).toBe(200);
    await refusedFor(c, 'coordinator', id, body, ['basis', 'basis', 'plan-saved']);
    const legal = await as(c, 'memberA', 'POST', `/cases/${id}/consents`, {
      purpose: 'disclosure',
      basis: 'legal-basis',
      basisDetail: 'Criminal Code art. 458ter; Law of 30 July 2018',
    });
    expect(legal.statusCode).toBe(201);
    expect(
      (await as(c, 'memberB', 'PUT', `/cases/${id}/plan`, { plan: 'Clinic: weekly talks; youth: mentor' }))
        .statusCode,
    ).toBe(200);
    await refusedFor(c, 'coordinator', id, body, ['basis']);
    const support = await as(c, 'memberB', 'POST', `/cases/${id}/consents`, {
      purpose: 'support',
      personId,
      basis: 'consent',
    });
    expect(support.statusCode).toBe(201);
    // The table decides: a member of the lead agency may not take this step.
    expect((await as(c, 'memberB', 'POST', `/cases/${id}/transition`, body)).statusCode).toBe(403);
    const agreed = await moved(c, 'coordinator', id, body, 'agreed-actions');
    expect(agreed.stageCategory).toBe('in-support');
    expect(agreed.responseDueAt).not.toBeNull();
    // Withdrawing the support consent does not undo the step, but a closed decision still needs a note.
    await moved(
      c,
      'chair',
      id,
      { to: 'closed', decisionNote: 'Actions done', outcome: 'risk-lowered-informed' },
      'closed',
    );
    const reviews = await t.deps.db.select().from(caseFollowUp).where(eq(caseFollowUp.situationId, id));
    expect(reviews.map((r) => r.monthsAfterClosure)).toEqual([12]);
  });

  it('info-house: police concern assessment → consultation → handover → follow-up', async () => {
    const c = cities['info-house'];
    const s = (await as(c, 'memberA', 'POST', '/cases', presentation)).json();
    expect(s).toMatchObject({ workflow: 'info-house', stage: 'concern-assessment' });
    expect(s.reference).toMatch(/^IH-/);
    const id = s.id as string;
    // The concern assessment is the originating agency's (or the coordinator's); another member is not assigned.
    expect(
      (await as(c, 'memberB', 'POST', `/cases/${id}/transition`, { to: 'consultation', decisionNote: 'x' }))
        .statusCode,
    ).toBe(403);
    await refusedFor(c, 'memberA', id, { to: 'consultation' }, ['decision']);
    await moved(c, 'memberA', id, { to: 'consultation', decisionNote: 'Concern confirmed' }, 'consultation');
    const handover = { to: 'handover', decisionNote: 'Hand over to SSP mentor' };
    // A minor: the guardian must be recorded; a lead and a basis are needed.
    await refusedFor(c, 'coordinator', id, handover, ['lead-agency', 'basis', 'guardian-for-minor']);
    const child = await as(c, 'memberA', 'POST', `/cases/${id}/persons`, {
      relation: 'subject',
      identity: { ...CHILD, guardians: [] },
    });
    expect(child.statusCode).toBe(201);
    await refusedFor(c, 'coordinator', id, handover, ['lead-agency', 'basis', 'guardian-for-minor']);
    const personId = child.json().personId as string;
    expect(
      (
        await as(c, 'memberA', 'PUT', `/cases/${id}/persons/${personId}`, {
          relation: 'subject',
          identity: CHILD,
        })
      ).statusCode,
    ).toBe(200);
    await refusedFor(c, 'coordinator', id, handover, ['lead-agency', 'basis']);
    expect(
      (
        await as(c, 'coordinator', 'PUT', `/cases/${id}/assignments`, {
          leadOrganisationId: c.orgs.clinic,
          assistingOrganisationIds: [],
          disclosure: { basis: 'legal-basis', basisDetail: 'Administration of Justice Act § 115' },
        })
      ).statusCode,
    ).toBe(200);
    const handedOver = await moved(c, 'coordinator', id, handover, 'handover');
    expect(handedOver.responseDueAt).not.toBeNull();
    // Referrals go out from the accepted and in-support stages.
    await refusedFor(c, 'memberB', id, { to: 'follow-up' }, ['plan-saved']);
    expect(
      (await as(c, 'memberB', 'PUT', `/cases/${id}/plan`, { plan: 'Mentor and family support' })).statusCode,
    ).toBe(200);
    const followUp = await moved(c, 'memberB', id, { to: 'follow-up' }, 'follow-up');
    expect(followUp.firstResponseAt).not.toBeNull(); // leaving the clocked stage stops its clock
    expect(followUp.overdue).toBe(false);
    await moved(c, 'memberB', id, { to: 'closed', outcome: 'risk-lowered-connected' }, 'closed');
  });

  it('Anchor: multi-professional assessment with the young person and family → plan → follow-up', async () => {
    const c = cities['anchor-team'];
    const s = (await as(c, 'memberA', 'POST', '/cases', presentation)).json();
    expect(s).toMatchObject({ workflow: 'anchor', stage: 'joint-assessment' });
    expect(s.reference).toMatch(/^AN-/);
    const id = s.id as string;
    const toPlan = { to: 'plan', decisionNote: 'Assessed with the young person and the mother' };
    await refusedFor(c, 'coordinator', id, toPlan, ['person-informed', 'basis', 'guardian-for-minor']);
    const child = await as(c, 'memberA', 'POST', `/cases/${id}/persons`, {
      relation: 'subject',
      identity: CHILD,
    });
    const personId = child.json().personId as string;
    expect(
      (
        await as(c, 'memberA', 'POST', `/cases/${id}/consents`, {
          purpose: 'disclosure',
          basis: 'guardian-consent',
          basisDetail: '',
        })
      ).statusCode,
    ).toBe(201);
    await refusedFor(c, 'coordinator', id, toPlan, ['person-informed']);
    expect(
      (await as(c, 'memberA', 'PUT', `/cases/${id}/informed`, { informed: true, informedOn: day(1) }))
        .statusCode,
    ).toBe(400); // not in the future
    expect(
      (await as(c, 'memberA', 'PUT', `/cases/${id}/informed`, { informed: true, informedOn: day(0) }))
        .statusCode,
    ).toBe(200);
    await moved(c, 'coordinator', id, toPlan, 'plan');
    await refusedFor(c, 'coordinator', id, { to: 'follow-up' }, ['lead-agency', 'plan-saved', 'basis']);
    await as(c, 'coordinator', 'PUT', `/cases/${id}/assignments`, {
      leadOrganisationId: c.orgs.youth,
      assistingOrganisationIds: [],
    });
    expect(
      (await as(c, 'memberC', 'PUT', `/cases/${id}/plan`, { plan: 'Youth worker weekly' })).statusCode,
    ).toBe(200);
    // A minor's consent to support comes from a guardian.
    expect(
      (
        await as(c, 'memberC', 'POST', `/cases/${id}/consents`, {
          purpose: 'support',
          personId,
          basis: 'consent',
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await as(c, 'memberC', 'POST', `/cases/${id}/consents`, {
          purpose: 'support',
          personId,
          basis: 'guardian-consent',
        })
      ).statusCode,
    ).toBe(201);
    const detail = (await as(c, 'memberC', 'GET', `/cases/${id}`)).json();
    expect(detail.transitions[0].gates.every((g: { met: boolean }) => g.met)).toBe(true);
    await moved(c, 'memberC', id, { to: 'follow-up' }, 'follow-up');
    await moved(c, 'memberC', id, { to: 'closed', outcome: 'risk-lowered-connected' }, 'closed');
  });

  it('a network set up as "custom" before workflows were data runs its template model, not four filters', async () => {
    const c = cities['safety-house'];
    await t.deps.db
      .update(network)
      .set({ caseWorkflow: { kind: 'custom', guardianConsentForMinors: true } })
      .where(eq(network.cityId, c.cityId));
    const s = (await as(c, 'memberA', 'POST', '/cases', adultCase)).json();
    expect(s.workflow).toBe('safety-house');
    expect(s.stage).toBe('triage');
  });

  it("the model's weekly triage agenda lists the situations waiting at intake, by reference only", async () => {
    const c = cities['safety-house'];
    const waiting = (await as(c, 'memberA', 'POST', '/cases', adultCase)).json();
    await as(c, 'memberA', 'POST', `/cases/${waiting.id}/persons`, { relation: 'subject', identity: CHILD });
    const movedOn = (await as(c, 'memberA', 'POST', '/cases', adultCase)).json();
    await moved(
      c,
      'coordinator',
      movedOn.id,
      { to: 'plan-of-approach', decisionNote: 'Taken on' },
      'plan-of-approach',
    );
    const created = await as(c, 'chair', 'POST', '/meetings', {
      title: 'Weekly triage',
      startsAt: '2026-09-07T09:00:00Z',
    });
    expect(created.statusCode, created.body).toBe(201);
    const agenda = created.json().agenda as { kind: string; title: string; caseRef: string | null }[];
    const refs = agenda.filter((a) => a.kind === 'case').map((a) => a.caseRef);
    expect(refs).toContain(waiting.reference);
    expect(refs).not.toContain(movedOn.reference);
    // Right after the triage item, each case item is its reference and nothing else.
    const triage = agenda.findIndex((a) => a.title.startsWith('Triage of new situations'));
    expect(agenda[triage + 1].kind).toBe('case');
    for (const a of agenda.filter((x) => x.kind === 'case')) expect(a.title).toBe(a.caseRef);
    expect(JSON.stringify(agenda)).not.toContain(CHILD.familyName);
  });

  it('a rejection is a decision and keeps only minimal data', async () => {
    const c = cities['anchor-team'];
    const s = (await as(c, 'memberA', 'POST', '/cases', presentation)).json();
    await as(c, 'memberA', 'POST', `/cases/${s.id}/persons`, { relation: 'subject', identity: CHILD });
    await as(c, 'memberA', 'PUT', `/cases/${s.id}/informed`, {
      informed: false,
      unsafeReason: 'The family would move away at once',
      reconsiderOn: day(7),
    });
    await refusedFor(c, 'coordinator', s.id, { to: 'rejected' }, ['decision']);
    const rejected = await moved(
      c,
      'coordinator',
      s.id,
      { to: 'rejected', decisionNote: 'Not for Anchor' },
      'rejected',
    );
    expect(rejected).toMatchObject({
      thresholdMet: false,
      persons: [],
      riskFactors: [],
      stageCategory: 'rejected',
    });
    expect(rejected.purgeAfter).not.toBeNull();
    expect(rejected.informReconsiderOn).toBeNull();
    const [row] = await t.deps.db.select().from(caseSituation).where(eq(caseSituation.id, s.id));
    expect(row.informDeferredReasonEnc).toBeNull();
  });
});

describe('the four filters on the one engine', () => {
  it('their named steps and …/transition are the same transitions, gates and permissions', async () => {
    const c = cities['situation-table'];
    const id = (await as(c, 'memberA', 'POST', '/cases', adultCase)).json().id as string;
    const detail = (await as(c, 'memberA', 'GET', `/cases/${id}`)).json();
    expect(detail.transitions.map((x: { to: string }) => x.to)).toEqual(['filter-2']);
    // Filter 1 → 2 through the engine's route; an agency not on the situation cannot take it.
    expect((await as(c, 'memberC', 'POST', `/cases/${id}/transition`, { to: 'filter-2' })).statusCode).toBe(
      403,
    );
    await moved(c, 'memberA', id, { to: 'filter-2' }, 'filter-2');
    // The threshold decision: through …/transition it needs the note; through …/decision the step records it.
    await refusedFor(c, 'coordinator', id, { to: 'filter-3' }, ['decision']);
    expect((await as(c, 'memberA', 'POST', `/cases/${id}/decision`, { thresholdMet: true })).statusCode).toBe(
      403,
    );
    const decided = await as(c, 'coordinator', 'POST', `/cases/${id}/decision`, { thresholdMet: true });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({
      stage: 'filter-3',
      thresholdMet: true,
      stageCategory: 'accepted',
    });
    // The network's 48 hours set the clock of the stage the decision accepts into.
    const due =
      new Date(decided.json().responseDueAt).getTime() - new Date(decided.json().decidedAt).getTime();
    expect(due).toBe(48 * 3_600_000);
    // No second decision: filter 3 takes none.
    expect(
      (await as(c, 'coordinator', 'POST', `/cases/${id}/decision`, { thresholdMet: false })).statusCode,
    ).toBe(409);
    // Filter 1–2 took no agencies; filter 3 does.
    const closed = await as(c, 'coordinator', 'POST', `/cases/${id}/close`, { outcome: 'other', note: '' });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ stage: 'closed', followUps: [] });
  });

  it('take no agencies, plan or assessment before the threshold decision', async () => {
    const c = cities['situation-table'];
    const id = (await as(c, 'memberA', 'POST', '/cases', adultCase)).json().id as string;
    const assign = await as(c, 'coordinator', 'PUT', `/cases/${id}/assignments`, {
      leadOrganisationId: c.orgs.school,
      assistingOrganisationIds: [],
    });
    expect(assign.statusCode).toBe(409);
    expect((await as(c, 'memberA', 'PUT', `/cases/${id}/plan`, { plan: 'Too early' })).statusCode).toBe(409);
  });
});

describe('custom workflows', () => {
  const simple = {
    key: 'simple',
    name: 'Our neighbourhood table',
    prefix: 'NT',
    initialStage: 'review',
    stages: [
      { id: 'review', label: 'Review', category: 'intake' },
      { id: 'working', label: 'Working on it', category: 'in-support', clock: { responseHours: 72 } },
      { id: 'closed', category: 'closed' },
      { id: 'rejected', category: 'rejected' },
    ],
    transitions: [
      {
        from: 'review',
        to: 'working',
        by: ['chair', 'coordinator'],
        gates: [{ kind: 'decision', by: ['chair', 'coordinator'] }, { kind: 'lead-agency' }],
      },
      { from: 'review', to: 'rejected', by: ['chair'], gates: [{ kind: 'decision', by: ['chair'] }] },
      { from: 'working', to: 'closed', by: ['lead'], gates: [] },
    ],
    reviewsAfterExitMonths: [3],
  };

  it('is validated before it can be used: reachable stages, a closing stage, valid gates', async () => {
    const c = cities['situation-table'];
    const broken = {
      ...simple,
      stages: [...simple.stages, { id: 'limbo', category: 'accepted' }],
      transitions: [
        ...simple.transitions.slice(0, 2),
        { from: 'review', to: 'rejected', by: ['chair'], gates: [{ kind: 'plan-saved' }] },
      ],
    };
    const r = await as(c, 'chair', 'POST', '/case-workflows', broken);
    expect(r.statusCode).toBe(400);
    const messages = JSON.stringify(r.json());
    expect(messages).toContain('cannot be reached');
    expect(messages).toContain('listed twice');
    expect(messages).toContain('no way to');
    const noClosed = await as(c, 'chair', 'POST', '/case-workflows', {
      ...simple,
      stages: simple.stages.filter((s) => s.id !== 'closed'),
      transitions: simple.transitions.slice(0, 2),
    });
    expect(noClosed.statusCode).toBe(400);
    expect(JSON.stringify(noClosed.json())).toContain('closing stage');
    // The problems come in the caller's language, each with its stable code, and nothing is saved.
    const fr = await t.call({
      method: 'POST',
      url: c.url('/case-workflows'),
      cookie: c.cookies.chair,
      headers: { 'accept-language': 'fr' },
      payload: broken,
    });
    expect(fr.statusCode).toBe(400);
    expect(fr.headers['content-type']).toContain('application/problem+json');
    const errors = fr.json().errors as { path: string; code: string; message: string }[];
    expect(errors.map((e) => e.code)).toEqual(
      expect.arrayContaining(['unreachable', 'transition-twice', 'no-way-to-closed']),
    );
    expect(errors.filter((e) => e.code === 'unreachable').map((e) => e.message)).toContain(
      'L’étape « limbo » est inaccessible depuis la première étape.',
    );
    expect(errors.find((e) => e.code === 'transition-twice')!.message).toBe(
      'Cette transition figure deux fois.',
    );
    expect(
      (await as(c, 'chair', 'GET', '/case-workflows'))
        .json()
        .workflows.some((w: { builtIn: boolean }) => !w.builtIn),
    ).toBe(false);
    // Only the chair builds workflows.
    expect((await as(c, 'coordinator', 'POST', '/case-workflows', simple)).statusCode).toBe(403);
    expect((await as(c, 'memberA', 'PUT', '/case-workflows/current', { id: 'anchor' })).statusCode).toBe(403);
  });

  it('is versioned; switching never rewrites an open situation, which keeps its version', async () => {
    const c = cities['situation-table'];
    const before = (await as(c, 'memberA', 'POST', '/cases', presentation)).json();
    expect(before.workflow).toBe('four-filter');
    const v1 = await as(c, 'chair', 'POST', '/case-workflows', simple);
    expect(v1.statusCode, v1.body).toBe(200);
    expect(v1.json()).toMatchObject({ id: 'custom-simple', version: 1 });
    // Unknown workflow: refused.
    expect(
      (await as(c, 'chair', 'PUT', '/case-workflows/current', { id: 'custom-nothing' })).statusCode,
    ).toBe(400);
    const used = await as(c, 'chair', 'PUT', '/case-workflows/current', { id: 'custom-simple' });
    expect(used.json()).toEqual({ id: 'custom-simple', version: 1 });
    const onV1 = (await as(c, 'memberA', 'POST', '/cases', presentation)).json();
    expect(onV1).toMatchObject({ workflow: 'custom-simple', workflowVersion: 1, stage: 'review' });
    expect(onV1.reference).toMatch(/^NT-/);

    // Version 2 asks for a plan before closing.
    const v2 = await as(c, 'chair', 'POST', '/case-workflows', {
      ...simple,
      transitions: [
        ...simple.transitions.slice(0, 2),
        { from: 'working', to: 'closed', by: ['lead'], gates: [{ kind: 'plan-saved' }] },
      ],
    });
    expect(v2.json().version).toBe(2);
    expect(
      (await as(c, 'chair', 'PUT', '/case-workflows/current', { id: 'custom-simple' })).json().version,
    ).toBe(2);
    const onV2 = (await as(c, 'memberA', 'POST', '/cases', presentation)).json();
    expect(onV2.workflowVersion).toBe(2);
    const list = (await as(c, 'memberA', 'GET', '/case-workflows')).json();
    expect(list.current).toEqual({ id: 'custom-simple', version: 2 });
    expect(list.workflows.filter((w: { id: string }) => w.id === 'custom-simple')).toHaveLength(2);

    // The older situations keep theirs: four filters, and v1 (no plan needed to close).
    expect((await as(c, 'memberA', 'GET', `/cases/${before.id}`)).json()).toMatchObject({
      workflow: 'four-filter',
      stage: 'filter-1',
    });
    for (const s of [onV1, onV2]) {
      await refusedFor(c, 'coordinator', s.id, { to: 'working', decisionNote: 'go' }, ['lead-agency']);
      await as(c, 'coordinator', 'PUT', `/cases/${s.id}/assignments`, {
        leadOrganisationId: c.orgs.school,
        assistingOrganisationIds: [],
      });
      await moved(c, 'coordinator', s.id, { to: 'working', decisionNote: 'go' }, 'working');
    }
    await moved(c, 'memberA', onV1.id, { to: 'closed', outcome: 'other' }, 'closed');
    await refusedFor(c, 'memberA', onV2.id, { to: 'closed', outcome: 'other' }, ['plan-saved']);

    // The definitions are readable by version; statistics map the custom stages onto the categories.
    const def1 = (await as(c, 'memberA', 'GET', '/case-workflows/custom-simple/1')).json();
    expect(def1.transitions[2].gates).toEqual([]);
    const stats = (await as(c, 'chair', 'GET', '/case-statistics')).json();
    const keys = stats.byCategory.cells.map((x: { key: string }) => x.key);
    expect(keys).toEqual(['intake', 'accepted', 'in-support', 'closed', 'rejected']);
    expect(stats.byStage.cells.map((x: { key: string }) => x.key)).toContain('working');
  });
});
