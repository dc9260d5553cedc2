import {
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { indicatorsRoutes, LIMITS } from '../../../contracts/index.js';
import type { z } from 'zod';
import type { dashboardIndicator } from '../../../contracts/indicators.contract.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ScrollTable } from '../../components/ScrollTable';
import { UserText } from '../../components/UserText';
import { useLimit } from '../../components/limit';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { fieldError } from '../../lib/fieldErrors';
import { useFormat } from '../../lib/format';

type Indicator = z.infer<typeof dashboardIndicator>;
const key = (cityId: string) => ['indicators', cityId] as const;

/** Target vs actual for every indicator, values to enter and approve, the library to adopt from. */
export function IndicatorsPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const dash = useQuery({
    queryKey: [...key(cityId), 'dashboard'],
    queryFn: ({ signal }) => call(indicatorsRoutes.indicatorDashboard, { params: { cityId }, signal }),
    retry: false,
  });
  return (
    <Page title={t('indicators.title')}>
      <Text size="sm" c="dimmed">
        {t('indicators.help')}
      </Text>
      {can('indicators.manage') && <Library cityId={cityId} />}
      {dash.isPending ? (
        <Loading />
      ) : dash.error ? (
        <ErrorAlert error={dash.error} />
      ) : dash.data.items.length === 0 ? (
        <Text c="dimmed">{t('indicators.none')}</Text>
      ) : (
        dash.data.items.map((i) => <IndicatorCard key={i.id} indicator={i} cityId={cityId} />)
      )}
    </Page>
  );
}

function useName() {
  const { i18n } = useTranslation();
  return (names: Record<string, string | undefined>) =>
    names[i18n.language] || names.en || Object.values(names).find(Boolean) || '';
}

function Library({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const name = useName();
  const queryClient = useQueryClient();
  const lib = useQuery({
    queryKey: [...key(cityId), 'library'],
    queryFn: ({ signal }) => call(indicatorsRoutes.indicatorLibrary, { params: { cityId }, signal }),
    retry: false,
  });
  const [chosen, setChosen] = useState('');
  const adopt = useMutation({
    mutationFn: (k: string) =>
      call(indicatorsRoutes.adoptLibraryIndicator, { params: { cityId, key: k }, body: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key(cityId) }),
  });
  const items = lib.data?.items ?? [];
  const value = chosen || items[0]?.key || '';
  if (!items.length) return null;
  return (
    <Group align="flex-end" wrap="wrap">
      <NativeSelect
        label={t('indicators.library')}
        value={value}
        onChange={(e) => setChosen(e.currentTarget.value)}
        data={items.map((i) => ({ value: i.key, label: `${i.code} ${name(i.names)}` }))}
        style={{ flex: 1, minWidth: 240 }}
        data-testid="indicator-library"
      />
      <Button onClick={() => adopt.mutate(value)} loading={adopt.isPending} data-testid="indicator-adopt">
        {t('indicators.adopt')}
      </Button>
      <ErrorAlert error={adopt.error} />
    </Group>
  );
}

function IndicatorCard({ indicator: i, cityId }: { indicator: Indicator; cityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const can = useCan();
  const name = useName();
  const show = (v: number | null, withheld = false) =>
    withheld ? t('indicators.withheld') : v === null ? '—' : `${fmt.number(v)}${i.unit === '%' ? ' %' : ''}`;
  return (
    <Card withBorder padding="md" data-testid="indicator">
      <Stack gap="xs" component="section" aria-labelledby={`ind-${i.id}`}>
        <Group gap="xs">
          <Title order={2} size="h4" id={`ind-${i.id}`}>
            <UserText>{`${i.code} ${name(i.names)}`}</UserText>
          </Title>
          <Badge variant="light">{t(`indicators.types.${i.type}`)}</Badge>
          {i.source !== 'manual' && (
            <Badge variant="light" color="grape">
              {t(`indicators.sources.${i.source}`)}
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {t(`indicators.direction.${i.direction}`)}
          {i.baseline
            ? ` · ${t('indicators.baseline', { value: show(i.baseline.value), date: fmt.date(i.baseline.on) })}`
            : ''}
          {i.meansOfVerification ? ` · ${i.meansOfVerification}` : ''}
        </Text>
        {i.rows.length > 0 && <TargetChart indicator={i} />}
        {i.rows.length > 0 && (
          <ScrollTable label={name(i.names)} minWidth={520}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('indicators.period')}</Table.Th>
                  <Table.Th scope="col" style={{ textAlign: 'end' }}>
                    {t('indicators.target')}
                  </Table.Th>
                  <Table.Th scope="col" style={{ textAlign: 'end' }}>
                    {t('indicators.actual')}
                  </Table.Th>
                  <Table.Th scope="col">{t('indicators.progress')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {i.rows.map((r) => (
                  <Table.Tr key={r.period}>
                    <Table.Th scope="row" fw={400}>
                      {r.period}
                    </Table.Th>
                    <Table.Td style={{ textAlign: 'end' }}>{show(r.target)}</Table.Td>
                    <Table.Td style={{ textAlign: 'end' }}>
                      {show(r.actual, r.withheld)}
                      {r.pendingValues > 0 && ` (${t('indicators.pending', { count: r.pendingValues })})`}
                    </Table.Td>
                    <Table.Td>
                      {r.progress.percent !== null ? `${r.progress.percent} % · ` : ''}
                      {t(`indicators.rules.${r.progress.rule.key}`, r.progress.rule.values)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        {i.source === 'manual' && can('indicators.enter-values') && (
          <EnterValue cityId={cityId} indicator={i} />
        )}
        {i.source === 'manual' && can('indicators.approve') && <Pending cityId={cityId} indicatorId={i.id} />}
      </Stack>
    </Card>
  );
}

/** Target and actual per period as bars, with a value axis, the values written out and a text alternative. */
function TargetChart({ indicator: i }: { indicator: Indicator }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const rtl = i18n.dir() === 'rtl';
  const rows = i.rows;
  const width = 560;
  const rowH = 30;
  const left = 70;
  const right = 50;
  const height = rows.length * rowH + 24;
  const max = Math.max(1, ...rows.flatMap((r) => [r.target ?? 0, r.actual ?? 0]));
  const w = (v: number) => ((width - left - right) * v) / max;
  const x = (v: number) => (rtl ? width - v : v);
  const alt = rows
    .map((r) =>
      t('indicators.chartRow', {
        period: r.period,
        target: r.target === null ? '—' : fmt.number(r.target),
        actual: r.withheld ? t('indicators.withheld') : r.actual === null ? '—' : fmt.number(r.actual),
      }),
    )
    .join('; ');
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: width }}
      role="img"
      aria-label={alt}
    >
      <line x1={x(left)} x2={x(left)} y1={0} y2={rows.length * rowH} stroke="currentColor" />
      <line
        x1={x(left)}
        x2={x(width - right)}
        y1={rows.length * rowH}
        y2={rows.length * rowH}
        stroke="currentColor"
      />
      <text x={x(left)} y={height - 4} fontSize={10} textAnchor={rtl ? 'end' : 'start'} fill="currentColor">
        0
      </text>
      <text
        x={x(width - right)}
        y={height - 4}
        fontSize={10}
        textAnchor={rtl ? 'start' : 'end'}
        fill="currentColor"
      >
        {fmt.number(max)}
      </text>
      {rows.map((r, k) => {
        const y0 = k * rowH + 4;
        const bar = (v: number, y: number, color: string) => (
          <rect
            x={rtl ? width - left - w(v) : left}
            y={y}
            width={Math.max(1, w(v))}
            height={10}
            fill={color}
          />
        );
        return (
          <g key={r.period}>
            <text
              x={x(left - 6)}
              y={y0 + 14}
              fontSize={11}
              textAnchor={rtl ? 'start' : 'end'}
              fill="currentColor"
            >
              {r.period}
            </text>
            {r.target !== null && bar(r.target, y0, 'var(--mantine-color-gray-5)')}
            {r.actual !== null && bar(r.actual, y0 + 12, 'var(--mantine-color-blue-7)')}
            <text
              x={x(left + w(Math.max(r.target ?? 0, r.actual ?? 0)) + 4)}
              y={y0 + 14}
              fontSize={10}
              textAnchor={rtl ? 'end' : 'start'}
              fill="currentColor"
            >
              {`${r.actual === null ? (r.withheld ? t('indicators.withheld') : '—') : fmt.number(r.actual)} / ${r.target === null ? '—' : fmt.number(r.target)}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function EnterValue({ cityId, indicator: i }: { cityId: string; indicator: Indicator }) {
  const { t } = useTranslation();
  const limit = useLimit();
  const queryClient = useQueryClient();
  const [period, setPeriod] = useState(i.targets.at(-1)?.period ?? String(new Date().getFullYear()));
  const [value, setValue] = useState<number>(0);
  const [source, setSource] = useState('');
  const enter = useMutation({
    mutationFn: () =>
      call(indicatorsRoutes.enterIndicatorValue, {
        params: { cityId, indicatorId: i.id },
        body: { period, value, source: source.trim(), neighbourhoodId: null },
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key(cityId) }),
  });
  return (
    <Group align="flex-start" wrap="wrap" gap="xs">
      <TextInput
        label={t('indicators.period')}
        description="2026, 2026-Q2, 2026-05"
        value={period}
        onChange={(e) => setPeriod(e.currentTarget.value)}
        error={fieldError(enter.error, 'period')}
        w={140}
      />
      <NumberInput
        label={t('indicators.value')}
        value={value}
        onChange={(v) => setValue(Number(v) || 0)}
        error={fieldError(enter.error, 'value')}
        w={140}
        data-testid="indicator-value"
      />
      <TextInput
        label={t('indicators.source')}
        value={source}
        onChange={(e) => setSource(e.currentTarget.value)}
        {...limit(LIMITS.label, source)}
        style={{ flex: 1, minWidth: 160 }}
      />
      <Button mt={24} onClick={() => enter.mutate()} loading={enter.isPending} data-testid="indicator-enter">
        {t('indicators.enter')}
      </Button>
      <ErrorAlert error={enter.error} shownOnFields={['period', 'value']} />
    </Group>
  );
}

function Pending({ cityId, indicatorId }: { cityId: string; indicatorId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const values = useQuery({
    queryKey: [...key(cityId), 'values', indicatorId],
    queryFn: ({ signal }) =>
      call(indicatorsRoutes.listIndicatorValues, { params: { cityId, indicatorId }, signal }),
  });
  const approve = useMutation({
    mutationFn: (valueId: string) =>
      call(indicatorsRoutes.approveIndicatorValue, { params: { cityId, indicatorId, valueId }, body: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: key(cityId) }),
  });
  const pending = (values.data?.items ?? []).filter((v) => v.status === 'pending');
  if (!pending.length) return null;
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {t('indicators.toApprove')}
      </Text>
      {pending.map((v) => (
        <Group key={v.id} gap="xs">
          <Text size="sm">
            {v.period}: {fmt.number(v.value)}
            {v.source ? ` (${v.source})` : ''}
          </Text>
          <Button
            size="compact-sm"
            variant="light"
            onClick={() => approve.mutate(v.id)}
            data-testid="indicator-approve"
          >
            {t('indicators.approve')}
          </Button>
        </Group>
      ))}
      <ErrorAlert error={approve.error} />
    </Stack>
  );
}
