import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clampAsOf, containsDate, parsePeriod, periodMonths, previousPeriod, type Period } from './period.ts';

const period = (code: string): Period => {
  const p = parsePeriod(code);
  if (!p) throw new Error(`not a period: ${code}`);
  return p;
};

describe('parsePeriod', () => {
  it.each([
    ['2023', 'year', '2023-01-01', '2023-12-31'],
    ['2023-Q1', 'quarter', '2023-01-01', '2023-03-31'],
    ['2023-Q2', 'quarter', '2023-04-01', '2023-06-30'],
    ['2023-Q3', 'quarter', '2023-07-01', '2023-09-30'],
    ['2023-Q4', 'quarter', '2023-10-01', '2023-12-31'],
    ['2023-01', 'month', '2023-01-01', '2023-01-31'],
    ['2023-02', 'month', '2023-02-01', '2023-02-28'],
    ['2024-02', 'month', '2024-02-01', '2024-02-29'],
    ['2000-02', 'month', '2000-02-01', '2000-02-29'],
    ['1900-02', 'month', '1900-02-01', '1900-02-28'],
    ['2024-Q1', 'quarter', '2024-01-01', '2024-03-31'],
    ['2023-04', 'month', '2023-04-01', '2023-04-30'],
    ['2023-12', 'month', '2023-12-01', '2023-12-31'],
    ['1900', 'year', '1900-01-01', '1900-12-31'],
    ['2999-Q4', 'quarter', '2999-10-01', '2999-12-31'],
  ] as [string, Period['kind'], string, string][])('%s -> %s %s..%s', (code, kind, start, end) => {
    expect(parsePeriod(code)).toEqual({ kind, code, start, end });
  });

  it.each([
    ' 2023',
    '2023 ',
    '2023-Q5',
    '2023-Q0',
    '2023-q1',
    '2023-13',
    '2023-00',
    '23',
    '2023-1',
    '',
    '1899',
    '3000',
    '1899-12',
    '3000-Q1',
    '02023',
    '2023-01-01',
    '2023/01',
    '２０２３',
  ])('refuses %j', (code) => {
    expect(parsePeriod(code)).toBeNull();
  });
});

describe('periodMonths', () => {
  it.each([
    [
      '2023',
      ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2023-${m}`),
    ],
    ['2023-Q1', ['2023-01', '2023-02', '2023-03']],
    ['2023-Q4', ['2023-10', '2023-11', '2023-12']],
    ['2024-02', ['2024-02']],
  ])('%s -> %j', (code, months) => {
    expect(periodMonths(period(code))).toEqual(months);
  });
});

describe('clampAsOf', () => {
  it.each([
    ['2023', '2023-06-15', '2023-06-15'],
    ['2023', '2023-01-01', '2023-01-01'],
    ['2023', '2023-12-31', '2023-12-31'],
    ['2023', '2024-03-01', '2023-12-31'],
    ['2023', '2022-12-31', '2022-12-31'],
    ['2023', '2020-05-05', '2022-12-31'],
    ['2023-Q2', '2023-03-31', '2023-03-31'],
    ['2023-Q2', '2023-01-10', '2023-03-31'],
    ['2023-Q2', '2023-08-01', '2023-06-30'],
    ['2024-03', '2024-01-15', '2024-02-29'],
    ['2023-03', '2023-01-15', '2023-02-28'],
    ['2024-02', '2030-01-01', '2024-02-29'],
  ])('%s as of %s -> %s', (code, asOf, expected) => {
    expect(clampAsOf(period(code), asOf)).toBe(expected);
  });

  it('refuses an as-of that is not an ISO date', () => {
    expect(() => clampAsOf(period('2023'), '2023-02-30')).toThrow(RangeError);
    expect(() => clampAsOf(period('2023'), 'today')).toThrow(RangeError);
  });
});

describe('containsDate', () => {
  it.each([
    ['2023', '2023-01-01', true],
    ['2023', '2023-12-31', true],
    ['2023', '2022-12-31', false],
    ['2023', '2024-01-01', false],
    ['2023-Q3', '2023-07-01', true],
    ['2023-Q3', '2023-09-30', true],
    ['2023-Q3', '2023-10-01', false],
    ['2024-02', '2024-02-29', true],
    ['2024-02', '2024-03-01', false],
    ['2023', '2023-06-15T00:00:00Z', false],
    ['2023', '2023-02-30', false],
  ])('%s contains %s: %s', (code, iso, expected) => {
    expect(containsDate(period(code), iso)).toBe(expected);
  });
});

describe('previousPeriod', () => {
  it.each([
    ['2023', '2022'],
    ['2023-Q1', '2022-Q4'],
    ['2023-Q2', '2023-Q1'],
    ['2023-Q4', '2023-Q3'],
    ['2023-01', '2022-12'],
    ['2023-03', '2023-02'],
    ['2024-03', '2024-02'],
  ])('%s -> %s', (code, previous) => {
    expect(previousPeriod(period(code))).toEqual(period(previous));
  });
});

describe('period properties', () => {
  const code = fc.oneof(
    fc.integer({ min: 1900, max: 2999 }).map(String),
    fc
      .tuple(fc.integer({ min: 1900, max: 2999 }), fc.integer({ min: 1, max: 4 }))
      .map(([y, q]) => `${y}-Q${q}`),
    fc
      .tuple(fc.integer({ min: 1900, max: 2999 }), fc.integer({ min: 1, max: 12 }))
      .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
  );

  it('every month lies within [start, end] and the months tile the period', () => {
    fc.assert(
      fc.property(code, (c) => {
        const p = period(c);
        expect(p.code).toBe(c);
        const months = periodMonths(p);
        expect(months.length).toBe({ year: 12, quarter: 3, month: 1 }[p.kind]);
        expect(p.start).toBe(`${months[0]}-01`);
        expect(p.end.slice(0, 7)).toBe(months.at(-1));
        for (const m of months) {
          expect(containsDate(p, `${m}-01`)).toBe(true);
          expect(p.start <= `${m}-01` && `${m}-01` <= p.end).toBe(true);
        }
        // end is the last day: the next day lies outside the period
        const next = new Date(Date.parse(`${p.end}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
        expect(next.endsWith('-01')).toBe(true);
        expect(containsDate(p, next)).toBe(false);
        const year = Number(c.slice(0, 4));
        const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
        if (c.endsWith('-02')) expect(p.end).toBe(`${c}-${leap ? 29 : 28}`);
        if (p.kind === 'year' || c.endsWith('-Q4')) expect(p.end).toBe(`${year}-12-31`);
      }),
    );
  });

  it('the previous period ends the day before this one starts', () => {
    fc.assert(
      fc.property(code, (c) => {
        const p = period(c);
        const prev = previousPeriod(p);
        expect(prev.kind).toBe(p.kind);
        expect(clampAsOf(p, prev.end)).toBe(prev.end);
        expect(new Date(Date.parse(`${prev.end}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)).toBe(
          p.start,
        );
        if (Number(c.slice(0, 4)) > 1900) expect(parsePeriod(prev.code)).toEqual(prev);
      }),
    );
  });

  it('clampAsOf stays within the period or just before it', () => {
    fc.assert(
      fc.property(
        code,
        fc.date({ min: new Date('1899-01-01'), max: new Date('3000-12-31'), noInvalidDate: true }),
        (c, d) => {
          const p = period(c);
          const asOf = d.toISOString().slice(0, 10);
          const clamped = clampAsOf(p, asOf);
          expect(clamped <= asOf || asOf < p.start).toBe(true);
          expect(clamped <= p.end).toBe(true);
          if (containsDate(p, asOf)) expect(clamped).toBe(asOf);
          else if (asOf > p.end) expect(clamped).toBe(p.end);
          else expect(containsDate(p, clamped)).toBe(false);
        },
      ),
    );
  });
});
