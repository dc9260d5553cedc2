import { Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../lib/useTranslation';
import { riskMapRoutes, type Coverage, type CoverageCell } from '../../../contracts/index.js';
import { RouterAnchor } from '../../components/RouterLinks';
import { ScrollTable } from '../../components/ScrollTable';
import { call } from '../../lib/api';
import { useCityId } from '../../lib/city';
import { CoverageBadge, useServiceTypeLabel } from './bits';
import { useServiceTypes } from './directory.queries';

/** The register's category names: built-in ones translated, the city's own from their labels. */
function useRiskCategoryLabel() {
  const { t, i18n } = useTranslation();
  const cityId = useCityId();
  const categories = useQuery({
    queryKey: ['risk-map', cityId, 'categories'],
    queryFn: ({ signal }) => call(riskMapRoutes.listCategories, { params: { cityId }, signal }),
    enabled: !!cityId,
    staleTime: 5 * 60_000,
  });
  return (code: string) => {
    const own = categories.data?.items.find((c) => c.code === code && !c.builtIn);
    if (own) return own.labels[i18n.language] ?? own.labels.en ?? code;
    return t(`risk-map.category.${code}`, { defaultValue: code });
  };
}

/** Why a cell is what it is, in a sentence. */
export function useWhy() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const types = useServiceTypes(cityId);
  const typeLabel = useServiceTypeLabel(types.data?.items);
  return (cell: CoverageCell) => {
    const level = t(`risk-map.level.${cell.highestLevel}`);
    const count = cell.riskCount;
    if (cell.status === 'gap' || cell.status === 'uncovered') {
      if (!cell.answeredBy.length) return t('directory.gaps.why.gapNoTypes', { count, level });
      return t(`directory.gaps.why.${cell.status}`, {
        count,
        level,
        types: cell.answeredBy.map(typeLabel).join(', '),
      });
    }
    const providers = cell.providerEntryIds.length + cell.cityWideCount;
    if (cell.status === 'covered') return t('directory.gaps.why.covered', { providers });
    const details = cell.overlaps
      .map((o) =>
        t('directory.gaps.overlapDetail', {
          count: o.providerCount,
          type: typeLabel(o.serviceType),
          group: t(`directory.targetGroup.${o.targetGroup}`),
        }),
      )
      .join('; ');
    return t('directory.gaps.why.overlap', { providers, details });
  };
}

/** Neighbourhood × risk category: result, the services that answer it, and why. */
export function CoverageTable({ coverage, cells }: { coverage: Coverage; cells: CoverageCell[] }) {
  const { t } = useTranslation();
  const cityId = useCityId();
  const categoryLabel = useRiskCategoryLabel();
  const why = useWhy();
  const nameOf = new Map(coverage.neighbourhoods.map((n) => [n.id, n.name]));
  const entryOf = new Map(coverage.entries.map((e) => [e.entryId, e]));
  const cityWideOf = new Map(coverage.cityWideProviders.map((c) => [c.category, c.entryIds]));
  return (
    <ScrollTable label={t('directory.gaps.title')} minWidth={820} testId="coverage-table">
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('directory.gaps.col.neighbourhood')}</Table.Th>
            <Table.Th>{t('directory.gaps.col.category')}</Table.Th>
            <Table.Th>{t('directory.gaps.col.level')}</Table.Th>
            <Table.Th>{t('directory.gaps.col.status')}</Table.Th>
            <Table.Th>{t('directory.gaps.col.providers')}</Table.Th>
            <Table.Th>{t('directory.gaps.col.why')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {cells.map((cell) => (
            <Table.Tr key={`${cell.neighbourhoodId}-${cell.category}`} data-status={cell.status}>
              <Table.Td>
                <RouterAnchor
                  to="/c/$cityId/risk-map/neighbourhoods/$neighbourhoodId"
                  params={{ cityId, neighbourhoodId: cell.neighbourhoodId }}
                >
                  <bdi>{nameOf.get(cell.neighbourhoodId)}</bdi>
                </RouterAnchor>
              </Table.Td>
              <Table.Td>{categoryLabel(cell.category)}</Table.Td>
              <Table.Td>{t(`risk-map.level.${cell.highestLevel}`)}</Table.Td>
              <Table.Td>
                <CoverageBadge status={cell.status} />
              </Table.Td>
              <Table.Td>
                {[...cell.providerEntryIds, ...(cityWideOf.get(cell.category) ?? [])].map((id) => {
                  const e = entryOf.get(id);
                  return (
                    <div key={id}>
                      <RouterAnchor
                        to="/c/$cityId/directory/entries/$entryId"
                        params={{ cityId, entryId: id }}
                        size="sm"
                      >
                        <bdi>{e?.title}</bdi>
                      </RouterAnchor>
                      <Text span size="xs" c="dimmed">
                        {' '}
                        (<bdi>{e?.providerName}</bdi>
                        {e?.cityWide ? `, ${t('directory.cityWide')}` : ''})
                      </Text>
                    </div>
                  );
                })}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{why(cell)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
