import { Alert, Stack, Text } from '@mantine/core';
import { useSearch } from '@tanstack/react-router';
import { useTranslation } from '../../lib/useTranslation';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RouterButton } from '../../components/RouterLinks';
import { useMe } from '../../lib/session';
import { EnrolTwoFactor } from './EnrolTwoFactor';
import { isolate } from '../../components/UserText';

/** Two-factor enrolment; also where a city sends a role that must use 2FA there. */
export function TwoFactorPage() {
  const { t } = useTranslation();
  const search = useSearch({ strict: false }) as { reason?: string; cityId?: string };
  const me = useMe();
  const city = me.data?.memberships.find((m) => m.cityId === search.cityId);
  return (
    <Page title={t('twoFactor.title')}>
      <Stack maw={640}>
        {search.reason === 'required' && (
          <Alert color="orange" title={t('twoFactor.requiredTitle')} data-testid="two-factor-required">
            {city
              ? t('twoFactor.requiredBodyCity', { city: isolate(city.cityName) })
              : t('twoFactor.requiredBody')}
          </Alert>
        )}
        {!me.data ? (
          <Loading />
        ) : me.data.user.twoFactorEnabled ? (
          <Stack>
            <Text>{t('twoFactor.alreadyOn')}</Text>
            {search.cityId ? (
              <RouterButton
                to="/c/$cityId"
                params={{ cityId: search.cityId }}
                style={{ alignSelf: 'flex-start' }}
              >
                {t('twoFactor.continueToCity')}
              </RouterButton>
            ) : (
              <RouterButton to="/account" style={{ alignSelf: 'flex-start' }}>
                {t('twoFactor.backToAccount')}
              </RouterButton>
            )}
          </Stack>
        ) : (
          <EnrolTwoFactor cityId={search.cityId} />
        )}
      </Stack>
    </Page>
  );
}
