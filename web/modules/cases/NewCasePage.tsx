import { Alert, Card, NativeSelect, Stack, Text } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { casesRoutes } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RouterAnchor } from '../../components/RouterLinks';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { useCaseConfig, useSetCase } from './cases.queries';
import { PresentationForm, presentationOf, type PresentationValues } from './PresentationForm';

/** Filter 1 (or Channel screening): an agency brings a situation to the table, de-identified. */
export function NewCasePage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const navigate = useNavigate();
  const config = useCaseConfig(cityId);
  const setCase = useSetCase(cityId);
  const [orgId, setOrgId] = useState('');
  const create = useMutation({
    mutationFn: (v: PresentationValues & { originatingOrganisationId: string }) =>
      call(casesRoutes.createCase, { params: { cityId }, body: v }),
    onSuccess: async (detail) => {
      await setCase(detail);
      await navigate({ to: '/c/$cityId/cases/$caseId', params: { cityId, caseId: detail.id } });
    },
  });
  const channel = config.data?.workflow === 'channel';
  const title = channel ? t('cases.newReferral') : t('cases.newSituation');
  const back = (
    <RouterAnchor to="/c/$cityId/cases" params={{ cityId }} size="sm">
      {t('cases.backToList')}
    </RouterAnchor>
  );
  if (config.isPending) return <Loading />;
  if (!config.data)
    return (
      <Page title={title} actions={back}>
        <ErrorAlert error={config.error} />
      </Page>
    );
  const c = config.data;
  const mine = c.myOrganisations;
  const chosen = orgId || (mine.length === 1 ? mine[0].id : '');
  return (
    <Page title={title} actions={back}>
      <Text>{channel ? t('cases.newIntroChannel') : t('cases.newIntroFourFilter')}</Text>
      {c.workflow === 'none' ? (
        <Alert color="gray" data-testid="cases-off">
          {t('cases.off')}
        </Alert>
      ) : !can('cases.create') ? (
        <Alert color="gray">{t('errors.forbidden')}</Alert>
      ) : mine.length === 0 ? (
        <Alert color="orange" title={t('cases.noOrganisationTitle')} data-testid="case-no-organisation">
          {t('cases.noOrganisationBody')}
        </Alert>
      ) : (
        <Card withBorder padding="lg">
          <Stack>
            <ErrorAlert error={create.error} shownOnFields={['originatingReason', 'neighbourhood']} />
            <PresentationForm
              error={create.error}
              config={c}
              initial={presentationOf()}
              submitLabel={channel ? t('cases.createReferral') : t('cases.createSituation')}
              pending={create.isPending}
              onSubmit={(v) => {
                if (!chosen) return;
                create.mutate({ ...v, originatingOrganisationId: chosen });
              }}
              before={
                <NativeSelect
                  label={t('cases.fieldOriginating')}
                  description={t('cases.fieldOriginatingHelp')}
                  required
                  value={chosen}
                  error={!chosen ? t('cases.fieldRequired') : null}
                  data={[
                    ...(mine.length > 1 ? [{ value: '', label: t('cases.choose') }] : []),
                    ...mine.map((o) => ({ value: o.id, label: o.name })),
                  ]}
                  onChange={(e) => setOrgId(e.currentTarget.value)}
                  data-testid="case-originating"
                />
              }
            />
          </Stack>
        </Card>
      )}
    </Page>
  );
}
