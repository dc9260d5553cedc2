import {
  Alert,
  Button,
  Card,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  cityNetworkKinds,
  cityNetworksRoutes,
  type NetworkStatistics,
  type SuppressedCount,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { call } from '../../lib/api';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ScrollTable } from '../../components/ScrollTable';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/session';

const thisYear = new Date().getUTCFullYear();
const years = Array.from({ length: 5 }, (_, i) => thisYear - i);

/** A count, or the one "withheld" mark (never a number, never a hint at one). */
function Count({ c }: { c: SuppressedCount | null }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!c)
    return (
      <Text span c="dimmed">
        —
      </Text>
    );
  if (c.suppressed)
    return (
      <Text span size="sm" fs="italic" data-testid="network-withheld">
        {t('city-networks.withheld')}
      </Text>
    );
  return <>{fmt.number(c.value ?? 0)}</>;
}

function MeasureTable({ m }: { m: NetworkStatistics['measures'][number] }) {
  const { t } = useTranslation();
  const rows: { key: string; label: string; cells: SuppressedCount[]; total: SuppressedCount | null }[] = [
    ...m.cities.map((c) => ({ key: c.cityId, label: c.name, cells: c.cells, total: c.total })),
    ...(m.others ? [{ key: 'others', label: t('city-networks.others'), ...m.others }] : []),
    { key: 'network', label: t('city-networks.networkRow'), ...m.network },
  ];
  return (
    <Card withBorder data-testid={`network-measure-${m.key}`}>
      <Title order={2} size="h4" mb="xs">
        {t(`city-networks.measures.${m.key}`)}
      </Title>
      <ScrollTable label={t(`city-networks.measures.${m.key}`)}>
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('city-networks.city')}</Table.Th>
              {m.categories.map((c) => (
                <Table.Th scope="col" key={c}>
                  {t(`city-networks.categories.${c}`, { defaultValue: c })}
                </Table.Th>
              ))}
              {m.additive && <Table.Th scope="col">{t('city-networks.total')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Th scope="row">
                  <bdi>{r.label}</bdi>
                </Table.Th>
                {r.cells.map((c, i) => (
                  <Table.Td key={m.categories[i]}>
                    <Count c={c} />
                  </Table.Td>
                ))}
                {m.additive && (
                  <Table.Td>
                    <Count c={r.total} />
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Card>
  );
}

/** A platform admin creates networks and designates their analysts. */
function AdminPanel() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<(typeof cityNetworkKinds)[number]>('international');
  const create = useMutation({
    mutationFn: () => call(cityNetworksRoutes.createCityNetwork, { body: { name, kind, description: '' } }),
    onSuccess: async () => {
      setName('');
      await queryClient.invalidateQueries({ queryKey: ['city-networks'] });
    },
  });
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('city-networks.admin.create')}
        </Title>
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label={t('city-networks.admin.name')}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="network-create-name"
          />
          <NativeSelect
            label={t('city-networks.admin.kind')}
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as typeof kind)}
            data={cityNetworkKinds.map((k) => ({ value: k, label: t(`city-networks.kinds.${k}`) }))}
          />
          <Button onClick={() => create.mutate()} loading={create.isPending} disabled={!name.trim()}>
            {t('city-networks.admin.createButton')}
          </Button>
        </Group>
        {create.error && <ErrorAlert error={create.error} />}
      </Stack>
    </Card>
  );
}

function DesignateAnalyst({ networkId }: { networkId: string }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const designate = useMutation({
    mutationFn: () => call(cityNetworksRoutes.addNetworkAnalyst, { params: { networkId }, body: { email } }),
    onSuccess: () => setEmail(''),
  });
  return (
    <Stack gap="xs">
      <Group align="flex-end" wrap="wrap">
        <TextInput
          type="email"
          label={t('city-networks.admin.analystEmail')}
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
        />
        <Button variant="light" onClick={() => designate.mutate()} disabled={!email.trim()}>
          {t('city-networks.admin.designate')}
        </Button>
      </Group>
      {designate.isSuccess && <Text size="sm">{t('city-networks.admin.designated')}</Text>}
      {designate.error && <ErrorAlert error={designate.error} />}
    </Stack>
  );
}

/** The analyst's pooled view: named cities, the other cities pooled, the network; withheld cells explained. */
export function NetworkAnalysisPage() {
  const { t } = useTranslation();
  const me = useMe();
  const networks = useQuery({
    queryKey: ['city-networks', 'mine'],
    queryFn: ({ signal }) => call(cityNetworksRoutes.listCityNetworks, { signal }),
  });
  const [chosen, setChosen] = useState('');
  const [year, setYear] = useState(thisYear);
  const networkId = chosen || networks.data?.items[0]?.id || '';
  const stats = useQuery({
    queryKey: ['city-networks', 'statistics', networkId, year],
    queryFn: ({ signal }) =>
      call(cityNetworksRoutes.networkStatistics, { params: { networkId }, query: { year }, signal }),
    enabled: Boolean(networkId),
  });
  const isAdmin = me.data?.isPlatformAdmin ?? false;
  return (
    <Page title={t('city-networks.analysisTitle')}>
      <Text>{t('city-networks.analysisIntro')}</Text>
      <Alert variant="light" title={t('city-networks.withheldTitle')}>
        {t('city-networks.withheldBody', { max: (stats.data?.smallCellMin ?? 5) - 1 })}{' '}
        {t('city-networks.pooledBody', { min: stats.data?.minPooledCities ?? 3 })}
      </Alert>
      {isAdmin && <AdminPanel />}
      {networks.isPending ? (
        <Loading />
      ) : networks.error ? (
        <ErrorAlert error={networks.error} />
      ) : !networks.data.items.length ? (
        <Text c="dimmed">{t('city-networks.noNetworks')}</Text>
      ) : (
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t('city-networks.network')}
            value={networkId}
            onChange={(e) => setChosen(e.currentTarget.value)}
            data={networks.data.items.map((n) => ({ value: n.id, label: n.name }))}
            data-testid="network-select"
          />
          <NativeSelect
            label={t('city-networks.year')}
            value={String(year)}
            onChange={(e) => setYear(Number(e.currentTarget.value))}
            data={years.map((y) => String(y))}
          />
        </Group>
      )}
      {isAdmin && networkId && <DesignateAnalyst networkId={networkId} />}
      {stats.isPending && networkId ? <Loading /> : null}
      {stats.error && <ErrorAlert error={stats.error} />}
      {stats.data && (
        <Stack gap="md">
          <Text data-testid="network-summary">
            {t('city-networks.summary', {
              members: stats.data.memberCount,
              named: stats.data.namedCount,
              pooled: stats.data.pooledCount,
            })}
          </Text>
          {stats.data.measures.map((m) => (
            <MeasureTable key={m.key} m={m} />
          ))}
        </Stack>
      )}
    </Page>
  );
}
