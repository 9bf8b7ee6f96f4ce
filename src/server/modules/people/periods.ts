import type { Queryable } from '../../db/client.ts';
import {
  deriveMembership,
  MembershipRuleError,
  type EventKind,
  type Lifecycle,
  type MembershipSummary,
  type Period,
} from '../../../shared/rules/membership.ts';
import type { IsoDate } from '../../../shared/dates.ts';
import { addMemberDeltasToAncestors } from '../units/aggregates.ts';
import { pgArray } from '../transfer/import.common.ts';

interface EventRow {
  membership_id: number;
  kind: EventKind;
  occurred_on: string;
  unit_id: number | null;
  reason: string | null;
}

export class MembershipRebuildError extends Error {
  constructor(
    readonly membershipId: number,
    readonly rule: MembershipRuleError,
  ) {
    super(rule.code);
  }
}

/**
 * The one way status periods and the per-unit counts change: re-derive the periods of these memberships
 * from their events (checking every rule), replace them, and add the difference of their current
 * periods to unit_member_count. Deltas, not recounts, so concurrent writers never lose each other's counts.
 */
export async function rebuildMemberships(
  q: Queryable,
  membershipIds: readonly number[],
  today: IsoDate,
): Promise<Map<number, MembershipSummary>> {
  const out = new Map<number, MembershipSummary>();
  if (membershipIds.length === 0) return out;
  const ids = [...new Set(membershipIds)].sort((a, b) => a - b);
  // Rows come back as one JSON document: on PGlite, per-row result decoding costs ten times the query.
  const loaded = await q.query<{
    heads: [number, string, Lifecycle][] | null;
    events: [number, EventKind, string, number | null, string | null][] | null;
  }>(
    `SELECT (SELECT json_agg(json_build_array(m.id, m.family, f.lifecycle))
             FROM membership m JOIN organization_family f ON f.code = m.family WHERE m.id = ANY($1::int[])) AS heads,
            (SELECT json_agg(json_build_array(membership_id, kind, occurred_on, unit_id, reason) ORDER BY membership_id, occurred_on, id)
             FROM membership_event WHERE membership_id = ANY($1::int[])) AS events`,
    [ids],
  );
  const heads = (loaded[0]?.heads ?? []).map(([id, family, lifecycle]) => ({ id, family, lifecycle }));
  const events: EventRow[] = (loaded[0]?.events ?? []).map(
    ([membership_id, kind, occurred_on, unit_id, reason]) => ({
      membership_id,
      kind,
      occurred_on,
      unit_id,
      reason,
    }),
  );
  const byMembership = new Map<number, EventRow[]>();
  for (const e of events) {
    let list = byMembership.get(e.membership_id);
    if (!list) byMembership.set(e.membership_id, (list = []));
    list.push(e);
  }
  const cols: unknown[][] = [[], [], [], [], [], [], []];
  const delta = new Map<string, number>();
  const bump = (unit: number, family: string, role: string, status: string, d: number) =>
    addCountDelta(delta, unit, family, role, status, d);
  for (const h of heads) {
    const evs = byMembership.get(h.id) ?? [];
    let summary: MembershipSummary;
    try {
      summary = deriveMembership(
        h.lifecycle === 'party' ? 'party' : 'simple',
        evs.map((e) => ({ kind: e.kind, occurredOn: e.occurred_on, unitId: e.unit_id, reason: e.reason })),
        today,
      );
    } catch (err) {
      if (err instanceof MembershipRuleError) throw new MembershipRebuildError(h.id, err);
      throw err;
    }
    out.set(h.id, summary);
    for (const p of summary.periods) {
      cols[0]!.push(h.id);
      cols[1]!.push(h.family);
      cols[2]!.push(p.role);
      cols[3]!.push(p.unitId);
      cols[4]!.push(p.status);
      cols[5]!.push(p.validFrom);
      cols[6]!.push(p.validTo);
      if (p.validTo === 'infinity') bump(p.unitId, h.family, p.role, p.status, +1);
    }
  }
  const removed = await q.query<{ old: [number, string, string, string][] | null }>(
    `WITH d AS (DELETE FROM membership_period WHERE membership_id = ANY($1::int[]) RETURNING unit_id, family, role, status, valid_to)
     SELECT json_agg(json_build_array(unit_id, family, role, status)) AS old FROM d WHERE valid_to = 'infinity'`,
    [ids],
  );
  const old = (removed[0]?.old ?? []).map(([unit_id, family, role, status]) => ({
    unit_id,
    family,
    role,
    status,
  }));
  for (const o of old) bump(o.unit_id, o.family, o.role, o.status, -1);
  if (cols[0]!.length > 0) {
    await q.query(
      `INSERT INTO membership_period (membership_id, family, role, unit_id, status, valid_from, valid_to)
       SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::text[], $6::date[], $7::date[])`,
      cols,
    );
  }
  await applyCountDeltas(q, delta);
  return out;
}

/** Adds `d` members of (unit, family, role, status) to a set of count deltas (see applyCountDeltas). */
export function addCountDelta(
  delta: Map<string, number>,
  unit: number,
  family: string,
  role: string,
  status: string,
  d: number,
) {
  const k = `${unit}|${family}|${role}|${status}`;
  delta.set(k, (delta.get(k) ?? 0) + d);
}

/**
 * Periods written so far by the bulk load that owns a delta map. Past this many, the load stops
 * maintaining the dated subtree totals (decision 0019) statement by statement and rebuilds them once
 * before it commits: a million periods cost ~25 s rebuilt, several minutes added one batch at a time.
 */
const bulkPeriods = new WeakMap<Map<string, number>, number>();
const DEFER_TIMELINE_AFTER = 50_000;

/** Events of memberships created in a bulk load, as parallel columns. */
export interface NewEventColumns {
  membershipId: number[];
  kind: EventKind[];
  occurredOn: IsoDate[];
  unitId: (number | null)[];
}

/**
 * Bulk loads: inserts the events of memberships created in this transaction together with their periods,
 * derived by the caller with the same rules (`deriveMembership`) from these very events, in one statement,
 * and adds their current periods to `delta`. There are no earlier periods to replace, so nothing is read
 * back or deleted, and the counts are left to one applyCountDeltas when the whole load is written: a
 * million memberships then touch each count row once instead of once per batch, and lock it only until
 * the commit that follows.
 */
export function insertNewMemberships(
  q: Queryable,
  events: NewEventColumns,
  memberships: readonly { membershipId: number; family: string; periods: readonly Period[] }[],
  delta: Map<string, number>,
): Promise<unknown> {
  let written = 0;
  for (const m of memberships) written += m.periods.length;
  const before = bulkPeriods.get(delta) ?? 0;
  bulkPeriods.set(delta, before + written);
  const defer =
    before <= DEFER_TIMELINE_AFTER && before + written > DEFER_TIMELINE_AFTER
      ? // from here on the dated subtree totals are rebuilt once, by applyCountDeltas, not per batch
        q.query(`SELECT set_config('gr.timeline', 'deferred', true)`)
      : Promise.resolve();
  const p: [number[], string[], string[], number[], string[], string[], string[]] = [
    [],
    [],
    [],
    [],
    [],
    [],
    [],
  ];
  for (const m of memberships) {
    for (const x of m.periods) {
      p[0].push(m.membershipId);
      p[1].push(m.family);
      p[2].push(x.role);
      p[3].push(x.unitId);
      p[4].push(x.status);
      p[5].push(x.validFrom);
      p[6].push(x.validTo);
      if (x.validTo === 'infinity') addCountDelta(delta, x.unitId, m.family, x.role, x.status, +1);
    }
  }
  return defer.then(() =>
    q.query(
      `WITH e AS (
       INSERT INTO membership_event (membership_id, kind, occurred_on, unit_id)
       SELECT * FROM unnest($1::int[], $2::text[], $3::date[], $4::int[]))
     INSERT INTO membership_period (membership_id, family, role, unit_id, status, valid_from, valid_to)
     SELECT * FROM unnest($5::int[], $6::text[], $7::text[], $8::int[], $9::text[], $10::date[], $11::date[])`,
      [
        pgArray(events.membershipId),
        pgArray(events.kind),
        pgArray(events.occurredOn),
        pgArray(events.unitId),
        ...p.map((c) => pgArray(c)),
      ],
    ),
  );
}

/**
 * Adds count deltas (see addCountDelta) to unit_member_count and to every current ancestor's
 * unit_subtree_count, in key order, as two set-based upserts: `n = n + d`, never a recount.
 */
export async function applyCountDeltas(q: Queryable, delta: Map<string, number>) {
  if ((bulkPeriods.get(delta) ?? 0) > DEFER_TIMELINE_AFTER) {
    // A bulk load deferred the dated subtree totals: rebuild them from everything this transaction
    // sees. The lock waits for writers already under way and holds new ones until the commit, so no
    // change is missed or counted twice.
    await q.query('LOCK TABLE subtree_timeline IN SHARE ROW EXCLUSIVE MODE');
    await q.query('SELECT gr_timeline_build(unit_id) FROM subtree_timeline_holder ORDER BY unit_id');
    await q.query(`SELECT set_config('gr.timeline', '', true)`);
    bulkPeriods.delete(delta);
  }
  const keys = [...delta.entries()]
    .filter(([, d]) => d !== 0)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length === 0) return;
  const cols: unknown[][] = [[], [], [], [], []];
  for (const [k, d] of keys) {
    const [unit, family, role, status] = k.split('|');
    cols[0]!.push(Number(unit));
    cols[1]!.push(family);
    cols[2]!.push(role);
    cols[3]!.push(status);
    cols[4]!.push(d);
  }
  await q.query(
    `INSERT INTO unit_member_count AS c (unit_id, family, role, status, n)
     SELECT * FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[])
     ON CONFLICT (unit_id, family, role, status) DO UPDATE SET n = c.n + EXCLUDED.n`,
    cols,
  );
  await addMemberDeltasToAncestors(q, cols as [number[], string[], string[], string[], number[]]);
}
