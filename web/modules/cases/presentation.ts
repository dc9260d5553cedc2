import type { ageBands, CaseDetail, genders, subjectKinds } from '../../../contracts/index.js';

// A situation's de-identified presentation as its form edits it; apart from the form
// (PresentationForm.tsx), which the situation page loads only when someone edits.

export interface PresentationValues {
  originatingReason: string;
  subjectKind: (typeof subjectKinds)[number];
  ageBand: (typeof ageBands)[number];
  gender: (typeof genders)[number];
  neighbourhood: string;
  riskFactors: string[];
  protectiveFactors: string[];
}

export function presentationOf(c?: CaseDetail): PresentationValues {
  return {
    originatingReason: c?.originatingReason ?? '',
    subjectKind: c?.subjectKind ?? 'person',
    ageBand: c?.ageBand ?? 'unknown',
    gender: c?.gender ?? 'not-stated',
    neighbourhood: c?.neighbourhood ?? '',
    riskFactors: c?.riskFactors ?? [],
    protectiveFactors: c?.protectiveFactors ?? [],
  };
}
