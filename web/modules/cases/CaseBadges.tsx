import { Badge } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import type { CaseStage, CaseSummary } from '../../../contracts/index.js';
import { useFormat } from '../../lib/format';
import { stageColor } from './cases.queries';

/** The stage's name: `label` (a custom workflow's own) or the translated built-in name. */
export function StageBadge({ stage, label }: { stage: CaseStage; label?: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={stageColor[stage] ?? 'blue'} variant="light" data-testid="case-stage" data-stage={stage}>
      {label ?? t(`cases.stage.${stage}`, { defaultValue: stage })}
    </Badge>
  );
}

/** The response clock in one badge: overdue (red) or due (while it runs). */
export function ClockBadge({ c }: { c: Pick<CaseSummary, 'overdue' | 'responseDueAt' | 'firstResponseAt'> }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (c.overdue && c.responseDueAt)
    return (
      <Badge color="red.9" variant="filled" data-testid="case-overdue">
        {t('cases.overdueSince', { date: format.dateTime(c.responseDueAt) })}
      </Badge>
    );
  if (c.responseDueAt && !c.firstResponseAt)
    return (
      <Badge color="orange" variant="light" data-testid="case-due">
        {t('cases.responseDue', { date: format.dateTime(c.responseDueAt) })}
      </Badge>
    );
  return null;
}

/** "Age 12-17", or "Age unknown". */
export function useDescribe() {
  const { t } = useTranslation();
  return {
    age: (band: string) => (band === 'unknown' ? t('cases.ageUnknown') : t('cases.ageBandValue', { band })),
    gender: (g: string) => t(`cases.gender.${g}`),
    subject: (s: string) => t(`cases.subject.${s}`),
  };
}
