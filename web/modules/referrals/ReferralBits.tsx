import { Badge, Box, Button, Card, Group, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import type {
  OpenedReferral,
  ReferralStatus,
  RespondInput,
  SharedIdentity,
} from '../../../contracts/index.js';
import { LIMITS } from '../../../contracts/primitives.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { useFormat } from '../../lib/format';

const statusColor: Record<ReferralStatus, string> = {
  sent: 'blue',
  accepted: 'teal',
  declined: 'red',
  'in-progress': 'indigo',
  completed: 'green',
  withdrawn: 'gray',
};

/** A card with an h2 (or h3) that names its region. */
export function Panel({
  id,
  title,
  order = 2,
  children,
  testId,
}: {
  id: string;
  title: string;
  order?: 2 | 3;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Card withBorder padding="lg" data-testid={testId}>
      <Stack component="section" aria-labelledby={id} gap="sm">
        <Title order={order} size={order === 2 ? 'h4' : 'h5'} id={id}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

export function StatusBadge({ status }: { status: ReferralStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={statusColor[status]} variant="light" data-testid="referral-status" data-status={status}>
      {t(`referrals.status.${status}`)}
    </Badge>
  );
}

/** The steps a referral went through, as an ordered list; the last one is the current state. */
export function Timeline({ steps }: { steps: { status: ReferralStatus; at: string | null }[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Box
      component="ol"
      aria-label={t('referrals.timelineLabel')}
      data-testid="referral-timeline"
      style={{ listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexWrap: 'wrap', gap: 6 }}
    >
      {steps.map((s, i) => {
        const current = i === steps.length - 1;
        const color = statusColor[s.status];
        return (
          <li key={`${s.status}-${i}`} aria-current={current ? 'step' : undefined} data-step={s.status}>
            <Text
              size="xs"
              px={8}
              py={2}
              style={{
                borderRadius: 12,
                border: `1px solid var(--mantine-color-${color}-${current ? 7 : 4})`,
                background: current ? `var(--mantine-color-${color}-0)` : undefined,
                color: 'var(--mantine-color-text)',
              }}
            >
              {t(`referrals.status.${s.status}`)}
              {s.at ? ` · ${format.date(s.at)}` : ''}
            </Text>
          </li>
        );
      })}
    </Box>
  );
}

/** "Shared: Given name, Family name, Phone (+ risk factors)". */
export function SharedFieldsLine({ fields, riskFactors }: { fields: string[]; riskFactors: boolean }) {
  const { t } = useTranslation();
  const names = fields.map((f) => t(`referrals.field.${f}`));
  if (riskFactors) names.push(t('referrals.riskFactors'));
  return (
    <Text size="sm" data-testid="referral-shared-fields">
      <Text span fw={700} size="sm">
        {t('referrals.sharedLabel')}:
      </Text>{' '}
      {names.join(', ')}
    </Text>
  );
}

/** A reason asked before opening restricted content; the server records it in the audit log. */
export function ReasonForm({
  label,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
  testPrefix,
}: {
  label: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
  testPrefix: string;
}) {
  const { t } = useTranslation();
  const limit = useLimit();
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const ok = reason.trim().length >= 5;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (ok) onSubmit(reason.trim());
      }}
    >
      <Stack gap="xs">
        <TextInput
          label={label}
          required
          {...limit(LIMITS.reason, reason, t('referrals.reasonAudited'))}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={touched && !ok ? t('referrals.reasonTooShort') : null}
          data-testid={`${testPrefix}-reason`}
        />
        <ErrorAlert error={error} />
        <Group gap="xs">
          <Button type="submit" loading={pending} data-testid={`${testPrefix}-submit`}>
            {submitLabel}
          </Button>
          <Button variant="subtle" onClick={onCancel}>
            {t('referrals.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Line({
  label,
  value,
  ltr,
  testId,
}: {
  label: string;
  value: string;
  ltr?: boolean;
  testId?: string;
}) {
  return (
    <Text size="sm" data-testid={testId}>
      <Text span fw={700} size="sm">
        {label}:
      </Text>{' '}
      <span dir={ltr ? 'ltr' : 'auto'}>{value}</span>
    </Text>
  );
}

/** Exactly the fields that were shared, nothing else. */
export function SharedIdentityView({ opened }: { opened: OpenedReferral }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const p: SharedIdentity = opened.person;
  const lang = i18n.language;
  return (
    <Stack gap={4} data-testid="referral-opened">
      {(p.givenName || p.familyName) && (
        <Title order={3} size="h5" dir="auto" data-testid="referral-opened-name">
          {[p.givenName, p.familyName].filter(Boolean).join(' ')}
        </Title>
      )}
      {p.dateOfBirth && (
        <Line
          label={t('referrals.field.dateOfBirth')}
          value={format.date(p.dateOfBirth)}
          testId="shared-dateOfBirth"
        />
      )}
      {p.phone && <Line label={t('referrals.field.phone')} value={p.phone} ltr testId="shared-phone" />}
      {p.email && <Line label={t('referrals.field.email')} value={p.email} ltr testId="shared-email" />}
      {p.address && <Line label={t('referrals.field.address')} value={p.address} testId="shared-address" />}
      {p.guardians && (
        <Line
          label={t('referrals.field.guardians')}
          value={
            p.guardians.length
              ? p.guardians
                  .map((g) => `${g.name} (${g.relationship})${g.phone ? ` ${g.phone}` : ''}`)
                  .join('; ')
              : t('referrals.noneRecorded')
          }
          testId="shared-guardians"
        />
      )}
      {opened.sharedFields.some((f) => p[f] === undefined) && (
        <Text size="xs" c="dimmed">
          {t('referrals.sharedButEmpty')}
        </Text>
      )}
      {opened.riskFactors && (
        <Line
          label={t('referrals.riskFactors')}
          value={
            opened.riskFactors.length
              ? opened.riskFactors
                  .map((r) => r.labels[lang] ?? r.labels[lang.slice(0, 2)] ?? r.labels.en ?? r.code)
                  .join(', ')
              : t('referrals.noneRecorded')
          }
          testId="shared-risk-factors"
        />
      )}
      <Text size="sm" fw={700} mt={4}>
        {t('referrals.messageFromSender')}
      </Text>
      <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }} data-testid="referral-opened-message">
        {opened.message || t('referrals.noText')}
      </Text>
    </Stack>
  );
}

/**
 * The answers a referral can take from where it is: accept or decline (with a reason) once sent,
 * start or complete (with feedback) once accepted, complete once in progress.
 */
export function RespondControls({
  status,
  pending,
  error,
  onRespond,
  testPrefix,
}: {
  status: ReferralStatus;
  pending: boolean;
  error: unknown;
  onRespond: (input: RespondInput) => Promise<boolean>;
  testPrefix: string;
}) {
  const { t } = useTranslation();
  const limit = useLimit();
  const [form, setForm] = useState<'decline' | 'complete' | null>(null);
  const [reason, setReason] = useState('');
  const [feedback, setFeedback] = useState('');
  const [touched, setTouched] = useState(false);
  if (!['sent', 'accepted', 'in-progress'].includes(status)) return null;
  const reset = () => {
    setForm(null);
    setReason('');
    setFeedback('');
    setTouched(false);
  };
  const send = async (input: RespondInput) => {
    if (await onRespond(input)) reset();
  };
  if (form === 'decline') {
    const ok = reason.trim().length >= 5 && (!feedback.trim() || feedback.trim().length >= 5);
    return (
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (ok)
            void send({
              action: 'decline',
              reason: reason.trim(),
              ...(feedback.trim() ? { feedback: feedback.trim() } : {}),
            });
        }}
      >
        <Stack gap="xs">
          <Textarea
            label={t('referrals.declineReasonLabel')}
            required
            autosize
            minRows={2}
            {...limit(LIMITS.shortNote, reason, t('referrals.noNames'))}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={touched && reason.trim().length < 5 ? t('referrals.reasonTooShort') : null}
            data-testid={`${testPrefix}-decline-reason`}
          />
          <Textarea
            label={t('referrals.feedbackOptional')}
            autosize
            minRows={2}
            {...limit(LIMITS.note, feedback)}
            value={feedback}
            onChange={(e) => setFeedback(e.currentTarget.value)}
            error={
              touched && feedback.trim() && feedback.trim().length < 5 ? t('referrals.reasonTooShort') : null
            }
            data-testid={`${testPrefix}-decline-feedback`}
          />
          <ErrorAlert error={error} />
          <Group gap="xs">
            <Button type="submit" color="red" loading={pending} data-testid={`${testPrefix}-decline-submit`}>
              {t('referrals.decline')}
            </Button>
            <Button variant="subtle" onClick={reset}>
              {t('referrals.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    );
  }
  if (form === 'complete') {
    const ok = feedback.trim().length >= 5;
    return (
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (ok) void send({ action: 'complete', feedback: feedback.trim() });
        }}
      >
        <Stack gap="xs">
          <Textarea
            label={t('referrals.feedbackLabel')}
            required
            autosize
            minRows={3}
            {...limit(LIMITS.note, feedback, t('referrals.feedbackHelp'))}
            value={feedback}
            onChange={(e) => setFeedback(e.currentTarget.value)}
            error={touched && !ok ? t('referrals.reasonTooShort') : null}
            data-testid={`${testPrefix}-feedback`}
          />
          <ErrorAlert error={error} />
          <Group gap="xs">
            <Button type="submit" loading={pending} data-testid={`${testPrefix}-complete-submit`}>
              {t('referrals.complete')}
            </Button>
            <Button variant="subtle" onClick={reset}>
              {t('referrals.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    );
  }
  return (
    <Stack gap="xs">
      <ErrorAlert error={error} />
      <Group gap="xs" wrap="wrap">
        {status === 'sent' && (
          <>
            <Button
              onClick={() => void send({ action: 'accept' })}
              loading={pending}
              data-testid={`${testPrefix}-accept`}
            >
              {t('referrals.accept')}
            </Button>
            <Button
              variant="default"
              color="red"
              onClick={() => setForm('decline')}
              data-testid={`${testPrefix}-decline`}
            >
              {t('referrals.decline')}
            </Button>
          </>
        )}
        {status === 'accepted' && (
          <Button
            variant="default"
            onClick={() => void send({ action: 'start' })}
            loading={pending}
            data-testid={`${testPrefix}-start`}
          >
            {t('referrals.start')}
          </Button>
        )}
        {(status === 'accepted' || status === 'in-progress') && (
          <Button onClick={() => setForm('complete')} data-testid={`${testPrefix}-complete`}>
            {t('referrals.complete')}
          </Button>
        )}
      </Group>
    </Stack>
  );
}
