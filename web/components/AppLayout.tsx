import { AppShell, Burger, Group, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation, useNavigate, useParams } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { useTranslation } from '../lib/useTranslation';
import { accountRoutes, type Locale } from '../../contracts/index.js';
import { authCall, ApiError, call } from '../lib/api';
import { isLocale, setLocale } from '../lib/i18n';
import { meKey, preferredCity, useMe } from '../lib/session';
import { AccountMenu } from './AccountMenu';
import { CitySwitcher } from './CitySwitcher';
import { ErrorAlert } from './ErrorAlert';
import { LanguageSwitcher, languageChosenThisVisit } from './LanguageSwitcher';
import { Loading } from './Loading';
import { NavMenu } from './NavMenu';
import { SkipLink } from './SkipLink';

/**
 * The signed-in frame: a header with the city, the language and the account menu (Sign out is
 * always there, never below the fold), the modules' grouped navigation in a scrolling side bar
 * (a drawer on phones), and the page.
 */
export function AppLayout() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { cityId } = useParams({ strict: false });
  const [opened, { toggle, close }] = useDisclosure(false);
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  // A language picked in the header is saved as the account's preference.
  const saveLocale = useMutation({
    mutationFn: (preferredLocale: Locale) => call(accountRoutes.updateMe, { body: { preferredLocale } }),
    onSuccess: (data) => queryClient.setQueryData(meKey, data),
  });

  // The account's saved language wins unless the person just picked one on this visit.
  const preferred = me.data?.user.preferredLocale;
  const loaded = me.isSuccess;
  const synced = useRef(false);
  useEffect(() => {
    if (!loaded || synced.current) return;
    synced.current = true;
    if (!languageChosenThisVisit()) {
      if (preferred && preferred !== i18n.language) void setLocale(preferred);
    } else if (isLocale(i18n.language) && preferred !== i18n.language) {
      // Picked on the sign-in page: save it as the account's preference.
      void call(accountRoutes.updateMe, { body: { preferredLocale: i18n.language } }).then((data) =>
        queryClient.setQueryData(meKey, data),
      );
    }
  }, [loaded, preferred, i18n.language, queryClient]);

  if (me.isPending) return <Loading />;
  if (me.error instanceof ApiError && me.error.status === 401) {
    // While the sign-in page loads, this layout still renders with the new location: don't chain redirects.
    if (location.pathname === '/sign-in') return <Loading />;
    return <Navigate to="/sign-in" search={{ redirect: location.href }} replace />;
  }
  if (me.isError) {
    return (
      <main id="main" style={{ padding: 16 }}>
        <ErrorAlert error={me.error} />
      </main>
    );
  }

  async function signOut() {
    try {
      await authCall('/sign-out');
    } finally {
      queryClient.clear();
      void navigate({ to: '/sign-in' });
    }
  }

  // Outside a city (account, admin pages) keep the last city's links, unless opening it would
  // bounce the person to 2FA enrolment.
  const lastCity = me.data.memberships.find((m) => m.cityId === preferredCity(me.data));
  const navCity = cityId ?? (lastCity && !lastCity.twoFactorRequired ? lastCity.cityId : undefined);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 250, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t('nav.closeMenu') : t('nav.openMenu')}
              aria-expanded={opened}
              aria-controls="app-navbar"
              data-testid="nav-burger"
            />
            <UnstyledButton onClick={() => void navigate({ to: '/' })} aria-label={t('nav.homeOf')}>
              <Text fw={700} size="lg" truncate>
                {t('app.name')}
              </Text>
            </UnstyledButton>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {wide && <CitySwitcher me={me.data} />}
            {wide && <LanguageSwitcher onPicked={(l) => saveLocale.mutate(l)} />}
            <AccountMenu me={me.data} compact={!wide} withLanguage={!wide} onSignOut={() => void signOut()} />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar id="app-navbar" aria-label={t('nav.label')}>
        {!wide && me.data.memberships.length > 0 && (
          <AppShell.Section p="sm" pb={0}>
            <CitySwitcher me={me.data} />
          </AppShell.Section>
        )}
        <AppShell.Section
          grow
          p="sm"
          data-testid="nav-scroll"
          // Native scrolling (not Mantine's ScrollArea, ~15 KB gzip in the first load): the browser's own
          // scroll bar, wheel, touch and keyboard scrolling, and scrollIntoView for focused links.
          style={{ overflowY: 'auto', minHeight: 0, overscrollBehavior: 'contain' }}
        >
          <NavMenu me={me.data} cityId={navCity} onNavigate={close} />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
