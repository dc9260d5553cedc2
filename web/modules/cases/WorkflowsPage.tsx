import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  List,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  caseWorkflowRoutes,
  consentBases,
  gateKinds,
  LIMITS,
  stageCategories,
  transitionActors,
  workflowProblems,
  type Gate,
  type GateKind,
  type StageCategory,
  type TransitionActor,
  type WorkflowDefinition,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { useGateText } from './WorkflowPanel';
import { casesKey, caseConfigKey } from './cases.queries';
import { useWorkflowName, useWorkflows, workflowsKey } from './workflow.queries';

type Stage = {
  id: string;
  label: string;
  category: StageCategory;
  clockHours: number | '';
  remindHours?: number | '';
};
type Transition = { from: string; to: string; by: TransitionActor[]; gates: Gate[] };
type Basis = (typeof consentBases)[number];

const starter = (): { stages: Stage[]; transitions: Transition[] } => ({
  stages: [
    { id: 'intake', label: '', category: 'intake', clockHours: '' },
    { id: 'support', label: '', category: 'in-support', clockHours: '' },
    { id: 'closed', label: '', category: 'closed', clockHours: '' },
    { id: 'rejected', label: '', category: 'rejected', clockHours: '' },
  ],
  transitions: [
    {
      from: 'intake',
      to: 'support',
      by: ['chair', 'coordinator'],
      gates: [{ kind: 'decision', by: ['chair', 'coordinator'] }, { kind: 'lead-agency' }],
    },
    {
      from: 'intake',
      to: 'rejected',
      by: ['chair', 'coordinator'],
      gates: [{ kind: 'decision', by: ['chair', 'coordinator'] }],
    },
    { from: 'support', to: 'closed', by: ['lead', 'chair', 'coordinator'], gates: [] },
  ],
});

/** The gate of one kind with its default settings (decision: the chair or coordinator; basis: consents). */
function defaultGate(kind: GateKind, purpose: 'disclosure' | 'support' = 'disclosure'): Gate {
  if (kind === 'decision') return { kind, by: ['chair', 'coordinator'] };
  if (kind === 'basis') return { kind, purpose, bases: ['consent', 'guardian-consent'] };
  return { kind } as Gate;
}

/**
 * The case workflows: the built-in ones and the city's own, which the chair builds here from the same
 * parts (stages, transitions, gates, clocks, reviews), checked before saving and versioned.
 */
export function WorkflowsPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const list = useWorkflows(cityId);
  const workflowName = useWorkflowName();
  const qc = useQueryClient();
  const use = useMutation({
    mutationFn: (id: string) => call(caseWorkflowRoutes.useWorkflow, { params: { cityId }, body: { id } }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: workflowsKey(cityId) });
      await qc.invalidateQueries({ queryKey: caseConfigKey(cityId) });
      await qc.invalidateQueries({ queryKey: casesKey(cityId) });
    },
  });
  const manage = can('cases.workflows.manage');
  if (list.isPending) return <Loading />;
  const latest = new Map<string, number>();
  for (const w of list.data?.workflows ?? []) latest.set(w.id, Math.max(latest.get(w.id) ?? 0, w.version));
  return (
    <Page title={t('cases.wf.pageTitle')}>
      <Text>{t('cases.wf.pageIntro')}</Text>
      <ErrorAlert error={list.error ?? use.error} />
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="sm">
          {t('cases.wf.listTitle')}
        </Title>
        <Table data-testid="workflows-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('cases.wf.colName')}</Table.Th>
              <Table.Th>{t('cases.wf.colVersion')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data?.workflows ?? []).map((w) => {
              const current = list.data?.current?.id === w.id && list.data.current.version === w.version;
              return (
                <Table.Tr key={`${w.id}@${w.version}`} data-testid={`workflow-${w.id}-${w.version}`}>
                  <Table.Td>
                    {workflowName(w.id, w.name)}{' '}
                    {!w.builtIn && (
                      <Badge variant="outline" size="sm">
                        {t('cases.wf.custom')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>v{w.version}</Table.Td>
                  <Table.Td>
                    {current ? (
                      <Badge color="teal.9" data-testid="workflow-current">
                        {t('cases.wf.current')}
                      </Badge>
                    ) : (
                      manage &&
                      latest.get(w.id) === w.version && (
                        <Button
                          size="xs"
                          variant="default"
                          loading={use.isPending && use.variables === w.id}
                          onClick={() => use.mutate(w.id)}
                          data-testid="workflow-use"
                        >
                          {t('cases.wf.use')}
                        </Button>
                      )
                    )}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        <Text size="sm" c="dimmed" mt="xs">
          {t('cases.wf.switchHelp')}
        </Text>
      </Card>
      {manage && <WorkflowBuilder />}
    </Page>
  );
}

function WorkflowBuilder() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const qc = useQueryClient();
  const gateText = useGateText();
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [prefix, setPrefix] = useState('');
  const [reviews, setReviews] = useState('');
  const [{ stages, transitions }, setParts] = useState(starter);
  const [initialStage, setInitial] = useState('intake');
  const [saved, setSaved] = useState<WorkflowDefinition | null>(null);
  const setStages = (f: (s: Stage[]) => Stage[]) => setParts((p) => ({ ...p, stages: f(p.stages) }));
  const setTransitions = (f: (s: Transition[]) => Transition[]) =>
    setParts((p) => ({ ...p, transitions: f(p.transitions) }));
  const reviewMonths = reviews
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);
  const definition = {
    id: `custom-${key || 'x'}`,
    version: 1,
    name,
    prefix,
    initialStage,
    stages: stages.map((s) => ({
      id: s.id,
      ...(s.label.trim() ? { label: s.label.trim() } : {}),
      category: s.category,
      ...(s.clockHours
        ? {
            clock: {
              responseHours: Number(s.clockHours),
              ...(s.remindHours ? { remindBeforeHours: [Number(s.remindHours)] } : {}),
            },
          }
        : {}),
    })),
    transitions,
    reviewsAfterExitMonths: reviewMonths,
  };
  const problems = workflowProblems(definition);
  const formProblems = [
    ...(/^[a-z][a-z0-9-]{0,29}$/.test(key) ? [] : [t('cases.wf.keyProblem')]),
    ...(name.trim() ? [] : [t('cases.wf.nameProblem')]),
    ...(/^[A-Z]{2,4}$/.test(prefix) ? [] : [t('cases.wf.prefixProblem')]),
    ...(reviewMonths.every((m) => Number.isInteger(m) && m >= 1 && m <= 120)
      ? []
      : [t('cases.wf.reviewsProblem')]),
    ...stages
      .filter((s) => !/^[a-z][a-z0-9-]{0,39}$/.test(s.id))
      .map((s) => t('cases.wf.stageIdProblem', { id: s.id || '…' })),
  ];
  const save = useMutation({
    mutationFn: () =>
      call(caseWorkflowRoutes.saveCustomWorkflow, {
        params: { cityId },
        body: {
          key,
          name: name.trim(),
          prefix,
          initialStage,
          stages: definition.stages,
          transitions,
          reviewsAfterExitMonths: reviewMonths,
        },
      }),
    onSuccess: async (def) => {
      setSaved(def);
      await qc.invalidateQueries({ queryKey: workflowsKey(cityId) });
    },
  });
  const stageIds = stages.map((s) => s.id);
  const stageOptions = stageIds.map((id) => ({ value: id, label: id }));
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="wf-builder">
      <Stack gap="md">
        <Title order={2} size="h4" id="wf-builder">
          {t('cases.wf.builderTitle')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('cases.wf.builderHelp')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('cases.wf.key')}
            description={t('cases.wf.keyHelp')}
            value={key}
            maxLength={30}
            onChange={(e) => setKey(e.currentTarget.value.trim())}
            data-testid="wf-key"
          />
          <TextInput
            label={t('cases.wf.name')}
            value={name}
            maxLength={LIMITS.title}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="wf-name"
          />
          <TextInput
            label={t('cases.wf.prefix')}
            description={t('cases.wf.prefixHelp')}
            value={prefix}
            maxLength={4}
            onChange={(e) => setPrefix(e.currentTarget.value.toUpperCase())}
            data-testid="wf-prefix"
          />
        </SimpleGrid>

        <Title order={3} size="h5">
          {t('cases.wf.stagesTitle')}
        </Title>
        {stages.map((s, i) => (
          <Group key={i} align="flex-end" gap="xs" data-testid={`wf-stage-${i}`}>
            <TextInput
              label={t('cases.wf.stageId')}
              value={s.id}
              maxLength={40}
              onChange={(e) => {
                const id = e.currentTarget.value.trim();
                const old = s.id;
                setParts((p) => ({
                  stages: p.stages.map((x, j) => (j === i ? { ...x, id } : x)),
                  transitions: p.transitions.map((tr) => ({
                    ...tr,
                    from: tr.from === old ? id : tr.from,
                    to: tr.to === old ? id : tr.to,
                  })),
                }));
                if (initialStage === old) setInitial(id);
              }}
              data-testid="wf-stage-id"
            />
            <TextInput
              label={t('cases.wf.stageLabel')}
              value={s.label}
              maxLength={LIMITS.label}
              onChange={(e) => {
                const label = e.currentTarget.value;
                setStages((all) => all.map((x, j) => (j === i ? { ...x, label } : x)));
              }}
              data-testid="wf-stage-label"
            />
            <NativeSelect
              label={t('cases.wf.category')}
              value={s.category}
              onChange={(e) => {
                const category = e.currentTarget.value as StageCategory;
                setStages((all) => all.map((x, j) => (j === i ? { ...x, category } : x)));
              }}
              data={stageCategories.map((c) => ({ value: c, label: t(`cases.wf.categoryName.${c}`) }))}
              data-testid="wf-stage-category"
            />
            <NumberInput
              label={t('cases.wf.clockHours')}
              value={s.clockHours}
              min={1}
              max={8760}
              allowDecimal={false}
              onChange={(v) => {
                const clockHours = typeof v === 'number' ? v : '';
                setStages((all) => all.map((x, j) => (j === i ? { ...x, clockHours } : x)));
              }}
              w={140}
              data-testid="wf-stage-clock"
            />
            <NumberInput
              label={t('cases.wf.remindHours')}
              value={s.remindHours ?? ''}
              min={1}
              max={8760}
              allowDecimal={false}
              disabled={!s.clockHours}
              onChange={(v) => {
                const remindHours = typeof v === 'number' ? v : '';
                setStages((all) => all.map((x, j) => (j === i ? { ...x, remindHours } : x)));
              }}
              w={160}
              data-testid="wf-stage-remind"
            />
            <Button
              variant="subtle"
              color="red"
              onClick={() => setStages((all) => all.filter((_, j) => j !== i))}
              aria-label={t('cases.wf.removeStage', { id: s.id })}
            >
              {t('cases.remove')}
            </Button>
          </Group>
        ))}
        <Group>
          <Button
            variant="default"
            onClick={() =>
              setStages((all) => [
                ...all,
                { id: `stage-${all.length + 1}`, label: '', category: 'accepted', clockHours: '' },
              ])
            }
            data-testid="wf-add-stage"
          >
            {t('cases.wf.addStage')}
          </Button>
          <NativeSelect
            label={t('cases.wf.initialStage')}
            value={initialStage}
            onChange={(e) => setInitial(e.currentTarget.value)}
            data={stageOptions}
            data-testid="wf-initial"
          />
          <TextInput
            label={t('cases.wf.reviews')}
            description={t('cases.wf.reviewsHelp')}
            value={reviews}
            maxLength={40}
            onChange={(e) => setReviews(e.currentTarget.value)}
            data-testid="wf-reviews"
          />
        </Group>

        <Title order={3} size="h5">
          {t('cases.wf.transitionsTitle')}
        </Title>
        {transitions.map((tr, i) => {
          const update = (f: (x: Transition) => Transition) =>
            setTransitions((all) => all.map((x, j) => (j === i ? f(x) : x)));
          const has = (kind: GateKind, purpose?: string) =>
            tr.gates.find((g) => g.kind === kind && (g.kind !== 'basis' || g.purpose === purpose));
          const toggleGate = (kind: GateKind, on: boolean, purpose?: 'disclosure' | 'support') =>
            update((x) => ({
              ...x,
              gates: on
                ? [...x.gates, defaultGate(kind, purpose)]
                : x.gates.filter((g) => !(g.kind === kind && (g.kind !== 'basis' || g.purpose === purpose))),
            }));
          return (
            <Card key={i} withBorder padding="sm" data-testid={`wf-transition-${i}`}>
              <Stack gap="xs">
                <Group align="flex-end" gap="xs">
                  <NativeSelect
                    label={t('cases.wf.from')}
                    value={tr.from}
                    onChange={(e) => {
                      const from = e.currentTarget.value;
                      update((x) => ({ ...x, from }));
                    }}
                    data={stageOptions}
                    data-testid="wf-from"
                  />
                  <NativeSelect
                    label={t('cases.wf.to')}
                    value={tr.to}
                    onChange={(e) => {
                      const to = e.currentTarget.value;
                      update((x) => ({ ...x, to }));
                    }}
                    data={stageOptions}
                    data-testid="wf-to"
                  />
                  <Button
                    variant="subtle"
                    color="red"
                    onClick={() => setTransitions((all) => all.filter((_, j) => j !== i))}
                  >
                    {t('cases.remove')}
                  </Button>
                </Group>
                <Checkbox.Group
                  label={t('cases.wf.by')}
                  value={tr.by}
                  onChange={(v) => update((x) => ({ ...x, by: v as TransitionActor[] }))}
                >
                  <Group gap="sm" mt={4}>
                    {transitionActors.map((a) => (
                      <Checkbox
                        key={a}
                        value={a}
                        label={t(`cases.wf.actor.${a}`)}
                        data-testid={`wf-by-${a}`}
                      />
                    ))}
                  </Group>
                </Checkbox.Group>
                <Text size="sm" fw={500}>
                  {t('cases.wf.gatesLabel')}
                </Text>
                <Group gap="sm">
                  {gateKinds
                    .filter((k) => k !== 'basis')
                    .map((k) => (
                      <Checkbox
                        key={k}
                        label={gateText(defaultGate(k))}
                        checked={Boolean(has(k))}
                        onChange={(e) => toggleGate(k, e.currentTarget.checked)}
                        data-testid={`wf-gate-${k}`}
                      />
                    ))}
                  {(['disclosure', 'support'] as const).map((purpose) => (
                    <Checkbox
                      key={purpose}
                      label={t(`cases.wf.gate.basis-${purpose}`, { bases: '…' })}
                      checked={Boolean(has('basis', purpose))}
                      onChange={(e) => toggleGate('basis', e.currentTarget.checked, purpose)}
                      data-testid={`wf-gate-basis-${purpose}`}
                    />
                  ))}
                </Group>
                {tr.gates.map((g, gi) =>
                  g.kind === 'decision' ? (
                    <Checkbox.Group
                      key={gi}
                      label={t('cases.wf.decisionBy')}
                      value={g.by}
                      onChange={(v) =>
                        update((x) => ({
                          ...x,
                          gates: x.gates.map((y, yj) =>
                            yj === gi
                              ? { kind: 'decision', by: v as ('chair' | 'coordinator' | 'originating')[] }
                              : y,
                          ),
                        }))
                      }
                    >
                      <Group gap="sm" mt={4}>
                        {(['chair', 'coordinator', 'originating'] as const).map((a) => (
                          <Checkbox key={a} value={a} label={t(`cases.wf.actor.${a}`)} />
                        ))}
                      </Group>
                    </Checkbox.Group>
                  ) : g.kind === 'basis' ? (
                    <Checkbox.Group
                      key={gi}
                      label={t(`cases.wf.basesFor.${g.purpose}`)}
                      value={g.bases}
                      onChange={(v) =>
                        update((x) => ({
                          ...x,
                          gates: x.gates.map((y, yj) => (yj === gi ? { ...g, bases: v as Basis[] } : y)),
                        }))
                      }
                    >
                      <Group gap="sm" mt={4}>
                        {consentBases.map((b) => (
                          <Checkbox key={b} value={b} label={t(`cases.basis.${b}`)} />
                        ))}
                      </Group>
                    </Checkbox.Group>
                  ) : null,
                )}
              </Stack>
            </Card>
          );
        })}
        <Group>
          <Button
            variant="default"
            onClick={() =>
              setTransitions((all) => [
                ...all,
                { from: stageIds[0] ?? '', to: stageIds[1] ?? '', by: ['chair', 'coordinator'], gates: [] },
              ])
            }
            data-testid="wf-add-transition"
          >
            {t('cases.wf.addTransition')}
          </Button>
        </Group>

        {formProblems.length + problems.length > 0 ? (
          <Alert color="orange" title={t('cases.wf.problemsTitle')} data-testid="wf-problems">
            <List size="sm">
              {formProblems.map((p) => (
                <List.Item key={p}>{p}</List.Item>
              ))}
              {problems.map((p) => (
                <List.Item key={`${p.path}:${p.code}`}>
                  {p.path}: {t(`cases.wfProblem.${p.code}`, p.values)}
                </List.Item>
              ))}
            </List>
          </Alert>
        ) : (
          <Alert color="teal" data-testid="wf-valid">
            {t('cases.wf.valid')}
          </Alert>
        )}
        <ErrorAlert error={save.error} />
        {saved && (
          <Alert color="teal" data-testid="wf-saved">
            {t('cases.wf.saved', { id: saved.id, version: saved.version })}
          </Alert>
        )}
        <Button
          onClick={() => save.mutate()}
          disabled={formProblems.length + problems.length > 0}
          loading={save.isPending}
          style={{ alignSelf: 'flex-start' }}
          data-testid="wf-save"
        >
          {t('cases.wf.save')}
        </Button>
      </Stack>
    </Card>
  );
}
