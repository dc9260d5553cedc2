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
