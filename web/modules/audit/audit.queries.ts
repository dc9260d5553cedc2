import { useInfiniteQuery } from '@tanstack/react-query';
import { auditRoutes } from '../../../contracts/index.js';
import { call } from '../../lib/api';

export interface AuditFilterValues {
  action: string;
  recordType: string;
  actorUserId: string;
  /** yyyy-mm-dd from the date inputs, in the browser's time zone. */
  from: string;
  to: string;
}

export const emptyFilters: AuditFilterValues = {
  action: '',
  recordType: '',
  actorUserId: '',
  from: '',
  to: '',
};

/** A whole local day: from its first to its last millisecond, as ISO timestamps the API accepts. */
function dayStart(day: string) {
  return day ? new Date(`${day}T00:00:00`).toISOString() : undefined;
}
function dayEnd(day: string) {
  return day ? new Date(`${day}T23:59:59.999`).toISOString() : undefined;
}

export function useAudit(cityId: string, f: AuditFilterValues) {
  return useInfiniteQuery({
    queryKey: ['audit', cityId, f],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      call(auditRoutes.listAudit, {
        params: { cityId },
        query: {
          cursor: pageParam,
          limit: 50,
          action: f.action.trim() || undefined,
          recordType: f.recordType.trim() || undefined,
          actorUserId: f.actorUserId || undefined,
          from: dayStart(f.from),
          to: dayEnd(f.to),
        },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
