// The community module's public surface: other modules import from here, never from its files.
export { communityModule, publicParams, sendHtml, anonymous } from './community.routes.js';
export { layout, esc, paragraphs, t as publicText } from './community.html.js';
export { loadSettings, cityBySlug } from './community.service.js';
export { communitySettings, publicEvent } from './community.table.js';
export { communityKeyText, communityMessage } from './community.table.js';
