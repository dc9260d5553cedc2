import { Box, Container, darken, Group, Image, Stack, Text } from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from '../lib/useTranslation';
import type { CityBranding } from '../../contracts/index.js';
import { LanguageSwitcher } from './LanguageSwitcher';
import { SkipLink } from './SkipLink';
import { UserText } from './UserText';

/**
 * The accent colour replaces the primary colour below this point: buttons, links and focus rings.
 * The server accepts only colours with at least 4.5:1 against white, so white button text stays legible.
 */
function accentVariables(accent: string): CSSProperties {
  return {
    '--mantine-primary-color-filled': accent,
    '--mantine-primary-color-filled-hover': darken(accent, 0.15),
    '--mantine-color-anchor': accent,
  } as CSSProperties;
}

/** Frame for pages used before signing in: sign-in, invitation; with a city's name, logo and colour when given. */
export function PublicLayout({
  children,
  branding,
}: {
  children: ReactNode;
  branding?: CityBranding | null;
}) {
  const { t } = useTranslation();
  const accent = branding?.accentColor ?? null;
  return (
    <Box
      style={accent ? accentVariables(accent) : undefined}
      data-testid="public-layout"
      data-branded={!!branding}
    >
      <SkipLink />
      <Box
        component="header"
        py="sm"
        px="md"
        style={{
          borderBottom: '1px solid var(--mantine-color-gray-3)',
          borderTop: accent ? `6px solid ${accent}` : undefined,
        }}
      >
        <Group justify="space-between" wrap="nowrap" align="center">
          {branding ? (
            <Group gap="sm" wrap="nowrap" miw={0}>
              {branding.logo && (
                // The city's name follows in text, so the logo is decorative for screen readers.
                <Image
                  src={branding.logo}
                  alt=""
                  h={48}
                  w="auto"
                  maw={120}
                  fit="contain"
                  data-testid="city-logo"
                />
              )}
              <Stack gap={0} miw={0}>
                <Text fw={700} size="lg" style={{ overflowWrap: 'anywhere' }} data-testid="city-brand-name">
                  <UserText>{branding.name}</UserText>
                </Text>
                <Text size="xs" c="dimmed">
                  {t('app.name')}
                </Text>
              </Stack>
            </Group>
          ) : (
            <Text fw={700} size="lg">
              {t('app.name')}
            </Text>
          )}
          <LanguageSwitcher />
        </Group>
      </Box>
      <Container component="main" id="main" tabIndex={-1} size={480} py="xl" px="md">
        {children}
      </Container>
    </Box>
  );
}
