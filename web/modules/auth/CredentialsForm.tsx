import { Button, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from '../../lib/useTranslation';
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
  // Two fields checked on submit: plain state rather than @mantine/form, which would add about 6 KB
  // gzip to the sign-in page's first load (docs/BENCHMARKS.md). An error clears as its field changes.
  const [values, setValues] = useState({ email: initialEmail, password: '' });
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const field = (name: 'email' | 'password') => ({
    value: values[name],
    error: errors[name],
    onChange: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setValues((v) => ({ ...v, [name]: value }));
      setErrors((errs) => ({ ...errs, [name]: undefined }));
    },
  });
  function submit(e: FormEvent) {
    e.preventDefault();
    const found = {
      email: /^\S+@\S+$/.test(values.email) ? undefined : t('auth.emailInvalid'),
      password: values.password.length > 0 ? undefined : t('auth.passwordRequired'),
    };
    setErrors(found);
    if (!found.email && !found.password) signIn.mutate(values);
  }
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
      <form onSubmit={submit} noValidate>
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
            {...field('email')}
          />
          <PasswordInput
            label={t('auth.password')}
            autoComplete="current-password"
            required
            data-testid="signin-password"
            {...field('password')}
          />
          <Button type="submit" loading={signIn.isPending} data-testid="signin-submit">
            {t('auth.signIn')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
