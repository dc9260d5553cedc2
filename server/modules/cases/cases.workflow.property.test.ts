import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  stageCategories,
  transitionActors,
  workflowDefinitionSchema,
  workflowProblems,
  type Gate,
  type TransitionActor,
  type WorkflowDefinition,
} from '../../../contracts/case-workflow.contract.js';
import { identityVisible, type AssignmentRole } from './cases.access.js';
import { checkTransition, type GateFacts } from './cases.workflow.js';

/*
 * The engine against a model: random valid workflow definitions and random sequences of actions
 * (assign a lead, record or withdraw a basis, add a person, save a plan, inform or defer, try a
 * transition as someone). The model keeps its own plain account of the situation and decides, gate
 * by gate in its own words, whether a transition may pass. The engine must agree every time — so it
 * never lets a situation past a gate whose condition does not hold — and an agency that is not
 * assigned never sees identity, whatever the workflow or the stage.
 */

const CONSENT_BASES = ['consent', 'guardian-consent', 'legal-basis', 'chair-override'] as const;
const TODAY = '2026-06-15';

const someOf = <T>(values: readonly T[]) =>
  fc.subarray([...values], { minLength: 1 }).map((xs) => [...new Set(xs)]);

const gateArb: fc.Arbitrary<Gate> = fc.oneof(
  someOf(['chair', 'coordinator', 'originating'] as const).map((by) => ({ kind: 'decision' as const, by })),
  fc.constant({ kind: 'lead-agency' as const }),
  fc.record({
    kind: fc.constant('basis' as const),
    purpose: fc.constantFrom('disclosure' as const, 'support' as const),
    bases: someOf(CONSENT_BASES),
  }),
  fc.constant({ kind: 'guardian-for-minor' as const }),
  fc.constant({ kind: 'plan-saved' as const }),
  fc.constant({ kind: 'person-informed' as const }),
  fc.constant({ kind: 'assessment-recorded' as const }),
);

/** A valid definition: a chain from the initial stage to `closed`, extra edges, gates at random. */
const definitionArb: fc.Arbitrary<WorkflowDefinition> = fc
  .record({
    middle: fc.array(fc.constantFrom('intake', 'accepted', 'in-support') as fc.Arbitrary<'intake'>, {
      minLength: 1,
      maxLength: 4,
    }),
    withRejected: fc.boolean(),
    extra: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 5 }),
    gates: fc.array(
      fc.uniqueArray(gateArb, {
        maxLength: 3,
        selector: (g) => (g.kind === 'basis' ? `b:${g.purpose}` : g.kind),
      }),
      {
        minLength: 12,
        maxLength: 12,
      },
    ),
    by: fc.array(someOf(transitionActors), { minLength: 12, maxLength: 12 }),
    decisionBy: someOf(['chair', 'coordinator', 'originating'] as const),
  })
  .map(({ middle, withRejected, extra, gates, by, decisionBy }) => {
    const stages = [
      { id: 's0', category: 'intake' as const },
      ...middle.map((category, i) => ({ id: `s${i + 1}`, category })),
      { id: 'closed', category: 'closed' as const },
      ...(withRejected ? [{ id: 'rejected', category: 'rejected' as const }] : []),
    ];
    const open = stages.filter((s) => s.id !== 'closed' && s.id !== 'rejected').map((s) => s.id);
    const edges: [string, string][] = open.map((id, i) => [id, open[i + 1] ?? 'closed']);
    for (const [a, b] of extra) {
      const from = open[a % open.length];
      const targets = [...open.slice(1), 'closed'].filter((x) => x !== from);
      const to = targets[b % targets.length];
      if (!edges.some(([x, y]) => x === from && y === to)) edges.push([from, to]);
    }
    const transitions = edges.map(([from, to], i) => ({
      from,
      to,
      by: by[i % by.length],
      gates: gates[i % gates.length],
    }));
    if (withRejected) {
      transitions.push({
        from: 's0',
        to: 'rejected',
        by: by[11],
        gates: [{ kind: 'decision', by: decisionBy }],
      });
    }
    return {
      id: 'custom-random',
      version: 1,
      prefix: 'RX',
      initialStage: 's0',
      stages,
      transitions,
      reviewsAfterExitMonths: [],
    } satisfies WorkflowDefinition;
  });

interface Model {
  stage: string;
  lead: boolean;
  disclosure: string[];
  support: { person: number; basis: string }[];
  persons: { minor: boolean; guardian: boolean }[];
  situationMinor: boolean;
  plan: boolean;
  informedOn: string | null;
  deferredUntil: string | null;
  assessments: number;
}

type Action =
  | { kind: 'lead' }
  | { kind: 'disclosure'; basis: string }
  | { kind: 'support'; person: number; basis: string }
  | { kind: 'withdraw' }
  | { kind: 'person'; minor: boolean; guardian: boolean }
  | { kind: 'plan' }
  | { kind: 'inform' }
  | { kind: 'defer'; days: number }
  | { kind: 'assessment' }
  | { kind: 'move'; to: number; roles: TransitionActor[]; note: boolean };

const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.constant({ kind: 'lead' as const }),
  fc.constantFrom(...CONSENT_BASES).map((basis) => ({ kind: 'disclosure' as const, basis })),
  fc.record({
    kind: fc.constant('support' as const),
    person: fc.nat(3),
    basis: fc.constantFrom(...CONSENT_BASES),
  }),
  fc.constant({ kind: 'withdraw' as const }),
  fc.record({ kind: fc.constant('person' as const), minor: fc.boolean(), guardian: fc.boolean() }),
  fc.constant({ kind: 'plan' as const }),
  fc.constant({ kind: 'inform' as const }),
  fc.record({ kind: fc.constant('defer' as const), days: fc.integer({ min: -5, max: 5 }) }),
  fc.constant({ kind: 'assessment' as const }),
  fc.record({
    kind: fc.constant('move' as const),
    to: fc.nat(8),
    roles: fc.subarray([...transitionActors]),
    note: fc.boolean(),
  }),
  // Moves are the point: give them more weight.
  fc.record({
    kind: fc.constant('move' as const),
    to: fc.nat(8),
    roles: fc.subarray([...transitionActors], { minLength: 1 }),
    note: fc.constant(true),
  }),
);

function addDays(iso: string, days: number) {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The model's own reading of a gate (written apart from the engine's gateHolds). */
function modelAllows(g: Gate, m: Model, roles: TransitionActor[], note: boolean): boolean {
  if (g.kind === 'decision') return note && roles.some((r) => (g.by as string[]).includes(r));
  if (g.kind === 'lead-agency') return m.lead;
  if (g.kind === 'plan-saved') return m.plan;
  if (g.kind === 'assessment-recorded') return m.assessments >= 1;
  if (g.kind === 'person-informed') {
    if (m.informedOn) return true;
    return m.deferredUntil !== null && !(m.deferredUntil < TODAY);
  }
  if (g.kind === 'guardian-for-minor') {
    const minors = m.persons.filter((p) => p.minor);
    if (minors.length === 0) return !m.situationMinor;
    return !minors.some((p) => !p.guardian);
  }
  const accepted = g.bases as string[];
  if (g.purpose === 'disclosure') return m.disclosure.filter((b) => accepted.includes(b)).length > 0;
  // Support: there are persons, and not one of them lacks an accepted consent.
  if (m.persons.length === 0) return false;
  return m.persons.every((_, i) => m.support.some((s) => s.person === i && accepted.includes(s.basis)));
}

function factsOf(m: Model, roles: TransitionActor[], note: boolean): GateFacts {
  const ids = m.persons.map((_, i) => `p${i}`);
  return {
    actorRoles: roles,
    decisionNote: note ? 'decided' : undefined,
    hasLead: m.lead,
    disclosureBases: m.disclosure,
    supportBases: m.support.map((s) => ({ personId: `p${s.person}`, basis: s.basis })),
    subjects: m.persons.map((p, i) => ({ id: ids[i], isMinor: p.minor, hasGuardian: p.guardian })),
    minors: m.persons.flatMap((p, i) => (p.minor ? [{ id: ids[i], hasGuardian: p.guardian }] : [])),
    situationMinor: m.situationMinor,
    planSaved: m.plan,
    informedOn: m.informedOn,
    informDeferred: m.deferredUntil !== null,
    informReconsiderOn: m.deferredUntil,
    assessments: m.assessments,
    today: TODAY,
  };
}

describe('the workflow engine against a model', () => {
  it('generated definitions are valid, and the schema agrees with workflowProblems', () => {
    fc.assert(
      fc.property(definitionArb, (def) => {
        const problems = workflowProblems(def);
        expect(workflowDefinitionSchema.safeParse(def).success).toBe(problems.length === 0);
      }),
      { numRuns: 200 },
    );
  });

  it('never passes a gate whose condition does not hold, and never shows identity to an unassigned agency', () => {
    let moves = 0;
    let blocked = 0;
    fc.assert(
      fc.property(
        definitionArb,
        fc.boolean(),
        fc.array(actionArb, { minLength: 1, maxLength: 60 }),
        (def, minor, actions) => {
          fc.pre(workflowProblems(def).length === 0);
          const m: Model = {
            stage: def.initialStage,
            lead: false,
            disclosure: [],
            support: [],
            persons: [],
            situationMinor: minor,
            plan: false,
            informedOn: null,
            deferredUntil: null,
            assessments: 0,
          };
          const stageIds = def.stages.map((s) => s.id);
          for (const a of actions) {
            switch (a.kind) {
              case 'lead':
                m.lead = true;
                break;
              case 'disclosure':
                m.disclosure.push(a.basis);
                break;
              case 'support':
                if (a.person < m.persons.length) m.support.push({ person: a.person, basis: a.basis });
                break;
              case 'withdraw':
                m.disclosure = [];
                m.support = [];
                break;
              case 'person':
                m.persons.push({ minor: a.minor, guardian: a.guardian });
                if (a.minor) m.situationMinor = true;
                break;
              case 'plan':
                m.plan = true;
                break;
              case 'inform':
                m.informedOn = TODAY;
                m.deferredUntil = null;
                break;
              case 'defer':
                m.informedOn = null;
                m.deferredUntil = addDays(TODAY, a.days);
                break;
              case 'assessment':
                m.assessments += 1;
                break;
              case 'move': {
                // Mostly a transition out of the current stage; sometimes any stage (not listed: refused).
                const outgoing = def.transitions.filter((t) => t.from === m.stage).map((t) => t.to);
                const to =
                  a.to % 3 !== 0 && outgoing.length
                    ? outgoing[a.to % outgoing.length]
                    : stageIds[a.to % stageIds.length];
                const check = checkTransition(def, m.stage, to, factsOf(m, a.roles, a.note));
                const listed = def.transitions.find((t) => t.from === m.stage && t.to === to);
                const mayAct = Boolean(listed && listed.by.some((r) => a.roles.includes(r)));
                const allHold = Boolean(
                  listed && listed.gates.every((g) => modelAllows(g, m, a.roles, a.note)),
                );
                const engineMoves = Boolean(check.transition && check.allowed && check.unmet.length === 0);
                expect(engineMoves).toBe(Boolean(listed) && mayAct && allHold);
                // Every gate the engine reports as unmet is one the model says does not hold, and vice versa.
                if (listed) {
                  for (const g of listed.gates) {
                    expect(check.unmet.includes(g)).toBe(!modelAllows(g, m, a.roles, a.note));
                  }
                }
                if (engineMoves) {
                  moves += 1;
                  m.stage = to;
                } else if (listed) blocked += 1;
                break;
              }
            }
            // Identity: whatever the workflow and stage, an agency without an assignment sees nothing,
            // and an assisting or lead agency sees it only with a recorded basis.
            for (const role of ['chair', 'coordinator', 'member'] as const) {
              expect(
                identityVisible({ role, myRoles: [], disclosureBasisRecorded: true, stage: m.stage }),
              ).toBe(false);
              for (const mine of [['lead'], ['assisting']] as AssignmentRole[][]) {
                expect(
                  identityVisible({
                    role,
                    myRoles: mine,
                    disclosureBasisRecorded: m.disclosure.length > 0,
                    stage: m.stage,
                  }),
                ).toBe(m.disclosure.length > 0 && m.stage !== 'rejected');
              }
            }
          }
        },
      ),
      { numRuns: 500 },
    );
    // The generators do reach both outcomes (otherwise the property says little).
    expect(moves).toBeGreaterThan(100);
    expect(blocked).toBeGreaterThan(100);
  });

  it('every built-in definition uses only categories the statistics know', async () => {
    const { builtInWorkflows } = await import('./cases.workflow.js');
    for (const def of builtInWorkflows().values()) {
      for (const s of def.stages) expect(stageCategories).toContain(s.category);
      expect(workflowProblems(def)).toEqual([]);
    }
  });
});
