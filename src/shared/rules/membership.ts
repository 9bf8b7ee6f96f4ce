import { addMonths, type IsoDate } from '../dates.ts';

/**
 * Membership lifecycles as pure functions: a membership's status on any date is derived from its dated
 * events. 'party': applicant -> probationary (admitted) -> official (recognized, not before 12 months)
 * -> transferred out / left; 'simple' (mass organizations): joined -> left.
 */
export type Lifecycle = 'party' | 'simple';

export const EVENT_KINDS = [
  'apply',
  'admit',
  'recognize',
  'join',
  'transfer',
  'transfer_out',
  'temporary_start',
  'temporary_end',
  'leave',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const LEAVE_REASONS = ['deceased', 'resigned', 'removed', 'expelled', 'left'] as const;
export type LeaveReason = (typeof LEAVE_REASONS)[number];

export const PARTY_STATUSES = [
  'applicant',
  'probationary',
  'official',
  'transferred_out',
  ...LEAVE_REASONS,
] as const;
export const SIMPLE_STATUSES = ['member', 'left'] as const;
export type Status = (typeof PARTY_STATUSES)[number] | (typeof SIMPLE_STATUSES)[number];

/** Statuses that count as "a member" in figures: probationary and official party members, current mass-organization members. */
export const COUNTED_STATUSES: readonly Status[] = ['probationary', 'official', 'member'];
const ACTIVE_PARTY: readonly Status[] = ['applicant', 'probationary', 'official'];

/** Months of probation before a probationary party member may be recognized as official. */
export const PROBATION_MONTHS = 12;

export interface MembershipEvent {
  kind: EventKind;
  occurredOn: IsoDate;
  unitId?: number | null;
  reason?: string | null;
}

export interface Period {
  role: 'home' | 'temporary';
  unitId: number;
  status: Status;
  validFrom: IsoDate;
  validTo: IsoDate; // 'infinity' when open
}

export interface MembershipSummary {
  status: Status | null;
  unitId: number | null;
  temporaryUnitId: number | null;
  admittedOn: IsoDate | null;
  recognizedOn: IsoDate | null;
  periods: Period[];
}

export type MembershipRuleCode =
  | 'membership.future_date'
  | 'membership.invalid_transition'
  | 'membership.recognize_too_early'
  | 'membership.unit_required'
  | 'membership.same_unit'
  | 'membership.reason_required';

export class MembershipRuleError extends Error {
  constructor(
    readonly code: MembershipRuleCode,
    readonly eventIndex: number,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

/** Orders events by date; events on the same day keep the order in which they were recorded. */
export function sortEvents<E extends MembershipEvent>(events: readonly E[]): E[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.occurredOn < b.e.occurredOn ? -1 : a.e.occurredOn > b.e.occurredOn ? 1 : a.i - b.i))
    .map((x) => x.e);
}

/** Checks a whole event sequence (sorted) and derives its status periods. Throws MembershipRuleError at the first bad event. */
export function deriveMembership(
  lifecycle: Lifecycle,
  events: readonly MembershipEvent[],
  today: IsoDate,
): MembershipSummary {
  const periods: Period[] = [];
  let home: { unitId: number; status: Status; since: IsoDate } | null = null;
  let temp: { unitId: number; status: Status; since: IsoDate } | null = null;
  let admittedOn: IsoDate | null = null;
  let recognizedOn: IsoDate | null = null;

  const close = (
    p: { unitId: number; status: Status; since: IsoDate },
    role: Period['role'],
    on: IsoDate,
  ) => {
    if (p.since < on)
      periods.push({ role, unitId: p.unitId, status: p.status, validFrom: p.since, validTo: on });
  };
  const setHome = (unitId: number, status: Status, on: IsoDate) => {
    if (home) close(home, 'home', on);
    home = { unitId, status, since: on };
  };
  const endTemp = (on: IsoDate) => {
    if (temp) close(temp, 'temporary', on);
    temp = null;
  };

  events.forEach((ev, i) => {
    const fail = (code: MembershipRuleCode, params: Record<string, string | number> = {}): never => {
      throw new MembershipRuleError(code, i, params);
    };
    if (ev.occurredOn > today) fail('membership.future_date', { date: ev.occurredOn });
    const current = home as { unitId: number; status: Status; since: IsoDate } | null;
    const status = current?.status ?? null;
    const unit = ev.unitId ?? null;

    if (lifecycle === 'simple') {
      switch (ev.kind) {
        case 'join':
          if (status !== null && status !== 'left')
            fail('membership.invalid_transition', { kind: ev.kind, status: status ?? 'none' });
          if (unit === null) fail('membership.unit_required');
          setHome(unit!, 'member', ev.occurredOn);
          return;
        case 'transfer':
          if (status !== 'member')
            fail('membership.invalid_transition', { kind: ev.kind, status: status ?? 'none' });
          if (unit === null) fail('membership.unit_required');
          if (unit === current!.unitId) fail('membership.same_unit');
          setHome(unit!, 'member', ev.occurredOn);
          return;
        case 'leave':
          if (status !== 'member')
            fail('membership.invalid_transition', { kind: ev.kind, status: status ?? 'none' });
          setHome(current!.unitId, 'left', ev.occurredOn);
          return;
        default:
          fail('membership.invalid_transition', { kind: ev.kind, status: status ?? 'none' });
      }
      return;
    }

    switch (ev.kind) {
      case 'apply':
        if (status !== null) fail('membership.invalid_transition', { kind: ev.kind, status });
        if (unit === null) fail('membership.unit_required');
        setHome(unit!, 'applicant', ev.occurredOn);
        return;
      case 'admit': {
        if (status !== null && status !== 'applicant')
          fail('membership.invalid_transition', { kind: ev.kind, status });
        const target = unit ?? current?.unitId ?? null;
        if (target === null) fail('membership.unit_required');
        admittedOn = ev.occurredOn;
        setHome(target!, 'probationary', ev.occurredOn);
        return;
      }
      case 'recognize': {
        if (status !== 'probationary')
          fail('membership.invalid_transition', { kind: ev.kind, status: status ?? 'none' });
        const earliest = addMonths(admittedOn!, PROBATION_MONTHS);
        if (ev.occurredOn < earliest)
          fail('membership.recognize_too_early', { earliest, admitted: admittedOn! });
        recognizedOn = ev.occurredOn;
        setHome(current!.unitId, 'official', ev.occurredOn);
        return;
      }
      case 'transfer': {
        // within the system, or back in after a transfer out
        const from: Status | null =
          status === 'transferred_out' ? (recognizedOn ? 'official' : 'probationary') : status;
        if (from === null || !ACTIVE_PARTY.includes(from))
          fail('membership.invalid_transition', { kind: ev.kind, status: status ?? 'none' });
        if (unit === null) fail('membership.unit_required');
        if (status !== 'transferred_out' && unit === current!.unitId) fail('membership.same_unit');
        if (temp && temp.unitId === unit) endTemp(ev.occurredOn);
        setHome(unit!, from!, ev.occurredOn);
        return;
      }
      case 'transfer_out':
        if (status !== 'probationary' && status !== 'official')
          fail('membership.invalid_transition', { kind: ev.kind, status: status ?? 'none' });
        endTemp(ev.occurredOn);
        setHome(current!.unitId, 'transferred_out', ev.occurredOn);
        return;
      case 'temporary_start':
        if ((status !== 'probationary' && status !== 'official') || temp)
          fail('membership.invalid_transition', { kind: ev.kind, status: status ?? 'none' });
        if (unit === null) fail('membership.unit_required');
        if (unit === current!.unitId) fail('membership.same_unit');
        temp = { unitId: unit!, status: current!.status, since: ev.occurredOn };
        return;
      case 'temporary_end':
        if (!temp) fail('membership.invalid_transition', { kind: ev.kind, status: status ?? 'none' });
        endTemp(ev.occurredOn);
        return;
      case 'leave': {
        if (status === null || !ACTIVE_PARTY.includes(status))
          fail('membership.invalid_transition', { kind: ev.kind, status: status ?? 'none' });
        const reason = ev.reason as LeaveReason | null | undefined;
        if (!reason || !LEAVE_REASONS.includes(reason)) fail('membership.reason_required');
        endTemp(ev.occurredOn);
        setHome(current!.unitId, reason!, ev.occurredOn);
        return;
      }
      default:
        fail('membership.invalid_transition', { kind: ev.kind, status: status ?? 'none' });
    }
  });

  const h = home as { unitId: number; status: Status; since: IsoDate } | null;
  const t = temp as { unitId: number; status: Status; since: IsoDate } | null;
  if (h)
    periods.push({
      role: 'home',
      unitId: h.unitId,
      status: h.status,
      validFrom: h.since,
      validTo: 'infinity',
    });
  if (t)
    periods.push({
      role: 'temporary',
      unitId: t.unitId,
      status: t.status,
      validFrom: t.since,
      validTo: 'infinity',
    });
  return {
    status: h?.status ?? null,
    unitId: h?.unitId ?? null,
    temporaryUnitId: t?.unitId ?? null,
    admittedOn,
    recognizedOn,
    periods,
  };
}

/** The home period in force on `date`, if any. */
export function statusOn(periods: readonly Period[], date: IsoDate): Period | null {
  return (
    periods.find(
      (p) => p.role === 'home' && p.validFrom <= date && (p.validTo === 'infinity' || date < p.validTo),
    ) ?? null
  );
}
