import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { locales, rtlLocales, type Locale } from '../../contracts/locales.js';
import type { Messages } from './messages/merge';

const STORAGE_KEY = 'lpn.locale';

type Loader = () => Promise<{ default: Messages }>;

// Two chunks per language, only the chosen language's downloaded: the shell's messages
// (locales/<lang>.json: sign-in, navigation, account), enough for the public pages, and every
// module's (locales/<module>/<lang>.json), loaded with the signed-in frame (see loadModuleMessages).
const shellMessages: Record<Locale, Loader> = {
  en: () => import('./messages/en'),
  fr: () => import('./messages/fr'),
  ar: () => import('./messages/ar'),
  sw: () => import('./messages/sw'),
  mk: () => import('./messages/mk'),
  sq: () => import('./messages/sq'),
};
const moduleMessages: Record<Locale, Loader> = {
  en: () => import('./messages/en-modules'),
  fr: () => import('./messages/fr-modules'),
  ar: () => import('./messages/ar-modules'),
  sw: () => import('./messages/sw-modules'),
  mk: () => import('./messages/mk-modules'),
  sq: () => import('./messages/sq-modules'),
};

const loaded = new Map<string, Promise<void>>();
let modulesWanted = false;

/** Fetches one part of a language's messages once and adds it to i18next. */
function loadPart(locale: Locale, part: 'shell' | 'modules'): Promise<void> {
  const key = `${locale}:${part}`;
  let done = loaded.get(key);
  if (!done) {
    done = (part === 'shell' ? shellMessages : moduleMessages)[locale]().then(({ default: messages }) => {
      i18n.addResourceBundle(locale, 'translation', messages, true, true);
    });
    done.catch(() => loaded.delete(key)); // a failed download (offline) may be retried
    loaded.set(key, done);
  }
  return done;
}

/** Everything of a language the pages seen so far need: the shell, and the modules once signed in. */
async function loadMessages(locale: Locale): Promise<void> {
  await Promise.all([loadPart(locale, 'shell'), modulesWanted ? loadPart(locale, 'modules') : undefined]);
}

/**
 * The modules' messages in the current language (and from now on in any language switched to). The
 * signed-in frame's route awaits it, so a module page never shows raw keys.
 */
export function loadModuleMessages(): Promise<void> {
  modulesWanted = true;
  const current = isLocale(i18n.language) ? i18n.language : start;
  return loadPart(current, 'modules');
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
  await loadMessages(locale);
  await i18n.changeLanguage(locale);
}

const start = initialLocale();
applyToDocument(start);

/**
 * Resolves once the first language's shell messages are in: main.tsx awaits it before the first
 * render, so no page ever shows raw keys. No fallback language is loaded (`npm run i18n:check` keeps
 * all six complete), so a non-English reader downloads no English.
 */
export const i18nReady: Promise<void> = i18n
  .use(initReactI18next)
  .init({
    resources: {},
    lng: start,
    fallbackLng: false,
    supportedLngs: [...locales],
    interpolation: { escapeValue: false },
    returnNull: false,
  })
  .then(() => loadMessages(start))
  .then(() => undefined);

i18n.on('languageChanged', applyToDocument);

export default i18n;
