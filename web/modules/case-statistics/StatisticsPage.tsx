import {
  Alert,
  Button,
  Card,
  NativeSelect,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useId, useState, type CSSProperties, type ReactNode } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  caseWorkflows,
  SMALL_CELL_MIN,
  type CaseKind,
  type CaseStatistics,
  type StatisticCell,
  type StatisticDimension,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { useCan, useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { EquityPanel } from './EquityPanel';
import { CountTable, Withheld, type CountRow } from './StatTables';
import { rtdCsvHref, useCaseStatistics, type StatisticsFilters } from './statistics.queries';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** De-identified counts per dimension, the equity panel and (for open-data holders) the RTD CSV. */
export function StatisticsPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [workflow, setWorkflow] = useState<CaseKind | ''>('');
  const [showZeros, setShowZeros] = useState(false);
  // A half-typed date is not sent: only complete ISO dates reach the server.
  const [debounced] = useDebouncedValue({ from, to }, 300);
  const filters: StatisticsFilters = {
    from: isoDate.test(debounced.from) ? debounced.from : undefined,
    to: isoDate.test(debounced.to) ? debounced.to : undefined,
    workflow: workflow || undefined,
  };
  // The server counts whole months and refuses an end month before the start month: say so here.
  const rangeError =
    !!filters.from && !!filters.to && filters.to.slice(0, 7) < filters.from.slice(0, 7)
      ? t('case-statistics.toBeforeFrom')
      : undefined;
  const stats = useCaseStatistics(cityId, filters, !rangeError);
  const min = stats.data?.smallCellMin ?? SMALL_CELL_MIN;
  return (
    <Page title={t('case-statistics.title')}>
      <Text>{t('case-statistics.intro')}</Text>
      <Alert
        color="blue"
        variant="light"
        title={t('case-statistics.smallTitle')}
        data-testid="stats-suppression"
      >
        <Stack gap={6}>
          <Text size="sm">{t('case-statistics.smallBody', { max: min - 1 })}</Text>
          <Text size="sm">
            <Withheld /> {t('case-statistics.withheldMeans', { max: min - 1 })}
          </Text>
        </Stack>
      </Alert>
      <Card
        withBorder
        padding="sm"
        component="section"
        aria-labelledby="stats-filters"
        // Mantine's error red (red-6) is 3.3:1 on white; the theme's red text reaches 4.5:1.
        style={{ '--mantine-color-error': 'var(--mantine-color-red-text)' } as CSSProperties}
      >
        <Stack gap="sm">
          <Title order={2} size="h5" id="stats-filters">
            {t('case-statistics.filters')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm" verticalSpacing="xs">
            <TextInput
              type="date"
              label={t('case-statistics.from')}
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
              data-testid="stats-from"
            />
            <TextInput
              type="date"
              label={t('case-statistics.to')}
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
              error={rangeError}
              data-testid="stats-to"
            />
            <NativeSelect
              label={t('case-statistics.workflow')}
              value={workflow}
              onChange={(e) => setWorkflow(e.currentTarget.value as CaseKind | '')}
              data={[
                { value: '', label: t('case-statistics.allWorkflows') },
                ...caseWorkflows.map((w) => ({ value: w, label: t(`cases.workflow.${w}`) })),
              ]}
              data-testid="stats-workflow"
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            {t('case-statistics.monthsNote')}
          </Text>
          <Switch
            label={t('case-statistics.showZeros')}
            checked={showZeros}
            onChange={(e) => setShowZeros(e.currentTarget.checked)}
            data-testid="stats-show-zeros"
          />
        </Stack>
      </Card>
      {can('cases.open-data') && <OpenData cityId={cityId} filters={filters} ready={!rangeError} />}
      <ErrorAlert error={stats.error} />
      {stats.isPending && <Loading />}
      {stats.data && !rangeError && <Counts data={stats.data} showZeros={showZeros} />}
      <EquityPanel cityId={cityId} workflow={workflow || undefined} />
    </Page>
  );
}

function OpenData({
  cityId,
  filters,
  ready,
}: {
  cityId: string;
  filters: StatisticsFilters;
  ready: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="stats-open-data">
      <Stack gap="xs">
        <Title order={2} size="h5" id="stats-open-data">
          {t('case-statistics.openDataTitle')}
        </Title>
        <Text size="sm" id="stats-open-data-help">
          {t('case-statistics.openDataHelp')}
        </Text>
        {ready && (
          <Button
            component="a"
            href={rtdCsvHref(cityId, filters)}
            download
            variant="default"
            style={{ alignSelf: 'flex-start' }}
            aria-describedby="stats-open-data-help"
            data-testid="stats-csv"
          >
            {t('case-statistics.downloadCsv')}
          </Button>
        )}
      </Stack>
    </Card>
  );
}

/** Labels of every dimension's codes, in the UI language (risk categories come labelled from the server). */
function useLabels() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return {
    stage: (c: StatisticCell) => t(`cases.stage.${c.key}`, { defaultValue: c.key }),
    subjectKind: (c: StatisticCell) => t(`cases.subject.${c.key}`, { defaultValue: c.key }),
    ageBand: (c: StatisticCell) =>
      c.key === 'unknown' ? t('case-statistics.ageUnknown') : <bdi dir="ltr">{c.key}</bdi>,
    gender: (c: StatisticCell) => t(`cases.gender.${c.key}`, { defaultValue: c.key }),
    risk: (c: StatisticCell) => {
      if (c.key === 'none') return t('case-statistics.riskNone');
      if (c.key === 'unmapped') return t('case-statistics.riskUnmapped');
      return c.labels?.[lang] ?? c.labels?.en ?? humanise(c.key);
    },
    outcome: (c: StatisticCell) =>
      ['open', 'rejected', 'not-recorded'].includes(c.key)
        ? t(`case-statistics.outcomeExtra.${c.key}`)
        : t(`cases.outcome.${c.key}`, { defaultValue: humanise(c.key) }),
    leadSector: (c: StatisticCell) =>
      c.key === 'none'
        ? t('case-statistics.noLead')
        : t(`network.sectors.${c.key}`, { defaultValue: humanise(c.key) }),
  };
}

/** "public-health-and-safety" → "Public health and safety": better than a code when no label exists. */
function humanise(code: string): string {
  const words = code.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const stageGroups: readonly (readonly string[])[] = [
  ['filter-1', 'filter-2', 'filter-3', 'filter-4'],
  ['screening', 'assessment', 'consent', 'support'],
];

function Counts({ data, showZeros }: { data: CaseStatistics; showZeros: boolean }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  // The period's ends are calendar days in UTC: formatted in UTC, so no time zone moves them a day.
  const dayFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' });
  const day = (iso: string) => dayFormat.format(new Date(`${iso}T00:00:00Z`));
  const labels = useLabels();
  // Without a workflow filter both workflows' stages come back; a workflow's stages that are all a
  // shown zero (the city does not use it) are left out rather than listed as four zeros.
  const stageCells = data.byStage.cells.filter(
    (c) =>
      !stageGroups.some(
        (group) =>
          group.includes(c.key) &&
          data.byStage.cells.filter((x) => group.includes(x.key)).every((x) => x.value === 0),
      ),
  );
  const dims: {
    id: string;
    title: string;
    header: string;
    dim: StatisticDimension;
    cells?: StatisticCell[];
    label: (c: StatisticCell) => ReactNode;
    note?: string;
  }[] = [
    {
      id: 'stage',
      title: t('case-statistics.byStage'),
      header: t('case-statistics.stage'),
      dim: data.byStage,
      cells: stageCells,
      label: labels.stage,
    },
    {
      // Every workflow's stages mapped onto the common categories: comparable across models.
      id: 'category',
      title: t('cases.wf.byCategory'),
      header: t('cases.wf.category'),
      dim: data.byCategory,
      label: (c: StatisticCell) => t(`cases.wf.categoryName.${c.key}`, { defaultValue: c.key }),
    },
    {
      id: 'subject',
      title: t('case-statistics.bySubjectKind'),
      header: t('case-statistics.subjectKind'),
      dim: data.bySubjectKind,
      label: labels.subjectKind,
    },
    {
      id: 'age',
      title: t('case-statistics.byAgeBand'),
      header: t('case-statistics.ageBand'),
      dim: data.byAgeBand,
      label: labels.ageBand,
    },
    {
      id: 'gender',
      title: t('case-statistics.byGender'),
      header: t('case-statistics.gender'),
      dim: data.byGender,
      label: labels.gender,
    },
    {
      id: 'risk',
      title: t('case-statistics.byRiskCategory'),
      header: t('case-statistics.riskCategory'),
      dim: data.byRiskCategory,
      label: labels.risk,
      note: t('case-statistics.riskNote'),
    },
    {
      id: 'outcome',
      title: t('case-statistics.byOutcome'),
      header: t('case-statistics.outcome'),
      dim: data.byOutcome,
      label: labels.outcome,
    },
    {
      id: 'lead',
      title: t('case-statistics.byLeadSector'),
      header: t('case-statistics.leadSector'),
      dim: data.byLeadSector,
      label: labels.leadSector,
      note: t('case-statistics.leadNote'),
    },
  ];
  return (
    <Stack gap="md" data-testid="stats-counts">
      <Text data-testid="stats-total">
        {data.total.suppressed
          ? t('case-statistics.totalWithheld', { min: data.smallCellMin })
          : t('case-statistics.total', { n: fmt.number(data.total.value ?? 0) })}{' '}
        {data.period.from && data.period.to
          ? t('case-statistics.periodCounted', { from: day(data.period.from), to: day(data.period.to) })
          : data.period.from
            ? t('case-statistics.periodFrom', { from: day(data.period.from) })
            : data.period.to
              ? t('case-statistics.periodTo', { to: day(data.period.to) })
              : t('case-statistics.allTime')}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {dims.map((d) => (
          <DimensionCard key={d.id} {...d} showZeros={showZeros} />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

function DimensionCard({
  id,
  title,
  header,
  dim,
  cells,
  label,
  note,
  showZeros,
}: {
  id: string;
  title: string;
  header: string;
  dim: StatisticDimension;
  cells?: StatisticCell[];
  label: (c: StatisticCell) => ReactNode;
  note?: string;
  showZeros: boolean;
}) {
  const { t } = useTranslation();
  const headingId = `stats-${id}-${useId().replace(/:/g, '')}`;
  const all = cells ?? dim.cells;
  const visible = showZeros ? all : all.filter((c) => c.suppressed || c.value !== 0);
  const hidden = all.length - visible.length;
  const rows: CountRow[] = visible.map((c) => ({
    key: c.key,
    label: label(c),
    value: c.value,
    suppressed: c.suppressed,
  }));
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={headingId} data-testid={`stats-${id}`}>
      <Stack gap="xs">
        <Title order={2} size="h4" id={headingId}>
          {title}
        </Title>
        {note && (
          <Text size="sm" c="dimmed">
            {note}
          </Text>
        )}
        {rows.length > 0 ? (
          <CountTable labelledBy={headingId} labelHeader={header} rows={rows} testId={`stats-${id}-table`} />
        ) : (
          <Text size="sm">{t('case-statistics.noneCounted')}</Text>
        )}
        {hidden > 0 && (
          <Text size="xs" c="dimmed">
            {t('case-statistics.zerosHidden', { n: hidden })}
          </Text>
        )}
      </Stack>
    </Card>
  );
}
