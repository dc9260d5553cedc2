import { Stack, Text } from '@mantine/core';
import { useTranslation } from '../lib/useTranslation';
import { useDocumentTitle } from './Page';
import { RouterAnchor } from './RouterLinks';

export function NotFound() {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <main id="main" style={{ padding: 24 }}>
      <Stack>
        <h1>{t('notFound.title')}</h1>
        <Text>{t('notFound.body')}</Text>
        <RouterAnchor to="/">{t('notFound.home')}</RouterAnchor>
      </Stack>
    </main>
  );
}
