import { Text } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import { HomeCardFrame, HomeCount } from '../../components/HomeCard';
import { RouterAnchor, RouterButton } from '../../components/RouterLinks';
import { useFormat } from '../../lib/format';
import { useTorVersions } from './tor.queries';

/**
 * Home card for those who acknowledge the Terms of Reference (chair, coordinators, members): the
 * adopted version if they have not acknowledged it yet, with the way to read and acknowledge it.
 */
export function TorAcknowledgeCard({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const versions = useTorVersions(cityId);
  if (versions.isError || !versions.data) return null;
  const adopted = versions.data.items.find((v) => v.status === 'adopted');
  const waiting = adopted && !adopted.acknowledgedByMe ? 1 : 0;
  return (
    <HomeCardFrame id="tor-ack-card" title={t('tor.home.title')}>
      <HomeCount
        value={waiting}
        label={t('tor.home.waiting')}
        testId="tor-ack-count"
        color={waiting ? 'orange.9' : undefined}
      />
      {!adopted && (
        <Text c="dimmed" data-testid="tor-ack-none">
          {t('tor.home.noneAdopted')}
        </Text>
      )}
      {adopted && waiting > 0 && (
        <>
          <Text size="sm">
            {t('tor.home.version', {
              version: adopted.version,
              date: adopted.adoptedAt ? format.date(adopted.adoptedAt) : '—',
            })}
          </Text>
          <RouterButton
            to="/c/$cityId/tor/$versionId"
            params={{ cityId, versionId: adopted.id }}
            size="sm"
            variant="light"
            style={{ alignSelf: 'flex-start' }}
            data-testid="tor-ack-link"
          >
            {t('tor.home.readAndAcknowledge')}
          </RouterButton>
        </>
      )}
      {adopted && waiting === 0 && (
        <Text c="dimmed" data-testid="tor-ack-none">
          {t('tor.home.acknowledged', { version: adopted.version })}
        </Text>
      )}
      <RouterAnchor to="/c/$cityId/tor" params={{ cityId }} size="sm">
        {t('tor.home.all')}
      </RouterAnchor>
    </HomeCardFrame>
  );
}
