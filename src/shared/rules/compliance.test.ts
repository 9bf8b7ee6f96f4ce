import { describe, expect, it } from 'vitest';
import {
  cellMonthStatus,
  existedIn,
  scheduleDeadline,
  shiftMonth,
  worstStatus,
  type CellMonthRecord,
} from './compliance.ts';

const life = { establishedOn: '2010-01-01', closedOn: null };
const rec = (over: Partial<CellMonthRecord> = {}): CellMonthRecord => ({
  month: '2026-05',
  regularMeetingId: 1,
  scheduledAt: '2026-04-18T03:00:00Z',
  heldAt: '2026-05-10T08:00:00Z',
  minutesAt: '2026-05-11T08:00:00Z',
  invited: 9,
  attended: 8,
  quarterThematic: 0,
  ...over,
});

describe('cell-month status', () => {
  it.each([
    ['held on time with minutes and attendance', rec(), '2026-06-15', 'green', []],
    [
      'scheduled after the 20th of the month before',
      rec({ scheduledAt: '2026-04-22T03:00:00Z' }),
      '2026-06-15',
      'amber',
      ['scheduled_late'],
    ],
    ['scheduled on the 20th itself', rec({ scheduledAt: '2026-04-20T16:00:00Z' }), '2026-06-15', 'green', []],
    ['no minutes after the month', rec({ minutesAt: null }), '2026-06-01', 'amber', ['minutes_missing']],
    ['no minutes yet within the month', rec({ minutesAt: null }), '2026-05-20', 'green', []],
    ['five of nine attended', rec({ attended: 5 }), '2026-06-15', 'amber', ['low_attendance']],
    ['six of nine attended (two thirds)', rec({ attended: 6 }), '2026-06-15', 'green', []],
    [
      'skipped: nothing in the month',
      rec({
        regularMeetingId: null,
        scheduledAt: null,
        heldAt: null,
        minutesAt: null,
        invited: 0,
        attended: 0,
      }),
      '2026-06-01',
      'red',
      ['not_scheduled', 'not_held'],
    ],
    ['scheduled but never held', rec({ heldAt: null, minutesAt: null }), '2026-06-01', 'red', ['not_held']],
    [
      'held after the month ended',
      rec({ heldAt: '2026-06-02T08:00:00Z' }),
      '2026-06-15',
      'red',
      ['not_held'],
    ],
    ['scheduled, month under way', rec({ heldAt: null, minutesAt: null }), '2026-05-05', 'pending', []],
    [
      'not scheduled, month under way',
      rec({ regularMeetingId: null, scheduledAt: null, heldAt: null, minutesAt: null }),
      '2026-05-05',
      'amber',
      ['not_scheduled'],
    ],
    [
      'future month before its deadline',
      rec({ regularMeetingId: null, scheduledAt: null, heldAt: null }),
      '2026-04-20',
      'none',
      [],
    ],
    [
      'future month after its deadline, not scheduled',
      rec({ regularMeetingId: null, scheduledAt: null, heldAt: null }),
      '2026-04-21',
      'amber',
      ['not_scheduled'],
    ],
    ['future month scheduled in time', rec({ heldAt: null, minutesAt: null }), '2026-04-25', 'pending', []],
    [
      'quarter end without a thematic meeting',
      rec({ month: '2026-06', scheduledAt: '2026-05-02T00:00:00Z', heldAt: '2026-06-10T00:00:00Z' }),
      '2026-07-01',
      'amber',
      ['no_thematic'],
    ],
    [
      'quarter end with a thematic meeting',
      rec({
        month: '2026-06',
        scheduledAt: '2026-05-02T00:00:00Z',
        heldAt: '2026-06-10T00:00:00Z',
        quarterThematic: 1,
      }),
      '2026-07-01',
      'green',
      [],
    ],
    [
      'quarter end still under way',
      rec({
        month: '2026-06',
        scheduledAt: '2026-05-02T00:00:00Z',
        heldAt: '2026-06-10T00:00:00Z',
        minutesAt: null,
      }),
      '2026-06-20',
      'green',
      [],
    ],
  ] as const)('%s', (_name, r, today, status, reasons) => {
    expect(cellMonthStatus(r, life, today)).toEqual({ status, reasons });
  });

  it('is not applicable before the cell existed or after it closed', () => {
    expect(cellMonthStatus(rec(), { establishedOn: '2026-06-01', closedOn: null }, '2026-07-01').status).toBe(
      'not_applicable',
    );
    expect(
      cellMonthStatus(rec(), { establishedOn: '2010-01-01', closedOn: '2026-05-01' }, '2026-07-01').status,
    ).toBe('not_applicable');
    expect(existedIn({ establishedOn: '2026-05-31', closedOn: null }, '2026-05')).toBe(true);
    expect(existedIn({ establishedOn: '2010-01-01', closedOn: '2026-05-02' }, '2026-05')).toBe(true);
  });

  it('takes another schedule day and short months', () => {
    expect(scheduleDeadline('2026-03')).toBe('2026-02-20');
    expect(scheduleDeadline('2026-03', 30)).toBe('2026-02-28');
    expect(scheduleDeadline('2026-01')).toBe('2025-12-20');
    const late = rec({ scheduledAt: '2026-04-16T00:00:00Z' });
    expect(cellMonthStatus(late, life, '2026-06-15', 15)).toEqual({
      status: 'amber',
      reasons: ['scheduled_late'],
    });
  });

  it('shifts months across years and ranks statuses', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2026-12', 1)).toBe('2027-01');
    expect(shiftMonth('2026-05', -17)).toBe('2024-12');
    expect(worstStatus(['green', 'pending', 'none'])).toBe('green');
    expect(worstStatus(['green', 'amber', 'red'])).toBe('red');
    expect(worstStatus(['none', 'not_applicable'])).toBe('none');
    expect(worstStatus([])).toBe('not_applicable');
  });
});
