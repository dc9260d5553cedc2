import { diffArrays, diffWords } from 'diff';
import type { TorSections } from './tor.table.js';

export type ChangeType = 'added' | 'removed' | 'same';
/** A generated line's translation key (under `tor.diffLabels`) and values, for the web to translate. */
export interface DiffLabel {
  key: string;
  values: Record<string, string | number>;
}
export interface DiffHunk {
  section: string;
  changed: boolean;
  changes: { type: ChangeType; text: string; label?: DiffLabel }[];
}
interface Line {
  text: string;
  label?: DiffLabel;
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

function items(section: string, before: Line[], after: Line[]): DiffHunk {
  // Lines are compared by their text; the label travels with its line.
  const changes = diffArrays(before, after, { comparator: (x, y) => x.text === y.text }).flatMap((part) =>
    part.value.map((line) => ({
      type: (part.added ? 'added' : part.removed ? 'removed' : 'same') as ChangeType,
      text: line.text,
      ...(line.label ? { label: line.label } : {}),
    })),
  );
  return { section, changed: changes.some((c) => c.type !== 'same'), changes };
}

const mandateLines = (s: TorSections): Line[] =>
  (['a', 'b', 'c', 'd', 'e', 'f'] as const).map((k) => {
    const { enabled, scope } = s.mandate[k];
    return {
      text: `${k}) ${enabled ? 'on' : 'off'}${scope ? `: ${scope}` : ''}`,
      label: {
        key: `mandate${enabled ? 'On' : 'Off'}${scope ? 'Scope' : ''}`,
        values: { item: k, scope },
      },
    };
  });

// The role's name and responsibilities are the city's own words: nothing to translate.
const roleLines = (s: TorSections): Line[] =>
  s.roles.map((r) => ({ text: `${r.role}: ${r.responsibilities}` }));

function ruleLines(s: TorSections): Line[] {
  const { quorum, method, voters } = s.decisionRules;
  const percent = Math.round(quorum.value * 100);
  return [
    quorum.kind === 'share'
      ? {
          text: `quorum: ${percent}% of formal member organisations`,
          label: { key: 'quorumShare', values: { percent } },
        }
      : {
          text: `quorum: ${quorum.value} formal member organisations`,
          label: { key: 'quorumCount', values: { count: quorum.value } },
        },
    { text: `method: ${method}`, label: { key: `method.${method}`, values: {} } },
    { text: `voters: ${voters}`, label: { key: `voters.${voters}`, values: {} } },
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
    items(
      'reviewDate',
      a.reviewDate ? [{ text: a.reviewDate }] : [],
      b.reviewDate ? [{ text: b.reviewDate }] : [],
    ),
    words('publicSummary', from.publicSummary, to.publicSummary),
  ];
}
