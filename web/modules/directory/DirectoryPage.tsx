import { Anchor, Button, Group, NativeSelect, Text, TextInput } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { entryStatuses, targetGroups, type EntryQuery } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RouterAnchor } from '../../components/RouterLinks';
import { useCan, useCityId } from '../../lib/city';
import { useServiceTypeLabel } from './bits';
import { exportHref, useDirectoryNeighbourhoods, useEntries, useServiceTypes } from './directory.queries';
import { EntryForm } from './EntryForm';
import { EntryList } from './EntryList';

/** The directory with filters; adding a service; export, import and the gaps table for those who may. */
export function DirectoryPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const navigate = useNavigate();
  const [query, setQuery] = useState<EntryQuery>({});
  const [search, setSearch] = useState('');
  const entries = useEntries(cityId, { ...query, ...(search.trim() ? { q: search.trim() } : {}) });
  const types = useServiceTypes(cityId);
  const neighbourhoods = useDirectoryNeighbourhoods(cityId);
  const typeLabel = useServiceTypeLabel(types.data?.items);
  const [adding, setAdding] = useState(false);
  const pick = (key: keyof EntryQuery) => (e: React.ChangeEvent<HTMLSelectElement>) => {
    const value = e.currentTarget.value;
    setQuery((q) => ({ ...q, [key]: value || undefined }));
  };
  const any = { value: '', label: t('directory.any') };
  return (
    <Page
      title={t('directory.title')}
      actions={
        <Group gap="md" wrap="wrap">
          {can('directory.coverage') && (
            <RouterAnchor to="/c/$cityId/directory/gaps" params={{ cityId }} size="sm">
              {t('directory.gapsOpen')}
            </RouterAnchor>
          )}
          {can('directory.manage') && (
            <RouterAnchor to="/c/$cityId/directory/import" params={{ cityId }} size="sm">
              {t('directory.importOpen')}
            </RouterAnchor>
          )}
          {can('directory.export') && (
            <>
              <Anchor href={exportHref(cityId, 'csv')} size="sm" data-testid="directory-export-csv">
                {t('directory.exportCsv')}
              </Anchor>
              <Anchor href={exportHref(cityId, 'xlsx')} size="sm" data-testid="directory-export-xlsx">
                {t('directory.exportXlsx')}
              </Anchor>
            </>
          )}
        </Group>
      }
    >
      <Text>{t('directory.intro')}</Text>
      {can('directory.contribute') &&
        (adding ? (
          <EntryForm
            onDone={(saved) => {
              setAdding(false);
              if (saved)
                void navigate({
                  to: '/c/$cityId/directory/entries/$entryId',
                  params: { cityId, entryId: saved.id },
                });
            }}
          />
        ) : (
          <Button onClick={() => setAdding(true)} style={{ alignSelf: 'flex-start' }} data-testid="entry-add">
            {t('directory.add')}
          </Button>
        ))}
      <Group align="flex-end" wrap="wrap" gap="sm" role="search" aria-label={t('directory.filter.title')}>
        <TextInput
          label={t('directory.filter.search')}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          miw={200}
          data-testid="directory-search"
        />
        <NativeSelect
          label={t('directory.filter.neighbourhood')}
          data={[any, ...(neighbourhoods.data?.items ?? []).map((n) => ({ value: n.id, label: n.name }))]}
          value={query.neighbourhoodId ?? ''}
          onChange={pick('neighbourhoodId')}
          data-testid="directory-filter-neighbourhood"
        />
        <NativeSelect
          label={t('directory.filter.serviceType')}
          data={[any, ...(types.data?.items ?? []).map((x) => ({ value: x.code, label: typeLabel(x.code) }))]}
          value={query.serviceType ?? ''}
          onChange={pick('serviceType')}
          data-testid="directory-filter-type"
        />
        <NativeSelect
          label={t('directory.filter.targetGroup')}
          data={[any, ...targetGroups.map((g) => ({ value: g, label: t(`directory.targetGroup.${g}`) }))]}
          value={query.targetGroup ?? ''}
          onChange={pick('targetGroup')}
        />
        <NativeSelect
          label={t('directory.filter.status')}
          data={[any, ...entryStatuses.map((s) => ({ value: s, label: t(`directory.status.${s}`) }))]}
          value={query.status ?? ''}
          onChange={pick('status')}
        />
      </Group>
      {entries.isPending ? (
        <Loading />
      ) : entries.error ? (
        <ErrorAlert error={entries.error} />
      ) : (
        <>
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('directory.count', { count: entries.data.items.length })}
          </Text>
          <EntryList items={entries.data.items} />
        </>
      )}
    </Page>
  );
}
