import { NativeSelect } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { accountRoutes, locales } from '../../contracts/index.js';
import { call } from '../lib/api';
import { isLocale, localeNames, setLocale } from '../lib/i18n';
import { meKey } from '../lib/session';

let chosenThisVisit = false;
/** Whether the person picked a language on this page load (it then wins over the stored preference). */
export function languageChosenThisVisit() {
  return chosenThisVisit;
}
/** Records that the person picked a language on this visit (the account menu's language items). */
export function markLanguageChosen() {
  chosenThisVisit = true;
}

/** Language picker; when signed in the choice is also saved as the account's preference. */
export function LanguageSwitcher({ signedIn = false }: { signedIn?: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (preferredLocale: (typeof locales)[number]) =>
      call(accountRoutes.updateMe, { body: { preferredLocale } }),
    onSuccess: (me) => queryClient.setQueryData(meKey, me),
  });
  return (
    <NativeSelect
      aria-label={t('common.language')}
      data-testid="lang-switcher"
      size="sm"
      value={i18n.language}
      onChange={(e) => {
        const next = e.currentTarget.value;
        if (!isLocale(next)) return;
        chosenThisVisit = true;
        void setLocale(next);
        if (signedIn) save.mutate(next);
      }}
      data={locales.map((l) => ({ value: l, label: localeNames[l] }))}
    />
  );
}
