import { Alert, Button, Group, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  CLOSED_RETENTION_DAYS,
  REJECTED_RETENTION_DAYS,
  type CaseRetentionSettings,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useFormat } from '../../lib/format';
import { Help, readableErrors } from './Help';
import { useRetention, useUpdateRetention } from './retention.queries';

/** The two retention periods: a form for the chair, plain values for everyone else who may read them. */
export function RetentionSection({ cityId, canEdit }: { cityId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const settings = useRetention(cityId);
  return (
    <Stack gap="sm">
      <Help>{t('case-retention.web.retentionIntro')}</Help>
      <ErrorAlert error={settings.error} />
      {settings.isPending && <Loading />}
      {settings.data &&
        (canEdit ? (
          <RetentionForm cityId={cityId} initial={settings.data} />
        ) : (
          <Stack gap={4} component="dl" m={0} data-testid="retention-values">
            <Text component="dt" fw={600} size="sm">
              {t('case-retention.web.rejectedDays')}
            </Text>
            <Text component="dd" m={0} data-testid="retention-rejected-value">
              {t('case-retention.web.days', { n: fmt.number(settings.data.rejectedRetentionDays) })}
            </Text>
            <Text component="dt" fw={600} size="sm" mt="xs">
              {t('case-retention.web.closedDays')}
            </Text>
            <Text component="dd" m={0} data-testid="retention-closed-value">
              {t('case-retention.web.days', { n: fmt.number(settings.data.closedRetentionDays) })}
            </Text>
            <Help>{t('case-retention.web.readOnly')}</Help>
          </Stack>
        ))}
      {settings.data && (
        <Text size="xs" c="dimmed">
          {t('case-retention.web.updatedAt', { date: fmt.dateTime(settings.data.updatedAt) })}
        </Text>
      )}
    </Stack>
  );
}

function RetentionForm({ cityId, initial }: { cityId: string; initial: CaseRetentionSettings }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const save = useUpdateRetention(cityId);
  const [rejected, setRejected] = useState<number | string>(initial.rejectedRetentionDays);
  const [closed, setClosed] = useState<number | string>(initial.closedRetentionDays);
  const inRange = (v: number | string, r: { min: number; max: number }) =>
    typeof v === 'number' && Number.isInteger(v) && v >= r.min && v <= r.max;
  const rejectedOk = inRange(rejected, REJECTED_RETENTION_DAYS);
  const closedOk = inRange(closed, CLOSED_RETENTION_DAYS);
  const shorter =
    (rejectedOk && (rejected as number) < initial.rejectedRetentionDays) ||
    (closedOk && (closed as number) < initial.closedRetentionDays);
  const range = (r: { min: number; max: number; default: number }) =>
    t('case-retention.web.range', {
      min: fmt.number(r.min),
      max: fmt.number(r.max),
      def: fmt.number(r.default),
    });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!rejectedOk || !closedOk) return;
        save.mutate({ rejectedRetentionDays: rejected as number, closedRetentionDays: closed as number });
      }}
      style={readableErrors}
      noValidate
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <NumberInput
            label={t('case-retention.web.rejectedDays')}
            description={range(REJECTED_RETENTION_DAYS)}
            value={rejected}
            onChange={(v) => {
              setRejected(v);
              save.reset();
            }}
            min={REJECTED_RETENTION_DAYS.min}
            max={REJECTED_RETENTION_DAYS.max}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            required
            error={rejectedOk ? undefined : t('case-retention.web.outOfRange')}
            data-testid="retention-rejected"
          />
          <NumberInput
            label={t('case-retention.web.closedDays')}
            description={range(CLOSED_RETENTION_DAYS)}
            value={closed}
            onChange={(v) => {
              setClosed(v);
              save.reset();
            }}
            min={CLOSED_RETENTION_DAYS.min}
            max={CLOSED_RETENTION_DAYS.max}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            required
            error={closedOk ? undefined : t('case-retention.web.outOfRange')}
            data-testid="retention-closed"
          />
        </SimpleGrid>
        <Alert color={shorter ? 'orange' : 'gray'} variant="light" data-testid="retention-warning">
          <Text size="sm">{t('case-retention.web.appliesToPast')}</Text>
        </Alert>
        <ErrorAlert error={save.error} />
        <Group>
          <Button
            type="submit"
            loading={save.isPending}
            disabled={!rejectedOk || !closedOk}
            data-testid="retention-save"
          >
            {t('case-retention.web.save')}
          </Button>
        </Group>
        {save.data && (
          <Alert
            color={save.data.dueForPurge > 0 ? 'orange' : 'teal'}
            title={t('case-retention.web.savedTitle')}
            role="status"
            data-testid="retention-result"
          >
            <Stack gap={4}>
              <Text size="sm" data-testid="retention-recomputed">
                {t('case-retention.web.recomputed', { n: fmt.number(save.data.recomputed) })}
              </Text>
              <Text size="sm" data-testid="retention-due">
                {save.data.dueForPurge > 0
                  ? t('case-retention.web.dueForPurge', { n: fmt.number(save.data.dueForPurge) })
                  : t('case-retention.web.noneDue')}
              </Text>
            </Stack>
          </Alert>
        )}
      </Stack>
    </form>
  );
}
