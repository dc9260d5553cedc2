import { Badge, Button, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from '../../lib/useTranslation';
import { peopleRoutes } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { RoleBadge } from '../../components/RoleBadge';
import { call } from '../../lib/api';
import { useFormat } from '../../lib/format';
import { invitationsKey, useInvitations } from './people.queries';
import { ScrollTable } from '../../components/ScrollTable';

const statusColor = { pending: 'blue.9', accepted: 'teal.9', revoked: 'gray.8', expired: 'gray.8' } as const;

export function InvitationsList({ cityId }: { cityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const invitations = useInvitations(cityId, true);
  const revoke = useMutation({
    mutationFn: (invitationId: string) =>
      call(peopleRoutes.revokeInvitation, { params: { cityId, invitationId } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: invitationsKey(cityId) }),
  });
  if (invitations.isPending) return <Loading />;
  if (invitations.isError) return <ErrorAlert error={invitations.error} />;
  const items = invitations.data.items;
  return (
    <>
      <ErrorAlert error={revoke.error} />
      <ScrollTable label={t('people.invitationsTitle')} minWidth={560}>
        <Table striped data-testid="invitations-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('people.email')}</Table.Th>
              <Table.Th>{t('people.role')}</Table.Th>
              <Table.Th>{t('people.status')}</Table.Th>
              <Table.Th>{t('people.expires')}</Table.Th>
              <Table.Th>{t('people.actions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((inv) => (
              <Table.Tr key={inv.id}>
                <Table.Td className="wrap-anywhere">{inv.email}</Table.Td>
                <Table.Td>
                  <RoleBadge role={inv.role} />
                </Table.Td>
                <Table.Td>
                  <Badge color={statusColor[inv.status]} tt="none">
                    {t(`people.invitationStatus.${inv.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{fmt.date(inv.expiresAt)}</Table.Td>
                <Table.Td>
                  {inv.status === 'pending' && (
                    <Button
                      size="xs"
                      variant="outline"
                      color="red"
                      loading={revoke.isPending && revoke.variables === inv.id}
                      onClick={() => revoke.mutate(inv.id)}
                      aria-label={t('people.revokeNamed', { email: inv.email })}
                      data-testid="invitation-revoke"
                    >
                      {t('people.revoke')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
            {items.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={5}>
                  <Text>{t('people.noInvitations')}</Text>
                </Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </>
  );
}
