import { Button, Checkbox, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { citiesRoutes, roles, type Role } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { call } from '../../lib/api';
import { cityKey, useCityId, useCityWorkspace } from '../../lib/city';
import { meKey } from '../../lib/session';
import { BrandingSection } from './BrandingSection';

/** Chair: which roles must use two-factor sign-in in this city. */
export function CitySettingsPage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const { data } = useCityWorkspace(cityId);
  if (!data) return null;
  return (
    <Page title={t('settings.title')}>
      <Title order={2} size="h4">
        {t('settings.securityTitle')}
      </Title>
      <SettingsForm cityId={cityId} initial={data.city.settings.require2faRoles} />
      <BrandingSection cityId={cityId} slug={data.city.slug} />
    </Page>
  );
}

function SettingsForm({ cityId, initial }: { cityId: string; initial: Role[] }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<string[]>(initial);
  const save = useMutation({
    mutationFn: () =>
      call(citiesRoutes.updateCitySettings, {
        params: { cityId },
        body: { require2faRoles: roles.filter((r) => selected.includes(r)) },
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: cityKey(cityId) });
      await queryClient.invalidateQueries({ queryKey: meKey });
      notifications.show({ message: t('common.saved'), color: 'teal' });
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack maw={640}>
        <ErrorAlert error={save.error} />
        <Checkbox.Group
          label={t('settings.require2fa')}
          description={t('settings.require2faHelp')}
          value={selected}
          onChange={setSelected}
        >
          <Stack gap="xs" mt="sm">
            {roles.map((r) => (
              <Checkbox key={r} value={r} label={t(`roles.${r}`)} data-testid={`require-2fa-${r}`} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Text size="sm">{t('settings.require2faNote')}</Text>
        <Button
          type="submit"
          loading={save.isPending}
          style={{ alignSelf: 'flex-start' }}
          data-testid="settings-save"
        >
          {t('common.save')}
        </Button>
      </Stack>
    </form>
  );
}
