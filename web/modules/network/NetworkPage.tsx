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
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  LIMITS,
  mandateItemIds,
  meetingCadences,
  networkRoutes,
  sectors as allSectors,
  type CaseWorkflow,
  type MandateView,
  type NetworkView,
  type StructureTemplateView,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { networkKey, useNetwork, useTemplates } from './network.queries';

/** Network set-up (pick a template) before there is a network; its settings afterwards. */
export function NetworkPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const [saved, setSaved] = useState(false);
  const { data: network, isLoading, error } = useNetwork(cityId);
  if (isLoading) return <Loading />;
  if (error) return <ErrorAlert error={error} />;
  if (!network) {
    return (
      <Page title={t('network.setupTitle')}>
        {can('network.manage') ? (
          <>
            <Text>{t('network.setupIntro')}</Text>
            <TemplatePicker cityId={cityId} mode="create" />
          </>
        ) : (
          <Alert color="blue">{t('network.notSetUp')}</Alert>
        )}
      </Page>
    );
  }
  return (
    <Page title={t('network.settingsTitle')}>
      <NetworkSettings
        key={network.updatedAt}
        network={network}
        editable={can('network.manage')}
        saved={saved}
        onSaved={setSaved}
      />
      {can('network.manage') && (
        <Card withBorder padding="lg">
          <Stack component="section" aria-labelledby="switch-heading">
            <Title order={2} size="h4" id="switch-heading">
              {t('network.switchTitle')}
            </Title>
            <Text size="sm">{t('network.switchIntro')}</Text>
            <TemplatePicker cityId={cityId} mode="switch" currentId={network.templateId} />
          </Stack>
        </Card>
      )}
    </Page>
  );
}

function cadenceLabel(t: (k: string) => string, cadence: string) {
  return (meetingCadences as readonly string[]).includes(cadence) ? t(`network.cadence.${cadence}`) : cadence;
}

/**
 * The chair sets the case workflow: four filters or a Channel-style panel, the response clock,
 * guardians' consent for minors and the post-closure reviews. Situations already open keep the
 * workflow they started with.
 */
function WorkflowEditor({
  workflow,
  onChange,
}: {
  workflow: CaseWorkflow;
  onChange: (w: CaseWorkflow) => void;
}) {
  const { t } = useTranslation();
  const [min, max] = workflow.responseHours ?? [24, 48];
  const months = (workflow.reviewsAfterExitMonths ?? []).join(', ');
  const [monthsText, setMonthsText] = useState(months);
  const parsedMonths = monthsText
    .split(/[,\s]+/)
    .filter(Boolean)
    .map(Number);
  const monthsOk =
    parsedMonths.every((m) => Number.isInteger(m) && m > 0 && m <= 60) &&
    parsedMonths.every((m, i) => i === 0 || m > parsedMonths[i - 1]);
  return (
    <Stack gap="sm" data-testid="workflow-editor">
      <NativeSelect
        label={t('network.workflowKindLabel')}
        value={workflow.kind === 'channel' ? 'channel' : 'four-filter'}
        onChange={(e) => {
          const kind = e.currentTarget.value as 'four-filter' | 'channel';
          onChange(
            kind === 'channel'
              ? {
                  ...workflow,
                  kind,
                  consentBeforeSupport: true,
                  reviewsAfterExitMonths: workflow.reviewsAfterExitMonths ?? [6, 12],
                }
              : { ...workflow, kind, responseHours: workflow.responseHours ?? [24, 48] },
          );
          if (kind === 'channel' && !workflow.reviewsAfterExitMonths) setMonthsText('6, 12');
        }}
        data={[
          { value: 'four-filter', label: t('network.workflowKind.four-filter') },
          { value: 'channel', label: t('network.workflowKind.channel') },
        ]}
        description={t('network.workflowKindHelp')}
        data-testid="workflow-kind"
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NumberInput
          label={t('network.responseMin')}
          min={1}
          max={720}
          value={min}
          onChange={(v) =>
            onChange({ ...workflow, responseHours: [Number(v) || 1, Math.max(Number(v) || 1, max)] })
          }
          data-testid="workflow-response-min"
        />
        <NumberInput
          label={t('network.responseMax')}
          description={t('network.responseMaxHelp')}
          min={min}
          max={720}
          value={max}
          onChange={(v) => onChange({ ...workflow, responseHours: [min, Math.max(Number(v) || min, min)] })}
          data-testid="workflow-response-max"
        />
      </SimpleGrid>
      <Checkbox
        label={t('network.guardianConsent')}
        checked={workflow.guardianConsentForMinors ?? true}
        onChange={(e) => onChange({ ...workflow, guardianConsentForMinors: e.currentTarget.checked })}
        data-testid="workflow-guardian"
      />
      <TextInput
        label={t('network.reviewsLabel')}
        description={t('network.reviewsHelp')}
        value={monthsText}
        error={monthsOk ? null : t('network.reviewsInvalid')}
        onChange={(e) => {
          const text = e.currentTarget.value;
          setMonthsText(text);
          const list = text
            .split(/[,\s]+/)
            .filter(Boolean)
            .map(Number);
          const ok = list.every(
            (m, i) => Number.isInteger(m) && m > 0 && m <= 60 && (i === 0 || m > list[i - 1]),
          );
          if (ok) onChange({ ...workflow, reviewsAfterExitMonths: list.length ? list : undefined });
        }}
        data-testid="workflow-reviews"
      />
    </Stack>
  );
}

/** What a template's case workflow means, in the UI language. */
function WorkflowSummary({ workflow }: { workflow: CaseWorkflow }) {
  const { t } = useTranslation();
  return (
    <List size="sm" data-testid="workflow-summary">
      <List.Item>{t(`network.workflowKind.${workflow.kind}`)}</List.Item>
      {workflow.responseHours && (
        <List.Item>
          {t('network.responseHours', { min: workflow.responseHours[0], max: workflow.responseHours[1] })}
        </List.Item>
      )}
      {workflow.consentBeforeSupport && <List.Item>{t('network.consentBeforeSupport')}</List.Item>}
      {workflow.guardianConsentForMinors && <List.Item>{t('network.guardianConsent')}</List.Item>}
      {workflow.reviewsAfterExitMonths && (
        <List.Item>
          {t('network.reviewsAfterExit', { months: workflow.reviewsAfterExitMonths.join(', ') })}
        </List.Item>
      )}
      {workflow.focus && <List.Item>{t('network.focus', { focus: workflow.focus })}</List.Item>}
      {workflow.rejectedRetentionDays !== undefined && (
        <List.Item>{t('network.retentionDays', { days: workflow.rejectedRetentionDays })}</List.Item>
      )}
    </List>
  );
}

function templateName(
  t: (k: string, o?: Record<string, unknown>) => string,
  template: { id: string; name: string },
) {
  return t(`network.templateNames.${template.id}`, { defaultValue: template.name });
}

function TemplateCard({
  template,
  onApply,
  pending,
  current,
  actionLabel,
}: {
  template: StructureTemplateView;
  onApply: () => void;
  pending: boolean;
  current: boolean;
  actionLabel: string;
}) {
  const { t } = useTranslation();
  const mandateOn = mandateItemIds.filter((i) => template.mandate[i].enabled);
  return (
    <Card withBorder padding="md" data-testid={`template-${template.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap">
          <Title order={3} size="h5">
            {templateName(t, template)}
          </Title>
          {current && <Badge>{t('network.currentTemplate')}</Badge>}
        </Group>
        <Text size="sm" data-testid="template-description">
          {t(`network.templateDescriptions.${template.id}`, { defaultValue: template.description })}
        </Text>
        <Text size="sm" fw={600}>
          {t('network.prefills')}
        </Text>
        <List size="sm">
          <List.Item>
            {t('network.sectorsLabel')}: {template.sectors.map((s) => t(`network.sectors.${s}`)).join(', ')}
          </List.Item>
          <List.Item>
            {t('network.cadenceLabel')}: {cadenceLabel(t, template.meetingCadence.frequency)}
          </List.Item>
          <List.Item>
            {t('network.mandateOn')}:{' '}
            {mandateOn.length
              ? mandateOn.map((i) => t(`network.mandateItems.${i}`)).join('; ')
              : t('network.none')}
          </List.Item>
          <List.Item>{t(`network.workflowKind.${template.caseWorkflow.kind}`)}</List.Item>
          <List.Item>{t('network.torSectionsCount', { count: template.torSections.length })}</List.Item>
        </List>
        <Button
          onClick={onApply}
          loading={pending}
          disabled={current}
          variant={current ? 'default' : 'filled'}
          style={{ alignSelf: 'flex-start' }}
          data-testid={`apply-${template.id}`}
          aria-label={`${actionLabel}: ${templateName(t, template)}`}
        >
          {actionLabel}
        </Button>
      </Stack>
    </Card>
  );
}

function TemplatePicker({
  cityId,
  mode,
  currentId,
}: {
  cityId: string;
  mode: 'create' | 'switch';
  currentId?: string;
}) {
  const { t } = useTranslation();
  const limit = useLimit();
  const queryClient = useQueryClient();
  const { data, isLoading, error } = useTemplates();
  const [name, setName] = useState('');
  const [pendingId, setPendingId] = useState<string | null>(null);
  const apply = useMutation({
    mutationFn: async (templateId: string) => {
      setPendingId(templateId);
      if (mode === 'create') {
        await call(networkRoutes.createNetwork, {
          params: { cityId },
          body: { templateId, name: name.trim() || undefined },
        });
        return null;
      }
      return (await call(networkRoutes.switchTemplate, { params: { cityId }, body: { templateId } })).changes;
    },
    onSettled: () => setPendingId(null),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: networkKey(cityId) }),
  });
  if (isLoading) return <Loading />;
  if (error) return <ErrorAlert error={error} />;
  const changes = apply.data;
  return (
    <Stack>
      <ErrorAlert error={apply.error} />
      {changes && (
        <Alert color="teal" role="status" title={t('network.switched')} data-testid="switch-result">
          <List size="sm">
            <List.Item>
              {t('network.addedSectors')}:{' '}
              {changes.addedSectors.length
                ? changes.addedSectors.map((s) => t(`network.sectors.${s}`)).join(', ')
                : t('network.none')}
            </List.Item>
            <List.Item>
              {t('network.itemsEnabled')}:{' '}
              {changes.mandateItemsEnabled.length
                ? changes.mandateItemsEnabled.join(', ')
                : t('network.none')}
            </List.Item>
            <List.Item>{t(`network.workflowChange.${changes.caseWorkflow}`)}</List.Item>
            <List.Item>{t('network.nothingRemoved')}</List.Item>
          </List>
        </Alert>
      )}
      {mode === 'create' && (
        <TextInput
          label={t('network.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          {...limit(LIMITS.title, name, t('network.nameHint'))}
          data-testid="network-name-input"
        />
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {data?.items.map((template) => (
          <TemplateCard
            key={template.id}
            template={template}
            current={template.id === currentId}
            pending={pendingId === template.id}
            onApply={() => {
              if (
                mode === 'switch' &&
                !window.confirm(t('network.switchConfirm', { name: templateName(t, template) }))
              )
                return;
              apply.mutate(template.id);
            }}
            actionLabel={mode === 'create' ? t('network.apply') : t('network.switchTo')}
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

/** `saved` lives in the page: the form re-mounts with the saved network, which would lose it. */
function NetworkSettings({
  network,
  editable,
  saved,
  onSaved,
}: {
  network: NetworkView;
  editable: boolean;
  saved: boolean;
  onSaved: (saved: boolean) => void;
}) {
  const { t } = useTranslation();
  const limit = useLimit();
  const cityId = network.cityId;
  const queryClient = useQueryClient();
  const [name, setName] = useState(network.name);
  const [description, setDescription] = useState(network.description);
  const [sectors, setSectors] = useState<string[]>(network.sectors);
  const [cadence, setCadence] = useState(network.meetingCadence);
  const [mandate, setMandate] = useState<MandateView>(network.mandate);
  const [workflow, setWorkflow] = useState<CaseWorkflow>(network.caseWorkflow);
  const caseWork =
    workflow.kind === 'four-filter' || workflow.kind === 'channel' || workflow.kind === 'custom';
  const save = useMutation({
    mutationFn: () =>
      call(networkRoutes.updateNetwork, {
        params: { cityId },
        body: {
          name: name.trim(),
          description: description.trim(),
          sectors: sectors as never,
          meetingCadence: cadence as never,
          mandate,
          ...(caseWork ? { caseWorkflow: workflow } : {}),
        },
      }),
    onMutate: () => onSaved(false),
    onSuccess: () => {
      onSaved(true);
      return queryClient.invalidateQueries({ queryKey: networkKey(cityId) });
    },
  });
  const enabled = Object.entries(network.enabledModules).filter(([, on]) => on);
  return (
    <Stack>
      <Card withBorder padding="lg">
        <Stack component="section" aria-labelledby="overview-heading" gap="xs">
          <Title order={2} size="h4" id="overview-heading">
            {t('network.overview')}
          </Title>
          <Text size="sm">
            {t('network.fromTemplate', {
              name: templateName(t, { id: network.templateId, name: network.templateId }),
              version: network.templateVersion,
            })}
          </Text>
          <Text size="sm" data-testid="mandate-source">
            {network.mandateSource === 'tor' ? t('network.mandateFromTor') : t('network.mandateFromNetwork')}
          </Text>
          <Text size="sm" fw={600}>
            {t('network.enabledModules')}
          </Text>
          <Group gap="xs" data-testid="enabled-modules">
            {enabled.length ? (
              enabled.map(([key]) => (
                <Badge key={key} variant="light">
                  {t(`network.modules.${key}`)}
                </Badge>
              ))
            ) : (
              <Text size="sm">{t('network.none')}</Text>
            )}
          </Group>
        </Stack>
      </Card>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
        noValidate
      >
        <Stack>
          <ErrorAlert error={save.error} />
          <Card withBorder padding="lg">
            <Stack>
              <TextInput
                label={t('network.name')}
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                readOnly={!editable}
                required
                {...limit(LIMITS.title, name)}
                data-testid="network-name"
              />
              <Textarea
                label={t('network.description')}
                value={description}
                onChange={(e) => setDescription(e.currentTarget.value)}
                readOnly={!editable}
                autosize
                minRows={2}
                {...limit(LIMITS.description, description)}
              />
              <NativeSelect
                label={t('network.cadenceLabel')}
                value={cadence}
                onChange={(e) => setCadence(e.currentTarget.value)}
                disabled={!editable}
                data={meetingCadences.map((c) => ({ value: c, label: t(`network.cadence.${c}`) }))}
                data-testid="network-cadence"
              />
            </Stack>
          </Card>
          <Card withBorder padding="lg">
            <Stack component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
              <Title order={2} size="h4" component="legend">
                {t('network.mandateTitle')}
              </Title>
              <Text size="sm">{t('network.mandateHint')}</Text>
              {mandateItemIds.map((item) => (
                <Stack key={item} gap={4}>
                  <Switch
                    label={t(`network.mandateItems.${item}`)}
                    checked={mandate[item].enabled}
                    disabled={!editable}
                    onChange={(e) => {
                      const checked = e.currentTarget.checked;
                      setMandate((m) => ({ ...m, [item]: { ...m[item], enabled: checked } }));
                    }}
                    data-testid={`mandate-${item}`}
                  />
                  <Textarea
                    label={t('network.scope', { item })}
                    value={mandate[item].scope}
                    readOnly={!editable}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      setMandate((m) => ({ ...m, [item]: { ...m[item], scope: value } }));
                    }}
                    autosize
                    minRows={1}
                    {...limit(LIMITS.summary, mandate[item].scope)}
                    error={
                      mandate[item].enabled && !mandate[item].scope.trim() ? t('network.scopeRequired') : null
                    }
                  />
                </Stack>
              ))}
            </Stack>
          </Card>
          <Card withBorder padding="lg">
            <Checkbox.Group
              label={t('network.sectorsLabel')}
              value={sectors}
              onChange={setSectors}
              data-testid="network-sectors"
            >
              <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
                {allSectors.map((s) => (
                  <Checkbox key={s} value={s} label={t(`network.sectors.${s}`)} disabled={!editable} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
          </Card>
          <Card withBorder padding="lg">
            <Stack component="section" aria-labelledby="workflow-heading" gap="xs">
              <Title order={2} size="h4" id="workflow-heading">
                {t('network.workflowTitle')}
              </Title>
              {editable && caseWork ? (
                <WorkflowEditor workflow={workflow} onChange={setWorkflow} />
              ) : (
                <WorkflowSummary workflow={network.caseWorkflow} />
              )}
            </Stack>
          </Card>
          {editable && (
            <Group>
              <Button type="submit" loading={save.isPending} data-testid="network-save">
                {t('network.save')}
              </Button>
              {(save.isSuccess || saved) && !save.isPending && (
                <Text size="sm" role="status" data-testid="network-saved">
                  {t('network.saved')}
                </Text>
              )}
            </Group>
          )}
        </Stack>
      </form>
    </Stack>
  );
}
