import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { circlePath, svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const GlobeIcon = svgIcon([
  circlePath(12, 12, 9),
  'M3 12h18',
  'M12 3c3 3.5 3 14.5 0 18',
  'M12 3c-3 3.5-3 14.5 0 18',
]);

/** The chair's controls for the city's public pages (served by the server at /p/{slug}/{lang}). */
export default defineWebModule({
  name: 'community',
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/community',
      component: lazyRouteComponent(() => import('./CommunityPage'), 'CommunityPage'),
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
  ],
});
