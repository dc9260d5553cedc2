import {
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  NumberInput,
  Progress as ProgressBar,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  actionPlanRoutes,
  LIMITS,
  meetingsRoutes,
  type PlanActionView,
  type PlanVersionDetail,
  type Progress,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ScrollTable } from '../../components/ScrollTable';
import { UserText } from '../../components/UserText';
import { useLimit } from '../../components/limit';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { fieldError } from '../../lib/fieldErrors';
import { useFormat } from '../../lib/format';
import {
  newId,
  planKey,
  useOrganisations,
  usePlanBudget,
  usePlanDecisions,
  usePlanDiff,
  usePlanVersion,
  usePlanVersions,
} from './action-plan.queries';
import { DecidedActions } from './DecidedActions';
import { PlanExport, PlanImport } from './PlanExchange';
import { PlanTimeline } from './PlanTimeline';

export const planStatusColor = { draft: 'yellow', adopted: 'green', superseded: 'gray' } as const;
export const actionStatusColor = {
  planned: 'gray',
  'in-progress': 'blue',
  completed: 'teal',
  delayed: 'orange',
  cancelled: 'dark',
} as const;

/** The plan's versions; the chosen one (the adopted by default) as objectives, timeline, budget, comparison. */
export function ActionPlanPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const queryClient = useQueryClient();
  const versions = usePlanVersions(cityId);
  const [chosen, setChosen] = useState('');
  const create = useMutation({
    mutationFn: () => call(actionPlanRoutes.createPlanDraft, { params: { cityId }, body: {} }),
    onSuccess: async (draft) => {
      await queryClient.invalidateQueries({ queryKey: planKey(cityId) });
      setChosen(draft.id);
    },
  });
  const items = versions.data?.items ?? [];
  const current = chosen || items.find((v) => v.status === 'adopted')?.id || items[0]?.id || '';
  const canEdit = can('action-plan.edit');
  return (
    <Page title={t('action-plan.title')}>
      {versions.isPending ? (
        <Loading />
      ) : versions.error ? (
        <ErrorAlert error={versions.error} />
      ) : (
        <Stack gap="lg">
          <Group align="flex-end" wrap="wrap">
            {items.length > 0 && (
              <NativeSelect
                label={t('action-plan.version')}
                value={current}
                onChange={(e) => setChosen(e.currentTarget.value)}
                data={items.map((v) => ({
                  value: v.id,
                  label: `v${v.version} · ${t(`action-plan.status.${v.status}`)} · ${v.periodStart} – ${v.periodEnd}`,
                }))}
                data-testid="plan-version"
              />
            )}
            {canEdit && !items.some((v) => v.status === 'draft') && (
              <Button onClick={() => create.mutate()} loading={create.isPending} data-testid="plan-new-draft">
                {t('action-plan.newDraft')}
              </Button>
            )}
          </Group>
          <ErrorAlert error={create.error} />
          {items.length === 0 ? (
            <Text c="dimmed">{t('action-plan.empty')}</Text>
          ) : (
            <PlanVersion key={current} cityId={cityId} versionId={current} versions={items} />
          )}
        </Stack>
      )}
    </Page>
  );
}

function PlanVersion({
  cityId,
  versionId,
  versions,
}: {
  cityId: string;
  versionId: string;
  versions: { id: string; version: number }[];
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const can = useCan();
  const plan = usePlanVersion(cityId, versionId);
  if (plan.isPending) return <Loading />;
  if (plan.error) return <ErrorAlert error={plan.error} />;
  const p = plan.data;
  const editable = p.status === 'draft' && can('action-plan.edit');
  return (
    <Stack gap="md">
      <Card withBorder padding="md">
        <Stack gap={4}>
          <Group gap="xs">
            <Title order={2} size="h3">
              <UserText>{p.title}</UserText>
            </Title>
            <Badge color={planStatusColor[p.status]} variant="light" data-testid="plan-status">
              {t(`action-plan.status.${p.status}`)}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {t('action-plan.period', { start: fmt.date(p.periodStart), end: fmt.date(p.periodEnd) })}
            {p.adoptedAt ? ` · ${t('action-plan.adoptedOn', { date: fmt.date(p.adoptedAt) })}` : ''}
          </Text>
          <ProgressLine progress={p.progress} testId="plan-progress" />
        </Stack>
      </Card>
      <PlanExport cityId={cityId} versionId={p.id} />
      {editable && <PlanImport cityId={cityId} versionId={p.id} />}
      {p.status === 'adopted' && can('action-plan.adopt') && <DecidedActions cityId={cityId} plan={p} />}
      {p.status === 'draft' && can('action-plan.adopt') && <Adopt cityId={cityId} versionId={p.id} />}
      <Tabs defaultValue="objectives" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="objectives" data-testid="plan-tab-objectives">
            {t('action-plan.tabs.objectives')}
          </Tabs.Tab>
          <Tabs.Tab value="timeline" data-testid="plan-tab-timeline">
            {t('action-plan.tabs.timeline')}
          </Tabs.Tab>
          <Tabs.Tab value="budget" data-testid="plan-tab-budget">
            {t('action-plan.tabs.budget')}
          </Tabs.Tab>
          {versions.length > 1 && (
            <Tabs.Tab value="compare" data-testid="plan-tab-compare">
              {t('action-plan.tabs.compare')}
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="objectives" pt="md">
          <Objectives plan={p} cityId={cityId} editable={editable} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md">
          <PlanTimeline plan={p} />
        </Tabs.Panel>
        <Tabs.Panel value="budget" pt="md">
          <Budget cityId={cityId} versionId={p.id} />
        </Tabs.Panel>
        <Tabs.Panel value="compare" pt="md">
          <Compare cityId={cityId} versions={versions} current={p.version} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

/** A percentage with the rule it came from ("why 62 %"), never typed by hand. */
export function ProgressLine({ progress, testId }: { progress: Progress; testId?: string }) {
  const { t } = useTranslation();
  const why = t(`action-plan.rules.${progress.rule.key}`, progress.rule.values);
  return (
    <Stack gap={2} data-testid={testId}>
      {progress.percent !== null && (
        <ProgressBar value={progress.percent} size="sm" aria-label={`${progress.percent} %`} />
      )}
      <Text size="xs" c="dimmed">
        {progress.percent !== null ? `${progress.percent} % · ` : ''}
        {why}
      </Text>
    </Stack>
  );
}

function Objectives({
  plan,
  cityId,
  editable,
}: {
  plan: PlanVersionDetail;
  cityId: string;
  editable: boolean;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (body: { objectives?: unknown[]; actions?: unknown[] }) =>
      call(actionPlanRoutes.updatePlanDraft, {
        params: { cityId, versionId: plan.id },
        body: body as never,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: planKey(cityId) }),
  });
  const bare = (a: PlanActionView) => {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { state, progress, overdue, ...rest } = a;
    return rest;
  };
  const removeAction = (id: string) =>
    save.mutate({
      actions: plan.actions
        .filter((a) => a.id !== id)
        .map(bare)
        .map((a) => ({ ...a, dependsOn: a.dependsOn.filter((d) => d !== id) })),
    });
  const removeObjective = (id: string) =>
    save.mutate({
      objectives: plan.objectives.map(({ progress: _p, ...o }) => o).filter((o) => o.id !== id),
      actions: plan.actions.filter((a) => a.objectiveId !== id).map(bare),
    });
  return (
    <Stack gap="md">
      <ErrorAlert error={save.error} />
      {plan.objectives.length === 0 && <Text c="dimmed">{t('action-plan.noObjectives')}</Text>}
      {plan.objectives.map((o) => (
        <Card key={o.id} withBorder padding="md" data-testid="plan-objective">
          <Stack gap="xs" component="section" aria-labelledby={`obj-${o.id}`}>
            <Group justify="space-between" wrap="nowrap">
              <Title order={3} size="h4" id={`obj-${o.id}`}>
                <UserText>{o.code ? `${o.code} ${o.title}` : o.title}</UserText>
              </Title>
              {editable && (
                <Button size="compact-sm" variant="subtle" color="red" onClick={() => removeObjective(o.id)}>
                  {t('action-plan.remove')}
                </Button>
              )}
            </Group>
            {o.description && (
              <Text size="sm">
                <UserText>{o.description}</UserText>
              </Text>
            )}
            {o.riskIds.length > 0 && (
              <Text size="xs" c="dimmed">
                {t('action-plan.linkedRisks', { count: o.riskIds.length })}
              </Text>
            )}
            <ProgressLine progress={o.progress} />
            <Stack gap="xs">
              {plan.actions
                .filter((a) => a.objectiveId === o.id)
                .map((a) => (
                  <ActionRow
                    key={a.id}
                    action={a}
                    cityId={cityId}
                    adopted={plan.status === 'adopted'}
                    onRemove={editable ? () => removeAction(a.id) : undefined}
                  />
                ))}
            </Stack>
          </Stack>
        </Card>
      ))}
      {editable && (
        <>
          <AddObjective
            onAdd={(o) =>
              save.mutate({ objectives: [...plan.objectives.map(({ progress: _p, ...x }) => x), o] })
            }
            pending={save.isPending}
            error={save.error}
          />
          {plan.objectives.length > 0 && (
            <AddAction
              plan={plan}
              cityId={cityId}
              pending={save.isPending}
              error={save.error}
              onAdd={(a) => save.mutate({ actions: [...plan.actions.map(bare), a] })}
            />
          )}
        </>
      )}
    </Stack>
  );
}

function ActionRow({
  action: a,
  cityId,
  adopted,
  onRemove,
}: {
  action: PlanActionView;
  cityId: string;
  adopted: boolean;
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const can = useCan();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (status: PlanActionView['state']['status']) =>
      call(actionPlanRoutes.updateActionProgress, { params: { cityId, actionId: a.id }, body: { status } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: planKey(cityId) }),
  });
  return (
    <Card withBorder padding="sm" data-testid="plan-action">
      <Stack gap={4}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text fw={600}>
            <UserText>{a.code ? `${a.code} ${a.title}` : a.title}</UserText>
          </Text>
          <Group gap="xs">
            <Badge color={actionStatusColor[a.state.status]} variant="light">
              {t(`action-plan.actionStatus.${a.state.status}`)}
            </Badge>
            {a.overdue && (
              <Badge color="red" variant="outline">
                {t('action-plan.overdue')}
              </Badge>
            )}
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {fmt.date(a.startOn)} – {fmt.date(a.endOn)}
          {a.targetGroup ? ` · ${a.targetGroup}` : ''} ·{' '}
          {t('action-plan.budgetShort', {
            planned: fmt.number(a.budgetPlanned),
            spent: fmt.number(a.state.budgetSpent),
            currency: a.currency,
          })}
        </Text>
        {a.milestones.length > 0 && (
          <Text size="xs">
            {a.milestones
              .map((m) => `${a.state.milestonesDone.some((d) => d.id === m.id) ? '✓' : '○'} ${m.title}`)
              .join(' · ')}
          </Text>
        )}
        <ProgressLine progress={a.progress} />
        <Group gap="xs">
          {adopted && can('action-plan.update-any-progress') && (
            <NativeSelect
              size="xs"
              aria-label={t('action-plan.setStatus')}
              value={a.state.status}
              onChange={(e) => update.mutate(e.currentTarget.value as PlanActionView['state']['status'])}
              data={(['planned', 'in-progress', 'completed', 'delayed', 'cancelled'] as const).map((s) => ({
                value: s,
                label: t(`action-plan.actionStatus.${s}`),
              }))}
              data-testid="plan-action-status"
            />
          )}
          {onRemove && (
            <Button size="compact-sm" variant="subtle" color="red" onClick={onRemove}>
              {t('action-plan.remove')}
            </Button>
          )}
        </Group>
        <ErrorAlert error={update.error} />
      </Stack>
    </Card>
  );
}

function AddObjective({
  onAdd,
  pending,
  error,
}: {
  onAdd: (o: { id: string; code: string; title: string; description: string; riskIds: string[] }) => void;
  pending: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  const limit = useLimit();
  const [code, setCode] = useState('');
  const [title, setTitle] = useState('');
  return (
    <Card withBorder padding="md">
      <Stack
        gap="xs"
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          onAdd({ id: newId(), code: code.trim(), title: title.trim(), description: '', riskIds: [] });
          setCode('');
          setTitle('');
        }}
      >
        <Title order={3} size="h5">
          {t('action-plan.addObjective')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <TextInput
            label={t('action-plan.fields.code')}
            value={code}
            onChange={(e) => setCode(e.currentTarget.value)}
            {...limit(LIMITS.code, code)}
            data-testid="objective-code"
          />
          <TextInput
            label={t('action-plan.fields.title')}
            value={title}
            required
            onChange={(e) => setTitle(e.currentTarget.value)}
            {...limit(LIMITS.title, title)}
            style={{ gridColumn: 'span 3' }}
            error={fieldError(error, 'objectives')}
            data-testid="objective-title"
          />
        </SimpleGrid>
        <Button
          type="submit"
          disabled={!title.trim()}
          loading={pending}
          style={{ alignSelf: 'flex-start' }}
          data-testid="objective-add"
        >
          {t('action-plan.add')}
        </Button>
      </Stack>
    </Card>
  );
}

function AddAction({
  plan,
  cityId,
  onAdd,
  pending,
  error,
}: {
  plan: PlanVersionDetail;
  cityId: string;
  onAdd: (a: Record<string, unknown>) => void;
  pending: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  const limit = useLimit();
  const orgs = useOrganisations(cityId);
  const empty = {
    objectiveId: plan.objectives[0]?.id ?? '',
    title: '',
    ownerOrganisationId: '',
    targetGroup: '',
    startOn: plan.periodStart,
    endOn: plan.periodEnd,
    budgetPlanned: 0,
    currency: 'EUR',
    fundingSource: '',
  };
  const [draft, setDraft] = useState(empty);
  const set = (k: keyof typeof empty) => (value: string | number) => setDraft({ ...draft, [k]: value });
  const index = plan.actions.length;
  const err = (k: string) => fieldError(error, `actions.${index}.${k}`);
  return (
    <Card withBorder padding="md">
      <Stack
        gap="xs"
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          onAdd({
            id: newId(),
            ...draft,
            title: draft.title.trim(),
            ownerOrganisationId: draft.ownerOrganisationId || null,
            partnerOrganisationIds: [],
            neighbourhoodIds: [],
            milestones: [],
            dependsOn: [],
          });
          setDraft(empty);
        }}
      >
        <Title order={3} size="h5">
          {t('action-plan.addAction')}
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label={t('action-plan.fields.objective')}
            value={draft.objectiveId}
            onChange={(e) => set('objectiveId')(e.currentTarget.value)}
            data={plan.objectives.map((o) => ({
              value: o.id,
              label: o.code ? `${o.code} ${o.title}` : o.title,
            }))}
            data-testid="action-objective"
          />
          <TextInput
            label={t('action-plan.fields.title')}
            required
            value={draft.title}
            onChange={(e) => set('title')(e.currentTarget.value)}
            {...limit(LIMITS.title, draft.title)}
            error={err('title')}
            data-testid="action-title"
          />
          <NativeSelect
            label={t('action-plan.fields.owner')}
            value={draft.ownerOrganisationId}
            onChange={(e) => set('ownerOrganisationId')(e.currentTarget.value)}
            data={[
              { value: '', label: t('action-plan.noOwner') },
              ...(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name })),
            ]}
            error={err('ownerOrganisationId')}
            data-testid="action-owner"
          />
          <TextInput
            label={t('action-plan.fields.targetGroup')}
            value={draft.targetGroup}
            onChange={(e) => set('targetGroup')(e.currentTarget.value)}
            {...limit(LIMITS.label, draft.targetGroup)}
          />
          <TextInput
            type="date"
            label={t('action-plan.fields.startOn')}
            value={draft.startOn}
            onChange={(e) => set('startOn')(e.currentTarget.value)}
            error={err('startOn')}
            data-testid="action-start"
          />
          <TextInput
            type="date"
            label={t('action-plan.fields.endOn')}
            value={draft.endOn}
            onChange={(e) => set('endOn')(e.currentTarget.value)}
            error={err('endOn')}
            data-testid="action-end"
          />
          <NumberInput
            label={t('action-plan.fields.budgetPlanned')}
            min={0}
            value={draft.budgetPlanned}
            onChange={(v) => set('budgetPlanned')(Number(v) || 0)}
            data-testid="action-budget"
          />
          <Group grow>
            <TextInput
              label={t('action-plan.fields.currency')}
              value={draft.currency}
              maxLength={3}
              onChange={(e) => set('currency')(e.currentTarget.value.toUpperCase())}
              error={err('currency')}
            />
            <TextInput
              label={t('action-plan.fields.fundingSource')}
              value={draft.fundingSource}
              onChange={(e) => set('fundingSource')(e.currentTarget.value)}
              {...limit(LIMITS.label, draft.fundingSource)}
            />
          </Group>
        </SimpleGrid>
        <Button
          type="submit"
          disabled={!draft.title.trim() || !draft.objectiveId}
          loading={pending}
          style={{ alignSelf: 'flex-start' }}
          data-testid="action-add"
        >
          {t('action-plan.add')}
        </Button>
      </Stack>
    </Card>
  );
}

/**
 * Records, at a meeting that has taken place, the decision to adopt this version (the meeting's
 * decision rules apply: votes when they say majority; quorum is computed by the meetings module).
 */
function RecordDecision({ cityId, versionId }: { cityId: string; versionId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const past = useQuery({
    queryKey: ['meetings', cityId, 'past-for-plan'],
    queryFn: ({ signal }) =>
      call(meetingsRoutes.listMeetings, { params: { cityId }, query: { when: 'past', limit: 20 }, signal }),
  });
  const [meetingId, setMeetingId] = useState('');
  const held = (past.data?.items ?? []).filter((m) => m.status !== 'cancelled');
  const chosen = meetingId || held[0]?.id || '';
  const detail = useQuery({
    queryKey: ['meetings', cityId, 'detail-for-plan', chosen],
    queryFn: ({ signal }) =>
      call(meetingsRoutes.getMeeting, { params: { cityId, meetingId: chosen }, signal }),
    enabled: Boolean(chosen),
  });
  const majority = detail.data?.rules.method === 'majority';
  const [text, setText] = useState('');
  const [votes, setVotes] = useState({ votesFor: 0, votesAgainst: 0, abstentions: 0 });
  const record = useMutation({
    mutationFn: () =>
      call(meetingsRoutes.recordDecision, {
        params: { cityId, meetingId: chosen },
        body: {
          text: text.trim() || t('action-plan.adopt.defaultText'),
          subjectType: 'action-plan-adoption',
          subjectId: versionId,
          ...(majority ? votes : {}),
        },
      }),
    onSuccess: async () => {
      setText('');
      await queryClient.invalidateQueries({ queryKey: planKey(cityId) });
    },
  });
  if (past.isPending) return <Loading />;
  if (!held.length) return <Text c="dimmed">{t('action-plan.adopt.noMeetings')}</Text>;
  return (
    <Stack gap="xs" data-testid="plan-record-decision">
      <Text size="sm" fw={600}>
        {t('action-plan.adopt.record')}
      </Text>
      <Group align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('action-plan.adopt.meeting')}
          value={chosen}
          onChange={(e) => setMeetingId(e.currentTarget.value)}
          data={held.map((m) => ({ value: m.id, label: `${fmt.date(m.startsAt)} — ${m.title}` }))}
          style={{ flex: 1, minWidth: 220 }}
          data-testid="plan-decision-meeting"
        />
        <TextInput
          label={t('action-plan.adopt.text')}
          placeholder={t('action-plan.adopt.defaultText')}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          style={{ flex: 2, minWidth: 220 }}
        />
      </Group>
      {majority && (
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          {(['votesFor', 'votesAgainst', 'abstentions'] as const).map((k) => (
            <NumberInput
              key={k}
              label={t(`action-plan.adopt.${k}`)}
              min={0}
              allowDecimal={false}
              value={votes[k]}
              onChange={(v) => setVotes({ ...votes, [k]: Number(v) || 0 })}
              data-testid={`plan-decision-${k}`}
            />
          ))}
        </SimpleGrid>
      )}
      <ErrorAlert error={record.error} />
      <Button
        variant="default"
        onClick={() => record.mutate()}
        loading={record.isPending}
        disabled={!chosen}
        style={{ alignSelf: 'flex-start' }}
        data-testid="plan-decision-record"
      >
        {t('action-plan.adopt.recordSubmit')}
      </Button>
    </Stack>
  );
}

function Adopt({ cityId, versionId }: { cityId: string; versionId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const can = useCan();
  const queryClient = useQueryClient();
  const decisions = usePlanDecisions(cityId, versionId, true);
  const [decisionId, setDecisionId] = useState('');
  const adopt = useMutation({
    mutationFn: (id: string) =>
      call(actionPlanRoutes.adoptPlanVersion, { params: { cityId, versionId }, body: { decisionId: id } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: planKey(cityId) }),
  });
  const items = decisions.data?.items ?? [];
  const eligible = items.filter((d) => d.eligible);
  const chosen = decisionId || eligible[0]?.id || '';
  return (
    <Card withBorder padding="md">
      <Stack gap="xs" component="section" aria-labelledby="plan-adopt-heading">
        <Title order={2} size="h4" id="plan-adopt-heading">
          {t('action-plan.adopt.heading')}
        </Title>
        <Text size="sm">{t('action-plan.adopt.help')}</Text>
        <ErrorAlert error={decisions.error ?? adopt.error} />
        {can('meetings.manage') && <RecordDecision cityId={cityId} versionId={versionId} />}
        {decisions.isPending ? (
          <Loading />
        ) : items.length === 0 ? (
          <Text c="dimmed">{t('action-plan.adopt.none')}</Text>
        ) : (
          <Group align="flex-end" wrap="wrap">
            <NativeSelect
              label={t('action-plan.adopt.decision')}
              value={chosen}
              onChange={(e) => setDecisionId(e.currentTarget.value)}
              data={items.map((d) => ({
                value: d.id,
                disabled: !d.eligible,
                label: `${fmt.date(d.recordedAt)} — ${d.text.slice(0, 60)}${d.eligible ? '' : ` (${t('action-plan.adopt.ineligible')})`}`,
              }))}
              style={{ flex: 1, minWidth: 220 }}
              data-testid="plan-adopt-decision"
            />
            <Button
              onClick={() => adopt.mutate(chosen)}
              disabled={!chosen}
              loading={adopt.isPending}
              data-testid="plan-adopt-submit"
            >
              {t('action-plan.adopt.submit')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function Budget({ cityId, versionId }: { cityId: string; versionId: string }) {
  const { t } = useTranslation();
  const budget = usePlanBudget(cityId, versionId);
  if (budget.isPending) return <Loading />;
  if (budget.error) return <ErrorAlert error={budget.error} />;
  const b = budget.data;
  return (
    <Stack gap="lg" data-testid="plan-budget">
      <BudgetTable caption={t('action-plan.budget.byObjective')} lines={b.byObjective} />
      <BudgetTable caption={t('action-plan.budget.byOrganisation')} lines={b.byOrganisation} />
      <BudgetTable caption={t('action-plan.budget.byFundingSource')} lines={b.byFundingSource} />
      <BudgetTable caption={t('action-plan.budget.totals')} lines={b.totals} />
    </Stack>
  );
}

function BudgetTable({
  caption,
  lines,
}: {
  caption: string;
  lines: {
    key: string;
    label: string;
    currency: string;
    planned: number;
    committed: number;
    spent: number;
  }[];
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const label = (l: { key: string; label: string }): ReactNode =>
    l.key === 'total' ? (
      t('action-plan.budget.total')
    ) : l.label ? (
      <UserText>{l.label}</UserText>
    ) : (
      t('action-plan.budget.unassigned')
    );
  return (
    <ScrollTable label={caption} minWidth={560}>
      <Table striped>
        <Table.Caption style={{ captionSide: 'top', textAlign: 'start', fontWeight: 600 }}>
          {caption}
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('action-plan.budget.line')}</Table.Th>
            <Table.Th scope="col">{t('action-plan.fields.currency')}</Table.Th>
            <Table.Th scope="col" style={{ textAlign: 'end' }}>
              {t('action-plan.budget.planned')}
            </Table.Th>
            <Table.Th scope="col" style={{ textAlign: 'end' }}>
              {t('action-plan.budget.committed')}
            </Table.Th>
            <Table.Th scope="col" style={{ textAlign: 'end' }}>
              {t('action-plan.budget.spent')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l) => (
            <Table.Tr key={`${l.key}-${l.currency}`}>
              <Table.Th scope="row" fw={400}>
                {label(l)}
              </Table.Th>
              <Table.Td>{l.currency}</Table.Td>
              <Table.Td style={{ textAlign: 'end' }}>{fmt.number(l.planned)}</Table.Td>
              <Table.Td style={{ textAlign: 'end' }}>{fmt.number(l.committed)}</Table.Td>
              <Table.Td style={{ textAlign: 'end' }}>{fmt.number(l.spent)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function Compare({
  cityId,
  versions,
  current,
}: {
  cityId: string;
  versions: { id: string; version: number }[];
  current: number;
}) {
  const { t } = useTranslation();
  const others = versions.filter((v) => v.version !== current);
  const [from, setFrom] = useState(String(others[0]?.version ?? ''));
  const diff = usePlanDiff(cityId, from, String(current));
  return (
    <Stack gap="sm" data-testid="plan-diff">
      <NativeSelect
        label={t('action-plan.compareWith')}
        value={from}
        onChange={(e) => setFrom(e.currentTarget.value)}
        data={others.map((v) => ({ value: String(v.version), label: `v${v.version}` }))}
        style={{ maxWidth: 240 }}
      />
      <ErrorAlert error={diff.error} />
      {diff.data && diff.data.entries.length === 0 && <Text c="dimmed">{t('action-plan.diff.same')}</Text>}
      {diff.data?.entries.map((e) => (
        <Group key={`${e.kind}-${e.id}`} gap="xs" wrap="nowrap" align="flex-start">
          <Badge
            color={e.change === 'added' ? 'teal' : e.change === 'removed' ? 'red' : 'blue'}
            variant="light"
          >
            {t(`action-plan.diff.${e.change}`)}
          </Badge>
          <Text size="sm">
            {t(`action-plan.diff.kind.${e.kind}`)}: <UserText>{e.title}</UserText>
            {e.fields.length > 0 &&
              ` (${e.fields.map((f) => t(`action-plan.diffFields.${f}`, { defaultValue: f })).join(', ')})`}
          </Text>
        </Group>
      ))}
    </Stack>
  );
}
