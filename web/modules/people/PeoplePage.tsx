import { Card, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { Page } from '../../components/Page';
import { useCan, useCityId } from '../../lib/city';
import { InvitationsList } from './InvitationsList';
import { InviteForm } from './InviteForm';
import { PeopleList } from './PeopleList';

/** People and membership: the list for everyone inside the network, invitations for chairs. */
export function PeoplePage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const can = useCan();
  const manage = can('invitations.manage');
  return (
    <Page title={t('people.title')}>
      {manage && (
        <Section id="invite-heading" title={t('people.inviteTitle')}>
          <InviteForm cityId={cityId} />
        </Section>
      )}
      <Section id="people-heading" title={t('people.listTitle')} plain>
        <PeopleList cityId={cityId} />
      </Section>
      {manage && (
        <Section id="invitations-heading" title={t('people.invitationsTitle')} plain>
          <InvitationsList cityId={cityId} />
        </Section>
      )}
    </Page>
  );
}

function Section({
  id,
  title,
  children,
  plain,
}: {
  id: string;
  title: string;
  children: ReactNode;
  plain?: boolean;
}) {
  const body = (
    <Stack component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id}>
        {title}
      </Title>
      {children}
    </Stack>
  );
  return plain ? (
    body
  ) : (
    <Card withBorder padding="lg">
      {body}
    </Card>
  );
}
