import { Alert, Checkbox, Group, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { DEFAULT_OVERLAP_AT } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RouterAnchor } from '../../components/RouterLinks';
import { useCityId } from '../../lib/city';
import { CoverageTable } from './CoverageTable';
import { OverlapList } from './OverlapList';
import { useCoverage } from './directory.queries';

/** Gaps and overlaps of the whole city, computed by the server from the directory and the register. */
export function GapsPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const [overlapAt, setOverlapAt] = useState(DEFAULT_OVERLAP_AT);
  const [onlyProblems, setOnlyProblems] = useState(true);
  const coverage = useCoverage(cityId, { overlapAt });
  return (
    <Page
      title={t('directory.gaps.title')}
      actions={
        <RouterAnchor to="/c/$cityId/directory" params={{ cityId }} size="sm">
          {t('directory.back')}
        </RouterAnchor>
      }
    >
      <Text>{t('directory.gaps.intro')}</Text>
      <Group align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('directory.gaps.overlapAt')}
          data={[2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) }))}
          value={String(overlapAt)}
          onChange={(e) => setOverlapAt(Number(e.currentTarget.value))}
          data-testid="gaps-overlap-at"
        />
        <Checkbox
          label={t('directory.gaps.onlyProblems')}
          checked={onlyProblems}
          onChange={(e) => setOnlyProblems(e.currentTarget.checked)}
          data-testid="gaps-only-problems"
        />
      </Group>
      {coverage.isPending ? (
        <Loading />
      ) : coverage.error ? (
        <ErrorAlert error={coverage.error} />
      ) : (
        <Stack gap="md">
          {!coverage.data.riskMapInForce && (
            <Alert color="yellow" variant="light">
              {t('directory.gaps.noRiskMap')}
            </Alert>
          )}
          <Text fw={500} data-testid="gaps-totals">
            {t('directory.gaps.totals', coverage.data.totals)}
          </Text>
          {coverage.data.cells.length === 0 ? (
            <Text c="dimmed">{t('directory.gaps.empty')}</Text>
          ) : (
            <CoverageTable
              coverage={coverage.data}
              cells={coverage.data.cells.filter(
                (c) => !onlyProblems || c.status === 'gap' || c.status === 'overlap',
              )}
            />
          )}
          <Title order={2} size="h3">
            {t('directory.gaps.overlapsTitle')}
          </Title>
          <Text size="sm">{t('directory.gaps.overlapsIntro', { count: overlapAt })}</Text>
          <OverlapList coverage={coverage.data} />
        </Stack>
      )}
    </Page>
  );
}
