import type { Queryable } from '../../db/client.ts';
import { AppError, notFound } from '../../http/errors.ts';
import type { IsoDate } from '../../../shared/dates.ts';
import { countUnitKind, shiftSubtreesIntoAncestors } from './aggregates.ts';

/** Effective-dated tree primitives. Each runs inside the caller's transaction. */

export interface VersionRow {
  id: number;
  unit_id: number;
  valid_from: string;
  parent_id: number | null;
  name: string;
  kind_code: string;
  enterprise_id: number | null;
}

export async function currentVersion(q: Queryable, unitId: number, lock = false): Promise<VersionRow> {
  const rows = await q.query<VersionRow>(
    `SELECT id, unit_id, valid_from, parent_id, name, kind_code, enterprise_id FROM unit_version
     WHERE unit_id = $1 AND valid_to = 'infinity'${lock ? ' FOR UPDATE' : ''}`,
    [unitId],
  );
  if (!rows[0]) throw notFound();
  return rows[0];
}

/** Ends the open version on `on` and opens a new one with the changes; a change on the same day replaces it. */
export async function changeVersion(
  q: Queryable,
  unitId: number,
  on: IsoDate,
  changes: Partial<Pick<VersionRow, 'parent_id' | 'name' | 'kind_code' | 'enterprise_id'>>,
): Promise<VersionRow> {
  const cur = await currentVersion(q, unitId, true);
  if (on < cur.valid_from) throw new AppError('unit.date_before_history', 422, { date: cur.valid_from });
  const next = { ...cur, ...changes };
  if (next.kind_code !== cur.kind_code) {
    await countUnitKind(q, unitId, cur.kind_code, -1);
    await countUnitKind(q, unitId, next.kind_code, 1);
  }
  if (on === cur.valid_from) {
    await q.query(
      `UPDATE unit_version SET parent_id = $2, name = $3, kind_code = $4, enterprise_id = $5 WHERE id = $1`,
      [cur.id, next.parent_id, next.name, next.kind_code, next.enterprise_id],
    );
    return { ...next, valid_from: on };
  }
  await q.query(`UPDATE unit_version SET valid_to = $2 WHERE id = $1`, [cur.id, on]);
  const rows = await q.query<VersionRow>(
    `INSERT INTO unit_version (unit_id, valid_from, parent_id, name, kind_code, enterprise_id)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, unit_id, valid_from, parent_id, name, kind_code, enterprise_id`,
    [unitId, on, next.parent_id, next.name, next.kind_code, next.enterprise_id],
  );
  return rows[0]!;
}

/**
 * A unit hangs only under a unit of a higher level (a lower rank in the kind catalogue), or under a unit of
 * its own kind (a commune youth-union committee under the provincial one): a steering committee cannot go
 * under a party cell, a cell cannot hold a commune.
 */
export async function checkParentKinds(
  q: Queryable,
  childIds: readonly number[],
  parentId: number,
  childKind?: string,
) {
  const rows = await q.query<{ child: string; child_rank: number; parent: string; parent_rank: number }>(
    `SELECT ck.code AS child, ck.rank AS child_rank, pk.code AS parent, pk.rank AS parent_rank
     FROM unit_kind ck, unit_version pv JOIN unit_kind pk ON pk.code = pv.kind_code
     WHERE pv.unit_id = $2 AND pv.valid_to = 'infinity'
       AND ck.code IN (SELECT kind_code FROM unit_version WHERE unit_id = ANY($1::int[]) AND valid_to = 'infinity'
                       UNION SELECT $3::text WHERE $3::text IS NOT NULL)
       AND (ck.rank < pk.rank OR (ck.rank = pk.rank AND ck.code <> pk.code))
     LIMIT 1`,
    [childIds, parentId, childKind ?? null],
  );
  if (rows[0]) throw new AppError('unit.parent_kind', 422, { child: rows[0].child, parent: rows[0].parent });
}

/** Is `candidate` the unit itself or one of its current descendants? */
export async function isInSubtree(q: Queryable, rootId: number, candidate: number): Promise<boolean> {
  const rows = await q.query(
    `SELECT 1 FROM unit_closure WHERE ancestor_id = $1 AND descendant_id = $2 AND valid_to = 'infinity'`,
    [rootId, candidate],
  );
  return rows.length > 0;
}

/** Ends a closure interval on `on`; an interval that began that same day disappears instead. */
const END_LINKS = `
  , ended AS (
    UPDATE unit_closure SET valid_to = $2
    WHERE valid_to = 'infinity' AND valid_from < $2 AND (ancestor_id, descendant_id) IN (SELECT a, d FROM links)
    RETURNING 1)
  DELETE FROM unit_closure WHERE valid_to = 'infinity' AND valid_from = $2 AND (ancestor_id, descendant_id) IN (SELECT a, d FROM links)`;

/** A new unit under `parentId` (or a new root) from `on`. */
export async function insertUnit(
  q: Queryable,
  u: {
    code?: string | null;
    parentId: number | null;
    name: string;
    kind: string;
    enterpriseId?: number | null;
    on: IsoDate;
  },
): Promise<number> {
  const rows = await q.query<{ id: number }>(
    `INSERT INTO unit (code, established_on) VALUES ($1, $2) RETURNING id`,
    [u.code ?? null, u.on],
  );
  const id = rows[0]!.id;
  await q.query(
    `INSERT INTO unit_version (unit_id, valid_from, parent_id, name, kind_code, enterprise_id) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, u.on, u.parentId, u.name, u.kind, u.enterpriseId ?? null],
  );
  await q.query(
    `INSERT INTO unit_closure (ancestor_id, descendant_id, depth, valid_from) VALUES ($1, $1, 0, $2)`,
    [id, u.on],
  );
  if (u.parentId !== null) {
    await q.query(
      `INSERT INTO unit_closure (ancestor_id, descendant_id, depth, valid_from)
       SELECT ancestor_id, $2, depth + 1, $3 FROM unit_closure WHERE descendant_id = $1 AND valid_to = 'infinity'`,
      [u.parentId, id, u.on],
    );
  }
  await countUnitKind(q, id, u.kind, 1);
  return id;
}

/** Closes a unit on `on`: its open version and every link that names it end. */
export async function closeUnit(q: Queryable, unitId: number, on: IsoDate) {
  const cur = await currentVersion(q, unitId, true);
  if (on < cur.valid_from) throw new AppError('unit.date_before_history', 422, { date: cur.valid_from });
  if (on === cur.valid_from) {
    // A change made earlier the same day (e.g. moved up by a dissolve, then merged) never takes effect:
    // the version before it ends today already. A unit cannot close on the day it was established.
    const earlier = await q.query('SELECT 1 FROM unit_version WHERE unit_id = $1 AND valid_to = $2', [
      unitId,
      on,
    ]);
    if (!earlier[0]) throw new AppError('unit.date_before_history', 422, { date: cur.valid_from });
    await q.query(`DELETE FROM unit_version WHERE id = $1`, [cur.id]);
  } else {
    await q.query(`UPDATE unit_version SET valid_to = $2 WHERE id = $1`, [cur.id, on]);
  }
  await shiftSubtreesIntoAncestors(q, [unitId], -1);
  await q.query('DELETE FROM unit_subtree_count WHERE unit_id = $1', [unitId]);
  await q.query('DELETE FROM unit_subtree_kind WHERE unit_id = $1', [unitId]);
  await q.query(
    `WITH links AS (SELECT ancestor_id AS a, descendant_id AS d FROM unit_closure
                    WHERE (descendant_id = $1 OR ancestor_id = $1) AND valid_to = 'infinity')
     ${END_LINKS}`,
    [unitId, on],
  );
  await q.query(`UPDATE unit SET closed_on = $2 WHERE id = $1`, [unitId, on]);
}

export async function openChildren(q: Queryable, unitId: number): Promise<number[]> {
  const rows = await q.query<{ unit_id: number }>(
    `SELECT unit_id FROM unit_version WHERE parent_id = $1 AND valid_to = 'infinity' ORDER BY unit_id`,
    [unitId],
  );
  return rows.map((r) => r.unit_id);
}

export interface MovedUnit {
  unitId: number;
  name: string;
  fromParentId: number | null;
}

/**
 * Moves several sibling-or-unrelated subtrees under one new parent from `on`, set-based: one statement
 * per step whatever the number of units (a dissolve or a merge moves dozens at once).
 */
export async function moveUnits(
  q: Queryable,
  unitIds: readonly number[],
  newParentId: number,
  on: IsoDate,
): Promise<MovedUnit[]> {
  if (unitIds.length === 0) return [];
  const cycle = await q.query(
    `SELECT 1 FROM unit_closure WHERE ancestor_id = ANY($1::int[]) AND descendant_id = $2 AND valid_to = 'infinity' LIMIT 1`,
    [unitIds, newParentId],
  );
  if (cycle[0]) throw new AppError('unit.cycle', 422);
  await checkParentKinds(q, unitIds, newParentId);
  const current = await q.query<{
    id: number;
    unit_id: number;
    valid_from: string;
    parent_id: number | null;
    name: string;
  }>(
    `SELECT id, unit_id, valid_from, parent_id, name FROM unit_version
     WHERE unit_id = ANY($1::int[]) AND valid_to = 'infinity' ORDER BY unit_id FOR UPDATE`,
    [unitIds],
  );
  if (current.length !== new Set(unitIds).size) throw notFound();
  const moving = current.filter((c) => c.parent_id !== newParentId);
  if (moving.length === 0) return [];
  const late = moving.find((c) => c.valid_from > on);
  if (late) throw new AppError('unit.date_before_history', 422, { date: late.valid_from });
  const sameDay = moving.filter((c) => c.valid_from === on).map((c) => c.id);
  const older = moving.filter((c) => c.valid_from < on).map((c) => c.id);
  if (sameDay.length > 0) {
    await q.query(`UPDATE unit_version SET parent_id = $2 WHERE id = ANY($1::int[])`, [sameDay, newParentId]);
  }
  if (older.length > 0) {
    await q.query(`UPDATE unit_version SET valid_to = $2 WHERE id = ANY($1::int[])`, [older, on]);
    await q.query(
      `INSERT INTO unit_version (unit_id, valid_from, parent_id, name, kind_code, enterprise_id)
       SELECT unit_id, $2, $3, name, kind_code, enterprise_id FROM unit_version WHERE id = ANY($1::int[])`,
      [older, on, newParentId],
    );
  }
  const ids = moving.map((c) => c.unit_id);
  await shiftSubtreesIntoAncestors(q, ids, -1);
  await q.query(
    `WITH sub AS (SELECT descendant_id AS d FROM unit_closure WHERE ancestor_id = ANY($1::int[]) AND valid_to = 'infinity'),
          links AS (SELECT c.ancestor_id AS a, c.descendant_id AS d FROM unit_closure c
                    WHERE c.descendant_id IN (SELECT d FROM sub) AND c.valid_to = 'infinity'
                      AND NOT EXISTS (SELECT 1 FROM sub WHERE sub.d = c.ancestor_id))
     ${END_LINKS}`,
    [ids, on],
  );
  await q.query(
    `INSERT INTO unit_closure (ancestor_id, descendant_id, depth, valid_from)
     SELECT a.ancestor_id, s.descendant_id, a.depth + 1 + s.depth, $3
     FROM unit_closure a, unit_closure s
     WHERE a.descendant_id = $2 AND a.valid_to = 'infinity' AND s.ancestor_id = ANY($1::int[]) AND s.valid_to = 'infinity'
     ON CONFLICT (ancestor_id, descendant_id, valid_from) DO UPDATE SET valid_to = 'infinity', depth = EXCLUDED.depth`,
    [ids, newParentId, on],
  );
  await shiftSubtreesIntoAncestors(q, ids, 1);
  return moving.map((c) => ({ unitId: c.unit_id, name: c.name, fromParentId: c.parent_id }));
}
