import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { circlePath, svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const DirectoryIcon = svgIcon([
  circlePath(6, 6, 2),
  circlePath(18, 6, 2),
  circlePath(12, 18, 2),
  'M8 6h8',
  'M7 8l4 8',
  'M17 8l-4 8',
]);
const GapsIcon = svgIcon(['M4 4h7v7H4z', 'M13 13h7v7h-7z', 'M13 4h7v7h-7z', 'M4 13h7v7H4z', 'M5 19l5-5']);

/** The who-does-what-where directory (docs/DIRECTORY.md): entries, gaps and overlaps, HXL import and export. */
export default defineWebModule({
  name: 'directory',
  messages: ['network', 'risk-map'],
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/directory',
      component: lazyRouteComponent(() => import('./DirectoryPage'), 'DirectoryPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/directory/entries/$entryId',
      component: lazyRouteComponent(() => import('./EntryPage'), 'EntryPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/directory/gaps',
      component: lazyRouteComponent(() => import('./GapsPage'), 'GapsPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/directory/import',
      component: lazyRouteComponent(() => import('./ImportPage'), 'ImportPage'),
    }),
  ],
  nav: [
    {
      id: 'directory',
      group: 'planning',
      labelKey: 'directory.nav',
      icon: DirectoryIcon,
      to: '/c/$cityId/directory',
      order: 8,
      permission: 'directory.read',
      exact: true,
    },
    {
      id: 'directory-gaps',
      group: 'planning',
      labelKey: 'directory.navGaps',
      icon: GapsIcon,
      to: '/c/$cityId/directory/gaps',
      order: 9,
      permission: 'directory.coverage',
    },
  ],
});
