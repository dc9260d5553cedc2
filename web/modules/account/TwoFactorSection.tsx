import { Badge, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RouterButton } from '../../components/RouterLinks';
import { ApiError, authCall } from '../../lib/api';

/** Shows whether 2FA is on; turning it on happens on its own page, turning it off needs the password. */
export function TwoFactorSection({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Group gap="xs">
        <Text>{t('account.twoFactorStatus')}</Text>
        <Badge color={enabled ? 'teal.9' : 'gray.8'} tt="none" data-testid="two-factor-status">
          {enabled ? t('account.twoFactorOn') : t('account.twoFactorOff')}
        </Badge>
      </Group>
      <Text>{t('account.twoFactorHelp')}</Text>
      {enabled ? (
        <DisableTwoFactor />
      ) : (
        <RouterButton
          to="/account/two-factor"
          style={{ alignSelf: 'flex-start' }}
          data-testid="enable-2fa-link"
        >
          {t('account.enableTwoFactor')}
        </RouterButton>
      )}
    </Stack>
  );
}

function DisableTwoFactor() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [password, setPassword] = useState('');
  const disable = useMutation({
    mutationFn: () => authCall('/two-factor/disable', { password }),
    onSuccess: async () => {
      setPassword('');
      await queryClient.invalidateQueries();
      notifications.show({ message: t('account.twoFactorDisabled'), color: 'teal' });
    },
  });
  const wrong = disable.error instanceof ApiError && disable.error.status === 400;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        disable.mutate();
      }}
    >
      <Stack>
        <ErrorAlert error={disable.error} message={wrong ? t('account.wrongPassword') : undefined} />
        <PasswordInput
          label={t('account.currentPassword')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          data-testid="disable-2fa-password"
        />
        <Button
          type="submit"
          color="red"
          variant="outline"
          loading={disable.isPending}
          style={{ alignSelf: 'flex-start' }}
          data-testid="disable-2fa-submit"
        >
          {t('account.disableTwoFactor')}
        </Button>
      </Stack>
    </form>
  );
}
