import { useCallback } from 'react';
import { useIntl } from 'react-intl';

// Codes the server sends, with the words the member's screens show for them.
const ATTENDANCE = {
  present: { id: 'member.attendance.present' },
  remote: { id: 'member.attendance.remote' },
  late: { id: 'member.attendance.late' },
  excused: { id: 'member.attendance.excused' },
  absent: { id: 'member.attendance.absent' },
} as const;

const CHOICE = {
  for: { id: 'member.vote.for' },
  against: { id: 'member.vote.against' },
  abstain: { id: 'member.vote.abstain' },
} as const;

const TEXT_KIND = {
  draft_resolution: { id: 'member.text.draft_resolution' },
  resolution: { id: 'member.text.resolution' },
  minutes: { id: 'member.text.minutes' },
} as const;

export const ATTENDANCE_CODES = Object.keys(ATTENDANCE) as (keyof typeof ATTENDANCE)[];
export const CHOICE_CODES = Object.keys(CHOICE) as (keyof typeof CHOICE)[];

function useTable(table: Record<string, { id: string }>) {
  const intl = useIntl();
  return useCallback(
    (code: string | null | undefined) => {
      if (!code) return '';
      const d = table[code];
      return d ? intl.formatMessage(d) : code;
    },
    [intl, table],
  );
}

export function useAttendanceLabel() {
  return useTable(ATTENDANCE);
}

export function useChoiceLabel() {
  return useTable(CHOICE);
}

export function useTextKindLabel() {
  return useTable(TEXT_KIND);
}
