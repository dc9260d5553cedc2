import { useQuery } from '@tanstack/react-query';
import { networkRoutes } from '../../../contracts/index.js';
import { ApiError, call } from '../../lib/api';

export const networkKey = (cityId: string) => ['network', cityId] as const;
export const organisationsKey = (cityId: string) => ['organisations', cityId] as const;
export const dashboardKey = (cityId: string) => ['dashboard', cityId] as const;

/** The city's network, or null before it is set up (the server answers 404 then). */
export function useNetwork(cityId: string) {
  return useQuery({
    queryKey: networkKey(cityId),
    queryFn: async ({ signal }) => {
      try {
        return await call(networkRoutes.getNetwork, { params: { cityId }, signal });
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
  });
}

export function useTemplates() {
  return useQuery({
    queryKey: ['templates'],
    queryFn: ({ signal }) => call(networkRoutes.listTemplates, { signal }),
    staleTime: Infinity,
  });
}

export interface OrganisationFilters {
  sector?: string;
  kind?: 'formal' | 'external';
  active?: 'true' | 'false';
}

export function useOrganisations(cityId: string, filters: OrganisationFilters) {
  return useQuery({
    queryKey: [...organisationsKey(cityId), filters],
    queryFn: ({ signal }) =>
      call(networkRoutes.listOrganisations, {
        params: { cityId },
        query: filters as never,
        signal,
      }),
  });
}

export function useDashboard(cityId: string) {
  return useQuery({
    queryKey: dashboardKey(cityId),
    queryFn: ({ signal }) => call(networkRoutes.getDashboard, { params: { cityId }, signal }),
  });
}
