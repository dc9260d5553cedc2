import { Table, Text } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import type { ConsultationSummary, SuppressedCount } from '../../../contracts/index.js';
import { RouterAnchor } from '../../components/RouterLinks';
import { ScrollTable } from '../../components/ScrollTable';
import { useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';

/** A count that may have been withheld (small numbers): the number, or "fewer than 5" withheld. */
export function Count({ count }: { count: SuppressedCount }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return count.suppressed || count.value === null ? (
    <Text span c="dimmed" title={t('risk-map.consultations.withheldHelp')}>
      {t('risk-map.consultations.withheld')}
    </Text>
  ) : (
    <>{fmt.number(count.value)}</>
  );
}

export function ConsultationList({ items }: { items: ConsultationSummary[] }) {
  const { t } = useTranslation();
  const cityId = useCityId();
  const fmt = useFormat();
  if (items.length === 0) return <Text c="dimmed">{t('risk-map.consultations.empty')}</Text>;
  return (
    <ScrollTable label={t('risk-map.consultations.title')} minWidth={620} testId="consultation-list">
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('risk-map.consultations.heldOn')}</Table.Th>
            <Table.Th>{t('risk-map.consultations.name')}</Table.Th>
            <Table.Th>{t('risk-map.field.neighbourhoods')}</Table.Th>
            <Table.Th>{t('risk-map.consultations.attendance')}</Table.Th>
            <Table.Th>{t('risk-map.consultations.findings')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>{fmt.date(c.heldOn)}</Table.Td>
              <Table.Td>
                <RouterAnchor
                  to="/c/$cityId/consultations/$consultationId"
                  params={{ cityId, consultationId: c.id }}
                >
                  <bdi>{c.title}</bdi>
                </RouterAnchor>
                <Text size="xs" c="dimmed">
                  {t(`risk-map.format.${c.format}`)}
                </Text>
              </Table.Td>
              <Table.Td>
                <bdi>{c.neighbourhoods.map((n) => n.name).join(', ')}</bdi>
              </Table.Td>
              <Table.Td>
                <Count count={c.attendanceTotal} />
              </Table.Td>
              <Table.Td>{fmt.number(c.findingCount)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
