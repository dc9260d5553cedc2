import { Button, Card, Group, NumberInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  actionPlanRoutes,
  LIMITS,
  type PlanAction,
  type PlanVersionDetail,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { UserText } from '../../components/UserText';
import { useLimit } from '../../components/limit';
import { call } from '../../lib/api';
import { fieldError } from '../../lib/fieldErrors';
import { newId, planKey } from './action-plan.queries';

/**
 * Passed, quorate decisions about an action (or an objective, for a new action) that are not applied
 * yet: each opens a small form — the change the meeting decided — and applying it makes a new adopted
 * version (docs/ACTION_PLAN.md, "Decisions that add or change an action").
 */
export function DecidedActions({ cityId, plan }: { cityId: string; plan: PlanVersionDetail }) {
  const { t } = useTranslation();
  const decisions = useQuery({
    queryKey: [...planKey(cityId), 'action-decisions'],
    queryFn: ({ signal }) => call(actionPlanRoutes.listActionDecisions, { params: { cityId }, signal }),
  });
  const open = (decisions.data?.items ?? []).filter(
    (d) =>
      d.eligible &&
      (plan.actions.some((a) => a.id === d.subjectId) || plan.objectives.some((o) => o.id === d.subjectId)),
  );
  if (!open.length) return null;
  return (
    <Card withBorder padding="md" data-testid="plan-decided-actions">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('action-plan.decided.title')}
        </Title>
        {open.map((d) => (
          <DecidedAction key={d.id} cityId={cityId} plan={plan} decision={d} />
        ))}
      </Stack>
    </Card>
  );
}

function DecidedAction({
  cityId,
  plan,
  decision,
}: {
  cityId: string;
  plan: PlanVersionDetail;
  decision: { id: string; text: string; subjectId: string };
}) {
  const { t } = useTranslation();
  const limit = useLimit();
  const queryClient = useQueryClient();
  const existing = plan.actions.find((a) => a.id === decision.subjectId);
  const objective = plan.objectives.find((o) => o.id === (existing?.objectiveId ?? decision.subjectId));
  const [form, setForm] = useState({
    code: existing?.code ?? '',
    title: existing?.title ?? '',
    startOn: existing?.startOn ?? plan.periodStart,
    endOn: existing?.endOn ?? plan.periodEnd,
    budgetPlanned: existing?.budgetPlanned ?? 0,
  });
  const apply = useMutation({
    mutationFn: () => {
      const base: PlanAction = existing
        ? {
            id: existing.id,
            objectiveId: existing.objectiveId,
            code: existing.code,
            title: existing.title,
            description: existing.description,
            ownerOrganisationId: existing.ownerOrganisationId,
            partnerOrganisationIds: existing.partnerOrganisationIds,
            neighbourhoodIds: existing.neighbourhoodIds,
            targetGroup: existing.targetGroup,
            startOn: existing.startOn,
            endOn: existing.endOn,
            milestones: existing.milestones,
            budgetPlanned: existing.budgetPlanned,
            currency: existing.currency,
            fundingSource: existing.fundingSource,
            dependsOn: existing.dependsOn,
          }
        : {
            id: newId(),
            objectiveId: decision.subjectId,
            code: '',
            title: '',
            description: '',
            ownerOrganisationId: null,
            partnerOrganisationIds: [],
            neighbourhoodIds: [],
            targetGroup: '',
            startOn: plan.periodStart,
            endOn: plan.periodEnd,
            milestones: [],
            budgetPlanned: 0,
            currency: 'EUR',
            fundingSource: '',
            dependsOn: [],
          };
      return call(actionPlanRoutes.applyDecidedAction, {
        params: { cityId },
        body: { decisionId: decision.id, action: { ...base, ...form, title: form.title.trim() } },
      });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: planKey(cityId) }),
  });
  const err = (field: string) => fieldError(apply.error, `action.${field}`);
  return (
    <Stack gap="xs" data-testid="plan-decided-action">
      <Text size="sm">
        <UserText>{decision.text}</UserText>
      </Text>
      <Text size="xs" c="dimmed">
        {existing
          ? t('action-plan.decided.changes', { action: existing.code || existing.title })
          : t('action-plan.decided.adds', { objective: objective?.code || objective?.title || '' })}
      </Text>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label={t('action-plan.fields.code')}
          value={form.code}
          onChange={(e) => setForm({ ...form, code: e.currentTarget.value })}
          {...limit(LIMITS.code, form.code)}
          error={err('code')}
          w={110}
        />
        <TextInput
          label={t('action-plan.fields.title')}
          value={form.title}
          onChange={(e) => setForm({ ...form, title: e.currentTarget.value })}
          {...limit(LIMITS.title, form.title)}
          error={err('title')}
          style={{ flex: 1, minWidth: 200 }}
          data-testid="plan-decided-title"
        />
        <TextInput
          type="date"
          label={t('action-plan.fields.startOn')}
          value={form.startOn}
          onChange={(e) => setForm({ ...form, startOn: e.currentTarget.value })}
          error={err('startOn')}
        />
        <TextInput
          type="date"
          label={t('action-plan.fields.endOn')}
          value={form.endOn}
          onChange={(e) => setForm({ ...form, endOn: e.currentTarget.value })}
          error={err('endOn')}
        />
        <NumberInput
          label={t('action-plan.fields.budgetPlanned')}
          min={0}
          allowDecimal={false}
          value={form.budgetPlanned}
          onChange={(v) => setForm({ ...form, budgetPlanned: Number(v) || 0 })}
          w={140}
        />
      </Group>
      <ErrorAlert error={apply.error} />
      <Button
        onClick={() => apply.mutate()}
        loading={apply.isPending}
        disabled={!form.title.trim()}
        style={{ alignSelf: 'flex-start' }}
        data-testid="plan-decided-apply"
      >
        {t('action-plan.decided.apply')}
      </Button>
    </Stack>
  );
}
