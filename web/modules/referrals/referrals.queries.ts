import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { casesRoutes, referralsRoutes, type ReferralStatus } from '../../../contracts/index.js';
import { call } from '../../lib/api';

/*
 * Referral lists and statuses go through the query cache. What is opened with a reason (the shared
 * fields, the message, the feedback) never does: `useRestricted` keeps it out of the cache, and the
 * components hold the answer in their own state until the person hides it or leaves the page.
 */

export const referralsKey = (cityId: string) => ['referrals', cityId] as const;
export const caseReferralsKey = (cityId: string, caseId: string) =>
  ['referrals', cityId, 'case', caseId] as const;
export const inboxKey = (cityId: string) => ['referrals', cityId, 'inbox'] as const;
export const servicesKey = (cityId: string) => ['referrals', cityId, 'services'] as const;
// The cases module's keys (web/modules/cases/cases.queries.ts): the config is shared, and sending
// a referral records a consent, so the situation's detail goes stale.
const caseConfigKey = (cityId: string) => ['cases', cityId, 'config'] as const;
const caseDetailKey = (cityId: string, caseId: string) => ['cases', cityId, 'one', caseId] as const;

export function useCaseConfigForReferrals(cityId: string, enabled = true) {
  return useQuery({
    queryKey: caseConfigKey(cityId),
    queryFn: ({ signal }) => call(casesRoutes.caseConfig, { params: { cityId }, signal }),
    enabled: enabled && !!cityId,
    staleTime: 5 * 60_000,
  });
}

export function useCaseReferrals(cityId: string, caseId: string, enabled = true) {
  return useQuery({
    queryKey: caseReferralsKey(cityId, caseId),
    queryFn: ({ signal }) => call(referralsRoutes.listCaseReferrals, { params: { cityId, caseId }, signal }),
    enabled: enabled && !!cityId,
  });
}

export function useServices(cityId: string, includeInactive = false, enabled = true) {
  return useQuery({
    queryKey: [...servicesKey(cityId), includeInactive],
    queryFn: ({ signal }) =>
      call(referralsRoutes.listServices, {
        params: { cityId },
        query: { includeInactive: includeInactive ? 'true' : undefined },
        signal,
      }),
    enabled: enabled && !!cityId,
  });
}

export function useInbox(cityId: string, status: ReferralStatus | '') {
  return useInfiniteQuery({
    queryKey: [...inboxKey(cityId), status],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      call(referralsRoutes.inbox, {
        params: { cityId },
        query: { cursor: pageParam, limit: 20, status: status || undefined },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: !!cityId,
  });
}

/** Refreshes what a change to a situation's referrals touches. */
export function useRefreshCase(cityId: string, caseId: string) {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: caseReferralsKey(cityId, caseId) }),
      queryClient.invalidateQueries({ queryKey: caseDetailKey(cityId, caseId) }),
    ]);
  }, [cityId, caseId, queryClient]);
}

/** A call whose answer or input is restricted: not a mutation, so nothing of it is cached. */
export function useRestricted() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setPending(true);
    setError(null);
    try {
      return await fn();
    } catch (err) {
      setError(err);
      return undefined;
    } finally {
      setPending(false);
    }
  }, []);
  return { run, pending, error, reset: useCallback(() => setError(null), []) };
}

/** The home page's inbox counts and newest waiting referrals (no identity; see GET …/referrals/summary). */
export function useInboxSummary(cityId: string) {
  return useQuery({
    queryKey: [...inboxKey(cityId), 'summary'],
    queryFn: ({ signal }) => call(referralsRoutes.inboxSummary, { params: { cityId }, signal }),
    enabled: !!cityId,
  });
}
