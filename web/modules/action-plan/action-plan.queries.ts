import { useQuery } from '@tanstack/react-query';
import { actionPlanRoutes, networkRoutes } from '../../../contracts/index.js';
import { call } from '../../lib/api';

export const planKey = (cityId: string) => ['action-plan', cityId] as const;

export function usePlanVersions(cityId: string) {
  return useQuery({
    queryKey: [...planKey(cityId), 'list'],
    queryFn: ({ signal }) => call(actionPlanRoutes.listPlanVersions, { params: { cityId }, signal }),
    retry: false,
  });
}

export function usePlanVersion(cityId: string, versionId: string) {
  return useQuery({
    queryKey: [...planKey(cityId), 'version', versionId],
    queryFn: ({ signal }) => call(actionPlanRoutes.getPlanVersion, { params: { cityId, versionId }, signal }),
    enabled: Boolean(versionId),
  });
}

export function usePlanBudget(cityId: string, versionId: string) {
  return useQuery({
    queryKey: [...planKey(cityId), 'budget', versionId],
    queryFn: ({ signal }) => call(actionPlanRoutes.getPlanBudget, { params: { cityId, versionId }, signal }),
    enabled: Boolean(versionId),
  });
}

export function usePlanDiff(cityId: string, from: string, to: string) {
  return useQuery({
    queryKey: [...planKey(cityId), 'diff', from, to],
    queryFn: ({ signal }) =>
      call(actionPlanRoutes.diffPlanVersions, { params: { cityId }, query: { from, to }, signal }),
    enabled: Boolean(from && to && from !== to),
  });
}

export function usePlanDecisions(cityId: string, versionId: string, enabled: boolean) {
  return useQuery({
    queryKey: [...planKey(cityId), 'decisions', versionId],
    queryFn: ({ signal }) =>
      call(actionPlanRoutes.listPlanAdoptionDecisions, { params: { cityId, versionId }, signal }),
    enabled,
  });
}

export function useMyPlanActions(cityId: string) {
  return useQuery({
    queryKey: [...planKey(cityId), 'mine'],
    queryFn: ({ signal }) => call(actionPlanRoutes.myActions, { params: { cityId }, signal }),
    retry: false,
  });
}

export function useOrganisations(cityId: string, enabled = true) {
  return useQuery({
    queryKey: ['organisations', cityId, 'plan'],
    queryFn: ({ signal }) => call(networkRoutes.listOrganisations, { params: { cityId }, query: {}, signal }),
    enabled,
  });
}

/** A random v4 uuid, also where crypto.randomUUID is missing (plain http on a LAN address). */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
