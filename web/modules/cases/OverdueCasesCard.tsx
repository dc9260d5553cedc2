import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import { RouterAnchor } from '../../components/RouterLinks';
import { useFormat } from '../../lib/format';
import { StageBadge } from './CaseBadges';
import { useCases } from './cases.queries';

/** Situations whose response clock ran out, for the city home page (people with cases.read). */
export function OverdueCasesCard({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useCases(cityId, { overdue: true });
  const items = list.data?.pages[0]?.items.slice(0, 5) ?? [];
  // Case work may be off for this city (no mandate for referrals): then the card has nothing to say.
  if (list.isError) return null;
  return (
    <Card withBorder padding="lg" data-testid="overdue-cases">
      <Stack gap="xs" component="section" aria-labelledby="overdue-cases-heading">
        <Title order={2} size="h4" id="overdue-cases-heading">
          {t('cases.overdueCardTitle')}
        </Title>
        {list.isSuccess && items.length === 0 && <Text c="dimmed">{t('cases.overdueCardNone')}</Text>}
        {items.map((c) => (
          <Group key={c.id} justify="space-between" gap="xs" wrap="wrap">
            <Stack gap={0}>
              <RouterAnchor to="/c/$cityId/cases/$caseId" params={{ cityId, caseId: c.id }} dir="ltr">
                {c.reference}
              </RouterAnchor>
              {c.responseDueAt && (
                <Text size="xs" c="red.9">
                  {t('cases.overdueSince', { date: format.dateTime(c.responseDueAt) })}
                </Text>
              )}
            </Stack>
            <StageBadge stage={c.stage} />
          </Group>
        ))}
        <RouterAnchor to="/c/$cityId/cases" params={{ cityId }} size="sm">
          {t('cases.allSituations')}
        </RouterAnchor>
      </Stack>
    </Card>
  );
}
