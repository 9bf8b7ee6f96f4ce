/**
 * The compliance monitor's judgement of one cell-month, as pure functions of the month's record (the
 * regular meeting's scheduling, holding, minutes and attendance, and the quarter's thematic meetings)
 * and of today. The server keeps a mirror of `cellMonthStatus` in SQL for the stored per-cell results;
 * the handbook tests check that both agree.
 */

export type ComplianceStatus = 'green' | 'amber' | 'red' | 'pending' | 'none' | 'not_applicable';
export type ComplianceReason =
  'not_scheduled' | 'scheduled_late' | 'not_held' | 'minutes_missing' | 'low_attendance' | 'no_thematic';

/** The day of the month before by which next month's regular meeting must be scheduled. */
export const DEFAULT_SCHEDULE_DAY = 20;
/** A meeting is well attended when at least two thirds of those invited attended. */
export const ATTENDANCE_NUM = 2;
export const ATTENDANCE_DEN = 3;

/** Worst first: how statuses rank when a cell's months are summed up into one. */
export const STATUS_RANK: Record<ComplianceStatus, number> = {
  red: 5,
  amber: 4,
  green: 3,
  pending: 2,
  none: 1,
  not_applicable: 0,
};

/** One letter per status, as stored for a cell's twelve months. */
export const STATUS_LETTER: Record<ComplianceStatus, string> = {
  green: 'G',
  amber: 'A',
  red: 'R',
  pending: 'P',
  none: 'N',
  not_applicable: 'X',
};
export const LETTER_STATUS: Record<string, ComplianceStatus> = Object.fromEntries(
  Object.entries(STATUS_LETTER).map(([s, l]) => [l, s as ComplianceStatus]),
);

export interface CellMonthRecord {
  /** The month, YYYY-MM. */
  month: string;
  regularMeetingId: number | null;
  /** ISO instants. */
  scheduledAt: string | null;
  heldAt: string | null;
  minutesAt: string | null;
  invited: number;
  attended: number;
  /** Thematic meetings held in the month's quarter (all three months). */
  quarterThematic: number;
}

export interface CellLife {
  establishedOn: string;
  closedOn: string | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM of the month `delta` months from `month`. */
export function shiftMonth(month: string, delta: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + delta;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${yy}-${pad(mm + 1)}`;
}

export function lastDayOfMonth(month: string): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return `${month}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}

/** The last day on which the month's regular meeting may be scheduled in time (the schedule day of the month before). */
export function scheduleDeadline(month: string, scheduleDay = DEFAULT_SCHEDULE_DAY): string {
  const prev = shiftMonth(month, -1);
  const last = lastDayOfMonth(prev);
  const day = Math.min(scheduleDay, Number(last.slice(8, 10)));
  return `${prev}-${pad(day)}`;
}

export const isQuarterEnd = (month: string) => Number(month.slice(5, 7)) % 3 === 0;

/** The cell existed for at least a day of the month. */
export function existedIn(life: CellLife, month: string): boolean {
  return (
    life.establishedOn <= lastDayOfMonth(month) && (life.closedOn === null || life.closedOn > `${month}-01`)
  );
}

/**
 * The status of a cell-month on `today` (YYYY-MM-DD), with the reasons behind an amber or red.
 * Instants are compared as UTC dates.
 */
export function cellMonthStatus(
  rec: CellMonthRecord,
  life: CellLife,
  today: string,
  scheduleDay = DEFAULT_SCHEDULE_DAY,
): { status: ComplianceStatus; reasons: ComplianceReason[] } {
  const m = rec.month;
  if (!existedIn(life, m)) return { status: 'not_applicable', reasons: [] };
  const deadline = scheduleDeadline(m, scheduleDay);
  const started = today >= `${m}-01`;
  const ended = today > lastDayOfMonth(m);
  if (!started && today <= deadline) return { status: 'none', reasons: [] };
  const nextStart = `${shiftMonth(m, 1)}-01`;
  const held = rec.heldAt !== null && rec.heldAt.slice(0, 10) < nextStart;
  const reasons: ComplianceReason[] = [];
  if (rec.regularMeetingId === null) reasons.push('not_scheduled');
  else if (rec.scheduledAt !== null && rec.scheduledAt.slice(0, 10) > deadline)
    reasons.push('scheduled_late');
  if (ended && !held) return { status: 'red', reasons: [...reasons, 'not_held'] };
  if (held) {
    if (rec.invited > 0 && rec.attended * ATTENDANCE_DEN < rec.invited * ATTENDANCE_NUM)
      reasons.push('low_attendance');
    if (ended && rec.minutesAt === null) reasons.push('minutes_missing');
    if (ended && isQuarterEnd(m) && rec.quarterThematic === 0) reasons.push('no_thematic');
  }
  if (reasons.length > 0) return { status: 'amber', reasons };
  return { status: held ? 'green' : 'pending', reasons };
}

/** The worst of several statuses (a cell's year so far). */
export function worstStatus(statuses: readonly ComplianceStatus[]): ComplianceStatus {
  let worst: ComplianceStatus = 'not_applicable';
  for (const s of statuses) if (STATUS_RANK[s] > STATUS_RANK[worst]) worst = s;
  return worst;
}

/** attended / invited, or null when nobody was invited. */
export function attendanceRate(attended: number, invited: number): number | null {
  return invited > 0 ? attended / invited : null;
}
