import { Text } from '@mantine/core';
import type { CSSProperties, ReactNode } from 'react';

/** A line of quiet help text (the theme keeps "dimmed" at 4.5:1 contrast). */
export function Help({ children, id }: { children: ReactNode; id?: string }) {
  return (
    <Text size="sm" c="dimmed" id={id}>
      {children}
    </Text>
  );
}

/**
 * Mantine's error red (red-6) reaches only 3.3:1 on white; the theme does not override it, so the
 * forms here scope a darker red (the theme's 4.5:1 red text) to themselves.
 */
export const readableErrors = { '--mantine-color-error': 'var(--mantine-color-red-text)' } as CSSProperties;
