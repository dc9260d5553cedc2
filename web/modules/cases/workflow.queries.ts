import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '../../lib/useTranslation';
import { caseWorkflowRoutes, type CaseDetail, type WorkflowDefinition } from '../../../contracts/index.js';
import { call } from '../../lib/api';
import { casesKey } from './cases.queries';

/**
 * Whether the page shows the generic transitions panel. Every workflow runs on the one server engine;
 * the four-filter and Channel pages keep their named steps (`…/stage`, `…/decision`, `…/close`),
 * which are the same engine transitions under other names.
 */
export function runsOnEngine(c: Pick<CaseDetail, 'workflow'>): boolean {
  return c.workflow !== 'four-filter' && c.workflow !== 'channel';
}

export const workflowsKey = (cityId: string) => ['case-workflows', cityId] as const;

export function useWorkflows(cityId: string) {
  return useQuery({
    queryKey: workflowsKey(cityId),
    queryFn: ({ signal }) => call(caseWorkflowRoutes.listWorkflows, { params: { cityId }, signal }),
  });
}

/** One definition version (a situation keeps the version it started on). */
export function useWorkflowDefinition(cityId: string, workflowId: string, version: number, enabled = true) {
  return useQuery({
    queryKey: [...workflowsKey(cityId), workflowId, version],
    queryFn: ({ signal }) =>
      call(caseWorkflowRoutes.getWorkflow, { params: { cityId, workflowId, version }, signal }),
    enabled,
    staleTime: Infinity,
  });
}

/** A stage's name: the chair's label for a custom stage, else the translated built-in name. */
export function useStageName() {
  const { t } = useTranslation();
  return (stage: string, def?: Pick<WorkflowDefinition, 'stages'> | null) => {
    const label = def?.stages.find((s) => s.id === stage)?.label;
    return label || t(`cases.stage.${stage}`, { defaultValue: stage });
  };
}

/** A workflow's name: a custom one's own, else the translated built-in name. */
export function useWorkflowName() {
  const { t } = useTranslation();
  return (id: string, name?: string | null) => name || t(`cases.workflow.${id}`, { defaultValue: id });
}

export function useTransition(cityId: string, caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { to: string; decisionNote?: string; outcome?: CaseDetail['outcome'] & string }) =>
      call(caseWorkflowRoutes.transition, { params: { cityId, caseId }, body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: casesKey(cityId) }),
  });
}

export function useInform(cityId: string, caseId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (
      body:
        | { informed: true; informedOn: string }
        | { informed: false; unsafeReason: string; reconsiderOn: string },
    ) => call(caseWorkflowRoutes.inform, { params: { cityId, caseId }, body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: casesKey(cityId) }),
  });
}
