import {
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  NumberInput,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { LIMITS, meetingsRoutes, type AgendaTemplate } from '../../../contracts/index.js';
import { CopyField } from '../../components/CopyField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { setServerErrors, valuePaths } from '../../lib/fieldErrors';
import { Page } from '../../components/Page';
import { RouterAnchor } from '../../components/RouterLinks';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { meetingsKey, useMeetings } from './meetings.queries';
import { UserText } from '../../components/UserText';

/** Upcoming and past meetings; forms to schedule for chairs and coordinators; the calendar link. */
export function MeetingsPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const manage = can('meetings.manage');
  const [tab, setTab] = useState<'upcoming' | 'past'>('upcoming');
  return (
    <Page title={t('meetings.title')}>
      <Tabs value={tab} onChange={(v) => setTab(v === 'past' ? 'past' : 'upcoming')}>
        <Tabs.List>
          <Tabs.Tab value="upcoming" data-testid="meetings-tab-upcoming">
            {t('meetings.upcoming')}
          </Tabs.Tab>
          <Tabs.Tab value="past" data-testid="meetings-tab-past">
            {t('meetings.past')}
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <MeetingList cityId={cityId} when={tab} />
      {manage && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <NewMeetingForm cityId={cityId} />
          <NewSeriesForm cityId={cityId} />
        </SimpleGrid>
      )}
      <CalendarFeedCard />
    </Page>
  );
}

function MeetingList({ cityId, when }: { cityId: string; when: 'upcoming' | 'past' }) {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useMeetings(cityId, when);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="xs" data-testid={`meetings-list-${when}`}>
      <ErrorAlert error={list.error} />
      {list.isSuccess && items.length === 0 && <Text c="dimmed">{t('meetings.noMeetings')}</Text>}
      {items.map((m) => (
        <Card key={m.id} withBorder padding="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Stack gap={0}>
              <RouterAnchor
                to="/c/$cityId/meetings/$meetingId"
                params={{ cityId, meetingId: m.id }}
                fw={600}
                data-testid="meeting-link"
              >
                <UserText>{m.title}</UserText>
              </RouterAnchor>
              <Text size="sm">
                {format.dateTime(m.startsAt)} · {t('meetings.duration', { minutes: m.durationMinutes })}
                {m.location ? (
                  <>
                    {' · '}
                    <UserText>{m.location}</UserText>
                  </>
                ) : null}
              </Text>
            </Stack>
            <Badge
              variant="light"
              color={m.status === 'cancelled' ? 'gray' : m.status === 'held' ? 'teal' : 'blue'}
            >
              {t(`meetings.status.${m.status}`)}
            </Badge>
          </Group>
        </Card>
      ))}
      {list.hasNextPage && (
        <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('meetings.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

const templateOptions = (t: (k: string) => string) => [
  { value: 'standard', label: t('meetings.templateStandard') },
  { value: 'monthly-reflection', label: t('meetings.templateReflection') },
  { value: 'situation-table', label: t('meetings.templateSituationTable') },
  { value: 'channel-panel', label: t('meetings.templateChannelPanel') },
  { value: 'safety-house-triage', label: t('meetings.templateSafetyHouseTriage') },
  { value: 'partner-table', label: t('meetings.templatePartnerTable') },
  { value: 'info-house', label: t('meetings.templateInfoHouse') },
  { value: 'anchor-team', label: t('meetings.templateAnchorTeam') },
];

function NewMeetingForm({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const limit = useLimit();
  const form = useForm({
    initialValues: {
      title: '',
      startsAt: '',
      durationMinutes: 120 as number | string,
      location: '',
      agendaTemplate: 'standard' as AgendaTemplate,
    },
    validate: {
      title: (v) => (v.trim() ? null : t('meetings.fieldTitle')),
      startsAt: (v) => (v ? null : t('meetings.fieldStartsAt')),
    },
  });
  const create = useMutation({
    mutationFn: (v: typeof form.values) =>
      call(meetingsRoutes.createMeeting, {
        params: { cityId },
        body: {
          title: v.title.trim(),
          // The datetime-local value is in the browser's time zone.
          startsAt: new Date(v.startsAt).toISOString(),
          durationMinutes: Number(v.durationMinutes) || 120,
          location: v.location.trim(),
          agendaTemplate: v.agendaTemplate,
        },
      }),
    onError: (err) => setServerErrors(form, err),
    onSuccess: async () => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: meetingsKey(cityId) });
    },
  });
  return (
    <Card withBorder padding="lg">
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack>
          <Title order={2} size="h4">
            {t('meetings.newMeeting')}
          </Title>
          <ErrorAlert error={create.error} shownOnFields={valuePaths(form.getValues())} />
          <TextInput
            label={t('meetings.fieldTitle')}
            required
            data-testid="meeting-title"
            {...form.getInputProps('title')}
            {...limit(LIMITS.title, form.values.title)}
          />
          <TextInput
            type="datetime-local"
            label={t('meetings.fieldStartsAt')}
            required
            data-testid="meeting-starts"
            {...form.getInputProps('startsAt')}
          />
          <NumberInput
            label={t('meetings.fieldDuration')}
            min={5}
            max={1440}
            {...form.getInputProps('durationMinutes')}
          />
          <TextInput
            label={t('meetings.fieldLocation')}
            {...form.getInputProps('location')}
            {...limit(LIMITS.location, form.values.location)}
          />
          <NativeSelect
            label={t('meetings.fieldTemplate')}
            data={templateOptions(t)}
            {...form.getInputProps('agendaTemplate')}
          />
          <Button
            type="submit"
            loading={create.isPending}
            style={{ alignSelf: 'flex-start' }}
            data-testid="meeting-create"
          >
            {t('meetings.create')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function NewSeriesForm({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const limit = useLimit();
  const form = useForm({
    initialValues: {
      title: '',
      cadence: 'monthly' as 'weekly' | 'fortnightly' | 'monthly',
      startTime: '10:00',
      timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      durationMinutes: 120 as number | string,
      location: '',
      agendaTemplate: 'monthly-reflection' as AgendaTemplate,
      startsOn: '',
      endsOn: '',
    },
    validate: {
      title: (v) => (v.trim() ? null : t('meetings.fieldTitle')),
      startsOn: (v) => (v ? null : t('meetings.fieldStartsOn')),
      startTime: (v) => (/^([01]\d|2[0-3]):[0-5]\d$/.test(v) ? null : t('meetings.fieldStartTime')),
    },
  });
  const create = useMutation({
    mutationFn: (v: typeof form.values) =>
      call(meetingsRoutes.createSeries, {
        params: { cityId },
        body: {
          title: v.title.trim(),
          cadence: v.cadence,
          startTime: v.startTime,
          timeZone: v.timeZone,
          durationMinutes: Number(v.durationMinutes) || 120,
          location: v.location.trim(),
          agendaTemplate: v.agendaTemplate,
          startsOn: v.startsOn,
          endsOn: v.endsOn || null,
        },
      }),
    onError: (err) => setServerErrors(form, err),
    onSuccess: async () => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: meetingsKey(cityId) });
    },
  });
  return (
    <Card withBorder padding="lg">
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack>
          <Title order={2} size="h4">
            {t('meetings.newSeries')}
          </Title>
          <ErrorAlert error={create.error} shownOnFields={valuePaths(form.getValues())} />
          {create.data && (
            <Text role="status" c="teal" data-testid="series-created">
              {t('meetings.seriesCreated', { count: create.data.generated })}
            </Text>
          )}
          <TextInput
            label={t('meetings.fieldTitle')}
            required
            data-testid="series-title"
            {...form.getInputProps('title')}
            {...limit(LIMITS.title, form.values.title)}
          />
          <NativeSelect
            label={t('meetings.fieldCadence')}
            data={[
              { value: 'weekly', label: t('meetings.cadenceWeekly') },
              { value: 'fortnightly', label: t('meetings.cadenceFortnightly') },
              { value: 'monthly', label: t('meetings.cadenceMonthly') },
            ]}
            data-testid="series-cadence"
            {...form.getInputProps('cadence')}
          />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label={t('meetings.fieldStartTime')} dir="ltr" {...form.getInputProps('startTime')} />
            <TextInput label={t('meetings.fieldTimeZone')} dir="ltr" {...form.getInputProps('timeZone')} />
            <TextInput
              type="date"
              label={t('meetings.fieldStartsOn')}
              required
              data-testid="series-starts"
              {...form.getInputProps('startsOn')}
            />
            <TextInput type="date" label={t('meetings.fieldEndsOn')} {...form.getInputProps('endsOn')} />
          </SimpleGrid>
          <NumberInput
            label={t('meetings.fieldDuration')}
            min={5}
            max={1440}
            {...form.getInputProps('durationMinutes')}
          />
          <TextInput
            label={t('meetings.fieldLocation')}
            {...form.getInputProps('location')}
            {...limit(LIMITS.location, form.values.location)}
          />
          <NativeSelect
            label={t('meetings.fieldTemplate')}
            data={templateOptions(t)}
            {...form.getInputProps('agendaTemplate')}
          />
          <Button
            type="submit"
            loading={create.isPending}
            style={{ alignSelf: 'flex-start' }}
            data-testid="series-create"
          >
            {t('meetings.create')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

/** The person's private iCalendar link: created or rotated on request, shown once to copy. */
function CalendarFeedCard() {
  const { t } = useTranslation();
  const rotate = useMutation({ mutationFn: () => call(meetingsRoutes.rotateCalendarFeed, {}) });
  return (
    <Card withBorder padding="lg">
      <Stack>
        <Title order={2} size="h4">
          {t('meetings.calendarTitle')}
        </Title>
        <Text size="sm">{t('meetings.calendarHelp')}</Text>
        <ErrorAlert error={rotate.error} />
        {rotate.data && (
          <CopyField label={t('meetings.calendarUrl')} value={rotate.data.url} testId="calendar-url" />
        )}
        <Button
          variant="default"
          onClick={() => rotate.mutate()}
          loading={rotate.isPending}
          style={{ alignSelf: 'flex-start' }}
          data-testid="calendar-create"
        >
          {t('meetings.calendarCreate')}
        </Button>
      </Stack>
    </Card>
  );
}
