import { Alert, Button, Paper, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useTranslation } from '../../lib/useTranslation';
import { peopleRoutes } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { useDocumentTitle } from '../../components/Page';
import { PublicLayout } from '../../components/PublicLayout';
import { RoleBadge } from '../../components/RoleBadge';
import { RouterButton } from '../../components/RouterLinks';
import { call } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { UserText } from '../../components/UserText';

const MIN_PASSWORD = 12;

/** /invite/<token>: see which city and role the invitation is for, then create the account. */
export function InvitePage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { token = '' } = useParams({ strict: false });
  useDocumentTitle(t('invite.title'));
  const lookup = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => call(peopleRoutes.lookupInvitation, { params: { token } }),
  });

  return (
    <PublicLayout>
      <Paper withBorder p="lg" radius="md">
        <Stack>
          <Title order={1} size="h2">
            {t('invite.title')}
          </Title>
          {lookup.isPending && <Loading />}
          {lookup.isError && <ErrorAlert error={lookup.error} />}
          {lookup.data && (
            <>
              <Table variant="vertical" layout="fixed" withTableBorder>
                <Table.Tbody>
                  <Table.Tr>
                    <Table.Th w={120}>{t('invite.city')}</Table.Th>
                    <Table.Td data-testid="invite-city">
                      <UserText>{lookup.data.cityName}</UserText>
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>{t('invite.role')}</Table.Th>
                    <Table.Td>
                      <RoleBadge role={lookup.data.role} />
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>{t('invite.email')}</Table.Th>
                    <Table.Td className="wrap-anywhere" data-testid="invite-email-shown">
                      {lookup.data.email}
                    </Table.Td>
                  </Table.Tr>
                  <Table.Tr>
                    <Table.Th>{t('invite.expires')}</Table.Th>
                    <Table.Td>{fmt.dateTime(lookup.data.expiresAt)}</Table.Td>
                  </Table.Tr>
                </Table.Tbody>
              </Table>
              {lookup.data.accountExists ? (
                <ExistingAccount token={token} email={lookup.data.email} />
              ) : (
                <NewAccountForm token={token} />
              )}
            </>
          )}
        </Stack>
      </Paper>
    </PublicLayout>
  );
}

function NewAccountForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { name: '', password: '', confirm: '' },
    validate: {
      name: (v) => (v.trim().length > 0 ? null : t('invite.nameRequired')),
      password: (v) =>
        v.length >= MIN_PASSWORD ? null : t('account.passwordTooShort', { min: MIN_PASSWORD }),
      confirm: (v, values) => (v === values.password ? null : t('account.passwordsDiffer')),
    },
  });
  const accept = useMutation({
    mutationFn: (v: { name: string; password: string }) =>
      call(peopleRoutes.acceptInvitation, {
        params: { token },
        body: { name: v.name.trim(), password: v.password },
      }),
    onSuccess: (res) => void navigate({ to: '/sign-in', search: { email: res.email } }),
  });
  return (
    <form onSubmit={form.onSubmit((v) => accept.mutate(v))} noValidate>
      <Stack>
        <Text>{t('invite.createAccount')}</Text>
        <ErrorAlert error={accept.error} />
        <TextInput
          label={t('invite.name')}
          autoComplete="name"
          required
          data-testid="accept-name"
          {...form.getInputProps('name')}
        />
        <PasswordInput
          label={t('account.newPassword')}
          description={t('account.passwordHint', { min: MIN_PASSWORD })}
          autoComplete="new-password"
          required
          data-testid="accept-password"
          {...form.getInputProps('password')}
        />
        <PasswordInput
          label={t('account.confirmPassword')}
          autoComplete="new-password"
          required
          data-testid="accept-password-confirm"
          {...form.getInputProps('confirm')}
        />
        <Button type="submit" loading={accept.isPending} data-testid="accept-submit">
          {t('invite.accept')}
        </Button>
      </Stack>
    </form>
  );
}

/** The e-mail already has an account: accepting joins the city with it (needs to be signed in). */
function ExistingAccount({ token, email }: { token: string; email: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const accept = useMutation({
    mutationFn: () => call(peopleRoutes.acceptInvitation, { params: { token }, body: {} }),
    onSuccess: (res) => void navigate({ to: '/c/$cityId', params: { cityId: res.cityId } }),
  });
  const needsSignIn = accept.error && 'status' in accept.error && accept.error.status === 401;
  return (
    <Stack>
      <Alert color="blue" title={t('invite.accountExistsTitle')}>
        {t('invite.accountExistsBody')}
      </Alert>
      {needsSignIn ? (
        <RouterButton to="/sign-in" search={{ email, redirect: `/invite/${token}` }}>
          {t('auth.signIn')}
        </RouterButton>
      ) : (
        <ErrorAlert error={accept.error} />
      )}
      <Button onClick={() => accept.mutate()} loading={accept.isPending} data-testid="accept-submit">
        {t('invite.acceptWithAccount')}
      </Button>
    </Stack>
  );
}
