import { Group, Text } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import { HomeCardFrame, HomeCount } from '../../components/HomeCard';
import { RouterAnchor } from '../../components/RouterLinks';
import { useCan } from '../../lib/city';
import { useNationalHome } from './national.queries';

/**
 * Home card of national coordination. The liaison sees what waits for them (escalations to answer,
 * overdue ones, reports to read); the city sees answers and returned reports. Counts only.
 */
export function NationalHomeCard({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const home = useNationalHome(cityId);
  // Refused, or national coordination is not in this network's mandate: nothing to say.
  if (home.isError) return null;
  const h = home.data;
  const liaison = can('national.escalations.respond');
  return (
    <HomeCardFrame id="national-home" title={t('national.home.title')}>
      {h && liaison && (
        <Group gap="xl" wrap="wrap">
          <HomeCount
            value={h.escalationsAwaiting}
            label={t('national.home.awaiting')}
            testId="national-awaiting-count"
            color={h.escalationsAwaiting > 0 ? 'orange.9' : undefined}
          />
          <HomeCount
            value={h.escalationsOverdue}
            label={t('national.home.overdue')}
            testId="national-overdue-count"
            color={h.escalationsOverdue > 0 ? 'red.8' : undefined}
          />
          <HomeCount
            value={h.reportsToReview}
            label={t('national.home.toReview')}
            testId="national-review-count"
          />
        </Group>
      )}
      {h && !liaison && (
        <Group gap="xl" wrap="wrap">
          <HomeCount
            value={h.escalationsAwaiting}
            label={t('national.home.open')}
            testId="national-open-count"
          />
          <HomeCount
            value={h.escalationsOverdue}
            label={t('national.home.overdue')}
            testId="national-overdue-count"
            color={h.escalationsOverdue > 0 ? 'red.8' : undefined}
          />
          <HomeCount value={h.escalationsAnswered} label={t('national.home.answered')} />
          <HomeCount
            value={h.reportsReturned}
            label={t('national.home.returned')}
            color={h.reportsReturned > 0 ? 'orange.9' : undefined}
          />
        </Group>
      )}
      {h && h.escalationsAwaiting + h.reportsToReview + h.reportsReturned + h.escalationsAnswered === 0 && (
        <Text c="dimmed">{t('national.home.none')}</Text>
      )}
      <RouterAnchor to="/c/$cityId/national" params={{ cityId }} size="sm" data-testid="national-home-link">
        {t('national.home.open-page')}
      </RouterAnchor>
    </HomeCardFrame>
  );
}
