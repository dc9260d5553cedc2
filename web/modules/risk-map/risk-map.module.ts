import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { circlePath, svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const MapIcon = svgIcon(['M3 6l6-2 6 2 6-2v14l-6 2-6-2-6 2z', 'M9 4v14', 'M15 6v14']);
const ConsultationsIcon = svgIcon([
  circlePath(8, 8, 3),
  circlePath(16, 8, 3),
  'M3 20c0-3 2-5 5-5s5 2 5 5',
  'M11 20c0-3 2-5 5-5s5 2 5 5',
]);
const RegisterIcon = svgIcon(['M5 4h14v16H5z', 'M8 8h8', 'M8 12h8', 'M8 16h4', circlePath(17, 16, 1)]);

/**
 * The risk map (docs/RISK_MAP.md): the city's neighbourhoods drawn from its own shapes (no tile
 * server; the map code loads only on these pages), and the risk register scored on them.
 */
export default defineWebModule({
  name: 'risk-map',
  // The neighbourhood page shows the directory's services (web/modules/directory/index.ts).
  messages: ['directory', 'network'],
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/risk-map',
      component: lazyRouteComponent(() => import('./RiskMapPage'), 'RiskMapPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/risk-map/boundaries',
      component: lazyRouteComponent(() => import('./BoundariesPage'), 'BoundariesPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/risk-map/neighbourhoods/$neighbourhoodId',
      component: lazyRouteComponent(() => import('./NeighbourhoodPage'), 'NeighbourhoodPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/risks',
      component: lazyRouteComponent(() => import('./RisksPage'), 'RisksPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/risks/$riskId',
      component: lazyRouteComponent(() => import('./RiskPage'), 'RiskPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/consultations',
      component: lazyRouteComponent(() => import('./ConsultationsPage'), 'ConsultationsPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/consultations/$consultationId',
      component: lazyRouteComponent(() => import('./ConsultationPage'), 'ConsultationPage'),
    }),
  ],
  nav: [
    {
      id: 'risk-map',
      group: 'planning',
      labelKey: 'risk-map.nav',
      icon: MapIcon,
      to: '/c/$cityId/risk-map',
      order: 5,
      permission: 'risks.read',
    },
    {
      id: 'risks',
      group: 'planning',
      labelKey: 'risk-map.navRegister',
      icon: RegisterIcon,
      to: '/c/$cityId/risks',
      order: 6,
      permission: 'risks.read',
    },
    {
      id: 'consultations',
      group: 'planning',
      labelKey: 'risk-map.navConsultations',
      icon: ConsultationsIcon,
      to: '/c/$cityId/consultations',
      order: 7,
      permission: 'risks.read',
    },
  ],
});
