import type { AppDeps } from '../platform/deps.js';
import { seedNetworkDemo } from '../modules/network/index.js';
import { seedMeetingsDemo } from '../modules/meetings/index.js';
import { seedTorDemo } from '../modules/tor/tor.demo.js';
import { seedCasesDemo } from '../modules/cases/index.js';
import { seedReferralsDemo } from '../modules/referrals/index.js';

/** What each domain module adds to the demo city, in order (network before ToR before meetings). */
export interface DemoContext {
  deps: AppDeps;
  cityId: string;
  /** Demo people by e-mail → user id. */
  people: Map<string, string>;
}

/** Each module appends its seeder here (one line per module). */
export const demoSeeders: { module: string; seed: (ctx: DemoContext) => Promise<void> }[] = [
  { module: 'network', seed: seedNetworkDemo },
  { module: 'meetings', seed: seedMeetingsDemo },
  { module: 'tor', seed: seedTorDemo },
  { module: 'cases', seed: seedCasesDemo },
  { module: 'referrals', seed: seedReferralsDemo },
];
