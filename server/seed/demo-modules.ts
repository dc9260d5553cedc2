import type { AppDeps } from '../platform/deps.js';
import type { Db } from '../platform/db/index.js';
import type { CityKeys } from '../platform/crypto/keys.js';
import type { DemoTimeline } from './timeline.js';
import { seedNetworkDemo } from '../modules/network/index.js';
import { seedMeetingDecisionsDemo, seedMeetingsDemo } from '../modules/meetings/index.js';
import { seedTorDemo } from '../modules/tor/tor.demo.js';
import { seedCasesDemo } from '../modules/cases/index.js';
import { seedReferralsDemo } from '../modules/referrals/index.js';
import { seedCommunityDemo } from '../modules/safe-space/index.js';
import { seedRiskMapDemo } from '../modules/risk-map/index.js';
import { seedActionPlanDemo } from '../modules/action-plan/index.js';
import { seedActivitiesDemo } from '../modules/activities/index.js';
import { seedIndicatorsDemo } from '../modules/indicators/index.js';
import { seedCityNetworksDemo } from '../modules/city-networks/index.js';
import { seedNationalDemo } from '../modules/national/index.js';
import { seedDirectoryDemo } from '../modules/directory/index.js';

/**
 * What each domain module adds to the demo city, in order (network, meetings, ToR, cases, referrals).
 * Seeders write through `db` (the seed's one transaction) and `keys` (reading through it), with
 * explicit past timestamps from `timeline`, and note their audit entries there instead of appending.
 */
export interface DemoContext {
  deps: AppDeps;
  db: Db;
  keys: CityKeys;
  cityId: string;
  /** Demo people by e-mail → user id. */
  people: Map<string, string>;
  timeline: DemoTimeline;
}

/** Each module appends its seeder here (one line per module). */
export const demoSeeders: { module: string; seed: (ctx: DemoContext) => Promise<void> }[] = [
  { module: 'network', seed: seedNetworkDemo },
  { module: 'meetings', seed: seedMeetingsDemo },
  { module: 'tor', seed: seedTorDemo },
  // Decisions after the ToR: the rules in force (consensus or majority) depend on its adoptions.
  { module: 'meetings-decisions', seed: seedMeetingDecisionsDemo },
  { module: 'cases', seed: seedCasesDemo },
  { module: 'referrals', seed: seedReferralsDemo },
  { module: 'community', seed: seedCommunityDemo },
  { module: 'risk-map', seed: seedRiskMapDemo },
  { module: 'action-plan', seed: seedActionPlanDemo },
  { module: 'activities', seed: seedActivitiesDemo },
  { module: 'indicators', seed: seedIndicatorsDemo },
  // After the modules whose figures it pools: a second demo city and the demo network of cities.
  { module: 'city-networks', seed: seedCityNetworksDemo },
  { module: 'national', seed: seedNationalDemo },
  { module: 'directory', seed: seedDirectoryDemo },
];
