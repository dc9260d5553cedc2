import { useQuery } from '@tanstack/react-query';
import { caseStatisticsRoutes, type CaseKind, type CaseStatisticsQuery } from '../../../contracts/index.js';
import { call, routePath } from '../../lib/api';

/*
 * De-identified statistics: small cells are withheld by the server before anything leaves it, so
 * these answers carry no personal data and go through the query cache like any other.
 */

export const statisticsKey = (cityId: string) => ['case-statistics', cityId] as const;

export interface StatisticsFilters {
  from?: string;
  to?: string;
  workflow?: CaseKind;
}

const query = (f: StatisticsFilters): Partial<CaseStatisticsQuery> => ({
  from: f.from || undefined,
  to: f.to || undefined,
  workflow: f.workflow,
});

export function useCaseStatistics(cityId: string, filters: StatisticsFilters, enabled = true) {
  return useQuery({
    queryKey: [...statisticsKey(cityId), 'counts', filters],
    queryFn: ({ signal }) =>
      call(caseStatisticsRoutes.caseStatistics, { params: { cityId }, query: query(filters), signal }),
    enabled: enabled && !!cityId,
    placeholderData: (previous) => previous,
  });
}

export function useCaseEquity(cityId: string, workflow: CaseKind | undefined) {
  return useQuery({
    queryKey: [...statisticsKey(cityId), 'equity', workflow ?? 'all'],
    queryFn: ({ signal }) =>
      call(caseStatisticsRoutes.caseEquity, { params: { cityId }, query: { workflow }, signal }),
    enabled: !!cityId,
    placeholderData: (previous) => previous,
  });
}

/**
 * The open-data CSV as a plain same-origin link: the browser sends the session cookie and saves the
 * attachment itself, so the file never passes through the app's memory.
 */
export function rtdCsvHref(cityId: string, filters: StatisticsFilters): string {
  return routePath(caseStatisticsRoutes.caseRtdCsv.path, { cityId }, query(filters));
}
