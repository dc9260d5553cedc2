import { Alert, Button, NativeSelect, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '../../lib/useTranslation';
import { LIMITS, peopleRoutes, roles, type Role } from '../../../contracts/index.js';
import { CopyField } from '../../components/CopyField';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { setServerErrors, valuePaths } from '../../lib/fieldErrors';
import { call } from '../../lib/api';
import { invitationsKey } from './people.queries';

/** Invite someone with a role; the link is shown to copy (and e-mailed when the server can). */
export function InviteForm({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const limit = useLimit();
  const form = useForm({
    initialValues: { email: '', role: 'member' as Role, organisation: '' },
    validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t('auth.emailInvalid')) },
  });
  const invite = useMutation({
    mutationFn: (v: typeof form.values) =>
      call(peopleRoutes.createInvitation, {
        params: { cityId },
        body: { email: v.email.trim(), role: v.role, organisation: v.organisation.trim() || undefined },
      }),
    onError: (err) => setServerErrors(form, err),
    onSuccess: async () => {
      form.reset();
      await queryClient.invalidateQueries({ queryKey: invitationsKey(cityId) });
    },
  });
  return (
    <form onSubmit={form.onSubmit((v) => invite.mutate(v))} noValidate>
      <Stack>
        <ErrorAlert error={invite.error} shownOnFields={valuePaths(form.getValues())} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('people.email')}
            type="email"
            required
            dir="ltr"
            data-testid="invite-email"
            maxLength={LIMITS.email}
            {...form.getInputProps('email')}
          />
          <NativeSelect
            label={t('people.role')}
            data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            data-testid="invite-role"
            {...form.getInputProps('role')}
          />
          <TextInput
            label={t('people.organisation')}
            {...form.getInputProps('organisation')}
            {...limit(LIMITS.organisation, form.values.organisation)}
          />
        </SimpleGrid>
        <Button
          type="submit"
          loading={invite.isPending}
          style={{ alignSelf: 'flex-start' }}
          data-testid="invite-submit"
        >
          {t('people.sendInvite')}
        </Button>
        {invite.data && (
          <Alert
            color="teal"
            title={t('people.invited', { email: invite.data.invitation.email })}
            role="status"
          >
            <Stack gap="xs">
              {invite.data.emailed ? t('people.inviteEmailed') : t('people.inviteCopy')}
              <CopyField label={t('people.inviteLink')} value={invite.data.url} testId="invite-link" />
            </Stack>
          </Alert>
        )}
      </Stack>
    </form>
  );
}
