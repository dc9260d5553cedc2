import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { lazy } from 'react';
import { svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const CaseSettingsIcon = svgIcon(['M3 5h18v4H3z', 'M5 9v10h14V9', 'M10 13h4']);

/** Case settings: taxonomies, retention and purge runs, subject access. */
export default defineWebModule({
  name: 'case-retention',
  // Other modules' messages its pages use (see WebModule.messages).
  messages: ['cases', 'referrals', 'network'], // referrals, network: what a cases import may render (web/moduleMessages.test.ts)
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/case-settings',
      component: lazyRouteComponent(() => import('./CaseSettingsPage'), 'CaseSettingsPage'),
    }),
  ],
  nav: [
    {
      id: 'case-settings',
      group: 'administration',
      labelKey: 'case-retention.web.nav',
      icon: CaseSettingsIcon,
      to: '/c/$cityId/case-settings',
      order: 30,
      permission: ['cases.settings', 'cases.purge-runs'],
    },
  ],
  homeCards: [
    {
      id: 'purge-runs',
      order: 91,
      size: 'half',
      permission: 'cases.purge-runs',
      messages: [], // its own module's only
      component: lazy(() => import('./PurgeRunsCard').then((m) => ({ default: m.PurgeRunsCard }))),
    },
  ],
});
