/**
 * A meeting's start is typed as a calendar day and a clock time where the user is; the server gets it
 * with that place's offset written out (`2026-12-05T08:00:00+07:00`), so the month "as written" is the
 * month the user meant, even for a meeting just after midnight on the first.
 */
function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** 'YYYY-MM-DD' + 'HH:mm' in the browser's time zone → ISO with its offset; null when either is missing. */
export function localDateTime(date: string | null, time: string): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date ?? '');
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return null;
  const local = new Date(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  if (Number.isNaN(local.getTime())) return null;
  const offset = -local.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}` +
    `T${pad(local.getHours())}:${pad(local.getMinutes())}:00${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** An instant from the server as the day and clock time where the user is. */
export function splitLocal(iso: string | null | undefined): { date: string | null; time: string } {
  if (!iso) return { date: null, time: '' };
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return { date: null, time: '' };
  return {
    date: `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`,
    time: `${pad(at.getHours())}:${pad(at.getMinutes())}`,
  };
}

/** Today where the user is, ISO. */
export function localToday(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
