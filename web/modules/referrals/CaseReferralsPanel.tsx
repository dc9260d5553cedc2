import { Alert, Button, Card, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  referralsRoutes,
  type CaseDetail,
  type CaseReferral,
  type RespondInput,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { call } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { Panel, ReasonForm, RespondControls, SharedFieldsLine, StatusBadge, Timeline } from './ReferralBits';
import { useCaseReferrals, useRefreshCase, useRestricted } from './referrals.queries';
import { SendReferralForm, personLabel } from './SendReferralForm';
import { isolate } from '../../components/UserText';

/** Where a situation's agencies refer (cases.service: after the threshold decision, before closure). */
const sendStages: string[] = ['filter-3', 'filter-4', 'assessment', 'consent', 'support'];

/**
 * The situation's referrals: where each went, its status and steps, the decline reason; message and
 * feedback open with a reason. Assigned agencies send new ones and withdraw them.
 */
export function CaseReferralsPanel({
  cityId,
  caseId,
  detail,
}: {
  cityId: string;
  caseId: string;
  detail: CaseDetail;
}) {
  const { t } = useTranslation();
  const visible = detail.access.canWork || detail.access.canDecide;
  const list = useCaseReferrals(cityId, caseId, visible && detail.stage !== 'rejected');
  const [sending, setSending] = useState(false);
  if (detail.stage === 'rejected' || detail.thresholdMet !== true) return null;
  const canSend = detail.access.canOpenIdentity && sendStages.includes(detail.stage);
  return (
    <Panel id="case-referrals-title" title={t('referrals.panelTitle')} testId="case-referrals">
      {!visible ? (
        <Text c="dimmed">{t('referrals.whyNotList')}</Text>
      ) : list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorAlert error={list.error} />
      ) : (
        <>
          {list.data.items.length === 0 && <Text c="dimmed">{t('referrals.none')}</Text>}
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {list.data.items.map((r) => (
              <li key={r.id}>
                <ReferralItem r={r} detail={detail} cityId={cityId} />
              </li>
            ))}
          </Stack>
        </>
      )}
      {canSend &&
        (sending ? (
          <SendReferralForm cityId={cityId} detail={detail} onDone={() => setSending(false)} />
        ) : (
          <Button
            onClick={() => setSending(true)}
            style={{ alignSelf: 'flex-start' }}
            data-testid="referral-new"
          >
            {t('referrals.new')}
          </Button>
        ))}
      {!canSend && visible && detail.stage !== 'closed' && !detail.access.canOpenIdentity && (
        <Text size="sm" c="dimmed">
          {t('referrals.whyNotSend')}
        </Text>
      )}
    </Panel>
  );
}

function ReferralItem({ r, detail, cityId }: { r: CaseReferral; detail: CaseDetail; cityId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const refresh = useRefreshCase(cityId, detail.id);
  const action = useRestricted();
  const [reading, setReading] = useState(false);
  const [texts, setTexts] = useState<{ message: string | null; feedback: string | null } | null>(null);
  const personIndex = detail.persons.findIndex((p) => p.id === r.personId);
  const person = personIndex >= 0 ? detail.persons[personIndex] : undefined;
  const withdrawable = ['sent', 'accepted', 'in-progress'].includes(r.status) && detail.access.canWork;
  const read = async (reason: string) => {
    const answer = await action.run(() =>
      call(referralsRoutes.readCaseReferral, {
        params: { cityId, caseId: detail.id, referralId: r.id },
        body: { reason },
      }),
    );
    if (answer) {
      setTexts(answer);
      setReading(false);
    }
  };
  const withdraw = async () => {
    if (!window.confirm(t('referrals.withdrawConfirm'))) return;
    const done = await action.run(() =>
      call(referralsRoutes.withdrawReferral, { params: { cityId, caseId: detail.id, referralId: r.id } }),
    );
    if (done) await refresh();
  };
  const recordAnswer = async (input: RespondInput) => {
    const done = await action.run(() =>
      call(referralsRoutes.recordServiceResponse, {
        params: { cityId, caseId: detail.id, referralId: r.id },
        body: input,
      }),
    );
    if (done) await refresh();
    return Boolean(done);
  };
  const target =
    r.to.kind === 'service' ? t('referrals.toService', { name: isolate(r.to.name) }) : isolate(r.to.name);
  return (
    <Card withBorder padding="sm" data-testid="referral-item" data-status={r.status} data-referral-id={r.id}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text fw={700} dir="auto" data-testid="referral-target">
            {t('referrals.toLabel')}: {target}
          </Text>
          <StatusBadge status={r.status} />
        </Group>
        {person && (
          <Text size="sm">
            {t('referrals.person')}: {personLabel(t, person, personIndex)}
          </Text>
        )}
        <SharedFieldsLine fields={r.sharedFields} riskFactors={r.shareRiskFactors} />
        <Timeline steps={r.timeline} />
        <Text size="xs" c="dimmed">
          {t('referrals.sentBy', {
            name: r.sentByName ? isolate(r.sentByName) : t('referrals.someone'),
            date: format.dateTime(r.sentAt),
          })}
        </Text>
        {r.declineReason && (
          <Text size="sm" dir="auto" data-testid="referral-decline-reason">
            <Text span fw={700} size="sm">
              {t('referrals.declineReason')}:
            </Text>{' '}
            {r.declineReason}
          </Text>
        )}
        {!r.consentActive && ['sent', 'accepted', 'in-progress'].includes(r.status) && (
          <Alert color="orange" data-testid="referral-consent-withdrawn">
            {t('referrals.consentWithdrawn')}
          </Alert>
        )}
        {texts ? (
          <Stack gap={4} data-testid="referral-texts">
            <Text size="sm" fw={700}>
              {t('referrals.messageSent')}
            </Text>
            <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }} data-testid="referral-message-text">
              {texts.message || t('referrals.noText')}
            </Text>
            <Text size="sm" fw={700}>
              {t('referrals.feedback')}
            </Text>
            <Text
              size="sm"
              dir="auto"
              style={{ whiteSpace: 'pre-wrap' }}
              data-testid="referral-feedback-text"
            >
              {texts.feedback || t('referrals.noFeedbackYet')}
            </Text>
            <Button
              variant="subtle"
              size="xs"
              onClick={() => setTexts(null)}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('referrals.hide')}
            </Button>
          </Stack>
        ) : reading ? (
          <ReasonForm
            label={t('referrals.readReason')}
            submitLabel={t('referrals.open')}
            pending={action.pending}
            error={action.error}
            onSubmit={(reason) => void read(reason)}
            onCancel={() => setReading(false)}
            testPrefix="referral-read"
          />
        ) : null}
        {r.to.kind === 'service' && detail.access.canWork && !texts && !reading && (
          <Stack gap={4}>
            {['sent', 'accepted', 'in-progress'].includes(r.status) && (
              <Text size="sm" c="dimmed">
                {t('referrals.serviceAnswerHelp')}
              </Text>
            )}
            <RespondControls
              status={r.status}
              pending={action.pending}
              error={action.error}
              onRespond={recordAnswer}
              testPrefix="service-answer"
            />
          </Stack>
        )}
        {!texts && !reading && (
          <Group gap="xs" wrap="wrap">
            {detail.access.canOpenIdentity && (r.hasMessage || r.hasFeedback) && (
              <Button
                size="xs"
                variant={r.hasFeedback ? 'filled' : 'default'}
                onClick={() => setReading(true)}
                data-testid="referral-read-open"
              >
                {r.hasFeedback ? t('referrals.readFeedback') : t('referrals.readMessage')}
              </Button>
            )}
            {withdrawable && (
              <Button
                size="xs"
                variant="default"
                color="red"
                onClick={() => void withdraw()}
                loading={action.pending}
                data-testid="referral-withdraw"
              >
                {t('referrals.withdraw')}
              </Button>
            )}
          </Group>
        )}
        {r.to.kind !== 'service' && <ErrorAlert error={reading ? null : action.error} />}
      </Stack>
    </Card>
  );
}
