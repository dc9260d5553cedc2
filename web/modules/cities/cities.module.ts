import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { lazy } from 'react';
import { circlePath, svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const HomeIcon = svgIcon(['M4 11l8-7 8 7', 'M6 10v10h12V10', 'M10 20v-6h4v6']);
const SettingsIcon = svgIcon([
  'M4 6h8',
  'M16 6h4',
  'M14 4v4',
  'M4 12h2',
  'M10 12h10',
  'M8 10v4',
  'M4 18h11',
  'M19 18h1',
  'M17 16v4',
]);
const CitiesIcon = svgIcon([
  circlePath(12, 12, 9),
  'M3 12h18',
  'M12 3a14 14 0 0 1 0 18',
  'M12 3a14 14 0 0 0 0 18',
]);

/** Cities: the start page, a city's home and settings, and the platform admin's list of cities. */
export default defineWebModule({
  name: 'cities',
  routes: ({ app, city }) => [
    createRoute({
      getParentRoute: () => app,
      path: '/',
      component: lazyRouteComponent(() => import('./HomeRedirect'), 'HomeRedirect'),
    }),
    createRoute({
      getParentRoute: () => app,
      path: '/admin/cities',
      component: lazyRouteComponent(() => import('./CitiesAdminPage'), 'CitiesAdminPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/',
      component: lazyRouteComponent(() => import('./CityHomePage'), 'CityHomePage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/settings',
      component: lazyRouteComponent(() => import('./CitySettingsPage'), 'CitySettingsPage'),
    }),
  ],
  nav: [
    {
      id: 'home',
      group: 'overview',
      labelKey: 'nav.home',
      icon: HomeIcon,
      to: '/c/$cityId',
      order: 0,
      exact: true,
    },
    {
      id: 'settings',
      group: 'administration',
      labelKey: 'nav.settings',
      icon: SettingsIcon,
      to: '/c/$cityId/settings',
      order: 40,
      permission: 'city.update-settings',
    },
    {
      id: 'cities',
      group: 'platform',
      labelKey: 'nav.cities',
      icon: CitiesIcon,
      to: '/admin/cities',
      order: 0,
      platformAdmin: true,
    },
  ],
  homeCards: [
    {
      id: 'about',
      order: 0,
      size: 'full',
      component: lazy(() => import('./AboutCard').then((m) => ({ default: m.AboutCard }))),
    },
  ],
});
