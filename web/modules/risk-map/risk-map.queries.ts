import { useQuery } from '@tanstack/react-query';
import { consultationRoutes, riskMapRoutes, riskMatrixRoutes } from '../../../contracts/index.js';
import { call } from '../../lib/api';

export const riskMapKey = (cityId: string) => ['risk-map', cityId] as const;

export function useMapData(cityId: string) {
  return useQuery({
    queryKey: [...riskMapKey(cityId), 'map'],
    queryFn: ({ signal }) => call(riskMapRoutes.mapData, { params: { cityId }, signal }),
    enabled: !!cityId,
  });
}

export function useRisks(cityId: string, query: { asOf?: string; neighbourhoodId?: string } = {}) {
  return useQuery({
    queryKey: [...riskMapKey(cityId), 'risks', query.asOf ?? '', query.neighbourhoodId ?? ''],
    queryFn: ({ signal }) => call(riskMapRoutes.listRisks, { params: { cityId }, query, signal }),
    enabled: !!cityId,
  });
}

export function useRisk(cityId: string, riskId: string) {
  return useQuery({
    queryKey: [...riskMapKey(cityId), 'risk', riskId],
    queryFn: ({ signal }) => call(riskMapRoutes.getRisk, { params: { cityId, riskId }, signal }),
    enabled: !!cityId && !!riskId,
  });
}

export function useNeighbourhoods(cityId: string) {
  return useQuery({
    queryKey: [...riskMapKey(cityId), 'neighbourhoods'],
    queryFn: ({ signal }) => call(riskMapRoutes.listNeighbourhoods, { params: { cityId }, signal }),
    enabled: !!cityId,
  });
}

export function useCategories(cityId: string) {
  return useQuery({
    queryKey: [...riskMapKey(cityId), 'categories'],
    queryFn: ({ signal }) => call(riskMapRoutes.listCategories, { params: { cityId }, signal }),
    enabled: !!cityId,
    staleTime: 5 * 60_000,
  });
}

export function useBoundarySets(cityId: string) {
  return useQuery({
    queryKey: [...riskMapKey(cityId), 'boundaries'],
    queryFn: ({ signal }) => call(riskMapRoutes.listBoundarySets, { params: { cityId }, signal }),
    enabled: !!cityId,
  });
}

export function usePerspectiveOrganisations(cityId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...riskMapKey(cityId), 'perspective-organisations'],
    queryFn: ({ signal }) => call(riskMapRoutes.perspectiveOrganisations, { params: { cityId }, signal }),
    enabled: !!cityId && enabled,
  });
}

export function useConsultations(cityId: string, neighbourhoodId?: string) {
  return useQuery({
    queryKey: [...riskMapKey(cityId), 'consultations', neighbourhoodId ?? ''],
    queryFn: ({ signal }) =>
      call(consultationRoutes.listConsultations, {
        params: { cityId },
        query: neighbourhoodId ? { neighbourhoodId } : {},
        signal,
      }),
    enabled: !!cityId,
  });
}

export function useConsultation(cityId: string, consultationId: string) {
  return useQuery({
    queryKey: [...riskMapKey(cityId), 'consultation', consultationId],
    queryFn: ({ signal }) =>
      call(consultationRoutes.getConsultation, { params: { cityId, consultationId }, signal }),
    enabled: !!cityId && !!consultationId,
  });
}

/** The city's matrix in force and its earlier versions (the chair defines new ones). */
export function useMatrix(cityId: string) {
  return useQuery({
    queryKey: [...riskMapKey(cityId), 'matrix'],
    queryFn: ({ signal }) => call(riskMatrixRoutes.getMatrix, { params: { cityId }, signal }),
    enabled: !!cityId,
  });
}
