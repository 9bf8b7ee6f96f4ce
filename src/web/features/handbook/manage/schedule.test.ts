import { describe, expect, it } from 'vitest';
import { isLateSchedule, monthOf, nextMeetingMonth, scheduleDeadline } from './schedule.ts';
import { localDateTime, splitLocal } from './datetime.ts';

describe('schedule rule', () => {
  it.each([
    ['2025-03', '2025-02-20'],
    ['2025-03-01', '2025-02-20'],
    ['2025-01', '2024-12-20'],
    ['2024-12-15', '2024-11-20'],
  ])('the meeting of %s is scheduled by %s', (month, deadline) => {
    expect(scheduleDeadline(month)).toBe(deadline);
  });

  it.each([
    ['2025-03', '2025-02-19', false],
    ['2025-03', '2025-02-20', false],
    ['2025-03', '2025-02-21', true],
    ['2025-03', '2025-03-02', true],
    ['2025-01', '2024-12-20', false],
    ['2025-01', '2024-12-21', true],
  ])('meeting of %s scheduled on %s is late: %s', (month, today, late) => {
    expect(isLateSchedule(month, today)).toBe(late);
  });

  it('rejects what is not a month', () => {
    expect(monthOf('2025-13')).toBeNull();
    expect(monthOf('march')).toBeNull();
    expect(scheduleDeadline('')).toBeNull();
    expect(isLateSchedule('x', '2025-01-01')).toBe(false);
  });

  it('next month rolls over the year', () => {
    expect(nextMeetingMonth('2024-12-05')).toBe('2025-01');
    expect(nextMeetingMonth('2025-02-28')).toBe('2025-03');
  });
});

describe('meeting date and time', () => {
  it('writes the local offset and reads back the same day and time', () => {
    const iso = localDateTime('2026-12-01', '00:30');
    expect(iso).toMatch(/^2026-12-01T00:30:00[+-]\d{2}:\d{2}$/);
    expect(new Date(iso!).getTime()).not.toBeNaN();
    expect(splitLocal(iso)).toEqual({ date: '2026-12-01', time: '00:30' });
  });

  it('needs both a day and a time', () => {
    expect(localDateTime(null, '08:00')).toBeNull();
    expect(localDateTime('2026-12-01', '')).toBeNull();
    expect(localDateTime('2026-12-01', '8')).toBeNull();
    expect(splitLocal(null)).toEqual({ date: null, time: '' });
  });
});
