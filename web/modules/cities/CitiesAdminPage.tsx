import { Card, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../lib/useTranslation';
import { citiesRoutes } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RouterAnchor } from '../../components/RouterLinks';
import { call } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { CreateCityForm } from './CreateCityForm';
import { ScrollTable } from '../../components/ScrollTable';
import { UserText } from '../../components/UserText';

export const citiesKey = ['cities'] as const;

/** Platform admin: every city on this deployment, and creating a new one. */
export function CitiesAdminPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const cities = useQuery({
    queryKey: citiesKey,
    queryFn: ({ signal }) => call(citiesRoutes.listCities, { signal }),
  });
  return (
    <Page title={t('cities.title')}>
      <Card withBorder padding="lg" component="section" aria-labelledby="create-city-heading">
        <Stack>
          <Title order={2} size="h4" id="create-city-heading">
            {t('cities.create')}
          </Title>
          <CreateCityForm />
        </Stack>
      </Card>
      <Stack component="section" aria-labelledby="city-list-heading">
        <Title order={2} size="h4" id="city-list-heading">
          {t('cities.list')}
        </Title>
        {cities.isPending && <Loading />}
        <ErrorAlert error={cities.error} />
        {cities.data && (
          <ScrollTable label={t('cities.list')} minWidth={480}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('cities.name')}</Table.Th>
                  <Table.Th>{t('cities.slug')}</Table.Th>
                  <Table.Th>{t('cities.country')}</Table.Th>
                  <Table.Th>{t('cities.created')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {cities.data.items.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <RouterAnchor to="/c/$cityId" params={{ cityId: c.id }}>
                        <UserText>{c.name}</UserText>
                      </RouterAnchor>
                    </Table.Td>
                    <Table.Td dir="ltr">{c.slug}</Table.Td>
                    <Table.Td>
                      <UserText>{c.country ?? '—'}</UserText>
                    </Table.Td>
                    <Table.Td>{fmt.date(c.createdAt)}</Table.Td>
                  </Table.Tr>
                ))}
                {cities.data.items.length === 0 && (
                  <Table.Tr>
                    <Table.Td colSpan={4}>{t('cities.none')}</Table.Td>
                  </Table.Tr>
                )}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Stack>
    </Page>
  );
}
