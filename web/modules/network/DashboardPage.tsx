import { Card, Group, List, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { directionOf } from '../../lib/i18n';
import { BarChart, LineChart } from './charts';
import { useDashboard } from './network.queries';
import { UserText, isolate } from '../../components/UserText';

/** The chair's view of network health: members by sector, attendance, ToR acknowledgement, overdue actions. */
export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const cityId = useCityId();
  const fmt = useFormat();
  const { data, isLoading, error } = useDashboard(cityId);
  const percent = (share: number | null) =>
    share === null
      ? t('network.noData')
      : new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 }).format(share);
  const monthLabel = (month: string) =>
    new Intl.DateTimeFormat(i18n.language, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
      new Date(`${month}-01T00:00:00Z`),
    );
  // On the chart's time axis: month and year as digits ("3/26"), short enough for six on a phone.
  const monthTick = (month: string) =>
    new Intl.DateTimeFormat(i18n.language, { month: 'numeric', year: '2-digit', timeZone: 'UTC' })
      .format(new Date(`${month}-01T00:00:00Z`))
      // Arabic formats carry right-to-left marks that would reorder "3/26" on a left-to-right axis.
      .replace(/[\u200e\u200f\u061c]/g, '');
  return (
    <Page title={t('network.dashboardTitle')}>
      {isLoading && <Loading />}
      <ErrorAlert error={error} />
      {data && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Panel id="dash-sectors" title={t('network.activeBySector')}>
            <Text size="sm">
              {t('network.activeTotals', {
                formal: data.activeOrganisations.formal,
                external: data.activeOrganisations.external,
              })}
            </Text>
            {data.activeBySector.length ? (
              <BarChart
                label={t('network.activeBySector')}
                labelHeader={t('network.sector')}
                valueHeader={t('network.organisationsCount')}
                rtl={directionOf(i18n.language) === 'rtl'}
                testId="chart-sectors"
                data={data.activeBySector.map((s) => ({
                  label: t(`network.sectors.${s.sector}`),
                  value: s.formal + s.external,
                  display: fmt.number(s.formal + s.external),
                }))}
              />
            ) : (
              <Text size="sm">{t('network.noOrganisations')}</Text>
            )}
          </Panel>
          <Panel id="dash-attendance" title={t('network.attendanceTrend')}>
            <Text size="sm">{t('network.attendanceHint')}</Text>
            <LineChart
              label={t('network.attendanceTrend')}
              labelHeader={t('network.month')}
              valueHeader={t('network.attendanceShare')}
              testId="chart-attendance"
              formatValue={percent}
              data={data.attendanceTrend.map((m) => ({
                label: monthLabel(m.month),
                tick: monthTick(m.month),
                value: m.rate,
                display: m.meetings
                  ? `${percent(m.rate)} (${t('network.meetingsCount', { count: m.meetings })})`
                  : t('network.noMeetings'),
              }))}
            />
          </Panel>
          <Panel id="dash-tor" title={t('network.torAckTitle')}>
            {data.torAcknowledgement.version === null ? (
              <Text size="sm">{t('network.noAdoptedTor')}</Text>
            ) : (
              <Stack gap="xs" data-testid="tor-ack">
                <Group justify="space-between">
                  <Text size="sm">
                    {t('network.torVersion', { version: data.torAcknowledgement.version })}
                  </Text>
                  <Text fw={700}>{percent(data.torAcknowledgement.rate)}</Text>
                </Group>
                <Progress
                  value={(data.torAcknowledgement.rate ?? 0) * 100}
                  aria-label={t('network.torAckTitle')}
                />
                <Text size="sm">
                  {t('network.torAckCount', {
                    acknowledged: data.torAcknowledgement.acknowledged,
                    expected: data.torAcknowledgement.expected,
                  })}
                </Text>
              </Stack>
            )}
          </Panel>
          <Panel id="dash-overdue" title={t('network.overdueTitle', { count: data.overdueActions.count })}>
            {data.overdueActions.count === 0 ? (
              <Text size="sm">{t('network.noOverdue')}</Text>
            ) : (
              <List size="sm" data-testid="overdue-list">
                {data.overdueActions.items.map((item) => (
                  <List.Item key={item.id}>
                    <Text size="sm" fw={600} span>
                      <UserText>{item.title}</UserText>
                    </Text>{' '}
                    —{' '}
                    {t('network.overdueItem', {
                      owner: item.ownerName ? isolate(item.ownerName) : t('network.noOwner'),
                      date: fmt.date(item.dueOn),
                    })}
                  </List.Item>
                ))}
              </List>
            )}
          </Panel>
        </SimpleGrid>
      )}
    </Page>
  );
}

function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg">
      <Stack component="section" aria-labelledby={id} gap="sm">
        <Title order={2} size="h4" id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}
