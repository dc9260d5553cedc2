import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  type AnyRoute,
} from '@tanstack/react-router';
import { NotFound } from './components/NotFound';
import { loadModuleMessages } from './lib/i18n';
import { setAuthErrorHandler } from './lib/queryClient';
import type { RouteParents } from './lib/webModule';
import { messagesOf, webModules } from './webModules';

// The shell's three parents; every page comes from a module's descriptor (web/modules/*/*.module.ts).
const rootRoute = createRootRoute({ component: Outlet, notFoundComponent: NotFound });
// The signed-in frame and the city frame are chunks of their own: the sign-in page never loads them.
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  component: lazyRouteComponent(() => import('./components/AppLayout'), 'AppLayout'),
});
const cityRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/c/$cityId',
  component: lazyRouteComponent(() => import('./modules/cities/CityLayout'), 'CityLayout'),
});

const parents: RouteParents = { root: rootRoute, app: appRoute, city: cityRoute };

/**
 * Each module's routes, sorted under the parent it chose. Every route's loader first fetches the
 * messages its module needs (its own and those it declares, see messagesOf) beside the page's chunks,
 * so the page never renders raw keys and no page downloads the messages of modules it does not use.
 */
function moduleRoutes(): Map<AnyRoute, AnyRoute[]> {
  const byParent = new Map<AnyRoute, AnyRoute[]>([
    [rootRoute, []],
    [appRoute, []],
    [cityRoute, []],
  ]);
  for (const module of webModules) {
    for (const route of module.routes?.(parents) ?? []) {
      const parent = (route.options as { getParentRoute?: () => AnyRoute }).getParentRoute?.();
      const list = parent && byParent.get(parent);
      if (!list) throw new Error(`web module "${module.name}" has a route outside the shell's parents`);
      const messages = messagesOf(module);
      const own = route.options.loader as ((ctx: unknown) => unknown) | undefined;
      route.update({
        loader: async (ctx: unknown) => {
          await loadModuleMessages(messages);
          return own?.(ctx);
        },
      } as never);
      list.push(route);
    }
  }
  return byParent;
}

const children = moduleRoutes();
const routeTree = rootRoute.addChildren([
  ...children.get(rootRoute)!,
  appRoute.addChildren([...children.get(appRoute)!, cityRoute.addChildren(children.get(cityRoute)!)]),
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
