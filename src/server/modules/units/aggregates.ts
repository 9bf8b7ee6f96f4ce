import type { Queryable } from '../../db/client.ts';

/**
 * Maintained subtree totals (unit_subtree_count, unit_subtree_kind): every change adds its difference to
 * the current ancestors, rows touched in key order so concurrent writers do not deadlock. Closed units
 * have no current links, so they drop out of their former ancestors' totals when they close.
 */

/** Adds per-unit member deltas to every current ancestor (the unit itself included). */
export async function addMemberDeltasToAncestors(
  q: Queryable,
  cols: [number[], string[], string[], string[], number[]],
) {
  if (cols[0].length === 0) return;
  await q.query(
    `INSERT INTO unit_subtree_count AS t (unit_id, family, role, status, n)
     SELECT c.ancestor_id, d.family, d.role, d.status, sum(d.n)::int
     FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[]) AS d(unit_id, family, role, status, n)
     JOIN unit_closure c ON c.descendant_id = d.unit_id AND c.valid_to = 'infinity'
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
     ON CONFLICT (unit_id, family, role, status) DO UPDATE SET n = t.n + EXCLUDED.n`,
    cols,
  );
}

/**
 * Adds (sign +1) or removes (sign -1) the totals of the subtrees rooted at `rootIds` to or from their current
 * proper ancestors. Called with -1 before a move or close ends the links, and +1 after a move opens new ones.
 */
export async function shiftSubtreesIntoAncestors(q: Queryable, rootIds: readonly number[], sign: 1 | -1) {
  if (rootIds.length === 0) return;
  await q.query(
    `INSERT INTO unit_subtree_count AS t (unit_id, family, role, status, n)
     SELECT c.ancestor_id, s.family, s.role, s.status, ($2::int * sum(s.n))::int
     FROM unit_subtree_count s
     JOIN unit_closure c ON c.descendant_id = s.unit_id AND c.depth > 0 AND c.valid_to = 'infinity'
     WHERE s.unit_id = ANY($1::int[])
     GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
     ON CONFLICT (unit_id, family, role, status) DO UPDATE SET n = t.n + EXCLUDED.n`,
    [rootIds, sign],
  );
  await q.query(
    `INSERT INTO unit_subtree_kind AS t (unit_id, kind_code, n)
     SELECT c.ancestor_id, s.kind_code, ($2::int * sum(s.n))::int
     FROM unit_subtree_kind s
     JOIN unit_closure c ON c.descendant_id = s.unit_id AND c.depth > 0 AND c.valid_to = 'infinity'
     WHERE s.unit_id = ANY($1::int[])
     GROUP BY 1, 2 ORDER BY 1, 2
     ON CONFLICT (unit_id, kind_code) DO UPDATE SET n = t.n + EXCLUDED.n`,
    [rootIds, sign],
  );
}

/** A unit of `kind` appears (+1) or disappears (-1) in its own and its ancestors' totals. */
export async function countUnitKind(q: Queryable, unitId: number, kind: string, sign: 1 | -1) {
  await q.query(
    `INSERT INTO unit_subtree_kind AS t (unit_id, kind_code, n)
     SELECT c.ancestor_id, $2, $3::int FROM unit_closure c
     WHERE c.descendant_id = $1 AND c.valid_to = 'infinity' ORDER BY 1
     ON CONFLICT (unit_id, kind_code) DO UPDATE SET n = t.n + EXCLUDED.n`,
    [unitId, kind, sign],
  );
}

/** Recomputes both totals from the records (after bulk loads, and to check the incremental path). */
export async function rebuildSubtreeAggregates(q: Queryable) {
  await q.query('DELETE FROM unit_subtree_count');
  await q.query('DELETE FROM unit_subtree_kind');
  await q.query(
    `INSERT INTO unit_subtree_count (unit_id, family, role, status, n)
     SELECT c.ancestor_id, m.family, m.role, m.status, sum(m.n)::int
     FROM unit_member_count m JOIN unit_closure c ON c.descendant_id = m.unit_id AND c.valid_to = 'infinity'
     GROUP BY 1, 2, 3, 4`,
  );
  await q.query(
    `INSERT INTO unit_subtree_kind (unit_id, kind_code, n)
     SELECT c.ancestor_id, v.kind_code, count(*)::int
     FROM unit_closure c JOIN unit_version v ON v.unit_id = c.descendant_id AND v.valid_to = 'infinity'
     WHERE c.valid_to = 'infinity' GROUP BY 1, 2`,
  );
}

/** Units inserted in bulk (with their closure links) enter their own and their ancestors' kind totals. */
export async function countNewUnits(q: Queryable, unitIds: readonly number[]) {
  if (unitIds.length === 0) return;
  await q.query(
    `INSERT INTO unit_subtree_kind AS t (unit_id, kind_code, n)
     SELECT c.ancestor_id, v.kind_code, count(*)::int
     FROM unit_closure c JOIN unit_version v ON v.unit_id = c.descendant_id AND v.valid_to = 'infinity'
     WHERE c.descendant_id = ANY($1::int[]) AND c.valid_to = 'infinity'
     GROUP BY 1, 2 ORDER BY 1, 2
     ON CONFLICT (unit_id, kind_code) DO UPDATE SET n = t.n + EXCLUDED.n`,
    [unitIds],
  );
}
