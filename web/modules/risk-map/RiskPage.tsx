import {
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  LIMITS,
  reliabilities,
  riskMapRoutes,
  sourceTypes,
  type RiskDetail,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RouterAnchor } from '../../components/RouterLinks';
import { ScrollTable } from '../../components/ScrollTable';
import { UserText } from '../../components/UserText';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { LevelBadge, useCategoryLabel } from './bits';
import {
  riskMapKey,
  useCategories,
  useNeighbourhoods,
  usePerspectiveOrganisations,
  useRisk,
} from './risk-map.queries';
import { ScoreFields, type ScoreDraft } from './ScoreFields';
import { PublishRisk } from './PublishRisk';

/** One risk: its score and history, graded evidence, and each organisation's perspective side by side. */
export function RiskPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const fmt = useFormat();
  const { riskId } = useParams({ strict: false }) as { riskId: string };
  const risk = useRisk(cityId, riskId);
  const categories = useCategories(cityId);
  const neighbourhoods = useNeighbourhoods(cityId);
  const categoryLabel = useCategoryLabel(categories.data?.items);
  const [rescoring, setRescoring] = useState(false);
  if (risk.isPending) return <Loading />;
  if (risk.error) return <ErrorAlert error={risk.error} />;
  const r = risk.data;
  const where = r.cityWide
    ? t('risk-map.field.cityWide')
    : r.neighbourhoodIds
        .map((id) => neighbourhoods.data?.items.find((n) => n.id === id)?.name ?? '…')
        .join(', ');
  return (
    <Page
      title={r.title}
      actions={
        <RouterAnchor to="/c/$cityId/risks" params={{ cityId }} size="sm">
          {t('risk-map.register.back')}
        </RouterAnchor>
      }
    >
      <Group gap="xs">
        <Badge variant="light">{t(`risk-map.kind.${r.kind}`)}</Badge>
        <Badge variant="outline" style={{ whiteSpace: 'normal', height: 'auto' }}>
          {categoryLabel(r.category)}
        </Badge>
      </Group>
      <Text>
        <strong>{t('risk-map.field.where')}:</strong> <bdi>{where}</bdi>
      </Text>
      {r.affectedGroups && (
        <Text>
          <strong>{t('risk-map.field.affectedGroups')}:</strong> <UserText>{r.affectedGroups}</UserText>
        </Text>
      )}
      {r.description && <UserText>{r.description}</UserText>}
      <Card withBorder data-testid="risk-score">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              {t('risk-map.field.level')}
            </Text>
            <LevelBadge level={r.score.level} />
            <Text size="xs">
              {t('risk-map.scoreOf', { likelihood: r.score.likelihood, impact: r.score.impact })}
            </Text>
          </Stack>
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              {t('risk-map.field.residual')}
            </Text>
            <LevelBadge level={r.score.residualLevel} />
            <Text size="xs">
              {t('risk-map.scoreOf', {
                likelihood: r.score.residualLikelihood,
                impact: r.score.residualImpact,
              })}
            </Text>
          </Stack>
          <Stack gap={4}>
            <Text size="sm">
              {t('risk-map.field.confidence')}: {t(`risk-map.confidence.${r.score.confidence}`)}
            </Text>
            <Text size="sm">
              {t('risk-map.field.trend')}: {t(`risk-map.trend.${r.score.trend}`)}
            </Text>
            <Text size="sm">
              {t('risk-map.field.reviewOn')}: {fmt.date(r.score.reviewOn)}
            </Text>
          </Stack>
        </SimpleGrid>
      </Card>
      {can('risks.manage') &&
        (rescoring ? (
          <RescoreForm risk={r} onDone={() => setRescoring(false)} />
        ) : (
          <Button
            variant="light"
            style={{ alignSelf: 'flex-start' }}
            onClick={() => setRescoring(true)}
            data-testid="risk-rescore"
          >
            {t('risk-map.rescore.open')}
          </Button>
        ))}

      <PublishRisk risk={r} />

      <Title order={2} size="h3">
        {t('risk-map.perspectives.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('risk-map.perspectives.intro')}
      </Text>
      {r.perspectives.length === 0 ? (
        <Text c="dimmed">{t('risk-map.perspectives.none')}</Text>
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 2 }} data-testid="risk-perspectives">
          {r.perspectives.map((p) => (
            <Card key={p.id} withBorder>
              <Stack gap={4}>
                <Text fw={600}>
                  <bdi>{p.organisationName}</bdi>
                </Text>
                <LevelBadge level={p.level} />
                <Text size="xs">{t('risk-map.scoreOf', { likelihood: p.likelihood, impact: p.impact })}</Text>
                <UserText>{p.rationale}</UserText>
                {p.assumptions && (
                  <Text size="sm">
                    <strong>{t('risk-map.field.assumptions')}:</strong> <UserText>{p.assumptions}</UserText>
                  </Text>
                )}
                {p.biases && (
                  <Text size="sm">
                    <strong>{t('risk-map.field.biases')}:</strong> <UserText>{p.biases}</UserText>
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {fmt.date(p.at)}
                  {p.byName ? ' · ' : ''}
                  {p.byName && <bdi>{p.byName}</bdi>}
                </Text>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {can('risks.contribute') && <PerspectiveForm riskId={r.id} />}

      <Title order={2} size="h3">
        {t('risk-map.evidence.title')}
      </Title>
      {r.evidence.length === 0 ? (
        <Text c="dimmed">{t('risk-map.evidence.none')}</Text>
      ) : (
        <ScrollTable label={t('risk-map.evidence.title')} minWidth={600} testId="risk-evidence">
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('risk-map.evidence.grade')}</Table.Th>
                <Table.Th>{t('risk-map.evidence.source')}</Table.Th>
                <Table.Th>{t('risk-map.evidence.summary')}</Table.Th>
                <Table.Th>{t('risk-map.evidence.added')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {r.evidence.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>
                    <Badge
                      variant="outline"
                      title={`${t(`risk-map.reliability.${e.reliability}`)} · ${t(`risk-map.credibility.${e.credibility}`)}`}
                    >
                      {e.reliability}
                      {e.credibility}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {t(`risk-map.reliability.${e.reliability}`)} ·{' '}
                      {t(`risk-map.credibility.${e.credibility}`)}
                    </Text>
                  </Table.Td>
                  <Table.Td>{t(`risk-map.source.${e.sourceType}`)}</Table.Td>
                  <Table.Td>
                    <UserText>{e.summary}</UserText>
                  </Table.Td>
                  <Table.Td>
                    {fmt.date(e.addedAt)}
                    {e.organisationName && (
                      <Text size="xs">
                        <bdi>{e.organisationName}</bdi>
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {can('risks.contribute') && <EvidenceForm riskId={r.id} />}

      <Title order={2} size="h3">
        {t('risk-map.history.title')}
      </Title>
      <ScrollTable label={t('risk-map.history.title')} minWidth={560} testId="risk-history">
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('risk-map.history.when')}</Table.Th>
              <Table.Th>{t('risk-map.field.level')}</Table.Th>
              <Table.Th>{t('risk-map.field.residual')}</Table.Th>
              <Table.Th>{t('risk-map.history.why')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.history.map((h, i) => (
              <Table.Tr key={i}>
                <Table.Td>
                  {fmt.dateTime(h.at)}
                  {h.byName && (
                    <Text size="xs">
                      <bdi>{h.byName}</bdi>
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <LevelBadge level={h.score.level} />{' '}
                  {t('risk-map.scoreOf', { likelihood: h.score.likelihood, impact: h.score.impact })}
                </Table.Td>
                <Table.Td>
                  <LevelBadge level={h.score.residualLevel} />
                </Table.Td>
                <Table.Td>
                  <UserText>{h.reason}</UserText>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Page>
  );
}

function useRefresh() {
  const client = useQueryClient();
  const cityId = useCityId();
  return () => client.invalidateQueries({ queryKey: riskMapKey(cityId) });
}

function RescoreForm({ risk, onDone }: { risk: RiskDetail; onDone: () => void }) {
  const { t } = useTranslation();
  const cityId = useCityId();
  const limit = useLimit();
  const refresh = useRefresh();
  const { level: _l, residualLevel: _r, matrixVersion: _m, ...current } = risk.score;
  const [score, setScore] = useState<ScoreDraft>(current);
  const [reason, setReason] = useState('');
  const save = useMutation({
    mutationFn: () =>
      call(riskMapRoutes.rescoreRisk, { params: { cityId, riskId: risk.id }, body: { ...score, reason } }),
    onSuccess: async () => {
      await refresh();
      onDone();
    },
  });
  return (
    <Stack
      component="form"
      gap="sm"
      maw={720}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      data-testid="rescore-form"
    >
      <Title order={2} size="h3">
        {t('risk-map.rescore.title')}
      </Title>
      <ScoreFields value={score} onChange={setScore} />
      <TextInput
        label={t('risk-map.rescore.reason')}
        required
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        {...limit(LIMITS.reason, reason, t('risk-map.noNamesShort'))}
        data-testid="rescore-reason"
      />
      <ErrorAlert error={save.error} />
      <Group>
        <Button type="submit" loading={save.isPending} data-testid="rescore-save">
          {t('risk-map.save')}
        </Button>
        <Button variant="subtle" onClick={onDone}>
          {t('risk-map.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}

function EvidenceForm({ riskId }: { riskId: string }) {
  const { t } = useTranslation();
  const cityId = useCityId();
  const limit = useLimit();
  const refresh = useRefresh();
  const [sourceType, setSourceType] = useState<(typeof sourceTypes)[number]>('member-observation');
  const [reliability, setReliability] = useState<(typeof reliabilities)[number]>('C');
  const [credibility, setCredibility] = useState(3);
  const [summary, setSummary] = useState('');
  const save = useMutation({
    mutationFn: () =>
      call(riskMapRoutes.addEvidence, {
        params: { cityId, riskId },
        body: { sourceType, reliability, credibility, summary },
      }),
    onSuccess: async () => {
      setSummary('');
      await refresh();
    },
  });
  return (
    <Stack
      component="form"
      gap="sm"
      maw={720}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      data-testid="evidence-form"
    >
      <Title order={3} size="h4">
        {t('risk-map.evidence.add')}
      </Title>
      <Group grow wrap="wrap">
        <NativeSelect
          label={t('risk-map.evidence.source')}
          data={sourceTypes.map((s) => ({ value: s, label: t(`risk-map.source.${s}`) }))}
          value={sourceType}
          onChange={(e) => setSourceType(e.currentTarget.value as typeof sourceType)}
        />
        <NativeSelect
          label={t('risk-map.evidence.reliability')}
          data={reliabilities.map((s) => ({ value: s, label: `${s} · ${t(`risk-map.reliability.${s}`)}` }))}
          value={reliability}
          onChange={(e) => setReliability(e.currentTarget.value as typeof reliability)}
          data-testid="evidence-reliability"
        />
        <NativeSelect
          label={t('risk-map.evidence.credibility')}
          data={[1, 2, 3, 4, 5, 6].map((n) => ({
            value: String(n),
            label: `${n} · ${t(`risk-map.credibility.${n}`)}`,
          }))}
          value={String(credibility)}
          onChange={(e) => setCredibility(Number(e.currentTarget.value))}
          data-testid="evidence-credibility"
        />
      </Group>
      <Textarea
        label={t('risk-map.evidence.summary')}
        required
        value={summary}
        onChange={(e) => setSummary(e.currentTarget.value)}
        {...limit(LIMITS.shortNote, summary, t('risk-map.noNamesShort'))}
        autosize
        minRows={2}
        data-testid="evidence-summary"
      />
      <ErrorAlert error={save.error} />
      <Button
        type="submit"
        loading={save.isPending}
        style={{ alignSelf: 'flex-start' }}
        data-testid="evidence-save"
      >
        {t('risk-map.evidence.add')}
      </Button>
    </Stack>
  );
}

function PerspectiveForm({ riskId }: { riskId: string }) {
  const { t } = useTranslation();
  const cityId = useCityId();
  const limit = useLimit();
  const refresh = useRefresh();
  const orgs = usePerspectiveOrganisations(cityId, true);
  const [organisationId, setOrganisationId] = useState('');
  const [likelihood, setLikelihood] = useState(3);
  const [impact, setImpact] = useState(3);
  const [rationale, setRationale] = useState('');
  const [assumptions, setAssumptions] = useState('');
  const [biases, setBiases] = useState('');
  const save = useMutation({
    mutationFn: () =>
      call(riskMapRoutes.addPerspective, {
        params: { cityId, riskId },
        body: { organisationId, likelihood, impact, rationale, assumptions, biases },
      }),
    onSuccess: async () => {
      setRationale('');
      setAssumptions('');
      setBiases('');
      await refresh();
    },
  });
  const items = orgs.data?.items ?? [];
  if (orgs.isPending || items.length === 0) return null;
  const scale = ['1', '2', '3', '4', '5'].map((v) => ({
    value: v,
    label: `${v} · ${t(`risk-map.scale.${v}`)}`,
  }));
  return (
    <Stack
      component="form"
      gap="sm"
      maw={720}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      data-testid="perspective-form"
    >
      <Title order={3} size="h4">
        {t('risk-map.perspectives.add')}
      </Title>
      <NativeSelect
        label={t('risk-map.perspectives.organisation')}
        required
        data={[
          { value: '', label: t('risk-map.choose') },
          ...items.map((o) => ({ value: o.id, label: o.name })),
        ]}
        value={organisationId}
        onChange={(e) => setOrganisationId(e.currentTarget.value)}
      />
      <Group grow wrap="wrap">
        <NativeSelect
          label={t('risk-map.field.likelihood')}
          data={scale}
          value={String(likelihood)}
          onChange={(e) => setLikelihood(Number(e.currentTarget.value))}
        />
        <NativeSelect
          label={t('risk-map.field.impact')}
          data={scale}
          value={String(impact)}
          onChange={(e) => setImpact(Number(e.currentTarget.value))}
        />
      </Group>
      <Textarea
        label={t('risk-map.perspectives.rationale')}
        required
        value={rationale}
        onChange={(e) => setRationale(e.currentTarget.value)}
        {...limit(LIMITS.shortNote, rationale, t('risk-map.noNamesShort'))}
        autosize
        minRows={2}
      />
      <Textarea
        label={t('risk-map.field.assumptions')}
        value={assumptions}
        onChange={(e) => setAssumptions(e.currentTarget.value)}
        {...limit(LIMITS.shortNote, assumptions)}
        autosize
        minRows={1}
      />
      <Textarea
        label={t('risk-map.field.biases')}
        value={biases}
        onChange={(e) => setBiases(e.currentTarget.value)}
        {...limit(LIMITS.shortNote, biases, t('risk-map.biasesHelp'))}
        autosize
        minRows={1}
      />
      <ErrorAlert error={save.error} />
      <Button
        type="submit"
        loading={save.isPending}
        style={{ alignSelf: 'flex-start' }}
        data-testid="perspective-save"
      >
        {t('risk-map.perspectives.add')}
      </Button>
    </Stack>
  );
}
