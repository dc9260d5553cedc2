import { Badge, Button, Card, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import type { ReviewDue } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { RouterAnchor } from '../../components/RouterLinks';
import { useFormat } from '../../lib/format';
import { StageBadge } from './CaseBadges';
import { useReviewsDue } from './cases.queries';

const WINDOWS = [30, 90, 365] as const;

/**
 * Post-closure reviews coming due across situations (the "Reviews due" tab of the cases page):
 * reference, stage, due date and lead organisation only. The server decides whose reviews are listed.
 */
export function ReviewsDueList({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const [withinDays, setWithinDays] = useState<number>(30);
  const list = useReviewsDue(cityId, withinDays);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const counts = list.data?.pages[0]?.counts;
  return (
    <Stack gap="xs">
      <Text>{t('cases.reviewsIntro')}</Text>
      <Group justify="space-between" align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('cases.reviewsWithin')}
          value={String(withinDays)}
          onChange={(e) => setWithinDays(Number(e.currentTarget.value))}
          data={WINDOWS.map((d) => ({ value: String(d), label: t(`cases.reviewsWithin${d}`) }))}
          data-testid="reviews-within"
        />
        {counts && (
          <Text data-testid="reviews-counts">
            {t('cases.reviewsCounts', { overdue: counts.overdue, dueSoon: counts.dueSoon })}
          </Text>
        )}
      </Group>
      <ErrorAlert error={list.error} />
      {list.isPending && <Loading />}
      {list.isSuccess && items.length === 0 && (
        <Text c="dimmed" data-testid="reviews-empty">
          {t('cases.reviewsNone')}
        </Text>
      )}
      <Stack
        component="ul"
        gap="xs"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        data-testid="reviews-list"
        aria-label={t('cases.reviewsTab')}
      >
        {items.map((r) => (
          <li key={r.id}>
            <ReviewRow cityId={cityId} r={r} />
          </li>
        ))}
      </Stack>
      {list.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void list.fetchNextPage()}
          loading={list.isFetchingNextPage}
          style={{ alignSelf: 'flex-start' }}
          data-testid="reviews-load-more"
        >
          {t('common.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

/** The due date as a badge: red once overdue. Shared with the home card. */
export function ReviewDueBadge({ r }: { r: Pick<ReviewDue, 'dueOn' | 'overdue'> }) {
  const { t } = useTranslation();
  const format = useFormat();
  return r.overdue ? (
    <Badge color="red.9" variant="filled" data-testid="review-overdue">
      {t('cases.overdueOn', { date: format.date(r.dueOn) })}
    </Badge>
  ) : (
    <Badge color="blue" variant="light">
      {t('cases.dueOn', { date: format.date(r.dueOn) })}
    </Badge>
  );
}

function ReviewRow({ cityId, r }: { cityId: string; r: ReviewDue }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm" data-testid="review-row" data-reference={r.reference}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <RouterAnchor
            to="/c/$cityId/cases/$caseId"
            params={{ cityId, caseId: r.situationId }}
            fw={700}
            dir="ltr"
          >
            {r.reference}
          </RouterAnchor>
          <Group gap={6} wrap="wrap">
            <StageBadge stage={r.stage} />
            <ReviewDueBadge r={r} />
          </Group>
        </Group>
        <Text size="sm">
          {r.monthsAfterClosure
            ? t('cases.reviewAfterMonths', { count: r.monthsAfterClosure })
            : t('cases.review')}
          {' · '}
          {r.leadOrganisation
            ? t('cases.leadAgency', { name: r.leadOrganisation.name })
            : t('cases.noLeadYet')}
        </Text>
      </Stack>
    </Card>
  );
}
