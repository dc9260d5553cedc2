import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { meetingsRoutes } from '../../../contracts/index.js';
import { call } from '../../lib/api';

export const meetingsKey = (cityId: string) => ['meetings', cityId] as const;
export const meetingKey = (cityId: string, meetingId: string) =>
  ['meetings', cityId, 'one', meetingId] as const;
export const myActionItemsKey = ['me', 'action-items'] as const;

export function useMeetings(cityId: string, when: 'upcoming' | 'past') {
  return useInfiniteQuery({
    queryKey: [...meetingsKey(cityId), 'list', when],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      call(meetingsRoutes.listMeetings, {
        params: { cityId },
        query: { when, cursor: pageParam, limit: 20 },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useMeeting(cityId: string, meetingId: string) {
  return useQuery({
    queryKey: meetingKey(cityId, meetingId),
    queryFn: ({ signal }) => call(meetingsRoutes.getMeeting, { params: { cityId, meetingId }, signal }),
  });
}

export function useMyActionItems() {
  return useQuery({
    queryKey: myActionItemsKey,
    queryFn: ({ signal }) => call(meetingsRoutes.myActionItems, { signal }),
  });
}

/** The next scheduled meeting and the count in the next 30 days (home page; also the national liaison). */
export function useNextMeeting(cityId: string) {
  return useQuery({
    queryKey: [...meetingsKey(cityId), 'next'],
    queryFn: ({ signal }) => call(meetingsRoutes.nextMeeting, { params: { cityId }, signal }),
    enabled: !!cityId,
  });
}
