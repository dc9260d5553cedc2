import { Badge, Group, Stack, Text } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import { HomeCardFrame, HomeCount } from '../../components/HomeCard';
import { RouterAnchor } from '../../components/RouterLinks';
import { useFormat } from '../../lib/format';
import { useInboxSummary } from './referrals.queries';

/**
 * Home card of a receiving organisation's people (partners, members): how many referrals wait for an
 * answer, and the newest few by sender and date. Never who is referred: the inbox shows the shared
 * fields only after an audited "open".
 */
export function ReferralsWaitingCard({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const summary = useInboxSummary(cityId);
  // Refused (no inbox in this role) or case work off in this city: the card has nothing to say.
  if (summary.isError) return null;
  const s = summary.data;
  return (
    <HomeCardFrame id="referrals-waiting-card" title={t('referrals.home.title')}>
      {s && (
        <Group gap="xl" wrap="wrap">
          <HomeCount
            value={s.waiting}
            label={t('referrals.home.waiting')}
            testId="referrals-waiting-count"
            color={s.waiting > 0 ? 'orange.9' : undefined}
          />
          <HomeCount value={s.active} label={t('referrals.home.active')} testId="referrals-active-count" />
        </Group>
      )}
      {s && s.waiting === 0 && (
        <Text c="dimmed" data-testid="referrals-waiting-none">
          {t('referrals.home.none')}
        </Text>
      )}
      {s && s.newest.length > 0 && (
        <Stack
          gap={6}
          component="ul"
          m={0}
          p={0}
          style={{ listStyle: 'none' }}
          aria-label={t('referrals.home.newest')}
        >
          {s.newest.map((r) => (
            <Group
              key={r.id}
              component="li"
              justify="space-between"
              gap="xs"
              wrap="wrap"
              data-testid="referrals-waiting-item"
            >
              <Stack gap={0}>
                <Text size="sm">
                  {t('referrals.home.from')} <bdi>{r.from?.name ?? t('referrals.home.unknownSender')}</bdi>
                </Text>
                <Text size="xs" c="dimmed">
                  {t('referrals.home.sentTo', { date: format.date(r.sentAt) })} <bdi>{r.to.name}</bdi>
                </Text>
              </Stack>
              {!r.consentActive && (
                <Badge color="gray" variant="light" style={{ whiteSpace: 'normal', height: 'auto' }}>
                  {t('referrals.home.consentWithdrawn')}
                </Badge>
              )}
            </Group>
          ))}
        </Stack>
      )}
      <RouterAnchor
        to="/c/$cityId/referrals"
        params={{ cityId }}
        size="sm"
        data-testid="referrals-waiting-link"
      >
        {t('referrals.home.open')}
      </RouterAnchor>
    </HomeCardFrame>
  );
}
