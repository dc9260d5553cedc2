import {
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  actionPlanRoutes,
  activitiesRoutes,
  sessionAgeBands,
  sessionSexes,
  LIMITS,
  sessionTypes,
  type ActivitySummary,
  type SessionType,
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
import { AttendanceChart } from './AttendanceChart';

const key = (cityId: string) => ['activities', cityId] as const;
const emptyGrid = () => sessionSexes.map(() => sessionAgeBands.map(() => 0));

/** Delivered sessions: record one (phone-friendly), see the latest, and what they add up to. */
export function ActivitiesPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const recorder = can('activities.record-any') || can('activities.record-own');
  const reader = can('activities.read') || can('activities.record-own');
  const summary = can('activities.summary');
  const first = recorder ? 'record' : summary ? 'summary' : 'sessions';
  return (
    <Page title={t('activities.title')}>
      <Tabs defaultValue={first} keepMounted={false}>
        <Tabs.List>
          {recorder && (
            <Tabs.Tab value="record" data-testid="activities-tab-record">
              {t('activities.tabs.record')}
            </Tabs.Tab>
          )}
          {reader && (
            <Tabs.Tab value="sessions" data-testid="activities-tab-sessions">
              {t('activities.tabs.sessions')}
            </Tabs.Tab>
          )}
          {summary && (
            <Tabs.Tab value="summary" data-testid="activities-tab-summary">
              {t('activities.tabs.summary')}
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="record" pt="md">
          <RecordSession cityId={cityId} />
        </Tabs.Panel>
        <Tabs.Panel value="sessions" pt="md">
          <Sessions cityId={cityId} />
        </Tabs.Panel>
        <Tabs.Panel value="summary" pt="md">
          <Summary cityId={cityId} />
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}

/** The actions a person may record for: the adopted plan's (readers), else their organisation's. */
function useRecordableActions(cityId: string) {
  const can = useCan();
  const readPlan = can('action-plan.read');
  return useQuery({
    queryKey: ['action-plan', cityId, 'recordable', readPlan],
    queryFn: async ({ signal }) => {
      if (!readPlan) {
        const mine = await call(actionPlanRoutes.myActions, { params: { cityId }, signal });
        return mine.items.map((a) => ({ id: a.id, title: a.code ? `${a.code} ${a.title}` : a.title }));
      }
      const versions = await call(actionPlanRoutes.listPlanVersions, { params: { cityId }, signal });
      const adopted = versions.items.find((v) => v.status === 'adopted');
      if (!adopted) return [];
      const plan = await call(actionPlanRoutes.getPlanVersion, {
        params: { cityId, versionId: adopted.id },
        signal,
      });
      return plan.actions
        .filter((a) => a.state.status !== 'cancelled')
        .map((a) => ({ id: a.id, title: a.code ? `${a.code} ${a.title}` : a.title }));
    },
    retry: false,
  });
}

function RecordSession({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const limit = useLimit();
  const queryClient = useQueryClient();
  const actions = useRecordableActions(cityId);
  const today = new Date().toISOString().slice(0, 10);
  const [actionId, setActionId] = useState('');
  const [heldOn, setHeldOn] = useState(today);
  const [type, setType] = useState<SessionType>('training');
  const [customType, setCustomType] = useState('');
  const [facilitators, setFacilitators] = useState('');
  const [grid, setGrid] = useState(emptyGrid);
  const [tests, setTests] = useState({ participants: 0, preMean: 0, postMean: 0 });
  const [notes, setNotes] = useState('');
  const [saved, setSaved] = useState(false);
  const chosen = actionId || actions.data?.[0]?.id || '';
  const total = grid.flat().reduce((s, v) => s + v, 0);
  const record = useMutation({
    mutationFn: () =>
      call(activitiesRoutes.createSession, {
        params: { cityId },
        body: {
          actionId: chosen,
          heldOn,
          neighbourhoodId: null,
          type,
          customType: type === 'custom' ? customType.trim() : '',
          facilitators: facilitators
            .split(',')
            .map((f) => f.trim())
            .filter(Boolean),
          attendance: grid,
          testScores: type === 'training' && tests.participants > 0 ? tests : null,
          notes: notes.trim(),
        },
      }),
    onSuccess: async () => {
      setGrid(emptyGrid());
      setTests({ participants: 0, preMean: 0, postMean: 0 });
      setNotes('');
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: key(cityId) });
    },
  });
  if (actions.isPending) return <Loading />;
  if (actions.error) return <ErrorAlert error={actions.error} />;
  if (!actions.data.length) return <Text c="dimmed">{t('activities.noActions')}</Text>;
  const err = (path: string) => fieldError(record.error, path);
  return (
    <Card withBorder padding="md" maw={640}>
      <Stack
        gap="sm"
        component="form"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          record.mutate();
        }}
      >
        <NativeSelect
          label={t('activities.fields.action')}
          value={chosen}
          onChange={(e) => setActionId(e.currentTarget.value)}
          data={actions.data.map((a) => ({ value: a.id, label: a.title }))}
          error={err('actionId')}
          data-testid="session-action"
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            type="date"
            label={t('activities.fields.heldOn')}
            value={heldOn}
            max={today}
            onChange={(e) => setHeldOn(e.currentTarget.value)}
            error={err('heldOn')}
            data-testid="session-date"
          />
          <NativeSelect
            label={t('activities.fields.type')}
            value={type}
            onChange={(e) => setType(e.currentTarget.value as SessionType)}
            data={sessionTypes.map((s) => ({ value: s, label: t(`activities.types.${s}`) }))}
            data-testid="session-type"
          />
        </SimpleGrid>
        {type === 'custom' && (
          <TextInput
            label={t('activities.fields.customType')}
            value={customType}
            onChange={(e) => setCustomType(e.currentTarget.value)}
            {...limit(LIMITS.label, customType)}
            error={err('customType')}
          />
        )}
        <TextInput
          label={t('activities.fields.facilitators')}
          description={t('activities.fields.facilitatorsHelp')}
          value={facilitators}
          onChange={(e) => setFacilitators(e.currentTarget.value)}
        />
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend>
            <Text fw={600} size="sm">
              {t('activities.fields.attendance', { total })}
            </Text>
          </legend>
          <Text size="xs" c="dimmed" mb={4}>
            {t('activities.fields.attendanceHelp')}
          </Text>
          <Stack gap={6}>
            {sessionSexes.map((sex, s) => (
              <div key={sex}>
                <Text size="sm">{t(`activities.sexes.${sex}`)}</Text>
                <SimpleGrid cols={{ base: 3, sm: 6 }} spacing={6}>
                  {sessionAgeBands.map((band, b) => (
                    <NumberInput
                      key={band}
                      size="xs"
                      min={0}
                      max={10000}
                      allowDecimal={false}
                      label={t(`activities.ageBands.${band}`)}
                      aria-label={`${t(`activities.sexes.${sex}`)}, ${t(`activities.ageBands.${band}`)}`}
                      value={grid[s][b]}
                      onChange={(v) => {
                        const next = grid.map((row) => [...row]);
                        next[s][b] = Math.max(0, Math.floor(Number(v) || 0));
                        setGrid(next);
                      }}
                      error={err(`attendance.${s}.${b}`)}
                      data-testid={`attendance-${sex}-${band}`}
                    />
                  ))}
                </SimpleGrid>
              </div>
            ))}
          </Stack>
        </fieldset>
        {type === 'training' && (
          <SimpleGrid cols={{ base: 1, xs: 3 }}>
            <NumberInput
              label={t('activities.fields.testParticipants')}
              min={0}
              allowDecimal={false}
              value={tests.participants}
              onChange={(v) => setTests({ ...tests, participants: Number(v) || 0 })}
              error={err('testScores.participants')}
            />
            <NumberInput
              label={t('activities.fields.preMean')}
              min={0}
              max={100}
              value={tests.preMean}
              onChange={(v) => setTests({ ...tests, preMean: Number(v) || 0 })}
              error={err('testScores.preMean')}
            />
            <NumberInput
              label={t('activities.fields.postMean')}
              min={0}
              max={100}
              value={tests.postMean}
              onChange={(v) => setTests({ ...tests, postMean: Number(v) || 0 })}
              error={err('testScores.postMean')}
            />
          </SimpleGrid>
        )}
        <Textarea
          label={t('activities.fields.notes')}
          autosize
          minRows={2}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          {...limit(LIMITS.shortNote, notes)}
        />
        <ErrorAlert
          error={record.error}
          shownOnFields={[
            'actionId',
            'heldOn',
            'customType',
            'testScores.participants',
            'testScores.preMean',
            'testScores.postMean',
          ]}
        />
        {saved && (
          <Text c="teal" role="status" data-testid="session-saved">
            {t('activities.saved')}
          </Text>
        )}
        <Button
          type="submit"
          loading={record.isPending}
          disabled={!chosen || total === 0}
          data-testid="session-submit"
        >
          {t('activities.submit')}
        </Button>
      </Stack>
    </Card>
  );
}

function Sessions({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const list = useQuery({
    queryKey: [...key(cityId), 'list'],
    queryFn: ({ signal }) =>
      call(activitiesRoutes.listSessions, { params: { cityId }, query: { limit: 50 }, signal }),
    retry: false,
  });
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorAlert error={list.error} />;
  if (!list.data.items.length) return <Text c="dimmed">{t('activities.none')}</Text>;
  return (
    <ScrollTable label={t('activities.tabs.sessions')} minWidth={560}>
      <Table striped data-testid="sessions-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('activities.fields.heldOn')}</Table.Th>
            <Table.Th scope="col">{t('activities.fields.action')}</Table.Th>
            <Table.Th scope="col">{t('activities.fields.type')}</Table.Th>
            <Table.Th scope="col" style={{ textAlign: 'end' }}>
              {t('activities.attendees')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.items.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{fmt.date(s.heldOn)}</Table.Td>
              <Table.Td>
                <UserText>{s.actionTitle}</UserText>
              </Table.Td>
              <Table.Td>
                <Badge variant="light">
                  {s.type === 'custom' && s.customType ? s.customType : t(`activities.types.${s.type}`)}
                </Badge>
              </Table.Td>
              <Table.Td style={{ textAlign: 'end' }}>{fmt.number(s.total)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function Summary({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const summary = useQuery({
    queryKey: [...key(cityId), 'summary'],
    queryFn: ({ signal }) =>
      call(activitiesRoutes.activitySummary, { params: { cityId }, query: {}, signal }),
    retry: false,
  });
  if (summary.isPending) return <Loading />;
  if (summary.error) return <ErrorAlert error={summary.error} />;
  const s: ActivitySummary = summary.data;
  const cell = (c: { value: number | null; suppressed: boolean }) =>
    c.suppressed ? (
      <span title={t('activities.withheldHelp')}>{t('activities.withheld')}</span>
    ) : (
      fmt.number(c.value ?? 0)
    );
  return (
    <Stack gap="lg" data-testid="activities-summary">
      <Group gap="xl">
        <Stack gap={0}>
          <Text size="xl" fw={700} data-testid="sessions-held">
            {fmt.number(s.sessionsHeld)}
          </Text>
          <Text size="sm" c="dimmed">
            {t('activities.sessionsHeld')}
          </Text>
        </Stack>
        <Stack gap={0}>
          <Text size="xl" fw={700} data-testid="people-reached">
            {s.attendance.total.suppressed
              ? t('activities.withheld')
              : fmt.number(s.attendance.total.value ?? 0)}
          </Text>
          <Text size="sm" c="dimmed">
            {t('activities.attendances')}
          </Text>
        </Stack>
        {s.tests.preMean !== null && s.tests.postMean !== null && (
          <Stack gap={0}>
            <Text size="xl" fw={700}>
              {fmt.number(s.tests.preMean)} → {fmt.number(s.tests.postMean)}
            </Text>
            <Text size="sm" c="dimmed">
              {t('activities.testScores', { sessions: s.tests.sessions })}
            </Text>
          </Stack>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {t('activities.summaryHelp')}
      </Text>
      <AttendanceChart summary={s} />
      <ScrollTable label={t('activities.table.caption')} minWidth={640}>
        <Table withTableBorder data-testid="attendance-table">
          <Table.Caption style={{ captionSide: 'top', textAlign: 'start', fontWeight: 600 }}>
            {t('activities.table.caption')}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('activities.table.sex')}</Table.Th>
              {s.attendance.ageBands.map((b) => (
                <Table.Th key={b} scope="col" style={{ textAlign: 'end' }}>
                  {t(`activities.ageBands.${b}`)}
                </Table.Th>
              ))}
              <Table.Th scope="col" style={{ textAlign: 'end' }}>
                {t('activities.table.total')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.attendance.sexes.map((sex, r) => (
              <Table.Tr key={sex}>
                <Table.Th scope="row" fw={400}>
                  {t(`activities.sexes.${sex}`)}
                </Table.Th>
                {s.attendance.cells[r].map((c, i) => (
                  <Table.Td key={i} style={{ textAlign: 'end' }}>
                    {cell(c)}
                  </Table.Td>
                ))}
                <Table.Td style={{ textAlign: 'end', fontWeight: 600 }}>
                  {cell(s.attendance.rowTotals[r])}
                </Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th scope="row">{t('activities.table.total')}</Table.Th>
              {s.attendance.columnTotals.map((c, i) => (
                <Table.Td key={i} style={{ textAlign: 'end', fontWeight: 600 }}>
                  {cell(c)}
                </Table.Td>
              ))}
              <Table.Td style={{ textAlign: 'end', fontWeight: 700 }}>{cell(s.attendance.total)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('activities.byType')}
        </Title>
        <ScrollTable label={t('activities.byType')} minWidth={400}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('activities.fields.type')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'end' }}>
                  {t('activities.sessionsHeld')}
                </Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'end' }}>
                  {t('activities.attendances')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.sessionsByType.map((row, i) => (
                <Table.Tr key={row.type}>
                  <Table.Th scope="row" fw={400}>
                    {t(`activities.types.${row.type}`)}
                  </Table.Th>
                  <Table.Td style={{ textAlign: 'end' }}>{fmt.number(row.sessions)}</Table.Td>
                  <Table.Td style={{ textAlign: 'end' }}>{cell(s.attendanceByType[i].attendance)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      </Stack>
    </Stack>
  );
}
