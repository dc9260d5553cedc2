import { Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Page } from '../../components/Page';
import { RoleBadge } from '../../components/RoleBadge';
import { RouterAnchor } from '../../components/RouterLinks';
import { useCityId, useCityWorkspace } from '../../lib/city';
import { useMe } from '../../lib/session';
import { OverdueCasesCard, ReviewsDueCard } from '../cases';
import { MyActionItemsCard } from '../meetings';

/** A city's home: who you are here and what the network is for. */
export function CityHomePage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const { data } = useCityWorkspace(cityId);
  const me = useMe();
  if (!data) return null;
  const can = (p: string) => data.permissions.includes(p);
  return (
    <Page title={data.city.name}>
      <Text size="lg">{t('home.welcome', { name: me.data?.user.name ?? '' })}</Text>
      <Group gap="xs">
        <Text>{t('home.yourRole')}</Text>
        {data.role ? <RoleBadge role={data.role} /> : <Text fw={600}>{t('home.platformAdmin')}</Text>}
      </Group>
      {data.role && <Text>{t(`roleDescriptions.${data.role}`)}</Text>}
      <Card withBorder padding="lg">
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('home.aboutTitle')}
          </Title>
          <Text>{t('home.aboutBody')}</Text>
          <Text>{t('home.aboutPrivacy')}</Text>
        </Stack>
      </Card>
      {can('meetings.read') && <MyActionItemsCard />}
      {can('cases.read') && <OverdueCasesCard cityId={cityId} />}
      {can('cases.read') && <ReviewsDueCard cityId={cityId} />}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {can('people.list') && (
          <Card withBorder>
            <RouterAnchor to="/c/$cityId/people" params={{ cityId }} fw={600}>
              {t('nav.people')}
            </RouterAnchor>
            <Text size="sm">{t('home.peopleHint')}</Text>
          </Card>
        )}
        {can('audit.read') && (
          <Card withBorder>
            <RouterAnchor to="/c/$cityId/audit" params={{ cityId }} fw={600}>
              {t('nav.audit')}
            </RouterAnchor>
            <Text size="sm">{t('home.auditHint')}</Text>
          </Card>
        )}
      </SimpleGrid>
    </Page>
  );
}
