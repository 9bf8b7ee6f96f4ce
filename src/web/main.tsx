import './app/mantine.css';
import './app/global.css';
import { DirectionProvider, MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { queryClient } from './app/queryClient.ts';
import { AppRouter } from './app/router.tsx';
import { DeviceDataWatch } from './app/offline/DeviceDataWatch.tsx';
import { SessionWatch } from './app/SessionWatch.tsx';
import { cssVariablesResolver, theme } from './app/theme.ts';
import { LocaleProvider } from './i18n/LocaleProvider.tsx';
import { applyDocumentLocale, directionOf, initialLocale } from './i18n/locales.ts';

const locale = initialLocale();
applyDocumentLocale(locale);

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');

// The first render is a transition: React draws the app in short slices, so the phone's main thread
// stays free for input while it does (the whole first screen is often ready at once: index.html
// fetched its data and code early).
const app = createRoot(root);
startTransition(() =>
  app.render(
    <StrictMode>
      <DirectionProvider initialDirection={directionOf(locale)} detectDirection={false}>
        <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
          <QueryClientProvider client={queryClient}>
            <LocaleProvider>
              <SessionWatch />
              <DeviceDataWatch />
              <AppRouter />
            </LocaleProvider>
          </QueryClientProvider>
        </MantineProvider>
      </DirectionProvider>
    </StrictMode>,
  ),
);

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  void import('virtual:pwa-register').then(({ registerSW }) => registerSW({ immediate: true }));
}
