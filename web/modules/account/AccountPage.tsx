import { Card, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from '../../lib/useTranslation';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { useMe } from '../../lib/session';
import { PasswordSection } from './PasswordSection';
import { ProfileSection } from './ProfileSection';
import { SessionsSection } from './SessionsSection';
import { TwoFactorSection } from './TwoFactorSection';

/** Your account: name, language, password, two-factor sign-in and sessions. */
export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <Page title={t('account.title')}>
      {me.data ? (
        <Stack gap="lg" maw={640}>
          <Section title={t('account.profile')}>
            <ProfileSection key={me.data.user.preferredLocale ?? ''} me={me.data} />
          </Section>
          <Section title={t('account.password')}>
            <PasswordSection />
          </Section>
          <Section title={t('account.twoFactor')}>
            <TwoFactorSection enabled={me.data.user.twoFactorEnabled} />
          </Section>
          <Section title={t('account.sessions')}>
            <SessionsSection />
          </Section>
        </Stack>
      ) : (
        <Loading />
      )}
    </Page>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder padding="lg" component="section" aria-label={title}>
      <Stack>
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}
