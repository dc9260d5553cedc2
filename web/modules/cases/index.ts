// The cases module's public surface for other web modules.
export { OverdueCasesCard } from './OverdueCasesCard';
export { caseConfigKey, pickLabel, useCaseConfig } from './cases.queries';
export { ReviewsDueCard } from './ReviewsDueCard';
