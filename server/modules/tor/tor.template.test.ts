import { describe, expect, it } from 'vitest';
import { listTemplates } from '../network/index.js';
import { sectionsFromTemplate } from './tor.service.js';

/** The ToR draft carries what the template describes: the data-sharing basis and the review cycle. */
describe('ToR draft from a structure template', () => {
  it('fills the data-sharing basis, the review date from the review cycle and the review text', () => {
    const partner = sectionsFromTemplate('partner-table', new Date('2026-03-31T10:00:00Z'));
    expect(partner.sections.dataSharingBasis).toContain('458ter');
    // Reviewed every year: one calendar year ahead.
    expect(partner.sections.reviewDate).toBe('2027-03-31');
    expect(partner.sections.structure).toContain('reviewed every year');
    const safety = sectionsFromTemplate('safety-house', new Date('2026-01-15T00:00:00Z'));
    expect(safety.sections.reviewDate).toBe('2028-01-15'); // every two years
    expect(safety.sections.dataSharingBasis).toContain('privacy covenant');
  });

  it('every template with case work names a data-sharing basis and every template a review cycle', () => {
    for (const t of listTemplates()) {
      const { sections } = sectionsFromTemplate(t.id, new Date('2026-06-01T00:00:00Z'));
      expect(sections.reviewDate, t.id).not.toBeNull();
      if (t.caseWorkflow.kind !== 'none') expect(sections.dataSharingBasis.length, t.id).toBeGreaterThan(20);
      const review = t.torSections.find((s) => s.id === 'review');
      if (review) expect(sections.structure, t.id).toContain(review.text);
    }
  });
});
