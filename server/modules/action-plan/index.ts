import { registerAgendaSource } from '../meetings/index.js';
import { planAgendaItems } from './action-plan.agenda.js';
// The action plan module's public surface: other modules import from here, never from its files.
export { actionPlanActionState, actionPlanVersion } from './action-plan.table.js';
export {
  adoptedPlan,
  findPlanAction,
  myOrganisationIds,
  requirePlanModule,
  wellFormed,
} from './action-plan.service.js';
export { actionPlanModule } from './action-plan.routes.js';
export { seedActionPlanDemo } from './action-plan.demo.js';
export { getVersion as planVersionDetail } from './action-plan.service.js';
export { actionProgress, meanProgress } from './action-plan.service.js';

// The monthly meeting's agenda pulls overdue actions and milestones due (meetings imports nothing of ours).
registerAgendaSource('action-plan', planAgendaItems);
