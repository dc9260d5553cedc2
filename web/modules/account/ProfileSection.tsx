import { Button, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '../../lib/useTranslation';
import { LIMITS, accountRoutes, locales, type Locale, type Me } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { call } from '../../lib/api';
import { isLocale, localeNames, setLocale } from '../../lib/i18n';
import { meKey } from '../../lib/session';

export function ProfileSection({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const limit = useLimit();
  const form = useForm({
    initialValues: {
      name: me.user.name,
      preferredLocale: (me.user.preferredLocale ??
        (isLocale(i18n.language) ? i18n.language : 'en')) as Locale,
    },
    validate: { name: (v) => (v.trim().length > 0 ? null : t('invite.nameRequired')) },
  });
  const save = useMutation({
    mutationFn: (v: { name: string; preferredLocale: Locale }) =>
      call(accountRoutes.updateMe, { body: { name: v.name.trim(), preferredLocale: v.preferredLocale } }),
    onSuccess: (data) => {
      queryClient.setQueryData(meKey, data);
      if (data.user.preferredLocale) void setLocale(data.user.preferredLocale);
      notifications.show({ message: t('common.saved'), color: 'teal' });
    },
  });
  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <ErrorAlert error={save.error} />
        <TextInput
          label={t('account.name')}
          autoComplete="name"
          required
          {...form.getInputProps('name')}
          {...limit(LIMITS.personName, form.values.name)}
        />
        <TextInput label={t('account.email')} value={me.user.email} readOnly dir="ltr" />
        <NativeSelect
          label={t('account.language')}
          data={locales.map((l) => ({ value: l, label: localeNames[l] }))}
          {...form.getInputProps('preferredLocale')}
        />
        <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('common.save')}
        </Button>
      </Stack>
    </form>
  );
}
