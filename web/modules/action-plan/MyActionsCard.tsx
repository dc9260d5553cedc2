import { Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import { HomeCardFrame } from '../../components/HomeCard';
import { RouterAnchor } from '../../components/RouterLinks';
import { UserText } from '../../components/UserText';
import { ApiError } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { useMyPlanActions } from './action-plan.queries';

/** Actions of the adopted plan that the person's organisations own or take part in (home page). */
export function MyActionsCard({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const mine = useMyPlanActions(cityId);
  // The plan is off in this network's mandate: no card.
  if (mine.error instanceof ApiError && mine.error.status === 409) return null;
  return (
    <HomeCardFrame id="my-plan-actions" title={t('action-plan.myActions.title')}>
      {mine.data && mine.data.organisations === 0 && (
        <Text c="dimmed">{t('action-plan.myActions.noOrganisation')}</Text>
      )}
      {mine.data && mine.data.organisations > 0 && mine.data.items.length === 0 && (
        <Text c="dimmed">{t('action-plan.myActions.none')}</Text>
      )}
      {mine.data?.items.slice(0, 6).map((a) => (
        <Group key={a.id} justify="space-between" wrap="nowrap" gap="xs" data-testid="my-plan-action">
          <Stack gap={0}>
            <Text size="sm" fw={500}>
              <UserText>{a.code ? `${a.code} ${a.title}` : a.title}</UserText>
            </Text>
            <Text size="xs" c="dimmed">
              {a.owner ? t('action-plan.myActions.owner') : t('action-plan.myActions.partner')} ·{' '}
              {t('action-plan.myActions.until', { date: fmt.date(a.endOn) })}
              {a.progress.percent !== null ? ` · ${a.progress.percent} %` : ''}
            </Text>
          </Stack>
          {a.overdue && (
            <Badge color="red" variant="light">
              {t('action-plan.overdue')}
            </Badge>
          )}
        </Group>
      ))}
      <RouterAnchor to="/c/$cityId/action-plan" params={{ cityId }} size="sm">
        {t('action-plan.myActions.open')}
      </RouterAnchor>
    </HomeCardFrame>
  );
}
