import { NativeSelect } from '@mantine/core';
import { useTranslation } from '../lib/useTranslation';
import { locales, type Locale } from '../../contracts/locales.js';
import { isLocale, localeNames, setLocale } from '../lib/i18n';

let chosenThisVisit = false;
/** Whether the person picked a language on this page load (it then wins over the stored preference). */
export function languageChosenThisVisit() {
  return chosenThisVisit;
}
/** Records that the person picked a language on this visit (the account menu's language items). */
export function markLanguageChosen() {
  chosenThisVisit = true;
}

/**
 * Language picker. `onPicked` lets the signed-in frame save the choice as the account's preference;
 * the picker itself calls no API, so the sign-in page does not load the API contracts.
 */
export function LanguageSwitcher({ onPicked }: { onPicked?: (locale: Locale) => void }) {
  const { t, i18n } = useTranslation();
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
        onPicked?.(next);
      }}
      data={locales.map((l) => ({ value: l, label: localeNames[l] }))}
    />
  );
}
