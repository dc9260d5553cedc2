import '@mantine/core/styles.css';
import './styles.css';
import { DirectionProvider, MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import i18n, { directionOf, i18nReady } from './lib/i18n';
import { queryClient } from './lib/queryClient';
import { cssVariablesResolver, theme } from './lib/theme';
import { SignInView, type SignInSearch } from './modules/auth/SignInView';

// The sign-in document (dist/web/sign-in.html, sent for a first visit to /sign-in): the page everyone
// lands on first, so it carries only what signing in needs — React, Mantine, the shell's messages —
// and not the app's router, module registry or pages. Once signed in, the app loads in its own
// document (web/main.tsx); a client-side visit to /sign-in inside the app uses the route instead.
await i18nReady;

const params = new URLSearchParams(window.location.search);
const search: SignInSearch = {
  email: params.get('email') || undefined,
  redirect: params.get('redirect') || undefined,
  city: params.get('city') || undefined,
};

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DirectionProvider initialDirection={directionOf(i18n.language)} detectDirection>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
        <QueryClientProvider client={queryClient}>
          <SignInView search={search} onSignedIn={(target) => window.location.replace(target)} />
        </QueryClientProvider>
      </MantineProvider>
    </DirectionProvider>
  </StrictMode>,
);
