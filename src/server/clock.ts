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

/**
 * A clock that starts at `startIso` when the process starts and runs forward in real time: a demo or
 * training installation set in a chosen month (e.g. just before the schedule day), and the end-to-end
 * walkthrough of a month of cell life. `CLOCK_START` in the configuration.
 */
export function startedClock(startIso: string, timeZone: string): Clock {
  const fmt = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const offset = new Date(startIso).getTime() - Date.now();
  return {
    now: () => new Date(Date.now() + offset),
    today: () => fmt.format(new Date(Date.now() + offset)),
  };
}

/** The clock the configuration asks for: the system's, or one started at CLOCK_START. */
export function clockFor(config: { TIMEZONE: string; CLOCK_START?: string | undefined }): Clock {
  return config.CLOCK_START
    ? startedClock(config.CLOCK_START, config.TIMEZONE)
    : systemClock(config.TIMEZONE);
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
