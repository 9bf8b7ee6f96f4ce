import { useCallback } from 'react';
import { useIntl } from 'react-intl';

/** Calendar dates ('YYYY-MM-DD') shown in the user's language, never shifted by time zones. */
export function useFormatDate() {
  const intl = useIntl();
  return useCallback(
    (iso: string | null | undefined) => {
      if (!iso) return '';
      const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
      if (!m) return iso;
      const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return intl.formatDate(date, { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
    },
    [intl],
  );
}

export function useFormatNumber() {
  const intl = useIntl();
  return useCallback(
    (value: number | null | undefined) => (value == null ? '' : intl.formatNumber(value)),
    [intl],
  );
}

export function todayIso(): string {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}
