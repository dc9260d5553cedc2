// The network module's public surface: other modules import from here, never from its files.
export { network, organisation, representative, type Mandate, type MandateItem } from './network.table.js';
export { getTemplate, listTemplates } from './network.templates.js';
export { effectiveMandate, isMandated, modulesFor } from './network.service.js';
export { networkModule } from './network.routes.js';
export { seedNetworkDemo } from './network.demo.js';
