import {
  IconAlertTriangle,
  IconCircleCheck,
  IconCircleX,
  IconClockHour4,
  IconMinus,
  type Icon,
} from '@tabler/icons-react';
import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import type { ComplianceReason, ComplianceStatus } from './api.ts';
import classes from './monitor.module.css';

/** Each status has a colour, an icon and a letter: colour is never the only signal. */
export const STATUS_LOOK: Record<ComplianceStatus, { icon: Icon | null; className: string }> = {
  green: { icon: IconCircleCheck, className: classes.green! },
  amber: { icon: IconAlertTriangle, className: classes.amber! },
  red: { icon: IconCircleX, className: classes.red! },
  pending: { icon: IconClockHour4, className: classes.pending! },
  none: { icon: IconMinus, className: classes.none! },
  not_applicable: { icon: null, className: classes.none! },
};

const STATUS_TEXT = {
  green: { id: 'monitor.status.green' },
  amber: { id: 'monitor.status.amber' },
  red: { id: 'monitor.status.red' },
  pending: { id: 'monitor.status.pending' },
  none: { id: 'monitor.status.none' },
  not_applicable: { id: 'monitor.status.not_applicable' },
} as const;

const STATUS_LETTER = {
  green: { id: 'monitor.letter.green' },
  amber: { id: 'monitor.letter.amber' },
  red: { id: 'monitor.letter.red' },
  pending: { id: 'monitor.letter.pending' },
  none: { id: 'monitor.letter.none' },
  not_applicable: { id: 'monitor.letter.not_applicable' },
} as const;

const REASON_TEXT = {
  not_scheduled: { id: 'monitor.reason.not_scheduled' },
  scheduled_late: { id: 'monitor.reason.scheduled_late' },
  not_held: { id: 'monitor.reason.not_held' },
  minutes_missing: { id: 'monitor.reason.minutes_missing' },
  low_attendance: { id: 'monitor.reason.low_attendance' },
  no_thematic: { id: 'monitor.reason.no_thematic' },
} as const;

export function useStatusText() {
  const intl = useIntl();
  return {
    status: useCallback((s: ComplianceStatus) => intl.formatMessage(STATUS_TEXT[s]), [intl]),
    letter: useCallback((s: ComplianceStatus) => intl.formatMessage(STATUS_LETTER[s]), [intl]),
    reason: useCallback((r: ComplianceReason) => intl.formatMessage(REASON_TEXT[r]), [intl]),
  };
}

/** The status as an icon and a letter on its colour; the words are given by the caller's label. */
export function StatusMark({ status }: { status: ComplianceStatus }) {
  const text = useStatusText();
  const look = STATUS_LOOK[status];
  const Glyph = look.icon;
  return (
    <span className={`${classes.mark} ${look.className}`} aria-hidden>
      {Glyph && <Glyph size={14} stroke={2} />}
      <span>{text.letter(status)}</span>
    </span>
  );
}
