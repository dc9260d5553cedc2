import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Modal,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type Dispatch, type SetStateAction } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  LIMITS,
  casesRoutes,
  consentPurposes,
  outcomeCodes,
  reviewFindings,
  type CaseConfig,
  type CaseDetail,
  type OutcomeCode,
  type Revealed,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { basisNeedsDetail, useBasisOptions } from './CaseAssignments';
import { Section } from './CaseSection';
import { pickLabel, useAction, useFactorLabels, useMoveStage, useSetCase } from './cases.queries';

type Dimension = 'engagement' | 'intent' | 'capability';
type Finding = (typeof reviewFindings)[number];

/** How a person is named in a form: their name when the identities are open, else "Person 2 (minor)". */
function usePersonLabel(c: CaseDetail, revealed: Revealed | null) {
  const { t } = useTranslation();
  return (personId: string | null) => {
    if (!personId) return t('cases.wholeSituation');
    const i = c.persons.findIndex((p) => p.id === personId);
    const r = revealed?.persons.find((p) => p.id === personId);
    if (r) return `${r.identity.givenName} ${r.identity.familyName}`;
    const meta = c.persons[i];
    return t('cases.personN', { n: i + 1 }) + (meta?.isMinor ? ` (${t('cases.minor')})` : '');
  };
}

/** Channel: assessments against the vulnerability framework, then the panel moves to consent. */
export function AssessmentPanel({
  c,
  config,
  revealed,
  setRevealed,
}: {
  c: CaseDetail;
  config: CaseConfig;
  revealed: Revealed | null;
  setRevealed: Dispatch<SetStateAction<Revealed | null>>;
}) {
  const { t, i18n } = useTranslation();
  const limit = useLimit();
  const format = useFormat();
  const cityId = useCityId();
  const setCase = useSetCase(cityId);
  const labels = useFactorLabels(config);
  const move = useMoveStage(c);
  const action = useAction();
  const empty = { engagement: [] as string[], intent: [] as string[], capability: [] as string[] };
  const [factors, setFactors] = useState<Record<Dimension, string[]>>(empty);
  const [summary, setSummary] = useState('');
  const [plan, setPlan] = useState('');
  const [changes, setChanges] = useState('');
  const [touched, setTouched] = useState(false);
  const mayAssess = c.access.canWork && ['assessment', 'consent', 'support'].includes(c.stage);
  // The form is long (every factor with its guidance): open at once only for the first assessment.
  const [formOpen, setFormOpen] = useState(c.assessments.length === 0);
  const needsChanges = c.assessments.length > 0;
  const invalid = !summary.trim() || !plan.trim() || (needsChanges && !changes.trim());
  const submit = async () => {
    setTouched(true);
    if (invalid) return;
    const d = await action.run(() =>
      call(casesRoutes.addAssessment, {
        params: { cityId, caseId: c.id },
        body: {
          factors,
          summary: summary.trim(),
          managementPlan: plan.trim(),
          changesSinceLast: needsChanges ? changes.trim() : undefined,
        },
      }),
    );
    if (!d) return;
    // Keep the open identity panel's texts in step with what was just written.
    const added = d.assessments.find((a) => !c.assessments.some((x) => x.id === a.id));
    // Functional updates: a request finishing after "Hide" must not bring the identities back.
    if (added)
      setRevealed(
        (current) =>
          current && {
            ...current,
            assessments: [
              ...current.assessments,
              {
                id: added.id,
                summary: summary.trim(),
                managementPlan: plan.trim(),
                changes: needsChanges ? changes.trim() : null,
              },
            ],
          },
      );
    await setCase(d);
    setFormOpen(false);
    setFactors(empty);
    setSummary('');
    setPlan('');
    setChanges('');
    setTouched(false);
  };
  return (
    <Section id="case-assessment" title={t('cases.assessmentTitle')} testId="case-assessment">
      {c.assessments.length === 0 && <Text c="dimmed">{t('cases.noAssessments')}</Text>}
      {c.assessments.map((a, i) => {
        const text = revealed?.assessments.find((x) => x.id === a.id);
        return (
          <Card key={a.id} withBorder padding="sm" data-testid="assessment">
            <Stack gap={4}>
              <Text fw={700}>
                {t('cases.assessmentN', { n: i + 1 })} · {format.date(a.assessedAt)}
                {a.assessedByName ? ` · ${a.assessedByName}` : ''}
              </Text>
              {(['engagement', 'intent', 'capability'] as const).map((dim) => (
                <Text key={dim} size="sm">
                  <Text span fw={700} size="sm">
                    {dimensionLabel(config, dim, i18n.language)}:
                  </Text>{' '}
                  {a.factors[dim].length ? a.factors[dim].map(labels.vulnerability).join('; ') : '—'}
                </Text>
              ))}
              {text ? (
                <>
                  <RestrictedText label={t('cases.assessmentSummary')} value={text.summary} />
                  <RestrictedText label={t('cases.managementPlan')} value={text.managementPlan} />
                  {text.changes && (
                    <RestrictedText label={t('cases.changesSinceLast')} value={text.changes} />
                  )}
                </>
              ) : (
                <Text size="xs" c="dimmed">
                  {t('cases.textsRestricted')}
                </Text>
              )}
            </Stack>
          </Card>
        );
      })}
      {mayAssess && !formOpen && (
        <Button
          variant="default"
          onClick={() => setFormOpen(true)}
          style={{ alignSelf: 'flex-start' }}
          data-testid="assessment-new"
        >
          {t('cases.newAssessment')}
        </Button>
      )}
      {mayAssess && formOpen && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack gap="sm">
            <Title order={3} size="h5">
              {t('cases.newAssessment')}
            </Title>
            <Text size="sm">{t('cases.assessmentHelp')}</Text>
            {config.vulnerability.dimensions.map((d) => (
              <Checkbox.Group
                key={d.id}
                label={pickLabel(d.labels, i18n.language, d.id)}
                value={factors[d.id]}
                onChange={(v) => setFactors({ ...factors, [d.id]: v })}
                data-testid={`assessment-${d.id}`}
              >
                <Stack gap={8} mt={6}>
                  {d.factors.map((f) => (
                    <Checkbox
                      key={f.id}
                      value={f.id}
                      label={pickLabel(f.labels, i18n.language, f.id)}
                      description={<span lang="en">{f.guidance}</span>}
                      data-testid="assessment-factor"
                      data-factor={f.id}
                    />
                  ))}
                </Stack>
              </Checkbox.Group>
            ))}
            <Alert color="orange" variant="light">
              {t('cases.restrictedTextHelp')}
            </Alert>
            <Textarea
              label={t('cases.assessmentSummary')}
              required
              autosize
              minRows={3}
              {...limit(LIMITS.longText, summary)}
              value={summary}
              error={touched && !summary.trim() ? t('cases.fieldRequired') : null}
              onChange={(e) => setSummary(e.currentTarget.value)}
              data-testid="assessment-summary"
            />
            <Textarea
              label={t('cases.managementPlan')}
              required
              autosize
              minRows={3}
              {...limit(LIMITS.longText, plan)}
              value={plan}
              error={touched && !plan.trim() ? t('cases.fieldRequired') : null}
              onChange={(e) => setPlan(e.currentTarget.value)}
              data-testid="assessment-plan"
            />
            {c.assessments.length > 0 && (
              <Textarea
                label={t('cases.changesSinceLast')}
                required
                error={touched && !changes.trim() ? t('cases.fieldRequired') : null}
                autosize
                minRows={2}
                {...limit(LIMITS.longText, changes)}
                value={changes}
                onChange={(e) => setChanges(e.currentTarget.value)}
                data-testid="assessment-changes"
              />
            )}
            <ErrorAlert error={action.error} />
            <Button
              type="submit"
              loading={action.pending}
              style={{ alignSelf: 'flex-start' }}
              data-testid="assessment-save"
            >
              {t('cases.saveAssessment')}
            </Button>
          </Stack>
        </form>
      )}
      {c.stage === 'assessment' && c.access.canDecide && c.assessments.length > 0 && (
        <Stack gap="xs">
          <Text size="sm">{t('cases.toConsentHelp')}</Text>
          <ErrorAlert error={move.error} />
          <Button
            onClick={() => move.mutate('consent')}
            loading={move.isPending}
            style={{ alignSelf: 'flex-start' }}
            data-testid="case-to-consent"
          >
            {t('cases.toConsent')}
          </Button>
        </Stack>
      )}
    </Section>
  );
}

function dimensionLabel(config: CaseConfig, dim: Dimension, lang: string) {
  const d = config.vulnerability.dimensions.find((x) => x.id === dim);
  return pickLabel(d?.labels, lang, dim);
}

function RestrictedText({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="sm" fw={700}>
        {label}
      </Text>
      <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
        {value}
      </Text>
    </div>
  );
}

/** Consent and legal bases: the list, recording one, withdrawing one. */
export function ConsentsPanel({ c, revealed }: { c: CaseDetail; revealed: Revealed | null }) {
  const { t } = useTranslation();
  const limit = useLimit();
  const format = useFormat();
  const cityId = useCityId();
  const setCase = useSetCase(cityId);
  const basisOptions = useBasisOptions(false);
  const can = useCan();
  const personLabel = usePersonLabel(c, revealed);
  const move = useMoveStage(c);
  const [adding, setAdding] = useState(false);
  const minors = c.persons.filter((p) => p.isMinor);
  const [draft, setDraft] = useState({
    purpose: (c.workflow === 'channel' ? 'support' : 'disclosure') as (typeof consentPurposes)[number],
    personId: '',
    basis: (minors.length ? 'guardian-consent' : 'consent') as string,
    basisDetail: '',
  });
  const refresh = useMutation({
    mutationFn: () => call(casesRoutes.getCase, { params: { cityId, caseId: c.id } }),
    onSuccess: setCase,
  });
  const record = useMutation({
    mutationFn: () =>
      call(casesRoutes.recordConsent, {
        params: { cityId, caseId: c.id },
        body: {
          purpose: draft.purpose,
          personId: draft.personId || null,
          basis: draft.basis as 'consent',
          basisDetail: draft.basisDetail.trim(),
        },
      }),
    onSuccess: async () => {
      setAdding(false);
      setDraft({ ...draft, basisDetail: '' });
      await refresh.mutateAsync();
    },
  });
  const [withdrawing, setWithdrawing] = useState<string | null>(null);
  const [withdrawReason, setWithdrawReason] = useState('');
  const withdraw = useMutation({
    mutationFn: (consentId: string) =>
      call(casesRoutes.withdrawConsent, {
        params: { cityId, caseId: c.id, consentId },
        body: { reason: withdrawReason.trim() },
      }),
    onSuccess: async () => {
      setWithdrawing(null);
      setWithdrawReason('');
      await refresh.mutateAsync();
    },
  });
  const detailMissing = basisNeedsDetail(draft.basis) && draft.basisDetail.trim().length < 5;
  const personMissing = draft.purpose !== 'disclosure' && !draft.personId;
  const open = c.stage !== 'closed';
  const isChair = can('cases.consent-override');
  // A chair may record an override without being assigned; everything else needs an assigned agency.
  const mayRecord = open && (c.access.canWork || isChair);
  const purposes = consentPurposes.filter((p) => p !== 'support' || c.workflow !== 'four-filter');
  return (
    <Section id="case-consents" title={t('cases.consentsTitle')} testId="case-consents">
      {c.consents.length === 0 && <Text c="dimmed">{t('cases.noConsents')}</Text>}
      <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {c.consents.map((k) => (
          <li key={k.id}>
            <Card
              withBorder
              padding="sm"
              data-testid="consent"
              data-basis={k.basis}
              data-withdrawn={!!k.withdrawnAt}
            >
              <Group justify="space-between" gap="xs" wrap="wrap" align="start">
                <Stack gap={2}>
                  <Group gap={6}>
                    <Badge variant="light">{t(`cases.purpose.${k.purpose}`)}</Badge>
                    <Badge variant="outline" color={k.basis === 'chair-override' ? 'orange' : 'blue'}>
                      {t(`cases.basis.${k.basis}`)}
                    </Badge>
                    {k.withdrawnAt && (
                      <Badge color="red.9" variant="filled">
                        {t('cases.withdrawnOn', { date: format.date(k.withdrawnAt) })}
                      </Badge>
                    )}
                  </Group>
                  <Text size="sm">{personLabel(k.personId)}</Text>
                  {k.basisDetail && (
                    <Text size="sm" dir="auto">
                      {k.basisDetail}
                    </Text>
                  )}
                  <Text size="xs" c="dimmed">
                    {t('cases.recordedBy', {
                      name: k.recordedByName ?? t('cases.someone'),
                      date: format.dateTime(k.recordedAt),
                    })}
                  </Text>
                </Stack>
                {(c.access.canWork || isChair) && !k.withdrawnAt && open && withdrawing !== k.id && (
                  <Button
                    size="xs"
                    variant="outline"
                    color="red"
                    onClick={() => {
                      setWithdrawing(k.id);
                      setWithdrawReason('');
                    }}
                    data-testid="consent-withdraw"
                  >
                    {t('cases.withdraw')}
                  </Button>
                )}
              </Group>
              {withdrawing === k.id && (
                <form
                  noValidate
                  onSubmit={(e) => {
                    e.preventDefault();
                    withdraw.mutate(k.id);
                  }}
                >
                  <Stack gap="xs" mt="xs">
                    <Text size="sm">{t('cases.withdrawConfirm')}</Text>
                    <TextInput
                      label={t('cases.withdrawReason')}
                      {...limit(LIMITS.reason, withdrawReason, t('cases.noNamesShort'))}
                      value={withdrawReason}
                      onChange={(e) => setWithdrawReason(e.currentTarget.value)}
                      data-testid="consent-withdraw-reason"
                    />
                    <Group gap="xs">
                      <Button
                        type="submit"
                        size="xs"
                        color="red"
                        loading={withdraw.isPending}
                        data-testid="consent-withdraw-submit"
                      >
                        {t('cases.withdrawRecord')}
                      </Button>
                      <Button size="xs" variant="subtle" onClick={() => setWithdrawing(null)}>
                        {t('common.cancel')}
                      </Button>
                    </Group>
                  </Stack>
                </form>
              )}
            </Card>
          </li>
        ))}
      </Stack>
      <ErrorAlert error={withdraw.error ?? refresh.error} />
      {mayRecord && !adding && (
        <Button
          variant="default"
          onClick={() => setAdding(true)}
          style={{ alignSelf: 'flex-start' }}
          data-testid="consent-add"
        >
          {t('cases.recordConsent')}
        </Button>
      )}
      {mayRecord && adding && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!detailMissing && !personMissing) record.mutate();
          }}
        >
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NativeSelect
                label={t('cases.fieldPurpose')}
                value={draft.purpose}
                data={purposes.map((p) => ({ value: p, label: t(`cases.purpose.${p}`) }))}
                onChange={(e) =>
                  setDraft({ ...draft, purpose: e.currentTarget.value as (typeof consentPurposes)[number] })
                }
                data-testid="consent-purpose"
              />
              <NativeSelect
                label={t('cases.fieldPerson')}
                value={draft.personId}
                data={[
                  {
                    value: '',
                    label: draft.purpose === 'disclosure' ? t('cases.wholeSituation') : t('cases.choose'),
                  },
                  ...c.persons.map((p) => ({ value: p.id, label: personLabel(p.id) })),
                ]}
                required={draft.purpose !== 'disclosure'}
                error={personMissing ? t('cases.personRequired') : null}
                onChange={(e) => setDraft({ ...draft, personId: e.currentTarget.value })}
                data-testid="consent-person"
              />
              <NativeSelect
                label={t('cases.fieldBasis')}
                value={draft.basis}
                data={basisOptions}
                onChange={(e) => setDraft({ ...draft, basis: e.currentTarget.value })}
                data-testid="consent-basis"
              />
            </SimpleGrid>
            {minors.length > 0 && draft.basis === 'consent' && (
              <Alert color="yellow" data-testid="consent-minor-hint">
                {t('cases.guardianConsentHint')}
              </Alert>
            )}
            <Textarea
              label={
                draft.basis === 'chair-override'
                  ? t('cases.fieldOverrideReason')
                  : draft.basis === 'legal-basis'
                    ? t('cases.fieldLegalBasis')
                    : t('cases.fieldConsentDetail')
              }
              required={basisNeedsDetail(draft.basis)}
              autosize
              minRows={2}
              {...limit(LIMITS.shortNote, draft.basisDetail, t('cases.noNamesShort'))}
              value={draft.basisDetail}
              onChange={(e) => setDraft({ ...draft, basisDetail: e.currentTarget.value })}
              data-testid="consent-detail"
            />
            {draft.basis === 'chair-override' && <Alert color="orange">{t('cases.overrideWarning')}</Alert>}
            <ErrorAlert error={record.error} />
            <Group gap="xs">
              <Button
                type="submit"
                disabled={detailMissing || personMissing}
                loading={record.isPending}
                data-testid="consent-save"
              >
                {t('cases.saveConsent')}
              </Button>
              <Button variant="subtle" onClick={() => setAdding(false)}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {c.stage === 'consent' && (c.access.canDecide || c.access.canWork) && (
        <Stack gap="xs">
          <Text size="sm">{t('cases.toSupportHelp')}</Text>
          <ErrorAlert error={move.error} />
          <Button
            onClick={() => move.mutate('support')}
            loading={move.isPending}
            style={{ alignSelf: 'flex-start' }}
            data-testid="case-to-support"
          >
            {t('cases.toSupport')}
          </Button>
        </Stack>
      )}
    </Section>
  );
}

/** The intervention or support plan: restricted, so it is read and edited with the identities open. */
export function PlanPanel({
  c,
  revealed,
  setRevealed,
}: {
  c: CaseDetail;
  revealed: Revealed | null;
  setRevealed: Dispatch<SetStateAction<Revealed | null>>;
}) {
  const { t } = useTranslation();
  const limit = useLimit();
  const cityId = useCityId();
  const setCase = useSetCase(cityId);
  const action = useAction();
  const [text, setText] = useState(revealed?.plan ?? '');
  const [saved, setSaved] = useState(false);
  const [syncedFrom, setSyncedFrom] = useState(revealed);
  // When the identities are opened (or hidden), the editor follows the revealed plan.
  if (syncedFrom !== revealed) {
    setSyncedFrom(revealed);
    setText(revealed?.plan ?? '');
  }
  const channel = c.workflow === 'channel';
  const editable = c.access.canWork && c.stage !== 'closed' && c.stage !== 'rejected';
  const locked = c.hasPlan && !revealed;
  const save = async () => {
    const d = await action.run(() =>
      call(casesRoutes.savePlan, { params: { cityId, caseId: c.id }, body: { plan: text.trim() } }),
    );
    if (!d) return;
    await setCase(d);
    setRevealed((current) => current && { ...current, plan: text.trim() });
    setSaved(true);
  };
  return (
    <Section
      id="case-plan"
      title={channel ? t('cases.supportPlanTitle') : t('cases.planTitle')}
      testId="case-plan"
    >
      {!c.access.canOpenIdentity ? (
        <Text c="dimmed">{c.hasPlan ? t('cases.planExistsRestricted') : t('cases.noPlan')}</Text>
      ) : locked ? (
        <Text c="dimmed" data-testid="plan-locked">
          {t('cases.planLocked')}
        </Text>
      ) : editable ? (
        <Stack gap="sm">
          <Alert color="orange" variant="light">
            {t('cases.restrictedTextHelp')}
          </Alert>
          <Textarea
            label={channel ? t('cases.supportPlanTitle') : t('cases.planTitle')}
            autosize
            minRows={5}
            {...limit(LIMITS.plan, text, t('cases.planHelp'))}
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              setSaved(false);
            }}
            data-testid="plan-text"
          />
          <ErrorAlert error={action.error} />
          <Group gap="xs">
            <Button
              onClick={() => void save()}
              loading={action.pending}
              disabled={!text.trim()}
              data-testid="plan-save"
            >
              {t('cases.savePlan')}
            </Button>
            {saved && (
              <Text c="teal.9" role="status" data-testid="plan-saved">
                {t('common.saved')}
              </Text>
            )}
          </Group>
        </Stack>
      ) : (
        <Text dir="auto" style={{ whiteSpace: 'pre-wrap' }} data-testid="plan-view">
          {revealed?.plan || t('cases.noPlan')}
        </Text>
      )}
    </Section>
  );
}

/** Follow-ups while open, reviews after closure (6 and 12 months for Channel-style cases). */
export function FollowUpsPanel({
  c,
  revealed,
  setRevealed,
}: {
  c: CaseDetail;
  revealed: Revealed | null;
  setRevealed: Dispatch<SetStateAction<Revealed | null>>;
}) {
  const { t } = useTranslation();
  const limit = useLimit();
  const format = useFormat();
  const cityId = useCityId();
  const setCase = useSetCase(cityId);
  const schedule = useAction();
  const complete = useAction();
  const closed = c.stage === 'closed';
  const [dueOn, setDueOn] = useState('');
  const [note, setNote] = useState('');
  const [completing, setCompleting] = useState<string | null>(null);
  const [finding, setFinding] = useState<Finding | ''>('');
  const [doneNote, setDoneNote] = useState('');
  const may = c.access.canWork;
  if (c.followUps.length === 0 && !may) return null;
  const add = async () => {
    const d = await schedule.run(() =>
      call(casesRoutes.addFollowUp, {
        params: { cityId, caseId: c.id },
        body: { kind: closed ? 'post-closure-review' : 'follow-up', dueOn, note: note.trim() || undefined },
      }),
    );
    if (!d) return;
    const added = d.followUps.find((f) => !c.followUps.some((x) => x.id === f.id));
    if (added && note.trim())
      setRevealed(
        (current) =>
          current && {
            ...current,
            followUpNotes: [...current.followUpNotes, { id: added.id, note: note.trim() }],
          },
      );
    await setCase(d);
    setDueOn('');
    setNote('');
  };
  const finish = async (id: string, review: boolean) => {
    const d = await complete.run(() =>
      call(casesRoutes.completeFollowUp, {
        params: { cityId, caseId: c.id, followUpId: id },
        body: { finding: review && finding ? finding : undefined, note: doneNote.trim() || undefined },
      }),
    );
    if (!d) return;
    if (doneNote.trim())
      setRevealed(
        (current) =>
          current && {
            ...current,
            followUpNotes: [
              ...current.followUpNotes.filter((n) => n.id !== id),
              { id, note: doneNote.trim() },
            ],
          },
      );
    await setCase(d);
    setCompleting(null);
    setFinding('');
    setDoneNote('');
  };
  return (
    <Section id="case-follow-ups" title={t('cases.followUpsTitle')} testId="case-follow-ups">
      {c.followUps.length === 0 && <Text c="dimmed">{t('cases.noFollowUps')}</Text>}
      <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {c.followUps.map((f) => {
          const review = f.kind === 'post-closure-review';
          const noteText = revealed?.followUpNotes.find((n) => n.id === f.id)?.note;
          return (
            <li key={f.id}>
              <Card
                withBorder
                padding="sm"
                data-testid="follow-up"
                data-kind={f.kind}
                data-months={f.monthsAfterClosure ?? ''}
                data-done={!!f.completedAt}
              >
                <Stack gap={4}>
                  <Group justify="space-between" gap="xs" wrap="wrap">
                    <Text fw={700}>
                      {review
                        ? f.monthsAfterClosure
                          ? t('cases.reviewAfterMonths', { count: f.monthsAfterClosure })
                          : t('cases.review')
                        : t('cases.followUp')}
                    </Text>
                    <Group gap={6}>
                      {f.completedAt ? (
                        <Badge color="teal.9">
                          {t('cases.doneOn', { date: format.date(f.completedAt) })}
                        </Badge>
                      ) : f.overdue ? (
                        <Badge color="red.9">{t('cases.overdueOn', { date: format.date(f.dueOn) })}</Badge>
                      ) : (
                        <Badge color="blue" variant="light">
                          {t('cases.dueOn', { date: format.date(f.dueOn) })}
                        </Badge>
                      )}
                      {f.reviewFinding && (
                        <Badge color="grape" variant="light" data-testid="follow-up-finding">
                          {t(`cases.finding.${f.reviewFinding}`)}
                        </Badge>
                      )}
                    </Group>
                  </Group>
                  {f.hasNote &&
                    (noteText ? (
                      <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
                        {noteText}
                      </Text>
                    ) : (
                      <Text size="xs" c="dimmed">
                        {t('cases.noteRestricted')}
                      </Text>
                    ))}
                  {may && !f.completedAt && completing !== f.id && (
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() => {
                        setCompleting(f.id);
                        setFinding('');
                        setDoneNote('');
                      }}
                      style={{ alignSelf: 'flex-start' }}
                      data-testid="follow-up-complete"
                    >
                      {review ? t('cases.completeReview') : t('cases.completeFollowUp')}
                    </Button>
                  )}
                  {completing === f.id && (
                    <form
                      noValidate
                      onSubmit={(e) => {
                        e.preventDefault();
                        if (review && !finding) return;
                        void finish(f.id, review);
                      }}
                    >
                      <Stack gap="xs">
                        {review && (
                          <Radio.Group
                            label={t('cases.fieldFinding')}
                            required
                            value={finding}
                            onChange={(v) => setFinding(v as Finding)}
                          >
                            <Stack gap={6} mt={4}>
                              {reviewFindings.map((r) => (
                                <Radio
                                  key={r}
                                  value={r}
                                  label={t(`cases.finding.${r}`)}
                                  data-testid={`finding-${r}`}
                                />
                              ))}
                            </Stack>
                          </Radio.Group>
                        )}
                        {c.access.canOpenIdentity && (
                          <Textarea
                            label={t('cases.fieldNote')}
                            autosize
                            minRows={2}
                            {...limit(LIMITS.note, doneNote, t('cases.noteEncrypted'))}
                            value={doneNote}
                            onChange={(e) => setDoneNote(e.currentTarget.value)}
                            data-testid="follow-up-note"
                          />
                        )}
                        <ErrorAlert error={complete.error} />
                        <Group gap="xs">
                          <Button
                            type="submit"
                            size="xs"
                            disabled={review && !finding}
                            loading={complete.pending}
                            data-testid="follow-up-complete-save"
                          >
                            {t('cases.markDone')}
                          </Button>
                          <Button size="xs" variant="subtle" onClick={() => setCompleting(null)}>
                            {t('common.cancel')}
                          </Button>
                        </Group>
                      </Stack>
                    </form>
                  )}
                </Stack>
              </Card>
            </li>
          );
        })}
      </Stack>
      {may && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (dueOn) void add();
          }}
        >
          <Stack gap="xs">
            <Title order={3} size="h5">
              {closed ? t('cases.scheduleReview') : t('cases.scheduleFollowUp')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                type="date"
                label={t('cases.fieldDueOn')}
                required
                value={dueOn}
                onChange={(e) => setDueOn(e.currentTarget.value)}
                data-testid="follow-up-due"
              />
              {c.access.canOpenIdentity && (
                <TextInput
                  label={t('cases.fieldNote')}
                  {...limit(LIMITS.note, note, t('cases.noteEncrypted'))}
                  value={note}
                  onChange={(e) => setNote(e.currentTarget.value)}
                  data-testid="follow-up-new-note"
                />
              )}
            </SimpleGrid>
            <ErrorAlert error={schedule.error} />
            <Button
              type="submit"
              variant="default"
              disabled={!dueOn}
              loading={schedule.pending}
              style={{ alignSelf: 'flex-start' }}
              data-testid="follow-up-add"
            >
              {t('cases.schedule')}
            </Button>
          </Stack>
        </form>
      )}
    </Section>
  );
}

/** Close with one of the six outcome codes; the workflow's post-closure reviews are scheduled. */
export function ClosePanel({
  c,
  setRevealed,
}: {
  c: CaseDetail;
  setRevealed: Dispatch<SetStateAction<Revealed | null>>;
}) {
  const { t } = useTranslation();
  const limit = useLimit();
  const cityId = useCityId();
  const setCase = useSetCase(cityId);
  const action = useAction();
  const [opened, setOpened] = useState(false);
  const [outcome, setOutcome] = useState<OutcomeCode | ''>('');
  const [note, setNote] = useState('');
  const submit = async () => {
    if (!outcome) return;
    const d = await action.run(() =>
      call(casesRoutes.closeCase, { params: { cityId, caseId: c.id }, body: { outcome, note: note.trim() } }),
    );
    if (!d) return;
    setRevealed((current) => current && { ...current, closureNote: note.trim() || null });
    setOpened(false);
    setNote('');
    await setCase(d);
  };
  return (
    <Section id="case-close" title={t('cases.closeTitle')} testId="case-close">
      <Text size="sm">{c.workflow === 'channel' ? t('cases.closeHelpChannel') : t('cases.closeHelp')}</Text>
      <Button
        color="teal.9"
        onClick={() => setOpened(true)}
        style={{ alignSelf: 'flex-start' }}
        data-testid="case-close-open"
      >
        {t('cases.closeSituation')}
      </Button>
      <Modal
        opened={opened}
        onClose={() => setOpened(false)}
        title={t('cases.closeDialogTitle', { reference: c.reference })}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        centered
      >
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <Stack gap="sm">
            <Radio.Group
              label={t('cases.fieldOutcome')}
              required
              value={outcome}
              onChange={(v) => setOutcome(v as OutcomeCode)}
              data-testid="close-outcome"
            >
              <Stack gap={8} mt={6}>
                {outcomeCodes.map((o) => (
                  <Radio
                    key={o}
                    value={o}
                    label={t(`cases.outcome.${o}`)}
                    description={t(`cases.outcomeHelp.${o}`)}
                    data-testid={`outcome-${o}`}
                  />
                ))}
              </Stack>
            </Radio.Group>
            {c.access.canOpenIdentity && (
              <Textarea
                label={t('cases.closureNote')}
                autosize
                minRows={2}
                {...limit(LIMITS.note, note, t('cases.noteEncrypted'))}
                value={note}
                onChange={(e) => setNote(e.currentTarget.value)}
                data-testid="close-note"
              />
            )}
            <ErrorAlert error={action.error} />
            <Group gap="xs">
              <Button
                type="submit"
                color="teal.9"
                disabled={!outcome}
                loading={action.pending}
                data-testid="close-submit"
              >
                {t('cases.closeSituation')}
              </Button>
              <Button variant="subtle" onClick={() => setOpened(false)}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Section>
  );
}
