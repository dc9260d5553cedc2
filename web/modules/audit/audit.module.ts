import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { lazy } from 'react';
import { svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const AuditIcon = svgIcon(['M12 3l8 3v6c0 5-3.5 8-8 9c-4.5-1-8-4-8-9V6z', 'M9 12l2 2 4-4']);

/** The city's audit log and its hash-chain verification. */
export default defineWebModule({
  name: 'audit',
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/audit',
      component: lazyRouteComponent(() => import('./AuditPage'), 'AuditPage'),
    }),
  ],
  nav: [
    {
      id: 'audit',
      group: 'administration',
      labelKey: 'nav.audit',
      icon: AuditIcon,
      to: '/c/$cityId/audit',
      order: 20,
      permission: 'audit.read',
    },
  ],
  homeCards: [
    {
      id: 'audit',
      order: 90,
      size: 'half',
      permission: 'audit.read',
      // The chain's length, its last check and a check on demand (it replaces the plain link card).
      component: lazy(() => import('./AuditChainCard').then((m) => ({ default: m.AuditChainCard }))),
    },
  ],
});
