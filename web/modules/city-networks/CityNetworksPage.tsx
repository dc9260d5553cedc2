import {
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  CITY_NETWORK_JOIN_SUBJECT,
  cityNetworksRoutes,
  meetingsRoutes,
  templateKinds,
  type TemplateKind,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ScrollTable } from '../../components/ScrollTable';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';

type NetworkItem = Awaited<ReturnType<typeof listNetworks>>['items'][number];
const listNetworks = (cityId: string, signal?: AbortSignal) =>
  call(cityNetworksRoutes.listNetworksForCity, { params: { cityId }, signal });
const key = (cityId: string) => ['city-networks', 'city', cityId] as const;

/** Joining: pick a passed decision of a quorate meeting about joining, or record one in a held meeting. */
function JoinPanel({ cityId, network }: { cityId: string; network: NetworkItem }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const decisions = useQuery({
    queryKey: [...key(cityId), 'decisions', network.id],
    queryFn: ({ signal }) =>
      call(cityNetworksRoutes.listJoinDecisions, { params: { cityId, networkId: network.id }, signal }),
  });
  const past = useQuery({
    queryKey: ['meetings', cityId, 'past-for-city-network'],
    queryFn: ({ signal }) =>
      call(meetingsRoutes.listMeetings, { params: { cityId }, query: { when: 'past', limit: 20 }, signal }),
  });
  const held = (past.data?.items ?? []).filter((m) => m.status !== 'cancelled');
  const [meetingId, setMeetingId] = useState('');
  const chosenMeeting = meetingId || held[0]?.id || '';
  const record = useMutation({
    mutationFn: () =>
      call(meetingsRoutes.recordDecision, {
        params: { cityId, meetingId: chosenMeeting },
        body: {
          text: t('city-networks.join.decisionText', { name: network.name }),
          subjectType: CITY_NETWORK_JOIN_SUBJECT,
          subjectId: network.id,
        },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...key(cityId), 'decisions', network.id] }),
  });
  const join = useMutation({
    mutationFn: (decisionId: string) =>
      call(cityNetworksRoutes.joinNetwork, {
        params: { cityId, networkId: network.id },
        body: { decisionId, named: false },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key(cityId) }),
  });
  if (decisions.isPending) return <Loading />;
  const eligible = (decisions.data?.items ?? []).filter((d) => d.eligible);
  return (
    <Stack gap="xs">
      <Text size="sm">{t('city-networks.join.how')}</Text>
      {eligible.map((d) => (
        <Group key={d.id} wrap="wrap">
          <Text size="sm">
            {fmt.date(d.recordedAt)} — <bdi>{d.text}</bdi>
          </Text>
          <Button
            size="xs"
            onClick={() => join.mutate(d.id)}
            loading={join.isPending}
            data-testid="network-join"
          >
            {t('city-networks.join.button')}
          </Button>
        </Group>
      ))}
      {!eligible.length && held.length > 0 && (
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t('city-networks.join.meeting')}
            value={chosenMeeting}
            onChange={(e) => setMeetingId(e.currentTarget.value)}
            data={held.map((m) => ({ value: m.id, label: `${fmt.date(m.startsAt)} — ${m.title}` }))}
          />
          <Button variant="light" onClick={() => record.mutate()} loading={record.isPending}>
            {t('city-networks.join.record')}
          </Button>
        </Group>
      )}
      {!eligible.length && !held.length && <Text c="dimmed">{t('city-networks.join.noMeetings')}</Text>}
      {(record.error || join.error) && <ErrorAlert error={record.error ?? join.error} />}
    </Stack>
  );
}

function MemberPanel({ cityId, network }: { cityId: string; network: NetworkItem }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<TemplateKind>('structure');
  const [title, setTitle] = useState('');
  const invalidate = () => queryClient.invalidateQueries({ queryKey: key(cityId) });
  const naming = useMutation({
    mutationFn: (named: boolean) =>
      call(cityNetworksRoutes.setNaming, { params: { cityId, networkId: network.id }, body: { named } }),
    onSuccess: invalidate,
  });
  const leave = useMutation({
    mutationFn: () => call(cityNetworksRoutes.leaveNetwork, { params: { cityId, networkId: network.id } }),
    onSuccess: invalidate,
  });
  const publish = useMutation({
    mutationFn: () =>
      call(cityNetworksRoutes.publishTemplate, {
        params: { cityId, networkId: network.id },
        body: { kind, title },
      }),
    onSuccess: async () => {
      setTitle('');
      await invalidate();
    },
  });
  const m = network.membership!;
  return (
    <Stack gap="sm">
      <Text size="sm">{t('city-networks.memberSince', { date: fmt.date(m.joinedAt) })}</Text>
      <Switch
        checked={m.named}
        onChange={(e) => naming.mutate(e.currentTarget.checked)}
        label={t('city-networks.naming.label')}
        description={t('city-networks.naming.help')}
        data-testid="network-naming"
      />
      <Group align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('city-networks.publish.kind')}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as TemplateKind)}
          data={templateKinds.map((k) => ({ value: k, label: t(`city-networks.kinds.${k}`) }))}
        />
        <TextInput
          label={t('city-networks.publish.title')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <Button onClick={() => publish.mutate()} loading={publish.isPending} disabled={!title.trim()}>
          {t('city-networks.publish.button')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed">
        {t('city-networks.publish.help')}
      </Text>
      <Group>
        <Button
          color="red"
          variant="outline"
          size="xs"
          onClick={() => leave.mutate()}
          loading={leave.isPending}
        >
          {t('city-networks.leave')}
        </Button>
      </Group>
      {(naming.error || leave.error || publish.error) && (
        <ErrorAlert error={naming.error ?? leave.error ?? publish.error} />
      )}
    </Stack>
  );
}

function Library({ cityId, canImport }: { cityId: string; canImport: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const library = useQuery({
    queryKey: [...key(cityId), 'library'],
    queryFn: ({ signal }) => call(cityNetworksRoutes.listSharedTemplates, { params: { cityId }, signal }),
  });
  const imports = useQuery({
    queryKey: [...key(cityId), 'imports'],
    queryFn: ({ signal }) => call(cityNetworksRoutes.listTemplateImports, { params: { cityId }, signal }),
  });
  const doImport = useMutation({
    mutationFn: (templateId: string) =>
      call(cityNetworksRoutes.importTemplate, { params: { cityId, templateId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...key(cityId), 'imports'] }),
  });
  if (library.isPending || imports.isPending) return <Loading />;
  return (
    <Stack gap="md">
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('city-networks.library.title')}
        </Title>
        {!library.data?.items.length ? (
          <Text c="dimmed">{t('city-networks.library.empty')}</Text>
        ) : (
          <ScrollTable label={t('city-networks.library.title')}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('city-networks.library.template')}</Table.Th>
                  <Table.Th scope="col">{t('city-networks.library.provenance')}</Table.Th>
                  <Table.Th scope="col">{t('city-networks.library.action')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {library.data.items.map((x) => (
                  <Table.Tr key={x.id}>
                    <Table.Td>
                      <bdi>{x.title}</bdi> <Badge variant="light">{t(`city-networks.kinds.${x.kind}`)}</Badge>
                    </Table.Td>
                    <Table.Td>
                      {t('city-networks.library.from', {
                        city: x.publisherCityName,
                        version: x.version,
                        network: x.networkName,
                        date: fmt.date(x.publishedAt),
                      })}
                    </Table.Td>
                    <Table.Td>
                      {canImport && x.publisherCityId !== cityId && (
                        <Button size="xs" variant="light" onClick={() => doImport.mutate(x.id)}>
                          {t('city-networks.library.import')}
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        {doImport.error && <ErrorAlert error={doImport.error} />}
      </Card>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('city-networks.imports.title')}
        </Title>
        {!imports.data?.items.length ? (
          <Text c="dimmed">{t('city-networks.imports.empty')}</Text>
        ) : (
          <Stack gap={4}>
            {imports.data.items.map((x) => (
              <Text key={x.id} size="sm" data-testid="network-import">
                <bdi>{x.title}</bdi> —{' '}
                {t('city-networks.library.from', {
                  city: x.provenance.publisherCityName,
                  version: x.provenance.version,
                  network: x.provenance.networkName,
                  date: fmt.date(x.provenance.publishedAt),
                })}
              </Text>
            ))}
          </Stack>
        )}
      </Card>
    </Stack>
  );
}

/** The chair's page: networks of cities, joining by decision, leaving, naming, shared templates. */
export function CityNetworksPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const networks = useQuery({ queryKey: key(cityId), queryFn: ({ signal }) => listNetworks(cityId, signal) });
  const manage = can('city-networks.manage');
  return (
    <Page title={t('city-networks.title')}>
      <Text>{t('city-networks.intro')}</Text>
      {networks.isPending ? (
        <Loading />
      ) : networks.error ? (
        <ErrorAlert error={networks.error} />
      ) : !networks.data.items.length ? (
        <Text c="dimmed">{t('city-networks.noNetworksYet')}</Text>
      ) : (
        networks.data.items.map((n) => (
          <Card withBorder key={n.id} data-testid="city-network">
            <Stack gap="xs">
              <Group justify="space-between" wrap="wrap">
                <Title order={2} size="h4">
                  <bdi>{n.name}</bdi>
                </Title>
                <Badge variant="light" color={n.membership ? 'green' : 'gray'}>
                  {n.membership ? t('city-networks.member') : t('city-networks.notMember')}
                </Badge>
              </Group>
              <Text size="sm" c="dimmed">
                {t(`city-networks.kinds.${n.kind}`)} · {t('city-networks.memberCount', { n: n.memberCount })}
              </Text>
              {manage &&
                (n.membership ? (
                  <MemberPanel cityId={cityId} network={n} />
                ) : (
                  <JoinPanel cityId={cityId} network={n} />
                ))}
            </Stack>
          </Card>
        ))
      )}
      {can('city-networks.templates') && <Library cityId={cityId} canImport={manage} />}
    </Page>
  );
}
