import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const IndicatorsIcon = svgIcon(['M3 3v18h18', 'M7 15l4-4 3 3 6-6']);

/** Indicators: target vs actual, values entered and approved, computed ones from the sessions. */
export default defineWebModule({
  name: 'indicators',
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/indicators',
      component: lazyRouteComponent(() => import('./IndicatorsPage'), 'IndicatorsPage'),
    }),
  ],
  nav: [
    {
      id: 'indicators',
      group: 'planning',
      labelKey: 'indicators.nav',
      icon: IndicatorsIcon,
      to: '/c/$cityId/indicators',
      order: 24,
      permission: 'indicators.read',
    },
  ],
});
