import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  casesRoutes,
  type CaseConfig,
  type CaseDetail,
  type CaseKind,
  type CaseStage,
} from '../../../contracts/index.js';
import { call } from '../../lib/api';
import { useCityId } from '../../lib/city';

/*
 * The de-identified side of a situation goes through the query cache like any other data. What
 * POST …/reveal returns (names, plans, notes) never does: it lives in one component's state and is
 * gone when the page is left. The same goes for what is sent with an identity (add a person): those
 * calls run through `useAction`, not `useMutation`, so neither answer nor variables sit in a cache.
 */

export const casesKey = (cityId: string) => ['cases', cityId] as const;
export const caseConfigKey = (cityId: string) => ['cases', cityId, 'config'] as const;
export const caseKey = (cityId: string, caseId: string) => ['cases', cityId, 'one', caseId] as const;

export interface CaseFilters {
  stage?: CaseStage;
  mine?: boolean;
  overdue?: boolean;
  reference?: string;
}

export function useCaseConfig(cityId: string, enabled = true) {
  return useQuery({
    queryKey: caseConfigKey(cityId),
    queryFn: ({ signal }) => call(casesRoutes.caseConfig, { params: { cityId }, signal }),
    enabled: enabled && !!cityId,
    staleTime: 5 * 60_000,
  });
}

export function useCases(cityId: string, filters: CaseFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...casesKey(cityId), 'list', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      call(casesRoutes.listCases, {
        params: { cityId },
        query: {
          cursor: pageParam,
          limit: 20,
          stage: filters.stage,
          mine: filters.mine ? 'true' : undefined,
          overdue: filters.overdue ? 'true' : undefined,
          reference: filters.reference?.trim() || undefined,
        },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: enabled && !!cityId,
  });
}

/**
 * Post-closure reviews overdue or due within `withinDays`, across the situations this person may see.
 * Under the lists' key, so recording a review (which marks the lists stale) refreshes it.
 */
export function useReviewsDue(cityId: string, withinDays: number, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...casesKey(cityId), 'list', 'reviews-due', withinDays],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      call(casesRoutes.listReviewsDue, {
        params: { cityId },
        query: { cursor: pageParam, limit: 20, withinDays },
        signal,
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: enabled && !!cityId,
  });
}

export function useCase(cityId: string, caseId: string) {
  return useQuery({
    queryKey: caseKey(cityId, caseId),
    queryFn: ({ signal }) => call(casesRoutes.getCase, { params: { cityId, caseId }, signal }),
  });
}

/** Puts a fresh de-identified detail in the cache and marks the lists stale. */
export function useSetCase(cityId: string) {
  const queryClient = useQueryClient();
  return useCallback(
    async (detail: CaseDetail) => {
      queryClient.setQueryData(caseKey(cityId, detail.id), detail);
      await queryClient.invalidateQueries({ queryKey: [...casesKey(cityId), 'list'] });
    },
    [cityId, queryClient],
  );
}

/** Moves the situation one step (present, first response, to consent, to support). */
export function useMoveStage(c: CaseDetail) {
  const cityId = useCityId();
  const setCase = useSetCase(cityId);
  return useMutation({
    mutationFn: (to: 'filter-2' | 'filter-4' | 'consent' | 'support') =>
      call(casesRoutes.moveStage, { params: { cityId, caseId: c.id }, body: { to } }),
    onSuccess: setCase,
  });
}

/**
 * A server call whose input or answer may be personal data: pending and error state only, kept in
 * the component. The caller decides what to keep from the answer.
 */
export function useAction() {
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
  const reset = useCallback(() => setError(null), []);
  return { run, pending, error, reset };
}

type Labels = Record<string, string>;

/** The label in the UI language, falling back to English, then to the code itself. */
export function pickLabel(labels: Labels | undefined, lang: string, fallback: string): string {
  if (!labels) return fallback;
  return labels[lang] ?? labels[lang.slice(0, 2)] ?? labels.en ?? fallback;
}

export interface FactorOption {
  value: string;
  label: string;
}
export interface FactorGroup {
  group: string;
  items: FactorOption[];
}

/** Risk or protective factors as groups (category → sub-types) for a searchable multi-select. */
export function factorGroups(taxonomy: CaseConfig['risk'], lang: string): FactorGroup[] {
  return taxonomy.categories.map((c) => {
    const group = pickLabel(c.labels, lang, c.id);
    const items = c.subtypes.length
      ? c.subtypes.map((s) => ({ value: s.id, label: pickLabel(s.labels, lang, s.id) }))
      : [{ value: c.id, label: group }];
    return { group, items };
  });
}

/** A lookup from any factor code (category or sub-type) to "Category: sub-type" in the UI language. */
export function factorLabeller(taxonomy: CaseConfig['risk'] | undefined, lang: string) {
  const map = new Map<string, string>();
  for (const c of taxonomy?.categories ?? []) {
    const category = pickLabel(c.labels, lang, c.id);
    map.set(c.id, category);
    for (const s of c.subtypes) map.set(s.id, `${category}: ${pickLabel(s.labels, lang, s.id)}`);
  }
  return (code: string) => map.get(code) ?? code;
}

/** The same labeller hooked to the current language. */
export function useFactorLabels(config: CaseConfig | undefined) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return {
    risk: factorLabeller(config?.risk, lang),
    protective: factorLabeller(config?.protective, lang),
    vulnerability: (code: string) => {
      for (const d of config?.vulnerability.dimensions ?? [])
        for (const f of d.factors) if (f.id === code) return pickLabel(f.labels, lang, f.id);
      return code;
    },
  };
}

export const fourFilterSteps: CaseStage[] = ['filter-1', 'filter-2', 'filter-3', 'filter-4', 'closed'];
export const channelSteps: CaseStage[] = ['screening', 'assessment', 'consent', 'support', 'closed'];

export function stepsOf(workflow: CaseKind): CaseStage[] {
  return workflow === 'channel' ? channelSteps : fourFilterSteps;
}

/** Colours of the four-filter and Channel stages; other workflows' stages fall back to blue. */
export const stageColor: Partial<Record<CaseStage, string>> = {
  'filter-1': 'gray',
  'filter-2': 'blue',
  'filter-3': 'indigo',
  'filter-4': 'violet',
  screening: 'gray',
  assessment: 'blue',
  consent: 'indigo',
  support: 'violet',
  closed: 'teal',
  rejected: 'red',
};

/** Whether a date of birth (YYYY-MM-DD) makes the person under 18 today. */
export function isMinorOn(dateOfBirth: string, today = new Date()): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < mo || (today.getMonth() + 1 === mo && today.getDate() < d)) age -= 1;
  return age >= 0 && age < 18;
}
