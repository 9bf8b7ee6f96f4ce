import '@mantine/dates/styles.css';
import { DateInput, DatesProvider, type DateInputProps } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';
import 'dayjs/locale/ar';
import 'dayjs/locale/hi';
import 'dayjs/locale/vi';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useIntl, type IntlShape } from 'react-intl';
import { isIsoDate } from '../../shared/dates.ts';

/**
 * A calendar date typed and shown in the app's language (not the browser's, as `<input type="date">`
 * is): the text reads like every other date in the app (Intl in the app's language: vi 15/06/2024,
 * en 06/15/2024, ar 2024/06/15 right to left), the calendar
 * names months and weekdays in the app's language and starts the week on that language's first day.
 * Typing accepts the language's day/month/year order with any separator, Latin, Arabic-Indic or
 * Devanagari digits, and ISO `2024-06-15`. The value is always ISO `YYYY-MM-DD` (or null when cleared).
 *
 * Lives in the console's chunks only (with @mantine/dates and dayjs): the member screens do not use it.
 */
export interface DateFieldProps extends Omit<
  DateInputProps,
  | 'value'
  | 'defaultValue'
  | 'onChange'
  | 'minDate'
  | 'maxDate'
  | 'valueFormat'
  | 'dateParser'
  | 'locale'
  | 'label'
  | 'error'
> {
  /** The visible label (the input's accessible name). */
  label: ReactNode;
  /** ISO `YYYY-MM-DD`; null or undefined for none. */
  value: string | null | undefined;
  onChange: (value: string | null) => void;
  /** Earliest and latest allowed days, ISO. */
  min?: string;
  max?: string;
  /** An error to show under the field (e.g. the server's); a typing error of the field's own comes first. */
  error?: ReactNode;
}

type Part = 'day' | 'month' | 'year';

/** Mantine's dates context per app locale: dayjs locale, first day of the week, weekend. */
const CALENDAR: Record<string, { firstDayOfWeek: 0 | 1 | 6; weekendDays: (0 | 5 | 6)[] }> = {
  vi: { firstDayOfWeek: 1, weekendDays: [0, 6] },
  en: { firstDayOfWeek: 0, weekendDays: [0, 6] },
  ar: { firstDayOfWeek: 6, weekendDays: [5, 6] },
  hi: { firstDayOfWeek: 0, weekendDays: [0] },
};

const DIGIT_BLOCKS = [0x0660, 0x06f0, 0x0966]; // Arabic-Indic, Extended Arabic-Indic, Devanagari

function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9\u0966-\u096f]/g, (c) => {
    const code = c.charCodeAt(0);
    const block = DIGIT_BLOCKS.find((b) => code >= b && code <= b + 9)!;
    return String(code - block);
  });
}

function formatter(locale: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, {
    timeZone: 'UTC',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
}

/** The order in which the language writes day, month and year (vi: day, month, year). */
export function partOrder(locale: string): Part[] {
  return formatter(locale)
    .formatToParts(new Date(Date.UTC(2024, 5, 15)))
    .map((p) => p.type)
    .filter((t): t is Part => t === 'day' || t === 'month' || t === 'year');
}

/** '2024-06-15' as the app shows dates in `locale` (the same as useFormatDate). */
export function formatIsoDate(iso: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  return formatter(locale).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
}

/** What the user typed, as an ISO date, or null when it is not a whole, real date. */
export function parseTypedDate(text: string, locale: string): string | null {
  const clean = asciiDigits(text)
    .replace(/[\u200e\u200f\u061c]/g, '')
    .trim();
  if (!clean) return null;
  let year: string | undefined;
  let month: string | undefined;
  let day: string | undefined;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(clean);
  if (iso) [, year, month, day] = iso;
  else {
    const groups = clean.split(/\D+/).filter(Boolean);
    if (groups.length !== 3) return null;
    const order = partOrder(locale);
    order.forEach((part, i) => {
      if (part === 'year') year = groups[i];
      else if (part === 'month') month = groups[i];
      else day = groups[i];
    });
  }
  if (!year || year.length !== 4 || !month || month.length > 2 || !day || day.length > 2) return null;
  const value = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isIsoDate(value) ? value : null;
}

function placeholder(intl: IntlShape): string {
  const words: Record<Part, string> = {
    day: intl.formatMessage({ id: 'date.placeholder.day' }),
    month: intl.formatMessage({ id: 'date.placeholder.month' }),
    year: intl.formatMessage({ id: 'date.placeholder.year' }),
  };
  return partOrder(intl.locale)
    .map((p) => words[p])
    .join('/');
}

export function DateField({
  label,
  value,
  onChange,
  min,
  max,
  error,
  clearable,
  popoverProps,
  ...rest
}: DateFieldProps) {
  const intl = useIntl();
  const locale = intl.locale;
  const [typingError, setTypingError] = useState<string | null>(null);
  const [text, setText] = useState<string | null>(null);
  // The calendar is open while the field has focus and what is typed is not yet a date: typing a whole
  // date (or picking a day) closes it, so it never covers the page once the value is there.
  const [opened, setOpened] = useState(false);
  // The value just chosen, shown until the owner's value moves on: an owner that keeps the value in
  // the address (a router transition) answers a render or more later, and the field must not show
  // the old date meanwhile.
  const [chosen, setChosen] = useState<{ over: string | null; value: string | null } | null>(null);
  const current = value || null;
  const shown = chosen && chosen.over === current ? chosen.value : current;
  // Once the owner's value has moved on, it is the value again (even if it later returns to `over`).
  useEffect(() => {
    setChosen((c) => (c && c.over !== current ? null : c));
  }, [current]);
  const hint = useMemo(() => placeholder(intl), [intl]);
  const settings = useMemo(() => ({ locale, ...(CALENDAR[locale] ?? CALENDAR.en!) }), [locale]);

  /** Why the text typed so far is not the field's value, if it is not. */
  const check = (typed: string): string | null => {
    if (!typed.trim()) return null;
    const parsed = parseTypedDate(typed, locale);
    if (!parsed) return intl.formatMessage({ id: 'date.invalid' }, { format: hint });
    if (min && parsed < min)
      return intl.formatMessage({ id: 'date.tooEarly' }, { date: formatIsoDate(min, locale) });
    if (max && parsed > max)
      return intl.formatMessage({ id: 'date.tooLate' }, { date: formatIsoDate(max, locale) });
    return null;
  };

  return (
    <DatesProvider settings={settings}>
      <DateInput
        leftSection={<IconCalendar size={16} aria-hidden />}
        placeholder={hint}
        {...rest}
        label={label}
        value={shown}
        onChange={(next) => {
          const valid = next && isIsoDate(next) ? next : null;
          setTypingError(null);
          setText(null);
          setOpened(false);
          setChosen({ over: current, value: valid });
          onChange(valid);
        }}
        minDate={min}
        maxDate={max}
        valueFormat={(iso) => formatIsoDate(iso, locale)}
        dateParser={(typed) => parseTypedDate(typed, locale)}
        // On blur a date that was taken is shown in the language's format; what was not taken stays, with
        // the reason, rather than being silently undone.
        fixOnBlur={text === null || check(text) === null}
        popoverProps={{ ...popoverProps, opened }}
        onFocus={(event) => {
          rest.onFocus?.(event);
          setOpened(true);
        }}
        onClick={(event) => {
          rest.onClick?.(event);
          setOpened(true);
        }}
        onKeyDown={(event) => {
          rest.onKeyDown?.(event);
          if (event.key === 'Escape') setOpened(false);
        }}
        onInput={(event) => {
          rest.onInput?.(event);
          const typed = event.currentTarget.value;
          setText(typed);
          setOpened(check(typed) !== null || !typed.trim());
          if (typingError) setTypingError(check(typed));
        }}
        onBlur={(event) => {
          rest.onBlur?.(event);
          setOpened(false);
          if (text !== null) setTypingError(check(text));
        }}
        clearable={clearable}
        clearButtonProps={{ 'aria-label': intl.formatMessage({ id: 'date.clear' }) }}
        error={typingError ?? error}
        ariaLabels={{
          monthLevelControl: intl.formatMessage({ id: 'date.chooseMonth' }),
          yearLevelControl: intl.formatMessage({ id: 'date.chooseYear' }),
          nextMonth: intl.formatMessage({ id: 'date.nextMonth' }),
          previousMonth: intl.formatMessage({ id: 'date.previousMonth' }),
          nextYear: intl.formatMessage({ id: 'date.nextYear' }),
          previousYear: intl.formatMessage({ id: 'date.previousYear' }),
          nextDecade: intl.formatMessage({ id: 'date.nextDecade' }),
          previousDecade: intl.formatMessage({ id: 'date.previousDecade' }),
        }}
      />
    </DatesProvider>
  );
}
