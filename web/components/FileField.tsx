// eslint-disable-next-line no-restricted-imports -- the one place that wraps it
import { FileInput, type FileInputProps } from '@mantine/core';
import { useTranslation } from '../lib/useTranslation';

/**
 * Mantine's FileInput with a named clear button: Mantine's own has no accessible name, which axe
 * rates critical (found by e2e/directory.e2e.ts). Every file field of the app uses this one.
 */
export function FileField<Multiple extends boolean = false>(props: FileInputProps<Multiple>) {
  const { t } = useTranslation();
  return (
    <FileInput<Multiple>
      {...props}
      clearButtonProps={{ 'aria-label': t('common.clearFile'), ...props.clearButtonProps }}
    />
  );
}
