import { useCallback } from 'react';
import { useIntl } from 'react-intl';

/** A meeting's day and time where the member is: "Thu, 05/12/2026 · 08:00". */
export function useMeetingTime() {
  const intl = useIntl();
  return useCallback(
    (startsAt: string, endsAt?: string | null) => {
      const start = new Date(startsAt);
      if (Number.isNaN(start.getTime())) return startsAt;
      const day = intl.formatDate(start, {
        weekday: 'short',
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
      });
      const time = intl.formatTime(start, { hour: '2-digit', minute: '2-digit' });
      const end = endsAt ? new Date(endsAt) : null;
      const until =
        end && !Number.isNaN(end.getTime())
          ? `–${intl.formatTime(end, { hour: '2-digit', minute: '2-digit' })}`
          : '';
      return `${day} · ${time}${until}`;
    },
    [intl],
  );
}

/** An instant as date and time, for "published", "answered", "sent". */
export function useInstant() {
  const intl = useIntl();
  return useCallback(
    (iso: string | null | undefined) =>
      iso
        ? intl.formatDate(new Date(iso), {
            day: '2-digit',
            month: '2-digit',
            year: 'numeric',
            hour: '2-digit',
            minute: '2-digit',
          })
        : '',
    [intl],
  );
}

export function formatBytes(size: number, formatNumber: (n: number, fractionDigits: number) => string) {
  if (size < 1024) return `${formatNumber(size, 0)} B`;
  if (size < 1024 * 1024) return `${formatNumber(size / 1024, 0)} KB`;
  return `${formatNumber(size / (1024 * 1024), 1)} MB`;
}
