import { Table, Text } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import type { RiskSummary } from '../../../contracts/index.js';
import { RouterAnchor } from '../../components/RouterLinks';
import { ScrollTable } from '../../components/ScrollTable';
import { useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { LevelBadge, useCategoryLabel } from './bits';
import { useCategories, useNeighbourhoods } from './risk-map.queries';

/** Risks as a table, highest level first (as the server orders them). */
export function RiskList({ items }: { items: RiskSummary[] }) {
  const { t } = useTranslation();
  const cityId = useCityId();
  const fmt = useFormat();
  const categories = useCategories(cityId);
  const neighbourhoods = useNeighbourhoods(cityId);
  const categoryLabel = useCategoryLabel(categories.data?.items);
  const nameOf = (id: string) => neighbourhoods.data?.items.find((n) => n.id === id)?.name ?? '…';
  if (items.length === 0)
    return (
      <Text c="dimmed" data-testid="risk-list-empty">
        {t('risk-map.register.empty')}
      </Text>
    );
  return (
    <ScrollTable label={t('risk-map.register.title')} minWidth={720} testId="risk-list">
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('risk-map.field.title')}</Table.Th>
            <Table.Th>{t('risk-map.field.category')}</Table.Th>
            <Table.Th>{t('risk-map.field.where')}</Table.Th>
            <Table.Th>{t('risk-map.field.level')}</Table.Th>
            <Table.Th>{t('risk-map.field.residual')}</Table.Th>
            <Table.Th>{t('risk-map.field.trend')}</Table.Th>
            <Table.Th>{t('risk-map.field.reviewOn')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <RouterAnchor to="/c/$cityId/risks/$riskId" params={{ cityId, riskId: r.id }}>
                  <bdi>{r.title}</bdi>
                </RouterAnchor>
                <Text size="xs" c="dimmed">
                  {t(`risk-map.kind.${r.kind}`)}
                </Text>
              </Table.Td>
              <Table.Td>{categoryLabel(r.category)}</Table.Td>
              <Table.Td>
                {r.cityWide ? (
                  t('risk-map.field.cityWide')
                ) : (
                  <bdi>{r.neighbourhoodIds.map(nameOf).join(', ')}</bdi>
                )}
              </Table.Td>
              <Table.Td>
                <LevelBadge level={r.score.level} />
                <Text size="xs" c="dimmed">
                  {t('risk-map.scoreOf', { likelihood: r.score.likelihood, impact: r.score.impact })}
                </Text>
              </Table.Td>
              <Table.Td>
                <LevelBadge level={r.score.residualLevel} />
              </Table.Td>
              <Table.Td>{t(`risk-map.trend.${r.score.trend}`)}</Table.Td>
              <Table.Td>{fmt.date(r.score.reviewOn)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
