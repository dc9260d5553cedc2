import { Alert, Button, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '../../lib/useTranslation';
import { LIMITS, citiesRoutes, locales, type Locale } from '../../../contracts/index.js';
import { CopyField } from '../../components/CopyField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { call } from '../../lib/api';
import { localeNames } from '../../lib/i18n';
import { meKey } from '../../lib/session';

const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Turns "Kumanovo North" into "kumanovo-north" as a starting point for the slug. */
function slugify(name: string) {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function CreateCityForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const limit = useLimit();
  const form = useForm({
    initialValues: { name: '', slug: '', country: '', defaultLocale: 'en' as Locale, chairEmail: '' },
    validate: {
      name: (v) => (v.trim().length >= 2 ? null : t('cities.nameInvalid')),
      slug: (v) => (slugPattern.test(v.trim()) ? null : t('cities.slugInvalid')),
      chairEmail: (v) => (!v.trim() || /^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('auth.emailInvalid')),
    },
  });
  const create = useMutation({
    mutationFn: (v: typeof form.values) =>
      call(citiesRoutes.createCity, {
        body: {
          name: v.name.trim(),
          slug: v.slug.trim(),
          country: v.country.trim() || undefined,
          defaultLocale: v.defaultLocale,
          chairEmail: v.chairEmail.trim() || undefined,
        },
      }),
    onSuccess: async () => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: ['cities'] });
      await queryClient.invalidateQueries({ queryKey: meKey });
    },
  });
  const nameProps = form.getInputProps('name');
  return (
    <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
      <Stack>
        <ErrorAlert error={create.error} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label={t('cities.name')}
            required
            data-testid="city-name"
            {...nameProps}
            {...limit(LIMITS.cityName, form.values.name)}
            onChange={(e) => {
              const value = e.currentTarget.value;
              if (!form.isTouched('slug')) form.setFieldValue('slug', slugify(value));
              form.setFieldValue('name', value);
            }}
          />
          <TextInput
            label={t('cities.slug')}
            required
            dir="ltr"
            data-testid="city-slug"
            {...form.getInputProps('slug')}
            {...limit(LIMITS.slug, form.values.slug, t('cities.slugHint'))}
          />
          <TextInput
            label={t('cities.country')}
            {...form.getInputProps('country')}
            {...limit(LIMITS.country, form.values.country)}
          />
          <NativeSelect
            label={t('cities.defaultLocale')}
            data={locales.map((l) => ({ value: l, label: localeNames[l] }))}
            {...form.getInputProps('defaultLocale')}
          />
          <TextInput
            label={t('cities.chairEmail')}
            description={t('cities.chairEmailHint')}
            type="email"
            dir="ltr"
            data-testid="city-chair-email"
            {...form.getInputProps('chairEmail')}
          />
        </SimpleGrid>
        <Button
          type="submit"
          loading={create.isPending}
          style={{ alignSelf: 'flex-start' }}
          data-testid="city-submit"
        >
          {t('cities.createButton')}
        </Button>
        {create.data && (
          <Alert
            color="teal"
            title={t('cities.createdMessage', { name: create.data.city.name })}
            role="status"
          >
            {create.data.chairInvitationUrl && (
              <CopyField
                label={t('cities.chairLink')}
                value={create.data.chairInvitationUrl}
                testId="chair-invite-link"
              />
            )}
          </Alert>
        )}
      </Stack>
    </form>
  );
}
