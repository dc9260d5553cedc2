import { Anchor, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ApiError } from '../../lib/api';
import { verifyBackupCode, verifyTotp } from './auth.api';

/** Second sign-in step: the 6-digit code from the authenticator app, or one recovery code. */
export function SecondFactorForm({ onDone, onBack }: { onDone: () => void; onBack: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'totp' | 'recovery'>('totp');
  const [code, setCode] = useState('');
  const verify = useMutation({
    mutationFn: (c: string) => (mode === 'totp' ? verifyTotp(c) : verifyBackupCode(c)),
    onSuccess: onDone,
  });
  const err = verify.error;
  const message =
    err instanceof ApiError && (err.status === 400 || err.status === 401) ? t('auth.invalidCode') : undefined;

  return (
    <Paper withBorder p="lg" radius="md">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          verify.mutate(code.replace(/\s/g, ''));
        }}
      >
        <Stack>
          <Title order={1} size="h2">
            {t('auth.twoFactorTitle')}
          </Title>
          <Text>{mode === 'totp' ? t('auth.totpHelp') : t('auth.recoveryHelp')}</Text>
          <ErrorAlert error={err} message={message} />
          {mode === 'totp' ? (
            <TextInput
              key="totp"
              label={t('auth.totpCode')}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              required
              autoFocus
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              data-testid="totp-code"
              dir="ltr"
            />
          ) : (
            <TextInput
              key="recovery"
              label={t('auth.recoveryCode')}
              autoComplete="off"
              required
              autoFocus
              value={code}
              onChange={(e) => setCode(e.currentTarget.value)}
              data-testid="recovery-code"
              dir="ltr"
            />
          )}
          <Button type="submit" loading={verify.isPending} data-testid="totp-submit">
            {t('auth.verify')}
          </Button>
          <Group justify="space-between">
            <Anchor
              component="button"
              type="button"
              onClick={() => {
                setMode(mode === 'totp' ? 'recovery' : 'totp');
                setCode('');
                verify.reset();
              }}
              data-testid="toggle-recovery"
            >
              {mode === 'totp' ? t('auth.useRecoveryCode') : t('auth.useAuthenticator')}
            </Anchor>
            <Anchor component="button" type="button" onClick={onBack}>
              {t('common.back')}
            </Anchor>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
