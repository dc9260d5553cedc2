import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { lazy } from 'react';
import { circlePath, svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const ReferralsIcon = svgIcon(['M4 8h13', 'M14 5l3 3-3 3', 'M20 16H7', 'M10 13l-3 3 3 3'], { mirror: true });
const ServicesIcon = svgIcon([
  circlePath(12, 12, 9),
  circlePath(12, 12, 4),
  'M15 15l3.5 3.5',
  'M9 15l-3.5 3.5',
  'M9 9L5.5 5.5',
  'M15 9l3.5-3.5',
]);

/** Referrals between organisations: the inbox, and the directory of services they offer. */
export default defineWebModule({
  name: 'referrals',
  // Other modules' messages its pages use (see WebModule.messages).
  messages: ['network'],
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/referrals',
      component: lazyRouteComponent(() => import('./ReferralsInboxPage'), 'ReferralsInboxPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/services',
      component: lazyRouteComponent(() => import('./ServicesPage'), 'ServicesPage'),
    }),
  ],
  nav: [
    {
      id: 'referrals',
      group: 'casework',
      labelKey: 'referrals.nav',
      icon: ReferralsIcon,
      to: '/c/$cityId/referrals',
      order: 20,
      permission: 'referrals.inbox',
    },
    {
      id: 'services',
      group: 'network',
      labelKey: 'referrals.navServices',
      icon: ServicesIcon,
      to: '/c/$cityId/services',
      order: 40,
      permission: 'services.manage',
    },
  ],
  homeCards: [
    {
      // Partners' main card; members see what waits for their own organisation too.
      id: 'referrals-waiting',
      order: 10,
      size: 'full',
      permission: 'referrals.inbox',
      messages: [], // its own module's only
      component: lazy(() =>
        import('./ReferralsWaitingCard').then((m) => ({ default: m.ReferralsWaitingCard })),
      ),
    },
  ],
});
