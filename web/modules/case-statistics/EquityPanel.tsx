import { Card, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { genders, type CaseKind, type EquityQuarter, type EquityShare } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { ShareTable, Withheld, type ShareRow } from './StatTables';
import { useCaseEquity } from './statistics.queries';

type Gender = (typeof genders)[number];

/** Whom the network works with, quarter by quarter: minors, gender, police-led, consent recorded. */
export function EquityPanel({ cityId, workflow }: { cityId: string; workflow: CaseKind | undefined }) {
  const { t } = useTranslation();
  const equity = useCaseEquity(cityId, workflow);
  const [gender, setGender] = useState<Gender>('female');
  const all = equity.data?.quarters ?? [];
  // Quarters before the first situation are left out (they would only repeat "no situations").
  const first = all.findIndex((q) => q.total.suppressed || (q.total.value ?? 0) > 0);
  const quarters = first === -1 ? all.slice(-1) : all.slice(first);
  const current = all[all.length - 1]?.quarter;
  return (
    <Stack component="section" aria-labelledby="equity-title" gap="sm" data-testid="equity">
      <Title order={2} size="h3" id="equity-title">
        {t('case-statistics.equityTitle')}
      </Title>
      <Text size="sm">{t('case-statistics.equityIntro')}</Text>
      <ErrorAlert error={equity.error} />
      {equity.isPending && <Loading />}
      {equity.data && (
        <>
          {first > 0 && (
            <Text size="xs" c="dimmed">
              {t('case-statistics.equityEarlierEmpty')}
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
            <ShareCard
              id="minors"
              title={t('case-statistics.equityMinors')}
              base={t('case-statistics.baseAll')}
              quarters={quarters}
              current={current}
              pick={(q) => q.minors}
            />
            <ShareCard
              id="gender"
              title={t('case-statistics.equityGender')}
              base={t('case-statistics.baseAll')}
              quarters={quarters}
              current={current}
              pick={(q) => q.gender.find((g) => g.key === gender)}
              control={
                <NativeSelect
                  label={t('case-statistics.gender')}
                  value={gender}
                  onChange={(e) => setGender(e.currentTarget.value as Gender)}
                  data={genders.map((g) => ({ value: g, label: t(`cases.gender.${g}`) }))}
                  data-testid="equity-gender-select"
                />
              }
            />
            <ShareCard
              id="police"
              title={t('case-statistics.equityPoliceLed')}
              base={t('case-statistics.baseLead')}
              quarters={quarters}
              current={current}
              pick={(q) => q.policeLed}
            />
            <ShareCard
              id="consent"
              title={t('case-statistics.equityConsent')}
              base={t('case-statistics.baseNotRejected')}
              quarters={quarters}
              current={current}
              pick={(q) => q.consentRecorded}
            />
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}

function ShareCard({
  id,
  title,
  base,
  quarters,
  current,
  pick,
  control,
}: {
  id: string;
  title: string;
  base: string;
  quarters: EquityQuarter[];
  current: string | undefined;
  pick: (q: EquityQuarter) => EquityShare | undefined;
  control?: ReactNode;
}) {
  const { t } = useTranslation();
  const describe = useShareText();
  const rows: ShareRow[] = quarters.map((q) => {
    const s = pick(q);
    return {
      key: q.quarter,
      label: <QuarterLabel quarter={q.quarter} current={q.quarter === current} />,
      share: s?.share ?? null,
      suppressed: !!s && (s.suppressed || s.base.suppressed),
      text: describe(q, s),
    };
  });
  return (
    <Card
      withBorder
      padding="md"
      component="section"
      aria-labelledby={`equity-${id}`}
      data-testid={`equity-${id}`}
    >
      <Stack gap="xs">
        <Title order={3} size="h4" id={`equity-${id}`}>
          {title}
        </Title>
        <Text size="sm" c="dimmed" id={`equity-${id}-base`}>
          {base}
        </Text>
        {control}
        <ShareTable
          labelledBy={`equity-${id}`}
          describedBy={`equity-${id}-base`}
          labelHeader={t('case-statistics.quarter')}
          valueHeader={t('case-statistics.share')}
          rows={rows}
          testId={`equity-${id}-table`}
        />
      </Stack>
    </Card>
  );
}

/** "Q3 2026", marked "so far" for the quarter still running. */
function QuarterLabel({ quarter, current }: { quarter: string; current: boolean }) {
  const { t } = useTranslation();
  const [year, q] = quarter.split('-Q');
  return (
    <>
      {t('case-statistics.quarterLabel', { year, quarter: q })}
      {current && (
        <Text span size="xs" c="dimmed">
          {' '}
          {t('case-statistics.soFar')}
        </Text>
      )}
    </>
  );
}

function useShareText() {
  const { t, i18n } = useTranslation();
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  const number = new Intl.NumberFormat(i18n.language);
  return (q: EquityQuarter, s: EquityShare | undefined): ReactNode => {
    if (!q.total.suppressed && q.total.value === 0) return t('case-statistics.noSituations');
    if (!s || s.suppressed || s.base.suppressed) return <Withheld />;
    if (!s.base.value || s.share === null) return t('case-statistics.noBase');
    return t('case-statistics.shareOf', {
      share: percent.format(s.share),
      n: number.format(s.value ?? 0),
      base: number.format(s.base.value),
    });
  };
}
