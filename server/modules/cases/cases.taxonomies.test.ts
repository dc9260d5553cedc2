import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locales } from '../../../contracts/route.js';
import {
  getTaxonomy,
  listTaxonomies,
  loadTaxonomiesFrom,
  mergeCityTaxonomy,
  parseTaxonomy,
  TAXONOMIES_DIR,
  TAXONOMY_FILES,
  TAXONOMY_KINDS,
  taxonomyIds,
  taxonomySchema,
  type Labels,
  type Taxonomy,
} from './cases.taxonomies.js';

/** Every labelled entry of a taxonomy, with a readable path for failure messages. */
function labelled(t: Taxonomy): { where: string; labels: Labels }[] {
  if (t.kind === 'vulnerability') {
    return t.dimensions.flatMap((d) => [
      { where: d.id, labels: d.labels },
      ...d.factors.map((f) => ({ where: `${d.id}/${f.id}`, labels: f.labels })),
    ]);
  }
  return t.categories.flatMap((c) => [
    { where: c.id, labels: c.labels },
    ...c.subtypes.map((s) => ({ where: `${c.id}/${s.id}`, labels: s.labels })),
  ]);
}

const labels = (en: string): Labels => ({ en, fr: en, ar: en, sw: en, mk: en, sq: en });

describe('case taxonomies: the files', () => {
  it('every file validates against the schema and has the kind its name says', () => {
    const files = fs.readdirSync(TAXONOMIES_DIR).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(Object.values(TAXONOMY_FILES).sort());
    for (const kind of TAXONOMY_KINDS) {
      const raw = JSON.parse(fs.readFileSync(path.join(TAXONOMIES_DIR, TAXONOMY_FILES[kind]), 'utf8'));
      const result = taxonomySchema.safeParse(raw);
      expect(result.success, `${kind}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
      expect(raw.kind).toBe(kind);
      expect(raw.version).toBeGreaterThanOrEqual(1);
      expect(raw.sources.length).toBeGreaterThan(0);
    }
  });

  it('lists the three taxonomies and hands out copies', () => {
    expect(listTaxonomies().map((t) => t.kind)).toEqual(['risk', 'protective', 'vulnerability']);
    const copy = getTaxonomy('risk');
    copy.categories.length = 0;
    expect(getTaxonomy('risk').categories.length).toBeGreaterThan(20);
  });

  it('ids are unique within each taxonomy, kebab-case, and never city ids', () => {
    for (const t of listTaxonomies()) {
      const ids = taxonomyIds(t);
      expect(new Set(ids).size, t.kind).toBe(ids.length);
      for (const id of ids) expect(id, `${t.kind}: ${id}`).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
    }
  });

  it('every label is present and non-empty in all six languages', () => {
    expect(locales).toEqual(['en', 'fr', 'ar', 'sw', 'mk', 'sq']);
    for (const t of listTaxonomies()) {
      for (const { where, labels: l } of labelled(t)) {
        for (const locale of locales) {
          expect(l[locale]?.trim(), `${t.kind} ${where} ${locale}`).toBeTruthy();
        }
        // A translation that is just the English text again is usually a forgotten one.
        const copiedEnglish = locales.filter((x) => x !== 'en' && l[x] === l.en && /\s/.test(l.en));
        expect(copiedEnglish, `${t.kind} ${where}`).toEqual([]);
        // Script sanity: Arabic and Macedonian labels are written in their own scripts.
        expect(l.ar, `${t.kind} ${where} ar`).toMatch(/[\u0600-\u06FF]/);
        expect(l.mk, `${t.kind} ${where} mk`).toMatch(/[\u0400-\u04FF]/);
      }
    }
  });

  it('risk and protective taxonomies cover the expected categories, each with sub-types', () => {
    const risk = getTaxonomy('risk');
    const ids = risk.categories.map((c) => c.id);
    for (const id of [
      'antisocial-behaviour',
      'basic-needs',
      'criminal-involvement',
      'criminal-victimisation',
      'housing',
      'mental-health',
      'substance-use',
      'parenting',
      'education',
      'employment',
      'suicide',
      'public-health-and-safety',
    ]) {
      expect(ids).toContain(id);
    }
    for (const t of [risk, getTaxonomy('protective')]) {
      for (const c of t.categories) expect(c.subtypes.length, `${t.kind} ${c.id}`).toBeGreaterThan(0);
    }
  });

  it('the vulnerability framework has exactly engagement, intent and capability, with English guidance', () => {
    const v = getTaxonomy('vulnerability');
    expect(v.dimensions.map((d) => d.id)).toEqual(['engagement', 'intent', 'capability']);
    for (const d of v.dimensions) {
      expect(d.factors.length).toBeGreaterThan(0);
      for (const f of d.factors) expect(f.guidance.length).toBeGreaterThan(20);
    }
    const fourth = structuredClone(v) as { dimensions: unknown[] };
    fourth.dimensions.push({ ...v.dimensions[0] });
    expect(taxonomySchema.safeParse(fourth).success).toBe(false);
    const reordered = { ...v, dimensions: [v.dimensions[1], v.dimensions[0], v.dimensions[2]] };
    expect(taxonomySchema.safeParse(reordered).success).toBe(false);
  });
});

describe('case taxonomies: the schema rejects broken objects', () => {
  const good = () => getTaxonomy('risk');

  it.each([
    [
      'a missing language',
      (t: Taxonomy & { kind: 'risk' }) => delete (t.categories[0].labels as Partial<Labels>).sq,
    ],
    ['a blank label', (t: Taxonomy & { kind: 'risk' }) => (t.categories[0].subtypes[0].labels.fr = '  ')],
    ['a duplicate id', (t: Taxonomy & { kind: 'risk' }) => (t.categories[1].id = t.categories[0].id)],
    [
      'a sub-type reusing a category id',
      (t: Taxonomy & { kind: 'risk' }) => (t.categories[0].subtypes[0].id = 'housing'),
    ],
    ['a non-kebab id', (t: Taxonomy & { kind: 'risk' }) => (t.categories[0].id = 'Mental_Health')],
    ['version 0', (t: Taxonomy & { kind: 'risk' }) => (t.version = 0)],
    ['no sources', (t: Taxonomy & { kind: 'risk' }) => (t.sources = [])],
    ['an unknown kind', (t: Taxonomy & { kind: 'risk' }) => ((t as { kind: string }).kind = 'other')],
    ['an unknown field', (t: Taxonomy & { kind: 'risk' }) => Object.assign(t.categories[0], { note: 'x' })],
  ])('%s', (_name, breakIt) => {
    const t = good() as Taxonomy & { kind: 'risk' };
    breakIt(t);
    expect(taxonomySchema.safeParse(t).success).toBe(false);
    expect(() => parseTaxonomy(t, 'broken.json')).toThrow(/Invalid taxonomy broken\.json/);
  });

  it('a base file may not hold city ids', () => {
    const t = good();
    t.categories[0].id = 'city:local';
    expect(() => parseTaxonomy(t)).toThrow(/city ids/);
  });

  it('loading fails loudly on a broken file or a kind in the wrong file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taxonomies-'));
    try {
      for (const file of Object.values(TAXONOMY_FILES)) {
        fs.copyFileSync(path.join(TAXONOMIES_DIR, file), path.join(dir, file));
      }
      expect(loadTaxonomiesFrom(dir)).toHaveLength(3);
      fs.writeFileSync(path.join(dir, TAXONOMY_FILES.risk), '{ not json');
      expect(() => loadTaxonomiesFrom(dir)).toThrow(/cannot be read as JSON/);
      fs.copyFileSync(
        path.join(TAXONOMIES_DIR, TAXONOMY_FILES.protective),
        path.join(dir, TAXONOMY_FILES.risk),
      );
      expect(() => loadTaxonomiesFrom(dir)).toThrow(/kind "protective"; expected "risk"/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('case taxonomies: city additions', () => {
  it('keeps every base entry unchanged and prefixes city ids', () => {
    const base = getTaxonomy('risk');
    const merged = mergeCityTaxonomy(base, {
      version: 2,
      categories: [
        {
          id: 'seasonal-work',
          labels: { en: 'Seasonal work', mk: 'Сезонска работа' },
          subtypes: [{ id: 'no-contract', labels: { en: 'No work contract' } }],
        },
      ],
      subtypes: [
        {
          categoryId: 'housing',
          id: 'informal-settlement',
          labels: labels('Living in an informal settlement'),
        },
        {
          categoryId: 'seasonal-work',
          id: 'city:housed-by-employer',
          labels: { en: 'Housed by the employer' },
        },
      ],
    });
    expect(merged.cityVersion).toBe(2);
    expect(merged.version).toBe(base.version);
    if (merged.kind !== 'risk') throw new Error('kind changed');
    // Every base category, with its labels and sub-types, is still there and first, in the same order.
    for (const [i, c] of base.categories.entries()) {
      expect(merged.categories[i].id).toBe(c.id);
      expect(merged.categories[i].labels).toEqual(c.labels);
      expect(merged.categories[i].subtypes.slice(0, c.subtypes.length)).toEqual(c.subtypes);
    }
    for (const id of taxonomyIds(base)) expect(taxonomyIds(merged)).toContain(id);
    const added = taxonomyIds(merged).filter((id) => !taxonomyIds(base).includes(id));
    expect(added.sort()).toEqual(
      [
        'city:housed-by-employer',
        'city:informal-settlement',
        'city:no-contract',
        'city:seasonal-work',
      ].sort(),
    );
    const seasonal = merged.categories.find((c) => c.id === 'city:seasonal-work');
    // Missing languages fall back to English; given ones are kept.
    expect(seasonal?.labels.mk).toBe('Сезонска работа');
    expect(seasonal?.labels.sw).toBe('Seasonal work');
    expect(merged.categories.find((c) => c.id === 'housing')?.subtypes.at(-1)?.id).toBe(
      'city:informal-settlement',
    );
    // The base passed in is not changed.
    expect(base).toEqual(getTaxonomy('risk'));
  });

  it('refuses a city entry that collides with a base id, with or without the prefix', () => {
    const base = getTaxonomy('risk');
    const collide = (additions: unknown) => () => mergeCityTaxonomy(base, additions);
    expect(collide({ version: 1, categories: [{ id: 'housing', labels: labels('Housing') }] })).toThrow(
      /"housing" is a base risk id/,
    );
    expect(collide({ version: 1, categories: [{ id: 'city:housing', labels: labels('Housing') }] })).toThrow(
      /base risk id/,
    );
    expect(
      collide({
        version: 1,
        subtypes: [{ categoryId: 'poverty', id: 'eviction', labels: labels('Eviction') }],
      }),
    ).toThrow(/"eviction" is a base risk id/);
  });

  it('refuses an attempt to relabel, remove or replace a base entry', () => {
    const base = getTaxonomy('risk');
    // Relabelling means sending the base id with new labels: refused as a collision.
    expect(() =>
      mergeCityTaxonomy(base, {
        version: 1,
        subtypes: [{ categoryId: 'housing', id: 'no-housing', labels: labels('Rough sleeper') }],
      }),
    ).toThrow(/not rename or relabel/);
    // There is no field for removals or relabels: the additions schema is strict.
    expect(() => mergeCityTaxonomy(base, { version: 1, remove: ['housing'] })).toThrow(
      /Invalid city additions/,
    );
    expect(() => mergeCityTaxonomy(base, { version: 1, relabel: { housing: labels('x') } })).toThrow(
      /Invalid city additions/,
    );
  });

  it('refuses duplicates, unknown categories, missing English and the wrong shape for the kind', () => {
    const risk = getTaxonomy('risk');
    expect(() =>
      mergeCityTaxonomy(risk, {
        version: 1,
        categories: [
          { id: 'local', labels: labels('Local') },
          { id: 'city:local', labels: labels('Local again') },
        ],
      }),
    ).toThrow(/used twice/);
    expect(() =>
      mergeCityTaxonomy(risk, {
        version: 1,
        subtypes: [{ categoryId: 'nowhere', id: 'x', labels: labels('X') }],
      }),
    ).toThrow(/no category "nowhere"/);
    expect(() =>
      mergeCityTaxonomy(risk, { version: 1, categories: [{ id: 'local', labels: { fr: 'Local' } }] }),
    ).toThrow(/Invalid city additions/);
    expect(() =>
      mergeCityTaxonomy(risk, {
        version: 1,
        factors: [{ dimensionId: 'intent', id: 'x', labels: labels('X'), guidance: 'Some guidance text.' }],
      }),
    ).toThrow(/takes categories, not factors/);
    expect(() =>
      mergeCityTaxonomy(getTaxonomy('vulnerability'), {
        version: 1,
        categories: [{ id: 'x', labels: labels('X') }],
      }),
    ).toThrow(/takes factors/);
    expect(() => mergeCityTaxonomy(risk, { categories: [] })).toThrow(/Invalid city additions/);
  });

  it('adds vulnerability factors under a dimension, never a new dimension', () => {
    const base = getTaxonomy('vulnerability');
    const merged = mergeCityTaxonomy(base, {
      version: 1,
      factors: [
        {
          dimensionId: 'engagement',
          id: 'online-gaming-recruitment',
          labels: { en: 'Contacted through online gaming platforms' },
          guidance: 'Note where first contact with recruiters happened.',
        },
      ],
    });
    if (merged.kind !== 'vulnerability') throw new Error('kind changed');
    expect(merged.dimensions.map((d) => d.id)).toEqual(['engagement', 'intent', 'capability']);
    expect(merged.dimensions[0].factors.at(-1)?.id).toBe('city:online-gaming-recruitment');
    expect(merged.dimensions[0].factors.slice(0, base.dimensions[0].factors.length)).toEqual(
      base.dimensions[0].factors,
    );
    expect(() =>
      mergeCityTaxonomy(base, {
        version: 1,
        factors: [{ dimensionId: 'motive', id: 'x', labels: labels('X'), guidance: 'Some guidance text.' }],
      }),
    ).toThrow(/Invalid city additions/);
  });
});
