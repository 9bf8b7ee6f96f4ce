import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import IntlMessageFormat from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../shared/limits.ts';
import { messagePart } from '../../shared/i18n/parts.ts';

// Convention: a message id always has a dot ('nav.units'), an HTML id never does, and the code
// names every id literally, as `id: 'x.y'` or `id="x.y"`, so that this scan finds it.
const here = dirname(fileURLToPath(import.meta.url));
const webDir = join(here, '..');
const messagesDir = join(here, '..', '..', 'shared', 'i18n', 'messages');
const ID_PATTERN = /\bid(?::\s*|=\{?\s*)['"]([A-Za-z][\w-]*(?:\.[\w-]+)+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every id used in the code, with every file that uses it. */
const usedBy = new Map<string, string[]>();
for (const file of sourceFiles(webDir)) {
  for (const match of readFileSync(file, 'utf8').matchAll(ID_PATTERN)) {
    const files = usedBy.get(match[1]!) ?? [];
    files.push(relative(webDir, file));
    usedBy.set(match[1]!, files);
  }
}

function usedIds(): Map<string, string> {
  return new Map([...usedBy].map(([id, files]) => [id, files[0]!]));
}

function catalogue(locale: string): Record<string, string> {
  return JSON.parse(readFileSync(join(messagesDir, `${locale}.json`), 'utf8')) as Record<string, string>;
}

// The parts of the ICU syntax tree this check reads (types: 0 literal, 7 pound, 8 tag, 5 select, 6 plural).
interface Element {
  type: number;
  value?: unknown;
  children?: Element[];
  options?: Record<string, { value: Element[] }>;
}

function argumentNames(elements: Element[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === 0 || element.type === 7) continue;
    if (element.type === 8) argumentNames(element.children ?? [], into);
    else if (typeof element.value === 'string') into.add(element.value);
    for (const option of Object.values(element.options ?? {})) argumentNames(option.value, into);
  }
  return into;
}

function parse(text: string): Element[] {
  return new IntlMessageFormat(text, 'en').getAst() as Element[];
}

const reference = catalogue('en');
const used = usedIds();

describe('message catalogues', () => {
  it('finds message ids in the code', () => {
    expect(used.size).toBeGreaterThan(20);
  });

  it.each(LOCALES)('%s has every key that the code uses', (locale) => {
    const messages = catalogue(locale);
    const missing = [...used].filter(([id]) => !(id in messages)).map(([id, file]) => `${id} (${file})`);
    expect(missing).toEqual([]);
  });

  it.each(LOCALES)('%s has exactly the keys of the English catalogue, none empty', (locale) => {
    const messages = catalogue(locale);
    expect(Object.keys(messages).filter((k) => !(k in reference))).toEqual([]);
    expect(Object.keys(reference).filter((k) => !(k in messages))).toEqual([]);
    expect(Object.keys(messages).filter((k) => !messages[k]?.trim())).toEqual([]);
  });

  it("puts every id the member's screens use in the part loaded at start", () => {
    // Console screens (and the secretary's meeting panel, which loads the console part first) may use
    // either part; everything else runs on a member's phone before the console part is loaded.
    const consoleCode = [
      'features/units/',
      'features/people/',
      'features/imports/',
      'features/programs/',
      'features/restructure/',
      'features/handbook/monitor/',
      'features/handbook/member/ManagePanel.tsx',
    ];
    const memberSide = (file: string) => {
      const path = file.split('\\').join('/');
      if (path.startsWith('features/handbook/manage/')) return path.endsWith('/labels.ts');
      return !consoleCode.some((prefix) => path.startsWith(prefix));
    };
    const wrong = [...usedBy].flatMap(([id, files]) =>
      messagePart(id) === 'member' ? [] : files.filter(memberSide).map((file) => `${id} (${file})`),
    );
    expect(wrong).toEqual([]);
  });

  it('has no key that the code does not use', () => {
    expect(Object.keys(reference).filter((k) => !used.has(k))).toEqual([]);
  });

  it.each(LOCALES)('%s messages are valid ICU with the same arguments as English', (locale) => {
    const messages = catalogue(locale);
    const problems: string[] = [];
    for (const [key, text] of Object.entries(messages)) {
      try {
        const names = [...argumentNames(parse(text))].sort();
        const expected = [...argumentNames(parse(reference[key] ?? ''))].sort();
        if (names.join() !== expected.join()) problems.push(`${key}: {${names}} vs {${expected}}`);
      } catch (error) {
        problems.push(`${key}: ${String(error)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
