import { diffArrays, diffWords } from 'diff';
import type { TorSections } from './tor.table.js';

export type ChangeType = 'added' | 'removed' | 'same';
export interface DiffHunk {
  section: string;
  changed: boolean;
  changes: { type: ChangeType; text: string }[];
}

/** The comparable parts of a version: its sections plus title and public summary. */
export interface Diffable {
  title: string;
  publicSummary: string;
  sections: TorSections;
}

function words(section: string, before: string, after: string): DiffHunk {
  const changes = diffWords(before, after).map((part) => ({
    type: (part.added ? 'added' : part.removed ? 'removed' : 'same') as ChangeType,
    text: part.value,
  }));
  return { section, changed: changes.some((c) => c.type !== 'same'), changes };
}

function items(section: string, before: string[], after: string[]): DiffHunk {
  const changes = diffArrays(before, after).flatMap((part) =>
    part.value.map((text) => ({
      type: (part.added ? 'added' : part.removed ? 'removed' : 'same') as ChangeType,
      text,
    })),
  );
  return { section, changed: changes.some((c) => c.type !== 'same'), changes };
}

const mandateLines = (s: TorSections) =>
  (['a', 'b', 'c', 'd', 'e', 'f'] as const).map(
    (k) =>
      `${k}) ${s.mandate[k].enabled ? 'on' : 'off'}${s.mandate[k].scope ? `: ${s.mandate[k].scope}` : ''}`,
  );

const roleLines = (s: TorSections) => s.roles.map((r) => `${r.role}: ${r.responsibilities}`);

function ruleLines(s: TorSections): string[] {
  const { quorum, method, voters } = s.decisionRules;
  return [
    `quorum: ${quorum.kind === 'share' ? `${Math.round(quorum.value * 100)}% of formal member organisations` : `${quorum.value} formal member organisations`}`,
    `method: ${method}`,
    `voters: ${voters}`,
  ];
}

/**
 * A readable per-section diff: word-level for texts, item-level for the mandate switches, the roles
 * and the decision rules (so a changed rule shows as one line removed and one added).
 */
export function diffVersions(from: Diffable, to: Diffable): DiffHunk[] {
  const a = from.sections;
  const b = to.sections;
  return [
    words('title', from.title, to.title),
    items('mandate', mandateLines(a), mandateLines(b)),
    words('structure', a.structure, b.structure),
    items('roles', roleLines(a), roleLines(b)),
    words('communicationInternal', a.communicationInternal, b.communicationInternal),
    words('communicationExternal', a.communicationExternal, b.communicationExternal),
    items('decisionRules', ruleLines(a), ruleLines(b)),
    words('legalFramework', a.legalFramework, b.legalFramework),
    words('dataSharingBasis', a.dataSharingBasis, b.dataSharingBasis),
    words('limits', a.limits, b.limits),
    items('reviewDate', a.reviewDate ? [a.reviewDate] : [], b.reviewDate ? [b.reviewDate] : []),
    words('publicSummary', from.publicSummary, to.publicSummary),
  ];
}
