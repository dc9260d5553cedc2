// The case-retention module's public surface for other web modules (its page is reached through the router).
export { useRetention } from './retention.queries';
