import { Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RouterAnchor, RouterButton } from '../../components/RouterLinks';
import { ScrollTable } from '../../components/ScrollTable';
import { useCan, useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { LevelBadge } from './bits';
import { CityMap } from './CityMap';
import { useMapData } from './risk-map.queries';

/** The map page: the city's shapes coloured by their highest risk level, and the same as a table. */
export function RiskMapPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const fmt = useFormat();
  const map = useMapData(cityId);
  const wide = useMediaQuery('(min-width: 48em)', true);
  const [selected, setSelected] = useState<string | null>(null);
  const upload = can('risks.manage') && (
    <RouterButton
      to="/c/$cityId/risk-map/boundaries"
      params={{ cityId }}
      variant="light"
      style={{ alignSelf: 'flex-start' }}
      data-testid="risk-map-boundaries-link"
    >
      {t('risk-map.boundaries.open')}
    </RouterButton>
  );
  if (map.isPending)
    return (
      <Page title={t('risk-map.title')}>
        <Loading />
      </Page>
    );
  if (map.error)
    return (
      <Page title={t('risk-map.title')}>
        <ErrorAlert error={map.error} />
      </Page>
    );
  const data = map.data;
  const onMap = data.neighbourhoods.filter((n) => n.shape);
  const chosen = data.neighbourhoods.find((n) => n.id === selected);
  return (
    <Page title={t('risk-map.title')} actions={upload}>
      <Text>{t('risk-map.intro')}</Text>
      {data.set ? (
        <Text size="sm" c="dimmed">
          {t('risk-map.setInfo', {
            version: data.set.version,
            count: data.set.featureCount,
            date: fmt.date(data.set.uploadedAt),
          })}
        </Text>
      ) : (
        <Text data-testid="risk-map-empty">{t('risk-map.noBoundaries')}</Text>
      )}
      {onMap.length > 0 && (
        <Group align="flex-start" gap="lg" wrap={wide ? 'nowrap' : 'wrap'}>
          <div style={{ flex: '1 1 480px', minWidth: 0, width: '100%' }}>
            <CityMap neighbourhoods={onMap} selected={selected} onSelect={setSelected} showLabels={wide} />
          </div>
          <Card
            withBorder
            style={{ flex: '0 1 280px', width: '100%' }}
            aria-live="polite"
            data-testid="risk-map-selection"
          >
            {chosen ? (
              <Stack gap="xs">
                <Title order={2} size="h4">
                  <bdi>{chosen.name}</bdi>
                </Title>
                <LevelBadge level={chosen.highestLevel} />
                <Text size="sm">{t('risk-map.riskCount', { count: chosen.riskCount })}</Text>
                <RouterAnchor
                  to="/c/$cityId/risk-map/neighbourhoods/$neighbourhoodId"
                  params={{ cityId, neighbourhoodId: chosen.id }}
                  data-testid="risk-map-open-neighbourhood"
                >
                  {t('risk-map.openNeighbourhood')}
                </RouterAnchor>
              </Stack>
            ) : (
              <Text size="sm" c="dimmed">
                {t('risk-map.selectHint')}
              </Text>
            )}
          </Card>
        </Group>
      )}
      <Text size="sm" data-testid="risk-map-citywide">
        {t('risk-map.cityWide', { count: data.cityWideCount })} <LevelBadge level={data.cityWideHighest} />
      </Text>
      {data.neighbourhoods.length > 0 && (
        <>
          <Title order={2} size="h3">
            {t('risk-map.tableTitle')}
          </Title>
          <ScrollTable label={t('risk-map.tableTitle')} minWidth={420} testId="risk-map-table">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('risk-map.col.neighbourhood')}</Table.Th>
                  <Table.Th>{t('risk-map.col.highest')}</Table.Th>
                  <Table.Th>{t('risk-map.col.risks')}</Table.Th>
                  <Table.Th>{t('risk-map.col.onMap')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.neighbourhoods.map((n) => (
                  <Table.Tr key={n.id}>
                    <Table.Td>
                      <RouterAnchor
                        to="/c/$cityId/risk-map/neighbourhoods/$neighbourhoodId"
                        params={{ cityId, neighbourhoodId: n.id }}
                      >
                        <bdi>{n.name}</bdi>
                      </RouterAnchor>
                    </Table.Td>
                    <Table.Td>
                      <LevelBadge level={n.highestLevel} />
                    </Table.Td>
                    <Table.Td>{fmt.number(n.riskCount)}</Table.Td>
                    <Table.Td>{n.shape ? t('risk-map.yes') : t('risk-map.retired')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </>
      )}
    </Page>
  );
}
