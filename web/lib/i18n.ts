import { locales, rtlLocales, type Locale } from '../../contracts/locales.js';
import type { Messages } from './messages/merge';
import { appTranslator } from './translator';

const STORAGE_KEY = 'lpn.locale';

type Loader = () => Promise<{ default: Messages }>;

// The shell's messages, one chunk per language, only the chosen language's downloaded
// (locales/<lang>.json: sign-in, navigation — with every module's navigation labels, picked at build
// time by scripts/navMessages.ts —, account): enough for the public pages and the signed-in frame.
const shellMessages: Record<Locale, Loader> = {
  en: () => import('./messages/en'),
  fr: () => import('./messages/fr'),
  ar: () => import('./messages/ar'),
  sw: () => import('./messages/sw'),
  mk: () => import('./messages/mk'),
  sq: () => import('./messages/sq'),
};
// Each module's messages, one chunk per module and language, are found through a small chunk of
// their own (./messages/modules.ts), fetched with the first page that needs a module's messages.
const moduleLoaders = () => import('./messages/modules').then((m) => m.moduleMessages);

const loaded = new Map<string, Promise<void>>();
/** The modules whose messages the pages seen so far needed: a language switch loads them all again. */
const modulesWanted = new Set<string>();

/** Fetches one part of a language's messages ('shell' or a module's name) once and adds it to the catalogue. */
function loadPart(locale: Locale, part: string): Promise<void> {
  const key = `${locale}:${part}`;
  let done = loaded.get(key);
  if (!done) {
    if (part === 'shell') {
      done = shellMessages[locale]().then(({ default: messages }) => {
        i18n.addResourceBundle(locale, messages);
      });
    } else {
      done = moduleLoaders().then(async (loaders) => {
        const load = loaders.get(key);
        if (!load) return; // a module without messages of its own (e.g. cities)
        i18n.addResourceBundle(locale, { [part]: await load() });
      });
    }
    done.catch(() => loaded.delete(key)); // a failed download (offline) may be retried
    loaded.set(key, done);
  }
  return done;
}

/** Everything of a language the pages seen so far need: the shell, and the modules they used. */
async function loadMessages(locale: Locale): Promise<void> {
  await Promise.all([loadPart(locale, 'shell'), ...[...modulesWanted].map((m) => loadPart(locale, m))]);
}

/**
 * These modules' messages in the current language (and from now on in any language switched to).
 * Each module page's route awaits its module's (web/router.tsx), each home card its own
 * (CityHomePage), so no page shows raw keys.
 */
export function loadModuleMessages(names: readonly string[]): Promise<void> {
  for (const name of names) modulesWanted.add(name);
  const current = isLocale(i18n.language) ? i18n.language : start;
  return Promise.all(names.map((name) => loadPart(current, name))).then(() => undefined);
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

/** The messages and `t` of the web app (web/lib/translator.ts); components use web/lib/useTranslation.ts. */
const i18n = appTranslator;
i18n.language = start;

/**
 * Resolves once the first language's shell messages are in: main.tsx awaits it before the first
 * render, so no page ever shows raw keys. No fallback language is loaded (`npm run i18n:check` keeps
 * all six complete), so a non-English reader downloads no English.
 */
export const i18nReady: Promise<void> = loadMessages(start);

i18n.on('languageChanged', applyToDocument);

export default i18n;
