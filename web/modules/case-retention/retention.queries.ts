import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import {
  caseRetentionRoutes,
  type CaseRetentionInput,
  type SubjectAccessInput,
} from '../../../contracts/index.js';
import { call, routePath, toApiError, ApiError } from '../../lib/api';
import i18n from '../../lib/i18n';

export const retentionKey = (cityId: string) => ['case-retention', cityId] as const;

export function useRetention(cityId: string, enabled = true) {
  return useQuery({
    queryKey: [...retentionKey(cityId), 'settings'],
    queryFn: ({ signal }) => call(caseRetentionRoutes.getCaseRetention, { params: { cityId }, signal }),
    enabled: enabled && !!cityId,
  });
}

/** Saves the periods; the answer says how many deletion dates moved and how many are now due. */
export function useUpdateRetention(cityId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CaseRetentionInput) =>
      call(caseRetentionRoutes.updateCaseRetention, { params: { cityId }, body }),
    onSuccess: (saved) => {
      const { recomputed: _r, dueForPurge: _d, ...settings } = saved;
      queryClient.setQueryData([...retentionKey(cityId), 'settings'], settings);
    },
  });
}

export function usePurgeRuns(cityId: string, enabled = true) {
  return useQuery({
    queryKey: [...retentionKey(cityId), 'purge-runs'],
    queryFn: ({ signal }) =>
      call(caseRetentionRoutes.listPurgeRuns, { params: { cityId }, query: { limit: 30 }, signal }),
    enabled: enabled && !!cityId,
  });
}

export interface ExportedFile {
  filename: string;
  /** JSON only: how many records of the person the city holds (0: none). */
  persons: number | null;
}

/** The file name from a Content-Disposition header, or a fallback. */
export function attachmentName(header: string | null, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(header ?? '');
  return match?.[1] ?? fallback;
}

/**
 * The subject-access export: POSTed, saved by the browser as a file, and otherwise forgotten. The
 * request (a name and date of birth) and the answer (everything held about the person) are personal
 * data: they go through neither the query cache nor a mutation cache, only this call's locals, and the
 * object URL is revoked as soon as the browser has the file.
 */
export function useSubjectAccessExport(cityId: string) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(
    async (input: SubjectAccessInput): Promise<ExportedFile | undefined> => {
      setPending(true);
      setError(null);
      try {
        let res: Response;
        try {
          res = await fetch(routePath(caseRetentionRoutes.subjectAccessExport.path, { cityId }), {
            method: 'POST',
            credentials: 'same-origin',
            cache: 'no-store',
            headers: {
              Accept: input.format === 'pdf' ? 'application/pdf' : 'application/json',
              'Accept-Language': i18n.language || 'en',
              'Content-Type': 'application/json',
            },
            body: JSON.stringify(input),
          });
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
        let persons: number | null = null;
        if (input.format === 'json') {
          try {
            const parsed = JSON.parse(await blob.text()) as { persons?: unknown[] };
            persons = Array.isArray(parsed.persons) ? parsed.persons.length : null;
          } catch {
            persons = null;
          }
        }
        const filename = attachmentName(
          res.headers.get('content-disposition'),
          `subject-access.${input.format}`,
        );
        const url = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = filename;
        a.rel = 'noopener';
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 1_000);
        return { filename, persons };
      } catch (err) {
        setError(err);
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [cityId],
  );
  return { run, pending, error, reset: useCallback(() => setError(null), []) };
}
