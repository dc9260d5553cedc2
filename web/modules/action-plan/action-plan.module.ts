import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { lazy } from 'react';
import { svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const ActionPlanIcon = svgIcon([
  'M9 6h11',
  'M9 12h11',
  'M9 18h11',
  'M4 6l1 1 2-2',
  'M4 12l1 1 2-2',
  'M4 18h3',
]);

/** The local action plan: objectives, actions, timeline, budget; "my actions" on the home page. */
export default defineWebModule({
  name: 'action-plan',
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/action-plan',
      component: lazyRouteComponent(() => import('./ActionPlanPage'), 'ActionPlanPage'),
    }),
  ],
  nav: [
    {
      id: 'action-plan',
      group: 'planning',
      labelKey: 'action-plan.nav',
      icon: ActionPlanIcon,
      to: '/c/$cityId/action-plan',
      order: 20,
      permission: 'action-plan.read',
    },
  ],
  homeCards: [
    {
      id: 'my-plan-actions',
      order: 40,
      size: 'half',
      permission: 'action-plan.my-actions',
      component: lazy(() => import('./MyActionsCard').then((m) => ({ default: m.MyActionsCard }))),
    },
  ],
});
