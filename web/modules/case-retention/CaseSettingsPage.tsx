import { Alert, Card, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { Page } from '../../components/Page';
import { useCan, useCityId, useCityWorkspace } from '../../lib/city';
import { PurgeRuns } from './PurgeRuns';
import { RetentionSection } from './RetentionSection';
import { SubjectAccessSection } from './SubjectAccessSection';
import { TaxonomySection } from './TaxonomySection';

/**
 * Case settings: how long rejected and closed situations are kept (the chair edits, the auditor and
 * the table read), what the nightly purge deleted, and the chair's subject-access export.
 */
export function CaseSettingsPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const workspace = useCityWorkspace(cityId);
  const canRead = can('cases.read') || can('cases.purge-runs');
  return (
    <Page title={t('case-retention.web.title')}>
      {workspace.data && !canRead && (
        <Alert color="gray" data-testid="case-settings-none">
          {t('case-retention.web.notAllowed')}
        </Alert>
      )}
      {canRead && (
        <Section id="retention" title={t('case-retention.web.retentionTitle')}>
          <RetentionSection cityId={cityId} canEdit={can('cases.settings')} />
        </Section>
      )}
      {can('cases.purge-runs') && (
        <Section id="purge-runs" title={t('case-retention.web.purgeTitle')}>
          <PurgeRuns cityId={cityId} />
        </Section>
      )}
      {can('cases.settings') && (
        <Section id="taxonomy" title={t('case-retention.web.taxonomyTitle')}>
          <TaxonomySection cityId={cityId} />
        </Section>
      )}
      {can('cases.subject-access') && (
        <Section id="subject-access" title={t('case-retention.web.sarTitle')}>
          <SubjectAccessSection cityId={cityId} />
        </Section>
      )}
    </Page>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-labelledby={`cs-${id}`} data-testid={`cs-${id}`}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={`cs-${id}`}>
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}
