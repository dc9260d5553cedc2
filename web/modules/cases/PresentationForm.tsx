import {
  Alert,
  Button,
  MultiSelect,
  NativeSelect,
  SimpleGrid,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { LIMITS, ageBands, genders, subjectKinds, type CaseConfig } from '../../../contracts/index.js';
import { useLimit } from '../../components/limit';
import { fieldError } from '../../lib/fieldErrors';
import { factorGroups } from './cases.queries';
import type { PresentationValues } from './presentation';

export { presentationOf, type PresentationValues } from './presentation';

/** The always-visible reminder on every free-text field of a de-identified presentation. */
export function NoNamesWarning() {
  const { t } = useTranslation();
  return (
    <Alert color="orange" variant="light" title={t('cases.noNamesTitle')} data-testid="no-names-warning">
      {t('cases.noNamesBody')}
    </Alert>
  );
}

/**
 * The de-identified presentation: why the agency cannot lower the risk alone, who (in bands), where
 * (a neighbourhood, not an address) and the risk and protective factors as codes.
 */
export function PresentationForm({
  config,
  initial,
  before,
  submitLabel,
  pending,
  onSubmit,
  testPrefix = 'case',
  error,
}: {
  config: CaseConfig;
  initial: PresentationValues;
  before?: ReactNode;
  submitLabel: string;
  pending: boolean;
  onSubmit: (values: PresentationValues) => void;
  testPrefix?: string;
  /** The failed save, whose server field errors are shown under their fields. */
  error?: unknown;
}) {
  const { t, i18n } = useTranslation();
  const limit = useLimit();
  const [v, setV] = useState<PresentationValues>(initial);
  const [touched, setTouched] = useState(false);
  const set = (patch: Partial<PresentationValues>) => setV((prev) => ({ ...prev, ...patch }));
  const reasonMissing = !v.originatingReason.trim();
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        setTouched(true);
        if (reasonMissing) return;
        onSubmit({
          ...v,
          originatingReason: v.originatingReason.trim(),
          neighbourhood: v.neighbourhood.trim(),
        });
      }}
    >
      <Stack>
        <NoNamesWarning />
        {before}
        <Textarea
          label={t('cases.fieldReason')}
          required
          autosize
          minRows={3}
          value={v.originatingReason}
          {...limit(LIMITS.summary, v.originatingReason, t('cases.fieldReasonHelp'))}
          error={touched && reasonMissing ? t('cases.fieldRequired') : fieldError(error, 'originatingReason')}
          onChange={(e) => set({ originatingReason: e.currentTarget.value })}
          data-testid={`${testPrefix}-reason`}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <NativeSelect
            label={t('cases.fieldSubject')}
            value={v.subjectKind}
            data={subjectKinds.map((s) => ({ value: s, label: t(`cases.subject.${s}`) }))}
            onChange={(e) => set({ subjectKind: e.currentTarget.value as PresentationValues['subjectKind'] })}
            data-testid={`${testPrefix}-subject`}
          />
          <NativeSelect
            label={t('cases.fieldAgeBand')}
            value={v.ageBand}
            data={ageBands.map((b) => ({
              value: b,
              label: b === 'unknown' ? t('cases.ageUnknown') : t('cases.ageBandValue', { band: b }),
            }))}
            onChange={(e) => set({ ageBand: e.currentTarget.value as PresentationValues['ageBand'] })}
            data-testid={`${testPrefix}-age`}
          />
          <NativeSelect
            label={t('cases.fieldGender')}
            value={v.gender}
            data={genders.map((g) => ({ value: g, label: t(`cases.gender.${g}`) }))}
            onChange={(e) => set({ gender: e.currentTarget.value as PresentationValues['gender'] })}
            data-testid={`${testPrefix}-gender`}
          />
          <TextInput
            label={t('cases.fieldNeighbourhood')}
            value={v.neighbourhood}
            {...limit(LIMITS.neighbourhood, v.neighbourhood, t('cases.fieldNeighbourhoodHelp'))}
            error={fieldError(error, 'neighbourhood')}
            onChange={(e) => set({ neighbourhood: e.currentTarget.value })}
            data-testid={`${testPrefix}-neighbourhood`}
          />
        </SimpleGrid>
        <MultiSelect
          label={t('cases.fieldRiskFactors')}
          description={t('cases.fieldRiskFactorsHelp')}
          placeholder={v.riskFactors.length ? undefined : t('cases.searchFactors')}
          data={factorGroups(config.risk, i18n.language)}
          value={v.riskFactors}
          onChange={(riskFactors) => set({ riskFactors })}
          searchable
          clearable
          // Mantine's own scroll area is not keyboard-focusable (axe); a plain scrolling list is.
          withScrollArea={false}
          maxDropdownHeight={280}
          maxValues={40}
          nothingFoundMessage={t('cases.noFactorFound')}
          comboboxProps={{ withinPortal: true }}
          data-testid={`${testPrefix}-risk`}
        />
        <MultiSelect
          label={t('cases.fieldProtectiveFactors')}
          placeholder={v.protectiveFactors.length ? undefined : t('cases.searchFactors')}
          data={factorGroups(config.protective, i18n.language)}
          value={v.protectiveFactors}
          onChange={(protectiveFactors) => set({ protectiveFactors })}
          searchable
          clearable
          // Mantine's own scroll area is not keyboard-focusable (axe); a plain scrolling list is.
          withScrollArea={false}
          maxDropdownHeight={280}
          maxValues={40}
          nothingFoundMessage={t('cases.noFactorFound')}
          data-testid={`${testPrefix}-protective`}
        />
        <Button
          type="submit"
          loading={pending}
          style={{ alignSelf: 'flex-start' }}
          data-testid={`${testPrefix}-submit`}
        >
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
