import { Button, SimpleGrid, Stack, Text } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RouterAnchor } from '../../components/RouterLinks';
import { UserText } from '../../components/UserText';
import { useCan, useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { StatusBadge, useServiceTypeLabel } from './bits';
import { useEntry, useServiceTypes } from './directory.queries';
import { EntryForm } from './EntryForm';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

/** One entry: everything it says, and the form for whoever may change it. */
export function EntryPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const fmt = useFormat();
  const can = useCan();
  const { entryId } = useParams({ strict: false }) as { entryId: string };
  const entry = useEntry(cityId, entryId);
  const types = useServiceTypes(cityId);
  const typeLabel = useServiceTypeLabel(types.data?.items);
  const [editing, setEditing] = useState(false);
  if (entry.isPending) return <Loading />;
  if (entry.error) return <ErrorAlert error={entry.error} />;
  const e = entry.data;
  const dash = '—';
  return (
    <Page
      title={e.title}
      actions={
        <RouterAnchor to="/c/$cityId/directory" params={{ cityId }} size="sm">
          {t('directory.back')}
        </RouterAnchor>
      }
    >
      {editing ? (
        <EntryForm entry={e} onDone={() => setEditing(false)} />
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" data-testid="entry-detail">
            <Item label={t('directory.field.ref')}>
              <Text dir="ltr" style={{ unicodeBidi: 'isolate' }}>
                {e.ref}
              </Text>
            </Item>
            <Item label={t('directory.field.provider')}>
              <bdi>{e.providerName}</bdi> ({e.member ? t('directory.member') : t('directory.outside')})
            </Item>
            <Item label={t('directory.field.serviceType')}>{typeLabel(e.serviceType)}</Item>
            <Item label={t('directory.field.targetGroup')}>
              {t(`directory.targetGroup.${e.targetGroup}`)}
            </Item>
            <Item label={t('directory.field.sector')}>{t(`network.sectors.${e.sector}`)}</Item>
            <Item label={t('directory.field.status')}>
              <StatusBadge status={e.status} />
            </Item>
            <Item label={t('directory.field.where')}>
              {e.cityWide
                ? t('directory.cityWide')
                : e.neighbourhoods.map((n) => (
                    <div key={n.id}>
                      {/* Partners have no risk map to go to: the name only. */}
                      {can('risks.read') ? (
                        <RouterAnchor
                          to="/c/$cityId/risk-map/neighbourhoods/$neighbourhoodId"
                          params={{ cityId, neighbourhoodId: n.id }}
                        >
                          <bdi>{n.name}</bdi>
                        </RouterAnchor>
                      ) : (
                        <bdi>{n.name}</bdi>
                      )}
                      {!n.current && ` ${t('directory.retired')}`}
                    </div>
                  ))}
            </Item>
            <Item label={`${t('directory.field.startOn')} – ${t('directory.field.endOn')}`}>
              {e.startOn ? fmt.date(e.startOn) : dash} – {e.endOn ? fmt.date(e.endOn) : dash}
            </Item>
            <Item label={t('directory.field.capacity')}>{e.capacity || dash}</Item>
            <Item label={t('directory.field.hours')}>{e.hours || dash}</Item>
            <Item label={t('directory.field.contact')}>
              <bdi>{e.contact || dash}</bdi>
            </Item>
            <Item label={t('directory.field.fundingSource')}>{e.fundingSource || dash}</Item>
            <Item label={t('directory.field.public')}>
              {e.public ? t('directory.yes') : t('directory.no')}
            </Item>
            {e.referralService && (
              <Item label={t('directory.field.referralService')}>
                <bdi>{e.referralService.name}</bdi>
              </Item>
            )}
            <Item label={t('directory.field.updatedAt')}>{fmt.dateTime(e.updatedAt)}</Item>
          </SimpleGrid>
          {e.description && (
            <Item label={t('directory.field.description')}>
              <Text style={{ whiteSpace: 'pre-wrap' }}>
                <UserText>{e.description}</UserText>
              </Text>
            </Item>
          )}
          {e.editable && (
            <Button
              onClick={() => setEditing(true)}
              style={{ alignSelf: 'flex-start' }}
              data-testid="entry-edit"
            >
              {t('directory.edit')}
            </Button>
          )}
        </>
      )}
    </Page>
  );
}
