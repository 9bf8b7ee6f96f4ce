import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../access/actor.ts';
import { AppError } from '../../http/errors.ts';
import { unitPermissions } from '../../access/scope.ts';
import { applyCountDeltas, insertNewMemberships, type NewEventColumns } from '../people/periods.ts';
import {
  deriveMembership,
  MembershipRuleError,
  type EventKind,
  type Lifecycle,
  type MembershipEvent,
  type Period,
} from '../../../shared/rules/membership.ts';
import type { IsoDate } from '../../../shared/dates.ts';
import { normalizeSearch } from '../../../shared/text.ts';
import type { Row } from './csv.ts';
import {
  Cells,
  RowErrors,
  UnitResolver,
  inSlices,
  pgArray,
  versionOn,
  type UnitInfo,
} from './import.common.ts';
import type { Counts, Importer } from './importer.ts';
import {
  PEOPLE_COLUMNS,
  PEOPLE_FAMILIES,
  readRow,
  type FamilyColumns,
  type PersonFields,
} from './import.people.rows.ts';

/**
 * People with their memberships. A person is keyed by citizen ID: an identical person is left alone, a
 * different one updated. A membership is written as its dated events (then the periods and counts are
 * rebuilt from them); one that already exists is left alone when its history is the same and is a row
 * error when it is not, because history is changed by recording events, not by overwriting it.
 */

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

export function createPeopleImporter(deps: { actor: Actor; today: IsoDate }): Importer {
  const { actor, today } = deps;
  const units = new UnitResolver(actor);
  const seen = new Set<number>(); // citizen IDs met so far in the file (as numbers: 12 digits fit)
  /** The statement a batch left running (see writeBatch); settle() waits for it and reports its failure. */
  let running: Promise<unknown> | null = null;
  const defer = (statement: Promise<unknown>) => {
    statement.catch(() => undefined); // handled by settle(); until then not an unhandled rejection
    running = statement;
  };
  const settle = async () => {
    const r = running;
    running = null;
    if (r) await r;
  };
  /** Member count deltas of the written batches, applied once by finish(). */
  const countDeltas = new Map<string, number>();

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
    beforeQueries?: () => Promise<void>,
  ) {
    const read = rows.map((row) => {
      const c = new Cells(row, index, errors);
      c.checkWidth(index.size);
      return { c, r: readRow(c, today) };
    });
    await beforeQueries?.();
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
    const memberships = new Map<string, ExistingMembership>();
    if (plans.length > 0) await loadExisting(q, plans, existing, memberships);

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

  /**
   * The people of a batch that exist already, with their memberships and event histories, and whether
   * the caller can see them: registered in, or currently a member of, a unit in the caller's scope
   * (decided for all of them with one permission query).
   */
  async function loadExisting(
    q: Queryable,
    plans: readonly PersonPlan[],
    existing: Map<string, ExistingPerson>,
    memberships: Map<string, ExistingMembership>,
  ) {
    // Plain `= ANY` lookups on indexed columns: their plans stay right when the statistics are stale,
    // as they are in the middle of a large import (and always on PGlite, which has no autovacuum).
    const people = await q.query<Omit<ExistingPerson, 'visible'>>(
      `SELECT id, citizen_id, full_name, birth_date, sex, ethnicity, religion, phone, education, occupation, political_theory,
              registered_unit_id
       FROM person WHERE citizen_id = ANY($1::text[])`,
      [plans.map((p) => p.citizenId)],
    );
    if (people.length === 0) return;
    const found = await q.query<Omit<ExistingMembership, 'events'>>(
      `SELECT id, person_id, family, card_number FROM membership WHERE person_id = ANY($1::int[])`,
      [people.map((p) => p.id)],
    );
    const ids = found.map((m) => m.id);
    const events = await q.query<{
      membership_id: number;
      kind: EventKind;
      occurred_on: string;
      unit_id: number | null;
      reason: string | null;
    }>(
      `SELECT membership_id, kind, occurred_on, unit_id, reason FROM membership_event
       WHERE membership_id = ANY($1::int[]) ORDER BY membership_id, occurred_on, id`,
      [ids],
    );
    const current = await q.query<{ membership_id: number; unit_id: number }>(
      `SELECT membership_id, unit_id FROM membership_period WHERE membership_id = ANY($1::int[]) AND valid_to = 'infinity'`,
      [ids],
    );
    const byId = new Map<number, ExistingMembership>();
    for (const m of found) {
      const full = { ...m, events: [] };
      byId.set(m.id, full);
      memberships.set(`${m.person_id}|${m.family}`, full);
    }
    for (const e of events)
      byId
        .get(e.membership_id)!
        .events.push({ kind: e.kind, on: e.occurred_on, unit: e.unit_id, reason: e.reason });
    const unitsOf = new Map<number, number[]>(people.map((p) => [p.id, [p.registered_unit_id]]));
    for (const c of current) unitsOf.get(byId.get(c.membership_id)!.person_id)!.push(c.unit_id);
    const perms = await unitPermissions(q, actor, [...new Set([...unitsOf.values()].flat())]);
    for (const p of people) {
      const visible = unitsOf.get(p.id)!.some((u) => (perms.get(u)?.size ?? 0) > 0);
      existing.set(p.citizen_id, { ...p, visible });
    }
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

  /**
   * The periods of a new membership, by the same rules as every other write (checked in the check pass;
   * a rule failing now means the records changed meanwhile).
   */
  function derivedPeriods(m: MembershipPlan): Period[] {
    if (m.periods) return m.periods;
    try {
      return deriveMembership(m.lifecycle, m.events, today).periods;
    } catch (err) {
      if (err instanceof MembershipRuleError) throw new AppError('conflict', 409);
      throw err;
    }
  }

  return {
    columns: PEOPLE_COLUMNS,

    async check(q, rows, index, errors) {
      return counts(await plan(q, rows, index, errors, true));
    },

    async write(q, rows, index) {
      try {
        return await writeBatch(q, rows, index);
      } catch (err) {
        await settle().catch(() => undefined); // no statement may still run when the transaction ends
        throw err;
      }
    },

    async finish(q) {
      await settle();
      // the counts of every batch at once: each count row is touched (and locked) once, just before commit
      await applyCountDeltas(q, countDeltas);
      countDeltas.clear();
    },
  };

  /**
   * Writes one batch. The last statement (events and periods, the largest) is left running: the job reads
   * and checks the next rows meanwhile, and the next batch waits for it before its first query.
   */
  async function writeBatch(q: Queryable, rows: readonly Row[], index: Map<string, number>) {
    const errors = new RowErrors(1);
    const p = await plan(q, rows, index, errors, false, settle);
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
        [...cols, pgArray(slice.map((x) => x.citizenId))],
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
        [...cols, pgArray(slice.map((x) => x.id))],
      );
    });

    await inSlices(p.newMemberships, 10_000, async (slice) => {
      await settle(); // the previous slice's events
      const created = await q.query<{ id: number; person_id: number; family: string }>(
        `INSERT INTO membership (person_id, family, card_number)
         SELECT * FROM unnest($1::int[], $2::text[], $3::text[]) RETURNING id, person_id, family`,
        [
          pgArray(slice.map((x) => x.personId ?? ids.get(x.citizenId)!)),
          pgArray(slice.map((x) => x.m.family)),
          pgArray(slice.map((x) => x.m.cardNumber)),
        ],
      );
      const idOf = new Map(created.map((r) => [`${r.person_id}|${r.family}`, r.id]));
      const ev: NewEventColumns = { membershipId: [], kind: [], occurredOn: [], unitId: [] };
      const periods: { membershipId: number; family: string; periods: Period[] }[] = [];
      for (const x of slice) {
        const id = idOf.get(`${x.personId ?? ids.get(x.citizenId)!}|${x.m.family}`)!;
        for (const e of x.m.events) {
          ev.membershipId.push(id);
          ev.kind.push(e.kind);
          ev.occurredOn.push(e.occurredOn);
          ev.unitId.push(e.unitId);
        }
        periods.push({ membershipId: id, family: x.m.family, periods: derivedPeriods(x.m) });
      }
      defer(insertNewMemberships(q, ev, periods, countDeltas));
    });
    if (p.cards.length > 0) {
      await settle();
      await q.query(
        `UPDATE membership m SET card_number = t.card FROM unnest($1::int[], $2::text[]) AS t(id, card) WHERE m.id = t.id`,
        [pgArray(p.cards.map((x) => x.id)), pgArray(p.cards.map((x) => x.card))],
      );
    }
    return counts(p);
  }
}

function counts(p: {
  create: unknown[];
  update: unknown[];
  unchanged: number;
  newMemberships: unknown[];
  cards: unknown[];
  membershipsUnchanged: number;
}): Counts {
  return {
    people: { created: p.create.length, updated: p.update.length, unchanged: p.unchanged },
    memberships: {
      created: p.newMemberships.length,
      updated: p.cards.length,
      unchanged: p.membershipsUnchanged,
    },
  };
}

function personColumns(list: PersonFields[]): string[] {
  const cols: (string | number | null)[][] = [[], [], [], [], [], [], [], [], [], [], []];
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
  return cols.map((c) => pgArray(c));
}
