// The UI languages, without zod: the web app's first load (sign-in page, i18n) needs only these
// lists, not the schema library. route.ts re-exports them beside localeSchema.
export const locales = ['en', 'fr', 'ar', 'sw', 'mk', 'sq'] as const;
export type Locale = (typeof locales)[number];
export const rtlLocales: readonly Locale[] = ['ar'];
