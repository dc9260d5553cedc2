import { Card, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from '../../lib/useTranslation';

/** Home-page card: what the network is for and how it treats personal data. */
export function AboutCard() {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="lg">
      <Stack gap="xs">
        <Title order={2} size="h4">
          {t('home.aboutTitle')}
        </Title>
        <Text>{t('home.aboutBody')}</Text>
        <Text>{t('home.aboutPrivacy')}</Text>
      </Stack>
    </Card>
  );
}
