// The case-statistics module's public surface for other web modules (its page is reached through the router).
export { rtdCsvHref } from './statistics.queries';
