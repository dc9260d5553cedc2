import {
  Alert,
  Button,
  Checkbox,
  Group,
  MultiSelect,
  NativeSelect,
  SegmentedControl,
  Stack,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  directoryRoutes,
  entryStatuses,
  LIMITS,
  sectors,
  targetGroups,
  type DirectoryEntry,
  type EntryInput,
} from '../../../contracts/index.js';
import { useLimit } from '../../components/limit';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { DirectoryErrors, useServiceTypeLabel } from './bits';
import {
  directoryKey,
  useDirectoryNeighbourhoods,
  useEntryOrganisations,
  useReferralServices,
  useServiceTypes,
} from './directory.queries';

type Values = Required<Omit<EntryInput, 'ref'>> & { ref: string };

function initialValues(entry?: DirectoryEntry): Values {
  return {
    ref: entry?.ref ?? '',
    title: entry?.title ?? '',
    organisationId: entry?.organisationId ?? null,
    providerName: entry && !entry.member ? entry.providerName : '',
    sector: entry?.sector ?? 'other',
    serviceType: entry?.serviceType ?? '',
    targetGroup: entry?.targetGroup ?? 'general-public',
    cityWide: entry?.cityWide ?? false,
    neighbourhoodIds: entry?.neighbourhoods.map((n) => n.id) ?? [],
    description: entry?.description ?? '',
    contact: entry?.contact ?? '',
    contactConsent: entry?.contactConsent ?? false,
    capacity: entry?.capacity ?? '',
    hours: entry?.hours ?? '',
    status: entry?.status ?? 'active',
    startOn: entry?.startOn ?? null,
    endOn: entry?.endOn ?? null,
    fundingSource: entry?.fundingSource ?? '',
    public: entry?.public ?? false,
    referralServiceId: entry?.referralService?.id ?? null,
  };
}

/** Adds an entry, or changes one (its id and ref stay). Members and partners pick only their own organisation. */
export function EntryForm({
  entry,
  onDone,
}: {
  entry?: DirectoryEntry;
  onDone: (saved?: DirectoryEntry) => void;
}) {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const limit = useLimit();
  const client = useQueryClient();
  const manage = can('directory.manage');
  const orgs = useEntryOrganisations(cityId, true);
  const types = useServiceTypes(cityId);
  const neighbourhoods = useDirectoryNeighbourhoods(cityId);
  const referral = useReferralServices(cityId, manage);
  const typeLabel = useServiceTypeLabel(types.data?.items);
  const [v, setV] = useState<Values>(() => initialValues(entry));
  const [outside, setOutside] = useState(entry ? !entry.member : false);
  const set = <K extends keyof Values>(key: K, value: Values[K]) => setV((old) => ({ ...old, [key]: value }));
  const save = useMutation({
    mutationFn: () => {
      const { ref, ...rest } = v;
      const body = {
        ...rest,
        organisationId: outside ? null : rest.organisationId,
        providerName: outside ? rest.providerName : '',
        neighbourhoodIds: rest.cityWide ? [] : rest.neighbourhoodIds,
        startOn: rest.startOn || null,
        endOn: rest.endOn || null,
      };
      return entry
        ? call(directoryRoutes.updateEntry, { params: { cityId, entryId: entry.id }, body })
        : call(directoryRoutes.createEntry, {
            params: { cityId },
            body: { ...body, ...(ref ? { ref } : {}) },
          });
    },
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: directoryKey(cityId) });
      onDone(saved);
    },
  });
  const labels: Record<string, string> = {
    ref: t('directory.field.ref'),
    title: t('directory.field.title'),
    organisationId: t('directory.field.organisation'),
    providerName: t('directory.field.providerName'),
    serviceType: t('directory.field.serviceType'),
    neighbourhoodIds: t('directory.field.neighbourhoods'),
    endOn: t('directory.field.endOn'),
    referralServiceId: t('directory.field.referralService'),
  };
  return (
    <Stack
      component="form"
      gap="sm"
      maw={720}
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      data-testid="entry-form"
    >
      <Title order={2} size="h3">
        {entry ? t('directory.edit') : t('directory.add')}
      </Title>
      {!entry && (
        <TextInput
          label={t('directory.field.ref')}
          description={t('directory.field.refHelp')}
          value={v.ref}
          onChange={(e) => set('ref', e.currentTarget.value)}
          maxLength={60}
          dir="ltr"
        />
      )}
      <TextInput
        label={t('directory.field.title')}
        required
        value={v.title}
        onChange={(e) => set('title', e.currentTarget.value)}
        {...limit(LIMITS.title, v.title)}
        data-testid="entry-title"
      />
      {manage && (
        <SegmentedControl
          aria-label={t('directory.field.providerKind')}
          value={outside ? 'outside' : 'member'}
          onChange={(value) => setOutside(value === 'outside')}
          data={[
            { value: 'member', label: t('directory.member') },
            { value: 'outside', label: t('directory.outside') },
          ]}
          data-testid="entry-provider-kind"
        />
      )}
      {outside ? (
        <TextInput
          label={t('directory.field.providerName')}
          required
          value={v.providerName}
          onChange={(e) => set('providerName', e.currentTarget.value)}
          {...limit(LIMITS.organisation, v.providerName)}
          data-testid="entry-provider-name"
        />
      ) : (
        <NativeSelect
          label={t('directory.field.organisation')}
          required
          data={[
            { value: '', label: t('directory.choose') },
            ...(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name })),
          ]}
          value={v.organisationId ?? ''}
          onChange={(e) => {
            const id = e.currentTarget.value || null;
            const org = orgs.data?.items.find((o) => o.id === id);
            setV((old) => ({ ...old, organisationId: id, sector: org?.sector ?? old.sector }));
          }}
          data-testid="entry-organisation"
        />
      )}
      <Group grow wrap="wrap" align="flex-start">
        <NativeSelect
          label={t('directory.field.serviceType')}
          required
          data={[
            { value: '', label: t('directory.choose') },
            ...(types.data?.items ?? []).map((x) => ({ value: x.code, label: typeLabel(x.code) })),
          ]}
          value={v.serviceType}
          onChange={(e) => set('serviceType', e.currentTarget.value)}
          miw={200}
          data-testid="entry-service-type"
        />
        <NativeSelect
          label={t('directory.field.targetGroup')}
          data={targetGroups.map((g) => ({ value: g, label: t(`directory.targetGroup.${g}`) }))}
          value={v.targetGroup}
          onChange={(e) => set('targetGroup', e.currentTarget.value as Values['targetGroup'])}
          miw={200}
          data-testid="entry-target-group"
        />
        <NativeSelect
          label={t('directory.field.sector')}
          data={sectors.map((x) => ({ value: x, label: t(`network.sectors.${x}`) }))}
          value={v.sector}
          onChange={(e) => set('sector', e.currentTarget.value as Values['sector'])}
          miw={200}
        />
      </Group>
      <Checkbox
        label={t('directory.field.cityWide')}
        checked={v.cityWide}
        onChange={(e) => set('cityWide', e.currentTarget.checked)}
        data-testid="entry-city-wide"
      />
      {!v.cityWide && (
        <MultiSelect
          label={t('directory.field.neighbourhoods')}
          data={(neighbourhoods.data?.items ?? [])
            .filter((n) => n.current || v.neighbourhoodIds.includes(n.id))
            .map((n) => ({ value: n.id, label: n.current ? n.name : `${n.name} ${t('directory.retired')}` }))}
          value={v.neighbourhoodIds}
          onChange={(ids) => set('neighbourhoodIds', ids)}
          searchable
          data-testid="entry-neighbourhoods"
        />
      )}
      <Group grow wrap="wrap" align="flex-start">
        <NativeSelect
          label={t('directory.field.status')}
          data={entryStatuses.map((x) => ({ value: x, label: t(`directory.status.${x}`) }))}
          value={v.status}
          onChange={(e) => set('status', e.currentTarget.value as Values['status'])}
          miw={160}
        />
        <TextInput
          type="date"
          label={t('directory.field.startOn')}
          value={v.startOn ?? ''}
          onChange={(e) => set('startOn', e.currentTarget.value || null)}
          miw={160}
        />
        <TextInput
          type="date"
          label={t('directory.field.endOn')}
          value={v.endOn ?? ''}
          onChange={(e) => set('endOn', e.currentTarget.value || null)}
          miw={160}
        />
      </Group>
      <Group grow wrap="wrap" align="flex-start">
        <TextInput
          label={t('directory.field.capacity')}
          value={v.capacity}
          onChange={(e) => set('capacity', e.currentTarget.value)}
          {...limit(LIMITS.label, v.capacity)}
          miw={200}
        />
        <TextInput
          label={t('directory.field.hours')}
          value={v.hours}
          onChange={(e) => set('hours', e.currentTarget.value)}
          {...limit(LIMITS.label, v.hours)}
          miw={200}
        />
      </Group>
      <Alert color="yellow" variant="light">
        {t('directory.noPersonContact')}
      </Alert>
      <TextInput
        label={t('directory.field.contact')}
        value={v.contact}
        onChange={(e) => set('contact', e.currentTarget.value)}
        {...limit(LIMITS.contact, v.contact)}
      />
      <Checkbox
        label={t('directory.field.contactConsent')}
        checked={v.contactConsent}
        onChange={(e) => set('contactConsent', e.currentTarget.checked)}
      />
      <TextInput
        label={t('directory.field.fundingSource')}
        value={v.fundingSource}
        onChange={(e) => set('fundingSource', e.currentTarget.value)}
        {...limit(LIMITS.organisation, v.fundingSource)}
      />
      <Textarea
        label={t('directory.field.description')}
        value={v.description}
        onChange={(e) => set('description', e.currentTarget.value)}
        {...limit(LIMITS.summary, v.description)}
        autosize
        minRows={2}
      />
      <Checkbox
        label={t('directory.field.public')}
        checked={v.public}
        onChange={(e) => set('public', e.currentTarget.checked)}
        data-testid="entry-public"
      />
      {manage && (referral.data?.items.length ?? 0) > 0 && (
        <NativeSelect
          label={t('directory.field.referralService')}
          description={t('directory.field.referralServiceHelp')}
          data={[
            { value: '', label: t('directory.field.none') },
            ...(referral.data?.items ?? [])
              .filter((s) => !s.entryId || s.entryId === entry?.id)
              .map((s) => ({ value: s.id, label: s.name })),
          ]}
          value={v.referralServiceId ?? ''}
          onChange={(e) => set('referralServiceId', e.currentTarget.value || null)}
        />
      )}
      <DirectoryErrors error={save.error} labels={labels} />
      <Group>
        <Button type="submit" loading={save.isPending} data-testid="entry-save">
          {t('directory.save')}
        </Button>
        <Button variant="subtle" onClick={() => onDone()}>
          {t('directory.cancel')}
        </Button>
      </Group>
    </Stack>
  );
}
