import type { IsoDate } from '../shared/dates.ts';

/** Time comes in through here so tests can set it; rules never call Date.now(). */
export interface Clock {
  now(): Date;
  /** Today's calendar date in the deployment's time zone. */
  today(): IsoDate;
}

export function systemClock(timeZone: string): Clock {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return {
    now: () => new Date(),
    today: () => fmt.format(new Date()),
  };
}

export function fixedClock(iso: string, timeZone = 'UTC'): Clock {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  let t = new Date(iso).getTime();
  return {
    now: () => new Date(t),
    today: () => fmt.format(new Date(t)),
    ...{ advance: (ms: number) => (t += ms) },
  };
}
