import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './styles.css';
import { DirectionProvider, MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { directionOf } from './lib/i18n';
import i18n from './lib/i18n';
import { queryClient } from './lib/queryClient';
import { cssVariablesResolver, theme } from './lib/theme';
import { router } from './router';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* DirectionProvider follows <html dir>, which i18n sets: Arabic mirrors the whole layout. */}
    <DirectionProvider initialDirection={directionOf(i18n.language)} detectDirection>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
        <Notifications position="top-center" />
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </MantineProvider>
    </DirectionProvider>
  </StrictMode>,
);
