import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { localeFromHeader, resolveLocale, translate } from './i18n.ts';
import { LOCALES } from '../shared/limits.ts';

const dir = path.join(import.meta.dirname, '..', 'shared', 'i18n', 'errors');
const catalogues = Object.fromEntries(
  LOCALES.map((l) => [
    l,
    JSON.parse(fs.readFileSync(path.join(dir, `${l}.json`), 'utf8')) as Record<string, string>,
  ]),
);

describe('server message catalogue', () => {
  it('has every key in every language, each a valid ICU message', () => {
    const keys = Object.keys(catalogues.en!).sort();
    for (const l of LOCALES) {
      expect(Object.keys(catalogues[l]!).sort(), l).toEqual(keys);
      for (const k of keys)
        expect(() => new IntlMessageFormat(catalogues[l]![k]!, l), `${l} ${k}`).not.toThrow();
    }
  });

  it('names every code the server raises', () => {
    const src = path.join(import.meta.dirname);
    const used = new Set<string>();
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) {
          for (const m of fs.readFileSync(p, 'utf8').matchAll(/AppError\(\s*'([a-z_.]+)'/g)) used.add(m[1]!);
        }
      }
    };
    walk(src);
    expect(used.size).toBeGreaterThan(20);
    for (const code of used) expect(catalogues.en, code).toHaveProperty([code]);
  });

  it('formats parameters and plurals per language', () => {
    expect(translate('en', 'import.row_errors', { count: 1 })).toMatch(/^1 row has an error/);
    expect(translate('en', 'import.row_errors', { count: 3 })).toMatch(/^3 rows have errors/);
    expect(translate('vi', 'auth.rate_limited', { minutes: 15 })).toContain('15 phút');
  });

  it('picks the language from the account, then Accept-Language, then Vietnamese', () => {
    expect(localeFromHeader('fr-FR,ar;q=0.8,en;q=0.5')).toBe('ar');
    expect(resolveLocale('hi', 'en')).toBe('hi');
    expect(resolveLocale(null, 'de')).toBe('vi');
  });
});
