import type { ReactNode } from 'react';

/*
 * Text people typed (names of organisations and people, meeting titles, minutes, ToR text, summaries)
 * may be in another script than the interface: Latin in an Arabic page or Arabic in an English one.
 * Isolated, it takes its own direction from its first strong letter, so a full stop or a number
 * stays at the end it was typed at and does not jump to the other side of the surrounding sentence.
 */

/** Inline user-entered text, bidi-isolated (<bdi>): names, titles, references inside a sentence or cell. */
export function UserText({ children, testId }: { children: ReactNode; testId?: string }) {
  return <bdi data-testid={testId}>{children}</bdi>;
}

/**
 * For user-entered text placed into a translated sentence (`t('…', { name })`), where no element can
 * wrap it: Unicode's first-strong isolate (U+2068 … U+2069) does what <bdi> does, inside a string.
 */
export function isolate(text: string): string {
  return `\u2068${text}\u2069`;
}
