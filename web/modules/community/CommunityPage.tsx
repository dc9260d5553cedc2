import {
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
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
  communityBlocks,
  communityRoutes,
  COMMUNITY_LIMITS,
  LIMITS,
  type CommunitySettings,
  type CommunitySettingsInput,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { call } from '../../lib/api';
import { useCityId } from '../../lib/city';

const settingsKey = (cityId: string) => ['community', cityId, 'settings'] as const;
const reportsKey = (cityId: string) => ['community', cityId, 'reports'] as const;
const eventsKey = (cityId: string) => ['community', cityId, 'events'] as const;

/** What the public pages publish: the chair's choice, block by block. */
export function CommunityPage() {
  const { t, i18n } = useTranslation();
  const cityId = useCityId();
  const settings = useQuery({
    queryKey: settingsKey(cityId),
    queryFn: ({ signal }) => call(communityRoutes.getCommunitySettings, { params: { cityId }, signal }),
  });
  return (
    <Page title={t('community.title')}>
      <Text>{t('community.intro')}</Text>
      {settings.isPending ? (
        <Loading />
      ) : settings.error ? (
        <ErrorAlert error={settings.error} />
      ) : (
        <>
          <Anchor
            href={`/p/${settings.data.slug}/${i18n.language}`}
            target="_blank"
            data-testid="community-open"
          >
            {t('community.open')}
          </Anchor>
          <SettingsForm key={settings.data.updatedAt ?? ''} cityId={cityId} settings={settings.data} />
          <Events cityId={cityId} />
          <Reports cityId={cityId} slug={settings.data.slug} />
        </>
      )}
    </Page>
  );
}

function SettingsForm({ cityId, settings }: { cityId: string; settings: CommunitySettings }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<CommunitySettingsInput>(settings);
  const [neighbourhoods, setNeighbourhoods] = useState(settings.neighbourhoods.join('\n'));
  const save = useMutation({
    mutationFn: () =>
      call(communityRoutes.updateCommunitySettings, {
        params: { cityId },
        body: {
          ...draft,
          neighbourhoods: neighbourhoods
            .split('\n')
            .map((n) => n.trim())
            .filter(Boolean),
        },
      }),
    onSuccess: (data) => queryClient.setQueryData(settingsKey(cityId), data),
  });
  return (
    <Card withBorder>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('community.published')}
          </Title>
          {communityBlocks.map((block) => (
            <Checkbox
              key={block}
              label={t(`community.blocks.${block}`)}
              checked={draft.published[block]}
              onChange={(e) => {
                const checked = e.currentTarget.checked;
                setDraft((d) => ({ ...d, published: { ...d.published, [block]: checked } }));
              }}
              data-testid={`community-block-${block}`}
            />
          ))}
          <Textarea
            label={t('community.explainerExtra')}
            value={draft.explainerExtra}
            maxLength={COMMUNITY_LIMITS.explainerExtra}
            autosize
            minRows={2}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setDraft((d) => ({ ...d, explainerExtra: value }));
            }}
          />
          <Textarea
            label={t('community.contact')}
            value={draft.contact}
            maxLength={COMMUNITY_LIMITS.contact}
            autosize
            minRows={2}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setDraft((d) => ({ ...d, contact: value }));
            }}
          />
          <TextInput
            label={t('community.emergencyNumbers')}
            value={draft.emergencyNumbers}
            maxLength={COMMUNITY_LIMITS.emergencyNumbers}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setDraft((d) => ({ ...d, emergencyNumbers: value }));
            }}
            data-testid="community-emergency"
          />
          <Textarea
            label={t('community.neighbourhoods')}
            value={neighbourhoods}
            autosize
            minRows={3}
            onChange={(e) => setNeighbourhoods(e.currentTarget.value)}
            data-testid="community-neighbourhoods"
          />
          {save.error && <ErrorAlert error={save.error} />}
          {save.isSuccess && <Text c="green.8">{t('community.saved')}</Text>}
          <Button
            type="submit"
            loading={save.isPending}
            style={{ alignSelf: 'flex-start' }}
            data-testid="community-save"
          >
            {t('community.save')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function Events({ cityId }: { cityId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const events = useQuery({
    queryKey: eventsKey(cityId),
    queryFn: ({ signal }) => call(communityRoutes.listPublicEvents, { params: { cityId }, signal }),
  });
  const [title, setTitle] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [place, setPlace] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: eventsKey(cityId) });
  const add = useMutation({
    mutationFn: () =>
      call(communityRoutes.createPublicEvent, {
        params: { cityId },
        body: { title, startsAt: new Date(startsAt).toISOString(), endsAt: null, place },
      }),
    onSuccess: () => {
      setTitle('');
      setStartsAt('');
      setPlace('');
      return refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (eventId: string) => call(communityRoutes.deletePublicEvent, { params: { cityId, eventId } }),
    onSuccess: refresh,
  });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('community.events')}
        </Title>
        {events.isPending ? (
          <Loading />
        ) : events.error ? (
          <ErrorAlert error={events.error} />
        ) : events.data.items.length === 0 ? (
          <Text c="dimmed">{t('community.noEvents')}</Text>
        ) : (
          <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {events.data.items.map((e) => (
              <Group component="li" key={e.id} justify="space-between">
                <Text dir="auto">
                  <strong>{e.title}</strong> ·{' '}
                  {new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
                    new Date(e.startsAt),
                  )}
                  {e.place ? ` · ${e.place}` : ''}
                </Text>
                <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(e.id)}>
                  {t('community.deleteEvent')}
                </Button>
              </Group>
            ))}
          </Stack>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            add.mutate();
          }}
        >
          <Group align="flex-end" wrap="wrap">
            <TextInput
              label={t('community.eventTitle')}
              value={title}
              required
              maxLength={LIMITS.title}
              onChange={(e) => setTitle(e.currentTarget.value)}
            />
            <TextInput
              type="datetime-local"
              label={t('community.eventStarts')}
              value={startsAt}
              required
              onChange={(e) => setStartsAt(e.currentTarget.value)}
            />
            <TextInput
              label={t('community.eventPlace')}
              value={place}
              maxLength={LIMITS.location}
              onChange={(e) => setPlace(e.currentTarget.value)}
            />
            <Button type="submit" loading={add.isPending}>
              {t('community.addEvent')}
            </Button>
          </Group>
        </form>
        {(add.error || remove.error) && <ErrorAlert error={add.error ?? remove.error} />}
      </Stack>
    </Card>
  );
}

/** Annual reports: generated from live data when published, then kept as they were. */
function Reports({ cityId, slug }: { cityId: string; slug: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const reports = useQuery({
    queryKey: reportsKey(cityId),
    queryFn: ({ signal }) => call(communicationRoutes.listAnnualReports, { params: { cityId }, signal }),
  });
  const [year, setYear] = useState(String(new Date().getFullYear() - 1));
  const [foreword, setForeword] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: reportsKey(cityId) });
  const publish = useMutation({
    mutationFn: () =>
      call(communicationRoutes.publishAnnualReport, {
        params: { cityId },
        body: { year: Number(year), foreword },
      }),
    onSuccess: () => {
      setForeword('');
      return refresh();
    },
  });
  const withdraw = useMutation({
    mutationFn: (reportId: string) =>
      call(communicationRoutes.withdrawAnnualReport, { params: { cityId, reportId } }),
    onSuccess: refresh,
  });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('community.reports.title')}
        </Title>
        <Text size="sm">{t('community.reports.intro')}</Text>
        <Text size="sm" c="dimmed">
          {t('community.reports.needsBlock')}
        </Text>
        {reports.isPending ? (
          <Loading />
        ) : reports.error ? (
          <ErrorAlert error={reports.error} />
        ) : reports.data.items.length === 0 ? (
          <Text c="dimmed">{t('community.reports.none')}</Text>
        ) : (
          <Stack gap={4} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {reports.data.items.map((r) => (
              <Group component="li" key={r.id} justify="space-between" data-testid="annual-report">
                <Text>
                  <Anchor href={`/p/${slug}/reports/${r.id}.pdf`} target="_blank">
                    {t('community.reports.item', { year: r.year })}
                  </Anchor>{' '}
                  ·{' '}
                  {new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(
                    new Date(r.publishedAt),
                  )}
                  {r.withdrawnAt ? ` · ${t('community.reports.withdrawn')}` : ''}
                </Text>
                {!r.withdrawnAt && (
                  <Button size="xs" variant="subtle" color="red" onClick={() => withdraw.mutate(r.id)}>
                    {t('community.reports.withdraw')}
                  </Button>
                )}
              </Group>
            ))}
          </Stack>
        )}
        <form
          onSubmit={(e) => {
            e.preventDefault();
            publish.mutate();
          }}
        >
          <Stack gap="xs">
            <TextInput
              type="number"
              label={t('community.reports.year')}
              value={year}
              min={2000}
              max={2100}
              required
              onChange={(e) => setYear(e.currentTarget.value)}
              style={{ maxWidth: '10rem' }}
              data-testid="report-year"
            />
            <Textarea
              label={t('community.reports.foreword')}
              value={foreword}
              autosize
              minRows={2}
              maxLength={LIMITS.summary}
              onChange={(e) => setForeword(e.currentTarget.value)}
            />
            {(publish.error || withdraw.error) && <ErrorAlert error={publish.error ?? withdraw.error} />}
            <Button
              type="submit"
              loading={publish.isPending}
              style={{ alignSelf: 'flex-start' }}
              data-testid="report-publish"
            >
              {t('community.reports.publish')}
            </Button>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}
