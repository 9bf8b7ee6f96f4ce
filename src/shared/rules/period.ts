import { addDays, isIsoDate, type IsoDate } from '../dates.ts';

/**
 * Work-program periods: a year ('2023'), a quarter ('2023-Q1') or a month ('2023-01'). `start` and `end`
 * are ISO dates and `end` is the last day inside the period (inclusive).
 */
export type Period = {
  kind: 'year' | 'quarter' | 'month';
  code: string;
  start: IsoDate;
  end: IsoDate;
};

const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The period spanning months firstMonth..lastMonth (1-based) of `year`. */
function span(
  kind: Period['kind'],
  code: string,
  year: number,
  firstMonth: number,
  lastMonth: number,
): Period {
  return {
    kind,
    code,
    start: `${pad(year, 4)}-${pad(firstMonth, 2)}-01`,
    end: `${pad(year, 4)}-${pad(lastMonth, 2)}-${pad(lastDay(year, lastMonth), 2)}`,
  };
}

function yearPeriod(year: number): Period {
  return span('year', pad(year, 4), year, 1, 12);
}
function quarterPeriod(year: number, quarter: number): Period {
  return span('quarter', `${pad(year, 4)}-Q${quarter}`, year, quarter * 3 - 2, quarter * 3);
}
function monthPeriod(year: number, month: number): Period {
  return span('month', `${pad(year, 4)}-${pad(month, 2)}`, year, month, month);
}

/** Parses '2023', '2023-Q1'..'2023-Q4' or '2023-01'..'2023-12' (years 1900-2999); null for anything else. */
export function parsePeriod(code: string): Period | null {
  if (typeof code !== 'string') return null;
  let m: RegExpExecArray | null;
  const inRange = (y: number) => y >= MIN_YEAR && y <= MAX_YEAR;
  if ((m = YEAR.exec(code))) {
    const y = Number(m[1]);
    return inRange(y) ? yearPeriod(y) : null;
  }
  if ((m = QUARTER.exec(code))) {
    const y = Number(m[1]);
    return inRange(y) ? quarterPeriod(y, Number(m[2])) : null;
  }
  if ((m = MONTH.exec(code))) {
    const y = Number(m[1]);
    return inRange(y) ? monthPeriod(y, Number(m[2])) : null;
  }
  return null;
}

/** The months ('YYYY-MM') inside the period, in order. */
export function periodMonths(p: Period): string[] {
  const year = Number(p.start.slice(0, 4));
  const first = Number(p.start.slice(5, 7));
  const last = Number(p.end.slice(5, 7));
  const months: string[] = [];
  for (let m = first; m <= last; m++) months.push(`${pad(year, 4)}-${pad(m, 2)}`);
  return months;
}

/**
 * The "as of" date for figures of the period: asOf, but no later than the period's last day; when asOf
 * falls before the period, the day before it starts (nothing of the period has happened yet).
 * Throws RangeError when asOf is not an ISO date.
 */
export function clampAsOf(p: Period, asOf: IsoDate): IsoDate {
  if (!isIsoDate(asOf)) throw new RangeError(`Not an ISO date: ${asOf}`);
  if (asOf < p.start) return addDays(p.start, -1);
  return asOf < p.end ? asOf : p.end;
}

/** Whether an ISO date lies within the period (both ends inclusive); false for anything not an ISO date. */
export function containsDate(p: Period, iso: IsoDate): boolean {
  return isIsoDate(iso) && p.start <= iso && iso <= p.end;
}

/** The period of the same kind just before (2023 -> 2022, 2023-Q1 -> 2022-Q4, 2023-01 -> 2022-12). */
export function previousPeriod(p: Period): Period {
  const year = Number(p.start.slice(0, 4));
  const month = Number(p.start.slice(5, 7));
  switch (p.kind) {
    case 'year':
      return yearPeriod(year - 1);
    case 'quarter': {
      const q = (month + 2) / 3;
      return q === 1 ? quarterPeriod(year - 1, 4) : quarterPeriod(year, q - 1);
    }
    case 'month':
      return month === 1 ? monthPeriod(year - 1, 12) : monthPeriod(year, month - 1);
  }
}
