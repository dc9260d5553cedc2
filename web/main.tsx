import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { DirectionProvider, MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import i18n, { directionOf, i18nReady } from './lib/i18n';
import { queryClient } from './lib/queryClient';
import { cssVariablesResolver, theme } from './lib/theme';
import { router } from './router';

// The chosen language's messages arrive in their own chunk; mounting waits for them so the first paint
// is already translated. The router meanwhile fetches the page's own chunks (and loaders), so the
// two downloads overlap instead of following each other.
await Promise.all([i18nReady, router.load()]);

// The toast container (and its transitions) is not needed for the first paint: it arrives just after.
// notifications.show() before then is kept in the store and shown once it mounts.
const Notifications = lazy(() =>
  import('@mantine/notifications').then((m) => ({ default: m.Notifications })),
);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* DirectionProvider follows <html dir>, which i18n sets: Arabic mirrors the whole layout. */}
    <DirectionProvider initialDirection={directionOf(i18n.language)} detectDirection>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
        <Suspense fallback={null}>
          <Notifications position="top-center" />
        </Suspense>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </MantineProvider>
    </DirectionProvider>
  </StrictMode>,
);
