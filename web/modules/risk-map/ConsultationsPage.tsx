import {
  Alert,
  Button,
  Group,
  MultiSelect,
  NativeSelect,
  NumberInput,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  attendanceAgeBands,
  attendanceSexes,
  consultationFormats,
  consultationRoutes,
  LIMITS,
  networkRoutes,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { ScrollTable } from '../../components/ScrollTable';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { ConsultationList } from './ConsultationList';
import { riskMapKey, useConsultations, useNeighbourhoods, useRisks } from './risk-map.queries';

/** Community consultations: the list, and a form for chairs, coordinators and members. */
export function ConsultationsPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const list = useConsultations(cityId);
  const [adding, setAdding] = useState(false);
  return (
    <Page title={t('risk-map.consultations.title')}>
      <Text>{t('risk-map.consultations.intro')}</Text>
      {can('risks.contribute') &&
        (adding ? (
          <NewConsultationForm onDone={() => setAdding(false)} />
        ) : (
          <Button
            onClick={() => setAdding(true)}
            style={{ alignSelf: 'flex-start' }}
            data-testid="consultation-add"
          >
            {t('risk-map.consultations.add')}
          </Button>
        ))}
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorAlert error={list.error} />
      ) : (
        <ConsultationList items={list.data.items} />
      )}
    </Page>
  );
}

interface FindingDraft {
  statement: string;
  supportsRiskIds: string[];
  challengesRiskIds: string[];
}

const zeros = () => attendanceSexes.map(() => attendanceAgeBands.map(() => 0));

function NewConsultationForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const cityId = useCityId();
  const limit = useLimit();
  const client = useQueryClient();
  const navigate = useNavigate();
  const neighbourhoods = useNeighbourhoods(cityId);
  const risks = useRisks(cityId);
  const organisations = useQuery({
    queryKey: ['network', cityId, 'organisations', 'active'],
    queryFn: ({ signal }) =>
      call(networkRoutes.listOrganisations, { params: { cityId }, query: { active: 'true' }, signal }),
  });
  const [title, setTitle] = useState('');
  const [heldOn, setHeldOn] = useState(new Date().toISOString().slice(0, 10));
  const [format, setFormat] = useState<(typeof consultationFormats)[number]>('public-meeting');
  const [places, setPlaces] = useState<string[]>([]);
  const [orgs, setOrgs] = useState<string[]>([]);
  const [attendance, setAttendance] = useState(zeros);
  const [notes, setNotes] = useState('');
  const [findings, setFindings] = useState<FindingDraft[]>([
    { statement: '', supportsRiskIds: [], challengesRiskIds: [] },
  ]);
  const create = useMutation({
    mutationFn: () =>
      call(consultationRoutes.createConsultation, {
        params: { cityId },
        body: {
          title,
          heldOn,
          format,
          neighbourhoodIds: places,
          organisationIds: orgs,
          attendance,
          accessibilityNotes: notes,
          findings: findings.filter((f) => f.statement.trim()),
        },
      }),
    onSuccess: async (created) => {
      await client.invalidateQueries({ queryKey: riskMapKey(cityId) });
      onDone();
      await navigate({
        to: '/c/$cityId/consultations/$consultationId',
        params: { cityId, consultationId: created.id },
      });
    },
  });
  if (neighbourhoods.isPending || organisations.isPending || risks.isPending) return <Loading />;
  const riskOptions = (risks.data?.items ?? []).map((r) => ({ value: r.id, label: r.title }));
  const setFinding = (i: number, next: Partial<FindingDraft>) =>
    setFindings(findings.map((f, k) => (k === i ? { ...f, ...next } : f)));
  return (
    <Stack
      component="form"
      gap="sm"
      maw={760}
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
      data-testid="consultation-form"
    >
      <Title order={2} size="h3">
        {t('risk-map.consultations.add')}
      </Title>
      <Alert color="yellow" variant="light">
        {t('risk-map.noNames')}
      </Alert>
      <TextInput
        label={t('risk-map.consultations.name')}
        required
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        {...limit(LIMITS.title, title)}
        data-testid="consultation-title"
      />
      <Group grow wrap="wrap">
        <TextInput
          type="date"
          label={t('risk-map.consultations.heldOn')}
          required
          value={heldOn}
          onChange={(e) => setHeldOn(e.currentTarget.value)}
        />
        <NativeSelect
          label={t('risk-map.consultations.format')}
          data={consultationFormats.map((f) => ({ value: f, label: t(`risk-map.format.${f}`) }))}
          value={format}
          onChange={(e) => setFormat(e.currentTarget.value as typeof format)}
        />
      </Group>
      <MultiSelect
        label={t('risk-map.field.neighbourhoods')}
        required
        data={(neighbourhoods.data?.items ?? [])
          .filter((n) => n.current)
          .map((n) => ({ value: n.id, label: n.name }))}
        value={places}
        onChange={setPlaces}
        searchable
        data-testid="consultation-neighbourhoods"
      />
      <MultiSelect
        label={t('risk-map.consultations.organisations')}
        required
        data={(organisations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
        value={orgs}
        onChange={setOrgs}
        searchable
        data-testid="consultation-organisations"
      />
      <Text fw={500} size="sm">
        {t('risk-map.consultations.attendanceBy')}
      </Text>
      <ScrollTable label={t('risk-map.consultations.attendanceBy')} minWidth={560}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th />
              {attendanceAgeBands.map((band) => (
                <Table.Th key={band}>{t(`risk-map.ageBand.${band}`)}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {attendanceSexes.map((sex, r) => (
              <Table.Tr key={sex}>
                <Table.Th scope="row">{t(`risk-map.sex.${sex}`)}</Table.Th>
                {attendanceAgeBands.map((band, c) => (
                  <Table.Td key={band}>
                    <NumberInput
                      aria-label={`${t(`risk-map.sex.${sex}`)}, ${t(`risk-map.ageBand.${band}`)}`}
                      min={0}
                      max={100000}
                      allowDecimal={false}
                      value={attendance[r][c]}
                      onChange={(v) =>
                        setAttendance(
                          attendance.map((row, i) =>
                            row.map((cell, j) => (i === r && j === c ? Number(v) || 0 : cell)),
                          ),
                        )
                      }
                      w={80}
                    />
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Textarea
        label={t('risk-map.consultations.accessibility')}
        value={notes}
        onChange={(e) => setNotes(e.currentTarget.value)}
        {...limit(LIMITS.shortNote, notes)}
        autosize
        minRows={1}
      />
      <Title order={3} size="h4">
        {t('risk-map.consultations.findings')}
      </Title>
      {findings.map((f, i) => (
        <Stack key={i} gap={4}>
          <Textarea
            label={t('risk-map.consultations.statement', { number: i + 1 })}
            value={f.statement}
            onChange={(e) => setFinding(i, { statement: e.currentTarget.value })}
            {...limit(LIMITS.shortNote, f.statement, t('risk-map.noNamesShort'))}
            autosize
            minRows={1}
            data-testid={`finding-${i}`}
          />
          <Group grow wrap="wrap">
            <MultiSelect
              label={t('risk-map.consultations.supports')}
              data={riskOptions}
              value={f.supportsRiskIds}
              onChange={(v) => setFinding(i, { supportsRiskIds: v })}
              searchable
            />
            <MultiSelect
              label={t('risk-map.consultations.challenges')}
              data={riskOptions}
              value={f.challengesRiskIds}
              onChange={(v) => setFinding(i, { challengesRiskIds: v })}
              searchable
            />
          </Group>
        </Stack>
      ))}
      <Button
        variant="subtle"
        style={{ alignSelf: 'flex-start' }}
        onClick={() =>
          setFindings([...findings, { statement: '', supportsRiskIds: [], challengesRiskIds: [] }])
        }
      >
        {t('risk-map.consultations.addFinding')}
      </Button>
      <ErrorAlert error={create.error} />
      <Group>
        <Button type="submit" loading={create.isPending} data-testid="consultation-save">
          {t('risk-map.save')}
        </Button>
        <Button variant="subtle" onClick={onDone}>
          {t('risk-map.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
