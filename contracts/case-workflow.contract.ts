import { z } from 'zod';
import { int, isoDate, LIMITS, requiredText, text } from './primitives.js';
import { cityParams, defineRoute } from './route.js';

/*
 * Case workflows as data (docs/CASES.md, "Workflows as data"). A definition names the stages, the
 * allowed transitions and, on each transition, the gates that must hold; one engine in the service
 * layer (server/modules/cases/cases.workflow.ts) enforces them. Built-in definitions are versioned
 * JSON files (server/modules/cases/workflows/); a chair may build a custom one (stored per city,
 * versioned). Which agencies see identities is NOT part of a definition: that stays the one
 * need-to-know rule (`identityVisible`, assigned agencies only) whatever the workflow.
 */

/** Common categories every stage maps onto, so cities running different models can be compared. */
export const stageCategories = ['intake', 'accepted', 'in-support', 'closed', 'rejected'] as const;
export const stageCategorySchema = z.enum(stageCategories);
export type StageCategory = z.infer<typeof stageCategorySchema>;

/** Who may take a transition or record a decision: a city role or an assignment on the situation. */
export const transitionActors = ['chair', 'coordinator', 'originating', 'lead', 'assisting'] as const;
export const transitionActorSchema = z.enum(transitionActors);
export type TransitionActor = z.infer<typeof transitionActorSchema>;

export const gateKinds = [
  'decision',
  'lead-agency',
  'basis',
  'guardian-for-minor',
  'plan-saved',
  'person-informed',
  'assessment-recorded',
] as const;
export type GateKind = (typeof gateKinds)[number];

const idCode = z
  .string()
  .max(40)
  .regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and hyphens, starting with a letter');

export const gateSchema = z.discriminatedUnion('kind', [
  /** The table/panel records a decision (with a note) as part of the transition; `by` may record it. */
  z
    .object({
      kind: z.literal('decision'),
      by: z
        .array(z.enum(['chair', 'coordinator', 'originating']))
        .min(1)
        .max(3),
    })
    .strict(),
  /** An active lead agency is assigned. */
  z.object({ kind: z.literal('lead-agency') }).strict(),
  /**
   * A consent or legal basis of one of `bases` for `purpose` is recorded and not withdrawn: for
   * `support`, one per subject person; for `disclosure`, one for the situation.
   */
  z
    .object({
      kind: z.literal('basis'),
      purpose: z.enum(['disclosure', 'support']),
      bases: z
        .array(z.enum(['consent', 'guardian-consent', 'legal-basis', 'chair-override']))
        .min(1)
        .max(4),
    })
    .strict(),
  /** Every minor person of the situation has a guardian recorded. */
  z.object({ kind: z.literal('guardian-for-minor') }).strict(),
  /** An intervention/support plan is saved. */
  z.object({ kind: z.literal('plan-saved') }).strict(),
  /**
   * The person is informed, or the reason why informing them is unsafe is documented with a date to
   * reconsider that has not passed.
   */
  z.object({ kind: z.literal('person-informed') }).strict(),
  /** At least one assessment is recorded. */
  z.object({ kind: z.literal('assessment-recorded') }).strict(),
]);
export type Gate = z.infer<typeof gateSchema>;

export const workflowStageSchema = z
  .object({
    id: idCode,
    /** A custom stage's name as the chair typed it; built-in stages are named by i18n key. */
    label: text(LIMITS.label).optional(),
    category: stageCategorySchema,
    /**
     * Response clock: entering this stage sets the first response due this many hours later; each of
     * `remindBeforeHours` sends a reminder e-mail that many hours before it is due (while no first
     * response is recorded). After the due time the overdue alert takes over.
     */
    clock: z
      .object({
        responseHours: int(1, 8760),
        remindBeforeHours: z.array(int(1, 8760)).max(3).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const workflowTransitionSchema = z
  .object({
    from: idCode,
    to: idCode,
    by: z.array(transitionActorSchema).min(1).max(5),
    gates: z.array(gateSchema).max(7).default([]),
  })
  .strict();
export type WorkflowTransition = z.infer<typeof workflowTransitionSchema>;

export const workflowIdSchema = z
  .string()
  .max(48)
  .regex(/^[a-z][a-z0-9-]{1,47}$/, 'lower-case kebab-case id');

const workflowShape = z
  .object({
    id: workflowIdSchema,
    version: int(1, 100_000),
    /** Name shown in pickers (custom: the chair's text; built-in: i18n key `workflows.<id>.name`). */
    name: text(LIMITS.title).optional(),
    /** Case references: `<prefix>-<year>-<number>`. */
    prefix: z
      .string()
      .max(4)
      .regex(/^[A-Z]{2,4}$/, 'two to four capital letters'),
    initialStage: idCode,
    stages: z.array(workflowStageSchema).min(2).max(20),
    transitions: z.array(workflowTransitionSchema).min(1).max(60),
    /** Post-closure reviews, in calendar months after closure (none: empty). */
    reviewsAfterExitMonths: z.array(int(1, 120)).max(6).default([]),
    /** Public sources the model is built on (built-in definitions). */
    sources: z.array(requiredText(LIMITS.summary)).max(10).optional(),
  })
  .strict();

/**
 * Every problem of a definition, as `{ path, message }` (empty when valid). Rules: unique stage ids;
 * the initial stage exists and is an intake stage; `closed` is the one closed stage and `rejected`
 * the one rejected stage (the retention and review machinery keys on those ids); transitions join
 * known stages, never leave a closed or rejected stage and do not repeat; every stage is reachable
 * from the initial stage and every open stage has a way to `closed`; gates are valid for their
 * transition (a rejection is a decision and takes no other gate; a gate kind appears once, except
 * `basis` once per purpose).
 */
export interface WorkflowProblem {
  path: string;
  /** Stable code; the message in every language is `cases.wfProblem.<code>` with `values`. */
  code: string;
  /** English, for developers and the built-in files' validation. */
  message: string;
  values?: Record<string, string>;
}

export function workflowProblems(def: z.infer<typeof workflowShape>): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  const add = (path: string, code: string, message: string, values?: Record<string, string>) =>
    problems.push({ path, code, message, ...(values ? { values } : {}) });
  const ids = def.stages.map((s) => s.id);
  const byId = new Map(def.stages.map((s) => [s.id, s]));
  if (new Set(ids).size !== ids.length) add('stages', 'stage-ids-repeat', 'stage ids must not repeat');
  def.stages.forEach((s, i) => {
    if (s.category === 'closed' && s.id !== 'closed')
      add(`stages.${i}.id`, 'closed-id', 'the closed stage is "closed"');
    if (s.category === 'rejected' && s.id !== 'rejected') {
      add(`stages.${i}.id`, 'rejected-id', 'the rejected stage is "rejected"');
    }
    if ((s.id === 'closed' || s.id === 'rejected') && s.category !== s.id) {
      add(`stages.${i}.category`, 'reserved-category', `stage "${s.id}" has category "${s.id}"`, {
        stage: s.id,
      });
    }
    if (s.clock && (s.category === 'closed' || s.category === 'rejected')) {
      add(`stages.${i}.clock`, 'closed-clock', 'a closed stage has no response clock');
    }
    const reminders = s.clock?.remindBeforeHours ?? [];
    if (new Set(reminders).size !== reminders.length) {
      add(`stages.${i}.clock.remindBeforeHours`, 'reminders-repeat', 'reminders must not repeat');
    }
    if (s.clock && reminders.some((h) => h >= s.clock!.responseHours)) {
      add(
        `stages.${i}.clock.remindBeforeHours`,
        'reminder-after-due',
        'a reminder comes before the response is due',
      );
    }
  });
  const initial = byId.get(def.initialStage);
  if (!initial) add('initialStage', 'initial-unknown', 'the initial stage is not one of the stages');
  else if (initial.category !== 'intake') {
    add('initialStage', 'initial-not-intake', 'the initial stage is an intake stage');
  }
  if (!byId.has('closed')) add('stages', 'no-closed', 'a workflow needs a closing stage ("closed")');
  const seen = new Set<string>();
  def.transitions.forEach((t, i) => {
    const from = byId.get(t.from);
    const to = byId.get(t.to);
    if (!from) add(`transitions.${i}.from`, 'unknown-stage', `unknown stage "${t.from}"`, { stage: t.from });
    if (!to) add(`transitions.${i}.to`, 'unknown-stage', `unknown stage "${t.to}"`, { stage: t.to });
    if (t.from === t.to) add(`transitions.${i}.to`, 'self-transition', 'a transition goes to another stage');
    if (from && (from.category === 'closed' || from.category === 'rejected')) {
      add(`transitions.${i}.from`, 'leaves-closed', 'nothing leaves a closed or rejected stage');
    }
    const key = `${t.from}>${t.to}`;
    if (seen.has(key)) add(`transitions.${i}`, 'transition-twice', 'this transition is listed twice');
    seen.add(key);
    if (new Set(t.by).size !== t.by.length)
      add(`transitions.${i}.by`, 'roles-repeat', 'roles must not repeat');
    const kinds = t.gates.map((g) => (g.kind === 'basis' ? `basis:${g.purpose}` : g.kind));
    if (new Set(kinds).size !== kinds.length)
      add(`transitions.${i}.gates`, 'gate-twice', 'a gate appears once');
    if (t.to === 'rejected') {
      if (!t.gates.some((g) => g.kind === 'decision')) {
        add(
          `transitions.${i}.gates`,
          'rejection-needs-decision',
          'a rejection is a decision of the table: add a decision gate',
        );
      }
      if (t.gates.some((g) => g.kind !== 'decision')) {
        add(
          `transitions.${i}.gates`,
          'rejection-only-decision',
          'a rejection takes no gate but the decision',
        );
      }
    }
    if (t.to === def.initialStage) {
      add(`transitions.${i}.to`, 'back-to-initial', 'nothing goes back to the initial stage');
    }
  });
  if (initial) {
    const reach = (start: string, edges: [string, string][]) => {
      const found = new Set([start]);
      const queue = [start];
      while (queue.length) {
        const at = queue.shift()!;
        for (const [a, b] of edges) {
          if (a === at && !found.has(b)) {
            found.add(b);
            queue.push(b);
          }
        }
      }
      return found;
    };
    const forward = def.transitions.map((t) => [t.from, t.to] as [string, string]);
    const reachable = reach(def.initialStage, forward);
    def.stages.forEach((s, i) => {
      if (!reachable.has(s.id))
        add(`stages.${i}`, 'unreachable', `stage "${s.id}" cannot be reached from the initial stage`, {
          stage: s.id,
        });
    });
    if (byId.has('closed')) {
      const toClosed = reach(
        'closed',
        forward.map(([a, b]) => [b, a]),
      );
      def.stages.forEach((s, i) => {
        const open = s.category !== 'closed' && s.category !== 'rejected';
        if (open && !toClosed.has(s.id)) {
          add(`stages.${i}`, 'no-way-to-closed', `stage "${s.id}" has no way to "closed"`, { stage: s.id });
        }
      });
    }
  }
  return problems;
}

export const workflowDefinitionSchema = workflowShape.superRefine((def, ctx) => {
  for (const p of workflowProblems(def)) {
    ctx.addIssue({
      code: 'custom',
      message: p.message,
      path: p.path.split('.').map((x) => (/^\d+$/.test(x) ? Number(x) : x)),
    });
  }
});
export type WorkflowDefinition = z.infer<typeof workflowShape>;
/** A definition as the API returns it (no refinement: the server only hands out valid ones). */
export const workflowDefinitionOutput = workflowShape;

// ---------------------------------------------------------------------------------------------
// API

/** A gate on the way out of the situation's stage, and whether it holds now. */
export const gateStatusSchema = z.object({ gate: gateSchema, met: z.boolean() });
export const availableTransitionSchema = z.object({
  to: z.string(),
  /** The asker may take this transition (role or assignment), gates aside. */
  allowed: z.boolean(),
  gates: z.array(gateStatusSchema),
});

export const workflowSummarySchema = z.object({
  id: z.string(),
  version: z.number(),
  builtIn: z.boolean(),
  name: z.string().nullable(),
  createdAt: z.string().nullable(),
});

const customInput = workflowShape.omit({ id: true, version: true, sources: true }).extend({
  key: z
    .string()
    .max(30)
    .regex(/^[a-z][a-z0-9-]{0,29}$/, 'lower-case kebab-case'),
  name: requiredText(LIMITS.title),
});

export const transitionInput = z.object({
  to: idCode,
  /** Required when the transition has a decision gate: what the table decided (no names). */
  decisionNote: text(LIMITS.shortNote).optional(),
  meetingId: z.guid().nullable().optional(),
  /** Required when the transition goes to "closed". */
  outcome: z
    .enum([
      'risk-lowered-connected',
      'risk-lowered-informed',
      'risk-remains-referred',
      'services-declined',
      'moved-or-lost-contact',
      'other',
    ])
    .optional(),
  note: text(LIMITS.note).optional(),
});

export const informInput = z.union([
  z.object({ informed: z.literal(true), informedOn: isoDate }).strict(),
  z
    .object({
      informed: z.literal(false),
      /** Why informing the person is unsafe now (restricted: stored encrypted). */
      unsafeReason: text(LIMITS.shortNote, 10),
      reconsiderOn: isoDate,
    })
    .strict(),
]);

const caseParams = cityParams.extend({ caseId: z.guid() });

export const caseWorkflowRoutes = {
  listWorkflows: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/case-workflows',
    summary: 'The built-in workflows and the city’s custom ones (every version), with the one in use',
    tags: ['cases'],
    params: cityParams,
    response: z.object({
      current: z.object({ id: z.string(), version: z.number() }).nullable(),
      workflows: z.array(workflowSummarySchema),
    }),
  }),
  getWorkflow: defineRoute({
    method: 'GET',
    path: '/api/cities/:cityId/case-workflows/:workflowId/:version',
    summary: 'One workflow definition (a built-in file or a custom version)',
    tags: ['cases'],
    params: cityParams.extend({
      workflowId: workflowIdSchema,
      version: z.coerce.number().int().min(1).max(100_000),
    }),
    response: workflowDefinitionOutput,
  }),
  saveCustomWorkflow: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/case-workflows',
    summary:
      'The chair saves a custom workflow (id custom-<key>): validated, stored as a new version; open situations keep theirs',
    tags: ['cases'],
    params: cityParams,
    body: customInput,
    response: workflowDefinitionOutput,
  }),
  useWorkflow: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/case-workflows/current',
    summary: 'The chair chooses the workflow new situations start on (open ones keep theirs)',
    tags: ['cases'],
    params: cityParams,
    body: z.object({ id: workflowIdSchema }),
    response: z.object({ id: z.string(), version: z.number() }),
  }),
  transition: defineRoute({
    method: 'POST',
    path: '/api/cities/:cityId/cases/:caseId/transition',
    summary:
      'Move a situation along its workflow (definition-run workflows): every gate is checked in the transition’s transaction',
    tags: ['cases'],
    params: caseParams,
    body: transitionInput,
    response: z.object({ stage: z.string() }),
  }),
  inform: defineRoute({
    method: 'PUT',
    path: '/api/cities/:cityId/cases/:caseId/informed',
    summary:
      'Record that the person was informed, or why informing them is unsafe now and when to reconsider',
    tags: ['cases'],
    params: caseParams,
    body: informInput,
    response: z.object({ informedOn: z.string().nullable(), reconsiderOn: z.string().nullable() }),
  }),
} as const;
