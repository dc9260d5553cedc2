import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import { RouterAnchor } from '../../components/RouterLinks';
import { useReviewsDue } from './cases.queries';
import { ReviewDueBadge } from './ReviewsDueList';

/**
 * Home card: post-closure reviews overdue or due in the next 30 days, with counts, for people with
 * cases.read (the server lists a member's organisations' situations only; chair and coordinators all).
 */
export function ReviewsDueCard({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const list = useReviewsDue(cityId, 30);
  const first = list.data?.pages[0];
  // Case work may be off for this city: then the card has nothing to say.
  if (list.isError) return null;
  const items = first?.items.slice(0, 5) ?? [];
  return (
    <Card withBorder padding="lg" data-testid="reviews-due-card">
      <Stack gap="xs" component="section" aria-labelledby="reviews-due-heading">
        <Title order={2} size="h4" id="reviews-due-heading">
          {t('cases.reviewsCardTitle')}
        </Title>
        {first && (
          <Text data-testid="reviews-due-counts">
            {t('cases.reviewsCounts', { overdue: first.counts.overdue, dueSoon: first.counts.dueSoon })}
          </Text>
        )}
        {first && items.length === 0 && <Text c="dimmed">{t('cases.reviewsCardNone')}</Text>}
        {items.map((r) => (
          <Group key={r.id} justify="space-between" gap="xs" wrap="wrap">
            <Stack gap={0}>
              <RouterAnchor
                to="/c/$cityId/cases/$caseId"
                params={{ cityId, caseId: r.situationId }}
                dir="ltr"
              >
                {r.reference}
              </RouterAnchor>
              {r.leadOrganisation && (
                <Text size="xs" c="dimmed">
                  {t('cases.leadAgency', { name: r.leadOrganisation.name })}
                </Text>
              )}
            </Stack>
            <ReviewDueBadge r={r} />
          </Group>
        ))}
        <RouterAnchor to="/c/$cityId/cases" params={{ cityId }} hash="reviews" size="sm">
          {t('cases.reviewsAll')}
        </RouterAnchor>
      </Stack>
    </Card>
  );
}
