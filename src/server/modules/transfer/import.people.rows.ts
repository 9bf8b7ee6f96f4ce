import { checkVietnameseCitizenId } from '../../../shared/rules/citizen-id.ts';
import type { EventKind, Lifecycle } from '../../../shared/rules/membership.ts';
import type { IsoDate } from '../../../shared/dates.ts';
import { LIMITS } from '../../../shared/limits.ts';
import type { Cells, ColumnSpec } from './import.common.ts';

/** The people file: its columns, and one row read into values (unit codes not yet resolved). */

export interface FamilyColumns {
  family: string;
  lifecycle: Lifecycle;
  unit: string;
  /** Event columns in the order the events happen. */
  events: { column: string; kind: EventKind }[];
  card?: string;
}

export const PEOPLE_FAMILIES: FamilyColumns[] = [
  {
    family: 'party',
    lifecycle: 'party',
    unit: 'party_unit_code',
    card: 'party_card_number',
    events: [
      { column: 'party_applied_on', kind: 'apply' },
      { column: 'party_admitted_on', kind: 'admit' },
      { column: 'party_recognized_on', kind: 'recognize' },
    ],
  },
  ...(['trade_union', 'youth_union', 'women', 'veterans'] as const).map((f) => {
    const prefix = f === 'women' ? 'women' : f;
    return {
      family: f,
      lifecycle: 'simple' as const,
      unit: `${prefix}_unit_code`,
      events: [{ column: `${prefix}_joined_on`, kind: 'join' as const }],
    };
  }),
];

export const PEOPLE_COLUMNS: ColumnSpec[] = [
  { name: 'citizen_id', required: true, hint: 'citizen_id' },
  { name: 'full_name', required: true },
  { name: 'birth_date', hint: 'date' },
  { name: 'sex' },
  { name: 'ethnicity' },
  { name: 'religion' },
  { name: 'phone' },
  { name: 'education' },
  { name: 'occupation' },
  { name: 'political_theory' },
  { name: 'registered_unit_code', required: true },
  ...PEOPLE_FAMILIES.flatMap((f) => [
    { name: f.unit },
    ...(f.card ? [{ name: f.card }] : []),
    ...f.events.map((e) => ({ name: e.column, hint: 'date' as const })),
  ]),
];

const PHONE = /^\+?[0-9 .-]{6,20}$/;

export interface PersonFields {
  fullName: string;
  birthDate: string | null;
  sex: string | null;
  ethnicity: string | null;
  religion: string | null;
  phone: string | null;
  education: string | null;
  occupation: string | null;
  politicalTheory: string | null;
  registeredUnitId: number;
}

export interface FamilyRead {
  spec: FamilyColumns;
  unitCode: string;
  card: string | null;
  events: { kind: EventKind; on: IsoDate; column: string }[];
}

/** The cells of one row as values, unit codes still unresolved. */
export function readRow(c: Cells, today: IsoDate) {
  const citizenId = c.raw('citizen_id');
  const fullName = c.text('full_name', LIMITS.nameMax, true);
  const birthDate = c.date('birth_date', today);
  const sex = c.oneOf('sex', ['male', 'female'] as const);
  const phone = c.text('phone', 20);
  if (phone !== null && !PHONE.test(phone)) c.invalid('phone');
  const fields = {
    fullName,
    birthDate,
    sex,
    ethnicity: c.text('ethnicity', 60),
    religion: c.text('religion', 60),
    phone,
    education: c.text('education', 120),
    occupation: c.text('occupation', 120),
    politicalTheory: c.text('political_theory', 120),
  };
  if (citizenId === '') c.fail('citizen_id', 'import.cell.required');
  else if (checkVietnameseCitizenId(citizenId, { birthDate, sex }))
    c.fail('citizen_id', 'citizen_id.invalid');
  const registered = c.raw('registered_unit_code');
  if (registered === '') c.fail('registered_unit_code', 'import.cell.required');

  const families: FamilyRead[] = [];
  for (const f of PEOPLE_FAMILIES) {
    const unitCode = c.raw(f.unit);
    let anyCell = f.card !== undefined && c.raw(f.card) !== '';
    for (const e of f.events) if (c.raw(e.column) !== '') anyCell = true;
    if (unitCode === '') {
      if (anyCell) c.fail(f.unit, 'import.cell.required');
      continue;
    }
    const card = f.card ? c.text(f.card, 40) : null;
    // in column order, which is the order the events happen (checked below), so no sorting is needed
    const events: FamilyRead['events'] = [];
    const on: (IsoDate | null)[] = [];
    for (const e of f.events) {
      const d = c.date(e.column, today);
      on.push(d);
      if (d !== null) events.push({ kind: e.kind, on: d, column: e.column });
    }
    if (f.lifecycle === 'party') {
      const [applied, admitted, recognized] = on;
      const cols = f.events;
      if (!anyCell || (recognized && !admitted && c.raw(cols[1]!.column) === ''))
        c.fail(cols[1]!.column, 'import.cell.required');
      if (applied && admitted && admitted < applied)
        c.fail(cols[1]!.column, 'import.cell.date_order', { other: cols[0]!.column, date: applied });
      if (admitted && recognized && recognized < admitted) {
        c.fail(cols[2]!.column, 'import.cell.date_order', { other: cols[1]!.column, date: admitted });
      }
    } else if (!anyCell) {
      c.fail(f.events[0]!.column, 'import.cell.required');
    }
    families.push({ spec: f, unitCode, card, events });
  }
  return { citizenId, fields, registered, families };
}
