import {
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  communicationRoutes,
  keyTextKinds,
  KEY_TEXT_LIMITS,
  LIMITS,
  messageAudiences,
  messageChannels,
  type KeyTextKind,
  type PublicMessage,
  type PublicMessageInput,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';

const messagesKey = (cityId: string) => ['community', cityId, 'messages'] as const;
const keyTextsKey = (cityId: string, kind: KeyTextKind) => ['community', cityId, 'key-texts', kind] as const;

/** The communication log (lesson 9): planned and sent public messages, and the agreed texts. */
export function CommunicationsPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  return (
    <Page title={t('community.comms.title')}>
      <Text>{t('community.comms.intro')}</Text>
      {keyTextKinds.map((kind) => (
        <KeyTexts key={kind} cityId={cityId} kind={kind} canEdit={can('community.key-texts.manage')} />
      ))}
      {can('community.messages.write') && <NewMessage cityId={cityId} />}
      <Messages cityId={cityId} />
    </Page>
  );
}

function KeyTexts({ cityId, kind, canEdit }: { cityId: string; kind: KeyTextKind; canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const versions = useQuery({
    queryKey: keyTextsKey(cityId, kind),
    queryFn: ({ signal }) => call(communicationRoutes.getKeyTexts, { params: { cityId, kind }, signal }),
  });
  const [lines, setLines] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const save = useMutation({
    mutationFn: (text: string) =>
      call(communicationRoutes.saveKeyTexts, {
        params: { cityId, kind },
        body: {
          lines: text
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
          note,
        },
      }),
    onSuccess: () => {
      setLines(null);
      setNote('');
      return queryClient.invalidateQueries({ queryKey: keyTextsKey(cityId, kind) });
    },
  });
  const date = (iso: string) =>
    new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(new Date(iso));
  return (
    <Card withBorder data-testid={`key-texts-${kind}`}>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t(`community.comms.keyTexts.${kind}`)}
        </Title>
        <Text size="sm" c="dimmed">
          {t('community.comms.keyHint')}
        </Text>
        {versions.isPending ? (
          <Loading />
        ) : versions.error ? (
          <ErrorAlert error={versions.error} />
        ) : versions.data.items.length === 0 ? (
          <Text c="dimmed">{t('community.comms.noVersion')}</Text>
        ) : (
          <>
            <Text size="sm">
              {t('community.comms.version', {
                version: versions.data.items[0].version,
                name: versions.data.items[0].byName ?? '—',
                date: date(versions.data.items[0].at),
              })}
            </Text>
            <ul>
              {versions.data.items[0].lines.map((line, i) => (
                <li key={i} dir="auto">
                  {line}
                </li>
              ))}
            </ul>
            {versions.data.items.length > 1 && (
              <details>
                <summary>{t('community.comms.history')}</summary>
                {versions.data.items.slice(1).map((v) => (
                  <div key={v.version}>
                    <Text size="sm" fw={600}>
                      {t('community.comms.version', {
                        version: v.version,
                        name: v.byName ?? '—',
                        date: date(v.at),
                      })}
                    </Text>
                    {v.note && (
                      <Text size="sm" c="dimmed" dir="auto">
                        {v.note}
                      </Text>
                    )}
                    <ul>
                      {v.lines.map((line, i) => (
                        <li key={i} dir="auto">
                          {line}
                        </li>
                      ))}
                    </ul>
                  </div>
                ))}
              </details>
            )}
          </>
        )}
        {canEdit && versions.data && (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              save.mutate(lines ?? versions.data.items[0]?.lines.join('\n') ?? '');
            }}
          >
            <Stack gap="xs">
              <Textarea
                label={t('community.comms.lines')}
                value={lines ?? versions.data.items[0]?.lines.join('\n') ?? ''}
                autosize
                minRows={3}
                maxLength={KEY_TEXT_LIMITS.lines * (KEY_TEXT_LIMITS.line + 1)}
                onChange={(e) => setLines(e.currentTarget.value)}
                data-testid={`key-texts-${kind}-lines`}
              />
              <TextInput
                label={t('community.comms.note')}
                value={note}
                maxLength={LIMITS.reason}
                onChange={(e) => setNote(e.currentTarget.value)}
              />
              {save.error && <ErrorAlert error={save.error} />}
              <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
                {t('community.comms.saveVersion')}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}

const emptyMessage: PublicMessageInput = {
  title: '',
  body: '',
  channel: 'press-release',
  audience: 'residents',
  spokesperson: '',
  plannedOn: '',
};

function NewMessage({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<PublicMessageInput>(emptyMessage);
  const set = (patch: Partial<PublicMessageInput>) => setDraft((d) => ({ ...d, ...patch }));
  const add = useMutation({
    mutationFn: () => call(communicationRoutes.createPublicMessage, { params: { cityId }, body: draft }),
    onSuccess: () => {
      setDraft(emptyMessage);
      return queryClient.invalidateQueries({ queryKey: messagesKey(cityId) });
    },
  });
  return (
    <Card withBorder>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('community.comms.new')}
          </Title>
          <TextInput
            label={t('community.comms.fields.title')}
            value={draft.title}
            required
            maxLength={LIMITS.title}
            onChange={(e) => set({ title: e.currentTarget.value })}
            data-testid="message-title"
          />
          <Textarea
            label={t('community.comms.fields.body')}
            value={draft.body}
            required
            autosize
            minRows={3}
            maxLength={LIMITS.note}
            onChange={(e) => set({ body: e.currentTarget.value })}
            data-testid="message-body"
          />
          <Group grow align="flex-start" wrap="wrap">
            <NativeSelect
              label={t('community.comms.fields.channel')}
              value={draft.channel}
              data={messageChannels.map((c) => ({ value: c, label: t(`community.comms.channel.${c}`) }))}
              onChange={(e) => set({ channel: e.currentTarget.value as PublicMessageInput['channel'] })}
            />
            <NativeSelect
              label={t('community.comms.fields.audience')}
              value={draft.audience}
              data={messageAudiences.map((a) => ({ value: a, label: t(`community.comms.audience.${a}`) }))}
              onChange={(e) => set({ audience: e.currentTarget.value as PublicMessageInput['audience'] })}
            />
          </Group>
          <Group grow align="flex-start" wrap="wrap">
            <TextInput
              label={t('community.comms.fields.spokesperson')}
              value={draft.spokesperson}
              required
              maxLength={LIMITS.personName}
              onChange={(e) => set({ spokesperson: e.currentTarget.value })}
              data-testid="message-spokesperson"
            />
            <TextInput
              type="date"
              label={t('community.comms.fields.plannedOn')}
              value={draft.plannedOn}
              required
              onChange={(e) => set({ plannedOn: e.currentTarget.value })}
              data-testid="message-planned"
            />
          </Group>
          {add.error && <ErrorAlert error={add.error} />}
          <Button
            type="submit"
            loading={add.isPending}
            style={{ alignSelf: 'flex-start' }}
            data-testid="message-add"
          >
            {t('community.comms.add')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

// Filled badges with white text: shades that keep a 4.5:1 contrast (axe; 'green' does not).
const statusColor: Record<PublicMessage['status'], string> = {
  draft: 'gray',
  approved: 'blue',
  sent: 'teal.9',
  cancelled: 'red.9',
};

function Messages({ cityId }: { cityId: string }) {
  const { t, i18n } = useTranslation();
  const can = useCan();
  const queryClient = useQueryClient();
  const messages = useQuery({
    queryKey: messagesKey(cityId),
    queryFn: ({ signal }) => call(communicationRoutes.listPublicMessages, { params: { cityId }, signal }),
  });
  const setStatus = useMutation({
    mutationFn: ({ id, status }: { id: string; status: 'approved' | 'sent' | 'cancelled' }) =>
      call(communicationRoutes.setPublicMessageStatus, {
        params: { cityId, messageId: id },
        body: { status },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: messagesKey(cityId) }),
  });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('community.comms.messages')}
        </Title>
        {setStatus.error && <ErrorAlert error={setStatus.error} />}
        {messages.isPending ? (
          <Loading />
        ) : messages.error ? (
          <ErrorAlert error={messages.error} />
        ) : messages.data.items.length === 0 ? (
          <Text c="dimmed">{t('community.comms.noMessages')}</Text>
        ) : (
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {messages.data.items.map((m) => (
              <Card component="li" key={m.id} withBorder padding="sm" data-testid="message">
                <Group justify="space-between" align="flex-start" wrap="wrap">
                  <div>
                    <Text fw={600} dir="auto">
                      {m.title}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(
                        new Date(`${m.plannedOn}T12:00:00Z`),
                      )}{' '}
                      · {t(`community.comms.channel.${m.channel}`)} ·{' '}
                      {t(`community.comms.audience.${m.audience}`)} · <span dir="auto">{m.spokesperson}</span>
                    </Text>
                  </div>
                  <Badge color={statusColor[m.status]}>{t(`community.comms.status.${m.status}`)}</Badge>
                </Group>
                <Text size="sm" mt="xs" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                  {m.body}
                </Text>
                {m.approvedByName && (
                  <Text size="xs" c="dimmed">
                    {t('community.comms.approvedBy', { name: m.approvedByName })}
                  </Text>
                )}
                <Group gap="xs" mt="xs">
                  {m.status === 'draft' && can('community.messages.approve') && (
                    <Button size="xs" onClick={() => setStatus.mutate({ id: m.id, status: 'approved' })}>
                      {t('community.comms.approve')}
                    </Button>
                  )}
                  {m.status === 'approved' && can('community.messages.write') && (
                    <Button
                      size="xs"
                      variant="light"
                      onClick={() => setStatus.mutate({ id: m.id, status: 'sent' })}
                    >
                      {t('community.comms.markSent')}
                    </Button>
                  )}
                  {(m.status === 'draft' || m.status === 'approved') && can('community.messages.write') && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      onClick={() => setStatus.mutate({ id: m.id, status: 'cancelled' })}
                    >
                      {t('community.comms.cancel')}
                    </Button>
                  )}
                </Group>
              </Card>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
