import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, desc, eq } from 'drizzle-orm';
import {
  workflowDefinitionSchema,
  type Gate,
  type StageCategory,
  type TransitionActor,
  type WorkflowDefinition,
  type WorkflowTransition,
} from '../../../contracts/case-workflow.contract.js';
import type { Db } from '../../platform/db/index.js';
import { caseWorkflowDefinition } from './cases.table.js';

/*
 * The case workflow engine (docs/CASES.md, "Workflows as data"). A definition is data: stages, the
 * transitions between them and the gates on each transition. This file holds the pure part — the
 * built-in definitions, which workflow a network runs, and whether a gate holds for given facts —
 * so that it can be tested exhaustively (cases.workflow.property.test.ts). The transactional part
 * (reading the facts and moving the situation) is cases.workflow.service.ts.
 */

export const WORKFLOWS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'workflows');

/**
 * The workflows whose response hours and post-closure reviews the network's own case-workflow
 * settings tune (the situation-table and Channel templates write `responseHours` and
 * `reviewsAfterExitMonths`, as they did before workflows were data). Every other definition carries
 * its own clocks and reviews. This is settings, not running: every workflow, these two included, is
 * run by the one engine (cases.workflow.service.ts).
 */
export const SETTINGS_TUNED: readonly string[] = ['four-filter', 'channel'];

/** Which built-in workflow a structure template's model runs (a network set up as `custom` before). */
export const TEMPLATE_WORKFLOW: Record<string, string> = {
  'situation-table': 'four-filter',
  'channel-panel': 'channel',
  'safety-house': 'safety-house',
  'partner-table': 'partner-table',
  'info-house': 'info-house',
  'anchor-team': 'anchor',
};

/** Validates one definition; throws an error naming `source` and every problem found. */
export function parseWorkflow(raw: unknown, source = 'workflow'): WorkflowDefinition {
  const result = workflowDefinitionSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid case workflow ${source}:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

let builtIns: Map<string, WorkflowDefinition> | undefined;

/** The built-in definitions (./workflows/<id>.json), validated on first use; the id is the file name. */
export function builtInWorkflows(): Map<string, WorkflowDefinition> {
  if (!builtIns) {
    const map = new Map<string, WorkflowDefinition>();
    for (const file of fs
      .readdirSync(WORKFLOWS_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const source = path.join(WORKFLOWS_DIR, file);
      const def = parseWorkflow(JSON.parse(fs.readFileSync(source, 'utf8')), source);
      if (`${def.id}.json` !== file) throw new Error(`Case workflow ${source} must be named ${def.id}.json`);
      if (def.id.startsWith('custom-'))
        throw new Error(`Case workflow ${source}: "custom-" ids are the cities'`);
      map.set(def.id, def);
    }
    builtIns = map;
  }
  return builtIns;
}

export function builtInWorkflow(id: string): WorkflowDefinition | undefined {
  const def = builtInWorkflows().get(id);
  return def && structuredClone(def);
}

/**
 * The workflow id a network's case-workflow settings select: a built-in kind, a custom workflow
 * (`kind: custom` with `workflowId`), or — for networks set up as `custom` before workflows were
 * data — the built-in workflow of their template's model (four filters when the template has none).
 */
export function selectedWorkflowId(
  settings: { kind?: string; workflowId?: string },
  templateId: string,
): string | null {
  if (!settings.kind || settings.kind === 'none') return null;
  if (settings.kind === 'custom') {
    if (settings.workflowId) return settings.workflowId;
    return TEMPLATE_WORKFLOW[templateId] ?? 'four-filter';
  }
  return builtInWorkflows().has(settings.kind) ? settings.kind : 'four-filter';
}

/** A definition version as stored for a city (custom ones, and snapshots of built-ins in use). */
export async function storedDefinition(
  db: Db,
  cityId: string,
  workflowId: string,
  version?: number,
): Promise<WorkflowDefinition | undefined> {
  const [row] = await db
    .select({ definition: caseWorkflowDefinition.definition })
    .from(caseWorkflowDefinition)
    .where(
      and(
        eq(caseWorkflowDefinition.cityId, cityId),
        eq(caseWorkflowDefinition.workflowId, workflowId),
        version === undefined ? undefined : eq(caseWorkflowDefinition.version, version),
      ),
    )
    .orderBy(desc(caseWorkflowDefinition.version))
    .limit(1);
  return row ? (row.definition as unknown as WorkflowDefinition) : undefined;
}

/**
 * The definition a situation runs on: its own version as stored for the city (a built-in version is
 * snapshotted when a situation starts on it), else the built-in file of that version.
 */
export async function definitionOf(
  db: Db,
  cityId: string,
  workflowId: string,
  version: number,
): Promise<WorkflowDefinition> {
  const stored = await storedDefinition(db, cityId, workflowId, version);
  if (stored) return stored;
  const builtIn = builtInWorkflow(workflowId);
  if (builtIn && builtIn.version === version) return builtIn;
  // A situation of a workflow whose file moved on before snapshots existed: run the current file.
  if (builtIn) return builtIn;
  throw new Error(`No case workflow ${workflowId} v${version} for city ${cityId}`);
}

/** Keeps a copy of a built-in definition version for the city (once), so open situations keep it. */
export async function snapshotBuiltIn(tx: Db, cityId: string, def: WorkflowDefinition) {
  await tx
    .insert(caseWorkflowDefinition)
    .values({
      cityId,
      workflowId: def.id,
      version: def.version,
      builtIn: true,
      definition: def as unknown as Record<string, unknown>,
    })
    .onConflictDoNothing();
}

export function categoryOf(def: WorkflowDefinition | undefined, stage: string): StageCategory {
  const found = def?.stages.find((s) => s.id === stage)?.category;
  if (found) return found;
  // Data whose definition is unknown: the stages of the four filters and Channel.
  if (stage === 'closed' || stage === 'rejected') return stage;
  if (['filter-1', 'filter-2', 'screening'].includes(stage)) return 'intake';
  if (['filter-4', 'support'].includes(stage)) return 'in-support';
  return 'accepted';
}

/** Whether a stage is open (the closed and rejected stages are "closed" and "rejected" by rule). */
export function isOpenStage(stage: string): boolean {
  return stage !== 'closed' && stage !== 'rejected';
}

/** Work recorded on a situation outside transitions, and the gate that asks for it. */
export type StageWork = 'assign' | 'plan' | 'assess';
const WORK_GATE: Record<StageWork, Gate['kind']> = {
  assign: 'lead-agency',
  plan: 'plan-saved',
  assess: 'assessment-recorded',
};

/**
 * Whether agencies may be assigned, a plan saved or an assessment recorded at a stage. Before the
 * threshold decision (an intake stage) a situation is discussed without names, so that work comes
 * after it — unless a way out of the intake stage itself asks for it (the partner table agrees
 * actions in the one discussion that decides). Closed and rejected stages take no work.
 */
export function stageAllows(def: WorkflowDefinition, stage: string, work: StageWork): boolean {
  if (!isOpenStage(stage)) return false;
  if (categoryOf(def, stage) !== 'intake') return true;
  return def.transitions.some((t) => t.from === stage && t.gates.some((g) => g.kind === WORK_GATE[work]));
}

/**
 * The next reminder of a stage clock after `after`: the earliest of (due − each reminder's hours)
 * still to come, or null when none is left.
 */
export function nextReminderAt(
  clock: { remindBeforeHours?: number[] } | undefined,
  dueAt: Date,
  after: Date,
): Date | null {
  const times = (clock?.remindBeforeHours ?? [])
    .map((h) => dueAt.getTime() - h * 3_600_000)
    .filter((t) => t > after.getTime())
    .sort((a, b) => a - b);
  return times.length ? new Date(times[0]) : null;
}

// ---------------------------------------------------------------------------------------------
// Gates

/** What the engine knows about a situation and the person asking, read in the transition's transaction. */
export interface GateFacts {
  /** The asker's city role (chair/coordinator) and their organisations' active assignments. */
  actorRoles: TransitionActor[];
  /** The decision note given with this transition (a decision is recorded by the transition itself). */
  decisionNote?: string;
  /**
   * The decision is taken through the threshold-decision step (`POST …/decision`), where the note is
   * optional: the step itself records the decision.
   */
  decisionRecorded?: boolean;
  /** The network asks a guardian's consent for a minor: only `guardian-consent` counts for a minor subject. */
  guardianConsentForMinors?: boolean;
  hasLead: boolean;
  /** Active (not withdrawn) disclosure bases of the situation. */
  disclosureBases: string[];
  /** Active support consents, per person. */
  supportBases: { personId: string | null; basis: string }[];
  /** Persons recorded as the subject of the situation. */
  subjects: { id: string; isMinor: boolean; hasGuardian: boolean }[];
  /** Every person recorded (any relation) who is a minor, and whether they have a guardian. */
  minors: { id: string; hasGuardian: boolean }[];
  /** The situation is flagged minor (age band or a recorded date of birth). */
  situationMinor: boolean;
  planSaved: boolean;
  informedOn: string | null;
  informDeferred: boolean;
  informReconsiderOn: string | null;
  assessments: number;
  /** Today, UTC (YYYY-MM-DD). */
  today: string;
}

/** Whether one gate holds. Pure: the property test drives it with random facts. */
export function gateHolds(gate: Gate, f: GateFacts): boolean {
  switch (gate.kind) {
    case 'decision':
      return (
        (f.decisionRecorded === true ||
          (typeof f.decisionNote === 'string' && f.decisionNote.trim().length > 0)) &&
        gate.by.some((r) => f.actorRoles.includes(r))
      );
    case 'lead-agency':
      return f.hasLead;
    case 'basis':
      if (gate.purpose === 'disclosure')
        return f.disclosureBases.some((b) => gate.bases.includes(b as never));
      return (
        f.subjects.length > 0 &&
        f.subjects.every((s) =>
          f.supportBases.some(
            (c) =>
              c.personId === s.id &&
              gate.bases.includes(c.basis as never) &&
              !(s.isMinor && f.guardianConsentForMinors && c.basis !== 'guardian-consent'),
          ),
        )
      );
    case 'guardian-for-minor':
      // A minor situation needs its minor persons recorded, each with a guardian.
      if (f.situationMinor && f.minors.length === 0) return false;
      return f.minors.every((m) => m.hasGuardian);
    case 'plan-saved':
      return f.planSaved;
    case 'person-informed':
      return (
        f.informedOn !== null ||
        (f.informDeferred && f.informReconsiderOn !== null && f.informReconsiderOn >= f.today)
      );
    case 'assessment-recorded':
      return f.assessments > 0;
  }
}

export interface TransitionCheck {
  transition: WorkflowTransition | undefined;
  /** The asker's role or assignment is one of the transition's `by`. */
  allowed: boolean;
  unmet: Gate[];
}

/** Whether a situation at `from` may move to `to` now. The engine moves only when allowed and unmet is empty. */
export function checkTransition(
  def: WorkflowDefinition,
  from: string,
  to: string,
  f: GateFacts,
): TransitionCheck {
  const transition = def.transitions.find((t) => t.from === from && t.to === to);
  if (!transition) return { transition, allowed: false, unmet: [] };
  return {
    transition,
    allowed: transition.by.some((r) => f.actorRoles.includes(r)),
    unmet: transition.gates.filter((g) => !gateHolds(g, f)),
  };
}

/** Describes an unmet gate for a problem's detail (English; the web shows translated gate names). */
export function describeGate(g: Gate): string {
  switch (g.kind) {
    case 'decision':
      return `a decision recorded by ${g.by.join(' or ')} (with a note)`;
    case 'basis':
      return `${g.purpose === 'support' ? 'consent to support for every subject person' : 'a basis for disclosure'} (${g.bases.join(', ')})`;
    default:
      return g.kind;
  }
}
