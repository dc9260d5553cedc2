import { useTranslation } from './useTranslation';

/** Dates and numbers in the current UI language (Intl, no extra library). */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return {
    date(value: string | Date) {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(value));
    },
    dateTime(value: string | Date) {
      return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(value),
      );
    },
    number(value: number) {
      return new Intl.NumberFormat(locale).format(value);
    },
  };
}
