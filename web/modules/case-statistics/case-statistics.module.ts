import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { lazy } from 'react';
import { svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const StatisticsIcon = svgIcon(['M12 3a9 9 0 1 0 9 9h-9z', 'M15 3.5a9 9 0 0 1 5.5 5.5H15z']);

/** Aggregate case statistics with small-cell suppression. */
export default defineWebModule({
  name: 'case-statistics',
  // Other modules' messages its pages use (see WebModule.messages).
  messages: ['cases', 'network'],
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/case-statistics',
      component: lazyRouteComponent(() => import('./StatisticsPage'), 'StatisticsPage'),
    }),
  ],
  nav: [
    {
      id: 'case-statistics',
      group: 'casework',
      labelKey: 'case-statistics.nav',
      icon: StatisticsIcon,
      to: '/c/$cityId/case-statistics',
      order: 30,
      permission: 'cases.statistics',
    },
  ],
  homeCards: [
    {
      // The national liaison's and the analyst's main card: what they may see, already suppressed.
      id: 'statistics',
      order: 40,
      size: 'full',
      permission: 'cases.statistics',
      messages: ['cases'],
      component: lazy(() => import('./StatisticsHomeCard').then((m) => ({ default: m.StatisticsHomeCard }))),
    },
  ],
});
