import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { defineWebModule } from '../../lib/webModule';

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);

/** The person's own account; reached from the header's account menu, so no side-bar entry. */
export default defineWebModule({
  name: 'account',
  routes: ({ app }) => [
    createRoute({
      getParentRoute: () => app,
      path: '/account',
      component: lazyRouteComponent(() => import('./AccountPage'), 'AccountPage'),
    }),
    createRoute({
      getParentRoute: () => app,
      path: '/account/two-factor',
      validateSearch: (s: Record<string, unknown>): { reason?: 'required'; cityId?: string } => ({
        reason: s.reason === 'required' ? 'required' : undefined,
        cityId: str(s.cityId),
      }),
      component: lazyRouteComponent(() => import('./TwoFactorPage'), 'TwoFactorPage'),
    }),
  ],
});
