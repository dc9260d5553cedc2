import { Button, Group, NativeSelect, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { LIMITS, peopleSorts } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { Loading } from '../../components/Loading';
import { useFormat } from '../../lib/format';
import { PersonRow } from './PersonRow';
import { usePeople, type PeopleSort } from './people.queries';
import { ScrollTable } from '../../components/ScrollTable';

export function PeopleList({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const limit = useLimit();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [sort, setSort] = useState<PeopleSort>('-joinedAt');
  const people = usePeople(cityId, sort, q);
  const rows = people.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <Group align="end" wrap="wrap">
        <TextInput
          label={t('people.search')}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          data-testid="people-search"
          {...limit(LIMITS.search, search)}
          style={{ flex: '1 1 200px' }}
        />
        <NativeSelect
          label={t('people.sort')}
          value={sort}
          onChange={(e) => setSort(peopleSorts.find((s) => s === e.currentTarget.value) ?? sort)}
          data={peopleSorts.map((s) => ({ value: s, label: t(`people.sortOptions.${s}`) }))}
          data-testid="people-sort"
        />
      </Group>
      <ErrorAlert error={people.error} />
      {people.isPending ? (
        <Loading />
      ) : (
        <ScrollTable label={t('people.title')} minWidth={860}>
          <Table striped data-testid="people-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('people.name')}</Table.Th>
                <Table.Th>{t('people.email')}</Table.Th>
                <Table.Th>{t('people.role')}</Table.Th>
                <Table.Th>{t('people.organisation')}</Table.Th>
                <Table.Th>{t('people.twoFactor')}</Table.Th>
                <Table.Th>{t('people.joined')}</Table.Th>
                <Table.Th>{t('people.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p) => (
                <PersonRow key={p.userId} cityId={cityId} person={p} joined={fmt.date(p.joinedAt)} />
              ))}
              {rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={7}>
                    <Text>{t('people.none')}</Text>
                  </Table.Td>
                </Table.Tr>
              )}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {people.hasNextPage && (
        <Button
          variant="outline"
          onClick={() => void people.fetchNextPage()}
          loading={people.isFetchingNextPage}
          style={{ alignSelf: 'center' }}
          data-testid="people-load-more"
        >
          {t('common.loadMore')}
        </Button>
      )}
    </>
  );
}
