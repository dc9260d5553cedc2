import type { ReactNode } from 'react';
import { useTranslation } from '../lib/useTranslation';

/** The share of a limit from which the counter is announced to screen readers. */
export const NEAR_LIMIT = 0.9;

/** How a free-text field stands against its server limit: used, left, and whether it is near the end. */
export function limitState(limit: number, value: string | null | undefined) {
  const used = (value ?? '').length;
  return { used, limit, left: Math.max(0, limit - used), near: used >= Math.floor(limit * NEAR_LIMIT) };
}

/**
 * Props for a Mantine TextInput/Textarea bound to one of the contracts' `LIMITS`: `maxLength` and a
 * translated "used / limit" counter as the field description (after any existing description).
 * The counter is announced politely only near the limit, so typing does not chatter.
 */
export function useLimit() {
  const { t } = useTranslation();
  return (limit: number, value: string | null | undefined, description?: ReactNode) => {
    const s = limitState(limit, value);
    const counter = (
      <span
        aria-live={s.near ? 'polite' : undefined}
        data-testid="limit-counter"
        style={s.near ? { fontWeight: 600 } : undefined}
      >
        {t('common.limitCounter', { used: s.used, limit: s.limit })}
      </span>
    );
    return {
      maxLength: limit,
      description: description ? (
        <>
          {description} · {counter}
        </>
      ) : (
        counter
      ),
    };
  };
}
