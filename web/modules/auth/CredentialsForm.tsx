import { Button, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError } from '../../lib/api';
import { signInEmail } from './auth.api';

interface Props {
  initialEmail: string;
  onSignedIn: () => void;
  onSecondFactor: () => void;
}

export function CredentialsForm({ initialEmail, onSignedIn, onSecondFactor }: Props) {
  const { t } = useTranslation();
  const form = useForm({
    initialValues: { email: initialEmail, password: '' },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v) ? null : t('auth.emailInvalid')),
      password: (v) => (v.length > 0 ? null : t('auth.passwordRequired')),
    },
  });
  const signIn = useMutation({
    mutationFn: (v: { email: string; password: string }) => signInEmail(v.email.trim(), v.password),
    onSuccess: (res) => (res?.twoFactorRedirect ? onSecondFactor() : onSignedIn()),
  });
  const err = signIn.error;
  // better-auth's 401 is not problem+json; say it plainly rather than echo its English message.
  const errorTitle =
    err instanceof ApiError && (err.status === 401 || err.status === 400) && err.code !== 'locked-out'
      ? t('auth.invalidCredentials')
      : undefined;

  return (
    <Paper withBorder p="lg" radius="md">
      <form onSubmit={form.onSubmit((v) => signIn.mutate(v))} noValidate>
        <Stack>
          <Title order={1} size="h2">
            {t('auth.signInTitle')}
          </Title>
          <ErrorAlert error={err} message={errorTitle} />
          <TextInput
            label={t('auth.email')}
            type="email"
            autoComplete="username"
            required
            data-testid="signin-email"
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            required
            data-testid="signin-password"
            {...form.getInputProps('password')}
          />
          <Button type="submit" loading={signIn.isPending} data-testid="signin-submit">
            {t('auth.signIn')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
