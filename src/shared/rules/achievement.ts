/**
 * The one rounding rule for work-program targets ("admitted 103 of 80 planned, exceeding the target by
 * 28.75%"). Figures are parsed as exact decimals, percentages are computed as exact fractions with BigInt
 * and rounded once, half away from zero, to two decimals. No floating-point division decides a digit.
 */

/** 'at_least': a target to reach (new members); 'at_most': a ceiling (members leaving <= 10). */
export type Direction = 'at_least' | 'at_most';

export interface Assessment {
  /** The achieved figure as a normalized decimal string ('103', '12.5'). */
  achieved: string;
  /** The target as a normalized decimal string. */
  target: string;
  /** achieved / target x 100, two decimals ('128.75'); null when the target is 0. */
  percentOfTarget: string | null;
  /** percentOfTarget - 100 exactly, signed ('+28.75', '0.00', '-12.50'); null when the target is 0. */
  difference: string | null;
  met: boolean;
}

/** Most fraction digits accepted in a figure. */
export const MAX_FRACTION_DIGITS = 6;

const DECIMAL_STRING = /^([+-]?)(\d+)(?:\.(\d+))?$/;
// What String(number) prints: plain decimals, or exponent notation for very large/small magnitudes.
const NUMBER_STRING = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/;

/**
 * An exact decimal as num / den, den the smallest power of ten (>= 1). Numbers are taken as the decimal
 * JavaScript prints for them (0.1 is 1/10); strings must be plain decimals ('80', '-3', '0.125').
 * Trailing fraction zeros do not count towards the limit of MAX_FRACTION_DIGITS. Throws RangeError otherwise.
 */
export function parseDecimal(v: number | string): { num: bigint; den: bigint } {
  let m: RegExpExecArray | null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new RangeError(`Not a finite number: ${v}`);
    m = NUMBER_STRING.exec(String(v));
  } else if (typeof v === 'string') {
    m = DECIMAL_STRING.exec(v);
  } else {
    m = null;
  }
  if (!m) throw new RangeError(`Not a decimal number: ${String(v)}`);
  const negative = m[1] === '-';
  let digits = (m[2] ?? '') + (m[3] ?? '');
  let scale = (m[3] ?? '').length - Number(m[4] ?? '0');
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  while (scale > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    scale--;
  }
  if (scale > MAX_FRACTION_DIGITS)
    throw new RangeError(`More than ${MAX_FRACTION_DIGITS} fraction digits: ${String(v)}`);
  const magnitude = BigInt(digits);
  return { num: negative ? -magnitude : magnitude, den: 10n ** BigInt(scale) };
}

/** Writes num / 10^scale as a decimal string with exactly `scale` fraction digits (never '-0'). */
function fixed(num: bigint, scale: number): string {
  const negative = num < 0n;
  const digits = (negative ? -num : num).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return (negative ? '-' : '') + whole + (scale > 0 ? '.' + frac : '');
}

/** Normalized decimal string of an exact decimal ('12.5', '80', '-3'). */
function decimalString(d: { num: bigint; den: bigint }): string {
  return fixed(d.num, d.den.toString().length - 1);
}

/** 10000 x num / den rounded half away from zero: the percentage in hundredths of a percent. */
function roundedBasisPoints(num: bigint, den: bigint): bigint {
  if (den === 0n) throw new RangeError('Division by zero');
  const n = 10000n * num;
  const negative = n < 0n !== den < 0n;
  const a = n < 0n ? -n : n;
  const b = den < 0n ? -den : den;
  const q = (2n * a + b) / (2n * b); // floor(a / b + 1/2)
  return negative ? -q : q;
}

/** 100 x num / den rounded half away from zero to exactly two decimals ('128.75', '0.00', '-12.50'). */
export function roundedPercent(num: bigint, den: bigint): string {
  return fixed(roundedBasisPoints(num, den), 2);
}

/**
 * Assesses an achieved figure against its target. The difference is derived from the rounded percentage
 * (percentOfTarget - 100), so the two printed figures never disagree; near 100% this can differ by 0.01
 * from rounding the exact difference on its own (99.995% -> '100.00' and '0.00', not '-0.01').
 */
export function assessTarget(input: {
  achieved: number | string;
  target: number | string;
  direction?: Direction;
}): Assessment {
  const a = parseDecimal(input.achieved);
  const t = parseDecimal(input.target);
  // Both denominators are positive, so cross-multiplying keeps the order.
  const lhs = a.num * t.den;
  const rhs = t.num * a.den;
  const met = (input.direction ?? 'at_least') === 'at_most' ? lhs <= rhs : lhs >= rhs;
  let percentOfTarget: string | null = null;
  let difference: string | null = null;
  if (t.num !== 0n) {
    const bp = roundedBasisPoints(lhs, rhs);
    percentOfTarget = fixed(bp, 2);
    const diff = bp - 10000n;
    difference = (diff > 0n ? '+' : '') + fixed(diff, 2);
  }
  return { achieved: decimalString(a), target: decimalString(t), percentOfTarget, difference, met };
}

/** How many targets were met, as a label ('6/6'). */
export function summarize(assessments: readonly Assessment[]): { met: number; total: number; label: string } {
  const met = assessments.filter((a) => a.met).length;
  const total = assessments.length;
  return { met, total, label: `${met}/${total}` };
}

const ROUNDED = /^[+-]?\d+(?:\.\d{1,2})?$/;

/**
 * Formats an already-rounded decimal string for display ('+28.75' -> '+28,75' in vi). A leading '+' is
 * kept. The string has at most two decimals, so converting it to a number here changes no digit.
 */
export function formatPercent(value: string, locale: string): string {
  if (!ROUNDED.test(value)) throw new RangeError(`Not a rounded decimal: ${value}`);
  const n = Number(value);
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    signDisplay: value.startsWith('+') ? 'exceptZero' : 'auto',
  }).format(n === 0 ? 0 : n);
}
