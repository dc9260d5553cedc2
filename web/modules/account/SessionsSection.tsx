import { Button, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useTranslation } from '../../lib/useTranslation';
import { ErrorAlert } from '../../components/ErrorAlert';
import { authCall } from '../../lib/api';

/** "Sign out everywhere": ends every session of this account, this one included. */
export function SessionsSection() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const revoke = useMutation({
    mutationFn: () => authCall('/revoke-sessions'),
    onSuccess: () => {
      queryClient.clear();
      void navigate({ to: '/sign-in' });
    },
  });
  return (
    <Stack>
      <Text>{t('account.signOutEverywhereHelp')}</Text>
      <ErrorAlert error={revoke.error} />
      <Button
        color="red"
        variant="outline"
        onClick={() => revoke.mutate()}
        loading={revoke.isPending}
        style={{ alignSelf: 'flex-start' }}
        data-testid="sign-out-everywhere"
      >
        {t('account.signOutEverywhere')}
      </Button>
    </Stack>
  );
}
