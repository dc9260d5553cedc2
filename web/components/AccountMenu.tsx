import { Button, Divider, NavLink, Paper, Text, UnstyledButton } from '@mantine/core';
import { useClickOutside } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from '../lib/useTranslation';
import { accountRoutes, locales, type Me } from '../../contracts/index.js';
import { call } from '../lib/api';
import { localeNames, setLocale } from '../lib/i18n';
import { meKey } from '../lib/session';
import { AccountIcon, CheckIcon, ChevronDownIcon, LockIcon, SignOutIcon } from './icons';
import { markLanguageChosen } from './LanguageSwitcher';
import { RouterNavLink } from './RouterLinks';
import { UserText } from './UserText';

/**
 * The header's account menu: who is signed in, their account and two-factor settings, the language
 * (when the header has no room for the language picker) and Sign out — always one tap away.
 *
 * A disclosure (button + panel of links), not Mantine's Menu: Menu brings a positioning library
 * (~25 KB gzip) into the first load of every page, and a disclosure is the pattern WAI-ARIA
 * recommends for navigation menus anyway (Tab moves through it, Escape closes it).
 */
export function AccountMenu({
  me,
  compact,
  withLanguage,
  onSignOut,
}: {
  me: Me;
  /** Icon-only trigger (phones). */
  compact: boolean;
  withLanguage: boolean;
  onSignOut: () => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const panelId = useId();
  const trigger = useRef<HTMLButtonElement>(null);
  const root = useClickOutside<HTMLDivElement>(() => setOpened(false));
  const save = useMutation({
    mutationFn: (preferredLocale: (typeof locales)[number]) =>
      call(accountRoutes.updateMe, { body: { preferredLocale } }),
    onSuccess: (data) => queryClient.setQueryData(meKey, data),
  });

  useEffect(() => {
    if (!opened) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpened(false);
      trigger.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [opened]);

  const close = () => setOpened(false);
  const triggerProps = {
    ref: trigger,
    'aria-label': t('nav.accountMenu', { name: me.user.name }),
    'aria-expanded': opened,
    'aria-controls': panelId,
    'data-testid': 'account-menu',
    onClick: () => setOpened((o) => !o),
  };

  return (
    <div ref={root} style={{ position: 'relative' }}>
      {compact ? (
        <UnstyledButton
          {...triggerProps}
          p={6}
          style={{ display: 'flex', borderRadius: 'var(--mantine-radius-md)' }}
        >
          <AccountIcon size={26} />
        </UnstyledButton>
      ) : (
        <Button
          {...triggerProps}
          variant="subtle"
          color="gray"
          leftSection={<AccountIcon size={20} />}
          rightSection={<ChevronDownIcon size={14} />}
          styles={{ label: { maxWidth: 160, overflow: 'hidden', textOverflow: 'ellipsis' } }}
        >
          <UserText>{me.user.name}</UserText>
        </Button>
      )}
      {opened && (
        <Paper
          id={panelId}
          data-testid="account-menu-panel"
          withBorder
          shadow="md"
          p={6}
          style={{
            position: 'absolute',
            top: 'calc(100% + 6px)',
            insetInlineEnd: 0,
            width: 270,
            maxWidth: 'calc(100vw - 16px)',
            // On a short phone screen the panel scrolls rather than running off the bottom.
            maxHeight: 'calc(100dvh - 72px)',
            overflowY: 'auto',
            zIndex: 300,
          }}
        >
          <div style={{ padding: '4px 12px 8px' }}>
            {/* <bdi>: a Latin name or e-mail inside an Arabic page keeps its own direction and the page's alignment. */}
            <Text size="sm" fw={600} className="wrap-anywhere">
              <UserText>{me.user.name}</UserText>
            </Text>
            <Text size="xs" c="dimmed" className="wrap-anywhere">
              <bdi>{me.user.email}</bdi>
            </Text>
          </div>
          <Divider mb={4} />
          <RouterNavLink
            to="/account"
            label={t('nav.account')}
            leftSection={<AccountIcon />}
            onClick={close}
            data-testid="nav-account"
            activeOptions={{ exact: true }}
          />
          <RouterNavLink
            to="/account/two-factor"
            label={t('nav.twoFactor')}
            leftSection={<LockIcon />}
            onClick={close}
            data-testid="nav-two-factor"
          />
          {withLanguage && (
            <>
              <Divider my={4} />
              <Text size="xs" fw={700} c="dimmed" px="sm" py={4} id={`${panelId}-lang`}>
                {t('common.language')}
              </Text>
              <div role="group" aria-labelledby={`${panelId}-lang`}>
                {locales.map((l) => (
                  <NavLink
                    key={l}
                    component="button"
                    lang={l}
                    label={localeNames[l]}
                    aria-pressed={i18n.language === l}
                    rightSection={i18n.language === l ? <CheckIcon size={16} /> : undefined}
                    onClick={() => {
                      markLanguageChosen();
                      void setLocale(l);
                      save.mutate(l);
                    }}
                    data-testid={`lang-${l}`}
                  />
                ))}
              </div>
            </>
          )}
          <Divider my={4} />
          <NavLink
            component="button"
            label={t('nav.signOut')}
            leftSection={<SignOutIcon />}
            c="red.9"
            onClick={() => {
              close();
              onSignOut();
            }}
            data-testid="sign-out"
          />
        </Paper>
      )}
    </div>
  );
}
