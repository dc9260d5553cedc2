import {
  Button,
  Card,
  Group,
  NativeSelect,
  NumberInput,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  LIMITS,
  locales,
  MATRIX_LIMITS,
  riskMatrixRoutes,
  type MatrixInput,
  type RiskMatrix,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ScrollTable } from '../../components/ScrollTable';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { riskMapKey, useMatrix } from './risk-map.queries';

type Axis = 'likelihood' | 'impact';
type Labels = Record<Axis, Record<string, string>[]>;
const SIZES = Array.from({ length: MATRIX_LIMITS.maxSize - MATRIX_LIMITS.minSize + 1 }, (_, i) =>
  String(MATRIX_LIMITS.minSize + i),
);

/**
 * The city's likelihood × impact matrix: the one in force and its earlier versions, and for the
 * chair a form for a new version (changing it re-maps current scores; old assessments keep theirs).
 */
export function MatrixSettings() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const fmt = useFormat();
  const matrix = useMatrix(cityId);
  const [editing, setEditing] = useState(false);
  if (!matrix.data) return <ErrorAlert error={matrix.error} />;
  const m = matrix.data.current;
  return (
    <Card withBorder data-testid="risk-matrix">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('risk-map.matrix.title')}
        </Title>
        <Text size="sm">
          {t('risk-map.matrix.current', {
            version: m.version,
            likelihood: m.likelihoodSize,
            impact: m.impactSize,
          })}
        </Text>
        <Text size="sm" c="dimmed">
          {t('risk-map.matrix.bands', { ...m.bands })}
        </Text>
        {matrix.data.versions.length > 1 && (
          <ScrollTable label={t('risk-map.matrix.versions')} minWidth={480}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('risk-map.matrix.version')}</Table.Th>
                  <Table.Th>{t('risk-map.matrix.size')}</Table.Th>
                  <Table.Th>{t('risk-map.matrix.reason')}</Table.Th>
                  <Table.Th>{t('risk-map.matrix.when')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {matrix.data.versions.map((v) => (
                  <Table.Tr key={v.version}>
                    <Table.Td>v{v.version}</Table.Td>
                    <Table.Td>
                      {v.likelihoodSize} × {v.impactSize}
                    </Table.Td>
                    <Table.Td>
                      <bdi>{v.reason || t('risk-map.matrix.default')}</bdi>
                    </Table.Td>
                    <Table.Td>{v.createdAt ? fmt.date(v.createdAt) : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        {can('risks.matrix') &&
          (editing ? (
            <MatrixForm current={m} onDone={() => setEditing(false)} />
          ) : (
            <Button
              variant="light"
              style={{ alignSelf: 'flex-start' }}
              onClick={() => setEditing(true)}
              data-testid="matrix-edit"
            >
              {t('risk-map.matrix.edit')}
            </Button>
          ))}
      </Stack>
    </Card>
  );
}

function MatrixForm({ current, onDone }: { current: RiskMatrix; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const cityId = useCityId();
  const client = useQueryClient();
  const [likelihoodSize, setLikelihoodSize] = useState(current.likelihoodSize);
  const [impactSize, setImpactSize] = useState(current.impactSize);
  const [bands, setBands] = useState(current.bands);
  const [language, setLanguage] = useState(
    (locales as readonly string[]).includes(i18n.language) ? i18n.language : 'en',
  );
  const [labels, setLabels] = useState<Labels>(current.labels);
  const [reason, setReason] = useState('');
  const sized = (axis: Axis, size: number) => Array.from({ length: size }, (_, i) => labels[axis][i] ?? {});
  const anyLabel = (list: Record<string, string>[]) => list.some((l) => Object.values(l).some(Boolean));
  const save = useMutation({
    mutationFn: () => {
      const l = sized('likelihood', likelihoodSize);
      const i = sized('impact', impactSize);
      const body: MatrixInput = {
        likelihoodSize,
        impactSize,
        bands,
        labels: { likelihood: anyLabel(l) ? l : [], impact: anyLabel(i) ? i : [] },
        reason,
      };
      return call(riskMatrixRoutes.setMatrix, { params: { cityId }, body });
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: riskMapKey(cityId) });
      onDone();
    },
  });
  const setLabel = (axis: Axis, index: number, value: string) =>
    setLabels((prev) => {
      const list = [...prev[axis]];
      list[index] = { ...(list[index] ?? {}), [language]: value };
      return { ...prev, [axis]: list };
    });
  const band = (key: keyof RiskMatrix['bands']) => (
    <NumberInput
      label={t(`risk-map.matrix.band.${key}`)}
      min={2}
      max={likelihoodSize * impactSize}
      value={bands[key]}
      onChange={(v) => setBands((b) => ({ ...b, [key]: Number(v) || 0 }))}
      data-testid={`matrix-band-${key}`}
    />
  );
  return (
    <Stack
      component="form"
      gap="sm"
      maw={720}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      data-testid="matrix-form"
    >
      <Text size="sm">{t('risk-map.matrix.remapHelp')}</Text>
      <Group grow wrap="wrap">
        <NativeSelect
          label={t('risk-map.field.likelihood')}
          data={SIZES}
          value={String(likelihoodSize)}
          onChange={(e) => setLikelihoodSize(Number(e.currentTarget.value))}
          data-testid="matrix-likelihood-size"
        />
        <NativeSelect
          label={t('risk-map.field.impact')}
          data={SIZES}
          value={String(impactSize)}
          onChange={(e) => setImpactSize(Number(e.currentTarget.value))}
          data-testid="matrix-impact-size"
        />
      </Group>
      <Text size="sm" c="dimmed">
        {t('risk-map.matrix.bandsHelp', { max: likelihoodSize * impactSize })}
      </Text>
      <Group grow wrap="wrap">
        {band('medium')}
        {band('high')}
        {band('veryHigh')}
      </Group>
      <NativeSelect
        label={t('risk-map.matrix.labelLanguage')}
        description={t('risk-map.matrix.labelsHelp')}
        data={locales.map((l) => ({ value: l, label: l }))}
        value={language}
        onChange={(e) => setLanguage(e.currentTarget.value)}
      />
      {(['likelihood', 'impact'] as const).map((axis) => (
        <Group key={axis} grow wrap="wrap" align="flex-end">
          {sized(axis, axis === 'likelihood' ? likelihoodSize : impactSize).map((l, i) => (
            <TextInput
              key={i}
              label={`${t(`risk-map.field.${axis}`)} ${i + 1}`}
              value={l[language] ?? ''}
              maxLength={LIMITS.label}
              onChange={(e) => setLabel(axis, i, e.currentTarget.value)}
            />
          ))}
        </Group>
      ))}
      <TextInput
        label={t('risk-map.matrix.reason')}
        required
        value={reason}
        maxLength={LIMITS.reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        data-testid="matrix-reason"
      />
      <ErrorAlert error={save.error} />
      <Group>
        <Button type="submit" loading={save.isPending} data-testid="matrix-save">
          {t('risk-map.matrix.save')}
        </Button>
        <Button variant="subtle" onClick={onDone}>
          {t('risk-map.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
