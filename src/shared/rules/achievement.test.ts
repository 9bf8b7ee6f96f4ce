import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  assessTarget,
  formatPercent,
  parseDecimal,
  roundedPercent,
  summarize,
  type Direction,
} from './achievement.ts';

/** '+28.75' -> 2875n, '-12.50' -> -1250n: a two-decimal string as BigInt hundredths. */
const hundredths = (s: string): bigint => {
  const m = /^([+-]?)(\d+)\.(\d{2})$/.exec(s);
  if (!m) throw new Error(`not a two-decimal string: ${s}`);
  const v = BigInt(m[2]! + m[3]!);
  return m[1] === '-' ? -v : v;
};

/** Normalized form of the table's inputs below (all of them print plainly as numbers). */
const normalized = (v: number | string): string => String(Number(v));

describe('parseDecimal', () => {
  it.each([
    [80, 80n, 1n],
    ['80', 80n, 1n],
    [12.5, 125n, 10n],
    ['12.50', 125n, 10n],
    ['0.125', 125n, 1000n],
    ['-3', -3n, 1n],
    [-0, 0n, 1n],
    ['0', 0n, 1n],
    ['+7', 7n, 1n],
    [0.1, 1n, 10n],
    ['0.000001', 1n, 1_000_000n],
    ['1.5000000', 15n, 10n],
    [1e21, 10n ** 21n, 1n],
  ] as [number | string, bigint, bigint][])('%s -> %s / %s', (v, num, den) => {
    expect(parseDecimal(v)).toEqual({ num, den });
  });

  it.each([
    NaN,
    Infinity,
    -Infinity,
    '',
    ' 80',
    '80 ',
    'abc',
    '1,5',
    '1.',
    '.5',
    '1e3',
    '0x10',
    '--1',
    '0.1234567',
    0.1 + 0.2,
    1e-7,
  ])('refuses %s', (v) => {
    expect(() => parseDecimal(v)).toThrow(RangeError);
  });
});

describe('roundedPercent', () => {
  it.each([
    [103n, 80n, '128.75'],
    [16n, 15n, '106.67'],
    [1n, 1n, '100.00'],
    [0n, 7n, '0.00'],
    [-1n, 8n, '-12.50'],
    [1n, -8n, '-12.50'],
    [-1n, -8n, '12.50'],
    [1n, 800n, '0.13'],
    [-1n, 800n, '-0.13'],
    [1n, 20000n, '0.01'],
    [-1n, 20001n, '0.00'],
  ])('%s / %s -> %s', (num, den, expected) => {
    expect(roundedPercent(num, den)).toBe(expected);
  });

  it('refuses a zero denominator', () => {
    expect(() => roundedPercent(1n, 0n)).toThrow(RangeError);
  });
});

describe('assessTarget', () => {
  it.each([
    // achieved, target, direction, percentOfTarget, difference, met
    [103, 80, undefined, '128.75', '+28.75', true],
    [16, 15, undefined, '106.67', '+6.67', true],
    [14, 13, undefined, '107.69', '+7.69', true],
    [3, 3, undefined, '100.00', '0.00', true],
    [70, 80, undefined, '87.50', '-12.50', false],
    [2, 3, undefined, '66.67', '-33.33', false],
    [1, 8, undefined, '12.50', '-87.50', false],
    [1, 200, undefined, '0.50', '-99.50', false],
    [1, 400, undefined, '0.25', '-99.75', false],
    [1, 800, undefined, '0.13', '-99.87', false],
    [0, 5, undefined, '0.00', '-100.00', false],
    [5, 0, undefined, null, null, true],
    [0, 0, undefined, null, null, true],
    ['12.5', '10', undefined, '125.00', '+25.00', true],
    ['9.99', '10', 'at_least', '99.90', '-0.10', false],
    [19999, 20000, 'at_least', '100.00', '0.00', false],
    [8, 10, 'at_most', '80.00', '-20.00', true],
    [10, 10, 'at_most', '100.00', '0.00', true],
    [12, 10, 'at_most', '120.00', '+20.00', false],
    [0, 0, 'at_most', null, null, true],
    [5, 0, 'at_most', null, null, false],
    [-5, -10, 'at_least', '50.00', '-50.00', true],
  ] as [number | string, number | string, Direction | undefined, string | null, string | null, boolean][])(
    '%s of %s (%s) -> %s / %s',
    (achieved, target, direction, percentOfTarget, difference, met) => {
      expect(assessTarget({ achieved, target, direction })).toEqual({
        achieved: normalized(achieved),
        target: normalized(target),
        percentOfTarget,
        difference,
        met,
      });
    },
  );

  it('echoes figures as normalized decimal strings', () => {
    expect(assessTarget({ achieved: '12.50', target: 10 })).toMatchObject({ achieved: '12.5', target: '10' });
    expect(assessTarget({ achieved: 0.125, target: '-3' })).toMatchObject({
      achieved: '0.125',
      target: '-3',
    });
    expect(assessTarget({ achieved: '-0', target: '007' })).toMatchObject({ achieved: '0', target: '7' });
  });

  it('refuses figures that are not decimals', () => {
    expect(() => assessTarget({ achieved: 'many', target: 3 })).toThrow(RangeError);
    expect(() => assessTarget({ achieved: 3, target: NaN })).toThrow(RangeError);
  });
});

describe('assessTarget properties', () => {
  const figure = fc.oneof(
    fc.integer({ min: 0, max: 1_000_000 }),
    fc
      .tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 999_999 }))
      .map(([w, f]) => `${w}.${String(f).padStart(6, '0')}`),
  );
  const target = figure.filter((t) => Number(t) > 0);

  it('difference is percentOfTarget - 100 exactly', () => {
    fc.assert(
      fc.property(figure, target, (achieved, t) => {
        const r = assessTarget({ achieved, target: t });
        expect(hundredths(r.difference!)).toBe(hundredths(r.percentOfTarget!) - 10000n);
      }),
    );
  });

  it('is within 0.005 of the floating-point value', () => {
    fc.assert(
      fc.property(figure, target, (achieved, t) => {
        const r = assessTarget({ achieved, target: t });
        const exact = (Number(achieved) / Number(t)) * 100;
        expect(Math.abs(Number(r.percentOfTarget) - exact)).toBeLessThanOrEqual(0.005 + 1e-9 * exact);
        expect(Math.abs(Number(r.difference) - (exact - 100))).toBeLessThanOrEqual(0.005 + 1e-9 * exact);
      }),
    );
  });

  it('is monotone in the achieved figure', () => {
    fc.assert(
      fc.property(figure, figure, target, (x, y, t) => {
        const [lo, hi] = Number(x) <= Number(y) ? [x, y] : [y, x];
        const a = assessTarget({ achieved: lo, target: t });
        const b = assessTarget({ achieved: hi, target: t });
        expect(hundredths(a.percentOfTarget!) <= hundredths(b.percentOfTarget!)).toBe(true);
        expect(hundredths(a.difference!) <= hundredths(b.difference!)).toBe(true);
      }),
    );
  });

  it('met agrees with the sign of the difference (at_least)', () => {
    fc.assert(
      fc.property(figure, target, (achieved, t) => {
        const r = assessTarget({ achieved, target: t });
        // A shortfall below 0.005% rounds to '0.00', so only the strict signs are conclusive.
        if (r.difference!.startsWith('+')) expect(r.met).toBe(true);
        if (r.difference!.startsWith('-')) expect(r.met).toBe(false);
        if (r.met) expect(r.difference!.startsWith('-')).toBe(false);
        expect(r.met).toBe(Number(achieved) >= Number(t));
      }),
    );
  });

  it('at_most is met exactly when at_least is not, or the figures are equal', () => {
    fc.assert(
      fc.property(figure, target, (achieved, t) => {
        const least = assessTarget({ achieved, target: t });
        const most = assessTarget({ achieved, target: t, direction: 'at_most' });
        expect(most.met).toBe(!least.met || least.achieved === least.target);
      }),
    );
  });
});

describe('summarize', () => {
  it('counts met targets', () => {
    const all = [
      [103, 80],
      [16, 15],
      [14, 13],
      [3, 3],
      [1, 1],
      [2, 2],
    ].map(([achieved, target]) => assessTarget({ achieved: achieved!, target: target! }));
    expect(summarize(all)).toEqual({ met: 6, total: 6, label: '6/6' });
    expect(summarize([...all, assessTarget({ achieved: 70, target: 80 })])).toEqual({
      met: 6,
      total: 7,
      label: '6/7',
    });
    expect(summarize([])).toEqual({ met: 0, total: 0, label: '0/0' });
  });
});

describe('formatPercent', () => {
  it.each([
    ['128.75', 'en', '128.75'],
    ['+28.75', 'en', '+28.75'],
    ['-12.50', 'en', '-12.50'],
    ['0.00', 'en', '0.00'],
    ['+6.67', 'vi', '+6,67'],
    ['+28.75', 'vi', '+28,75'],
    ['107.69', 'vi', '107,69'],
    ['-12.50', 'vi', '-12,50'],
    ['1234.50', 'en', '1,234.50'],
    ['1234.50', 'vi', '1.234,50'],
  ])('%s in %s -> %s', (value, locale, expected) => {
    expect(formatPercent(value, locale)).toBe(expected);
  });

  it.each(['ar', 'hi'])('formats in %s', (locale) => {
    for (const v of ['128.75', '+28.75', '-12.50', '0.00']) {
      const s = formatPercent(v, locale);
      expect(typeof s).toBe('string');
      expect(s.length).toBeGreaterThan(0);
    }
  });

  it('refuses values that are not rounded decimals', () => {
    expect(() => formatPercent('12.345', 'en')).toThrow(RangeError);
    expect(() => formatPercent('abc', 'en')).toThrow(RangeError);
  });

  it('round-trips the digits in en and vi', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (h) => {
        const value = roundedPercent(BigInt(h), 10000n);
        const en = formatPercent(value, 'en').replace(/,/g, '');
        const vi = formatPercent(value, 'vi').replace(/\./g, '').replace(',', '.');
        expect(en).toBe(value);
        expect(vi).toBe(value);
      }),
    );
  });
});
