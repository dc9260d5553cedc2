import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../platform/deps.js';
import { accountModule } from './account/account.routes.js';
import { auditModule } from './audit/audit.routes.js';
import { citiesModule } from './cities/cities.routes.js';
import { networkModule } from './network/network.routes.js';
import { peopleModule } from './people/people.routes.js';
import { meetingsModule } from './meetings/index.js';
import { torModule } from './tor/tor.routes.js';
import { caseStatisticsModule } from './cases/cases.statistics.routes.js';
import { caseRetentionModule } from './cases/cases.retention.routes.js';
import { casesModule } from './cases/cases.routes.js';
import { referralsModule } from './referrals/index.js';
import { communityModule } from './community/index.js';
import { safeSpaceModule } from './safe-space/index.js';
import { riskMapModule } from './risk-map/index.js';
import { actionPlanModule } from './action-plan/index.js';
import { activitiesModule } from './activities/index.js';
import { indicatorsModule } from './indicators/index.js';
import { cityNetworksModule } from './city-networks/index.js';
import { nationalModule } from './national/index.js';
import { directoryModule } from './directory/index.js';

/** The one list of modules. */
export const modules: ((app: FastifyInstance, deps: AppDeps) => Promise<void>)[] = [
  accountModule,
  citiesModule,
  peopleModule,
  networkModule,
  torModule,
  auditModule,
  meetingsModule,
  casesModule,
  caseRetentionModule,
  caseStatisticsModule,
  referralsModule,
  communityModule,
  safeSpaceModule,
  riskMapModule,
  actionPlanModule,
  activitiesModule,
  indicatorsModule,
  cityNetworksModule,
  nationalModule,
  directoryModule,
];
