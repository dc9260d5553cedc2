import { Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from '../../lib/useTranslation';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { NotFound } from '../../components/NotFound';
import { Page } from '../../components/Page';
import { RouterAnchor } from '../../components/RouterLinks';
import { useCityId } from '../../lib/city';
import { LevelBadge } from './bits';
import { CityMap } from './CityMap';
import { RiskList } from './RiskList';
import { ConsultationList } from './ConsultationList';
import { useConsultations, useMapData, useRisks } from './risk-map.queries';
import { NeighbourhoodServices } from '../directory';

/** One neighbourhood: its shape, its highest level and its risks and consultations and services. */
export function NeighbourhoodPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const { neighbourhoodId } = useParams({ strict: false }) as { neighbourhoodId: string };
  const map = useMapData(cityId);
  const risks = useRisks(cityId, { neighbourhoodId });
  const consultations = useConsultations(cityId, neighbourhoodId);
  if (map.isPending) return <Loading />;
  if (map.error) return <ErrorAlert error={map.error} />;
  const n = map.data.neighbourhoods.find((x) => x.id === neighbourhoodId);
  if (!n) return <NotFound />;
  return (
    <Page
      title={n.name}
      actions={
        <RouterAnchor to="/c/$cityId/risk-map" params={{ cityId }} size="sm">
          {t('risk-map.backToMap')}
        </RouterAnchor>
      }
    >
      <Stack gap="xs">
        <LevelBadge level={n.highestLevel} />
        {!n.current && <Text c="dimmed">{t('risk-map.retiredHelp')}</Text>}
      </Stack>
      {n.shape && (
        <div style={{ maxWidth: 320 }}>
          <CityMap neighbourhoods={[n]} selected={null} onSelect={() => undefined} showLabels={false} />
        </div>
      )}
      <Title order={2} size="h3">
        {t('risk-map.neighbourhoodRisks')}
      </Title>
      {risks.isPending ? (
        <Loading />
      ) : risks.error ? (
        <ErrorAlert error={risks.error} />
      ) : (
        <RiskList items={risks.data.items} />
      )}
      <Title order={2} size="h3">
        {t('risk-map.consultations.title')}
      </Title>
      {consultations.isPending ? (
        <Loading />
      ) : consultations.error ? (
        <ErrorAlert error={consultations.error} />
      ) : (
        <ConsultationList items={consultations.data.items} />
      )}
      <NeighbourhoodServices neighbourhoodId={n.id} />
    </Page>
  );
}
