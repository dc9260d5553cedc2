import { Anchor, Stack, Text } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { HomeCardFrame, HomeCount } from '../../components/HomeCard';
import { RouterAnchor } from '../../components/RouterLinks';
import { useCityWorkspace } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { meetingIcs } from './meetingIcs';
import { useNextMeeting } from './meetings.queries';

/**
 * Home card: the next meeting (date, title, place, a calendar file) and how many are scheduled in the
 * next 30 days. The national liaison sees it too, without the link: the meeting itself is the network's.
 */
export function NextMeetingCard({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const next = useNextMeeting(cityId);
  const workspace = useCityWorkspace(cityId);
  const canOpen = workspace.data?.permissions.includes('meetings.read') ?? false;
  const m = next.data?.meeting;
  const ics = useMemo(
    () => (m ? `data:text/calendar;charset=utf-8,${encodeURIComponent(meetingIcs(m))}` : null),
    [m],
  );
  if (next.isError) return null;
  return (
    <HomeCardFrame id="next-meeting-card" title={t('meetings.home.nextTitle')}>
      {next.data && !m && (
        <Text c="dimmed" data-testid="next-meeting-none">
          {t('meetings.home.noneScheduled')}
        </Text>
      )}
      {m && (
        <Stack gap={2}>
          <Text fw={600} data-testid="next-meeting-date">
            {format.dateTime(m.startsAt)}
          </Text>
          {canOpen ? (
            <RouterAnchor
              to="/c/$cityId/meetings/$meetingId"
              params={{ cityId, meetingId: m.id }}
              dir="auto"
              data-testid="next-meeting-link"
            >
              {m.title}
            </RouterAnchor>
          ) : (
            <Text dir="auto">{m.title}</Text>
          )}
          {m.location && (
            <Text size="sm" c="dimmed" dir="auto">
              {m.location}
            </Text>
          )}
          {ics && (
            <Anchor href={ics} download="meeting.ics" size="sm" data-testid="next-meeting-ics">
              {t('meetings.home.addToCalendar')}
            </Anchor>
          )}
        </Stack>
      )}
      {next.data && (
        <HomeCount
          value={next.data.next30Days}
          label={t('meetings.home.next30Days')}
          testId="next-meeting-count"
        />
      )}
      {canOpen && (
        <RouterAnchor to="/c/$cityId/meetings" params={{ cityId }} size="sm">
          {t('meetings.home.all')}
        </RouterAnchor>
      )}
    </HomeCardFrame>
  );
}
