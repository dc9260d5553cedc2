import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '../../lib/useTranslation';
import { auditRoutes } from '../../../contracts/index.js';
import { HomeCardFrame, HomeCount } from '../../components/HomeCard';
import { RouterAnchor } from '../../components/RouterLinks';
import { call } from '../../lib/api';
import { useFormat } from '../../lib/format';

const statusKey = (cityId: string) => ['audit', cityId, 'home'] as const;

/**
 * Home card of the auditor (and the chair): how long the chain is, when it was last checked and by
 * whom, and a check on demand. The check is not run on every visit: each one is itself recorded in
 * the log, so the card reads the log and leaves checking to the person.
 */
export function AuditChainCard({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: statusKey(cityId),
    queryFn: async ({ signal }) => {
      const [latest, checks] = await Promise.all([
        call(auditRoutes.listAudit, { params: { cityId }, query: { limit: 1 }, signal }),
        call(auditRoutes.listAudit, {
          params: { cityId },
          query: { limit: 1, action: 'verify', recordType: 'audit-chain' },
          signal,
        }),
      ]);
      return { latest: latest.items[0] ?? null, lastCheck: checks.items[0] ?? null };
    },
  });
  const verify = useMutation({
    mutationFn: () => call(auditRoutes.verifyAudit, { params: { cityId } }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: statusKey(cityId) }),
  });
  if (status.isError) return null;
  const s = status.data;
  const verdict = verify.data;
  return (
    <HomeCardFrame id="audit-chain-card" title={t('home.auditChain.title')}>
      {s && (
        <>
          <HomeCount
            value={s.latest?.seq ?? 0}
            label={t('home.auditChain.entries')}
            testId="audit-entries-count"
          />
          <Text size="sm" data-testid="audit-last-check">
            {s.lastCheck
              ? t('home.auditChain.lastCheck', {
                  date: format.dateTime(s.lastCheck.at),
                  name: s.lastCheck.actorName ?? t('home.auditChain.someone'),
                })
              : t('home.auditChain.neverChecked')}
          </Text>
        </>
      )}
      {verdict && (
        <Alert
          color={verdict.ok ? 'teal' : 'red'}
          variant="light"
          p="xs"
          role="status"
          data-testid="audit-verdict"
          data-ok={String(verdict.ok)}
        >
          {verdict.ok
            ? t('home.auditChain.ok', { n: verdict.checked })
            : t('home.auditChain.broken', { seq: verdict.firstBroken?.seq ?? '?' })}
        </Alert>
      )}
      {verify.isError && (
        <Text c="red.9" size="sm" role="alert">
          {t('home.auditChain.failed')}
        </Text>
      )}
      <Stack gap={4}>
        <Group gap="sm" wrap="wrap">
          <Button
            size="xs"
            variant="light"
            loading={verify.isPending}
            onClick={() => verify.mutate()}
            data-testid="audit-verify"
          >
            {t('home.auditChain.verify')}
          </Button>
          <RouterAnchor to="/c/$cityId/audit" params={{ cityId }} size="sm">
            {t('home.auditChain.open')}
          </RouterAnchor>
        </Group>
        <Text size="xs" c="dimmed">
          {t('home.auditChain.recorded')}
        </Text>
      </Stack>
    </HomeCardFrame>
  );
}
