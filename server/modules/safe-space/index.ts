// The safe-space module's public surface: other modules import from here, never from its files.
export { safeSpaceModule, safeSpaceOptions } from './safe-space.routes.js';
export { seedCommunityDemo, DEMO_RECEIPT } from './safe-space.demo.js';
export { runSafeSpacePurgeIfDue, SAFE_SPACE_PURGE_JOB } from './safe-space.retention.js';
export { safeSpaceSubmission } from './safe-space.table.js';
