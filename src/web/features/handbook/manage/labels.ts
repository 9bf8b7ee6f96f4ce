import { useCallback } from 'react';
import { useIntl, type IntlShape } from 'react-intl';

// Codes the server sends, with the words the console shows for them.
export const MEETING_KINDS = {
  regular: { id: 'manage.kind.regular' },
  thematic: { id: 'manage.kind.thematic' },
  committee: { id: 'manage.kind.committee' },
  party_committee: { id: 'manage.kind.party_committee' },
  extraordinary: { id: 'manage.kind.extraordinary' },
} as const;

export const MEETING_STATUS = {
  scheduled: { id: 'manage.status.scheduled' },
  held: { id: 'manage.status.held' },
  cancelled: { id: 'manage.status.cancelled' },
} as const;

export const VOTE_MODES = {
  none: { id: 'manage.vote.none' },
  open: { id: 'manage.vote.open' },
  secret: { id: 'manage.vote.secret' },
} as const;

export const TASK_STATUS = {
  open: { id: 'manage.task.status.open' },
  done: { id: 'manage.task.status.done' },
  cancelled: { id: 'manage.task.status.cancelled' },
} as const;

export const DOCUMENT_KINDS = {
  resolution: { id: 'manage.doc.kind.resolution' },
  directive: { id: 'manage.doc.kind.directive' },
  conclusion: { id: 'manage.doc.kind.conclusion' },
  instruction: { id: 'manage.doc.kind.instruction' },
  notice: { id: 'manage.doc.kind.notice' },
  other: { id: 'manage.doc.kind.other' },
} as const;

function lookup(intl: IntlShape, table: Record<string, { id: string }>, code: string | null | undefined) {
  if (!code) return '';
  const descriptor = table[code];
  return descriptor ? intl.formatMessage(descriptor) : code;
}

export function useHandbookLabels() {
  const intl = useIntl();
  return {
    kind: useCallback((code: string | null | undefined) => lookup(intl, MEETING_KINDS, code), [intl]),
    status: useCallback((code: string | null | undefined) => lookup(intl, MEETING_STATUS, code), [intl]),
    vote: useCallback((code: string | null | undefined) => lookup(intl, VOTE_MODES, code), [intl]),
    task: useCallback((code: string | null | undefined) => lookup(intl, TASK_STATUS, code), [intl]),
    document: useCallback((code: string | null | undefined) => lookup(intl, DOCUMENT_KINDS, code), [intl]),
  };
}

/** Options for a Select over one of the tables above. */
export function useOptions(table: Record<string, { id: string }>) {
  const intl = useIntl();
  return Object.entries(table).map(([value, descriptor]) => ({
    value,
    label: intl.formatMessage(descriptor),
  }));
}

export function meetingStatusColor(status: string): string {
  return status === 'held' ? 'green' : status === 'cancelled' ? 'gray' : 'blue';
}

/** A meeting's date and time in the user's language (the deployment's clock is the browser's). */
export function useFormatDateTime() {
  const intl = useIntl();
  return useCallback(
    (iso: string | null | undefined) =>
      iso
        ? intl.formatDate(new Date(iso), {
            year: 'numeric',
            month: '2-digit',
            day: '2-digit',
            hour: '2-digit',
            minute: '2-digit',
          })
        : '',
    [intl],
  );
}

/** A share in [0, 1] as a percentage in the user's language; a dash when there was nobody to count. */
export function useShare() {
  const intl = useIntl();
  return useCallback(
    (share: number | null | undefined) =>
      share == null ? '—' : intl.formatNumber(share, { style: 'percent', maximumFractionDigits: 1 }),
    [intl],
  );
}

/** A dialog's close button named in the user's language. */
export function closeLabel(intl: IntlShape) {
  return { 'aria-label': intl.formatMessage({ id: 'common.close' }) };
}
