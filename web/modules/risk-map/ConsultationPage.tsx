import { Badge, Button, Card, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  attendanceAgeBands,
  attendanceSexes,
  consultationRoutes,
  LIMITS,
  type Consultation,
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
import { Count } from './ConsultationList';
import { riskMapKey, useConsultation } from './risk-map.queries';

/** One consultation: attendance by sex × age band (small numbers withheld), findings and "you said, we did". */
export function ConsultationPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const fmt = useFormat();
  const { consultationId } = useParams({ strict: false }) as { consultationId: string };
  const query = useConsultation(cityId, consultationId);
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  const c = query.data;
  return (
    <Page
      title={c.title}
      actions={
        <RouterAnchor to="/c/$cityId/consultations" params={{ cityId }} size="sm">
          {t('risk-map.consultations.back')}
        </RouterAnchor>
      }
    >
      <Text>
        {fmt.date(c.heldOn)} · {t(`risk-map.format.${c.format}`)} ·{' '}
        <bdi>{c.neighbourhoods.map((n) => n.name).join(', ')}</bdi>
      </Text>
      <Text size="sm">
        <strong>{t('risk-map.consultations.organisations')}:</strong>{' '}
        <bdi>{c.organisations.map((o) => o.name).join(', ')}</bdi>
      </Text>
      {c.accessibilityNotes && (
        <Text size="sm">
          <strong>{t('risk-map.consultations.accessibility')}:</strong>{' '}
          <UserText>{c.accessibilityNotes}</UserText>
        </Text>
      )}
      <Title order={2} size="h3">
        {t('risk-map.consultations.attendanceBy')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('risk-map.consultations.withheldHelp')}
      </Text>
      <ScrollTable
        label={t('risk-map.consultations.attendanceBy')}
        minWidth={560}
        testId="consultation-attendance"
      >
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              {attendanceAgeBands.map((band) => (
                <Table.Th key={band}>{t(`risk-map.ageBand.${band}`)}</Table.Th>
              ))}
              <Table.Th>{t('risk-map.consultations.total')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {attendanceSexes.map((sex, r) => (
              <Table.Tr key={sex}>
                <Table.Th scope="row">{t(`risk-map.sex.${sex}`)}</Table.Th>
                {attendanceAgeBands.map((band, k) => (
                  <Table.Td key={band}>
                    <Count count={c.attendance.cells[r][k]} />
                  </Table.Td>
                ))}
                <Table.Td>
                  <Count count={c.attendance.rowTotals[r]} />
                </Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Th scope="row">{t('risk-map.consultations.total')}</Table.Th>
              {attendanceAgeBands.map((band, k) => (
                <Table.Td key={band}>
                  <Count count={c.attendance.columnTotals[k]} />
                </Table.Td>
              ))}
              <Table.Td>
                <Count count={c.attendance.total} />
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Title order={2} size="h3">
        {t('risk-map.consultations.findings')}
      </Title>
      {c.findings.length === 0 && <Text c="dimmed">{t('risk-map.consultations.noFindings')}</Text>}
      {c.findings.map((f) => (
        <Card key={f.id} withBorder data-testid="consultation-finding">
          <Stack gap={6}>
            <UserText>{f.statement}</UserText>
            <Group gap="xs">
              {f.priority !== null && (
                <Badge variant="light">
                  {t('risk-map.consultations.priority', { priority: f.priority })}
                </Badge>
              )}
              {f.proposesNewRisk && (
                <Badge variant="outline">{t('risk-map.consultations.proposesNewRisk')}</Badge>
              )}
            </Group>
            {f.supports.length > 0 && (
              <RiskLinks label={t('risk-map.consultations.supports')} risks={f.supports} />
            )}
            {f.challenges.length > 0 && (
              <RiskLinks label={t('risk-map.consultations.challenges')} risks={f.challenges} />
            )}
            {f.response ? (
              <Text size="sm" data-testid="finding-response">
                <strong>{t('risk-map.consultations.weDid')}:</strong> <UserText>{f.response}</UserText>
                {f.respondedAt && (
                  <Text span size="xs" c="dimmed">
                    {' '}
                    · {fmt.date(f.respondedAt)}
                  </Text>
                )}
              </Text>
            ) : (
              <Text size="sm" c="dimmed">
                {t('risk-map.consultations.noResponse')}
              </Text>
            )}
            {can('risks.manage') && (
              <RespondForm consultation={c} findingId={f.id} current={f.response ?? ''} />
            )}
          </Stack>
        </Card>
      ))}
    </Page>
  );
}

function RiskLinks({ label, risks }: { label: string; risks: { id: string; name: string }[] }) {
  const cityId = useCityId();
  return (
    <Text size="sm">
      <strong>{label}:</strong>{' '}
      {risks.map((r, i) => (
        <span key={r.id}>
          {i > 0 && ', '}
          <RouterAnchor to="/c/$cityId/risks/$riskId" params={{ cityId, riskId: r.id }}>
            <bdi>{r.name}</bdi>
          </RouterAnchor>
        </span>
      ))}
    </Text>
  );
}

function RespondForm({
  consultation,
  findingId,
  current,
}: {
  consultation: Consultation;
  findingId: string;
  current: string;
}) {
  const { t } = useTranslation();
  const cityId = useCityId();
  const limit = useLimit();
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [response, setResponse] = useState(current);
  const save = useMutation({
    mutationFn: () =>
      call(consultationRoutes.respondToFinding, {
        params: { cityId, consultationId: consultation.id, findingId },
        body: { response },
      }),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: riskMapKey(cityId) });
      setOpen(false);
    },
  });
  if (!open)
    return (
      <Button size="xs" variant="light" style={{ alignSelf: 'flex-start' }} onClick={() => setOpen(true)}>
        {t('risk-map.consultations.respond')}
      </Button>
    );
  return (
    <Stack
      component="form"
      gap="xs"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <TextInput
        label={t('risk-map.consultations.weDid')}
        required
        value={response}
        onChange={(e) => setResponse(e.currentTarget.value)}
        {...limit(LIMITS.shortNote, response)}
      />
      <ErrorAlert error={save.error} />
      <Group>
        <Button type="submit" size="xs" loading={save.isPending}>
          {t('risk-map.save')}
        </Button>
        <Button size="xs" variant="subtle" onClick={() => setOpen(false)}>
          {t('risk-map.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
