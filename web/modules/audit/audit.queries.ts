import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../lib/useTranslation';
import { auditRoutes } from '../../../contracts/index.js';
import { locales, type Locale } from '../../../contracts/route.js';
import { ApiError, call, routePath, toApiError } from '../../lib/api';
import i18n from '../../lib/i18n';

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

/** The dates read as a range the server accepts: the start not after the end. */
export function rangeIsValid(f: Pick<AuditFilterValues, 'from' | 'to'>): boolean {
  return !f.from || !f.to || f.from <= f.to;
}

/** The labels come from the server in the page's language (the CSV uses the same ones). */
function useLang(): Locale {
  const { i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  return (locales as readonly string[]).includes(lang) ? (lang as Locale) : 'en';
}

function filterQuery(f: AuditFilterValues, lang: Locale) {
  return {
    action: f.action || undefined,
    recordType: f.recordType || undefined,
    actorUserId: f.actorUserId || undefined,
    from: dayStart(f.from),
    to: dayEnd(f.to),
    lang,
  };
}

export function useAudit(cityId: string, f: AuditFilterValues) {
  const lang = useLang();
  return useInfiniteQuery({
    queryKey: ['audit', cityId, f, lang],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      call(auditRoutes.listAudit, {
        params: { cityId },
        query: { cursor: pageParam, limit: 50, ...filterQuery(f, lang) },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The actions, record types and actors present in this city's log, for the pick-lists. */
export function useAuditFilterOptions(cityId: string) {
  const lang = useLang();
  return useQuery({
    queryKey: ['audit-filters', cityId, lang],
    queryFn: ({ signal }) =>
      call(auditRoutes.auditFilterOptions, { params: { cityId }, query: { lang }, signal }),
    staleTime: 60_000,
  });
}

/**
 * Downloads the filtered log as CSV. Fetched rather than linked, so a refusal (too many entries, a bad
 * range) shows as an error on the page instead of a downloaded error document.
 */
export function useAuditExport(cityId: string) {
  const lang = useLang();
  return useMutation({
    mutationFn: async (f: AuditFilterValues) => {
      const url = routePath(auditRoutes.exportAudit.path, { cityId }, filterQuery(f, lang));
      let res: Response;
      try {
        res = await fetch(url, { credentials: 'same-origin', headers: { 'Accept-Language': lang } });
      } catch {
        throw new ApiError({
          type: 'about:blank',
          title: i18n.t('common.networkError'),
          status: 0,
          code: 'internal',
        });
      }
      if (!res.ok) throw await toApiError(res);
      const blob = await res.blob();
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
      const href = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = href;
      a.download = name ?? 'audit-log.csv';
      a.rel = 'noopener';
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(href), 1_000);
    },
  });
}
