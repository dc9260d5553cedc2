import {
  Badge,
  Button,
  Card,
  Group,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import {
  LIMITS,
  membershipKinds,
  networkRoles,
  networkRoutes,
  sectors,
  type OrganisationView,
} from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { fieldError } from '../../lib/fieldErrors';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { usePeople } from '../people';
import {
  dashboardKey,
  organisationsKey,
  useOrganisations,
  type OrganisationFilters,
} from './network.queries';
import { ScrollTable } from '../../components/ScrollTable';
import { UserText } from '../../components/UserText';

type Kind = (typeof membershipKinds)[number];

/** Member organisations and partners, with their representatives and public-listing consent. */
export function OrganisationsPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const manage = can('organisations.manage');
  const [filters, setFilters] = useState<OrganisationFilters>({ active: 'true' });
  const [editing, setEditing] = useState<OrganisationView | 'new' | null>(null);
  const { data, isLoading, error } = useOrganisations(cityId, filters);
  return (
    <Page
      title={t('network.organisationsTitle')}
      actions={
        manage && (
          <Button onClick={() => setEditing('new')} style={{ alignSelf: 'flex-start' }} data-testid="org-add">
            {t('network.addOrganisation')}
          </Button>
        )
      }
    >
      {!can('organisations.read-unlisted') && <Text size="sm">{t('network.publicOnly')}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 3 }} component="form" aria-label={t('network.filters')}>
        <NativeSelect
          label={t('network.sector')}
          value={filters.sector ?? ''}
          onChange={(e) => setFilters((f) => ({ ...f, sector: e.currentTarget.value || undefined }))}
          data={[
            { value: '', label: t('network.all') },
            ...sectors.map((s) => ({ value: s, label: t(`network.sectors.${s}`) })),
          ]}
          data-testid="filter-sector"
        />
        <NativeSelect
          label={t('network.kind')}
          value={filters.kind ?? ''}
          onChange={(e) => setFilters((f) => ({ ...f, kind: (e.currentTarget.value || undefined) as Kind }))}
          data={[
            { value: '', label: t('network.all') },
            ...membershipKinds.map((k) => ({ value: k, label: t(`network.kinds.${k}`) })),
          ]}
          data-testid="filter-kind"
        />
        <NativeSelect
          label={t('network.status')}
          value={filters.active ?? ''}
          onChange={(e) =>
            setFilters((f) => ({ ...f, active: (e.currentTarget.value || undefined) as 'true' | 'false' }))
          }
          data={[
            { value: '', label: t('network.all') },
            { value: 'true', label: t('network.activeOnly') },
            { value: 'false', label: t('network.leftOnly') },
          ]}
          data-testid="filter-active"
        />
      </SimpleGrid>
      {isLoading && <Loading />}
      <ErrorAlert error={error} />
      {data && data.items.length === 0 && <Text>{t('network.noOrganisations')}</Text>}
      <Stack component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="org-list">
        {data?.items.map((org) => (
          <li key={org.id}>
            <OrganisationCard org={org} cityId={cityId} manage={manage} onEdit={() => setEditing(org)} />
          </li>
        ))}
      </Stack>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        title={editing === 'new' ? t('network.addOrganisation') : t('network.editOrganisation')}
      >
        {editing !== null && (
          <OrganisationForm
            cityId={cityId}
            org={editing === 'new' ? null : editing}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Page>
  );
}

function useInvalidate(cityId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: organisationsKey(cityId) }),
      queryClient.invalidateQueries({ queryKey: dashboardKey(cityId) }),
    ]);
}

function OrganisationCard({
  org,
  cityId,
  manage,
  onEdit,
}: {
  org: OrganisationView;
  cityId: string;
  manage: boolean;
  onEdit: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const invalidate = useInvalidate(cityId);
  const [adding, setAdding] = useState(false);
  const consent = useMutation({
    mutationFn: (value: boolean) =>
      call(networkRoutes.setConsent, {
        params: { cityId, organisationId: org.id },
        body: { consent: value },
      }),
    onSuccess: invalidate,
  });
  const leave = useMutation({
    mutationFn: () =>
      call(networkRoutes.leaveOrganisation, { params: { cityId, organisationId: org.id }, body: {} }),
    onSuccess: invalidate,
  });
  const repLeave = useMutation({
    mutationFn: (representativeId: string) =>
      call(networkRoutes.updateRepresentative, {
        params: { cityId, organisationId: org.id, representativeId },
        body: { leftOn: new Date().toISOString().slice(0, 10) },
      }),
    onSuccess: invalidate,
  });
  return (
    <Card withBorder padding="md" data-testid={`org-${org.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={2} size="h5">
              <UserText>{org.name}</UserText>
            </Title>
            <Group gap="xs">
              <Badge variant="light">{t(`network.sectors.${org.sector}`)}</Badge>
              <Badge variant="outline">{t(`network.kinds.${org.membershipKind}`)}</Badge>
              {!org.active && (
                <Badge color="gray">{t('network.left', { date: fmt.date(org.leftOn!) })}</Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {t('network.joined', { date: fmt.date(org.joinedOn) })}
            </Text>
          </Stack>
          {manage && (
            <Group gap="xs">
              <Button size="xs" variant="default" onClick={onEdit} data-testid="org-edit">
                {t('network.edit')}
              </Button>
              {org.active && (
                <Button
                  size="xs"
                  variant="default"
                  color="red"
                  loading={leave.isPending}
                  onClick={() => {
                    if (window.confirm(t('network.leaveConfirm', { name: org.name }))) leave.mutate();
                  }}
                  data-testid="org-leave"
                >
                  {t('network.leave')}
                </Button>
              )}
            </Group>
          )}
        </Group>
        <ErrorAlert error={consent.error ?? leave.error ?? repLeave.error} />
        {manage ? (
          <Switch
            label={t('network.consentLabel')}
            checked={org.publicListingConsent}
            onChange={(e) => consent.mutate(e.currentTarget.checked)}
            disabled={consent.isPending}
            data-testid="org-consent"
          />
        ) : (
          org.publicListingConsent && <Text size="sm">{t('network.listedPublicly')}</Text>
        )}
        {org.consentRecordedAt && org.consentRecordedBy && (
          <Text size="xs" c="dimmed">
            {t('network.consentRecorded', {
              name: org.consentRecordedBy.name ?? '—',
              date: fmt.dateTime(org.consentRecordedAt),
            })}
          </Text>
        )}
        {org.notes && (
          <Text size="sm" dir="auto">
            {org.notes}
          </Text>
        )}
        {org.representatives && (
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {t('network.representatives')}
            </Text>
            {org.representatives.length === 0 ? (
              <Text size="sm">{t('network.noRepresentatives')}</Text>
            ) : (
              <ScrollTable label={`${t('network.representatives')}: ${org.name}`} minWidth={320}>
                <Table>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('network.repName')}</Table.Th>
                      <Table.Th>{t('network.repRole')}</Table.Th>
                      <Table.Th>{t('network.repSince')}</Table.Th>
                      {manage && <Table.Th>{t('network.actions')}</Table.Th>}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {org.representatives.map((rep) => (
                      <Table.Tr key={rep.id}>
                        <Table.Td>
                          <UserText>{rep.displayName}</UserText>
                        </Table.Td>
                        <Table.Td>{t(`network.roles.${rep.networkRole}`)}</Table.Td>
                        <Table.Td>
                          {fmt.date(rep.joinedOn)}
                          {rep.leftOn ? ` – ${fmt.date(rep.leftOn)}` : ''}
                        </Table.Td>
                        {manage && (
                          <Table.Td>
                            {!rep.leftOn && (
                              <Button
                                size="compact-xs"
                                variant="subtle"
                                onClick={() => repLeave.mutate(rep.id)}
                                aria-label={`${t('network.repLeave')}: ${rep.displayName}`}
                              >
                                {t('network.repLeave')}
                              </Button>
                            )}
                          </Table.Td>
                        )}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollTable>
            )}
            {manage &&
              org.active &&
              (adding ? (
                <RepresentativeForm cityId={cityId} organisationId={org.id} onDone={() => setAdding(false)} />
              ) : (
                <Button
                  size="xs"
                  variant="light"
                  style={{ alignSelf: 'flex-start' }}
                  onClick={() => setAdding(true)}
                  data-testid="rep-add"
                >
                  {t('network.addRepresentative')}
                </Button>
              ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

function OrganisationForm({
  cityId,
  org,
  onDone,
}: {
  cityId: string;
  org: OrganisationView | null;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const invalidate = useInvalidate(cityId);
  const limit = useLimit();
  const [name, setName] = useState(org?.name ?? '');
  const [sector, setSector] = useState<string>(org?.sector ?? 'education');
  const [kind, setKind] = useState<Kind>(org?.membershipKind ?? 'formal');
  const [joinedOn, setJoinedOn] = useState(org?.joinedOn ?? new Date().toISOString().slice(0, 10));
  const [notes, setNotes] = useState(org?.notes ?? '');
  const save = useMutation({
    mutationFn: async () => {
      const body = {
        name: name.trim(),
        sector: sector as (typeof sectors)[number],
        membershipKind: kind,
        joinedOn,
        notes: notes.trim(),
      };
      if (org)
        await call(networkRoutes.updateOrganisation, { params: { cityId, organisationId: org.id }, body });
      else await call(networkRoutes.createOrganisation, { params: { cityId }, body });
    },
    onSuccess: async () => {
      await invalidate();
      onDone();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      noValidate
    >
      <Stack>
        <ErrorAlert error={save.error} shownOnFields={['name', 'notes']} />
        <TextInput
          label={t('network.orgName')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          {...limit(LIMITS.title, name)}
          error={fieldError(save.error, 'name')}
          data-testid="org-name"
        />
        <NativeSelect
          label={t('network.sector')}
          value={sector}
          onChange={(e) => setSector(e.currentTarget.value)}
          data={sectors.map((s) => ({ value: s, label: t(`network.sectors.${s}`) }))}
          data-testid="org-sector"
        />
        <NativeSelect
          label={t('network.kind')}
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as Kind)}
          data={membershipKinds.map((k) => ({ value: k, label: t(`network.kinds.${k}`) }))}
          data-testid="org-kind"
        />
        <TextInput
          label={t('network.joinedOn')}
          type="date"
          value={joinedOn}
          onChange={(e) => setJoinedOn(e.currentTarget.value)}
          data-testid="org-joined"
        />
        <Textarea
          label={t('network.notes')}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          autosize
          minRows={2}
          {...limit(LIMITS.description, notes)}
          error={fieldError(save.error, 'notes')}
        />
        <Group>
          <Button type="submit" loading={save.isPending} disabled={!name.trim()} data-testid="org-save">
            {t('network.save')}
          </Button>
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RepresentativeForm({
  cityId,
  organisationId,
  onDone,
}: {
  cityId: string;
  organisationId: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const invalidate = useInvalidate(cityId);
  const can = useCan();
  const people = usePeople(cityId, 'name', '');
  const canList = can('people.list');
  const limit = useLimit();
  const [displayName, setDisplayName] = useState('');
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<(typeof networkRoles)[number]>('representative');
  const accounts = canList ? (people.data?.pages.flatMap((p) => p.items) ?? []) : [];
  const save = useMutation({
    mutationFn: () =>
      call(networkRoutes.addRepresentative, {
        params: { cityId, organisationId },
        body: { displayName: displayName.trim(), userId: userId || null, networkRole: role },
      }),
    onSuccess: async () => {
      await invalidate();
      onDone();
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      noValidate
    >
      <Stack gap="xs">
        <ErrorAlert error={save.error} shownOnFields={['displayName']} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NativeSelect
            label={t('network.repAccount')}
            value={userId}
            onChange={(e) => {
              const id = e.currentTarget.value;
              setUserId(id);
              const person = accounts.find((p) => p.userId === id);
              if (person && !displayName.trim()) setDisplayName(person.name);
            }}
            data={[
              { value: '', label: t('network.noAccount') },
              ...accounts.map((p) => ({ value: p.userId, label: p.name })),
            ]}
            data-testid="rep-account"
          />
          <TextInput
            label={t('network.repName')}
            required
            value={displayName}
            onChange={(e) => setDisplayName(e.currentTarget.value)}
            {...limit(LIMITS.personName, displayName)}
            error={fieldError(save.error, 'displayName')}
            data-testid="rep-name"
          />
          <NativeSelect
            label={t('network.repRole')}
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as typeof role)}
            data={networkRoles.map((r) => ({ value: r, label: t(`network.roles.${r}`) }))}
            data-testid="rep-role"
          />
        </SimpleGrid>
        <Group>
          <Button
            type="submit"
            size="xs"
            loading={save.isPending}
            disabled={!displayName.trim()}
            data-testid="rep-save"
          >
            {t('network.save')}
          </Button>
          <Button size="xs" variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
