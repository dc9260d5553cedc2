import {
  Alert,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { TFunction } from '../../lib/translator';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  LIMITS,
  identityFieldNames,
  LEAST_SHARED_FIELDS,
  referralsRoutes,
  type CaseDetail,
  type SendReferralInput,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { fieldError } from '../../lib/fieldErrors';
import { call } from '../../lib/api';
import { useCityWorkspace } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { Panel } from './ReferralBits';
import { useCaseConfigForReferrals, useRefreshCase, useRestricted, useServices } from './referrals.queries';

type Person = CaseDetail['persons'][number];
type FieldName = (typeof identityFieldNames)[number];
type BasisKind = 'consent' | 'guardian-consent' | 'legal-basis' | 'chair-override';

/** "Person 2 — family member (minor)": persons are never named outside an audited reveal. */
export function personLabel(t: TFunction, p: Person, index: number): string {
  const parts = [t('referrals.personN', { n: index + 1 }), t(`referrals.relation.${p.relation}`)];
  return `${parts.join(' — ')}${p.isMinor ? ` (${t('referrals.minor')})` : ''}`;
}

/**
 * Sending a referral: receiver, person, the fields to share (the least needed by default), a message,
 * and the consent or basis — one already recorded for this person, or recorded now with the referral.
 */
export function SendReferralForm({
  cityId,
  detail,
  onDone,
}: {
  cityId: string;
  detail: CaseDetail;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const limit = useLimit();
  const format = useFormat();
  const config = useCaseConfigForReferrals(cityId);
  const services = useServices(cityId);
  const workspace = useCityWorkspace(cityId);
  const isChair = workspace.data?.role === 'chair';
  const refresh = useRefreshCase(cityId, detail.id);
  const action = useRestricted();

  const [kind, setKind] = useState<'organisation' | 'service'>('organisation');
  const [organisationId, setOrganisationId] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [personId, setPersonId] = useState(detail.persons.length === 1 ? detail.persons[0].id : '');
  const [fields, setFields] = useState<FieldName[]>([...LEAST_SHARED_FIELDS]);
  const [shareRiskFactors, setShareRiskFactors] = useState(false);
  const [message, setMessage] = useState('');
  const [mode, setMode] = useState<'recorded' | 'now'>('now');
  const [consentId, setConsentId] = useState('');
  const [basis, setBasis] = useState<BasisKind | ''>('');
  const [basisDetail, setBasisDetail] = useState('');
  const [touched, setTouched] = useState(false);

  const mine = new Set((config.data?.myOrganisations ?? []).map((o) => o.id));
  const organisations = (config.data?.organisations ?? []).filter((o) => !mine.has(o.id));
  const person = detail.persons.find((p) => p.id === personId);
  const minorNeedsGuardian = !!person?.isMinor && (config.data?.guardianConsentForMinors ?? true);
  const recorded = detail.consents.filter(
    (c) => c.purpose === 'referral' && c.personId === personId && !c.withdrawnAt && !c.referralId,
  );
  const basisOptions: BasisKind[] = [
    ...(minorNeedsGuardian ? [] : (['consent'] as const)),
    'guardian-consent',
    'legal-basis',
    ...(isChair ? (['chair-override'] as const) : []),
  ];
  const needsDetail = basis === 'legal-basis' || basis === 'chair-override';

  const errors = {
    target: kind === 'organisation' ? !organisationId : !serviceId,
    person: !personId,
    fields: fields.length === 0,
    basis: mode === 'recorded' ? !consentId : !basis || (needsDetail && basisDetail.trim().length < 5),
  };
  const invalid = Object.values(errors).some(Boolean);

  const submit = async () => {
    setTouched(true);
    if (invalid) return;
    const body: SendReferralInput = {
      ...(kind === 'organisation' ? { toOrganisationId: organisationId } : { toServiceId: serviceId }),
      personId,
      sharedFields: fields,
      shareRiskFactors,
      message: message.trim(),
      ...(mode === 'recorded'
        ? { consentId }
        : { basis: { basis: basis as BasisKind, basisDetail: basisDetail.trim() } }),
    };
    const sent = await action.run(() =>
      call(referralsRoutes.sendReferral, { params: { cityId, caseId: detail.id }, body }),
    );
    if (sent) {
      await refresh();
      onDone();
    }
  };

  return (
    <Panel id="referral-send-title" title={t('referrals.sendTitle')} order={3} testId="referral-send">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack gap="md">
          <Radio.Group
            label={t('referrals.targetKind')}
            value={kind}
            onChange={(v) => setKind(v === 'service' ? 'service' : 'organisation')}
            required
          >
            <Stack gap={6} mt={4}>
              <Radio
                value="organisation"
                label={t('referrals.targetOrganisation')}
                data-testid="referral-kind-organisation"
              />
              <Radio
                value="service"
                label={t('referrals.targetService')}
                data-testid="referral-kind-service"
              />
            </Stack>
          </Radio.Group>
          {kind === 'organisation' ? (
            <NativeSelect
              label={t('referrals.organisation')}
              required
              value={organisationId}
              onChange={(e) => setOrganisationId(e.currentTarget.value)}
              data={[
                { value: '', label: t('referrals.choose') },
                ...organisations.map((o) => ({
                  value: o.id,
                  label: `${o.name} · ${t(`network.sectors.${o.sector}`, { defaultValue: o.sector })}`,
                })),
              ]}
              error={touched && errors.target ? t('referrals.required') : null}
              data-testid="referral-organisation"
            />
          ) : (
            <>
              <NativeSelect
                label={t('referrals.service')}
                required
                value={serviceId}
                onChange={(e) => setServiceId(e.currentTarget.value)}
                data={[
                  { value: '', label: t('referrals.choose') },
                  ...(services.data?.items ?? []).map((s) => ({
                    value: s.id,
                    label: `${s.name} · ${t(`network.sectors.${s.sector}`, { defaultValue: s.sector })}`,
                  })),
                ]}
                error={touched && errors.target ? t('referrals.required') : null}
                data-testid="referral-service"
              />
              {services.data && services.data.items.length === 0 && (
                <Text size="sm" c="dimmed">
                  {t('referrals.noServices')}
                </Text>
              )}
            </>
          )}
          {detail.persons.length === 0 ? (
            <Alert color="orange">{t('referrals.noPersons')}</Alert>
          ) : (
            <NativeSelect
              label={t('referrals.person')}
              required
              value={personId}
              onChange={(e) => {
                setPersonId(e.currentTarget.value);
                setConsentId('');
                setBasis('');
              }}
              data={[
                { value: '', label: t('referrals.choose') },
                ...detail.persons.map((p, i) => ({ value: p.id, label: personLabel(t, p, i) })),
              ]}
              error={touched && errors.person ? t('referrals.required') : null}
              data-testid="referral-person"
            />
          )}
          <Checkbox.Group
            label={t('referrals.fieldsLegend')}
            description={t('referrals.fieldsHelp')}
            value={fields}
            onChange={(v) => setFields(v as FieldName[])}
            error={touched && errors.fields ? t('referrals.fieldsRequired') : null}
          >
            <Stack gap={6} mt={6}>
              {identityFieldNames.map((name) => (
                <Checkbox
                  key={name}
                  value={name}
                  label={t(`referrals.field.${name}`)}
                  data-testid={`referral-field-${name}`}
                />
              ))}
            </Stack>
          </Checkbox.Group>
          {person?.isMinor && (
            <Text size="sm" c="dimmed">
              {t('referrals.minorFieldsHint')}
            </Text>
          )}
          <Checkbox
            label={t('referrals.shareRiskFactors')}
            checked={shareRiskFactors}
            onChange={(e) => setShareRiskFactors(e.currentTarget.checked)}
            data-testid="referral-share-risk"
          />
          <Textarea
            label={t('referrals.message')}
            autosize
            minRows={3}
            value={message}
            {...limit(LIMITS.note, message, t('referrals.messageHelp'))}
            error={fieldError(action.error, 'message')}
            onChange={(e) => setMessage(e.currentTarget.value)}
            data-testid="referral-message"
          />
          <Radio.Group
            label={t('referrals.basisLegend')}
            description={t('referrals.basisHelp')}
            value={mode}
            onChange={(v) => setMode(v === 'recorded' ? 'recorded' : 'now')}
            required
          >
            <Stack gap={6} mt={4}>
              <Radio value="now" label={t('referrals.basisNow')} data-testid="referral-basis-mode-now" />
              <Radio
                value="recorded"
                label={t('referrals.basisRecorded')}
                disabled={recorded.length === 0}
                data-testid="referral-basis-mode-recorded"
              />
            </Stack>
          </Radio.Group>
          {mode === 'recorded' ? (
            <NativeSelect
              label={t('referrals.consentRecorded')}
              required
              value={consentId}
              onChange={(e) => setConsentId(e.currentTarget.value)}
              data={[
                { value: '', label: t('referrals.choose') },
                ...recorded.map((c) => ({
                  value: c.id,
                  label: `${t(`referrals.basis.${c.basis}`)} · ${format.date(c.recordedAt)}`,
                })),
              ]}
              error={touched && errors.basis ? t('referrals.required') : null}
              data-testid="referral-consent"
            />
          ) : (
            <>
              <NativeSelect
                label={t('referrals.basisKind')}
                required
                value={basis}
                onChange={(e) => setBasis(e.currentTarget.value as BasisKind | '')}
                data={[
                  { value: '', label: t('referrals.choose') },
                  ...basisOptions.map((b) => ({ value: b, label: t(`referrals.basis.${b}`) })),
                ]}
                error={touched && !basis ? t('referrals.required') : null}
                data-testid="referral-basis"
              />
              {minorNeedsGuardian && (
                <Text size="sm" c="dimmed" data-testid="referral-minor-guardian">
                  {t('referrals.minorNeedsGuardian')}
                </Text>
              )}
              {basis === 'guardian-consent' && person && !person.hasGuardian && (
                <Alert color="orange">{t('referrals.noGuardianRecorded')}</Alert>
              )}
              {basis === 'chair-override' && (
                <Alert
                  color="red"
                  title={t('referrals.overrideTitle')}
                  data-testid="referral-override-warning"
                >
                  {t('referrals.overrideWarning')}
                </Alert>
              )}
              {needsDetail && (
                <TextInput
                  label={
                    basis === 'chair-override'
                      ? t('referrals.basisDetailOverride')
                      : t('referrals.basisDetailLegal')
                  }
                  required
                  value={basisDetail}
                  onChange={(e) => setBasisDetail(e.currentTarget.value)}
                  {...limit(LIMITS.shortNote, basisDetail)}
                  error={
                    touched && basisDetail.trim().length < 5
                      ? t('referrals.reasonTooShort')
                      : fieldError(action.error, 'basis.basisDetail')
                  }
                  data-testid="referral-basis-detail"
                />
              )}
            </>
          )}
          <ErrorAlert error={action.error} shownOnFields={['message', 'basis.basisDetail']} />
          <Group gap="xs">
            <Button type="submit" loading={action.pending} data-testid="referral-send-submit">
              {t('referrals.send')}
            </Button>
            <Button variant="subtle" onClick={onDone}>
              {t('referrals.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Panel>
  );
}
