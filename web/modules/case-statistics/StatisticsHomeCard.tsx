import { Group, Text } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import type { SuppressedCount } from '../../../contracts/index.js';
import { HomeCardFrame, HomeCount } from '../../components/HomeCard';
import { RouterAnchor } from '../../components/RouterLinks';
import { useFormat } from '../../lib/format';
import { useCaseStatistics } from './statistics.queries';
import { Withheld } from './StatTables';

/** The last twelve calendar months up to today, as whole months (the server widens to them anyway). */
function lastTwelveMonths(today = new Date()) {
  const from = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 11, 1));
  return { from: from.toISOString().slice(0, 10), to: today.toISOString().slice(0, 10) };
}

/**
 * Home card of those who steer and study the network (the national liaison and the analyst above
 * all): the headline counts of the last twelve months, exactly as the statistics endpoint gives them —
 * small cells already withheld by the server; nothing is added up or worked out here.
 */
export function StatisticsHomeCard({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const stats = useCaseStatistics(cityId, lastTwelveMonths());
  // Case work off in this city, or not allowed: nothing to say.
  if (stats.isError) return null;
  const d = stats.data;
  const cell = (dim: { cells: { key: string; value: number | null; suppressed: boolean }[] }, key: string) =>
    dim.cells.find((c) => c.key === key) ?? null;
  const shown = (count: SuppressedCount | null, label: string, testId: string) =>
    count && (
      <HomeCount
        value={count.suppressed ? null : count.value}
        label={label}
        testId={testId}
        fallback={<Withheld />}
      />
    );
  return (
    <HomeCardFrame id="statistics-card" title={t('case-statistics.home.title')}>
      {d && (
        <>
          <Text size="sm" c="dimmed">
            {d.period.from && d.period.to
              ? t('case-statistics.periodCounted', {
                  from: format.date(d.period.from),
                  to: format.date(d.period.to),
                })
              : t('case-statistics.allTime')}
          </Text>
          <Group gap="xl" wrap="wrap" data-testid="statistics-headline">
            {shown(d.total, t('case-statistics.home.total'), 'statistics-total')}
            {shown(cell(d.byOutcome, 'open'), t('case-statistics.outcomeExtra.open'), 'statistics-open')}
            {shown(cell(d.byStage, 'closed'), t('cases.stage.closed'), 'statistics-closed')}
            {shown(
              cell(d.byOutcome, 'rejected'),
              t('case-statistics.outcomeExtra.rejected'),
              'statistics-rejected',
            )}
          </Group>
          <Text size="xs" c="dimmed">
            {t('case-statistics.home.withheldNote', { max: d.smallCellMin - 1 })}
          </Text>
        </>
      )}
      <RouterAnchor
        to="/c/$cityId/case-statistics"
        params={{ cityId }}
        size="sm"
        data-testid="statistics-link"
      >
        {t('case-statistics.home.open')}
      </RouterAnchor>
    </HomeCardFrame>
  );
}
