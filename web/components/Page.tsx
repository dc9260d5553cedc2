import { Stack, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from '../lib/useTranslation';

/** Sets the document title for the current route (announced by screen readers on navigation). */
export function useDocumentTitle(title: string) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
}

/** A page: one h1 that is also the browser tab title. */
export function Page({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  useDocumentTitle(title);
  return (
    <Stack gap="lg" maw={1100}>
      <Stack gap="xs">
        <Title order={1} size="h2">
          {/* Titles are often the city's own words (a meeting, a city's name): isolate their direction. */}
          <bdi>{title}</bdi>
        </Title>
        {actions}
      </Stack>
      {children}
    </Stack>
  );
}
