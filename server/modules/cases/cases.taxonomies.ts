import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { locales } from '../../../contracts/route.js';

/**
 * Case taxonomies: the codes a situation table or a Channel-style panel uses to describe a situation
 * without naming anyone. Three versioned JSON files in ./taxonomies/, validated once on first use; an
 * invalid file fails loudly (see docs/TAXONOMIES.md):
 *
 * - risk-factors.json: situation-table (RTD-style) risk factor categories with sub-types;
 * - protective-factors.json: protective factors in the same shape;
 * - vulnerability-framework.json: engagement, intent and capability factors for Channel-style panels.
 *
 * A city may ADD its own categories, sub-types and factors (ids prefixed `city:`), never remove or
 * relabel a base entry: the base codes mean the same thing in every city, so statistics stay
 * comparable across cities and over time. Every function here is pure; callers get copies.
 */

export const TAXONOMY_KINDS = ['risk', 'protective', 'vulnerability'] as const;
export type TaxonomyKind = (typeof TAXONOMY_KINDS)[number];

export const TAXONOMY_FILES: Record<TaxonomyKind, string> = {
  risk: 'risk-factors.json',
  protective: 'protective-factors.json',
  vulnerability: 'vulnerability-framework.json',
};

/** The vulnerability framework has exactly these dimensions, in this order; cities cannot add one. */
export const VULNERABILITY_DIMENSIONS = ['engagement', 'intent', 'capability'] as const;

/** Prefix of every id a city adds, so a city code can never be mistaken for a base code. */
export const CITY_PREFIX = 'city:';

const BASE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const CITY_ID = /^city:[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const text = z.string().trim().min(1);
const id = z
  .string()
  .refine((s) => BASE_ID.test(s) || CITY_ID.test(s), 'id must be kebab-case, optionally prefixed "city:"');

/** A label in each of the product's six languages; none may be missing or blank. */
export const labelsSchema = z
  .object(Object.fromEntries(locales.map((l) => [l, text])) as Record<(typeof locales)[number], typeof text>)
  .strict();
export type Labels = z.infer<typeof labelsSchema>;

const entrySchema = z.object({ id, labels: labelsSchema }).strict();
const categorySchema = z.object({ id, labels: labelsSchema, subtypes: z.array(entrySchema) }).strict();
const factorSchema = z.object({ id, labels: labelsSchema, guidance: text }).strict();
const dimensionSchema = z
  .object({
    id: z.enum(VULNERABILITY_DIMENSIONS),
    labels: labelsSchema,
    factors: z.array(factorSchema).min(1),
  })
  .strict();

const header = {
  version: z.number().int().min(1),
  name: text,
  sources: z.array(text).min(1),
};

const factorTaxonomySchema = z
  .object({ kind: z.enum(['risk', 'protective']), ...header, categories: z.array(categorySchema).min(1) })
  .strict();

const vulnerabilityTaxonomySchema = z
  .object({ kind: z.literal('vulnerability'), ...header, dimensions: z.array(dimensionSchema) })
  .strict()
  .refine(
    (t) =>
      t.dimensions.length === VULNERABILITY_DIMENSIONS.length &&
      t.dimensions.every((d, i) => d.id === VULNERABILITY_DIMENSIONS[i]),
    { message: `dimensions must be exactly ${VULNERABILITY_DIMENSIONS.join(', ')}`, path: ['dimensions'] },
  );

/** Every id of a taxonomy: categories and sub-types, or dimensions and factors. */
export function taxonomyIds(t: Taxonomy): string[] {
  if (t.kind === 'vulnerability') return t.dimensions.flatMap((d) => [d.id, ...d.factors.map((f) => f.id)]);
  return t.categories.flatMap((c) => [c.id, ...c.subtypes.map((s) => s.id)]);
}

export const taxonomySchema = z
  .union([factorTaxonomySchema, vulnerabilityTaxonomySchema])
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    for (const entryId of taxonomyIds(t)) {
      if (seen.has(entryId)) ctx.addIssue({ code: 'custom', message: `id "${entryId}" is used twice` });
      seen.add(entryId);
    }
  });

export type Taxonomy = z.infer<typeof taxonomySchema>;
export type FactorTaxonomy = Extract<Taxonomy, { kind: 'risk' | 'protective' }>;
export type VulnerabilityTaxonomy = Extract<Taxonomy, { kind: 'vulnerability' }>;

export const TAXONOMIES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'taxonomies');

function problems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('\n  ');
}

/** Validates one base taxonomy; throws an error naming `source` and every problem found. */
export function parseTaxonomy(raw: unknown, source = 'taxonomy'): Taxonomy {
  const result = taxonomySchema.safeParse(raw);
  if (!result.success) throw new Error(`Invalid taxonomy ${source}:\n  ${problems(result.error)}`);
  const cityIds = taxonomyIds(result.data).filter((i) => i.startsWith(CITY_PREFIX));
  if (cityIds.length) {
    throw new Error(`Invalid taxonomy ${source}: a base file cannot hold city ids (${cityIds.join(', ')})`);
  }
  return result.data;
}

/** Reads and validates the three taxonomy files; each file's kind must match its name. */
export function loadTaxonomiesFrom(dir: string): Taxonomy[] {
  return TAXONOMY_KINDS.map((kind) => {
    const source = path.join(dir, TAXONOMY_FILES[kind]);
    let raw: unknown;
    try {
      raw = JSON.parse(fs.readFileSync(source, 'utf8'));
    } catch (err) {
      throw new Error(`Taxonomy ${source} cannot be read as JSON: ${(err as Error).message}`, { cause: err });
    }
    const taxonomy = parseTaxonomy(raw, source);
    if (taxonomy.kind !== kind) {
      throw new Error(`Taxonomy ${source} has kind "${taxonomy.kind}"; expected "${kind}"`);
    }
    return taxonomy;
  });
}

let cache: Map<TaxonomyKind, Taxonomy> | undefined;

function taxonomies(): Map<TaxonomyKind, Taxonomy> {
  cache ??= new Map(loadTaxonomiesFrom(TAXONOMIES_DIR).map((t) => [t.kind, t]));
  return cache;
}

/** The three base taxonomies (risk, protective, vulnerability). Fresh copies the caller may change. */
export function listTaxonomies(): Taxonomy[] {
  return TAXONOMY_KINDS.map((kind) => getTaxonomy(kind));
}

export function getTaxonomy(kind: 'risk' | 'protective'): FactorTaxonomy;
export function getTaxonomy(kind: 'vulnerability'): VulnerabilityTaxonomy;
export function getTaxonomy(kind: TaxonomyKind): Taxonomy;
/** One base taxonomy by kind (a copy the caller may change); throws on an unknown kind. */
export function getTaxonomy(kind: TaxonomyKind): Taxonomy {
  const taxonomy = taxonomies().get(kind);
  if (!taxonomy) throw new Error(`Unknown taxonomy kind "${String(kind)}"`);
  return structuredClone(taxonomy);
}

// ---- City additions --------------------------------------------------------------------------

/**
 * City labels: English is required; a language the city leaves out shows the English text, so the
 * merged taxonomy always has all six labels.
 */
const cityLabelsSchema = labelsSchema.partial().required({ en: true }).strict();
const cityEntrySchema = z.object({ id, labels: cityLabelsSchema }).strict();

export const cityAdditionsSchema = z
  .object({
    /** The city's own version of its additions; raise it on any change, as for the base files. */
    version: z.number().int().min(1),
    /** New categories (risk, protective). */
    categories: z
      .array(
        z.object({ id, labels: cityLabelsSchema, subtypes: z.array(cityEntrySchema).default([]) }).strict(),
      )
      .default([]),
    /** New sub-types under an existing category, base or city (risk, protective). */
    subtypes: z.array(cityEntrySchema.extend({ categoryId: id }).strict()).default([]),
    /** New factors under one of the three dimensions (vulnerability). */
    factors: z
      .array(
        z
          .object({
            id,
            dimensionId: z.enum(VULNERABILITY_DIMENSIONS),
            labels: cityLabelsSchema,
            guidance: text,
          })
          .strict(),
      )
      .default([]),
  })
  .strict();
export type CityAdditions = z.input<typeof cityAdditionsSchema>;

/** A base taxonomy with one city's additions; `cityVersion` is what a case record stores next to `version`. */
export type MergedTaxonomy = Taxonomy & { cityVersion: number };

const withCityPrefix = (raw: string) => (raw.startsWith(CITY_PREFIX) ? raw : `${CITY_PREFIX}${raw}`);
const bareId = (raw: string) => (raw.startsWith(CITY_PREFIX) ? raw.slice(CITY_PREFIX.length) : raw);

function fullLabels(labels: z.infer<typeof cityLabelsSchema>): Labels {
  return Object.fromEntries(locales.map((l) => [l, labels[l]?.trim() || labels.en])) as Labels;
}

/**
 * Adds a city's own entries to a base taxonomy and returns a new taxonomy; `base` is not changed.
 * City ids get the `city:` prefix. Refused, with an error listing every problem: an entry whose id
 * (with or without the prefix) is a base id, which would rename or relabel a base entry; an id used
 * twice; a sub-type under a category that does not exist; additions of the wrong shape for the kind.
 */
export function mergeCityTaxonomy(base: Taxonomy, cityAdditions: unknown): MergedTaxonomy {
  const parsed = cityAdditionsSchema.safeParse(cityAdditions);
  if (!parsed.success) throw new Error(`Invalid city additions:\n  ${problems(parsed.error)}`);
  const additions = parsed.data;
  const merged = structuredClone(base);
  const baseIds = new Set(taxonomyIds(base).map(bareId));
  const errors: string[] = [];
  const used = new Set<string>();

  const claim = (raw: string): string => {
    const cityId = withCityPrefix(raw);
    if (baseIds.has(bareId(raw))) {
      errors.push(`"${raw}" is a base ${base.kind} id: a city can add entries, not rename or relabel one`);
    } else if (used.has(cityId)) {
      errors.push(`"${cityId}" is used twice in the city additions`);
    }
    used.add(cityId);
    return cityId;
  };

  if (merged.kind === 'vulnerability') {
    if (additions.categories.length || additions.subtypes.length) {
      errors.push('the vulnerability framework takes factors, not categories or sub-types');
    }
    for (const f of additions.factors) {
      const dimension = merged.dimensions.find((d) => d.id === f.dimensionId);
      dimension?.factors.push({ id: claim(f.id), labels: fullLabels(f.labels), guidance: f.guidance });
    }
  } else {
    if (additions.factors.length) errors.push(`the ${merged.kind} taxonomy takes categories, not factors`);
    for (const c of additions.categories) {
      merged.categories.push({
        id: claim(c.id),
        labels: fullLabels(c.labels),
        subtypes: c.subtypes.map((s) => ({ id: claim(s.id), labels: fullLabels(s.labels) })),
      });
    }
    for (const s of additions.subtypes) {
      const category =
        merged.categories.find((c) => c.id === s.categoryId) ??
        merged.categories.find((c) => c.id === withCityPrefix(s.categoryId));
      if (!category) {
        errors.push(`sub-type "${s.id}": no category "${s.categoryId}"`);
        continue;
      }
      category.subtypes.push({ id: claim(s.id), labels: fullLabels(s.labels) });
    }
  }

  if (errors.length) throw new Error(`City additions refused:\n  ${errors.join('\n  ')}`);
  const result = taxonomySchema.safeParse(merged);
  if (!result.success) throw new Error(`City additions refused:\n  ${problems(result.error)}`);
  return { ...result.data, cityVersion: additions.version };
}
