import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deriveMembership, MembershipRuleError, statusOn, type MembershipEvent } from './membership.ts';
import { addMonths } from '../dates.ts';

const TODAY = '2026-11-20';
const fail = (events: MembershipEvent[], lifecycle: 'party' | 'simple' = 'party') => {
  try {
    deriveMembership(lifecycle, events, TODAY);
  } catch (e) {
    if (e instanceof MembershipRuleError) return { code: e.code, index: e.eventIndex, params: e.params };
    throw e;
  }
  return null;
};

describe('party membership lifecycle', () => {
  it('derives applicant -> probationary -> official periods', () => {
    const s = deriveMembership(
      'party',
      [
        { kind: 'apply', occurredOn: '2022-03-01', unitId: 1 },
        { kind: 'admit', occurredOn: '2023-05-19', unitId: 1 },
        { kind: 'recognize', occurredOn: '2024-05-19' },
      ],
      TODAY,
    );
    expect(s.status).toBe('official');
    expect(s.admittedOn).toBe('2023-05-19');
    expect(s.periods).toEqual([
      { role: 'home', unitId: 1, status: 'applicant', validFrom: '2022-03-01', validTo: '2023-05-19' },
      { role: 'home', unitId: 1, status: 'probationary', validFrom: '2023-05-19', validTo: '2024-05-19' },
      { role: 'home', unitId: 1, status: 'official', validFrom: '2024-05-19', validTo: 'infinity' },
    ]);
    expect(statusOn(s.periods, '2024-01-01')?.status).toBe('probationary');
    expect(statusOn(s.periods, '2022-02-28')).toBeNull();
  });

  it.each([
    [
      'recognition one day before 12 months',
      [
        { kind: 'admit', occurredOn: '2023-05-19', unitId: 1 },
        { kind: 'recognize', occurredOn: '2024-05-18' },
      ],
      'membership.recognize_too_early',
    ],
    [
      'an admission in the future',
      [{ kind: 'admit', occurredOn: '2026-11-21', unitId: 1 }],
      'membership.future_date',
    ],
    [
      'recognition without admission',
      [
        { kind: 'apply', occurredOn: '2020-01-01', unitId: 1 },
        { kind: 'recognize', occurredOn: '2022-01-01' },
      ],
      'membership.invalid_transition',
    ],
    [
      'a transfer to the same cell',
      [
        { kind: 'admit', occurredOn: '2020-01-01', unitId: 1 },
        { kind: 'transfer', occurredOn: '2021-01-01', unitId: 1 },
      ],
      'membership.same_unit',
    ],
    [
      'leaving without a reason',
      [
        { kind: 'admit', occurredOn: '2020-01-01', unitId: 1 },
        { kind: 'leave', occurredOn: '2021-01-01' },
      ],
      'membership.reason_required',
    ],
    ['admission without a unit', [{ kind: 'admit', occurredOn: '2020-01-01' }], 'membership.unit_required'],
    [
      'a second admission',
      [
        { kind: 'admit', occurredOn: '2020-01-01', unitId: 1 },
        { kind: 'admit', occurredOn: '2020-02-01', unitId: 1 },
      ],
      'membership.invalid_transition',
    ],
    [
      'temporary activity in the home cell',
      [
        { kind: 'admit', occurredOn: '2020-01-01', unitId: 1 },
        { kind: 'temporary_start', occurredOn: '2020-02-01', unitId: 1 },
      ],
      'membership.same_unit',
    ],
    [
      'a mass-organization event on a party membership',
      [{ kind: 'join', occurredOn: '2020-01-01', unitId: 1 }],
      'membership.invalid_transition',
    ],
  ] as [string, MembershipEvent[], string][])('refuses %s', (_name, events, code) => {
    expect(fail(events)?.code).toBe(code);
  });

  it('keeps the official cell while a member is temporarily active elsewhere', () => {
    const s = deriveMembership(
      'party',
      [
        { kind: 'admit', occurredOn: '2020-01-01', unitId: 1 },
        { kind: 'recognize', occurredOn: '2021-01-01' },
        { kind: 'temporary_start', occurredOn: '2023-03-01', unitId: 2 },
        { kind: 'temporary_end', occurredOn: '2024-03-01' },
        { kind: 'transfer', occurredOn: '2025-01-01', unitId: 3 },
        { kind: 'leave', occurredOn: '2026-01-01', reason: 'deceased' },
      ],
      TODAY,
    );
    expect(s.status).toBe('deceased');
    expect(s.unitId).toBe(3);
    expect(s.periods.filter((p) => p.role === 'temporary')).toEqual([
      { role: 'temporary', unitId: 2, status: 'official', validFrom: '2023-03-01', validTo: '2024-03-01' },
    ]);
    expect(statusOn(s.periods, '2024-12-31')).toMatchObject({ unitId: 1, status: 'official' });
    expect(statusOn(s.periods, '2025-06-01')).toMatchObject({ unitId: 3, status: 'official' });
  });

  it('recognition is allowed exactly 12 months after admission, for any admission date', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1950-01-01'), max: new Date('2025-01-01'), noInvalidDate: true }),
        (d) => {
          const admitted = d.toISOString().slice(0, 10);
          const earliest = addMonths(admitted, 12);
          const ok = deriveMembership(
            'party',
            [
              { kind: 'admit', occurredOn: admitted, unitId: 1 },
              { kind: 'recognize', occurredOn: earliest },
            ],
            TODAY,
          );
          expect(ok.status).toBe('official');
          const dayBefore = new Date(Date.parse(earliest) - 86_400_000).toISOString().slice(0, 10);
          expect(
            fail([
              { kind: 'admit', occurredOn: admitted, unitId: 1 },
              { kind: 'recognize', occurredOn: dayBefore },
            ])?.code,
          ).toBe('membership.recognize_too_early');
        },
      ),
    );
  });

  it('periods never overlap and tile time from the first event', () => {
    const kinds = fc.constantFrom(
      'transfer',
      'temporary_start',
      'temporary_end',
      'recognize',
      'leave',
    ) as fc.Arbitrary<MembershipEvent['kind']>;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(kinds, fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 400 })), {
          maxLength: 12,
        }),
        (steps) => {
          let day = Date.parse('2015-01-01');
          const events: MembershipEvent[] = [{ kind: 'admit', occurredOn: '2015-01-01', unitId: 1 }];
          for (const [kind, unit, gap] of steps) {
            day += gap * 86_400_000;
            events.push({
              kind,
              occurredOn: new Date(day).toISOString().slice(0, 10),
              unitId: unit,
              reason: 'resigned',
            });
          }
          let s;
          try {
            s = deriveMembership('party', events, TODAY);
          } catch (e) {
            expect(e).toBeInstanceOf(MembershipRuleError);
            return;
          }
          const home = s.periods.filter((p) => p.role === 'home');
          expect(home[0]!.validFrom).toBe('2015-01-01');
          for (let i = 1; i < home.length; i++) expect(home[i]!.validFrom).toBe(home[i - 1]!.validTo);
          expect(home.at(-1)!.validTo).toBe('infinity');
          for (const p of s.periods) expect(p.validFrom < p.validTo || p.validTo === 'infinity').toBe(true);
        },
      ),
    );
  });
});

describe('mass-organization membership lifecycle', () => {
  it('joins, transfers, leaves and rejoins', () => {
    const s = deriveMembership(
      'simple',
      [
        { kind: 'join', occurredOn: '2019-01-01', unitId: 5 },
        { kind: 'transfer', occurredOn: '2020-01-01', unitId: 6 },
        { kind: 'leave', occurredOn: '2021-01-01' },
        { kind: 'join', occurredOn: '2022-01-01', unitId: 7 },
      ],
      TODAY,
    );
    expect(s.status).toBe('member');
    expect(statusOn(s.periods, '2021-06-01')).toMatchObject({ status: 'left', unitId: 6 });
  });
  it('refuses leaving twice', () => {
    expect(
      fail(
        [
          { kind: 'join', occurredOn: '2019-01-01', unitId: 5 },
          { kind: 'leave', occurredOn: '2020-01-01' },
          { kind: 'leave', occurredOn: '2020-02-01' },
        ],
        'simple',
      ),
    ).toMatchObject({ code: 'membership.invalid_transition', index: 2 });
  });
});
