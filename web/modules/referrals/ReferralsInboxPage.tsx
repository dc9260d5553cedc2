import { Alert, Button, Card, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  referralStatuses,
  referralsRoutes,
  type OpenedReferral,
  type ReceivedReferral,
  type ReferralStatus,
  type RespondInput,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { call } from '../../lib/api';
import { useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import {
  ReasonForm,
  RespondControls,
  SharedFieldsLine,
  SharedIdentityView,
  StatusBadge,
  Timeline,
} from './ReferralBits';
import { inboxKey, useInbox, useRestricted } from './referrals.queries';
import { isolate } from '../../components/UserText';

/**
 * Referrals received by the person's organisations. For a partner this is all the case data they
 * ever see: no situation reference, no identity until opened with a reason, then only what was shared.
 */
export function ReferralsInboxPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const [status, setStatus] = useState<ReferralStatus | ''>('');
  const inbox = useInbox(cityId, status);
  const items = inbox.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Page title={t('referrals.inboxTitle')}>
      <Text>{t('referrals.inboxIntro')}</Text>
      <NativeSelect
        label={t('referrals.statusFilter')}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as ReferralStatus | '')}
        data={[
          { value: '', label: t('referrals.all') },
          ...referralStatuses.map((s) => ({ value: s, label: t(`referrals.status.${s}`) })),
        ]}
        maw={320}
        data-testid="inbox-status"
      />
      {inbox.isPending ? (
        <Loading />
      ) : inbox.error ? (
        <ErrorAlert error={inbox.error} />
      ) : items.length === 0 ? (
        <Text c="dimmed" data-testid="inbox-empty">
          {t('referrals.inboxEmpty')}
        </Text>
      ) : (
        <Stack
          gap="sm"
          component="ul"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          data-testid="inbox-list"
        >
          {items.map((r) => (
            <li key={r.id}>
              <ReceivedItem r={r} cityId={cityId} />
            </li>
          ))}
        </Stack>
      )}
      {inbox.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void inbox.fetchNextPage()}
          loading={inbox.isFetchingNextPage}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('referrals.loadMore')}
        </Button>
      )}
    </Page>
  );
}

function ReceivedItem({ r, cityId }: { r: ReceivedReferral; cityId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const action = useRestricted();
  const [asking, setAsking] = useState(false);
  const [opened, setOpened] = useState<OpenedReferral | null>(null);
  const open = async (reason: string) => {
    const answer = await action.run(() =>
      call(referralsRoutes.openReferral, { params: { cityId, referralId: r.id }, body: { reason } }),
    );
    if (answer) {
      setOpened(answer);
      setAsking(false);
    }
  };
  const respond = async (input: RespondInput) => {
    const answer = await action.run(() =>
      call(referralsRoutes.respond, { params: { cityId, referralId: r.id }, body: input }),
    );
    if (!answer) return false;
    // What was opened is not needed once the work is done or refused.
    if (!answer.canOpen) setOpened(null);
    await queryClient.invalidateQueries({ queryKey: inboxKey(cityId) });
    return true;
  };
  const headingId = `inbox-item-${r.id}`;
  return (
    <Card
      withBorder
      padding="sm"
      component="article"
      aria-labelledby={headingId}
      data-testid="inbox-item"
      data-status={r.status}
      data-referral-id={r.id}
    >
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text fw={700} id={headingId} dir="auto" data-testid="inbox-from">
            {t('referrals.fromLabel', {
              name: r.from?.name ? isolate(r.from.name) : t('referrals.unknownSender'),
            })}
          </Text>
          <StatusBadge status={r.status} />
        </Group>
        <Text size="sm" dir="auto">
          {t('referrals.forOrganisation', { name: isolate(r.to.name) })} ·{' '}
          {t('referrals.receivedOn', { date: format.dateTime(r.sentAt) })}
        </Text>
        <SharedFieldsLine fields={r.sharedFields} riskFactors={r.shareRiskFactors} />
        <Timeline steps={r.timeline} />
        {r.declineReason && (
          <Text size="sm" dir="auto">
            <Text span fw={700} size="sm">
              {t('referrals.declineReason')}:
            </Text>{' '}
            {r.declineReason}
          </Text>
        )}
        {r.status === 'withdrawn' && <Alert color="gray">{t('referrals.withdrawnNotice')}</Alert>}
        {!r.consentActive && r.status !== 'withdrawn' && (
          <Alert color="orange" data-testid="inbox-consent-withdrawn">
            {t('referrals.consentWithdrawnReceiver')}
          </Alert>
        )}
        {opened ? (
          <Card withBorder padding="sm" bg="var(--mantine-color-blue-0)">
            <Stack gap="xs">
              <Text size="xs">{t('referrals.openedNotice')}</Text>
              <SharedIdentityView opened={opened} />
              <Button
                variant="default"
                size="xs"
                onClick={() => setOpened(null)}
                style={{ alignSelf: 'flex-start' }}
                data-testid="inbox-hide"
              >
                {t('referrals.hide')}
              </Button>
            </Stack>
          </Card>
        ) : asking ? (
          <ReasonForm
            label={t('referrals.openReason')}
            submitLabel={t('referrals.openShared')}
            pending={action.pending}
            error={action.error}
            onSubmit={(reason) => void open(reason)}
            onCancel={() => setAsking(false)}
            testPrefix="inbox-open"
          />
        ) : (
          r.canOpen && (
            <Button
              variant="light"
              onClick={() => setAsking(true)}
              style={{ alignSelf: 'flex-start' }}
              data-testid="inbox-open"
            >
              {t('referrals.openShared')}
            </Button>
          )
        )}
        {!asking && (
          <RespondControls
            status={r.status}
            pending={action.pending}
            error={action.error}
            onRespond={respond}
            testPrefix="inbox"
          />
        )}
      </Stack>
    </Card>
  );
}
