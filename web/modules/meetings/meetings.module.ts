import { createRoute, lazyRouteComponent } from '@tanstack/react-router';
import { lazy } from 'react';
import { svgIcon } from '../../components/icons';
import { defineWebModule } from '../../lib/webModule';

const MeetingsIcon = svgIcon([
  'M4 7a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H6a2 2 0 0 1-2-2z',
  'M4 10h16',
  'M8 3v4',
  'M16 3v4',
]);

/** Meetings: agenda, attendance, minutes, decisions and action items. */
export default defineWebModule({
  name: 'meetings',
  routes: ({ city }) => [
    createRoute({
      getParentRoute: () => city,
      path: '/meetings',
      component: lazyRouteComponent(() => import('./MeetingsPage'), 'MeetingsPage'),
    }),
    createRoute({
      getParentRoute: () => city,
      path: '/meetings/$meetingId',
      component: lazyRouteComponent(() => import('./MeetingPage'), 'MeetingPage'),
    }),
  ],
  nav: [
    {
      id: 'meetings',
      group: 'planning',
      labelKey: 'meetings.nav',
      icon: MeetingsIcon,
      to: '/c/$cityId/meetings',
      order: 10,
      permission: 'meetings.read',
    },
  ],
  homeCards: [
    {
      id: 'next-meeting',
      order: 15,
      size: 'half',
      permission: 'meetings.next',
      component: lazy(() => import('./NextMeetingCard').then((m) => ({ default: m.NextMeetingCard }))),
    },
    {
      id: 'my-action-items',
      order: 20,
      size: 'full',
      permission: 'meetings.read',
      component: lazy(() => import('./MyActionItemsCard').then((m) => ({ default: m.MyActionItemsCard }))),
    },
  ],
});
