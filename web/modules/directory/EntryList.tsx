import { Table, Text } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import type { DirectoryEntry } from '../../../contracts/index.js';
import { RouterAnchor } from '../../components/RouterLinks';
import { ScrollTable } from '../../components/ScrollTable';
import { useCityId } from '../../lib/city';
import { StatusBadge, useServiceTypeLabel } from './bits';
import { useServiceTypes } from './directory.queries';

/** Entries as a table: service, who, what, for whom, where, status. */
export function EntryList({ items, empty }: { items: DirectoryEntry[]; empty?: string }) {
  const { t } = useTranslation();
  const cityId = useCityId();
  const types = useServiceTypes(cityId);
  const typeLabel = useServiceTypeLabel(types.data?.items);
  if (items.length === 0)
    return (
      <Text c="dimmed" data-testid="entry-list-empty">
        {empty ?? t('directory.empty')}
      </Text>
    );
  return (
    <ScrollTable label={t('directory.title')} minWidth={760} testId="entry-list">
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('directory.field.title')}</Table.Th>
            <Table.Th>{t('directory.field.provider')}</Table.Th>
            <Table.Th>{t('directory.field.serviceType')}</Table.Th>
            <Table.Th>{t('directory.field.targetGroup')}</Table.Th>
            <Table.Th>{t('directory.field.where')}</Table.Th>
            <Table.Th>{t('directory.field.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>
                <RouterAnchor to="/c/$cityId/directory/entries/$entryId" params={{ cityId, entryId: e.id }}>
                  <bdi>{e.title}</bdi>
                </RouterAnchor>
                <Text size="xs" c="dimmed" dir="ltr" style={{ unicodeBidi: 'isolate' }}>
                  {e.ref}
                </Text>
              </Table.Td>
              <Table.Td>
                <bdi>{e.providerName}</bdi>
                <Text size="xs" c="dimmed">
                  {e.member ? t('directory.member') : t('directory.outside')}
                </Text>
              </Table.Td>
              <Table.Td>{typeLabel(e.serviceType)}</Table.Td>
              <Table.Td>{t(`directory.targetGroup.${e.targetGroup}`)}</Table.Td>
              <Table.Td>
                {e.cityWide ? (
                  t('directory.cityWide')
                ) : (
                  <bdi>{e.neighbourhoods.map((n) => n.name).join(', ')}</bdi>
                )}
              </Table.Td>
              <Table.Td>
                <StatusBadge status={e.status} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
