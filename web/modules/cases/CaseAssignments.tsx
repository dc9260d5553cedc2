import { Alert, Badge, Button, Checkbox, Group, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { LIMITS, casesRoutes, type CaseConfig, type CaseDetail } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { Section } from './CaseSection';
import { useSetCase } from './cases.queries';
import { runsOnEngine } from './workflow.queries';
import { UserText } from '../../components/UserText';

type Basis = '' | 'consent' | 'guardian-consent' | 'legal-basis' | 'chair-override';

/** The basis choices this person may record (a chair's override only for the chair). */
export function useBasisOptions(withNone: boolean) {
  const { t } = useTranslation();
  const can = useCan();
  const bases: Basis[] = ['consent', 'guardian-consent', 'legal-basis'];
  if (can('cases.consent-override')) bases.push('chair-override');
  return [
    ...(withNone ? [{ value: '', label: t('cases.basisNone') }] : []),
    ...bases.map((b) => ({ value: b, label: t(`cases.basis.${b}`) })),
  ];
}

export function basisNeedsDetail(basis: string) {
  return basis === 'legal-basis' || basis === 'chair-override';
}

/** Filter 3: the lead and assisting agencies and the basis for disclosing identity to them. */
export function AssignmentPanel({ c, config }: { c: CaseDetail; config: CaseConfig }) {
  const { t } = useTranslation();
  const limit = useLimit();
  const format = useFormat();
  const cityId = useCityId();
  const setCase = useSetCase(cityId);
  const basisOptions = useBasisOptions(true);
  const currentLead = c.assignments.find((a) => a.role === 'lead')?.organisation.id ?? '';
  const [lead, setLead] = useState(currentLead);
  const [assisting, setAssisting] = useState<string[]>(
    c.assignments.filter((a) => a.role === 'assisting').map((a) => a.organisation.id),
  );
  const [basis, setBasis] = useState<Basis>('');
  const [detail, setDetail] = useState('');
  const [editing, setEditing] = useState(false);
  const save = useMutation({
    mutationFn: () =>
      call(casesRoutes.assignAgencies, {
        params: { cityId, caseId: c.id },
        body: {
          leadOrganisationId: lead,
          assistingOrganisationIds: assisting.filter((id) => id !== lead),
          disclosure: basis ? { basis, basisDetail: detail.trim() } : undefined,
        },
      }),
    onSuccess: async (d) => {
      await setCase(d);
      setEditing(false);
      setBasis('');
      setDetail('');
    },
  });
  // Four filters and Channel assign after the decision; a definition-run workflow in any open stage.
  const assignable =
    ['filter-3', 'filter-4', 'assessment', 'consent', 'support'].includes(c.stage) ||
    (runsOnEngine(c) && c.stage !== 'closed' && c.stage !== 'rejected');
  const mayAssign = c.access.canDecide && assignable;
  if (c.assignments.length === 0 && !mayAssign) return null;
  const formOpen = mayAssign && (editing || !currentLead);
  const detailMissing = basisNeedsDetail(basis) && detail.trim().length < 5;
  // Identity goes to agencies other than the originating one only with a recorded basis (the server
  // refuses otherwise): ask for it here rather than after a round trip.
  const originating = c.originatingOrganisation.id;
  const outsiders = [lead, ...assisting].some((id) => id && id !== originating);
  const basisMissing = outsiders && !c.access.disclosureBasisRecorded && !basis;
  return (
    <Section id="case-assignments" title={t('cases.assignmentsTitle')} testId="case-assignments">
      <Stack component="ul" gap={4} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {c.assignments.map((a) => (
          <li key={`${a.organisation.id}-${a.role}`} data-testid="case-assignment" data-role={a.role}>
            <Group gap="xs" wrap="wrap">
              <Badge
                variant="light"
                color={a.role === 'lead' ? 'blue' : a.role === 'originating' ? 'gray' : 'cyan'}
              >
                {t(`cases.role.${a.role}`)}
              </Badge>
              <Text>
                <UserText>{a.organisation.name}</UserText>
              </Text>
              <Text size="xs" c="dimmed">
                {format.date(a.assignedAt)}
              </Text>
            </Group>
          </li>
        ))}
      </Stack>
      {c.assignments.some((a) => a.organisation.id !== c.originatingOrganisation.id) && (
        <Alert
          color={c.access.disclosureBasisRecorded ? 'teal' : 'orange'}
          data-testid="case-disclosure-basis"
          data-recorded={c.access.disclosureBasisRecorded}
        >
          {c.access.disclosureBasisRecorded ? t('cases.disclosureRecorded') : t('cases.disclosureMissing')}
        </Alert>
      )}
      {mayAssign && !formOpen && (
        <Button variant="default" onClick={() => setEditing(true)} style={{ alignSelf: 'flex-start' }}>
          {t('cases.changeAssignments')}
        </Button>
      )}
      {formOpen && (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!lead || detailMissing || basisMissing) return;
            save.mutate();
          }}
        >
          <Stack gap="sm">
            <NativeSelect
              label={t('cases.fieldLead')}
              required
              value={lead}
              data={[
                { value: '', label: t('cases.choose') },
                ...config.organisations.map((o) => ({ value: o.id, label: o.name })),
              ]}
              onChange={(e) => setLead(e.currentTarget.value)}
              data-testid="assign-lead"
            />
            <Checkbox.Group
              label={t('cases.fieldAssisting')}
              description={t('cases.fieldAssistingHelp')}
              value={assisting.filter((id) => id !== lead)}
              onChange={setAssisting}
              data-testid="assign-assisting"
            >
              <Stack gap={6} mt={6}>
                {config.organisations
                  .filter((o) => o.id !== lead)
                  .map((o) => (
                    <Checkbox
                      key={o.id}
                      value={o.id}
                      label={o.name}
                      description={o.membershipKind === 'external' ? t('cases.external') : undefined}
                      data-testid="assign-assisting-option"
                      data-name={o.name}
                    />
                  ))}
              </Stack>
            </Checkbox.Group>
            <NativeSelect
              label={t('cases.fieldDisclosureBasis')}
              description={t('cases.fieldDisclosureBasisHelp')}
              value={basis}
              data={
                c.access.disclosureBasisRecorded
                  ? basisOptions
                  : [{ value: '', label: t('cases.choose') }, ...basisOptions.filter((o) => o.value)]
              }
              required={!c.access.disclosureBasisRecorded && outsiders}
              error={basisMissing ? t('cases.basisRequired') : null}
              onChange={(e) => setBasis(e.currentTarget.value as Basis)}
              data-testid="assign-basis"
            />
            {basisNeedsDetail(basis) && (
              <Textarea
                label={
                  basis === 'chair-override' ? t('cases.fieldOverrideReason') : t('cases.fieldLegalBasis')
                }
                required
                autosize
                minRows={2}
                {...limit(LIMITS.shortNote, detail, t('cases.noNamesShort'))}
                value={detail}
                error={detailMissing ? t('cases.fieldRequired') : null}
                onChange={(e) => setDetail(e.currentTarget.value)}
                data-testid="assign-basis-detail"
              />
            )}
            {basis === 'chair-override' && <Alert color="orange">{t('cases.overrideWarning')}</Alert>}
            <ErrorAlert error={save.error} />
            <Group gap="xs">
              <Button
                type="submit"
                disabled={!lead || detailMissing || basisMissing}
                loading={save.isPending}
                data-testid="assign-save"
              >
                {t('cases.saveAssignments')}
              </Button>
              {editing && (
                <Button variant="subtle" onClick={() => setEditing(false)}>
                  {t('common.cancel')}
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      )}
    </Section>
  );
}
