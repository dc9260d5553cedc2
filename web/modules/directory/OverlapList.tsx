import { List, Text } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';
import type { Coverage } from '../../../contracts/index.js';
import { RouterAnchor } from '../../components/RouterLinks';
import { useCityId } from '../../lib/city';
import { useServiceTypeLabel } from './bits';
import { useServiceTypes } from './directory.queries';

/** Every overlap: where, what, for whom, and the entries. */
export function OverlapList({ coverage }: { coverage: Coverage }) {
  const { t } = useTranslation();
  const cityId = useCityId();
  const types = useServiceTypes(cityId);
  const typeLabel = useServiceTypeLabel(types.data?.items);
  const nameOf = new Map(coverage.neighbourhoods.map((n) => [n.id, n.name]));
  const entryOf = new Map(coverage.entries.map((e) => [e.entryId, e]));
  const all = [...coverage.cityWideOverlaps, ...coverage.overlaps];
  if (!all.length) return <Text c="dimmed">{t('directory.gaps.noOverlaps')}</Text>;
  return (
    <List spacing="xs" data-testid="overlap-list">
      {all.map((o) => (
        <List.Item key={`${o.neighbourhoodId ?? 'city'}-${o.serviceType}-${o.targetGroup}`}>
          <Text span fw={500}>
            <bdi>{o.neighbourhoodId ? nameOf.get(o.neighbourhoodId) : t('directory.cityWide')}</bdi>:{' '}
          </Text>
          {t('directory.gaps.overlapDetail', {
            count: o.providerCount,
            type: typeLabel(o.serviceType),
            group: t(`directory.targetGroup.${o.targetGroup}`),
          })}
          {' — '}
          {o.entryIds.map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              <RouterAnchor to="/c/$cityId/directory/entries/$entryId" params={{ cityId, entryId: id }}>
                <bdi>{entryOf.get(id)?.providerName}</bdi>
              </RouterAnchor>
            </span>
          ))}
        </List.Item>
      ))}
    </List>
  );
}
