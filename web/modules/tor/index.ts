// What other web modules may use from tor.
export { useTorSummary, useTorVersions } from './tor.queries';
