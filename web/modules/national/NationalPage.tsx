import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  MultiSelect,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  escalationUrgencies,
  frameworkKinds,
  LIMITS,
  nationalRoutes,
  type EscalationView,
  type FrameworkView,
  type ReportDetail,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ScrollTable } from '../../components/ScrollTable';
import { UserText } from '../../components/UserText';
import { ApiError, call, routePath } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { fieldError, problemErrors } from '../../lib/fieldErrors';
import { useFormat } from '../../lib/format';
import {
  nameIn,
  nationalKey,
  useEscalations,
  useFrameworks,
  useMappings,
  useReport,
  useReportDiff,
  useReports,
} from './national.queries';

const escalationColor = { open: 'orange', acknowledged: 'blue', answered: 'teal', closed: 'gray' } as const;
const reportColor = {
  draft: 'yellow',
  submitted: 'blue',
  acknowledged: 'green',
  returned: 'orange',
} as const;

/** National–local coordination: escalations, reports upward, frameworks and the objectives mapped to them. */
export function NationalPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const escalations = useEscalations(cityId);
  const off = escalations.error instanceof ApiError && escalations.error.status === 409;
  return (
    <Page title={t('national.title')}>
      {off ? (
        <Alert color="gray" data-testid="national-off">
          {t('national.off')}
        </Alert>
      ) : (
        <Tabs defaultValue="escalations" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="escalations" data-testid="national-tab-escalations">
              {t('national.tabs.escalations')}
            </Tabs.Tab>
            <Tabs.Tab value="reports" data-testid="national-tab-reports">
              {t('national.tabs.reports')}
            </Tabs.Tab>
            <Tabs.Tab value="frameworks" data-testid="national-tab-frameworks">
              {t('national.tabs.frameworks')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="escalations" pt="md">
            <Escalations cityId={cityId} />
          </Tabs.Panel>
          <Tabs.Panel value="reports" pt="md">
            <Reports cityId={cityId} />
          </Tabs.Panel>
          <Tabs.Panel value="frameworks" pt="md">
            <Frameworks cityId={cityId} />
          </Tabs.Panel>
        </Tabs>
      )}
    </Page>
  );
}

// ---------------------------------------------------------------------------------------------
// Escalations

function Escalations({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const list = useEscalations(cityId);
  const [raising, setRaising] = useState(false);
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorAlert error={list.error} />;
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('national.escalations.intro')}
      </Text>
      {can('national.escalations.raise') &&
        (raising ? (
          <RaiseEscalation cityId={cityId} onDone={() => setRaising(false)} />
        ) : (
          <Group>
            <Button onClick={() => setRaising(true)} data-testid="escalation-new">
              {t('national.escalations.new')}
            </Button>
          </Group>
        ))}
      {list.data.items.length === 0 && <Text c="dimmed">{t('national.escalations.empty')}</Text>}
      {list.data.items.map((e) => (
        <EscalationCard key={e.id} cityId={cityId} escalation={e} />
      ))}
    </Stack>
  );
}

function RaiseEscalation({ cityId, onDone }: { cityId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const mappings = useMappings(cityId);
  const [form, setForm] = useState({
    title: '',
    description: '',
    urgency: 'normal' as (typeof escalationUrgencies)[number],
    requestedSupport: '',
    objectiveId: '',
    deadline: '',
  });
  const raise = useMutation({
    mutationFn: () =>
      call(nationalRoutes.raiseEscalation, {
        params: { cityId },
        body: {
          title: form.title,
          description: form.description,
          urgency: form.urgency,
          requestedSupport: form.requestedSupport,
          riskId: null,
          objectiveId: form.objectiveId || null,
          deadline: form.deadline || null,
        },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: nationalKey(cityId) });
      onDone();
    },
  });
  // The personal-data refusal in the reader's language (the server's field message is in English).
  const err = (path: string) =>
    problemErrors(raise.error).some((e) => e.path === `body.${path}` && e.code === 'personal-data')
      ? t('national.escalations.noPersonalData')
      : fieldError(raise.error, path);
  const set = (k: keyof typeof form) => (e: { currentTarget: { value: string } }) =>
    setForm({ ...form, [k]: e.currentTarget.value });
  const shown = ['title', 'description', 'requestedSupport', 'deadline', 'objectiveId'];
  return (
    <Card withBorder>
      <Stack
        gap="sm"
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          raise.mutate();
        }}
      >
        <Title order={2} size="h4">
          {t('national.escalations.new')}
        </Title>
        <Alert color="yellow">{t('national.escalations.noPersonalData')}</Alert>
        <TextInput
          label={t('national.escalations.titleLabel')}
          required
          maxLength={LIMITS.title}
          value={form.title}
          onChange={set('title')}
          error={err('title')}
          data-testid="escalation-title"
        />
        <Textarea
          label={t('national.escalations.description')}
          required
          autosize
          minRows={3}
          maxLength={LIMITS.note}
          value={form.description}
          onChange={set('description')}
          error={err('description')}
          data-testid="escalation-description"
        />
        <Textarea
          label={t('national.escalations.requestedSupport')}
          required
          autosize
          minRows={2}
          maxLength={LIMITS.summary}
          value={form.requestedSupport}
          onChange={set('requestedSupport')}
          error={err('requestedSupport')}
          data-testid="escalation-support"
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NativeSelect
            label={t('national.escalations.urgency')}
            value={form.urgency}
            onChange={set('urgency')}
            data={escalationUrgencies.map((u) => ({ value: u, label: t(`national.urgency.${u}`) }))}
          />
          <NativeSelect
            label={t('national.escalations.objective')}
            value={form.objectiveId}
            onChange={set('objectiveId')}
            error={fieldError(raise.error, 'objectiveId')}
            data={[
              { value: '', label: t('national.escalations.noObjective') },
              ...(mappings.data?.items ?? []).map((o) => ({
                value: o.objectiveId,
                label: [o.code, o.title].filter(Boolean).join(' '),
              })),
            ]}
          />
          <TextInput
            type="date"
            label={t('national.escalations.deadline')}
            description={t('national.escalations.deadlineHint')}
            value={form.deadline}
            onChange={set('deadline')}
            error={fieldError(raise.error, 'deadline')}
          />
        </SimpleGrid>
        <ErrorAlert error={raise.error} shownOnFields={shown} />
        <Group>
          <Button type="submit" loading={raise.isPending} data-testid="escalation-submit">
            {t('national.escalations.raise')}
          </Button>
          <Button variant="subtle" onClick={onDone}>
            {t('national.cancel')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function EscalationCard({ cityId, escalation: e }: { cityId: string; escalation: EscalationView }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const can = useCan();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const step = useMutation({
    mutationFn: (kind: 'acknowledge' | 'respond' | 'close') => {
      const params = { cityId, escalationId: e.id };
      if (kind === 'acknowledge') return call(nationalRoutes.acknowledgeEscalation, { params });
      if (kind === 'respond')
        return call(nationalRoutes.respondEscalation, { params, body: { response: text } });
      return call(nationalRoutes.closeEscalation, { params, body: { outcome: text } });
    },
    onSuccess: async () => {
      setText('');
      await queryClient.invalidateQueries({ queryKey: nationalKey(cityId) });
    },
  });
  const awaiting = e.status === 'open' || e.status === 'acknowledged';
  const mayRespond = can('national.escalations.respond') && awaiting;
  const mayClose = can('national.escalations.close') && e.status !== 'closed';
  return (
    <Card withBorder data-testid="escalation">
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h5">
            #{e.number} <UserText>{e.title}</UserText>
          </Title>
          <Group gap={6}>
            <Badge color={escalationColor[e.status]} variant="light">
              {t(`national.escalationStatus.${e.status}`)}
            </Badge>
            <Badge color="gray" variant="outline">
              {t(`national.urgency.${e.urgency}`)}
            </Badge>
            {e.overdue && (
              <Badge color="red" data-testid="escalation-overdue">
                {t('national.escalations.overdue')}
              </Badge>
            )}
          </Group>
        </Group>
        <Text size="xs" c="dimmed">
          {t('national.escalations.raisedOn', { date: fmt.date(e.raisedAt) })} ·{' '}
          {t('national.escalations.dueOn', { date: fmt.date(e.dueOn) })}
          {e.objectiveTitle && (
            <>
              {' · '}
              {t('national.escalations.objective')}: <bdi>{e.objectiveTitle}</bdi>
            </>
          )}
          {e.riskTitle && (
            <>
              {' · '}
              {t('national.escalations.risk')}: <bdi>{e.riskTitle}</bdi>
            </>
          )}
        </Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          <UserText>{e.description}</UserText>
        </Text>
        <Text size="sm">
          <strong>{t('national.escalations.requestedSupport')}:</strong>{' '}
          <UserText>{e.requestedSupport}</UserText>
        </Text>
        {e.response && (
          <Alert color="teal" title={t('national.escalations.response')} data-testid="escalation-response">
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              <UserText>{e.response}</UserText>
            </Text>
            {e.respondedAt && (
              <Text size="xs" c="dimmed">
                {fmt.date(e.respondedAt)}
              </Text>
            )}
          </Alert>
        )}
        {e.outcome && (
          <Text size="sm">
            <strong>{t('national.escalations.outcome')}:</strong> <UserText>{e.outcome}</UserText>
          </Text>
        )}
        {(mayRespond || mayClose) && (
          <Stack gap="xs">
            <Textarea
              label={mayRespond ? t('national.escalations.response') : t('national.escalations.outcome')}
              autosize
              minRows={2}
              maxLength={mayRespond ? LIMITS.note : LIMITS.shortNote}
              value={text}
              onChange={(ev) => setText(ev.currentTarget.value)}
              data-testid="escalation-text"
            />
            <Group>
              {mayRespond && e.status === 'open' && (
                <Button variant="light" onClick={() => step.mutate('acknowledge')} loading={step.isPending}>
                  {t('national.escalations.acknowledge')}
                </Button>
              )}
              {mayRespond && (
                <Button
                  onClick={() => step.mutate('respond')}
                  disabled={!text.trim()}
                  loading={step.isPending}
                  data-testid="escalation-respond"
                >
                  {t('national.escalations.respond')}
                </Button>
              )}
              {mayClose && (
                <Button
                  variant="light"
                  onClick={() => step.mutate('close')}
                  disabled={!text.trim()}
                  loading={step.isPending}
                >
                  {t('national.escalations.close')}
                </Button>
              )}
            </Group>
            <ErrorAlert error={step.error} />
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

// ---------------------------------------------------------------------------------------------
// Reports

function Reports({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const can = useCan();
  const queryClient = useQueryClient();
  const list = useReports(cityId);
  const [chosen, setChosen] = useState('');
  const [kind, setKind] = useState<'quarterly' | 'annual'>('quarterly');
  const now = new Date();
  const [period, setPeriod] = useState(`${now.getFullYear()}-Q${Math.floor(now.getMonth() / 3) + 1}`);
  const create = useMutation({
    mutationFn: () => call(nationalRoutes.createReport, { params: { cityId }, body: { kind, period } }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: nationalKey(cityId) });
      setChosen(r.id);
    },
  });
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorAlert error={list.error} />;
  const items = list.data.items;
  const current = chosen || items[0]?.id || '';
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('national.reports.intro')}
      </Text>
      {can('national.reports.draft') && (
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t('national.reports.kind')}
            value={kind}
            onChange={(e) => {
              const k = e.currentTarget.value as 'quarterly' | 'annual';
              setKind(k);
              setPeriod(k === 'annual' ? period.slice(0, 4) : `${period.slice(0, 4)}-Q1`);
            }}
            data={[
              { value: 'quarterly', label: t('national.reports.quarterly') },
              { value: 'annual', label: t('national.reports.annual') },
            ]}
          />
          <TextInput
            label={t('national.reports.period')}
            description={t('national.reports.periodHint')}
            value={period}
            maxLength={7}
            onChange={(e) => setPeriod(e.currentTarget.value)}
            error={fieldError(create.error, 'period')}
            data-testid="report-period"
          />
          <Button onClick={() => create.mutate()} loading={create.isPending} data-testid="report-new">
            {t('national.reports.new')}
          </Button>
        </Group>
      )}
      <ErrorAlert error={create.error} shownOnFields={['period']} />
      {items.length === 0 ? (
        <Text c="dimmed">{t('national.reports.empty')}</Text>
      ) : (
        <ScrollTable label={t('national.tabs.reports')} minWidth={560}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('national.reports.period')}</Table.Th>
                <Table.Th>{t('national.reports.version')}</Table.Th>
                <Table.Th>{t('national.reports.status')}</Table.Th>
                <Table.Th>{t('national.reports.submittedOn')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id} data-testid="report-row">
                  <Table.Td>
                    {r.period} · {t(`national.reports.${r.kind}`)}
                  </Table.Td>
                  <Table.Td>v{r.version}</Table.Td>
                  <Table.Td>
                    <Badge color={reportColor[r.status]} variant="light">
                      {t(`national.reportStatus.${r.status}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{r.submittedAt ? fmt.date(r.submittedAt) : '–'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant={r.id === current ? 'filled' : 'light'}
                      onClick={() => setChosen(r.id)}
                      aria-pressed={r.id === current}
                    >
                      {t('national.reports.show')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {current && <Report key={current} cityId={cityId} reportId={current} onRevised={setChosen} />}
    </Stack>
  );
}

const narrativeFields = ['summary', 'achievements', 'challenges', 'supportNeeded'] as const;

function Report({
  cityId,
  reportId,
  onRevised,
}: {
  cityId: string;
  reportId: string;
  onRevised: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const can = useCan();
  const queryClient = useQueryClient();
  const report = useReport(cityId, reportId);
  const [narrative, setNarrative] = useState<Record<string, string> | null>(null);
  const [comment, setComment] = useState('');
  const invalidate = () => queryClient.invalidateQueries({ queryKey: nationalKey(cityId) });
  const params = { cityId, reportId };
  const save = useMutation({
    mutationFn: () => call(nationalRoutes.updateReport, { params, body: narrative ?? {} }),
    onSuccess: async () => {
      setNarrative(null);
      await invalidate();
    },
  });
  const submit = useMutation({
    mutationFn: () => call(nationalRoutes.submitReport, { params }),
    onSuccess: invalidate,
  });
  const review = useMutation({
    mutationFn: (decision: 'acknowledge' | 'return') =>
      call(nationalRoutes.reviewReport, { params, body: { decision, comment } }),
    onSuccess: invalidate,
  });
  const revise = useMutation({
    mutationFn: () => call(nationalRoutes.reviseReport, { params }),
    onSuccess: async (r) => {
      await invalidate();
      onRevised(r.id);
    },
  });
  if (report.isPending) return <Loading />;
  if (report.error) return <ErrorAlert error={report.error} />;
  const r: ReportDetail = report.data;
  const editable = r.status === 'draft' && can('national.reports.draft');
  const values = narrative ?? r.narrative;
  return (
    <Card withBorder data-testid="report">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap">
          <Title order={2} size="h4">
            {t('national.reports.heading', { period: r.period, version: r.version })}
          </Title>
          <Group gap={6}>
            <Badge color={reportColor[r.status]} variant="light" data-testid="report-status">
              {t(`national.reportStatus.${r.status}`)}
            </Badge>
            {r.frozen && (
              <Badge color={r.hashVerified ? 'green' : 'red'} variant="outline" data-testid="report-hash">
                {r.hashVerified ? t('national.reports.hashOk') : t('national.reports.hashBroken')}
              </Badge>
            )}
          </Group>
        </Group>
        <Text size="xs" c="dimmed">
          {r.frozen
            ? t('national.reports.frozen', { date: fmt.dateTime(r.content.generatedAt) })
            : t('national.reports.live')}
          {r.contentHash && (
            <>
              {' · '}
              SHA-256 <code style={{ wordBreak: 'break-all' }}>{r.contentHash}</code>
            </>
          )}
        </Text>
        {r.reviewComment && (
          <Alert color={r.status === 'returned' ? 'orange' : 'teal'} title={t('national.reports.comment')}>
            <UserText>{r.reviewComment}</UserText>
          </Alert>
        )}
        <Stack gap="xs">
          {narrativeFields.map((f) =>
            editable ? (
              <Textarea
                key={f}
                label={t(`national.narrative.${f}`)}
                autosize
                minRows={2}
                maxLength={LIMITS.longText}
                value={values[f]}
                onChange={(e) => setNarrative({ ...values, [f]: e.currentTarget.value })}
              />
            ) : (
              values[f] && (
                <Stack key={f} gap={2}>
                  <Text fw={600} size="sm">
                    {t(`national.narrative.${f}`)}
                  </Text>
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    <UserText>{values[f]}</UserText>
                  </Text>
                </Stack>
              )
            ),
          )}
        </Stack>
        {r.previousId && <ReportDiff cityId={cityId} reportId={reportId} />}
        <ReportFigures report={r} language={i18n.language} />
        <Group wrap="wrap">
          {editable && (
            <Button
              variant="light"
              disabled={!narrative}
              onClick={() => save.mutate()}
              loading={save.isPending}
            >
              {t('national.reports.save')}
            </Button>
          )}
          {r.status === 'draft' && can('national.reports.submit') && (
            <Button
              onClick={() => submit.mutate()}
              disabled={Boolean(narrative)}
              loading={submit.isPending}
              data-testid="report-submit"
            >
              {t('national.reports.submit')}
            </Button>
          )}
          <Button
            component="a"
            variant="default"
            download
            href={routePath(
              nationalRoutes.exportReportPdf.path,
              { cityId, reportId },
              { lang: i18n.language },
            )}
            data-testid="report-pdf"
          >
            {t('national.reports.pdf')}
          </Button>
          {r.status === 'returned' && can('national.reports.draft') && (
            <Button onClick={() => revise.mutate()} loading={revise.isPending} data-testid="report-revise">
              {t('national.reports.revise')}
            </Button>
          )}
        </Group>
        {r.status === 'submitted' && can('national.reports.review') && (
          <Stack gap="xs">
            <Textarea
              label={t('national.reports.comment')}
              autosize
              minRows={2}
              maxLength={LIMITS.note}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              error={fieldError(review.error, 'comment')}
            />
            <Group>
              <Button
                onClick={() => review.mutate('acknowledge')}
                loading={review.isPending}
                data-testid="report-acknowledge"
              >
                {t('national.reports.acknowledge')}
              </Button>
              <Button
                variant="light"
                color="orange"
                onClick={() => review.mutate('return')}
                loading={review.isPending}
              >
                {t('national.reports.return')}
              </Button>
            </Group>
          </Stack>
        )}
        <ErrorAlert
          error={save.error ?? submit.error ?? review.error ?? revise.error}
          shownOnFields={['comment']}
        />
      </Stack>
    </Card>
  );
}

const narrativeKeys: readonly string[] = narrativeFields;

/** What changed since the version this one revises: narrative sections and figures, labelled. */
function ReportDiff({ cityId, reportId }: { cityId: string; reportId: string }) {
  const { t } = useTranslation();
  const diff = useReportDiff(cityId, reportId, true);
  if (diff.isPending) return <Loading />;
  if (diff.error) return <ErrorAlert error={diff.error} />;
  const part = (key: string) => {
    const field: Record<string, string> = {
      progress: t('national.diff.progress'),
      overdueActions: t('national.diff.overdueActions'),
      goals: t('national.diff.goals'),
      target: t('national.diff.target'),
      actual: t('national.diff.actual'),
    };
    const p = key.split('.');
    if (p[0] === 'plan' && p[1] === 'progress') return t('national.diff.planProgress');
    if (p[0] === 'plan') return `${p[2]} · ${field[p[3]] ?? p[3]}`;
    if (p[0] === 'indicators') return `${p.slice(1, -1).join('.')} · ${field[p.at(-1)!] ?? ''}`;
    if (p[0] === 'activities' && p[1] === 'sessionsHeld') return t('national.diff.sessionsHeld');
    if (p[0] === 'activities') return t('national.diff.attendanceTotal');
    if (p[0] === 'escalations')
      return t(`national.diff.${p[1] === 'raised' ? 'raised' : p[1] === 'answered' ? 'answered' : 'open'}`);
    if (p[1] === 'total') return t('national.diff.casesTotal');
    return t(`national.caseCategory.${p[1]}`);
  };
  const value = (v: string | null) => (v === 'withheld' ? t('national.reports.withheld') : v || '–');
  const label = (e: { kind: string; key: string }) =>
    e.kind === 'narrative' && narrativeKeys.includes(e.key) ? t(`national.narrative.${e.key}`) : part(e.key);
  return (
    <Stack gap="xs" data-testid="report-diff">
      <Title order={3} size="h5">
        {t('national.diff.title', { version: diff.data.previousVersion ?? '' })}
      </Title>
      {diff.data.entries.length === 0 ? (
        <Text c="dimmed">{t('national.diff.none')}</Text>
      ) : (
        <ScrollTable label={t('national.diff.what')} minWidth={480}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('national.diff.what')}</Table.Th>
                <Table.Th>{t('national.diff.before')}</Table.Th>
                <Table.Th>{t('national.diff.after')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {diff.data.entries.map((e) => (
                <Table.Tr key={`${e.kind}:${e.key}`}>
                  <Table.Td>
                    <bdi>{label(e)}</bdi>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>
                    <UserText>{value(e.before)}</UserText>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>
                    <UserText>{value(e.after)}</UserText>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}

const percent = (p: { percent: number | null }) => (p.percent === null ? '–' : `${p.percent} %`);

function ReportFigures({ report: r, language }: { report: ReportDetail; language: string }) {
  const { t } = useTranslation();
  const c = r.content;
  const shown = (v: { value: number | null; suppressed: boolean }) =>
    v.suppressed ? t('national.reports.withheld') : v.value === null ? '–' : String(v.value);
  return (
    <Stack gap="md">
      <Title order={3} size="h5">
        {t('national.reports.plan')}
      </Title>
      {c.plan ? (
        <>
          <Text size="sm">
            <bdi>{c.plan.title}</bdi> · v{c.plan.version} · {t('national.reports.progress')}:{' '}
            {percent(c.plan.progress)}
          </Text>
          <ScrollTable label={t('national.reports.plan')} minWidth={560}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('national.reports.objective')}</Table.Th>
                  <Table.Th>{t('national.reports.goals')}</Table.Th>
                  <Table.Th>{t('national.reports.progress')}</Table.Th>
                  <Table.Th>{t('national.reports.overdueActions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.plan.objectives.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <bdi>{[o.code, o.title].filter(Boolean).join(' ')}</bdi>
                    </Table.Td>
                    <Table.Td>
                      {o.goals.length
                        ? o.goals.map((g) => (
                            <Text key={g.code} size="xs">
                              <bdi>
                                {g.code} {g.name}
                              </bdi>
                            </Text>
                          ))
                        : '–'}
                    </Table.Td>
                    <Table.Td>{percent(o.progress)}</Table.Td>
                    <Table.Td>{o.overdueActions}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </>
      ) : (
        <Text c="dimmed">{t('national.reports.noPlan')}</Text>
      )}
      <Title order={3} size="h5">
        {t('national.reports.indicators')}
      </Title>
      {c.indicators.length === 0 ? (
        <Text c="dimmed">{t('national.reports.noIndicators')}</Text>
      ) : (
        <ScrollTable label={t('national.reports.indicators')} minWidth={560}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('national.reports.indicator')}</Table.Th>
                <Table.Th>{t('national.reports.target')}</Table.Th>
                <Table.Th>{t('national.reports.actual')}</Table.Th>
                <Table.Th>{t('national.reports.progress')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.indicators.map((i) => (
                <Table.Tr key={i.code}>
                  <Table.Td>
                    <bdi>
                      {i.code} {nameIn(i.names, language)}
                    </bdi>
                    {i.period && (
                      <Text size="xs" c="dimmed">
                        {i.period}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{i.target ?? '–'}</Table.Td>
                  <Table.Td>{shown(i.actual)}</Table.Td>
                  <Table.Td>{percent(i.progress)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <Title order={3} size="h5">
        {t('national.reports.activities')}
      </Title>
      <Text size="sm" data-testid="report-activities">
        {t('national.reports.sessions', { n: c.activities.sessionsHeld })} ·{' '}
        {t('national.reports.attendance')}: {shown(c.activities.attendanceTotal)}
      </Text>
      <Text size="xs" c="dimmed">
        {t('national.reports.suppressionNote')}
      </Text>
      {c.cases && (
        <>
          <Title order={3} size="h5">
            {t('national.reports.cases')}
          </Title>
          <Text size="sm" data-testid="report-cases">
            {t('national.reports.casesTotal')}: {shown(c.cases.total)}
            {c.cases.byCategory
              .map((cat) => ` · ${t(`national.caseCategory.${cat.key}`)}: ${shown(cat)}`)
              .join('')}
          </Text>
        </>
      )}
      <Text size="sm">
        {t('national.reports.escalationCounts', {
          raised: c.escalations.raised,
          answered: c.escalations.answered,
          open: c.escalations.open,
        })}
      </Text>
    </Stack>
  );
}

// ---------------------------------------------------------------------------------------------
// Frameworks and the mapping of objectives

function Frameworks({ cityId }: { cityId: string }) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const frameworks = useFrameworks(cityId);
  const [editing, setEditing] = useState<FrameworkView | 'new' | null>(null);
  if (frameworks.isPending) return <Loading />;
  if (frameworks.error) return <ErrorAlert error={frameworks.error} />;
  const items = frameworks.data.items;
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {t('national.frameworks.intro')}
      </Text>
      {can('national.frameworks.manage') && frameworks.data.country && editing === null && (
        <Group>
          <Button onClick={() => setEditing('new')} data-testid="framework-new">
            {t('national.frameworks.new')}
          </Button>
        </Group>
      )}
      {editing !== null && (
        <FrameworkForm
          cityId={cityId}
          framework={editing === 'new' ? null : editing}
          onDone={() => setEditing(null)}
        />
      )}
      {items.length === 0 && <Text c="dimmed">{t('national.frameworks.empty')}</Text>}
      {items.map((f) => (
        <Card withBorder key={f.id} data-testid="framework">
          <Stack gap="xs">
            <Group justify="space-between" wrap="wrap">
              <Title order={2} size="h5">
                <bdi>{nameIn(f.names, i18n.language)}</bdi>
              </Title>
              <Group gap={6}>
                <Badge variant="light">{t(`national.frameworkKind.${f.kind}`)}</Badge>
                <Badge variant="outline" color="gray">
                  {f.country ? <bdi>{f.country}</bdi> : t('national.frameworks.allCities')} · v{f.version}
                </Badge>
                {f.editable && editing === null && (
                  <Button size="xs" variant="light" onClick={() => setEditing(f)}>
                    {t('national.frameworks.edit')}
                  </Button>
                )}
              </Group>
            </Group>
            {f.description && (
              <Text size="sm">
                <UserText>{f.description}</UserText>
              </Text>
            )}
            <Stack gap={2} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
              {f.goals.map((g) => (
                <Text key={g.id} size="sm" component="li">
                  <strong>{g.code}</strong> <bdi>{nameIn(g.names, i18n.language)}</bdi>
                </Text>
              ))}
            </Stack>
          </Stack>
        </Card>
      ))}
      <Mapping cityId={cityId} frameworks={items} />
    </Stack>
  );
}

/** Goals as lines "CODE | name" in the UI language; a goal keeps its id while its code stays. */
function FrameworkForm({
  cityId,
  framework,
  onDone,
}: {
  cityId: string;
  framework: FrameworkView | null;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const lang = i18n.language;
  const [name, setName] = useState(framework ? nameIn(framework.names, lang) : '');
  const [kind, setKind] = useState<(typeof frameworkKinds)[number]>(framework?.kind ?? 'strategy');
  const [description, setDescription] = useState(framework?.description ?? '');
  const [goals, setGoals] = useState(
    (framework?.goals ?? []).map((g) => `${g.code} | ${nameIn(g.names, lang)}`).join('\n'),
  );
  const save = useMutation({
    mutationFn: () => {
      const body = {
        kind,
        names: { ...framework?.names, [lang]: name },
        description,
        goals: goals
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean)
          .map((line) => {
            const [code, ...rest] = line.split('|');
            const before = framework?.goals.find((g) => g.code === code.trim());
            return {
              ...(before ? { id: before.id } : {}),
              code: code.trim(),
              names: { ...before?.names, [lang]: rest.join('|').trim() || code.trim() },
            };
          }),
      };
      return framework
        ? call(nationalRoutes.reviseFramework, { params: { cityId, frameworkId: framework.id }, body })
        : call(nationalRoutes.createFramework, { params: { cityId }, body });
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: nationalKey(cityId) });
      onDone();
    },
  });
  return (
    <Card withBorder>
      <Stack
        gap="sm"
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <TextInput
          label={t('national.frameworks.name')}
          required
          maxLength={LIMITS.title}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-testid="framework-name"
        />
        <NativeSelect
          label={t('national.frameworks.kind')}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as (typeof frameworkKinds)[number])}
          data={frameworkKinds.map((k) => ({ value: k, label: t(`national.frameworkKind.${k}`) }))}
        />
        <Textarea
          label={t('national.frameworks.description')}
          autosize
          minRows={2}
          maxLength={LIMITS.summary}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
        <Textarea
          label={t('national.frameworks.goals')}
          description={t('national.frameworks.goalsHint')}
          autosize
          minRows={4}
          value={goals}
          onChange={(e) => setGoals(e.currentTarget.value)}
          data-testid="framework-goals"
        />
        <ErrorAlert error={save.error} />
        <Group>
          <Button type="submit" loading={save.isPending} data-testid="framework-save">
            {framework ? t('national.frameworks.publish') : t('national.frameworks.create')}
          </Button>
          <Button variant="subtle" onClick={onDone}>
            {t('national.cancel')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

function Mapping({ cityId, frameworks }: { cityId: string; frameworks: FrameworkView[] }) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const mappings = useMappings(cityId);
  const [draft, setDraft] = useState<Record<string, string[]>>({});
  const save = useMutation({
    mutationFn: (objectiveId: string) =>
      call(nationalRoutes.mapObjective, {
        params: { cityId, objectiveId },
        body: { goalIds: draft[objectiveId] ?? [] },
      }),
    onSuccess: async (_r, objectiveId) => {
      const { [objectiveId]: _done, ...rest } = draft;
      setDraft(rest);
      await queryClient.invalidateQueries({ queryKey: [...nationalKey(cityId), 'mapping'] });
    },
  });
  const editable = can('national.mapping.edit');
  const options = frameworks.map((f) => ({
    group: nameIn(f.names, i18n.language),
    items: f.goals.map((g) => ({ value: g.id, label: `${g.code} ${nameIn(g.names, i18n.language)}` })),
  }));
  const label = new Map(options.flatMap((o) => o.items.map((i) => [i.value, i.label] as const)));
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('national.mapping.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('national.mapping.intro')}
      </Text>
      {mappings.isPending && <Loading />}
      <ErrorAlert error={mappings.error} />
      {mappings.data?.items.length === 0 && <Text c="dimmed">{t('national.mapping.noPlan')}</Text>}
      {mappings.data?.items.map((o) => (
        <Card withBorder key={o.objectiveId} data-testid="mapping">
          <Stack gap="xs">
            <Text fw={600}>
              <bdi>{[o.code, o.title].filter(Boolean).join(' ')}</bdi>
            </Text>
            {editable ? (
              <Group align="flex-end" wrap="wrap">
                <MultiSelect
                  label={t('national.mapping.goals')}
                  data={options}
                  value={draft[o.objectiveId] ?? o.goalIds}
                  onChange={(v) => setDraft({ ...draft, [o.objectiveId]: v })}
                  searchable
                  style={{ flex: 1, minWidth: 240 }}
                />
                <Button
                  variant="light"
                  disabled={!draft[o.objectiveId]}
                  onClick={() => save.mutate(o.objectiveId)}
                  loading={save.isPending && save.variables === o.objectiveId}
                >
                  {t('national.mapping.save')}
                </Button>
              </Group>
            ) : (
              <Text size="sm">
                {o.goalIds.length
                  ? o.goalIds.map((id) => label.get(id)).join(' · ')
                  : t('national.mapping.none')}
              </Text>
            )}
            {o.removedGoalIds.length > 0 && (
              <Text size="xs" c="orange.9">
                {t('national.mapping.removed', { n: o.removedGoalIds.length })}
              </Text>
            )}
          </Stack>
        </Card>
      ))}
      <ErrorAlert error={save.error} />
    </Stack>
  );
}
