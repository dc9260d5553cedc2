import { useQuery } from '@tanstack/react-query';
import { nationalRoutes } from '../../../contracts/index.js';
import { call } from '../../lib/api';

export const nationalKey = (cityId: string) => ['national', cityId] as const;

export function useFrameworks(cityId: string) {
  return useQuery({
    queryKey: [...nationalKey(cityId), 'frameworks'],
    queryFn: ({ signal }) => call(nationalRoutes.listFrameworks, { params: { cityId }, signal }),
    retry: false,
  });
}

export function useMappings(cityId: string) {
  return useQuery({
    queryKey: [...nationalKey(cityId), 'mapping'],
    queryFn: ({ signal }) => call(nationalRoutes.listMappings, { params: { cityId }, signal }),
  });
}

export function useEscalations(cityId: string) {
  return useQuery({
    queryKey: [...nationalKey(cityId), 'escalations'],
    queryFn: ({ signal }) => call(nationalRoutes.listEscalations, { params: { cityId }, query: {}, signal }),
    retry: false,
  });
}

export function useReports(cityId: string) {
  return useQuery({
    queryKey: [...nationalKey(cityId), 'reports'],
    queryFn: ({ signal }) => call(nationalRoutes.listReports, { params: { cityId }, signal }),
  });
}

export function useReport(cityId: string, reportId: string) {
  return useQuery({
    queryKey: [...nationalKey(cityId), 'report', reportId],
    queryFn: ({ signal }) => call(nationalRoutes.getReport, { params: { cityId, reportId }, signal }),
    enabled: Boolean(reportId),
  });
}

export function useReportDiff(cityId: string, reportId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...nationalKey(cityId), 'report', reportId, 'diff'],
    queryFn: ({ signal }) => call(nationalRoutes.diffReport, { params: { cityId, reportId }, signal }),
    enabled,
  });
}

export function useNationalHome(cityId: string) {
  return useQuery({
    queryKey: [...nationalKey(cityId), 'home'],
    queryFn: ({ signal }) => call(nationalRoutes.nationalHome, { params: { cityId }, signal }),
    retry: false,
  });
}

/** The name in the UI language, else English, else the first one given. */
export function nameIn(names: Record<string, string | undefined>, language: string): string {
  return names[language] || names.en || Object.values(names).find((n) => n) || '';
}
