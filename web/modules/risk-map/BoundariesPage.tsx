import { Alert, Button, Group, List, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ChangeEvent } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { BOUNDARY_LIMITS, riskMapRoutes, type UploadResult } from '../../../contracts/index.js';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ScrollTable } from '../../components/ScrollTable';
import { ApiError, call } from '../../lib/api';
import { useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { riskMapKey, useBoundarySets } from './risk-map.queries';

/** The text properties of the first features, offered as the name property. */
function propertyNames(text: string): string[] {
  try {
    const doc = JSON.parse(text) as { features?: { properties?: Record<string, unknown> }[] };
    const names = new Set<string>();
    for (const f of (doc.features ?? []).slice(0, 20))
      for (const [key, value] of Object.entries(f.properties ?? {}))
        if (typeof value === 'string') names.add(key);
    return [...names];
  } catch {
    return [];
  }
}

/** Uploading the city's neighbourhoods (GeoJSON): check first, then store as a new version. */
export function BoundariesPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const fmt = useFormat();
  const client = useQueryClient();
  const sets = useBoundarySets(cityId);
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState('');
  const [properties, setProperties] = useState<string[]>([]);
  const [nameProperty, setNameProperty] = useState('');
  const [tooBig, setTooBig] = useState(false);
  const [result, setResult] = useState<UploadResult | null>(null);
  const send = useMutation({
    mutationFn: (dryRun: boolean) =>
      call(riskMapRoutes.uploadBoundaries, {
        params: { cityId },
        body: { geojson: text, nameProperty, dryRun },
      }),
    onSuccess: async (r) => {
      setResult(r);
      if (!r.dryRun) await client.invalidateQueries({ queryKey: riskMapKey(cityId) });
    },
    onError: () => setResult(null),
  });
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    setResult(null);
    send.reset();
    if (!file) return;
    setFileName(file.name);
    const content = await file.text();
    setTooBig(content.length > BOUNDARY_LIMITS.fileChars);
    setText(content);
    const names = propertyNames(content);
    setProperties(names);
    setNameProperty(names.find((n) => /name|ime|emri|jina|nom|اسم/i.test(n)) ?? names[0] ?? '');
  };
  const problems = send.error instanceof ApiError ? (send.error.problem.errors ?? []) : [];
  const ready = text && nameProperty && !tooBig;
  return (
    <Page title={t('risk-map.boundaries.title')}>
      <Text>{t('risk-map.boundaries.intro', { max: fmt.number(BOUNDARY_LIMITS.features) })}</Text>
      <Stack gap="sm" maw={560}>
        <label htmlFor="boundary-file">
          <Text fw={500} size="sm">
            {t('risk-map.boundaries.file')}
          </Text>
        </label>
        <input
          id="boundary-file"
          type="file"
          accept=".geojson,.json,application/geo+json,application/json"
          onChange={(e) => void onFile(e)}
          data-testid="boundary-file"
        />
        {fileName && (
          <Text size="sm" c="dimmed">
            <bdi>{fileName}</bdi>
          </Text>
        )}
        {tooBig && (
          <Alert color="red" role="alert">
            {t('risk-map.boundaries.tooBig')}
          </Alert>
        )}
        {properties.length > 0 && (
          <NativeSelect
            label={t('risk-map.boundaries.nameProperty')}
            description={t('risk-map.boundaries.namePropertyHelp')}
            data={properties}
            value={nameProperty}
            onChange={(e) => setNameProperty(e.currentTarget.value)}
            data-testid="boundary-name-property"
          />
        )}
        {text && properties.length === 0 && (
          <Text size="sm" c="red">
            {t('risk-map.boundaries.noProperties')}
          </Text>
        )}
        <Group>
          <Button
            variant="light"
            disabled={!ready}
            loading={send.isPending && send.variables === true}
            onClick={() => send.mutate(true)}
            data-testid="boundary-check"
          >
            {t('risk-map.boundaries.check')}
          </Button>
          <Button
            disabled={!ready}
            loading={send.isPending && send.variables === false}
            onClick={() => send.mutate(false)}
            data-testid="boundary-upload"
          >
            {t('risk-map.boundaries.upload')}
          </Button>
        </Group>
      </Stack>
      {send.error && (
        <Alert
          color="red"
          role="alert"
          title={t('risk-map.boundaries.refused')}
          data-testid="boundary-errors"
        >
          {problems.length === 0 ? (
            <Text size="sm">
              {send.error instanceof ApiError ? send.error.problem.title : t('errors.internal')}
            </Text>
          ) : (
            <List size="sm">
              {problems.map((p, i) => {
                const feature = /features\[(\d+)\]/.exec(p.path);
                return (
                  <List.Item key={i}>
                    <Text size="sm" fw={500} span>
                      {feature
                        ? t('risk-map.boundaries.feature', { number: Number(feature[1]) + 1 })
                        : t('risk-map.boundaries.wholeFile')}
                      {': '}
                      {t(`risk-map.geoError.${p.code}`, { defaultValue: p.code })}
                    </Text>{' '}
                    <Text size="xs" c="dimmed" span>
                      <bdi>{p.message}</bdi>
                    </Text>
                  </List.Item>
                );
              })}
            </List>
          )}
        </Alert>
      )}
      {result && (
        <Alert color={result.dryRun ? 'blue' : 'green'} role="status" data-testid="boundary-result">
          <Text size="sm">
            {result.dryRun
              ? t('risk-map.boundaries.checked', { count: result.names.length })
              : t('risk-map.boundaries.stored', {
                  version: result.set?.version ?? 0,
                  count: result.names.length,
                })}
          </Text>
          <Text size="sm">
            {t('risk-map.boundaries.points', {
              uploaded: fmt.number(result.pointsUploaded),
              kept: fmt.number(result.pointsKept),
            })}
          </Text>
          {result.added.length > 0 && (
            <Text size="sm">
              {t('risk-map.boundaries.added')}: <bdi>{result.added.join(', ')}</bdi>
            </Text>
          )}
          {result.dropped.length > 0 && (
            <Text size="sm">
              {t('risk-map.boundaries.dropped')}: <bdi>{result.dropped.join(', ')}</bdi>
            </Text>
          )}
        </Alert>
      )}
      <Title order={2} size="h3">
        {t('risk-map.boundaries.versions')}
      </Title>
      {sets.isPending ? (
        <Loading />
      ) : sets.data && sets.data.items.length > 0 ? (
        <ScrollTable label={t('risk-map.boundaries.versions')} minWidth={420}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('risk-map.boundaries.version')}</Table.Th>
                <Table.Th>{t('risk-map.boundaries.uploaded')}</Table.Th>
                <Table.Th>{t('risk-map.boundaries.features')}</Table.Th>
                <Table.Th>{t('risk-map.boundaries.nameProperty')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sets.data.items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>{s.version}</Table.Td>
                  <Table.Td>
                    {fmt.date(s.uploadedAt)} {s.uploadedByName && <bdi>({s.uploadedByName})</bdi>}
                  </Table.Td>
                  <Table.Td>{fmt.number(s.featureCount)}</Table.Td>
                  <Table.Td>
                    <bdi>{s.nameProperty}</bdi>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      ) : (
        <Text c="dimmed">{t('risk-map.noBoundaries')}</Text>
      )}
    </Page>
  );
}
