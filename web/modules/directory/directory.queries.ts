import { useQuery } from '@tanstack/react-query';
import { directoryRoutes, type EntryQuery } from '../../../contracts/index.js';
import { call } from '../../lib/api';

export const directoryKey = (cityId: string) => ['directory', cityId] as const;

export function useEntries(cityId: string, query: EntryQuery = {}) {
  return useQuery({
    queryKey: [...directoryKey(cityId), 'entries', query],
    queryFn: ({ signal }) => call(directoryRoutes.listEntries, { params: { cityId }, query, signal }),
    enabled: !!cityId,
  });
}

export function useEntry(cityId: string, entryId: string) {
  return useQuery({
    queryKey: [...directoryKey(cityId), 'entry', entryId],
    queryFn: ({ signal }) => call(directoryRoutes.getEntry, { params: { cityId, entryId }, signal }),
    enabled: !!cityId && !!entryId,
  });
}

export function useServiceTypes(cityId: string) {
  return useQuery({
    queryKey: [...directoryKey(cityId), 'service-types'],
    queryFn: ({ signal }) => call(directoryRoutes.listServiceTypes, { params: { cityId }, signal }),
    enabled: !!cityId,
    staleTime: 5 * 60_000,
  });
}

export function useCoverage(cityId: string, query: { overlapAt?: number; neighbourhoodId?: string } = {}) {
  return useQuery({
    queryKey: [...directoryKey(cityId), 'coverage', query],
    queryFn: ({ signal }) => call(directoryRoutes.coverage, { params: { cityId }, query, signal }),
    enabled: !!cityId,
  });
}

export function useEntryOrganisations(cityId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...directoryKey(cityId), 'organisations'],
    queryFn: ({ signal }) => call(directoryRoutes.entryOrganisations, { params: { cityId }, signal }),
    enabled: !!cityId && enabled,
  });
}

export function useReferralServices(cityId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...directoryKey(cityId), 'referral-services'],
    queryFn: ({ signal }) => call(directoryRoutes.referralServices, { params: { cityId }, signal }),
    enabled: !!cityId && enabled,
  });
}

/** A download link of the API (same origin: the session cookie goes with it). */
export const exportHref = (cityId: string, format: 'csv' | 'xlsx', template = false) =>
  `/api/cities/${cityId}/directory/export?format=${format}${template ? '&template=true' : ''}`;

export function useDirectoryNeighbourhoods(cityId: string) {
  return useQuery({
    queryKey: [...directoryKey(cityId), 'neighbourhoods'],
    queryFn: ({ signal }) => call(directoryRoutes.neighbourhoods, { params: { cityId }, signal }),
    enabled: !!cityId,
    staleTime: 5 * 60_000,
  });
}
