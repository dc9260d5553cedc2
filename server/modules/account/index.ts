// The account module's public surface.
export { accountModule } from './account.routes.js';
