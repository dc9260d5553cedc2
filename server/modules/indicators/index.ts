import { registerAgendaSource } from '../meetings/index.js';
import { indicatorAgendaItems } from './indicators.agenda.js';
// The indicators module's public surface: other modules import from here, never from its files.
export { indicator, indicatorValue } from './indicators.table.js';
export { indicatorsModule } from './indicators.routes.js';
export { seedIndicatorsDemo } from './indicators.demo.js';
export { LIBRARY as INDICATOR_LIBRARY } from './indicators.service.js';
export { dashboard as indicatorDashboard } from './indicators.service.js';

// The monthly meeting's agenda pulls the indicator values approved since the previous meeting.
registerAgendaSource('indicators', indicatorAgendaItems);
