import { Group, SimpleGrid, Text } from '@mantine/core';
import { lazy, Suspense, type ComponentType } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { loadModuleMessages } from '../../lib/i18n';
import { Page } from '../../components/Page';
import { RoleBadge } from '../../components/RoleBadge';
import { useCityId, useCityWorkspace } from '../../lib/city';
import { useMe } from '../../lib/session';
import { allows } from '../../lib/webModule';
import { homeCards } from '../../webModules';

// Each card shows once the messages of its module (and those its module declares) are in.
const cardComponents = new Map<(typeof homeCards)[number], ComponentType<{ cityId: string }>>(
  homeCards.map((card) => [
    card,
    // A lazy component must resolve to a function, not to the card's own lazy one: wrapped.
    lazy(() =>
      loadModuleMessages(card.messages).then(() => ({
        default: (props: { cityId: string }) => <card.component {...props} />,
      })),
    ),
  ]),
);

/** A city's home: who you are here, then the cards the modules register that you may see. */
export function CityHomePage() {
  const { t } = useTranslation();
  const cityId = useCityId();
  const { data } = useCityWorkspace(cityId);
  const me = useMe();
  if (!data || !me.data) return null;
  const access = { me: me.data, permissions: data.permissions };
  const cards = homeCards.filter((card) => allows(access, card.permission));
  return (
    <Page title={data.city.name}>
      <Text size="lg">{t('home.welcome', { name: me.data.user.name })}</Text>
      <Group gap="xs">
        <Text>{t('home.yourRole')}</Text>
        {data.role ? <RoleBadge role={data.role} /> : <Text fw={600}>{t('home.platformAdmin')}</Text>}
      </Group>
      {data.role && <Text>{t(`roleDescriptions.${data.role}`)}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2 }} data-testid="home-cards">
        {cards.map((card) => {
          const Card = cardComponents.get(card)!;
          return (
            <div
              key={`${card.module}/${card.id}`}
              data-home-card={`${card.module}/${card.id}`}
              style={card.size === 'half' ? undefined : { gridColumn: '1 / -1' }}
            >
              {/* Cards load lazily and side by side; one slow card does not hold back the others. */}
              <Suspense fallback={null}>
                <Card cityId={cityId} />
              </Suspense>
            </div>
          );
        })}
      </SimpleGrid>
    </Page>
  );
}
