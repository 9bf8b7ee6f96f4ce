import { useCallback } from 'react';
import { useIntl, type IntlShape } from 'react-intl';

// Codes the server sends, with the words the app shows for them.
const STATUS = {
  applicant: { id: 'status.applicant' },
  probationary: { id: 'status.probationary' },
  official: { id: 'status.official' },
  transferred_out: { id: 'status.transferred_out' },
  deceased: { id: 'status.deceased' },
  resigned: { id: 'status.resigned' },
  removed: { id: 'status.removed' },
  expelled: { id: 'status.expelled' },
  left: { id: 'status.left' },
  member: { id: 'status.member' },
} as const;

const EVENT = {
  apply: { id: 'event.apply' },
  admit: { id: 'event.admit' },
  recognize: { id: 'event.recognize' },
  join: { id: 'event.join' },
  transfer: { id: 'event.transfer' },
  transfer_out: { id: 'event.transfer_out' },
  temporary_start: { id: 'event.temporary_start' },
  temporary_end: { id: 'event.temporary_end' },
  leave: { id: 'event.leave' },
} as const;

const SEX = {
  male: { id: 'sex.male' },
  female: { id: 'sex.female' },
  other: { id: 'sex.other' },
} as const;

const ROLE = {
  member: { id: 'role.member' },
  cell_secretary: { id: 'role.cell_secretary' },
  committee_staff: { id: 'role.committee_staff' },
  administrator: { id: 'role.administrator' },
} as const;

export const STATUS_CODES = Object.keys(STATUS) as (keyof typeof STATUS)[];

function lookup<T extends Record<string, { id: string }>>(
  intl: IntlShape,
  table: T,
  code: string | null | undefined,
) {
  if (!code) return '';
  const descriptor = (table as Record<string, { id: string } | undefined>)[code];
  return descriptor ? intl.formatMessage(descriptor) : code;
}

export function useLabels() {
  const intl = useIntl();
  return {
    status: useCallback((code: string | null | undefined) => lookup(intl, STATUS, code), [intl]),
    event: useCallback((code: string | null | undefined) => lookup(intl, EVENT, code), [intl]),
    sex: useCallback((code: string | null | undefined) => lookup(intl, SEX, code), [intl]),
    role: useCallback((code: string | null | undefined) => lookup(intl, ROLE, code), [intl]),
  };
}

/** Status colours: active memberships stand out, ended ones recede. */
export function statusColor(code: string | null | undefined): string {
  switch (code) {
    case 'official':
    case 'member':
      return 'green';
    case 'probationary':
      return 'blue';
    case 'applicant':
      return 'yellow';
    default:
      return 'gray';
  }
}
