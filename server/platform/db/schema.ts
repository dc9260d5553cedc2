// The one list of tables, read by Drizzle at run time and by drizzle-kit to generate migrations.
export * from '../auth/auth.table.js';
export * from '../crypto/crypto.table.js';
export * from '../audit/audit.table.js';
export * from '../../modules/cities/cities.table.js';
export * from '../../modules/people/people.table.js';
export * from '../../modules/network/network.table.js';
export * from '../../modules/tor/tor.table.js';
export * from '../../modules/meetings/meetings.table.js';
export * from '../jobs/jobs.table.js';
export * from '../../modules/cases/cases.table.js';
export * from '../../modules/community/community.table.js';
export * from '../../modules/safe-space/safe-space.table.js';
export * from '../../modules/risk-map/risk-map.table.js';
export * from '../../modules/action-plan/action-plan.table.js';
export * from '../../modules/activities/activities.table.js';
export * from '../../modules/indicators/indicators.table.js';
export * from '../../modules/directory/directory.table.js';
