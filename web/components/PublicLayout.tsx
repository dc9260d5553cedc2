import { Box, Container, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from './LanguageSwitcher';
import { SkipLink } from './SkipLink';

/** Frame for pages used before signing in: sign-in, invitation. */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <>
      <SkipLink />
      <Box
        component="header"
        py="sm"
        px="md"
        style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}
      >
        <Group justify="space-between" wrap="nowrap">
          <Text fw={700} size="lg">
            {t('app.name')}
          </Text>
          <LanguageSwitcher />
        </Group>
      </Box>
      <Container component="main" id="main" tabIndex={-1} size={480} py="xl" px="md">
        {children}
      </Container>
    </>
  );
}
