import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { circlePath, svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const GlobeIcon = svgIcon([
  circlePath(12, 12, 9),
  'M3 12h18',
  'M12 3c3 3.5 3 14.5 0 18',
  'M12 3c-3 3.5-3 14.5 0 18',
]);

const MegaphoneIcon = svgIcon(
  ['M3 10v4h3l6 4V6L6 10H3', 'M16 8.5a5 5 0 0 1 0 7', 'M19 6a8.5 8.5 0 0 1 0 12'],
  {
    mirror: true,
  },
);

/** The chair's controls for the city's public pages (served by the server at /p/{slug}/{lang}). */
export default defineWebModule({
  name: 'community',
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/community',
      component: lazyRouteComponent(() => import('./CommunityPage'), 'CommunityPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/communications',
      component: lazyRouteComponent(() => import('./CommunicationsPage'), 'CommunicationsPage'),
    }),
  ],
  nav: [
    {
      id: 'community',
      group: 'administration',
      labelKey: 'community.nav',
      icon: GlobeIcon,
      to: '/c/$cityId/community',
      order: 30,
      permission: 'community.manage',
    },
    {
      id: 'communications',
      group: 'network',
      labelKey: 'community.comms.nav',
      icon: MegaphoneIcon,
      to: '/c/$cityId/communications',
      order: 60,
      permission: 'community.messages.read',
    },
  ],
});
