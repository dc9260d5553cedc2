import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { defineWebModule } from '../../lib/webModule';

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** Sign-in and invitations: public pages, no navigation entry. */
export default defineWebModule({
  name: 'auth',
  routes: ({ root }) => [
    createRoute({
      getParentRoute: () => root,
      path: '/sign-in',
      validateSearch: (s: Record<string, unknown>): { email?: string; redirect?: string; city?: string } => ({
        email: str(s.email),
        redirect: str(s.redirect),
        // A city's short name: the page then shows that city's branding.
        city: str(s.city),
      }),
      component: lazyRouteComponent(() => import('./SignInPage'), 'SignInPage'),
    }),
    createRoute({
      getParentRoute: () => root,
      path: '/invite/$token',
      component: lazyRouteComponent(() => import('./InvitePage'), 'InvitePage'),
    }),
  ],
});
