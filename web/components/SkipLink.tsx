import { useTranslation } from '../lib/useTranslation';

/** First focusable element: jumps keyboard users past the header and navigation. */
export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a href="#main" className="skip-link">
      {t('common.skipToContent')}
    </a>
  );
}
