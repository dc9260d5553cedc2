import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const ActivitiesIcon = svgIcon(['M4 20V10', 'M10 20V4', 'M16 20v-7', 'M22 20H2']);

/** Delivered sessions of the action plan: a small form for the phone, the list, what they add up to. */
export default defineWebModule({
  name: 'activities',
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/activities',
      component: lazyRouteComponent(() => import('./ActivitiesPage'), 'ActivitiesPage'),
    }),
  ],
  nav: [
    {
      id: 'activities',
      group: 'planning',
      labelKey: 'activities.nav',
      icon: ActivitiesIcon,
      to: '/c/$cityId/activities',
      order: 22,
      permission: ['activities.read', 'activities.record-own', 'activities.summary'],
    },
  ],
});
