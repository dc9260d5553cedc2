import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  peopleRoutes,
  safeSpaceCategories,
  safeSpaceRoutes,
  safeSpaceStatuses,
  safeSpaceUrgencies,
  SAFE_SPACE_LIMITS,
  type SafeSpaceStatus,
  type SafeSpaceSubmission,
  type SafeSpaceThread,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { TransferPanel } from './TransferPanel';

type TriageBody = {
  category?: SafeSpaceSubmission['category'];
  urgency?: SafeSpaceSubmission['urgency'];
  status?: 'in-progress' | 'closed' | 'abuse';
};

const key = (cityId: string) => ['safe-space', cityId] as const;

export function SafeSpacePage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const custodians = useQuery({
    queryKey: [...key(cityId), 'custodians'],
    queryFn: ({ signal }) => call(safeSpaceRoutes.getCustodians, { params: { cityId }, signal }),
  });
  return (
    <Page title={t('safe-space.title')}>
      <Text>{t('safe-space.intro')}</Text>
      {can('safe-space.custodians') && custodians.data && (
        <Custodians
          key={custodians.data.items.map((c) => c.userId).join(',')}
          cityId={cityId}
          chosen={custodians.data.items.map((c) => c.userId)}
        />
      )}
      {custodians.isPending ? (
        <Loading />
      ) : custodians.error ? (
        <ErrorAlert error={custodians.error} />
      ) : custodians.data.me ? (
        <Inbox cityId={cityId} />
      ) : (
        <Text c="dimmed" data-testid="safe-space-not-custodian">
          {t('safe-space.notCustodian')}
        </Text>
      )}
    </Page>
  );
}

function Custodians({ cityId, chosen }: { cityId: string; chosen: string[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const people = useQuery({
    queryKey: ['people', cityId, 'custodian-candidates'],
    queryFn: ({ signal }) =>
      call(peopleRoutes.listPeople, { params: { cityId }, query: { limit: 100, sort: 'name' }, signal }),
  });
  const [selected, setSelected] = useState<string[]>(chosen);
  const save = useMutation({
    mutationFn: () =>
      call(safeSpaceRoutes.setCustodians, { params: { cityId }, body: { userIds: selected } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key(cityId) }),
  });
  const candidates = (people.data?.items ?? []).filter((p) =>
    ['chair', 'coordinator', 'member'].includes(p.role),
  );
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('safe-space.custodians')}
        </Title>
        <Text size="sm">{t('safe-space.custodiansIntro')}</Text>
        {people.error && <ErrorAlert error={people.error} />}
        {candidates.map((p) => (
          <Checkbox
            key={p.userId}
            label={<bdi>{p.name}</bdi>}
            checked={selected.includes(p.userId)}
            onChange={(e) => {
              const checked = e.currentTarget.checked;
              setSelected((s) => (checked ? [...s, p.userId] : s.filter((id) => id !== p.userId)));
            }}
            data-testid={`custodian-${p.userId}`}
          />
        ))}
        {save.error && <ErrorAlert error={save.error} />}
        <Button
          onClick={() => save.mutate()}
          loading={save.isPending}
          style={{ alignSelf: 'flex-start' }}
          data-testid="custodians-save"
        >
          {t('safe-space.saveCustodians')}
        </Button>
      </Stack>
    </Card>
  );
}

function Inbox({ cityId }: { cityId: string }) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<SafeSpaceStatus | ''>('');
  const [open, setOpen] = useState<string | null>(null);
  const list = useQuery({
    queryKey: [...key(cityId), 'list', status],
    queryFn: ({ signal }) =>
      call(safeSpaceRoutes.listSubmissions, {
        params: { cityId },
        query: { status: status || undefined },
        signal,
      }),
  });
  const when = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  return (
    <Stack gap="sm">
      <NativeSelect
        label={t('safe-space.filter')}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as SafeSpaceStatus | '')}
        data={[
          { value: '', label: t('safe-space.all') },
          ...safeSpaceStatuses.map((s) => ({ value: s, label: t(`safe-space.statuses.${s}`) })),
        ]}
        style={{ maxWidth: 240 }}
      />
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorAlert error={list.error} />
      ) : list.data.items.length === 0 ? (
        <Text c="dimmed">{t('safe-space.empty')}</Text>
      ) : (
        <Stack
          gap="xs"
          component="ul"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          data-testid="safe-space-list"
        >
          {list.data.items.map((s) => (
            <li key={s.id}>
              <Card withBorder padding="sm">
                <Group justify="space-between" wrap="wrap">
                  <Group gap={6}>
                    <Badge variant="light">{t(`safe-space.kinds.${s.kind}`)}</Badge>
                    <Badge color={s.status === 'new' ? 'blue' : 'gray'}>
                      {t(`safe-space.statuses.${s.status}`)}
                    </Badge>
                    {s.urgency === 'high' && <Badge color="red">{t('safe-space.urgencies.high')}</Badge>}
                    {s.neighbourhood && <Badge variant="outline">{s.neighbourhood}</Badge>}
                    {s.wantsContact && <Badge variant="dot">{t('safe-space.wantsContact')}</Badge>}
                    {!s.receiptConfirmed && (
                      <Badge variant="dot" color="orange">
                        {t('safe-space.unconfirmed')}
                      </Badge>
                    )}
                  </Group>
                  <Text size="sm" c="dimmed">
                    {t('safe-space.received', { at: when(s.receivedAt) })} ·{' '}
                    {t('safe-space.messages', { count: s.messages })}
                  </Text>
                  <Button
                    size="xs"
                    variant="light"
                    onClick={() => setOpen(open === s.id ? null : s.id)}
                    data-testid="safe-space-open"
                  >
                    {t('safe-space.open')}
                  </Button>
                </Group>
                {open === s.id && <Detail cityId={cityId} submission={s} />}
              </Card>
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** One submission, decrypted: held in this component's state only, never in the query cache. */
function Detail({ cityId, submission }: { cityId: string; submission: SafeSpaceSubmission }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [thread, setThread] = useState<SafeSpaceThread | null>(null);
  const [answer, setAnswer] = useState('');
  const params = { cityId, submissionId: submission.id };
  const load = useMutation({
    mutationFn: () => call(safeSpaceRoutes.getSubmission, { params }),
    onSuccess: setThread,
  });
  useEffect(() => {
    load.mutate();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per opened submission
  }, [submission.id]);
  const refreshList = () => queryClient.invalidateQueries({ queryKey: [...key(cityId), 'list'] });
  const triage = useMutation({
    mutationFn: (body: TriageBody) => call(safeSpaceRoutes.triageSubmission, { params, body }),
    onSuccess: (s) => {
      setThread((th) => (th ? { ...th, ...s } : th));
      return refreshList();
    },
  });
  const send = useMutation({
    mutationFn: () => call(safeSpaceRoutes.replyToSubmission, { params, body: { body: answer } }),
    onSuccess: (th) => {
      setThread(th);
      setAnswer('');
      return refreshList();
    },
  });
  if (load.error) return <ErrorAlert error={load.error} />;
  if (!thread) return <Loading />;
  return (
    <Stack gap="xs" mt="sm" data-testid="safe-space-detail">
      {thread.contact && (
        <Text size="sm" dir="auto">
          <strong>{t('safe-space.contact')}:</strong> {thread.contact}
        </Text>
      )}
      {thread.thread.map((m) => (
        <Card key={m.id} padding="xs" bg={m.author === 'sender' ? 'gray.0' : 'blue.0'}>
          <Text size="xs" c="dimmed">
            {t(m.author === 'sender' ? 'safe-space.sender' : 'safe-space.team')}
          </Text>
          <Text dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
            {m.body}
          </Text>
        </Card>
      ))}
      <Group wrap="wrap" align="flex-end">
        <NativeSelect
          label={t('safe-space.category')}
          value={thread.category ?? ''}
          onChange={(e) =>
            triage.mutate({ category: (e.currentTarget.value || null) as SafeSpaceSubmission['category'] })
          }
          data={[
            { value: '', label: t('safe-space.none') },
            ...safeSpaceCategories.map((c) => ({ value: c, label: t(`safe-space.categories.${c}`) })),
          ]}
          data-testid="safe-space-category"
        />
        <NativeSelect
          label={t('safe-space.urgency')}
          value={thread.urgency}
          onChange={(e) =>
            triage.mutate({ urgency: e.currentTarget.value as SafeSpaceSubmission['urgency'] })
          }
          data={safeSpaceUrgencies.map((u) => ({ value: u, label: t(`safe-space.urgencies.${u}`) }))}
        />
        <Button variant="default" onClick={() => triage.mutate({ status: 'closed' })}>
          {t('safe-space.close')}
        </Button>
        <Button variant="default" color="red" onClick={() => triage.mutate({ status: 'abuse' })}>
          {t('safe-space.abuse')}
        </Button>
      </Group>
      {thread.status !== 'abuse' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate();
          }}
        >
          <Stack gap="xs">
            <Textarea
              label={t('safe-space.reply')}
              value={answer}
              required
              maxLength={SAFE_SPACE_LIMITS.message}
              autosize
              minRows={3}
              onChange={(e) => setAnswer(e.currentTarget.value)}
              data-testid="safe-space-answer"
            />
            <Button
              type="submit"
              loading={send.isPending}
              style={{ alignSelf: 'flex-start' }}
              data-testid="safe-space-send"
            >
              {t('safe-space.send')}
            </Button>
          </Stack>
        </form>
      )}
      {(triage.error || send.error) && <ErrorAlert error={triage.error ?? send.error} />}
      {thread.status !== 'abuse' && <TransferPanel cityId={cityId} submissionId={submission.id} />}
    </Stack>
  );
}
