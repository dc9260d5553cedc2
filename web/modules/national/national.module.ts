import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { lazy } from 'react';
import { svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

// A flag on a pole: the national level.
const NationalIcon = svgIcon(['M5 21V4', 'M5 4h11l-2 4 2 4H5']);

/** National–local coordination: frameworks, objectives mapped to goals, escalations, reports upward. */
export default defineWebModule({
  name: 'national',
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/national',
      component: lazyRouteComponent(() => import('./NationalPage'), 'NationalPage'),
    }),
  ],
  nav: [
    {
      id: 'national',
      group: 'planning',
      labelKey: 'national.nav',
      icon: NationalIcon,
      to: '/c/$cityId/national',
      order: 50,
      permission: ['national.escalations.read', 'national.frameworks.read'],
    },
  ],
  homeCards: [
    {
      id: 'national-home',
      order: 25,
      size: 'half',
      permission: 'national.escalations.read',
      component: lazy(() => import('./NationalHomeCard').then((m) => ({ default: m.NationalHomeCard }))),
    },
  ],
});
