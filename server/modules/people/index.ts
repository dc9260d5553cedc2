// The people module's public surface: other modules import from here, never from its files.
export { invitation, membership } from './people.table.js';
export { insertInvitation, PHONE_CONTEXT } from './people.service.js';
export { invitationUrl, requestBaseUrl } from './people.routes.js';
