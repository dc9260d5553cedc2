/*
 * The browser's message catalogue and `t`: a deliberately small stand-in for i18next, which this app
 * used until its 15 KB gzip (with react-i18next) stood between the pages and their first-load budget
 * (docs/BENCHMARKS.md). The app uses a narrow subset, and this is all of it: nested keys with dots,
 * `{{name}}` placeholders (not HTML-escaped: React escapes), `defaultValue`, the key itself when a
 * message is missing (the journeys' raw-key check looks for exactly that), a language switch with a
 * `languageChanged` event, and bundles added per module. Plural suffixes (_one/_other), nesting and
 * formatters are not supported: no message uses them, and web/lib/translator.test.ts fails when one
 * starts to.
 */
import { rtlLocales } from '../../contracts/locales.js';

type Catalogue = { [key: string]: string | Catalogue };
export type TOptions = { defaultValue?: string } & Record<string, unknown>;
export type TFunction = (key: string, options?: TOptions) => string;
type Listener = (language: string) => void;

function lookup(catalogue: Catalogue | undefined, key: string): string | undefined {
  let node: string | Catalogue | undefined = catalogue;
  for (const part of key.split('.')) {
    if (node === undefined || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

function merge(into: Catalogue, from: Catalogue): void {
  for (const [key, value] of Object.entries(from)) {
    const current = into[key];
    if (typeof value === 'object' && typeof current === 'object') merge(current, value);
    else into[key] = typeof value === 'object' ? structuredClone(value) : value;
  }
}

export function interpolate(message: string, values: Record<string, unknown> | undefined): string {
  if (!values) return message;
  return message.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in values && values[name] !== undefined ? String(values[name]) : whole,
  );
}

export class Translator {
  language: string;
  private readonly catalogues = new Map<string, Catalogue>();
  private readonly listeners = new Set<Listener>();
  /** Changes whenever what `t` returns may change (language switched, messages added). */
  version = 0;
  private readonly changed = new Set<() => void>();

  constructor(language: string) {
    this.language = language;
  }

  /** i18next's name for the language actually in use (the same here: there is no fallback). */
  get resolvedLanguage(): string {
    return this.language;
  }

  t: TFunction = (key, options) => {
    const message = lookup(this.catalogues.get(this.language), key) ?? options?.defaultValue ?? key;
    return interpolate(message, options);
  };

  dir(language = this.language): 'rtl' | 'ltr' {
    return (rtlLocales as readonly string[]).includes(language) ? 'rtl' : 'ltr';
  }

  /** Adds messages to a language (deep: a module's bundle goes beside the shell's). */
  addResourceBundle(language: string, messages: Record<string, unknown>): void {
    let catalogue = this.catalogues.get(language);
    if (!catalogue) this.catalogues.set(language, (catalogue = {}));
    merge(catalogue, messages as Catalogue);
    this.bump();
  }

  async changeLanguage(language: string): Promise<void> {
    if (language === this.language) return;
    this.language = language;
    this.bump();
    for (const listener of this.listeners) listener(language);
  }

  on(event: 'languageChanged', listener: Listener): void {
    this.listeners.add(listener);
  }

  off(event: 'languageChanged', listener: Listener): void {
    this.listeners.delete(listener);
  }

  /** For React (web/lib/useTranslation.ts): called after every change of `version`. */
  subscribe = (onChange: () => void): (() => void) => {
    this.changed.add(onChange);
    return () => this.changed.delete(onChange);
  };

  private bump(): void {
    this.version++;
    for (const onChange of this.changed) onChange();
  }
}

/**
 * The app's one translator. Its language is set by web/lib/i18n.ts (which reads the browser's
 * preference) before anything renders; components reach it through web/lib/useTranslation.ts,
 * which imports only this file, so a component can be imported where there is no browser (tests).
 */
export const appTranslator = new Translator('en');
