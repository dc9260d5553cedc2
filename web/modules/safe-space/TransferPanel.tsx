import {
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  ageBands,
  genders,
  riskMapRoutes,
  safeSpaceTransferRoutes,
  subjectKinds,
  type CaseIntakeFromSubmissionInput,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { call } from '../../lib/api';
import { useCan } from '../../lib/city';

/*
 * Deliberate custodian acts (docs/SAFE_SPACE.md): the custodian writes a de-identified text,
 * confirms it, and only then is it added as risk evidence (graded F/6 until corroborated) or
 * brought to the case table as a Filter 1 intake. Nothing is copied from the submission.
 */
export function TransferPanel({ cityId, submissionId }: { cityId: string; submissionId: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const params = { cityId, submissionId };
  const queryClient = useQueryClient();
  const transfersKey = ['safe-space', cityId, 'transfers', submissionId] as const;
  const transfers = useQuery({
    queryKey: transfersKey,
    queryFn: ({ signal }) => call(safeSpaceTransferRoutes.listTransfers, { params, signal }),
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: transfersKey });
  return (
    <Stack gap="xs" mt="md" data-testid="safe-space-transfers">
      <Title order={3} size="h5">
        {t('safe-space.transfer.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('safe-space.transfer.intro')}
      </Text>
      {transfers.data?.items.map((item, i) => (
        <Text size="sm" key={i}>
          {t(`safe-space.transfer.done.${item.kind}`, { name: item.byName ?? '—' })}
        </Text>
      ))}
      {can('risks.contribute') && <ToEvidence cityId={cityId} submissionId={submissionId} onDone={refresh} />}
      {can('cases.create') && <ToCase cityId={cityId} submissionId={submissionId} onDone={refresh} />}
    </Stack>
  );
}

function Confirmations({
  deidentified,
  verbatim,
  onDeidentified,
  onVerbatim,
}: {
  deidentified: boolean;
  verbatim: boolean;
  onDeidentified: (v: boolean) => void;
  onVerbatim: (v: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Checkbox
        label={t('safe-space.transfer.deidentified')}
        checked={deidentified}
        onChange={(e) => onDeidentified(e.currentTarget.checked)}
      />
      <Checkbox
        label={t('safe-space.transfer.verbatim')}
        checked={verbatim}
        onChange={(e) => onVerbatim(e.currentTarget.checked)}
      />
    </>
  );
}

function ToEvidence({
  cityId,
  submissionId,
  onDone,
}: {
  cityId: string;
  submissionId: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const risks = useQuery({
    queryKey: ['risk-map', cityId, 'risks', 'for-safe-space'],
    queryFn: ({ signal }) => call(riskMapRoutes.listRisks, { params: { cityId }, query: {}, signal }),
  });
  const [riskId, setRiskId] = useState('');
  const [summary, setSummary] = useState('');
  const [corroboration, setCorroboration] = useState('');
  const [credibility, setCredibility] = useState(6);
  const [deidentified, setDeidentified] = useState(false);
  const [verbatim, setVerbatim] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      call(safeSpaceTransferRoutes.submissionToEvidence, {
        params: { cityId, submissionId },
        body: {
          riskId,
          summary,
          credibility,
          corroboration,
          deidentified: true,
          verbatimConfirmed: verbatim,
        },
      }),
    onSuccess: () => {
      setSummary('');
      setCorroboration('');
      setDeidentified(false);
      setVerbatim(false);
      onDone();
    },
  });
  // No risk map in the mandate (or no access): no evidence to add to.
  if (risks.error) return null;
  return (
    <details data-testid="transfer-evidence">
      <summary>{t('safe-space.transfer.toEvidence')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="xs" mt="xs">
          <NativeSelect
            label={t('safe-space.transfer.risk')}
            value={riskId}
            required
            onChange={(e) => setRiskId(e.currentTarget.value)}
            data-testid="transfer-risk"
            data={[
              { value: '', label: '—' },
              ...(risks.data?.items ?? []).map((r) => ({ value: r.id, label: r.title })),
            ]}
          />
          <Textarea
            label={t('safe-space.transfer.summary')}
            description={t('safe-space.transfer.summaryHelp')}
            value={summary}
            required
            maxLength={1000}
            autosize
            minRows={2}
            onChange={(e) => setSummary(e.currentTarget.value)}
            data-testid="transfer-summary"
          />
          <Group grow wrap="wrap" align="flex-start">
            <NativeSelect
              label={t('safe-space.transfer.credibility')}
              value={String(credibility)}
              onChange={(e) => setCredibility(Number(e.currentTarget.value))}
              data={[6, 5, 4, 3, 2, 1].map((n) => ({
                value: String(n),
                label: t(`safe-space.transfer.cred.${n}`),
              }))}
            />
            <TextInput
              label={t('safe-space.transfer.corroboration')}
              value={corroboration}
              required={credibility < 6}
              maxLength={1000}
              onChange={(e) => setCorroboration(e.currentTarget.value)}
            />
          </Group>
          <Confirmations
            deidentified={deidentified}
            verbatim={verbatim}
            onDeidentified={setDeidentified}
            onVerbatim={setVerbatim}
          />
          {save.error && <ErrorAlert error={save.error} />}
          <Button
            type="submit"
            disabled={!deidentified || !riskId}
            loading={save.isPending}
            style={{ alignSelf: 'flex-start' }}
            data-testid="transfer-add-evidence"
          >
            {t('safe-space.transfer.addEvidence')}
          </Button>
        </Stack>
      </form>
    </details>
  );
}

type Intake = Pick<CaseIntakeFromSubmissionInput, 'originatingReason' | 'subjectKind' | 'ageBand' | 'gender'>;

function ToCase({
  cityId,
  submissionId,
  onDone,
}: {
  cityId: string;
  submissionId: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState<Intake>({
    originatingReason: '',
    subjectKind: 'person',
    ageBand: 'unknown',
    gender: 'not-stated',
  });
  const [deidentified, setDeidentified] = useState(false);
  const [verbatim, setVerbatim] = useState(false);
  const set = (patch: Partial<Intake>) => setV((x) => ({ ...x, ...patch }));
  const save = useMutation({
    mutationFn: () =>
      call(safeSpaceTransferRoutes.submissionToCaseIntake, {
        params: { cityId, submissionId },
        body: { ...v, deidentified: true, verbatimConfirmed: verbatim },
      }),
    onSuccess: () => {
      set({ originatingReason: '' });
      setDeidentified(false);
      setVerbatim(false);
      onDone();
    },
  });
  return (
    <details data-testid="transfer-case">
      <summary>{t('safe-space.transfer.toCase')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="xs" mt="xs">
          <Textarea
            label={t('safe-space.transfer.reason')}
            description={t('safe-space.transfer.summaryHelp')}
            value={v.originatingReason}
            required
            maxLength={2000}
            autosize
            minRows={2}
            onChange={(e) => set({ originatingReason: e.currentTarget.value })}
          />
          <Group grow wrap="wrap" align="flex-start">
            <NativeSelect
              label={t('cases.fieldSubject')}
              value={v.subjectKind}
              data={subjectKinds.map((s) => ({ value: s, label: t(`cases.subject.${s}`) }))}
              onChange={(e) => set({ subjectKind: e.currentTarget.value as Intake['subjectKind'] })}
            />
            <NativeSelect
              label={t('cases.fieldAgeBand')}
              value={v.ageBand}
              data={ageBands.map((b) => ({
                value: b,
                label: b === 'unknown' ? t('cases.ageUnknown') : t('cases.ageBandValue', { band: b }),
              }))}
              onChange={(e) => set({ ageBand: e.currentTarget.value as Intake['ageBand'] })}
            />
            <NativeSelect
              label={t('cases.fieldGender')}
              value={v.gender}
              data={genders.map((g) => ({ value: g, label: t(`cases.gender.${g}`) }))}
              onChange={(e) => set({ gender: e.currentTarget.value as Intake['gender'] })}
            />
          </Group>
          <Confirmations
            deidentified={deidentified}
            verbatim={verbatim}
            onDeidentified={setDeidentified}
            onVerbatim={setVerbatim}
          />
          {save.error && <ErrorAlert error={save.error} />}
          <Button
            type="submit"
            disabled={!deidentified}
            loading={save.isPending}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('safe-space.transfer.proposeCase')}
          </Button>
        </Stack>
      </form>
    </details>
  );
}
