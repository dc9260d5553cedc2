import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

// Three linked circles: cities in a network.
const CityNetworksIcon = svgIcon([
  'M6 7a2.5 2.5 0 1 0 0-.01',
  'M18 7a2.5 2.5 0 1 0 0-.01',
  'M12 18a2.5 2.5 0 1 0 0-.01',
  'M8.5 7h7',
  'M7.2 9.2l3.6 6.4',
  'M16.8 9.2l-3.6 6.4',
]);
const AnalysisIcon = svgIcon(['M4 20V10', 'M10 20V4', 'M16 20v-7', 'M22 20H2']);

/** Networks of cities (docs/CITY_NETWORKS.md): the chair's memberships and templates, the analyst's pooled view. */
export default defineWebModule({
  name: 'city-networks',
  routes: ({ app, city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/city-networks',
      component: lazyRouteComponent(() => import('./CityNetworksPage'), 'CityNetworksPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/city-networks/analysis',
      component: lazyRouteComponent(() => import('./NetworkAnalysisPage'), 'NetworkAnalysisPage'),
    }),
    createRoute({
      getParentRoute: () => app,
      path: '/city-networks',
      component: lazyRouteComponent(() => import('./NetworkAnalysisPage'), 'NetworkAnalysisPage'),
    }),
  ],
  nav: [
    {
      id: 'city-networks',
      group: 'network',
      labelKey: 'city-networks.nav',
      icon: CityNetworksIcon,
      to: '/c/$cityId/city-networks',
      order: 80,
      exact: true,
      permission: 'city-networks.read',
    },
    {
      id: 'city-networks-analysis',
      group: 'overview',
      labelKey: 'city-networks.analysisNav',
      icon: AnalysisIcon,
      to: '/c/$cityId/city-networks/analysis',
      order: 80,
      permission: 'city-networks.analyse',
    },
    {
      id: 'city-networks-admin',
      group: 'platform',
      labelKey: 'city-networks.adminNav',
      icon: AnalysisIcon,
      to: '/city-networks',
      order: 30,
      platformAdmin: true,
    },
  ],
});
