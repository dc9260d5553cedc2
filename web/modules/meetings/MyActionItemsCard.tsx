import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import { RouterAnchor } from '../../components/RouterLinks';
import { useFormat } from '../../lib/format';
import { ActionNotBindingBadge } from './ActionNotBindingBadge';
import { useMyActionItems } from './meetings.queries';
import { UserText } from '../../components/UserText';

/** The signed-in person's open action items across all their cities (for the home page). */
export function MyActionItemsCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const items = useMyActionItems();
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Card withBorder padding="lg" data-testid="my-action-items">
      <Stack gap="xs" component="section" aria-labelledby="my-actions-heading">
        <Title order={2} size="h4" id="my-actions-heading">
          {t('meetings.myActionItems')}
        </Title>
        {items.data && items.data.items.length === 0 && <Text c="dimmed">{t('meetings.noActionItems')}</Text>}
        {items.data?.items.slice(0, 8).map((a) => (
          <Group key={a.id} justify="space-between" wrap="nowrap" gap="xs">
            <Stack gap={0}>
              {a.meetingId ? (
                <RouterAnchor
                  to="/c/$cityId/meetings/$meetingId"
                  params={{ cityId: a.cityId, meetingId: a.meetingId }}
                >
                  <UserText>{a.title}</UserText>
                </RouterAnchor>
              ) : (
                <Text>
                  <UserText>{a.title}</UserText>
                </Text>
              )}
              <Text size="xs" c="dimmed">
                <UserText>{a.cityName}</UserText> · {t('meetings.due', { date: format.date(a.dueOn) })}
              </Text>
              <ActionNotBindingBadge item={a} />
            </Stack>
            {a.dueOn < today && (
              <Badge color="red" variant="light">
                {t('meetings.overdue')}
              </Badge>
            )}
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
