import { useStageName } from './workflow.queries';
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Switch,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useLocation } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import type { CaseStage, CaseSummary } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RouterAnchor, RouterButton } from '../../components/RouterLinks';
import { useCan, useCityId } from '../../lib/city';
import { ClockBadge, StageBadge, useDescribe } from './CaseBadges';
import { stepsOf, useCaseConfig, useCases, useFactorLabels, type CaseFilters } from './cases.queries';
import { ReviewsDueList } from './ReviewsDueList';

/**
 * De-identified situations of the city, newest first, with filters and a "load more"; a second tab
 * lists post-closure reviews coming due (`#reviews` opens it, as the home card's link does).
 */
export function CasesPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const config = useCaseConfig(cityId);
  const hash = useLocation({ select: (l) => l.hash });
  const [tab, setTab] = useState<'situations' | 'reviews'>(hash === 'reviews' ? 'reviews' : 'situations');
  const [stage, setStage] = useState<CaseStage | ''>('');
  const [mine, setMine] = useState(false);
  const [overdue, setOverdue] = useState(false);
  const [reference, setReference] = useState('');
  const [debouncedReference] = useDebouncedValue(reference, 300);
  const filters: CaseFilters = {
    stage: stage || undefined,
    mine,
    overdue,
    reference: debouncedReference.trim().toUpperCase() || undefined,
  };
  const workflow = config.data?.workflow;
  const off = workflow === 'none';
  const definition = config.data?.definition;
  const stageName = useStageName();
  // The stages of the workflow new situations start on (four filters, Channel, or a definition's).
  const stages: CaseStage[] =
    workflow === 'four-filter' || workflow === 'channel'
      ? [...stepsOf(workflow), 'rejected']
      : (definition?.stages.map((s) => s.id) ?? []);
  return (
    <Page
      title={t('cases.title')}
      actions={
        can('cases.create') && !off ? (
          <RouterButton
            to="/c/$cityId/cases/new"
            params={{ cityId }}
            style={{ alignSelf: 'flex-start' }}
            data-testid="case-new"
          >
            {t('cases.newSituation')}
          </RouterButton>
        ) : undefined
      }
    >
      <Text>{t('cases.intro')}</Text>
      <ErrorAlert error={config.error} />
      {off && (
        <Alert color="gray" data-testid="cases-off">
          {t('cases.off')}
        </Alert>
      )}
      <Tabs value={tab} onChange={(v) => setTab(v === 'reviews' ? 'reviews' : 'situations')}>
        <Tabs.List>
          <Tabs.Tab value="situations" data-testid="cases-tab-situations">
            {t('cases.situationsTab')}
          </Tabs.Tab>
          <Tabs.Tab value="reviews" data-testid="cases-tab-reviews">
            {t('cases.reviewsTab')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="situations" pt="sm">
          <Stack gap="sm">
            <Card withBorder padding="sm" component="section" aria-label={t('cases.filters')}>
              <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }} spacing="sm" verticalSpacing="xs">
                <NativeSelect
                  label={t('cases.filterStage')}
                  value={stage}
                  onChange={(e) => setStage(e.currentTarget.value as CaseStage | '')}
                  data={[
                    { value: '', label: t('cases.allStages') },
                    ...stages.map((s) => ({ value: s, label: stageName(s, definition) })),
                  ]}
                  data-testid="cases-filter-stage"
                />
                <TextInput
                  label={t('cases.filterReference')}
                  value={reference}
                  dir="ltr"
                  placeholder={workflow === 'channel' ? 'CH-2026-0001' : 'ST-2026-0001'}
                  onChange={(e) => setReference(e.currentTarget.value)}
                  data-testid="cases-filter-reference"
                />
                <Switch
                  label={t('cases.filterMine')}
                  checked={mine}
                  onChange={(e) => setMine(e.currentTarget.checked)}
                  mt={{ base: 0, md: 'xl' }}
                  data-testid="cases-filter-mine"
                />
                <Switch
                  label={t('cases.filterOverdue')}
                  checked={overdue}
                  onChange={(e) => setOverdue(e.currentTarget.checked)}
                  mt={{ base: 0, md: 'xl' }}
                  data-testid="cases-filter-overdue"
                />
              </SimpleGrid>
            </Card>
            {!off && <CaseList cityId={cityId} filters={filters} />}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="reviews" pt="sm">
          {tab === 'reviews' && <ReviewsDueList cityId={cityId} />}
        </Tabs.Panel>
      </Tabs>
    </Page>
  );
}

function CaseList({ cityId, filters }: { cityId: string; filters: CaseFilters }) {
  const { t } = useTranslation();
  const list = useCases(cityId, filters);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="xs">
      <ErrorAlert error={list.error} />
      {list.isPending && <Loading />}
      {list.isSuccess && items.length === 0 && (
        <Text c="dimmed" data-testid="cases-empty">
          {t('cases.noCases')}
        </Text>
      )}
      <Stack
        component="ul"
        gap="xs"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        data-testid="cases-list"
        aria-label={t('cases.title')}
      >
        {items.map((c) => (
          <li key={c.id}>
            <CaseRow cityId={cityId} c={c} />
          </li>
        ))}
      </Stack>
      {list.hasNextPage && (
        <Button
          variant="default"
          onClick={() => void list.fetchNextPage()}
          loading={list.isFetchingNextPage}
          style={{ alignSelf: 'flex-start' }}
          data-testid="cases-load-more"
        >
          {t('common.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

function CaseRow({ cityId, c }: { cityId: string; c: CaseSummary }) {
  const { t } = useTranslation();
  const config = useCaseConfig(cityId);
  const labels = useFactorLabels(config.data);
  const describe = useDescribe();
  const shown = c.riskFactors.slice(0, 3);
  return (
    <Card withBorder padding="sm" data-testid="case-row" data-reference={c.reference}>
      <Stack gap={6}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <RouterAnchor
            to="/c/$cityId/cases/$caseId"
            params={{ cityId, caseId: c.id }}
            fw={700}
            dir="ltr"
            data-testid="case-link"
          >
            {c.reference}
          </RouterAnchor>
          <Group gap={6} wrap="wrap">
            <StageBadge stage={c.stage} />
            {c.myRoles.length > 0 && (
              <Badge color="grape" variant="outline" data-testid="case-mine">
                {t('cases.myOrganisation')}
              </Badge>
            )}
            {c.isMinor && (
              <Badge color="yellow" variant="filled" c="dark" data-testid="case-minor">
                {t('cases.minor')}
              </Badge>
            )}
            <ClockBadge c={c} />
          </Group>
        </Group>
        <Text size="sm">
          {[
            describe.subject(c.subjectKind),
            describe.age(c.ageBand),
            describe.gender(c.gender),
            c.neighbourhood || t('cases.noNeighbourhood'),
          ].join(' · ')}
        </Text>
        {shown.length > 0 && (
          <Text size="sm" c="dimmed">
            {shown.map((code) => labels.risk(code)).join('; ')}
            {c.riskFactors.length > shown.length
              ? ` ${t('cases.moreFactors', { count: c.riskFactors.length - shown.length })}`
              : ''}
          </Text>
        )}
        <Text size="sm">
          {c.leadOrganisation
            ? t('cases.leadAgency', { name: c.leadOrganisation.name })
            : t('cases.noLeadYet')}
          {c.outcome ? ` · ${t(`cases.outcome.${c.outcome}`)}` : ''}
        </Text>
      </Stack>
    </Card>
  );
}
