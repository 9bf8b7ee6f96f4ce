import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../access/actor.ts';
import { AppError } from '../../http/errors.ts';
import { personInScopeSql } from '../people/people.service.ts';
import { rebuildMemberships } from '../people/periods.ts';
import { checkVietnameseCitizenId } from '../../../shared/rules/citizen-id.ts';
import {
  deriveMembership,
  MembershipRuleError,
  type EventKind,
  type Lifecycle,
  type MembershipEvent,
  type Period,
} from '../../../shared/rules/membership.ts';
import type { IsoDate } from '../../../shared/dates.ts';
import { LIMITS } from '../../../shared/limits.ts';
import { normalizeSearch } from '../../../shared/text.ts';
import type { Row } from './csv.ts';
import {
  Cells,
  RowErrors,
  UnitResolver,
  inSlices,
  versionOn,
  type ColumnSpec,
  type UnitInfo,
} from './import.common.ts';
import type { Importer, Tally } from './importer.ts';

/**
 * People with their memberships. A person is keyed by citizen ID: an identical person is left alone, a
 * different one updated. A membership is written as its dated events (then the periods and counts are
 * rebuilt from them); one that already exists is left alone when its history is the same and is a row
 * error when it is not, because history is changed by recording events, not by overwriting it.
 */

interface FamilyColumns {
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

interface PersonFields {
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

interface MembershipPlan {
  family: string;
  lifecycle: Lifecycle;
  unitColumn: string;
  unitCode: string;
  cardNumber: string | null;
  events: (MembershipEvent & { unitId: number | null })[];
  /** Derived when checked; null in the write pass until needed. */
  periods: Period[] | null;
}

interface FamilyRead {
  spec: FamilyColumns;
  unitCode: string;
  card: string | null;
  events: { kind: EventKind; on: IsoDate; column: string }[];
}

const PERSON_NEEDS = ['import', 'person.write'] as const;
const MEMBERSHIP_NEEDS = ['import', 'membership.write'] as const;

interface PersonPlan {
  line: number;
  citizenId: string;
  person: PersonFields;
  memberships: MembershipPlan[];
}

interface ExistingPerson {
  id: number;
  citizen_id: string;
  full_name: string;
  birth_date: string | null;
  sex: string | null;
  ethnicity: string | null;
  religion: string | null;
  phone: string | null;
  education: string | null;
  occupation: string | null;
  political_theory: string | null;
  registered_unit_id: number;
  visible: boolean;
}

interface ExistingMembership {
  id: number;
  person_id: number;
  family: string;
  card_number: string | null;
  events: { kind: EventKind; on: string; unit: number | null; reason: string | null }[];
}

const LIFECYCLE = new Map<string, Lifecycle>(PEOPLE_FAMILIES.map((f) => [f.family, f.lifecycle]));

function samePeriods(a: readonly Period[], b: readonly Period[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const o = b[i]!;
      return (
        p.role === o.role &&
        p.unitId === o.unitId &&
        p.status === o.status &&
        p.validFrom === o.validFrom &&
        p.validTo === o.validTo
      );
    })
  );
}

function samePerson(e: ExistingPerson, p: PersonFields): boolean {
  return (
    e.full_name === p.fullName &&
    e.birth_date === p.birthDate &&
    e.sex === p.sex &&
    e.ethnicity === p.ethnicity &&
    e.religion === p.religion &&
    e.phone === p.phone &&
    e.education === p.education &&
    e.occupation === p.occupation &&
    e.political_theory === p.politicalTheory &&
    e.registered_unit_id === p.registeredUnitId
  );
}

/** The cells of one row as values, unit codes still unresolved. */
function readRow(c: Cells, today: IsoDate) {
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

export function createPeopleImporter(deps: { actor: Actor; today: IsoDate }): Importer {
  const { actor, today } = deps;
  const units = new UnitResolver(actor);
  const seen = new Set<number>(); // citizen IDs met so far in the file (as numbers: 12 digits fit)
  const tally = {
    people: { created: 0, updated: 0, unchanged: 0 },
    memberships: { created: 0, updated: 0, unchanged: 0 },
  };

  /** Resolves unit codes and derives each membership's periods (every lifecycle rule checked). */
  /**
   * Resolves unit codes and, when `validate`, derives each membership's periods (checking every lifecycle
   * rule). The write pass has checked the rules already and derives periods only to compare with a
   * membership that exists.
   */
  function resolve(c: Cells, r: ReturnType<typeof readRow>, validate: boolean): PersonPlan | null {
    let registeredUnitId = 0;
    if (r.registered !== '') {
      const u = units.usable(r.registered, PERSON_NEEDS);
      if (typeof u === 'string') c.fail('registered_unit_code', u, { value: r.registered });
      else if (u.closedOn !== null) c.fail('registered_unit_code', 'unit.closed', { name: r.registered });
      else registeredUnitId = u.id;
    }
    const memberships: MembershipPlan[] = [];
    for (const f of r.families) {
      const u = units.usable(f.unitCode, MEMBERSHIP_NEEDS);
      if (typeof u === 'string') {
        c.fail(f.spec.unit, u, { value: f.unitCode });
        continue;
      }
      // a row already wrong elsewhere would only add follow-on errors from the lifecycle rules
      if (!checkUnitOnDates(c, u, f.spec, f.events) || !c.ok) continue;
      const events: MembershipPlan['events'] = [];
      for (const e of f.events)
        events.push({ kind: e.kind, occurredOn: e.on, unitId: e.kind === 'recognize' ? null : u.id });
      const m: MembershipPlan = {
        family: f.spec.family,
        lifecycle: f.spec.lifecycle,
        unitColumn: f.spec.unit,
        unitCode: f.unitCode,
        cardNumber: f.card,
        events,
        periods: null,
      };
      if (validate) {
        try {
          m.periods = deriveMembership(f.spec.lifecycle, events, today).periods;
        } catch (err) {
          if (!(err instanceof MembershipRuleError)) throw err;
          c.fail(f.events[err.eventIndex]?.column ?? f.spec.unit, err.code, err.params);
          continue;
        }
      }
      memberships.push(m);
    }
    if (!c.ok || r.fields.fullName === null) return null;
    return {
      line: c.row.line,
      citizenId: r.citizenId,
      person: { ...r.fields, fullName: r.fields.fullName, registeredUnitId },
      memberships,
    };
  }

  /** The unit must be of the family, hold members and be open on every date of its events. */
  function checkUnitOnDates(
    c: Cells,
    u: UnitInfo,
    spec: FamilyColumns,
    events: { on: IsoDate; column: string }[],
  ): boolean {
    let ok = true;
    let familyChecked = false;
    for (const e of events) {
      const v = versionOn(u, e.on);
      if (!v) {
        c.fail(e.column, 'membership.unit_closed', { date: e.on });
        ok = false;
      } else if (!familyChecked && (v.family !== spec.family || !v.holdsMembers)) {
        c.fail(spec.unit, 'membership.unit_wrong_family');
        familyChecked = true;
        ok = false;
      }
    }
    return ok;
  }

  /** Reads, resolves and compares a batch with what the database holds. */
  async function plan(
    q: Queryable,
    rows: readonly Row[],
    index: Map<string, number>,
    errors: RowErrors,
    firstPass: boolean,
  ) {
    const read = rows.map((row) => {
      const c = new Cells(row, index, errors);
      c.checkWidth(index.size);
      return { c, r: readRow(c, today) };
    });
    const codes: string[] = [];
    for (const { r } of read) {
      codes.push(r.registered);
      for (const f of r.families) codes.push(f.unitCode);
    }
    await units.load(q, codes);
    const plans: PersonPlan[] = [];
    for (const { c, r } of read) {
      if (firstPass && /^[0-9]{12}$/.test(r.citizenId)) {
        const key = Number(r.citizenId);
        if (seen.has(key)) c.fail('citizen_id', 'import.cell.duplicate_in_file', { value: r.citizenId });
        seen.add(key);
      }
      const p = resolve(c, r, firstPass);
      if (p) plans.push(p);
    }
    const existing = new Map<string, ExistingPerson>();
    if (plans.length > 0) {
      const rowsFound = await q.query<ExistingPerson>(
        `SELECT p.id, p.citizen_id, p.full_name, p.birth_date, p.sex, p.ethnicity, p.religion, p.phone, p.education, p.occupation,
                p.political_theory, p.registered_unit_id, ${personInScopeSql('p.id', '$2')} AS visible
         FROM person p WHERE p.citizen_id = ANY($1::text[])`,
        [plans.map((p) => p.citizenId), actor.scopeRoots],
      );
      for (const e of rowsFound) existing.set(e.citizen_id, e);
    }
    const memberships = new Map<string, ExistingMembership>();
    const existingIds = [...existing.values()].filter((e) => e.visible).map((e) => e.id);
    if (existingIds.length > 0) {
      const found = await q.query<ExistingMembership>(
        `SELECT m.id, m.person_id, m.family, m.card_number,
                coalesce(json_agg(json_build_object('kind', e.kind, 'on', e.occurred_on, 'unit', e.unit_id, 'reason', e.reason)
                                  ORDER BY e.occurred_on, e.id) FILTER (WHERE e.id IS NOT NULL), '[]') AS events
         FROM membership m LEFT JOIN membership_event e ON e.membership_id = m.id
         WHERE m.person_id = ANY($1::int[]) GROUP BY m.id`,
        [existingIds],
      );
      for (const m of found) memberships.set(`${m.person_id}|${m.family}`, m);
    }

    const out = {
      create: [] as PersonPlan[],
      update: [] as { id: number; plan: PersonPlan }[],
      unchanged: 0,
      newMemberships: [] as { personId: number | null; citizenId: string; m: MembershipPlan }[],
      cards: [] as { id: number; card: string }[],
      membershipsUnchanged: 0,
    };
    for (const p of plans) {
      const e = existing.get(p.citizenId);
      if (e && !e.visible) {
        errors.add(p.line, 'citizen_id', 'citizen_id.duplicate');
        continue;
      }
      let ok = true;
      for (const m of p.memberships) {
        const old = e ? memberships.get(`${e.id}|${m.family}`) : undefined;
        if (!old) {
          out.newMemberships.push({ personId: e?.id ?? null, citizenId: p.citizenId, m });
          continue;
        }
        if (!sameHistory(old, m)) {
          errors.add(p.line, m.unitColumn, 'import.cell.invalid', { value: m.unitCode });
          ok = false;
        } else if (m.cardNumber !== null && m.cardNumber !== old.card_number)
          out.cards.push({ id: old.id, card: m.cardNumber });
        else out.membershipsUnchanged++;
      }
      if (!ok) continue;
      if (!e) out.create.push(p);
      else if (samePerson(e, p.person)) out.unchanged++;
      else out.update.push({ id: e.id, plan: p });
    }
    return out;
  }

  function sameHistory(old: ExistingMembership, m: MembershipPlan): boolean {
    try {
      const lifecycle = LIFECYCLE.get(old.family) ?? 'simple';
      const periods = deriveMembership(
        lifecycle,
        old.events.map((e) => ({ kind: e.kind, occurredOn: e.on, unitId: e.unit, reason: e.reason })),
        today,
      ).periods;
      m.periods ??= deriveMembership(m.lifecycle, m.events, today).periods;
      return samePeriods(periods, m.periods);
    } catch {
      return false;
    }
  }

  return {
    columns: PEOPLE_COLUMNS,

    async check(q, rows, index, errors) {
      await plan(q, rows, index, errors, true);
    },

    async write(q, rows, index) {
      const errors = new RowErrors(1);
      const p = await plan(q, rows, index, errors, false);
      // Checked a moment ago; a difference now means someone changed the same records meanwhile.
      if (errors.count > 0) throw new AppError('conflict', 409);

      const ids = new Map<string, number>();
      await inSlices(p.create, 10_000, async (slice) => {
        const cols = personColumns(slice.map((x) => x.person));
        const created = await q.query<{ id: number; citizen_id: string }>(
          `INSERT INTO person (full_name, search_name, birth_date, sex, ethnicity, religion, phone, education, occupation,
                               political_theory, registered_unit_id, citizen_id)
           SELECT * FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                                $9::text[], $10::text[], $11::int[], $12::text[])
           RETURNING id, citizen_id`,
          [...cols, slice.map((x) => x.citizenId)],
        );
        for (const r of created) ids.set(r.citizen_id, r.id);
      });
      await inSlices(p.update, 10_000, async (slice) => {
        const cols = personColumns(slice.map((x) => x.plan.person));
        await q.query(
          `UPDATE person p SET full_name = t.full_name, search_name = t.search_name, birth_date = t.birth_date, sex = t.sex,
                  ethnicity = t.ethnicity, religion = t.religion, phone = t.phone, education = t.education,
                  occupation = t.occupation, political_theory = t.political_theory, registered_unit_id = t.registered_unit_id,
                  updated_at = now()
           FROM unnest($1::text[], $2::text[], $3::date[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                       $9::text[], $10::text[], $11::int[], $12::int[])
                AS t(full_name, search_name, birth_date, sex, ethnicity, religion, phone, education, occupation,
                     political_theory, registered_unit_id, id)
           WHERE p.id = t.id`,
          [...cols, slice.map((x) => x.id)],
        );
      });

      const membershipIds: number[] = [];
      await inSlices(p.newMemberships, 10_000, async (slice) => {
        const created = await q.query<{ id: number; person_id: number; family: string }>(
          `INSERT INTO membership (person_id, family, card_number)
           SELECT * FROM unnest($1::int[], $2::text[], $3::text[]) RETURNING id, person_id, family`,
          [
            slice.map((x) => x.personId ?? ids.get(x.citizenId)!),
            slice.map((x) => x.m.family),
            slice.map((x) => x.m.cardNumber),
          ],
        );
        const idOf = new Map(created.map((r) => [`${r.person_id}|${r.family}`, r.id]));
        const ev: unknown[][] = [[], [], [], []];
        for (const x of slice) {
          const id = idOf.get(`${x.personId ?? ids.get(x.citizenId)!}|${x.m.family}`)!;
          membershipIds.push(id);
          for (const e of x.m.events) {
            ev[0]!.push(id);
            ev[1]!.push(e.kind);
            ev[2]!.push(e.occurredOn);
            ev[3]!.push(e.unitId);
          }
        }
        await q.query(
          `INSERT INTO membership_event (membership_id, kind, occurred_on, unit_id)
           SELECT * FROM unnest($1::int[], $2::text[], $3::date[], $4::int[])`,
          ev,
        );
      });
      await rebuildMemberships(q, membershipIds, today);
      if (p.cards.length > 0) {
        await q.query(
          `UPDATE membership m SET card_number = t.card FROM unnest($1::int[], $2::text[]) AS t(id, card) WHERE m.id = t.id`,
          [p.cards.map((x) => x.id), p.cards.map((x) => x.card)],
        );
      }
      tally.people.created += p.create.length;
      tally.people.updated += p.update.length;
      tally.people.unchanged += p.unchanged;
      tally.memberships.created += p.newMemberships.length;
      tally.memberships.updated += p.cards.length;
      tally.memberships.unchanged += p.membershipsUnchanged;
    },

    summary: (): Record<string, Tally> => tally,
  };
}

function personColumns(list: PersonFields[]): unknown[][] {
  const cols: unknown[][] = [[], [], [], [], [], [], [], [], [], [], []];
  for (const p of list) {
    cols[0]!.push(p.fullName);
    cols[1]!.push(normalizeSearch(p.fullName));
    cols[2]!.push(p.birthDate);
    cols[3]!.push(p.sex);
    cols[4]!.push(p.ethnicity);
    cols[5]!.push(p.religion);
    cols[6]!.push(p.phone);
    cols[7]!.push(p.education);
    cols[8]!.push(p.occupation);
    cols[9]!.push(p.politicalTheory);
    cols[10]!.push(p.registeredUnitId);
  }
  return cols;
}
