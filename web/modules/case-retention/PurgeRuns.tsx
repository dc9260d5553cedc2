import { Badge, Card, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import type { PurgeRun } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useFormat } from '../../lib/format';
import { Help } from './Help';
import { usePurgeRuns } from './retention.queries';

const statusColor: Record<PurgeRun['status'], string> = { done: 'teal', running: 'blue', failed: 'red' };

/** The latest nightly purges with what each deleted in this city. */
export function PurgeRuns({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const runs = usePurgeRuns(cityId);
  const items = runs.data?.items ?? [];
  return (
    <Stack gap="sm">
      <Help>{t('case-retention.web.purgeIntro')}</Help>
      <ErrorAlert error={runs.error} />
      {runs.isPending && <Loading />}
      {runs.isSuccess && items.length === 0 && (
        <Text size="sm" data-testid="purge-runs-empty">
          {t('case-retention.web.purgeNone')}
        </Text>
      )}
      {items.length > 0 && (
        <Stack
          component="ul"
          gap="xs"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          aria-label={t('case-retention.web.purgeTitle')}
          data-testid="purge-runs"
        >
          {items.map((run) => (
            <li key={run.runKey}>
              <RunRow run={run} />
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function RunRow({ run }: { run: PurgeRun }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const day = /^\d{4}-\d{2}-\d{2}$/.test(run.runKey) ? run.runKey : null;
  return (
    <Card withBorder padding="xs" data-testid="purge-run" data-status={run.status}>
      <Stack gap={4}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text fw={600} size="sm">
            {day
              ? t('case-retention.web.nightOf', { date: fmt.date(`${day}T12:00:00Z`) })
              : t('case-retention.web.manualRun')}
          </Text>
          <Badge color={statusColor[run.status]} variant="light">
            {t(`case-retention.web.status.${run.status}`)}
          </Badge>
        </Group>
        <Text size="sm">
          {t('case-retention.web.deleted', {
            rejected: fmt.number(run.rejected),
            closed: fmt.number(run.closed),
          })}
        </Text>
        <Text size="xs" c="dimmed">
          {run.finishedAt
            ? t('case-retention.web.ranFromTo', {
                start: fmt.dateTime(run.startedAt),
                end: fmt.dateTime(run.finishedAt),
              })
            : t('case-retention.web.startedAt', { start: fmt.dateTime(run.startedAt) })}
        </Text>
      </Stack>
    </Card>
  );
}
