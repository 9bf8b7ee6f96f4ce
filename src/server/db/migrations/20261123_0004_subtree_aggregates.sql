-- Maintained subtree totals for today's figures: a province's statistics read a handful of rows instead of
-- scanning its whole subtree. Updated by deltas in the same transaction as every membership change and
-- every tree change (see units/aggregates.ts); rebuildable from the records at any time.
CREATE TABLE unit_subtree_count (
  unit_id integer NOT NULL,
  family text NOT NULL,
  role text NOT NULL,
  status text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (unit_id, family, role, status)
);

-- Open units in the subtree (the unit itself included) by kind.
CREATE TABLE unit_subtree_kind (
  unit_id integer NOT NULL,
  kind_code text NOT NULL,
  n integer NOT NULL,
  PRIMARY KEY (unit_id, kind_code)
);

INSERT INTO unit_subtree_count (unit_id, family, role, status, n)
SELECT c.ancestor_id, m.family, m.role, m.status, sum(m.n)::int
FROM unit_member_count m JOIN unit_closure c ON c.descendant_id = m.unit_id AND c.valid_to = 'infinity'
GROUP BY 1, 2, 3, 4;

INSERT INTO unit_subtree_kind (unit_id, kind_code, n)
SELECT c.ancestor_id, v.kind_code, count(*)::int
FROM unit_closure c JOIN unit_version v ON v.unit_id = c.descendant_id AND v.valid_to = 'infinity'
WHERE c.valid_to = 'infinity'
GROUP BY 1, 2;
