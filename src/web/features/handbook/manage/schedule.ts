import {
  DEFAULT_SCHEDULE_DAY,
  scheduleDeadline as ruleDeadline,
  shiftMonth,
} from '../../../../shared/rules/compliance.ts';

/**
 * The cell's schedule rule as the scheduling form tells it: the regular meeting of month M is set by
 * the schedule day (the 20th) of month M − 1, so members have the agenda and materials in time. The
 * deadline itself is the compliance monitor's rule (shared/rules/compliance.ts); these helpers work
 * on ISO calendar strings only, so the browser's time zone never moves a day.
 */
export const SCHEDULE_DAY = DEFAULT_SCHEDULE_DAY;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])(?:-\d{2})?$/;

/** 'YYYY-MM' or 'YYYY-MM-DD' → 'YYYY-MM'; null when it is not a month. */
export function monthOf(value: string): string | null {
  const m = MONTH.exec(value);
  return m ? `${m[1]}-${m[2]}` : null;
}

/** The last day to schedule the regular meeting of `month`. */
export function scheduleDeadline(month: string): string | null {
  const m = monthOf(month);
  return m ? ruleDeadline(m, SCHEDULE_DAY) : null;
}

/** Scheduling the meeting of `month` on `today` misses the deadline. */
export function isLateSchedule(month: string, today: string): boolean {
  const deadline = scheduleDeadline(month);
  return deadline !== null && today > deadline;
}

/** The month whose regular meeting is due to be scheduled next, seen from `today`: next month. */
export function nextMeetingMonth(today: string): string {
  return shiftMonth(today.slice(0, 7), 1);
}
