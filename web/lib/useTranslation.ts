import { useCallback, useSyncExternalStore } from 'react';
import { appTranslator as i18n, type TFunction, type TOptions, type Translator } from './translator';

/**
 * `const { t, i18n } = useTranslation()`, as react-i18next spelled it: the component renders again
 * when the language changes or messages arrive, and `t` is a new function then, so effects that
 * depend on it (document titles) run again.
 */
export function useTranslation(): { t: TFunction; i18n: Translator } {
  const version = useSyncExternalStore(i18n.subscribe, () => i18n.version);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `version` is what makes a new `t`
  const t = useCallback((key: string, options?: TOptions) => i18n.t(key, options), [version]);
  return { t, i18n };
}
