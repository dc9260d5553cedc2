import { Alert, Badge, Button, Group, NativeSelect, Radio, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  casesRoutes,
  meetingsRoutes,
  type CaseConfig,
  type CaseDetail,
  type Revealed,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RouterAnchor } from '../../components/RouterLinks';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { CaseReferralsPanel } from '../referrals';
import { ClockBadge, StageBadge, useDescribe } from './CaseBadges';
import { AssignmentPanel } from './CaseAssignments';
import { IdentityPanel } from './CaseIdentity';
import { Section, StageStepper } from './CaseSection';
import { AssessmentPanel, ClosePanel, ConsentsPanel, FollowUpsPanel, PlanPanel } from './CaseWork';
import { useCase, useCaseConfig, useFactorLabels, useMoveStage, useSetCase } from './cases.queries';
import { presentationOf } from './presentation';

// The form (with its multi-selects and their pop-overs) loads when someone edits the presentation.
const PresentationForm = lazy(() =>
  import('./PresentationForm').then((m) => ({ default: m.PresentationForm })),
);
import { UserText } from '../../components/UserText';
import { InformPanel, TransitionsPanel, WorkflowStepper } from './WorkflowPanel';
import { runsOnEngine, useStageName, useWorkflowDefinition, useWorkflowName } from './workflow.queries';

/** One situation: its stage, the de-identified presentation, and the work the person may do on it. */
export function CasePage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const { caseId } = useParams({ strict: false }) as { caseId: string };
  const detail = useCase(cityId, caseId);
  const config = useCaseConfig(cityId);
  const back = (
    <RouterAnchor to="/c/$cityId/cases" params={{ cityId }} size="sm">
      {t('cases.backToList')}
    </RouterAnchor>
  );
  if (detail.isPending || config.isPending) return <Loading />;
  if (!detail.data || !config.data)
    return (
      <Page title={t('cases.situation')} actions={back}>
        <ErrorAlert error={detail.error ?? config.error} />
      </Page>
    );
  // Keyed by id: the revealed identities of one situation never carry over to another.
  return <CaseView key={detail.data.id} c={detail.data} config={config.data} back={back} />;
}

/** Where the four-filter and Channel definitions take a plan and a closure (server: stageAllows, transitions to closed). */
const planStages: string[] = ['filter-3', 'filter-4', 'assessment', 'consent', 'support'];

function CaseView({ c, config, back }: { c: CaseDetail; config: CaseConfig; back: React.ReactNode }) {
  const { t } = useTranslation();
  const format = useFormat();
  // Restricted content: in this component's state only (not the query cache, not storage).
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const channel = c.workflow === 'channel';
  const cityId = useCityId();
  const open = c.stage !== 'closed' && c.stage !== 'rejected';
  // A definition-run workflow (safety house, partner table, info-house, Anchor, a custom one).
  const engine = runsOnEngine(c);
  const def = useWorkflowDefinition(cityId, c.workflow, c.workflowVersion, engine).data;
  const workflowName = useWorkflowName();
  const stageName = useStageName();
  const planOpen = engine ? open : planStages.includes(c.stage);
  return (
    <Page
      title={t('cases.situationTitle', { reference: c.reference })}
      actions={
        <Stack gap="xs">
          {back}
          <Group gap={6} wrap="wrap">
            <StageBadge stage={c.stage} label={engine ? stageName(c.stage, def) : undefined} />
            <Badge variant="outline" color="gray" data-testid="case-workflow">
              {workflowName(c.workflow, def?.name)}
              {engine ? ` · v${c.workflowVersion}` : ''}
            </Badge>
            {c.isMinor && (
              <Badge color="yellow" variant="filled" c="dark" data-testid="case-minor">
                {t('cases.minor')}
              </Badge>
            )}
            {c.myRoles.map((r) => (
              <Badge key={r} color="grape" variant="outline" data-testid="case-my-role">
                {t(`cases.myRole.${r}`)}
              </Badge>
            ))}
            <ClockBadge c={c} />
          </Group>
          {engine ? <WorkflowStepper c={c} def={def} /> : <StageStepper c={c} />}
        </Stack>
      }
    >
      {c.stage === 'rejected' && (
        <Alert color="red" title={t('cases.rejectedTitle')} data-testid="case-rejected">
          {t('cases.rejectedBody')}
          {c.purgeAfter && (
            <Text size="sm" mt={4}>
              {t('cases.purgeAfter', { date: format.date(c.purgeAfter) })}
            </Text>
          )}
        </Alert>
      )}
      {c.stage === 'closed' && c.outcome && (
        <Alert color="teal" title={t('cases.closedTitle')} data-testid="case-closed">
          {t(`cases.outcome.${c.outcome}`)}
          {c.closedAt && ` · ${format.date(c.closedAt)}`}
          {revealed?.closureNote && (
            <Text
              size="sm"
              mt={4}
              dir="auto"
              style={{ whiteSpace: 'pre-wrap' }}
              data-testid="case-closure-note"
            >
              {revealed.closureNote}
            </Text>
          )}
        </Alert>
      )}
      {!channel && <ResponseClock c={c} />}
      {engine && <TransitionsPanel c={c} def={def} />}
      {engine && <InformPanel c={c} />}
      <PresentationSection c={c} config={config} />
      <DecisionSection c={c} />
      {c.stage !== 'rejected' && c.thresholdMet !== false && <AssignmentPanel c={c} config={config} />}
      {c.stage !== 'rejected' && <IdentityPanel c={c} revealed={revealed} setRevealed={setRevealed} />}
      {channel && c.stage !== 'screening' && c.stage !== 'rejected' && (
        <AssessmentPanel c={c} config={config} revealed={revealed} setRevealed={setRevealed} />
      )}
      {c.stage !== 'rejected' && c.thresholdMet && <ConsentsPanel c={c} revealed={revealed} />}
      {/* Referrals inside and outside the network: the referrals module's panel (it hides itself before the decision). */}
      <CaseReferralsPanel cityId={cityId} caseId={c.id} detail={c} />
      {(planOpen || c.stage === 'closed') && (
        <PlanPanel c={c} revealed={revealed} setRevealed={setRevealed} />
      )}
      {c.thresholdMet && c.stage !== 'rejected' && (
        <FollowUpsPanel c={c} revealed={revealed} setRevealed={setRevealed} />
      )}
      {!engine && open && (c.access.canWork || c.access.canDecide) && planStages.includes(c.stage) && (
        <ClosePanel c={c} setRevealed={setRevealed} />
      )}
    </Page>
  );
}

/** The response clock: due, overdue, or stopped by the first response. */
function ResponseClock({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const move = useMoveStage(c);
  if (!c.responseDueAt && !c.firstResponseAt) return null;
  return (
    <Section id="case-clock" title={t('cases.clockTitle')} testId="case-clock">
      {c.firstResponseAt ? (
        <Text data-testid="case-first-response">
          {t('cases.firstResponseAt', { date: format.dateTime(c.firstResponseAt) })}
        </Text>
      ) : c.overdue ? (
        <Alert color="red" role="alert" title={t('cases.overdueTitle')} data-testid="case-overdue-alert">
          {t('cases.overdueBody', { date: format.dateTime(c.responseDueAt!) })}
        </Alert>
      ) : (
        <Text data-testid="case-response-due">
          {t('cases.responseDueLong', { date: format.dateTime(c.responseDueAt!) })}
        </Text>
      )}
      {c.stage === 'filter-3' && c.access.canWork && (
        <>
          <Text size="sm" c="dimmed">
            {t('cases.firstResponseHelp')}
          </Text>
          <ErrorAlert error={move.error} />
          <Button
            onClick={() => move.mutate('filter-4')}
            loading={move.isPending}
            style={{ alignSelf: 'flex-start' }}
            data-testid="case-first-response-record"
          >
            {t('cases.recordFirstResponse')}
          </Button>
        </>
      )}
    </Section>
  );
}

function PresentationSection({ c, config }: { c: CaseDetail; config: CaseConfig }) {
  const { t } = useTranslation();
  const format = useFormat();
  const cityId = useCityId();
  const labels = useFactorLabels(config);
  const describe = useDescribe();
  const setCase = useSetCase(cityId);
  const [editing, setEditing] = useState(false);
  const move = useMoveStage(c);
  const update = useMutation({
    mutationFn: (body: ReturnType<typeof presentationOf>) =>
      call(casesRoutes.updatePresentation, { params: { cityId, caseId: c.id }, body }),
    onSuccess: async (d) => {
      await setCase(d);
      setEditing(false);
    },
  });
  const firstStage = c.stage === 'filter-1' || c.stage === 'screening';
  return (
    <Section id="case-presentation" title={t('cases.presentationTitle')} testId="case-presentation">
      {editing ? (
        <>
          <ErrorAlert error={update.error} />
          <Suspense fallback={<Loading />}>
            <PresentationForm
              config={config}
              initial={presentationOf(c)}
              submitLabel={t('common.save')}
              pending={update.isPending}
              onSubmit={(v) => update.mutate(v)}
              testPrefix="presentation"
            />
          </Suspense>
          <Button variant="subtle" onClick={() => setEditing(false)} style={{ alignSelf: 'flex-start' }}>
            {t('common.cancel')}
          </Button>
        </>
      ) : (
        <Stack gap="xs">
          <Fact label={t('cases.fieldOriginating')}>
            <UserText>{c.originatingOrganisation.name}</UserText>
          </Fact>
          {c.stage !== 'rejected' && (
            <Fact label={t('cases.fieldReason')}>
              <Text style={{ whiteSpace: 'pre-wrap' }} dir="auto" data-testid="case-reason">
                {c.originatingReason || '—'}
              </Text>
            </Fact>
          )}
          <Fact label={t('cases.whoAndWhere')}>
            {[
              describe.subject(c.subjectKind),
              describe.age(c.ageBand),
              describe.gender(c.gender),
              c.neighbourhood || t('cases.noNeighbourhood'),
            ].join(' · ')}
          </Fact>
          <Fact label={t('cases.fieldRiskFactors')}>
            <FactorList codes={c.riskFactors} label={labels.risk} testId="case-risk-factors" />
          </Fact>
          <Fact label={t('cases.fieldProtectiveFactors')}>
            <FactorList codes={c.protectiveFactors} label={labels.protective} testId="case-protective" />
          </Fact>
          <Text size="xs" c="dimmed">
            {t('cases.createdAt', { date: format.dateTime(c.createdAt) })}
            {c.presentedAt ? ` · ${t('cases.presentedAt', { date: format.dateTime(c.presentedAt) })}` : ''}
          </Text>
          <Group gap="xs">
            {c.access.canEditPresentation && (
              <Button variant="default" onClick={() => setEditing(true)} data-testid="case-edit-presentation">
                {t('cases.editPresentation')}
              </Button>
            )}
            {c.stage === 'filter-1' && (c.access.canEditPresentation || c.access.canWork) && (
              <Button
                onClick={() => move.mutate('filter-2')}
                loading={move.isPending}
                data-testid="case-present"
              >
                {t('cases.presentToTable')}
              </Button>
            )}
          </Group>
          {firstStage && c.stage === 'filter-1' && (
            <Text size="sm" c="dimmed">
              {t('cases.presentHelp')}
            </Text>
          )}
          <ErrorAlert error={move.error} />
        </Stack>
      )}
    </Section>
  );
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="sm" fw={700}>
        {label}
      </Text>
      {typeof children === 'string' ? <Text>{children}</Text> : children}
    </div>
  );
}

function FactorList({
  codes,
  label,
  testId,
}: {
  codes: string[];
  label: (code: string) => string;
  testId: string;
}) {
  const { t } = useTranslation();
  if (codes.length === 0) return <Text c="dimmed">{t('cases.noneRecorded')}</Text>;
  return (
    <Stack component="ul" gap={2} style={{ paddingInlineStart: '1.25rem', margin: 0 }} data-testid={testId}>
      {codes.map((code) => (
        <li key={code}>
          <Text size="sm">{label(code)}</Text>
        </li>
      ))}
    </Stack>
  );
}

/** Filter 2 / screening: the table's threshold decision, recorded by the chair or coordinator. */
function DecisionSection({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const cityId = useCityId();
  const setCase = useSetCase(cityId);
  const can = useCan();
  const [met, setMet] = useState<'' | 'yes' | 'no'>('');
  const [note, setNote] = useState('');
  const [meetingId, setMeetingId] = useState('');
  const awaiting = c.stage === 'filter-2' || c.stage === 'screening';
  // The table meets to decide: offer the recent meetings, so the decision points at its meeting.
  const meetings = useQuery({
    queryKey: ['meetings', cityId, 'list', 'past', 'for-decision'],
    queryFn: ({ signal }) =>
      call(meetingsRoutes.listMeetings, { params: { cityId }, query: { when: 'past', limit: 10 }, signal }),
    enabled: awaiting && c.access.canDecide && can('meetings.read'),
  });
  const decide = useMutation({
    mutationFn: () =>
      call(casesRoutes.decideThreshold, {
        params: { cityId, caseId: c.id },
        body: { thresholdMet: met === 'yes', note: note.trim(), meetingId: meetingId || null },
      }),
    onSuccess: setCase,
  });
  if (!awaiting && c.thresholdMet === null) return null;
  const channel = c.workflow === 'channel';
  return (
    <Section id="case-decision" title={t('cases.decisionTitle')} testId="case-decision">
      {c.thresholdMet !== null ? (
        <Stack gap={4}>
          <Group gap="xs">
            <Badge color={c.thresholdMet ? 'teal.9' : 'red.9'} data-testid="case-threshold">
              {c.thresholdMet ? t('cases.thresholdMet') : t('cases.thresholdNotMet')}
            </Badge>
            {c.decidedAt && (
              <Text size="sm">
                {t('cases.decidedBy', {
                  name: c.decidedByName ?? t('cases.someone'),
                  date: format.dateTime(c.decidedAt),
                })}
              </Text>
            )}
          </Group>
          {c.decidedAtMeeting && (
            <Text size="sm" data-testid="case-decided-meeting">
              {t('cases.decidedAtMeeting')}{' '}
              <RouterAnchor
                to="/c/$cityId/meetings/$meetingId"
                params={{ cityId, meetingId: c.decidedAtMeeting.id }}
              >
                <UserText>{c.decidedAtMeeting.title}</UserText> · {format.date(c.decidedAtMeeting.startsAt)}
              </RouterAnchor>
            </Text>
          )}
          {c.decisionNote && (
            <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
              {c.decisionNote}
            </Text>
          )}
        </Stack>
      ) : !c.access.canDecide ? (
        <Text c="dimmed">{channel ? t('cases.awaitingScreening') : t('cases.awaitingDecision')}</Text>
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!met) return;
            if (met === 'no' && !window.confirm(t('cases.rejectConfirm'))) return;
            decide.mutate();
          }}
        >
          <Stack gap="sm">
            <Text size="sm">{channel ? t('cases.decisionHelpChannel') : t('cases.decisionHelp')}</Text>
            <Radio.Group
              label={channel ? t('cases.decisionQuestionChannel') : t('cases.decisionQuestion')}
              value={met}
              onChange={(v) => setMet(v as 'yes' | 'no')}
              required
            >
              <Group gap="lg" mt={4}>
                <Radio value="yes" label={t('common.yes')} data-testid="decision-yes" />
                <Radio value="no" label={t('common.no')} data-testid="decision-no" />
              </Group>
            </Radio.Group>
            {met === 'no' && (
              <Alert color="red" data-testid="decision-reject-warning">
                {t('cases.rejectWarning')}
              </Alert>
            )}
            {(meetings.data?.items.length ?? 0) > 0 && (
              <NativeSelect
                label={t('cases.decisionMeeting')}
                value={meetingId}
                onChange={(e) => setMeetingId(e.currentTarget.value)}
                data={[
                  { value: '', label: t('cases.decisionNoMeeting') },
                  ...(meetings.data?.items ?? [])
                    .filter((m) => m.status !== 'cancelled')
                    .map((m) => ({ value: m.id, label: `${m.title} · ${format.date(m.startsAt)}` })),
                ]}
                data-testid="decision-meeting"
              />
            )}
            <Textarea
              label={t('cases.decisionNote')}
              description={t('cases.noNamesShort')}
              autosize
              minRows={2}
              maxLength={1000}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              data-testid="decision-note"
            />
            <ErrorAlert error={decide.error} />
            <Button
              type="submit"
              disabled={!met}
              loading={decide.isPending}
              style={{ alignSelf: 'flex-start' }}
              data-testid="decision-submit"
            >
              {t('cases.recordDecision')}
            </Button>
          </Stack>
        </form>
      )}
    </Section>
  );
}
