import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { circlePath, svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const DashboardIcon = svgIcon(['M4 20h16', 'M7 16v-5', 'M12 16V6', 'M17 16v-8']);
const NetworkIcon = svgIcon([
  circlePath(12, 5, 2),
  circlePath(5, 18, 2),
  circlePath(19, 18, 2),
  'M11 7l-5 9',
  'M13 7l5 9',
  'M7 18h10',
]);
const OrganisationsIcon = svgIcon(['M4 21h16', 'M6 21V4h8v17', 'M14 9h4v12', 'M9 8h2', 'M9 12h2', 'M9 16h2']);

/** The network: its members and organisations, and the dashboard of its indicators. */
export default defineWebModule({
  name: 'network',
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/network',
      component: lazyRouteComponent(() => import('./NetworkPage'), 'NetworkPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/organisations',
      component: lazyRouteComponent(() => import('./OrganisationsPage'), 'OrganisationsPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/dashboard',
      component: lazyRouteComponent(() => import('./DashboardPage'), 'DashboardPage'),
    }),
  ],
  nav: [
    {
      id: 'dashboard',
      group: 'overview',
      labelKey: 'network.navDashboard',
      icon: DashboardIcon,
      to: '/c/$cityId/dashboard',
      order: 10,
      permission: 'dashboard.read',
    },
    {
      id: 'network',
      group: 'network',
      labelKey: 'network.navNetwork',
      icon: NetworkIcon,
      to: '/c/$cityId/network',
      order: 10,
      permission: 'network.read',
    },
    {
      id: 'organisations',
      group: 'network',
      labelKey: 'network.navOrganisations',
      icon: OrganisationsIcon,
      to: '/c/$cityId/organisations',
      order: 20,
      permission: 'organisations.read',
    },
  ],
});
