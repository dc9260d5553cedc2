// The activities module's public surface: other modules import from here, never from its files.
export { activitySession } from './activities.table.js';
export { rawTotals } from './activities.service.js';
export { activitiesModule } from './activities.routes.js';
export { seedActivitiesDemo } from './activities.demo.js';
export { summary as activitiesSummary } from './activities.service.js';
