import { IntlMessageFormat } from 'intl-messageformat';
import en from '../shared/i18n/errors/en.json' with { type: 'json' };
import vi from '../shared/i18n/errors/vi.json' with { type: 'json' };
import ar from '../shared/i18n/errors/ar.json' with { type: 'json' };
import hi from '../shared/i18n/errors/hi.json' with { type: 'json' };
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../shared/limits.ts';

export type ErrorCode = keyof typeof en;
const CATALOGUES: Record<Locale, Record<string, string>> = { en, vi, ar, hi };
const cache = new Map<string, IntlMessageFormat>();

/** The server's messages (errors, import row errors) in the caller's language, from the shared catalogue. */
export function translate(locale: Locale, code: string, params: Record<string, unknown> = {}): string {
  const source = CATALOGUES[locale][code] ?? CATALOGUES.en[code] ?? code;
  const key = `${locale}\u0000${code}`;
  let fmt = cache.get(key);
  if (!fmt) {
    fmt = new IntlMessageFormat(source, locale);
    cache.set(key, fmt);
  }
  try {
    return String(fmt.format(params as Record<string, string | number>));
  } catch {
    return source;
  }
}

/** Picks the first supported language of an Accept-Language header. */
export function localeFromHeader(header: string | undefined): Locale | null {
  if (!header) return null;
  const tags = header
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=');
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of tags) {
    const base = tag.split('-')[0] as Locale;
    if ((LOCALES as readonly string[]).includes(base)) return base;
  }
  return null;
}

export function resolveLocale(accountLocale: string | null | undefined, header: string | undefined): Locale {
  if (accountLocale && (LOCALES as readonly string[]).includes(accountLocale)) return accountLocale as Locale;
  return localeFromHeader(header) ?? DEFAULT_LOCALE;
}
