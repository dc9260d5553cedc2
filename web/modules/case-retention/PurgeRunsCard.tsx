import { Badge, Group, Text } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import { HomeCardFrame, HomeCount } from '../../components/HomeCard';
import { RouterAnchor } from '../../components/RouterLinks';
import { useFormat } from '../../lib/format';
import { usePurgeRuns } from './retention.queries';

const statusColor = { running: 'blue', done: 'teal', failed: 'red' } as const;
const DAY = 24 * 3600_000;

/**
 * Home card of the auditor (and the chair): the retention purge's report — the last run, what it
 * deleted, and what the runs of the last 30 days deleted and whether one failed.
 */
export function PurgeRunsCard({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const runs = usePurgeRuns(cityId);
  if (runs.isError || !runs.data) return null;
  const items = runs.data.items;
  const last = items[0];
  // Counted back from when the list was fetched (not "now" at each render: renders stay pure).
  const since = runs.dataUpdatedAt - 30 * DAY;
  const recent = items.filter((r) => new Date(r.startedAt).getTime() >= since);
  const deleted = recent.reduce((n, r) => n + r.rejected + r.closed, 0);
  const failed = recent.filter((r) => r.status === 'failed').length;
  return (
    <HomeCardFrame id="purge-runs-card" title={t('case-retention.home.title')}>
      {!last && (
        <Text c="dimmed" data-testid="purge-runs-none">
          {t('case-retention.web.purgeNone')}
        </Text>
      )}
      {last && (
        <>
          <Group gap="xs" wrap="wrap">
            <Text size="sm">{t('case-retention.home.last', { date: fmt.dateTime(last.startedAt) })}</Text>
            <Badge color={statusColor[last.status]} variant="light">
              {t(`case-retention.web.status.${last.status}`)}
            </Badge>
          </Group>
          <Group gap="xl" wrap="wrap">
            <HomeCount
              value={deleted}
              label={t('case-retention.home.deleted30')}
              testId="purge-deleted-count"
            />
            <HomeCount
              value={failed}
              label={t('case-retention.home.failed30')}
              testId="purge-failed-count"
              color={failed ? 'red.9' : undefined}
            />
          </Group>
        </>
      )}
      <RouterAnchor to="/c/$cityId/case-settings" params={{ cityId }} size="sm">
        {t('case-retention.home.open')}
      </RouterAnchor>
    </HomeCardFrame>
  );
}
