import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const ShieldIcon = svgIcon(['M12 3l8 3v6c0 4.5-3.4 8.2-8 9-4.6-.8-8-4.5-8-9V6z', 'M9 12h6', 'M12 9v6']);

/** The safe space's inbox for custodians, and the chair's choice of custodians. */
export default defineWebModule({
  name: 'safe-space',
  // The case-intake form's subject, age band and gender labels.
  messages: ['cases'],
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/safe-space',
      component: lazyRouteComponent(() => import('./SafeSpacePage'), 'SafeSpacePage'),
    }),
  ],
  nav: [
    {
      id: 'safe-space',
      group: 'casework',
      labelKey: 'safe-space.nav',
      icon: ShieldIcon,
      to: '/c/$cityId/safe-space',
      order: 40,
      permission: 'safe-space.triage',
    },
  ],
});
