import { Stack, Title } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ApiError } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { CoverageTable } from './CoverageTable';
import { useCoverage, useEntries } from './directory.queries';
import { EntryList } from './EntryList';

const offMandate = (error: unknown) => error instanceof ApiError && error.status === 409;

/**
 * The neighbourhood page's services: the directory's entries serving it (or city-wide) and, for those
 * who may see them, its gaps and overlaps. Nothing while the directory is not in the mandate.
 */
export function NeighbourhoodServices({ neighbourhoodId }: { neighbourhoodId: string }) {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const entries = useEntries(can('directory.read') ? cityId : '', { neighbourhoodId });
  const coverage = useCoverage(can('directory.coverage') ? cityId : '', { neighbourhoodId });
  if (!can('directory.read') || offMandate(entries.error)) return null;
  return (
    <Stack gap="sm" data-testid="neighbourhood-services">
      <Title order={2} size="h3">
        {t('directory.gaps.neighbourhoodTitle')}
      </Title>
      {can('directory.coverage') &&
        (coverage.isPending ? (
          <Loading />
        ) : coverage.error ? (
          <ErrorAlert error={coverage.error} />
        ) : coverage.data.cells.length ? (
          <CoverageTable coverage={coverage.data} cells={coverage.data.cells} />
        ) : null)}
      {entries.isPending ? (
        <Loading />
      ) : entries.error ? (
        <ErrorAlert error={entries.error} />
      ) : (
        <EntryList items={entries.data.items} empty={t('directory.gaps.neighbourhoodNone')} />
      )}
    </Stack>
  );
}
