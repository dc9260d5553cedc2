import { Button, Stack, Table, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { LIMITS, peopleRoutes } from '../../../contracts/index.js';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLimit } from '../../components/limit';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RoleBadge } from '../../components/RoleBadge';
import { RouterAnchor } from '../../components/RouterLinks';
import { call } from '../../lib/api';
import { useCityId } from '../../lib/city';
import { useFormat } from '../../lib/format';
import { useMe } from '../../lib/session';

/** One person. The phone number appears only when the server returns it (chair, or yourself). */
export function PersonPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const cityId = useCityId();
  const { userId = '' } = useParams({ strict: false });
  const me = useMe();
  const person = useQuery({
    queryKey: ['person', cityId, userId],
    queryFn: ({ signal }) => call(peopleRoutes.getPerson, { params: { cityId, userId }, signal }),
  });
  const p = person.data;
  return (
    <Page
      title={p?.name ?? t('people.person')}
      actions={
        <RouterAnchor to="/c/$cityId/people" params={{ cityId }}>
          {t('people.backToList')}
        </RouterAnchor>
      }
    >
      {person.isPending && <Loading />}
      <ErrorAlert error={person.error} />
      {p && (
        <Table variant="vertical" layout="fixed" withTableBorder maw={640}>
          <Table.Tbody>
            <Row label={t('people.email')}>{p.email}</Row>
            <Row label={t('people.role')}>
              <RoleBadge role={p.role} />
            </Row>
            <Row label={t('people.organisation')}>{p.organisation ?? '—'}</Row>
            <Row label={t('people.twoFactor')}>{p.twoFactorEnabled ? t('common.yes') : t('common.no')}</Row>
            <Row label={t('people.joined')}>{fmt.date(p.joinedAt)}</Row>
            {p.phone !== undefined && p.phone !== null && (
              <Row label={t('people.phone')}>
                <span dir="ltr" data-testid="person-phone">
                  {p.phone}
                </span>
              </Row>
            )}
          </Table.Tbody>
        </Table>
      )}
      {p && me.data?.user.id === p.userId && <OwnPhone cityId={cityId} userId={userId} phone={p.phone} />}
    </Page>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={160}>{label}</Table.Th>
      <Table.Td className="wrap-anywhere">{children}</Table.Td>
    </Table.Tr>
  );
}

/** Your own contact phone (only you may change it). */
function OwnPhone({ cityId, userId, phone }: { cityId: string; userId: string; phone: string | null }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const limit = useLimit();
  const [value, setValue] = useState(phone ?? '');
  const save = useMutation({
    mutationFn: () =>
      call(peopleRoutes.updatePerson, { params: { cityId, userId }, body: { phone: value.trim() || null } }),
    onSuccess: (data) => {
      queryClient.setQueryData(['person', cityId, userId], data);
      notifications.show({ message: t('common.saved'), color: 'teal' });
    },
  });
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <Stack maw={400}>
        <ErrorAlert error={save.error} />
        <TextInput
          label={t('people.yourPhone')}
          type="tel"
          autoComplete="tel"
          dir="ltr"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          {...limit(LIMITS.phone, value, t('people.phoneHint'))}
        />
        <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('common.save')}
        </Button>
      </Stack>
    </form>
  );
}
