import { useDirection } from '@mantine/core';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { setRequestLanguage } from '../api/client.ts';
import { applyDocumentLocale, directionOf, initialLocale, storeLocale, type Locale } from './locales.ts';

type Messages = Record<string, string>;

const catalogues = import.meta.glob<Messages>('../../shared/i18n/messages/*.json', { import: 'default' });

async function loadMessages(locale: Locale): Promise<Messages> {
  const load = catalogues[`../../shared/i18n/messages/${locale}.json`];
  return load ? load() : {};
}

interface LocaleContextValue {
  locale: Locale;
  /** Switches the language on this device; `persist` tells whether it was the user's own choice. */
  setLocale: (locale: Locale, options?: { remember?: boolean }) => void;
}

const LocaleContext = createContext<LocaleContextValue | null>(null);

export function useLocale(): LocaleContextValue {
  const value = useContext(LocaleContext);
  if (!value) throw new Error('useLocale outside LocaleProvider');
  return value;
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const [loaded, setLoaded] = useState<{ locale: Locale; messages: Messages } | null>(null);
  const { setDirection } = useDirection();

  useEffect(() => {
    let cancelled = false;
    applyDocumentLocale(locale);
    setRequestLanguage(locale);
    setDirection(directionOf(locale));
    void loadMessages(locale).then((messages) => {
      if (!cancelled) setLoaded({ locale, messages });
    });
    return () => {
      cancelled = true;
    };
  }, [locale, setDirection]);

  const setLocale = useCallback((next: Locale, options?: { remember?: boolean }) => {
    if (options?.remember !== false) storeLocale(next);
    setLocaleState(next);
  }, []);

  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);

  // Until the first catalogue arrives there is nothing to say; later switches keep the old text
  // on screen for the moment the next one loads.
  if (!loaded) return null;
  return (
    <LocaleContext.Provider value={value}>
      <IntlProvider locale={loaded.locale} messages={loaded.messages} defaultLocale="vi">
        {children}
      </IntlProvider>
    </LocaleContext.Provider>
  );
}
