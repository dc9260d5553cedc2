import { NativeSelect, SimpleGrid } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from '../../lib/useTranslation';
import { actionPlanRoutes } from '../../../contracts/index.js';
import { call } from '../../lib/api';

export type DecisionAbout = { kind: 'general' } | { kind: 'action' | 'objective'; subjectId: string };

/**
 * What a decision is about: nothing in particular, an action of the adopted plan (to change it) or an
 * objective (to add an action under it). The plan is read through its own API; a network without the
 * plan in its mandate (409) or without an adopted plan only offers "general".
 */
export function DecisionSubject({
  cityId,
  value,
  onChange,
}: {
  cityId: string;
  value: DecisionAbout;
  onChange: (about: DecisionAbout) => void;
}) {
  const { t } = useTranslation();
  const plan = useQuery({
    queryKey: ['action-plan', cityId, 'adopted-for-decisions'],
    queryFn: async ({ signal }) => {
      const versions = await call(actionPlanRoutes.listPlanVersions, { params: { cityId }, signal });
      const adopted = versions.items.find((v) => v.status === 'adopted');
      if (!adopted) return null;
      return call(actionPlanRoutes.getPlanVersion, { params: { cityId, versionId: adopted.id }, signal });
    },
    retry: false,
  });
  if (!plan.data) return null;
  const label = (x: { code: string; title: string }) => (x.code ? `${x.code} ${x.title}` : x.title);
  const choices =
    value.kind === 'action'
      ? plan.data.actions.map((a) => ({ value: a.id, label: label(a) }))
      : value.kind === 'objective'
        ? plan.data.objectives.map((o) => ({ value: o.id, label: label(o) }))
        : [];
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }}>
      <NativeSelect
        label={t('meetings.decisionAbout')}
        value={value.kind}
        onChange={(e) => {
          const kind = e.currentTarget.value as DecisionAbout['kind'];
          if (kind === 'general') onChange({ kind });
          else {
            const first = kind === 'action' ? plan.data!.actions[0] : plan.data!.objectives[0];
            onChange({ kind, subjectId: first?.id ?? '' });
          }
        }}
        data={[
          { value: 'general', label: t('meetings.aboutGeneral') },
          { value: 'action', label: t('meetings.aboutAction') },
          { value: 'objective', label: t('meetings.aboutObjective') },
        ]}
        data-testid="decision-about"
      />
      {value.kind !== 'general' && (
        <NativeSelect
          label={value.kind === 'action' ? t('meetings.chooseAction') : t('meetings.chooseObjective')}
          value={value.subjectId}
          onChange={(e) => onChange({ kind: value.kind, subjectId: e.currentTarget.value })}
          data={choices}
          data-testid="decision-subject"
        />
      )}
    </SimpleGrid>
  );
}
