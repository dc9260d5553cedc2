import { useQuery } from '@tanstack/react-query';
import { torRoutes } from '../../../contracts/index.js';
import { call } from '../../lib/api';

export const torKey = (cityId: string) => ['tor', cityId] as const;

export function useTorVersions(cityId: string, enabled = true) {
  return useQuery({
    queryKey: [...torKey(cityId), 'list'],
    queryFn: ({ signal }) => call(torRoutes.listTorVersions, { params: { cityId }, signal }),
    enabled,
  });
}

export function useTorVersion(cityId: string, versionId: string) {
  return useQuery({
    queryKey: [...torKey(cityId), 'version', versionId],
    queryFn: ({ signal }) => call(torRoutes.getTorVersion, { params: { cityId, versionId }, signal }),
  });
}

export function useTorSummary(cityId: string) {
  return useQuery({
    queryKey: [...torKey(cityId), 'summary'],
    queryFn: ({ signal }) => call(torRoutes.getTorSummary, { params: { cityId }, signal }),
  });
}

export function useTorDiff(cityId: string, from: string, to: string) {
  return useQuery({
    queryKey: [...torKey(cityId), 'diff', from, to],
    queryFn: ({ signal }) =>
      call(torRoutes.diffTorVersions, { params: { cityId }, query: { from, to }, signal }),
    enabled: Boolean(from && to),
  });
}

export function useTorAcknowledgements(cityId: string, versionId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...torKey(cityId), 'acks', versionId],
    queryFn: ({ signal }) =>
      call(torRoutes.listTorAcknowledgements, { params: { cityId, versionId }, signal }),
    enabled,
  });
}

export function useTorDecisions(cityId: string, versionId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...torKey(cityId), 'decisions', versionId],
    queryFn: ({ signal }) =>
      call(torRoutes.listTorAdoptionDecisions, { params: { cityId, versionId }, signal }),
    enabled,
  });
}
