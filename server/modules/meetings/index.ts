// The meetings module's public surface: other modules import from here, never from its files.
export {
  actionItem,
  agendaItem,
  attendance,
  calendarFeed,
  decision,
  meeting,
  meetingSeries,
} from './meetings.table.js';
export {
  DEFAULT_RULES,
  quorumFor,
  recordDecision,
  registerAgendaCaseSource,
  rulesFor,
  sendActionItemReminders,
} from './meetings.service.js';
export { adoptionDecisions, adoptionIneligibility } from './meetings.adoption.js';
export { meetingsModule } from './meetings.routes.js';
export { seedMeetingDecisionsDemo, seedMeetingsDemo } from './meetings.demo.js';
export {
  registerAgendaSource,
  type AgendaSourceContext,
  type PulledAgendaItem,
} from './meetings.agenda-sources.js';
