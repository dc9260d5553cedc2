import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { lazy } from 'react';
import { svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const CasesIcon = svgIcon(['M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z']);

/** Situations of concern: the list, a new situation, one situation's work. */
export default defineWebModule({
  name: 'cases',
  // The situation page shows the referrals module's panel (CaseReferralsPanel), which reads its own
  // and the network's messages.
  messages: ['referrals', 'network'],
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/cases',
      component: lazyRouteComponent(() => import('./CasesPage'), 'CasesPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/cases/new',
      component: lazyRouteComponent(() => import('./NewCasePage'), 'NewCasePage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/cases/workflows',
      component: lazyRouteComponent(() => import('./WorkflowsPage'), 'WorkflowsPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/cases/$caseId',
      component: lazyRouteComponent(() => import('./CasePage'), 'CasePage'),
    }),
  ],
  nav: [
    {
      id: 'cases',
      group: 'casework',
      labelKey: 'cases.nav',
      icon: CasesIcon,
      to: '/c/$cityId/cases',
      order: 10,
      permission: 'cases.read',
    },
    {
      id: 'case-workflows',
      group: 'casework',
      labelKey: 'cases.wf.nav',
      icon: CasesIcon,
      to: '/c/$cityId/cases/workflows',
      order: 11,
      permission: 'cases.workflows.manage',
    },
  ],
  homeCards: [
    {
      id: 'overdue-cases',
      order: 30,
      size: 'full',
      permission: 'cases.read',
      messages: [], // its own module's only
      component: lazy(() => import('./OverdueCasesCard').then((m) => ({ default: m.OverdueCasesCard }))),
    },
    {
      id: 'reviews-due',
      order: 31,
      size: 'full',
      permission: 'cases.read',
      messages: [], // its own module's only
      component: lazy(() => import('./ReviewsDueCard').then((m) => ({ default: m.ReviewsDueCard }))),
    },
  ],
});
