import { Button, Group, Modal, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '../../lib/useTranslation';
import { peopleRoutes, roles, type Person } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RoleBadge } from '../../components/RoleBadge';
import { RouterAnchor } from '../../components/RouterLinks';
import { call } from '../../lib/api';
import { useCan } from '../../lib/city';
import { useMe } from '../../lib/session';
import { peopleKey } from './people.queries';
import { UserText, isolate } from '../../components/UserText';

/** One person; chairs may change the role or remove them (never themselves: the server refuses too). */
export function PersonRow({ cityId, person, joined }: { cityId: string; person: Person; joined: string }) {
  const { t } = useTranslation();
  const can = useCan();
  const me = useMe();
  const isSelf = me.data?.user.id === person.userId;
  const queryClient = useQueryClient();
  const changeRole = useMutation({
    mutationFn: (role: Person['role']) =>
      call(peopleRoutes.updatePerson, { params: { cityId, userId: person.userId }, body: { role } }),
    onSuccess: () => {
      notifications.show({ message: t('people.roleChanged', { name: isolate(person.name) }), color: 'teal' });
      return queryClient.invalidateQueries({ queryKey: peopleKey(cityId) });
    },
    onError: (err) => notifications.show({ message: err.message, color: 'red' }),
  });

  return (
    <Table.Tr>
      <Table.Td>
        <RouterAnchor to="/c/$cityId/people/$userId" params={{ cityId, userId: person.userId }}>
          <UserText>{person.name}</UserText>
        </RouterAnchor>
      </Table.Td>
      <Table.Td>{person.email}</Table.Td>
      <Table.Td>
        {can('people.update-role') && !isSelf ? (
          <NativeSelect
            aria-label={t('people.roleFor', { name: person.name })}
            size="xs"
            value={person.role}
            disabled={changeRole.isPending}
            onChange={(e) => {
              const role = roles.find((r) => r === e.currentTarget.value);
              if (role) changeRole.mutate(role);
            }}
            data={roles.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            data-testid="person-role"
          />
        ) : (
          <RoleBadge role={person.role} />
        )}
      </Table.Td>
      <Table.Td>{person.organisation ?? '—'}</Table.Td>
      <Table.Td>{person.twoFactorEnabled ? t('common.yes') : t('common.no')}</Table.Td>
      <Table.Td>{joined}</Table.Td>
      <Table.Td>
        {can('people.remove') && !isSelf && <RemovePerson cityId={cityId} person={person} />}
      </Table.Td>
    </Table.Tr>
  );
}

function RemovePerson({ cityId, person }: { cityId: string; person: Person }) {
  const { t } = useTranslation();
  const [opened, { open, close }] = useDisclosure(false);
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => call(peopleRoutes.removePerson, { params: { cityId, userId: person.userId } }),
    onSuccess: async () => {
      close();
      notifications.show({ message: t('people.removed', { name: isolate(person.name) }), color: 'teal' });
      await queryClient.invalidateQueries({ queryKey: peopleKey(cityId) });
    },
  });
  return (
    <>
      <Button
        size="xs"
        color="red"
        variant="outline"
        onClick={open}
        aria-label={t('people.removeNamed', { name: person.name })}
        data-testid="person-remove"
      >
        {t('people.remove')}
      </Button>
      <Modal
        opened={opened}
        onClose={close}
        title={t('people.removeTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        centered
      >
        <Stack>
          <Text>{t('people.removeConfirm', { name: isolate(person.name) })}</Text>
          <ErrorAlert error={remove.error} />
          <Group justify="flex-end">
            <Button variant="outline" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              onClick={() => remove.mutate()}
              loading={remove.isPending}
              data-testid="confirm-remove"
            >
              {t('people.remove')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
