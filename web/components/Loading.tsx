import { Center, Loader, VisuallyHidden } from '@mantine/core';
import { useTranslation } from '../lib/useTranslation';

export function Loading() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status">
      <Loader size="md" aria-hidden />
      <VisuallyHidden>{t('common.loading')}</VisuallyHidden>
    </Center>
  );
}
