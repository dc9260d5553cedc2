import { Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from '../../lib/useTranslation';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError, authCall } from '../../lib/api';

const MIN_PASSWORD = 12;

export function PasswordSection() {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { currentPassword: '', newPassword: '', confirm: '' },
    validate: {
      currentPassword: (v) => (v ? null : t('auth.passwordRequired')),
      newPassword: (v) =>
        v.length >= MIN_PASSWORD ? null : t('account.passwordTooShort', { min: MIN_PASSWORD }),
      confirm: (v, values) => (v === values.newPassword ? null : t('account.passwordsDiffer')),
    },
  });
  const change = useMutation({
    mutationFn: (v: { currentPassword: string; newPassword: string }) =>
      authCall('/change-password', { ...v, revokeOtherSessions: true }),
    onSuccess: () => {
      form.reset();
      notifications.show({ message: t('account.passwordChanged'), color: 'teal' });
    },
  });
  const wrongPassword = change.error instanceof ApiError && change.error.status === 400;
  return (
    <form onSubmit={form.onSubmit((v) => change.mutate(v))} noValidate>
      <Stack>
        <ErrorAlert error={change.error} message={wrongPassword ? t('account.wrongPassword') : undefined} />
        <PasswordInput
          label={t('account.currentPassword')}
          autoComplete="current-password"
          required
          {...form.getInputProps('currentPassword')}
        />
        <PasswordInput
          label={t('account.newPassword')}
          description={t('account.passwordHint', { min: MIN_PASSWORD })}
          autoComplete="new-password"
          required
          {...form.getInputProps('newPassword')}
        />
        <PasswordInput
          label={t('account.confirmPassword')}
          autoComplete="new-password"
          required
          {...form.getInputProps('confirm')}
        />
        <Button type="submit" loading={change.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('account.changePassword')}
        </Button>
      </Stack>
    </form>
  );
}
