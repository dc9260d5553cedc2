import { Group, NativeSelect, TextInput } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import {
  confidences,
  DEFAULT_MATRIX,
  levelIn,
  trends,
  type RescoreInput,
  type RiskMatrix,
} from '../../../contracts/index.js';
import { useCityId } from '../../lib/city';
import { LevelBadge } from './bits';
import { useMatrix } from './risk-map.queries';

export type ScoreDraft = Omit<RescoreInput, 'reason'>;

export const emptyScore = (): ScoreDraft => ({
  likelihood: 3,
  impact: 3,
  residualLikelihood: 2,
  residualImpact: 3,
  confidence: 'medium',
  trend: 'stable',
  reviewOn: new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10),
});

/** A level's label on the city's matrix: the chair's own in this language, else the default 5-point one. */
export function scaleLabel(
  t: (key: string) => string,
  matrix: RiskMatrix | undefined,
  axis: 'likelihood' | 'impact',
  value: number,
  language: string,
): string {
  const own = matrix?.labels[axis][value - 1];
  const label = own ? (own[language] ?? own.en) : undefined;
  if (label) return `${value} · ${label}`;
  const size = matrix ? (axis === 'likelihood' ? matrix.likelihoodSize : matrix.impactSize) : 5;
  return size === 5 ? `${value} · ${t(`risk-map.scale.${value}`)}` : String(value);
}

/** Likelihood × impact now and after the planned action, confidence, trend and review date. */
export function ScoreFields({
  value,
  onChange,
}: {
  value: ScoreDraft;
  onChange: (next: ScoreDraft) => void;
}) {
  const { t, i18n } = useTranslation();
  // The city's matrix in force: its sizes give the choices, its bands the levels.
  const matrix = useMatrix(useCityId()).data?.current;
  const scale = matrix ?? DEFAULT_MATRIX;
  const choices = (axis: 'likelihood' | 'impact') =>
    Array.from({ length: axis === 'likelihood' ? scale.likelihoodSize : scale.impactSize }, (_, i) => ({
      value: String(i + 1),
      label: scaleLabel(t, matrix, axis, i + 1, i18n.language),
    }));
  const axisOf = (key: keyof ScoreDraft) =>
    key === 'likelihood' || key === 'residualLikelihood' ? 'likelihood' : 'impact';
  const num = (key: keyof ScoreDraft) => ({
    data: choices(axisOf(key)),
    value: String(value[key]),
    onChange: (e: React.ChangeEvent<HTMLSelectElement>) =>
      onChange({ ...value, [key]: Number(e.currentTarget.value) }),
  });
  return (
    <>
      <Group grow align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('risk-map.field.likelihood')}
          {...num('likelihood')}
          data-testid="score-likelihood"
        />
        <NativeSelect label={t('risk-map.field.impact')} {...num('impact')} data-testid="score-impact" />
        <div>
          <LevelBadge level={levelIn(scale, value.likelihood, value.impact)} />
        </div>
      </Group>
      <Group grow align="flex-end" wrap="wrap">
        <NativeSelect label={t('risk-map.field.residualLikelihood')} {...num('residualLikelihood')} />
        <NativeSelect label={t('risk-map.field.residualImpact')} {...num('residualImpact')} />
        <div>
          <LevelBadge level={levelIn(scale, value.residualLikelihood, value.residualImpact)} />
        </div>
      </Group>
      <Group grow wrap="wrap">
        <NativeSelect
          label={t('risk-map.field.confidence')}
          data={confidences.map((c) => ({ value: c, label: t(`risk-map.confidence.${c}`) }))}
          value={value.confidence}
          onChange={(e) =>
            onChange({ ...value, confidence: e.currentTarget.value as ScoreDraft['confidence'] })
          }
        />
        <NativeSelect
          label={t('risk-map.field.trend')}
          data={trends.map((c) => ({ value: c, label: t(`risk-map.trend.${c}`) }))}
          value={value.trend}
          onChange={(e) => onChange({ ...value, trend: e.currentTarget.value as ScoreDraft['trend'] })}
        />
        <TextInput
          type="date"
          label={t('risk-map.field.reviewOn')}
          value={value.reviewOn}
          onChange={(e) => onChange({ ...value, reviewOn: e.currentTarget.value })}
          required
        />
      </Group>
    </>
  );
}
