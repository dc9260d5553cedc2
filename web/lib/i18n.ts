import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { locales, rtlLocales, type Locale } from '../../contracts/route.js';
import en from '../../locales/en.json';
import fr from '../../locales/fr.json';
import ar from '../../locales/ar.json';
import sw from '../../locales/sw.json';
import mk from '../../locales/mk.json';
import sq from '../../locales/sq.json';

const STORAGE_KEY = 'lpn.locale';

type Messages = Record<string, unknown>;
// Each domain module keeps its messages in locales/<module>/<lang>.json (so modules can be translated
// and changed independently); they are merged in under the module's name, so keys read "<module>.<key>".
const moduleFiles = import.meta.glob<Messages>('../../locales/*/*.json', { eager: true, import: 'default' });

function withModules(locale: Locale, base: Messages): Messages {
  const merged: Messages = { ...base };
  for (const [path, messages] of Object.entries(moduleFiles)) {
    const [moduleName, file] = path.split('/').slice(-2);
    if (file === `${locale}.json`) merged[moduleName] = messages;
  }
  return merged;
}

export const localeNames: Record<Locale, string> = {
  en: 'English',
  fr: 'Français',
  ar: 'العربية',
  sw: 'Kiswahili',
  mk: 'Македонски',
  sq: 'Shqip',
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

export function directionOf(locale: string): 'rtl' | 'ltr' {
  return (rtlLocales as readonly string[]).includes(locale) ? 'rtl' : 'ltr';
}

function initialLocale(): Locale {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLocale(stored)) return stored;
  } catch {
    // storage may be unavailable (private mode); fall through to the browser language
  }
  const browser = (navigator.languages ?? [navigator.language]).map((l) => l.slice(0, 2));
  return browser.find(isLocale) ?? 'en';
}

/** Mirrors the language onto <html lang dir> so screen readers and the RTL layout follow. */
function applyToDocument(locale: string) {
  document.documentElement.lang = locale;
  document.documentElement.dir = directionOf(locale);
}

/** Switches the UI language and remembers it on this device. */
export async function setLocale(locale: Locale) {
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // not fatal: the choice just won't survive a reload
  }
  await i18n.changeLanguage(locale);
}

const start = initialLocale();
applyToDocument(start);

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: withModules('en', en) },
    fr: { translation: withModules('fr', fr) },
    ar: { translation: withModules('ar', ar) },
    sw: { translation: withModules('sw', sw) },
    mk: { translation: withModules('mk', mk) },
    sq: { translation: withModules('sq', sq) },
  },
  lng: start,
  fallbackLng: 'en',
  supportedLngs: [...locales],
  interpolation: { escapeValue: false },
  returnNull: false,
});

i18n.on('languageChanged', applyToDocument);

export default i18n;
