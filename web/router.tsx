import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
} from '@tanstack/react-router';
import { AppLayout } from './components/AppLayout';
import { NotFound } from './components/NotFound';
import { setAuthErrorHandler } from './lib/queryClient';
import { CityLayout } from './modules/cities/CityLayout';
import { HomeRedirect } from './modules/cities/HomeRedirect';

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFound });

const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: (s: Record<string, unknown>): { email?: string; redirect?: string } => ({
    email: str(s.email),
    redirect: str(s.redirect),
  }),
  component: lazyRouteComponent(() => import('./modules/auth/SignInPage'), 'SignInPage'),
});

const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invite/$token',
  component: lazyRouteComponent(() => import('./modules/auth/InvitePage'), 'InvitePage'),
});

const appRoute = createRoute({ getParentRoute: () => rootRoute, id: 'app', component: AppLayout });

const indexRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: HomeRedirect });

const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/account',
  component: lazyRouteComponent(() => import('./modules/account/AccountPage'), 'AccountPage'),
});

const twoFactorRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/account/two-factor',
  validateSearch: (s: Record<string, unknown>): { reason?: 'required'; cityId?: string } => ({
    reason: s.reason === 'required' ? 'required' : undefined,
    cityId: str(s.cityId),
  }),
  component: lazyRouteComponent(() => import('./modules/account/TwoFactorPage'), 'TwoFactorPage'),
});

const adminCitiesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/cities',
  component: lazyRouteComponent(() => import('./modules/cities/CitiesAdminPage'), 'CitiesAdminPage'),
});

const cityRoute = createRoute({ getParentRoute: () => appRoute, path: '/c/$cityId', component: CityLayout });

const cityHomeRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/',
  component: lazyRouteComponent(() => import('./modules/cities/CityHomePage'), 'CityHomePage'),
});

const citySettingsRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/settings',
  component: lazyRouteComponent(() => import('./modules/cities/CitySettingsPage'), 'CitySettingsPage'),
});

const peopleRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/people',
  component: lazyRouteComponent(() => import('./modules/people/PeoplePage'), 'PeoplePage'),
});

const personRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/people/$userId',
  component: lazyRouteComponent(() => import('./modules/people/PersonPage'), 'PersonPage'),
});

const auditRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/audit',
  component: lazyRouteComponent(() => import('./modules/audit/AuditPage'), 'AuditPage'),
});

const networkRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/network',
  component: lazyRouteComponent(() => import('./modules/network/NetworkPage'), 'NetworkPage'),
});

const organisationsRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/organisations',
  component: lazyRouteComponent(() => import('./modules/network/OrganisationsPage'), 'OrganisationsPage'),
});

const dashboardRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/dashboard',
  component: lazyRouteComponent(() => import('./modules/network/DashboardPage'), 'DashboardPage'),
});

const meetingsRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/meetings',
  component: lazyRouteComponent(() => import('./modules/meetings/MeetingsPage'), 'MeetingsPage'),
});

const meetingRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/meetings/$meetingId',
  component: lazyRouteComponent(() => import('./modules/meetings/MeetingPage'), 'MeetingPage'),
});

const torRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/tor',
  component: lazyRouteComponent(() => import('./modules/tor/TorPage'), 'TorPage'),
});

const torVersionRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/tor/$versionId',
  component: lazyRouteComponent(() => import('./modules/tor/TorVersionPage'), 'TorVersionPage'),
});

const casesRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/cases',
  component: lazyRouteComponent(() => import('./modules/cases/CasesPage'), 'CasesPage'),
});

const newCaseRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/cases/new',
  component: lazyRouteComponent(() => import('./modules/cases/NewCasePage'), 'NewCasePage'),
});

const caseRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/cases/$caseId',
  component: lazyRouteComponent(() => import('./modules/cases/CasePage'), 'CasePage'),
});

const referralsInboxRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/referrals',
  component: lazyRouteComponent(() => import('./modules/referrals/ReferralsInboxPage'), 'ReferralsInboxPage'),
});

const servicesRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/services',
  component: lazyRouteComponent(() => import('./modules/referrals/ServicesPage'), 'ServicesPage'),
});

const caseStatisticsRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/case-statistics',
  component: lazyRouteComponent(() => import('./modules/case-statistics/StatisticsPage'), 'StatisticsPage'),
});

const caseSettingsRoute = createRoute({
  getParentRoute: () => cityRoute,
  path: '/case-settings',
  component: lazyRouteComponent(
    () => import('./modules/case-retention/CaseSettingsPage'),
    'CaseSettingsPage',
  ),
});

const routeTree = rootRoute.addChildren([
  signInRoute,
  inviteRoute,
  appRoute.addChildren([
    indexRoute,
    accountRoute,
    twoFactorRoute,
    adminCitiesRoute,
    cityRoute.addChildren([
      cityHomeRoute,
      citySettingsRoute,
      peopleRoute,
      personRoute,
      auditRoute,
      networkRoute,
      organisationsRoute,
      dashboardRoute,
      meetingsRoute,
      meetingRoute,
      torRoute,
      torVersionRoute,
      casesRoute,
      newCaseRoute,
      caseRoute,
      referralsInboxRoute,
      servicesRoute,
      caseStatisticsRoute,
      caseSettingsRoute,
    ]),
  ]),
]);

export const router = createRouter({ routeTree, defaultPreload: 'intent', scrollRestoration: true });

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}

const publicPaths = ['/sign-in', '/invite/'];

// 401 anywhere: back to sign-in. 403 two-factor-required: this role must enrol in 2FA for the city.
setAuthErrorHandler((err) => {
  const path = router.state.location.pathname;
  if (publicPaths.some((p) => path.startsWith(p))) return;
  if (err.status === 401) {
    void router.navigate({ to: '/sign-in', search: { redirect: router.state.location.href } });
  } else if (err.code === 'two-factor-required' && path !== '/account/two-factor') {
    const cityId = path.match(/^\/c\/([^/]+)/)?.[1];
    void router.navigate({ to: '/account/two-factor', search: { reason: 'required', cityId } });
  }
});
