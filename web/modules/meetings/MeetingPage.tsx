import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  LIMITS,
  CASE_REF_PATTERN,
  meetingsRoutes,
  peopleRoutes,
  type MeetingDetail,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { fieldError } from '../../lib/fieldErrors';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RouterAnchor } from '../../components/RouterLinks';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/session';
import { ActionNotBindingBadge } from './ActionNotBindingBadge';
import { DecisionSubject, type DecisionAbout } from './DecisionSubject';
import { meetingKey, meetingsKey, myActionItemsKey, useMeeting } from './meetings.queries';
import { UserText } from '../../components/UserText';

type AgendaKind = 'discussion' | 'decision' | 'reflection' | 'planning' | 'case';
const kinds: AgendaKind[] = ['discussion', 'decision', 'reflection', 'planning', 'case'];

/** One meeting: agenda, attendance with a live quorum, minutes, decisions and action items. */
export function MeetingPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const { meetingId } = useParams({ strict: false }) as { meetingId: string };
  const can = useCan();
  const manage = can('meetings.manage');
  const format = useFormat();
  const meeting = useMeeting(cityId, meetingId);
  const queryClient = useQueryClient();
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: meetingsKey(cityId) });
    await queryClient.invalidateQueries({ queryKey: myActionItemsKey });
  };
  const update = useMutation({
    mutationFn: (body: { status?: 'held'; minutes?: string; approveMinutes?: boolean }) =>
      call(meetingsRoutes.updateMeeting, { params: { cityId, meetingId }, body }),
    onSuccess: refresh,
  });
  const cancel = useMutation({
    mutationFn: () => call(meetingsRoutes.cancelMeeting, { params: { cityId, meetingId } }),
    onSuccess: refresh,
  });
  if (meeting.isPending) return <Loading />;
  if (meeting.error || !meeting.data) return <ErrorAlert error={meeting.error} />;
  const m = meeting.data;
  const editable = manage && m.status !== 'cancelled';
  return (
    <Page
      title={m.title}
      actions={
        <Stack gap="xs">
          <RouterAnchor to="/c/$cityId/meetings" params={{ cityId }} size="sm">
            {t('meetings.back')}
          </RouterAnchor>
          <Group gap="xs">
            <Text>
              {format.dateTime(m.startsAt)} · {t('meetings.duration', { minutes: m.durationMinutes })}
              {m.location ? (
                <>
                  {' · '}
                  <UserText>{m.location}</UserText>
                </>
              ) : null}
            </Text>
            <Badge variant="light" data-testid="meeting-status">
              {t(`meetings.status.${m.status}`)}
            </Badge>
          </Group>
          {editable && (
            <Group gap="xs">
              {m.status === 'scheduled' && (
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => update.mutate({ status: 'held' })}
                  data-testid="meeting-held"
                >
                  {t('meetings.markHeld')}
                </Button>
              )}
              {m.status === 'scheduled' && (
                <Button
                  size="xs"
                  color="red"
                  variant="outline"
                  data-testid="meeting-cancel"
                  onClick={() => {
                    if (window.confirm(t('meetings.confirmCancel'))) cancel.mutate();
                  }}
                >
                  {t('meetings.cancelMeeting')}
                </Button>
              )}
            </Group>
          )}
          <ErrorAlert error={update.error ?? cancel.error} />
        </Stack>
      }
    >
      <Section title={t('meetings.agenda')} id="agenda-heading">
        <AgendaEditor key={m.agenda.map((a) => a.id).join()} meeting={m} editable={editable} />
      </Section>
      <Section title={t('meetings.attendance')} id="attendance-heading">
        <AttendanceChecklist
          key={m.attendance.map((a) => `${a.organisationId}${a.present}`).join()}
          meeting={m}
          editable={editable}
        />
      </Section>
      <Section title={t('meetings.minutes')} id="minutes-heading">
        <MinutesEditor
          key={m.minutesApprovedAt ?? 'draft'}
          meeting={m}
          editable={editable}
          onSave={(body) => update.mutateAsync(body)}
        />
      </Section>
      <Section title={t('meetings.decisions')} id="decisions-heading">
        <Decisions meeting={m} editable={editable} />
      </Section>
      <Section title={t('meetings.actionItems')} id="actions-heading">
        <ActionItems meeting={m} editable={editable} />
      </Section>
    </Page>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg">
      <Stack component="section" aria-labelledby={id}>
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

function useSetMeeting() {
  const cityId = useCityId();
  const queryClient = useQueryClient();
  return (meetingId: string) => queryClient.invalidateQueries({ queryKey: meetingKey(cityId, meetingId) });
}

type Draft = { id?: string; kind: AgendaKind; title: string; notes: string; caseRef: string };

function AgendaEditor({ meeting, editable }: { meeting: MeetingDetail; editable: boolean }) {
  const { t } = useTranslation();
  const limit = useLimit();
  const cityId = useCityId();
  const reload = useSetMeeting();
  const [items, setItems] = useState<Draft[]>(
    meeting.agenda.map((a) => ({
      id: a.id,
      kind: a.kind,
      title: a.title,
      notes: a.notes,
      caseRef: a.caseRef ?? '',
    })),
  );
  const save = useMutation({
    mutationFn: () =>
      call(meetingsRoutes.replaceAgenda, {
        params: { cityId, meetingId: meeting.id },
        body: {
          items: items.map((i) =>
            i.kind === 'case'
              ? { id: i.id, kind: i.kind, caseRef: i.caseRef.trim() }
              : { id: i.id, kind: i.kind, title: i.title.trim(), notes: i.notes.trim() },
          ),
        },
      }),
    onSuccess: () => reload(meeting.id),
  });
  // Overdue plan actions, milestones due, indicator changes — as they are now (agenda sources).
  const pull = useMutation({
    mutationFn: () => call(meetingsRoutes.pullAgendaItems, { params: { cityId, meetingId: meeting.id } }),
    onSuccess: async (r) => {
      setItems(
        r.items.map((a) => ({
          id: a.id,
          kind: a.kind,
          title: a.title,
          notes: a.notes,
          caseRef: a.caseRef ?? '',
        })),
      );
      await reload(meeting.id);
    },
  });
  if (!editable)
    return (
      <Stack gap="xs" component="ol" style={{ paddingInlineStart: '1.25rem', margin: 0 }}>
        {meeting.agenda.map((a) => (
          <li key={a.id}>
            <Text fw={600}>
              <UserText>{a.title}</UserText>
            </Text>
            <Text size="xs" c="dimmed">
              {t(`meetings.kind.${a.kind}`)}
            </Text>
            {a.notes && (
              <Text size="sm" dir="auto">
                {a.notes}
              </Text>
            )}
          </li>
        ))}
      </Stack>
    );
  const set = (i: number, patch: Partial<Draft>) =>
    setItems(items.map((it, k) => (k === i ? { ...it, ...patch } : it)));
  const move = (i: number, by: number) => {
    const next = [...items];
    const [it] = next.splice(i, 1);
    next.splice(i + by, 0, it);
    setItems(next);
  };
  const invalid = items.some((i) =>
    i.kind === 'case' ? !CASE_REF_PATTERN.test(i.caseRef.trim()) : !i.title.trim(),
  );
  return (
    <Stack>
      <ErrorAlert
        error={save.error}
        shownOnFields={items.flatMap((_, i) => [`items.${i}.title`, `items.${i}.notes`])}
      />
      {items.map((item, i) => (
        <Card key={i} withBorder padding="sm" data-testid="agenda-item">
          <Stack gap="xs">
            <Group gap="xs" align="end" wrap="wrap">
              <NativeSelect
                label={t('meetings.itemKind')}
                value={item.kind}
                data={kinds.map((k) => ({ value: k, label: t(`meetings.kind.${k}`) }))}
                onChange={(e) => set(i, { kind: e.currentTarget.value as AgendaKind })}
                data-testid="agenda-kind"
              />
              <ActionIcon
                variant="default"
                aria-label={t('meetings.moveUp')}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                ↑
              </ActionIcon>
              <ActionIcon
                variant="default"
                aria-label={t('meetings.moveDown')}
                disabled={i === items.length - 1}
                onClick={() => move(i, 1)}
              >
                ↓
              </ActionIcon>
              <Button
                size="xs"
                variant="subtle"
                color="red"
                onClick={() => setItems(items.filter((_, k) => k !== i))}
              >
                {t('meetings.removeItem')}
              </Button>
            </Group>
            {item.kind === 'case' ? (
              <TextInput
                label={t('meetings.caseRef')}
                description={t('meetings.caseRefHelp')}
                value={item.caseRef}
                dir="ltr"
                placeholder="ISL-2026-0042"
                error={
                  item.caseRef && !CASE_REF_PATTERN.test(item.caseRef.trim())
                    ? t('meetings.caseRefInvalid')
                    : null
                }
                onChange={(e) => set(i, { caseRef: e.currentTarget.value.toUpperCase() })}
                maxLength={LIMITS.caseReference}
                data-testid="agenda-caseref"
              />
            ) : (
              <>
                <TextInput
                  label={t('meetings.itemTitle')}
                  value={item.title}
                  onChange={(e) => set(i, { title: e.currentTarget.value })}
                  {...limit(LIMITS.agendaTitle, item.title)}
                  error={fieldError(save.error, `items.${i}.title`)}
                  data-testid="agenda-title"
                />
                <Textarea
                  label={t('meetings.itemNotes')}
                  autosize
                  minRows={1}
                  value={item.notes}
                  onChange={(e) => set(i, { notes: e.currentTarget.value })}
                  {...limit(LIMITS.note, item.notes)}
                  error={fieldError(save.error, `items.${i}.notes`)}
                />
              </>
            )}
          </Stack>
        </Card>
      ))}
      <Group gap="xs">
        <Button
          variant="default"
          onClick={() => setItems([...items, { kind: 'discussion', title: '', notes: '', caseRef: '' }])}
          data-testid="agenda-add"
        >
          {t('meetings.addItem')}
        </Button>
        <Button
          onClick={() => save.mutate()}
          loading={save.isPending}
          disabled={invalid}
          data-testid="agenda-save"
        >
          {t('meetings.saveAgenda')}
        </Button>
        <Button
          variant="subtle"
          onClick={() => pull.mutate()}
          loading={pull.isPending}
          title={t('meetings.pullItemsHelp')}
          data-testid="agenda-pull"
        >
          {t('meetings.pullItems')}
        </Button>
      </Group>
      <ErrorAlert error={pull.error} />
    </Stack>
  );
}

function AttendanceChecklist({ meeting, editable }: { meeting: MeetingDetail; editable: boolean }) {
  const { t } = useTranslation();
  const cityId = useCityId();
  const reload = useSetMeeting();
  const [present, setPresent] = useState<Record<string, boolean>>(
    Object.fromEntries(meeting.attendance.map((a) => [a.organisationId, a.present === true])),
  );
  const save = useMutation({
    mutationFn: () =>
      call(meetingsRoutes.recordAttendance, {
        params: { cityId, meetingId: meeting.id },
        body: {
          entries: meeting.attendance.map((a) => ({
            organisationId: a.organisationId,
            present: !!present[a.organisationId],
          })),
        },
      }),
    onSuccess: () => reload(meeting.id),
  });
  // Live: the required number depends only on the eligible organisations, so it is known here.
  const { required, eligible } = meeting.quorum;
  const presentFormal = meeting.attendance.filter(
    (a) => a.membershipKind === 'formal' && present[a.organisationId],
  ).length;
  const met = eligible > 0 && presentFormal >= required;
  return (
    <Stack>
      <Alert
        color={met ? 'teal' : 'orange'}
        role="status"
        aria-live="polite"
        data-testid="quorum-indicator"
        data-met={met}
      >
        {t(met ? 'meetings.quorumMet' : 'meetings.quorumNotMet', {
          present: presentFormal,
          required,
          eligible,
        })}
        <Text size="xs" mt={4}>
          {meeting.rulesSource === 'adopted-tor' ? t('meetings.rulesTor') : t('meetings.rulesDefault')}
        </Text>
      </Alert>
      {meeting.attendance.length === 0 && <Text c="dimmed">{t('meetings.noOrganisations')}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {meeting.attendance.map((a) => (
          <Checkbox
            key={a.organisationId}
            label={a.name}
            description={t(a.membershipKind === 'formal' ? 'meetings.formal' : 'meetings.external')}
            checked={!!present[a.organisationId]}
            disabled={!editable}
            onChange={(e) => setPresent({ ...present, [a.organisationId]: e.currentTarget.checked })}
            data-testid="attendance-checkbox"
          />
        ))}
      </SimpleGrid>
      <ErrorAlert error={save.error} />
      {editable && meeting.attendance.length > 0 && (
        <Button
          onClick={() => save.mutate()}
          loading={save.isPending}
          style={{ alignSelf: 'flex-start' }}
          data-testid="attendance-save"
        >
          {t('meetings.saveAttendance')}
        </Button>
      )}
    </Stack>
  );
}

function MinutesEditor({
  meeting,
  editable,
  onSave,
}: {
  meeting: MeetingDetail;
  editable: boolean;
  onSave: (body: { minutes?: string; approveMinutes?: boolean }) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const limit = useLimit();
  const format = useFormat();
  const [text, setText] = useState(meeting.minutes);
  const [busy, setBusy] = useState(false);
  const approved = meeting.minutesApprovedAt;
  const run = async (body: { minutes?: string; approveMinutes?: boolean }) => {
    setBusy(true);
    try {
      await onSave(body);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack>
      <Alert color="yellow" data-testid="minutes-warning">
        {t('meetings.minutesWarning')}
      </Alert>
      {approved && (
        <Text data-testid="minutes-approved">
          {t('meetings.minutesApproved', { date: format.date(approved) })}
        </Text>
      )}
      {editable && !approved ? (
        <>
          <Textarea
            label={t('meetings.minutes')}
            autosize
            minRows={6}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            {...limit(LIMITS.minutes, text)}
            data-testid="minutes-text"
          />
          <Group gap="xs">
            <Button onClick={() => void run({ minutes: text })} loading={busy} data-testid="minutes-save">
              {t('meetings.saveMinutes')}
            </Button>
            <Button
              variant="default"
              onClick={() => void run({ minutes: text, approveMinutes: true })}
              disabled={!text.trim()}
              data-testid="minutes-approve"
            >
              {t('meetings.approveMinutes')}
            </Button>
          </Group>
        </>
      ) : (
        <Text dir="auto" style={{ whiteSpace: 'pre-wrap' }} data-testid="minutes-view">
          {meeting.minutes}
        </Text>
      )}
    </Stack>
  );
}

function Decisions({ meeting, editable }: { meeting: MeetingDetail; editable: boolean }) {
  const { t } = useTranslation();
  const limit = useLimit();
  const cityId = useCityId();
  const reload = useSetMeeting();
  const [text, setText] = useState('');
  const [votes, setVotes] = useState({ votesFor: 0, votesAgainst: 0, abstentions: 0 });
  const [about, setAbout] = useState<DecisionAbout>({ kind: 'general' });
  const majority = meeting.rules.method === 'majority';
  const record = useMutation({
    mutationFn: () =>
      call(meetingsRoutes.recordDecision, {
        params: { cityId, meetingId: meeting.id },
        body: {
          text: text.trim(),
          ...(majority ? votes : {}),
          // A decision about an action of the plan (or a new one under an objective); the plan applies it.
          ...(about.kind === 'general'
            ? {}
            : { subjectType: 'action-plan-action' as const, subjectId: about.subjectId }),
        },
      }),
    onSuccess: async () => {
      setText('');
      setAbout({ kind: 'general' });
      setVotes({ votesFor: 0, votesAgainst: 0, abstentions: 0 });
      await reload(meeting.id);
    },
  });
  return (
    <Stack>
      {meeting.decisions.length === 0 && <Text c="dimmed">{t('meetings.noDecisions')}</Text>}
      {meeting.decisions.map((d) => (
        <Card key={d.id} withBorder padding="sm" data-testid="decision">
          <Stack gap={4}>
            <Text>
              <UserText>{d.text}</UserText>
            </Text>
            <Group gap="xs">
              <Badge color={d.outcome === 'passed' ? 'teal' : 'gray'}>{t(`meetings.${d.outcome}`)}</Badge>
              {!d.binding && (
                <Badge color="red" variant="outline" data-testid="decision-not-binding">
                  {t('meetings.notBinding')}
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed">
              {d.method === 'consensus'
                ? t('meetings.methodConsensus')
                : `${t('meetings.methodMajority')} · ${t('meetings.votesSummary', {
                    for: d.votesFor ?? 0,
                    against: d.votesAgainst ?? 0,
                    abstentions: d.abstentions ?? 0,
                  })}`}
            </Text>
          </Stack>
        </Card>
      ))}
      {editable && (
        <Stack gap="xs">
          <ErrorAlert error={record.error} shownOnFields={['text']} />
          <Textarea
            label={t('meetings.decisionText')}
            autosize
            minRows={2}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            {...limit(LIMITS.note, text)}
            error={fieldError(record.error, 'text')}
            data-testid="decision-text"
          />
          <DecisionSubject cityId={cityId} value={about} onChange={setAbout} />
          <Text size="sm" c="dimmed">
            {majority ? t('meetings.methodMajority') : t('meetings.methodConsensus')}
          </Text>
          {majority && (
            <SimpleGrid cols={{ base: 1, xs: 3 }}>
              {(['votesFor', 'votesAgainst', 'abstentions'] as const).map((k) => (
                <NumberInput
                  key={k}
                  label={t(`meetings.${k}`)}
                  min={0}
                  value={votes[k]}
                  onChange={(v) => setVotes({ ...votes, [k]: Number(v) || 0 })}
                  data-testid={`decision-${k}`}
                />
              ))}
            </SimpleGrid>
          )}
          <Button
            onClick={() => record.mutate()}
            loading={record.isPending}
            disabled={!text.trim()}
            style={{ alignSelf: 'flex-start' }}
            data-testid="decision-record"
          >
            {t('meetings.recordDecision')}
          </Button>
        </Stack>
      )}
    </Stack>
  );
}

function ActionItems({ meeting, editable }: { meeting: MeetingDetail; editable: boolean }) {
  const { t } = useTranslation();
  const limit = useLimit();
  const cityId = useCityId();
  const format = useFormat();
  const me = useMe();
  const reload = useSetMeeting();
  const queryClient = useQueryClient();
  const can = useCan();
  const people = useQuery({
    queryKey: ['people', cityId, 'owners'],
    queryFn: ({ signal }) =>
      call(peopleRoutes.listPeople, { params: { cityId }, query: { limit: 100, sort: 'name' }, signal }),
    enabled: editable && can('people.list'),
  });
  const [draft, setDraft] = useState({ title: '', ownerUserId: '', dueOn: '' });
  const create = useMutation({
    mutationFn: () =>
      call(meetingsRoutes.createActionItem, { params: { cityId, meetingId: meeting.id }, body: draft }),
    onSuccess: async () => {
      setDraft({ title: '', ownerUserId: '', dueOn: '' });
      await reload(meeting.id);
      await queryClient.invalidateQueries({ queryKey: myActionItemsKey });
    },
  });
  const setStatus = useMutation({
    mutationFn: (v: { id: string; status: 'open' | 'done' }) =>
      call(meetingsRoutes.updateActionItem, {
        params: { cityId, actionItemId: v.id },
        body: { status: v.status },
      }),
    onSuccess: async () => {
      await reload(meeting.id);
      await queryClient.invalidateQueries({ queryKey: myActionItemsKey });
    },
  });
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Stack>
      {meeting.actionItems.length === 0 && <Text c="dimmed">{t('meetings.noActionItems')}</Text>}
      <ErrorAlert error={setStatus.error} />
      {meeting.actionItems.map((a) => {
        const mayToggle = editable || a.ownerUserId === me.data?.user.id;
        return (
          <Card key={a.id} withBorder padding="sm" data-testid="action-item">
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Stack gap={0}>
                <Text fw={600} td={a.status === 'done' ? 'line-through' : undefined}>
                  <UserText>{a.title}</UserText>
                </Text>
                <Text size="sm" c="dimmed">
                  {a.ownerName ?? '—'} · {t('meetings.due', { date: format.date(a.dueOn) })}
                </Text>
                <ActionNotBindingBadge item={a} />
              </Stack>
              <Group gap="xs">
                <Badge
                  color={
                    a.status === 'done' ? 'teal' : a.status === 'open' && a.dueOn < today ? 'red' : 'blue'
                  }
                >
                  {a.status === 'open' && a.dueOn < today
                    ? t('meetings.overdue')
                    : t(`meetings.actionStatus.${a.status}`)}
                </Badge>
                {mayToggle && a.status !== 'cancelled' && (
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() =>
                      setStatus.mutate({ id: a.id, status: a.status === 'done' ? 'open' : 'done' })
                    }
                    data-testid="action-toggle"
                  >
                    {a.status === 'done' ? t('meetings.reopen') : t('meetings.markDone')}
                  </Button>
                )}
              </Group>
            </Group>
          </Card>
        );
      })}
      {editable && (
        <Stack gap="xs">
          <ErrorAlert error={create.error} shownOnFields={['title']} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('meetings.actionTitle')}
              value={draft.title}
              onChange={(e) => setDraft({ ...draft, title: e.currentTarget.value })}
              {...limit(LIMITS.title, draft.title)}
              error={fieldError(create.error, 'title')}
              data-testid="action-title"
            />
            <NativeSelect
              label={t('meetings.owner')}
              value={draft.ownerUserId}
              data={[
                { value: '', label: '—' },
                ...(people.data?.items ?? []).map((p) => ({ value: p.userId, label: p.name })),
              ]}
              onChange={(e) => setDraft({ ...draft, ownerUserId: e.currentTarget.value })}
              data-testid="action-owner"
            />
            <TextInput
              type="date"
              label={t('meetings.dueOn')}
              value={draft.dueOn}
              onChange={(e) => setDraft({ ...draft, dueOn: e.currentTarget.value })}
              data-testid="action-due"
            />
          </SimpleGrid>
          <Button
            onClick={() => create.mutate()}
            loading={create.isPending}
            disabled={!draft.title.trim() || !draft.ownerUserId || !draft.dueOn}
            style={{ alignSelf: 'flex-start' }}
            data-testid="action-add"
          >
            {t('meetings.addAction')}
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
