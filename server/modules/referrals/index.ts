// The referrals module's public surface: other modules import from here, never from its files.
export { referralsModule } from './referrals.routes.js';
export { seedReferralsDemo } from './referrals.demo.js';
