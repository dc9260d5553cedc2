import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NativeSelect,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { LIMITS, referralsRoutes, sectors, type Service } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { call } from '../../lib/api';
import { useCan, useCityId } from '../../lib/city';
import { servicesKey, useServices } from './referrals.queries';
import { UserText } from '../../components/UserText';

type Sector = (typeof sectors)[number];
interface Draft {
  name: string;
  sector: Sector | '';
  description: string;
  contact: string;
  active: boolean;
}
const empty: Draft = { name: '', sector: '', description: '', contact: '', active: true };

/**
 * Services outside the network a situation can be referred to, kept by the chair and coordinator
 * until the stakeholder directory exists. Public contacts only: a desk, never a person.
 */
export function ServicesPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const manage = can('services.manage');
  const services = useServices(cityId, true);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <Page title={t('referrals.servicesTitle')}>
      <Text>{t('referrals.servicesIntro')}</Text>
      {manage &&
        (adding ? (
          <ServiceForm cityId={cityId} onDone={() => setAdding(false)} />
        ) : (
          <Button
            onClick={() => setAdding(true)}
            style={{ alignSelf: 'flex-start' }}
            data-testid="service-add"
          >
            {t('referrals.addService')}
          </Button>
        ))}
      {services.isPending ? (
        <Loading />
      ) : services.error ? (
        <ErrorAlert error={services.error} />
      ) : services.data.items.length === 0 ? (
        <Text c="dimmed">{t('referrals.servicesEmpty')}</Text>
      ) : (
        <Stack
          gap="sm"
          component="ul"
          style={{ listStyle: 'none', padding: 0, margin: 0 }}
          data-testid="services-list"
        >
          {services.data.items.map((s) =>
            editing === s.id ? (
              <li key={s.id}>
                <ServiceForm cityId={cityId} service={s} onDone={() => setEditing(null)} />
              </li>
            ) : (
              <li key={s.id}>
                <ServiceCard s={s} onEdit={manage ? () => setEditing(s.id) : undefined} />
              </li>
            ),
          )}
        </Stack>
      )}
    </Page>
  );
}

function ServiceCard({ s, onEdit }: { s: Service; onEdit?: () => void }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm" data-testid="service-item">
      <Stack gap={4}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Title order={2} size="h5" dir="auto">
            <UserText>{s.name}</UserText>
          </Title>
          <Group gap={6}>
            <Badge variant="light">{t(`network.sectors.${s.sector}`)}</Badge>
            {!s.active && (
              <Badge color="gray" data-testid="service-inactive">
                {t('referrals.inactive')}
              </Badge>
            )}
          </Group>
        </Group>
        {s.description && (
          <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
            {s.description}
          </Text>
        )}
        {s.contact && (
          <Text size="sm" dir="auto">
            <Text span fw={700} size="sm">
              {t('referrals.serviceContact')}:
            </Text>{' '}
            {s.contact}
          </Text>
        )}
        {onEdit && (
          <Button
            size="xs"
            variant="subtle"
            onClick={onEdit}
            style={{ alignSelf: 'flex-start' }}
            aria-label={t('referrals.editService', { name: s.name })}
            data-testid="service-edit"
          >
            {t('referrals.edit')}
          </Button>
        )}
      </Stack>
    </Card>
  );
}

function ServiceForm({ cityId, service, onDone }: { cityId: string; service?: Service; onDone: () => void }) {
  const { t } = useTranslation();
  const limit = useLimit();
  const queryClient = useQueryClient();
  const [v, setV] = useState<Draft>(
    service
      ? {
          name: service.name,
          sector: service.sector,
          description: service.description,
          contact: service.contact,
          active: service.active,
        }
      : empty,
  );
  const [touched, setTouched] = useState(false);
  const save = useMutation({
    mutationFn: (body: Draft & { sector: Sector }) =>
      service
        ? call(referralsRoutes.updateService, { params: { cityId, serviceId: service.id }, body })
        : call(referralsRoutes.createService, { params: { cityId }, body }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: servicesKey(cityId) });
      onDone();
    },
  });
  const errors = { name: v.name.trim().length < 2, sector: !v.sector };
  const set = (patch: Partial<Draft>) => setV((prev) => ({ ...prev, ...patch }));
  return (
    <Card withBorder padding="sm" data-testid="service-form">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (errors.name || errors.sector) return;
          save.mutate({
            name: v.name.trim(),
            sector: v.sector as Sector,
            description: v.description.trim(),
            contact: v.contact.trim(),
            active: v.active,
          });
        }}
      >
        <Stack gap="sm">
          <TextInput
            label={t('referrals.serviceName')}
            required
            {...limit(LIMITS.title, v.name)}
            value={v.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
            error={touched && errors.name ? t('referrals.required') : null}
            data-testid="service-name"
          />
          <NativeSelect
            label={t('referrals.serviceSector')}
            required
            value={v.sector}
            onChange={(e) => set({ sector: e.currentTarget.value as Sector | '' })}
            data={[
              { value: '', label: t('referrals.choose') },
              ...sectors.map((s) => ({ value: s, label: t(`network.sectors.${s}`) })),
            ]}
            error={touched && errors.sector ? t('referrals.required') : null}
            data-testid="service-sector"
          />
          <Textarea
            label={t('referrals.serviceDescription')}
            autosize
            minRows={2}
            {...limit(LIMITS.summary, v.description)}
            value={v.description}
            onChange={(e) => set({ description: e.currentTarget.value })}
            data-testid="service-description"
          />
          <TextInput
            label={t('referrals.serviceContact')}
            {...limit(LIMITS.contact, v.contact, t('referrals.serviceContactHelp'))}
            value={v.contact}
            onChange={(e) => set({ contact: e.currentTarget.value })}
            data-testid="service-contact"
          />
          <Checkbox
            label={t('referrals.serviceActive')}
            checked={v.active}
            onChange={(e) => set({ active: e.currentTarget.checked })}
            data-testid="service-active"
          />
          <ErrorAlert error={save.error} />
          <Group gap="xs">
            <Button type="submit" loading={save.isPending} data-testid="service-save">
              {t('referrals.save')}
            </Button>
            <Button variant="subtle" onClick={onDone}>
              {t('referrals.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
