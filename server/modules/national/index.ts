// The national coordination module's public surface: other modules import from here, never from its files.
export {
  nationalEscalation,
  nationalFramework,
  nationalFrameworkVersion,
  nationalObjectiveGoal,
  nationalReport,
} from './national.table.js';
export { nationalModule } from './national.routes.js';
export { seedNationalDemo } from './national.demo.js';
export { sendEscalationReminders } from './national.reminders.js';
