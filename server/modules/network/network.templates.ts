import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { agendaTemplateSchema } from '../../../contracts/meetings.contract.js';
import { mandateItemIds, meetingCadences, sectors } from '../../../contracts/network.contract.js';

/**
 * Structure templates: the starting shapes a city can pick for its Local Prevention Network
 * (situation table, info-house, safety house, …). Each lives as a versioned JSON file in
 * ./templates/<id>.json and is validated once, on first use; an invalid file fails loudly.
 *
 * A template only pre-fills a city's network. Everything it sets can be changed afterwards, and
 * switching a running network to another template must never delete data (see docs/TEMPLATES.md).
 */

// One list of sectors and cadences for the whole product: the contract's (the web and the API use it too).
export const SECTORS = sectors;
export type Sector = (typeof SECTORS)[number];

export const TEMPLATE_ROLES = ['chair', 'coordinator', 'member', 'partner', 'national_liaison'] as const;

export const TOR_SECTION_IDS = [
  'mandate',
  'structure',
  'roles',
  'communication_internal',
  'communication_external',
  'decision_rules',
  'legal_framework',
  'review',
] as const;
export type TorSectionId = (typeof TOR_SECTION_IDS)[number];

/** The six mandate items (a–f) of the SCN briefing, lesson 3. Item d covers referrals and case work. */
export const MANDATE_ITEMS = mandateItemIds;
export type MandateItem = (typeof MANDATE_ITEMS)[number];

export const CASE_WORKFLOW_KINDS = [
  'four-filter',
  'channel',
  'safety-house',
  'partner-table',
  'info-house',
  'anchor',
  'none',
  'custom',
] as const;
export const MEETING_FREQUENCIES = meetingCadences;

const text = z.string().trim().min(1);

const mandateItemSchema = z
  .object({ enabled: z.boolean(), scope: z.string().trim() })
  .strict()
  .refine((item) => !item.enabled || item.scope.length > 0, {
    message: 'an enabled mandate item needs scope text',
    path: ['scope'],
  });

const caseWorkflowSchema = z
  .object({
    kind: z.enum(CASE_WORKFLOW_KINDS),
    responseHours: z
      .tuple([z.number().int().positive(), z.number().int().positive()])
      .refine(([min, max]) => min <= max, { message: 'responseHours must be [min, max] with min <= max' })
      .optional(),
    consentBeforeSupport: z.boolean().optional(),
    guardianConsentForMinors: z.boolean().optional(),
    reviewsAfterExitMonths: z
      .array(z.number().int().positive())
      .min(1)
      .refine((months) => months.every((m, i) => i === 0 || m > months[i - 1]), {
        message: 'reviewsAfterExitMonths must be strictly increasing',
      })
      .optional(),
    focus: text.optional(),
    rejectedRetentionDays: z.number().int().nonnegative().optional(),
  })
  .strict();

export const structureTemplateSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'id must be lower-case kebab-case'),
    version: z.number().int().min(1),
    name: text,
    description: text,
    sources: z.array(text).min(1),
    sectors: z.array(z.enum(SECTORS)).min(1),
    roles: z
      .array(z.object({ role: z.enum(TEMPLATE_ROLES), title: text, responsibility: text }).strict())
      .min(1),
    meetingCadence: z.object({ frequency: z.enum(MEETING_FREQUENCIES), rationale: text }).strict(),
    torSections: z.array(z.object({ id: z.enum(TOR_SECTION_IDS), text }).strict()).min(1),
    /** The ToR's data-sharing basis: what personal data is shared, on which legal basis (ToR draft v1). */
    dataSharingBasis: text.optional(),
    /** How often the ToR is reviewed, in months: the ToR draft's review date is set this far ahead. */
    reviewCycleMonths: z.number().int().min(1).max(60).optional(),
    /** The meeting agenda of this model (meetings module); meetings default to it. */
    agendaTemplate: agendaTemplateSchema.optional(),
    mandate: z
      .object({
        a: mandateItemSchema,
        b: mandateItemSchema,
        c: mandateItemSchema,
        d: mandateItemSchema,
        e: mandateItemSchema,
        f: mandateItemSchema,
      })
      .strict(),
    caseWorkflow: caseWorkflowSchema,
  })
  .strict()
  .superRefine((t, ctx) => {
    const issue = (message: string, path: (string | number)[]) =>
      ctx.addIssue({ code: 'custom', message, path });
    if (new Set(t.sectors).size !== t.sectors.length) issue('sectors must not repeat', ['sectors']);
    const sectionIds = t.torSections.map((s) => s.id);
    if (new Set(sectionIds).size !== sectionIds.length)
      issue('torSections ids must not repeat', ['torSections']);
    if (!t.roles.some((r) => r.role === 'chair')) issue('a template needs a chair role', ['roles']);
    // The mandate switches case work on and off: no case workflow unless item d (referrals) is on.
    const caseWork = t.caseWorkflow.kind !== 'none';
    if (caseWork && !t.mandate.d.enabled) {
      issue(`case workflow "${t.caseWorkflow.kind}" needs mandate item d (referrals)`, ['mandate', 'd']);
    }
    if (!caseWork) {
      if (t.mandate.d.enabled) issue('mandate item d (referrals) needs a case workflow', ['mandate', 'd']);
      const { kind: _kind, ...settings } = t.caseWorkflow;
      if (Object.keys(settings).length) issue('case workflow "none" takes no settings', ['caseWorkflow']);
    }
    if (t.caseWorkflow.kind === 'custom') {
      issue('a template runs a built-in workflow; "custom" workflows are built by a city', [
        'caseWorkflow',
        'kind',
      ]);
    }
    if (t.caseWorkflow.kind === 'four-filter' && !t.caseWorkflow.responseHours) {
      issue('a four-filter workflow needs responseHours', ['caseWorkflow', 'responseHours']);
    }
    if (t.caseWorkflow.kind === 'channel') {
      if (t.caseWorkflow.consentBeforeSupport !== true) {
        issue('a channel workflow needs consentBeforeSupport', ['caseWorkflow', 'consentBeforeSupport']);
      }
      if (!t.caseWorkflow.reviewsAfterExitMonths) {
        issue('a channel workflow needs reviewsAfterExitMonths', ['caseWorkflow', 'reviewsAfterExitMonths']);
      }
    }
  });

export type StructureTemplate = z.infer<typeof structureTemplateSchema>;
export type CaseWorkflowSettings = StructureTemplate['caseWorkflow'];

export const TEMPLATES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'templates');

/** Validates one template object; throws an error naming `source` and every problem found. */
export function parseTemplate(raw: unknown, source = 'template'): StructureTemplate {
  const result = structureTemplateSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid structure template ${source}:\n  ${problems.join('\n  ')}`);
  }
  return result.data;
}

/** Reads and validates every ./templates/*.json file; the id must match the file name. */
export function loadTemplatesFrom(dir: string): StructureTemplate[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (!files.length) throw new Error(`No structure templates found in ${dir}`);
  const seen = new Set<string>();
  return files.map((file) => {
    const source = path.join(dir, file);
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(source, 'utf8'));
    } catch (err) {
      throw new Error(`Structure template ${source} is not valid JSON: ${(err as Error).message}`, {
        cause: err,
      });
    }
    const template = parseTemplate(raw, source);
    if (`${template.id}.json` !== file) {
      throw new Error(
        `Structure template ${source} has id "${template.id}"; the file must be ${template.id}.json`,
      );
    }
    if (seen.has(template.id)) throw new Error(`Duplicate structure template id "${template.id}"`);
    seen.add(template.id);
    return template;
  });
}

let cache: Map<string, StructureTemplate> | undefined;

function templates(): Map<string, StructureTemplate> {
  cache ??= new Map(loadTemplatesFrom(TEMPLATES_DIR).map((t) => [t.id, t]));
  return cache;
}

/** All structure templates, sorted by id. Each call returns fresh copies the caller may change. */
export function listTemplates(): StructureTemplate[] {
  return [...templates().values()].map((t) => structuredClone(t));
}

/** One template by id (a copy the caller may change), or undefined when there is no such template. */
export function getTemplate(id: string): StructureTemplate | undefined {
  const template = templates().get(id);
  return template && structuredClone(template);
}
