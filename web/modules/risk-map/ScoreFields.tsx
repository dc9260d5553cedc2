import { Group, NativeSelect, TextInput } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import { confidences, levelOf, trends, type RescoreInput } from '../../../contracts/index.js';
import { LevelBadge } from './bits';

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

const SCALE = ['1', '2', '3', '4', '5'];

/** Likelihood × impact now and after the planned action, confidence, trend and review date. */
export function ScoreFields({
  value,
  onChange,
}: {
  value: ScoreDraft;
  onChange: (next: ScoreDraft) => void;
}) {
  const { t } = useTranslation();
  const scale = SCALE.map((v) => ({ value: v, label: `${v} · ${t(`risk-map.scale.${v}`)}` }));
  const num = (key: keyof ScoreDraft) => ({
    data: scale,
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
          <LevelBadge level={levelOf(value.likelihood, value.impact)} />
        </div>
      </Group>
      <Group grow align="flex-end" wrap="wrap">
        <NativeSelect label={t('risk-map.field.residualLikelihood')} {...num('residualLikelihood')} />
        <NativeSelect label={t('risk-map.field.residualImpact')} {...num('residualImpact')} />
        <div>
          <LevelBadge level={levelOf(value.residualLikelihood, value.residualImpact)} />
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
