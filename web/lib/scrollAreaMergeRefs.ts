import { useMergedRef } from '@mantine/hooks';
import type { Ref, RefCallback } from 'react';

/**
 * What Mantine's ScrollArea imports from `@floating-ui/react` — only `useMergeRefs` — answered by
 * Mantine's own hook instead (vite.config.ts points that one import here). ScrollArea sits under
 * every Table and Modal; through that single import it pulled the whole floating-ui chunk (15 KB gzip,
 * the positioning engine of popovers and tooltips) into every page with a table.
 */
export function useMergeRefs<T>(refs: (Ref<T> | undefined)[]): RefCallback<T> {
  return useMergedRef(...refs);
}
