import { useDirection } from '@mantine/core';
import {
  createContext,
  startTransition,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { IntlProvider } from 'react-intl';
import { setRequestLanguage } from '../api/client.ts';
import { applyDocumentLocale, directionOf, initialLocale, storeLocale, type Locale } from './locales.ts';

type Messages = Record<string, string>;

// Each language in two parts (src/shared/i18n/parts.ts): the member's screens load only their own.
const memberParts = import.meta.glob<Messages>('../../shared/i18n/messages/*.json', {
  import: 'default',
  query: { part: 'member' },
});
const consoleParts = import.meta.glob<Messages>('../../shared/i18n/messages/*.json', {
  import: 'default',
  query: { part: 'console' },
});

/** Set once a console screen is about to open: from then on every language loads both parts. */
let consoleWanted = false;
let consoleReady: Promise<void> | null = null;
/** Adds the console part to what the mounted provider shows (registered by the provider). */
let addConsolePart: (() => Promise<void>) | null = null;

function loadPart(parts: Record<string, () => Promise<Messages>>, locale: Locale): Promise<Messages> {
  const load = parts[`../../shared/i18n/messages/${locale}.json`];
  return load ? load() : Promise.resolve({});
}

async function loadMessages(locale: Locale): Promise<Messages> {
  const [member, consoleMessages] = await Promise.all([
    loadPart(memberParts, locale),
    consoleWanted ? loadPart(consoleParts, locale) : Promise.resolve({}),
  ]);
  return { ...member, ...consoleMessages };
}

/**
 * The console's messages, before a console screen renders: the console's route loaders await this
 * together with the screen's code. Resolves once the provider shows them.
 */
export function loadConsoleMessages(): Promise<void> {
  if (!consoleReady) {
    consoleWanted = true;
    consoleReady = addConsolePart ? addConsolePart() : Promise.resolve();
  }
  return consoleReady;
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
      // A transition: the app below is drawn in short slices, not in one long task.
      if (!cancelled) startTransition(() => setLoaded({ locale, messages }));
    });
    return () => {
      cancelled = true;
    };
  }, [locale, setDirection]);

  // The router renders inside this provider, so a console route's loader runs after the first
  // catalogue is shown; from then on the console part is added to the language on screen.
  useEffect(() => {
    addConsolePart = async () => {
      const extra = await loadPart(consoleParts, locale);
      setLoaded((prev) =>
        prev && prev.locale === locale ? { locale, messages: { ...prev.messages, ...extra } } : prev,
      );
    };
    return () => {
      addConsolePart = null;
    };
  }, [locale]);

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
