import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { lazy } from 'react';
import { svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const PeopleIcon = svgIcon([
  'M6 8a3 3 0 1 0 6 0a3 3 0 1 0 -6 0',
  'M3 20v-1a5 5 0 0 1 5-5h2a5 5 0 0 1 5 5v1',
  'M16 5a3 3 0 0 1 0 6',
  'M18 14a5 5 0 0 1 3 5v1',
]);

/** The city's people directory and invitations. */
export default defineWebModule({
  name: 'people',
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/people',
      component: lazyRouteComponent(() => import('./PeoplePage'), 'PeoplePage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/people/$userId',
      component: lazyRouteComponent(() => import('./PersonPage'), 'PersonPage'),
    }),
  ],
  nav: [
    {
      id: 'people',
      group: 'administration',
      labelKey: 'nav.people',
      icon: PeopleIcon,
      to: '/c/$cityId/people',
      order: 10,
      permission: 'people.list',
    },
  ],
  homeCards: [
    {
      id: 'people',
      order: 80,
      size: 'half',
      permission: 'people.list',
      component: lazy(() => import('./PeopleHomeCard').then((m) => ({ default: m.PeopleHomeCard }))),
    },
  ],
});
