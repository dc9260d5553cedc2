import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { lazy } from 'react';
import { svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const TorIcon = svgIcon(['M7 3h7l5 5v13H7z', 'M14 3v5h5', 'M10 13h6', 'M10 17h6']);

/** The network's Terms of Reference and their versions. */
export default defineWebModule({
  name: 'tor',
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/tor',
      component: lazyRouteComponent(() => import('./TorPage'), 'TorPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/tor/$versionId',
      component: lazyRouteComponent(() => import('./TorVersionPage'), 'TorVersionPage'),
    }),
  ],
  nav: [
    {
      id: 'tor',
      group: 'network',
      labelKey: 'tor.nav',
      icon: TorIcon,
      to: '/c/$cityId/tor',
      order: 30,
      permission: 'tor.read-summary',
    },
  ],
  homeCards: [
    {
      id: 'tor-acknowledge',
      order: 16,
      size: 'half',
      permission: 'tor.acknowledge',
      component: lazy(() => import('./TorAcknowledgeCard').then((m) => ({ default: m.TorAcknowledgeCard }))),
    },
  ],
});
