import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { peopleRoutes, type peopleSort } from '../../../contracts/index.js';
import { call } from '../../lib/api';

export type PeopleSort = z.infer<typeof peopleSort>;

export const peopleKey = (cityId: string) => ['people', cityId] as const;
export const invitationsKey = (cityId: string) => ['invitations', cityId] as const;

/** People of a city, a page at a time ("load more" follows nextCursor). */
export function usePeople(cityId: string, sort: PeopleSort, q: string) {
  return useInfiniteQuery({
    queryKey: [...peopleKey(cityId), sort, q],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      call(peopleRoutes.listPeople, {
        params: { cityId },
        query: { sort, q: q || undefined, cursor: pageParam, limit: 25 },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useInvitations(cityId: string, enabled: boolean) {
  return useQuery({
    queryKey: invitationsKey(cityId),
    queryFn: ({ signal }) => call(peopleRoutes.listInvitations, { params: { cityId }, signal }),
    enabled,
  });
}
