import {
  Alert,
  Box,
  Button,
  Group,
  List,
  NativeSelect,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  caseWorkflowRoutes,
  LIMITS,
  outcomeCodes,
  type CaseDetail,
  type Gate,
  type OutcomeCode,
  type WorkflowDefinition,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { call } from '../../lib/api';
import { useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { Section } from './CaseSection';
import { casesKey, useAction } from './cases.queries';
import { useStageName, useTransition } from './workflow.queries';

/** A gate in words: "A decision recorded by chair or coordinator", "A plan saved", … */
export function useGateText() {
  const { t } = useTranslation();
  return (g: Gate) => {
    if (g.kind === 'decision') {
      return t('cases.wf.gate.decision', { by: g.by.map((r) => t(`cases.wf.actor.${r}`)).join(' / ') });
    }
    if (g.kind === 'basis') {
      return t(`cases.wf.gate.basis-${g.purpose}`, {
        bases: g.bases.map((b) => t(`cases.basis.${b}`)).join(' / '),
      });
    }
    return t(`cases.wf.gate.${g.kind}`);
  };
}

/** Where a definition-run situation is: its workflow's open stages in order, then closure. */
export function WorkflowStepper({ c, def }: { c: CaseDetail; def: WorkflowDefinition | undefined }) {
  const { t } = useTranslation();
  const stageName = useStageName();
  if (!def) return null;
  const steps = def.stages.filter((s) => s.id !== 'rejected' || c.stage === 'rejected');
  return (
    <Box
      component="ol"
      aria-label={t('cases.stepperLabel')}
      data-testid="case-stepper"
      style={{ listStyle: 'none', padding: 0, margin: 0, display: 'flex', flexWrap: 'wrap', gap: 6 }}
    >
      {steps.map((s) => {
        const current = s.id === c.stage;
        const color = s.id === 'rejected' ? 'red' : current ? 'blue' : 'gray';
        return (
          <li key={s.id} aria-current={current ? 'step' : undefined} data-step={s.id} data-current={current}>
            <Text
              span
              size="sm"
              fw={current ? 700 : 400}
              px={8}
              py={4}
              style={{
                borderRadius: 16,
                display: 'inline-block',
                border: `1px solid var(--mantine-color-${color}-${current ? 7 : 4})`,
              }}
            >
              {stageName(s.id, def)}
            </Text>
          </li>
        );
      })}
    </Box>
  );
}

/** The ways out of the current stage, each gate with whether it holds; the server checks them again. */
export function TransitionsPanel({ c, def }: { c: CaseDetail; def: WorkflowDefinition | undefined }) {
  const { t } = useTranslation();
  if (c.transitions.length === 0) return null;
  return (
    <Section id="case-transitions" title={t('cases.wf.nextTitle')} testId="case-transitions">
      <Text size="sm" c="dimmed">
        {t('cases.wf.nextHelp')}
      </Text>
      {c.transitions.map((tr) => (
        <TransitionForm key={tr.to} c={c} def={def} tr={tr} />
      ))}
    </Section>
  );
}

function TransitionForm({
  c,
  def,
  tr,
}: {
  c: CaseDetail;
  def: WorkflowDefinition | undefined;
  tr: CaseDetail['transitions'][number];
}) {
  const { t } = useTranslation();
  const cityId = useCityId();
  const stageName = useStageName();
  const gateText = useGateText();
  const move = useTransition(cityId, c.id);
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<OutcomeCode | ''>('');
  const needsDecision = tr.gates.some((g) => g.gate.kind === 'decision');
  const closing = tr.to === 'closed';
  const waiting = tr.gates.filter((g) => g.gate.kind !== 'decision' && !g.met);
  const ready =
    tr.allowed && waiting.length === 0 && (!needsDecision || note.trim()) && (!closing || outcome);
  return (
    <Box
      component="form"
      data-testid={`transition-${tr.to}`}
      onSubmit={(e) => {
        e.preventDefault();
        if (!ready) return;
        move.mutate({
          to: tr.to,
          ...(needsDecision ? { decisionNote: note.trim() } : {}),
          ...(closing && outcome ? { outcome } : {}),
        });
      }}
      style={{ borderTop: '1px solid var(--mantine-color-gray-3)', paddingTop: 8 }}
    >
      <Stack gap="xs">
        <Text fw={600}>{t('cases.wf.moveTo', { stage: stageName(tr.to, def) })}</Text>
        {tr.gates.length > 0 && (
          <List size="sm" spacing={2} aria-label={t('cases.wf.gatesLabel')}>
            {tr.gates.map((g, i) => {
              const met = g.gate.kind === 'decision' ? tr.allowed : g.met;
              return (
                <List.Item
                  key={i}
                  data-testid={`gate-${g.gate.kind}`}
                  data-met={met}
                  icon={
                    <Text span c={met ? 'teal.8' : 'red.8'} fw={700} aria-hidden>
                      {met ? '✓' : '✗'}
                    </Text>
                  }
                >
                  {gateText(g.gate)}{' '}
                  <Text span size="xs" c="dimmed">
                    ({met ? t('cases.wf.met') : t('cases.wf.notMet')})
                  </Text>
                </List.Item>
              );
            })}
          </List>
        )}
        {!tr.allowed && (
          <Text size="sm" c="dimmed" data-testid="transition-not-yours">
            {t('cases.wf.notYours')}
          </Text>
        )}
        {tr.allowed && needsDecision && (
          <Textarea
            label={t('cases.decisionNote')}
            description={t('cases.noNamesShort')}
            value={note}
            maxLength={LIMITS.shortNote}
            onChange={(e) => setNote(e.currentTarget.value)}
            autosize
            minRows={2}
            required
            data-testid="transition-note"
          />
        )}
        {tr.allowed && closing && (
          <NativeSelect
            label={t('cases.fieldOutcome')}
            value={outcome}
            required
            onChange={(e) => setOutcome(e.currentTarget.value as OutcomeCode | '')}
            data={[
              { value: '', label: t('cases.choose') },
              ...outcomeCodes.map((o) => ({ value: o, label: t(`cases.outcome.${o}`) })),
            ]}
            data-testid="transition-outcome"
          />
        )}
        <ErrorAlert error={move.error} />
        {tr.allowed && (
          <Button
            type="submit"
            disabled={!ready}
            loading={move.isPending}
            color={tr.to === 'rejected' ? 'red' : undefined}
            style={{ alignSelf: 'flex-start' }}
            data-testid="transition-submit"
          >
            {t('cases.wf.moveButton', { stage: stageName(tr.to, def) })}
          </Button>
        )}
      </Stack>
    </Box>
  );
}

/**
 * Informing the person: done (with the day), or not yet because it is unsafe — with the reason
 * (restricted: sent once, never kept in a cache) and a date to reconsider.
 */
export function InformPanel({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const cityId = useCityId();
  const qc = useQueryClient();
  const action = useAction();
  const [mode, setMode] = useState<'informed' | 'unsafe'>('informed');
  const [date, setDate] = useState(new Date().toISOString().slice(0, 10));
  const [reason, setReason] = useState('');
  const wanted = c.transitions.some((tr) => tr.gates.some((g) => g.gate.kind === 'person-informed'));
  if (!wanted && !c.informedOn && !c.informReconsiderOn) return null;
  const open = c.stage !== 'closed' && c.stage !== 'rejected';
  const save = async () => {
    const body =
      mode === 'informed'
        ? ({ informed: true, informedOn: date } as const)
        : ({ informed: false, unsafeReason: reason.trim(), reconsiderOn: date } as const);
    const done = await action.run(() =>
      call(caseWorkflowRoutes.inform, { params: { cityId, caseId: c.id }, body }),
    );
    if (done) {
      setReason('');
      await qc.invalidateQueries({ queryKey: casesKey(cityId) });
    }
  };
  return (
    <Section id="case-informed" title={t('cases.wf.informTitle')} testId="case-informed">
      {c.informedOn ? (
        <Text data-testid="informed-on">{t('cases.wf.informedOn', { date: format.date(c.informedOn) })}</Text>
      ) : c.informReconsiderOn ? (
        <Alert color={c.informReconsiderOn < new Date().toISOString().slice(0, 10) ? 'red' : 'yellow'}>
          {t('cases.wf.deferredUntil', { date: format.date(c.informReconsiderOn) })}
        </Alert>
      ) : (
        <Text c="dimmed">{t('cases.wf.notInformed')}</Text>
      )}
      {open && c.access.canOpenIdentity && (
        <Stack gap="xs">
          <NativeSelect
            label={t('cases.wf.informChoice')}
            value={mode}
            onChange={(e) => setMode(e.currentTarget.value as 'informed' | 'unsafe')}
            data={[
              { value: 'informed', label: t('cases.wf.informedChoice') },
              { value: 'unsafe', label: t('cases.wf.unsafeChoice') },
            ]}
            data-testid="inform-mode"
          />
          {mode === 'unsafe' && (
            <Textarea
              label={t('cases.wf.unsafeReason')}
              description={t('cases.restrictedTextHelp')}
              value={reason}
              maxLength={LIMITS.shortNote}
              onChange={(e) => setReason(e.currentTarget.value)}
              required
              data-testid="inform-reason"
            />
          )}
          <TextInput
            type="date"
            label={mode === 'informed' ? t('cases.wf.informedDate') : t('cases.wf.reconsiderDate')}
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            required
            data-testid="inform-date"
          />
          <ErrorAlert error={action.error} />
          <Group>
            <Button
              onClick={() => void save()}
              loading={action.pending}
              disabled={!date || (mode === 'unsafe' && reason.trim().length < 10)}
              data-testid="inform-save"
            >
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      )}
    </Section>
  );
}
