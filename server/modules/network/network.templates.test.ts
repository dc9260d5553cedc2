import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  getTemplate,
  listTemplates,
  loadTemplatesFrom,
  parseTemplate,
  structureTemplateSchema,
  TEMPLATES_DIR,
} from './network.templates.js';

const EXPECTED_IDS = [
  'anchor-team',
  'channel-panel',
  'community-action-team',
  'custom',
  'info-house',
  'partner-table',
  'safety-house',
  'situation-table',
];

function must(id: string) {
  const template = getTemplate(id);
  if (!template) throw new Error(`template ${id} missing`);
  return template;
}

describe('structure templates', () => {
  it('every file validates against the schema, with id matching the file name', () => {
    const files = fs.readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(EXPECTED_IDS.map((id) => `${id}.json`));
    for (const file of files) {
      const raw = JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, file), 'utf8'));
      const result = structureTemplateSchema.safeParse(raw);
      expect(result.success, `${file}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
      expect(`${raw.id}.json`).toBe(file);
      expect(raw.version).toBeGreaterThanOrEqual(1);
    }
  });

  it('lists every template once, with unique ids', () => {
    const ids = listTemplates().map((t) => t.id);
    expect(ids).toEqual(EXPECTED_IDS);
    expect(new Set(ids).size).toBe(ids.length);
    expect(getTemplate('no-such-template')).toBeUndefined();
  });

  it('hands out copies, so a caller cannot change the loaded template', () => {
    const copy = must('situation-table');
    copy.name = 'changed';
    copy.sectors.push('private_sector');
    expect(must('situation-table').name).not.toBe('changed');
    expect(must('situation-table').sectors).not.toContain('private_sector');
  });

  it('situation table: four-filter workflow with a 24–48 hour response', () => {
    const t = must('situation-table');
    expect(t.caseWorkflow.kind).toBe('four-filter');
    expect(t.caseWorkflow.responseHours).toEqual([24, 48]);
    expect(t.meetingCadence.frequency).toBe('weekly');
  });

  it('channel-style panel: consent before support and reviews 6 and 12 months after exit', () => {
    const t = must('channel-panel');
    expect(t.caseWorkflow.kind).toBe('channel');
    expect(t.caseWorkflow.consentBeforeSupport).toBe(true);
    expect(t.caseWorkflow.reviewsAfterExitMonths).toEqual([6, 12]);
  });

  it('anchor team: focus on young people and their families', () => {
    expect(must('anchor-team').caseWorkflow.focus).toMatch(/young people/i);
  });

  it('mandate item d (referrals) is on exactly for templates that do case work', () => {
    for (const id of ['situation-table', 'channel-panel', 'anchor-team']) {
      expect(must(id).mandate.d.enabled, id).toBe(true);
    }
    for (const t of listTemplates()) {
      expect(t.mandate.d.enabled, t.id).toBe(t.caseWorkflow.kind !== 'none');
    }
    expect(must('community-action-team').mandate.d.enabled).toBe(false);
    expect(must('custom').mandate.d.enabled).toBe(false);
  });

  it('every template pre-fills ToR sections, a chair and at least one sector', () => {
    for (const t of listTemplates()) {
      expect(
        t.torSections.map((s) => s.id),
        t.id,
      ).toContain('mandate');
      expect(
        t.roles.some((r) => r.role === 'chair'),
        t.id,
      ).toBe(true);
      expect(t.sectors.length, t.id).toBeGreaterThan(0);
      expect(t.sources.length, t.id).toBeGreaterThan(0);
    }
  });

  describe('rejects broken templates', () => {
    const valid = () => must('situation-table') as Record<string, unknown> & ReturnType<typeof must>;

    it('a deliberately broken template object fails with every problem named', () => {
      const broken = {
        ...valid(),
        version: 0,
        sectors: ['education', 'astrology'],
        mandate: { a: { enabled: true, scope: '' } },
        caseWorkflow: { kind: 'four-filter', responseHours: [48, 24] },
      };
      const result = structureTemplateSchema.safeParse(broken);
      expect(result.success).toBe(false);
      const paths = result.error!.issues.map((i) => i.path.join('.'));
      expect(paths).toEqual(expect.arrayContaining(['version', 'sectors.1', 'caseWorkflow.responseHours']));
      expect(() => parseTemplate(broken, 'broken.json')).toThrow(/Invalid structure template broken\.json/);
    });

    it('case work without mandate item d, and item d without case work, are both refused', () => {
      const noReferrals = valid();
      noReferrals.mandate.d = { enabled: false, scope: '' };
      expect(structureTemplateSchema.safeParse(noReferrals).success).toBe(false);

      const referralsNoWorkflow = must('community-action-team');
      referralsNoWorkflow.mandate.d = { enabled: true, scope: 'Refer people to services.' };
      expect(structureTemplateSchema.safeParse(referralsNoWorkflow).success).toBe(false);
    });

    it('unknown fields, repeated ToR sections and a channel workflow without consent are refused', () => {
      expect(structureTemplateSchema.safeParse({ ...valid(), extra: true }).success).toBe(false);
      const repeated = valid();
      repeated.torSections.push({ ...repeated.torSections[0] });
      expect(structureTemplateSchema.safeParse(repeated).success).toBe(false);
      const channel = must('channel-panel');
      channel.caseWorkflow.consentBeforeSupport = false;
      expect(structureTemplateSchema.safeParse(channel).success).toBe(false);
    });

    it('a folder with an invalid or misnamed file fails loudly on load', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpn-templates-'));
      try {
        fs.writeFileSync(path.join(dir, 'other-name.json'), JSON.stringify(valid()));
        expect(() => loadTemplatesFrom(dir)).toThrow(/file must be situation-table\.json/);
        fs.rmSync(path.join(dir, 'other-name.json'));
        fs.writeFileSync(path.join(dir, 'situation-table.json'), '{ not json');
        expect(() => loadTemplatesFrom(dir)).toThrow(/not valid JSON/);
        fs.writeFileSync(
          path.join(dir, 'situation-table.json'),
          JSON.stringify({ ...valid(), version: 'one' }),
        );
        expect(() => loadTemplatesFrom(dir)).toThrow(/version/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('template translations', () => {
  // Translators work in locales/network/<lang>.json; the English there must be the template file's.
  it('every template has its name and description in all six languages, English matching the file', () => {
    const localeDir = path.join(TEMPLATES_DIR, '..', '..', '..', '..', 'locales', 'network');
    for (const lang of ['en', 'fr', 'ar', 'sw', 'mk', 'sq']) {
      const messages = JSON.parse(fs.readFileSync(path.join(localeDir, `${lang}.json`), 'utf8')) as {
        templateNames: Record<string, string>;
        templateDescriptions: Record<string, string>;
      };
      for (const template of listTemplates()) {
        expect(messages.templateNames[template.id], `${lang} name of ${template.id}`).toBeTruthy();
        expect(
          messages.templateDescriptions[template.id],
          `${lang} description of ${template.id}`,
        ).toBeTruthy();
        if (lang === 'en') expect(messages.templateDescriptions[template.id]).toBe(template.description);
      }
    }
  });
});
