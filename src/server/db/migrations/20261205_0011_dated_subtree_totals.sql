-- Dated subtree totals for the roots of the tree (decision 0019). For a root unit R, subtree_timeline
-- holds the changes of "members of R's subtree on day x, by the child of R they stood under on x"
-- (R itself for R's own members): +1 on the first day a (period, tree link) pair holds, -1 on the day it
-- stops. Each change is added to three rows — its year, its month and its day — so the count on any date
-- is the sum of the earlier years, the earlier months of that year and the days of that month up to
-- the date: at most ~70 rows per child and status, whatever the size of the subtree.
--
-- The rows are maintained by statement triggers on membership_period (every period written or removed)
-- and unit_closure (every link opened, ended or removed), in the writer's transaction, as deltas
-- (d = d + x, keys in order), exactly like today's unit_subtree_count. A pair holds on day x when the
-- period is valid on x, the child is a child of R on x and the member's unit is under the child on x:
-- the same closure validity as the scan of the periods, so restructures leave past figures unchanged.

CREATE TABLE subtree_timeline_holder (
  unit_id integer PRIMARY KEY REFERENCES unit (id)
);

CREATE TABLE subtree_timeline (
  unit_id integer NOT NULL,
  grain text NOT NULL CHECK (grain IN ('y', 'm', 'd')),
  bucket date NOT NULL,
  child_id integer NOT NULL,
  family text NOT NULL,
  role text NOT NULL,
  status text NOT NULL,
  d integer NOT NULL,
  -- d in the key's index: a date's ~2,000 rows are read from the index alone
  PRIMARY KEY (unit_id, grain, bucket, child_id, family, role, status) INCLUDE (d)
) WITH (fillfactor = 80);

-- Adds changes (holder, child, key, day, delta) to the three rows of each day.
CREATE FUNCTION gr_timeline_add(h integer[], c integer[], f text[], r text[], s text[], x date[], n integer[])
RETURNS void LANGUAGE sql AS $$
  INSERT INTO subtree_timeline AS t (unit_id, grain, bucket, child_id, family, role, status, d)
  SELECT e.h, g.grain,
         CASE g.grain WHEN 'y' THEN date_trunc('year', e.x::timestamp)::date
                      WHEN 'm' THEN date_trunc('month', e.x::timestamp)::date ELSE e.x END,
         e.c, e.f, e.r, e.s, sum(e.n)::int
  FROM unnest(h, c, f, r, s, x, n) AS e(h, c, f, r, s, x, n)
  CROSS JOIN (VALUES ('y'), ('m'), ('d')) AS g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  HAVING sum(e.n) <> 0
  ORDER BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT (unit_id, grain, bucket, child_id, family, role, status) DO UPDATE SET d = t.d + EXCLUDED.d
$$;

-- Periods written (sign +1) or removed (sign -1), read from a trigger's transition table `src`: their
-- pairs with every link, whatever its dates. Run with EXECUTE so the planner knows the table's size.
CREATE FUNCTION gr_timeline_periods_sql(sign integer, src text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
  WITH p AS MATERIALIZED (SELECT unit_id, family, role, status, valid_from, valid_to FROM %2$s),
  pairs AS (
    SELECT p.unit_id AS h, p.unit_id AS c, p.family, p.role, p.status, p.valid_from AS lo, p.valid_to AS hi
    FROM p JOIN subtree_timeline_holder th ON th.unit_id = p.unit_id
    UNION ALL
    SELECT l1.ancestor_id, l1.descendant_id, p.family, p.role, p.status,
           greatest(l1.valid_from, l2.valid_from, p.valid_from), least(l1.valid_to, l2.valid_to, p.valid_to)
    FROM p
    JOIN unit_closure l2 ON l2.descendant_id = p.unit_id
    JOIN unit_closure l1 ON l1.descendant_id = l2.ancestor_id AND l1.depth = 1
    JOIN subtree_timeline_holder th ON th.unit_id = l1.ancestor_id
    WHERE greatest(l1.valid_from, l2.valid_from, p.valid_from) < least(l1.valid_to, l2.valid_to, p.valid_to)),
  ev AS (
    SELECT h, c, family, role, status, lo AS x, %1$s AS n FROM pairs
    UNION ALL
    SELECT h, c, family, role, status, hi, -(%1$s) FROM pairs WHERE hi <> 'infinity')
  SELECT gr_timeline_add(array_agg(h), array_agg(c), array_agg(family), array_agg(role), array_agg(status),
                         array_agg(x), array_agg(n))
  FROM ev HAVING count(*) > 0 $q$, sign, src)
$f$;

-- Links changed by one statement: `nsrc` the rows as written, `osrc` as they were. The pairs that
-- involve a changed link are added as they are now and removed as they were; the others are untouched.
-- A pair is (l1 = holder -> child at depth 1, l2 = child -> member's unit, a period of that unit).
CREATE FUNCTION gr_timeline_links_sql(nsrc text, osrc text) RETURNS text LANGUAGE sql IMMUTABLE AS $f$
  SELECT format($q$
  WITH n AS MATERIALIZED (SELECT ancestor_id, descendant_id, depth, valid_from, valid_to FROM %1$s),
  o AS MATERIALIZED (SELECT ancestor_id, descendant_id, depth, valid_from, valid_to FROM %2$s),
  tri AS (
    -- now: l1 new, l2 any current row
    SELECT 1 AS sign, l1.ancestor_id AS h, l1.descendant_id AS c,
           greatest(l1.valid_from, l2.valid_from) AS lo, least(l1.valid_to, l2.valid_to) AS hi, l2.descendant_id AS u
    FROM n l1 JOIN subtree_timeline_holder th ON th.unit_id = l1.ancestor_id
    JOIN unit_closure l2 ON l2.ancestor_id = l1.descendant_id
    WHERE l1.depth = 1
    UNION ALL
    -- now: l2 new, l1 a current row that is not new
    SELECT 1, l1.ancestor_id, l1.descendant_id,
           greatest(l1.valid_from, l2.valid_from), least(l1.valid_to, l2.valid_to), l2.descendant_id
    FROM n l2 JOIN unit_closure l1 ON l1.descendant_id = l2.ancestor_id AND l1.depth = 1
    JOIN subtree_timeline_holder th ON th.unit_id = l1.ancestor_id
    LEFT JOIN n x ON x.ancestor_id = l1.ancestor_id AND x.descendant_id = l1.descendant_id AND x.valid_from = l1.valid_from
    WHERE x.ancestor_id IS NULL
    UNION ALL
    -- before: l1 old, l2 a row of before (current and not new, or old)
    SELECT -1, l1.ancestor_id, l1.descendant_id,
           greatest(l1.valid_from, l2.valid_from), least(l1.valid_to, l2.valid_to), l2.descendant_id
    FROM o l1 JOIN subtree_timeline_holder th ON th.unit_id = l1.ancestor_id
    JOIN unit_closure l2 ON l2.ancestor_id = l1.descendant_id
    LEFT JOIN n x ON x.ancestor_id = l2.ancestor_id AND x.descendant_id = l2.descendant_id AND x.valid_from = l2.valid_from
    WHERE l1.depth = 1 AND x.ancestor_id IS NULL
    UNION ALL
    SELECT -1, l1.ancestor_id, l1.descendant_id,
           greatest(l1.valid_from, l2.valid_from), least(l1.valid_to, l2.valid_to), l2.descendant_id
    FROM o l1 JOIN subtree_timeline_holder th ON th.unit_id = l1.ancestor_id
    JOIN o l2 ON l2.ancestor_id = l1.descendant_id
    WHERE l1.depth = 1
    UNION ALL
    -- before: l2 old, l1 a row of before that is not old (current and not new)
    SELECT -1, l1.ancestor_id, l1.descendant_id,
           greatest(l1.valid_from, l2.valid_from), least(l1.valid_to, l2.valid_to), l2.descendant_id
    FROM o l2 JOIN unit_closure l1 ON l1.descendant_id = l2.ancestor_id AND l1.depth = 1
    JOIN subtree_timeline_holder th ON th.unit_id = l1.ancestor_id
    LEFT JOIN n x ON x.ancestor_id = l1.ancestor_id AND x.descendant_id = l1.descendant_id AND x.valid_from = l1.valid_from
    WHERE x.ancestor_id IS NULL),
  pairs AS (
    SELECT tri.sign, tri.h, tri.c, p.family, p.role, p.status,
           greatest(tri.lo, p.valid_from) AS lo, least(tri.hi, p.valid_to) AS hi
    FROM tri JOIN membership_period p ON p.unit_id = tri.u
    WHERE tri.lo < tri.hi AND greatest(tri.lo, p.valid_from) < least(tri.hi, p.valid_to)),
  ev AS (
    SELECT h, c, family, role, status, lo AS x, sign AS n FROM pairs
    UNION ALL
    SELECT h, c, family, role, status, hi, -sign FROM pairs WHERE hi <> 'infinity')
  SELECT gr_timeline_add(array_agg(h), array_agg(c), array_agg(family), array_agg(role), array_agg(status),
                         array_agg(x), array_agg(n))
  FROM ev HAVING count(*) > 0 $q$, nsrc, osrc)
$f$;

-- The whole timeline of one holder, from the records (new holders, and checks of the incremental path).
CREATE FUNCTION gr_timeline_build(holder integer) RETURNS void LANGUAGE sql AS $$
  DELETE FROM subtree_timeline WHERE unit_id = holder;
  INSERT INTO subtree_timeline (unit_id, grain, bucket, child_id, family, role, status, d)
  WITH pairs AS (
    SELECT p.unit_id AS c, p.family, p.role, p.status, p.valid_from AS lo, p.valid_to AS hi
    FROM membership_period p WHERE p.unit_id = holder
    UNION ALL
    SELECT l1.descendant_id, p.family, p.role, p.status,
           greatest(l1.valid_from, l2.valid_from, p.valid_from), least(l1.valid_to, l2.valid_to, p.valid_to)
    FROM unit_closure l1
    JOIN unit_closure l2 ON l2.ancestor_id = l1.descendant_id
    JOIN membership_period p ON p.unit_id = l2.descendant_id
    WHERE l1.ancestor_id = holder AND l1.depth = 1
      AND greatest(l1.valid_from, l2.valid_from, p.valid_from) < least(l1.valid_to, l2.valid_to, p.valid_to)),
  ev AS (
    SELECT c, family, role, status, lo AS x, 1 AS n FROM pairs
    UNION ALL
    SELECT c, family, role, status, hi, -1 FROM pairs WHERE hi <> 'infinity')
  SELECT holder, g.grain,
         CASE g.grain WHEN 'y' THEN date_trunc('year', ev.x::timestamp)::date
                      WHEN 'm' THEN date_trunc('month', ev.x::timestamp)::date ELSE ev.x END,
         ev.c, ev.family, ev.role, ev.status, sum(ev.n)::int
  FROM ev CROSS JOIN (VALUES ('y'), ('m'), ('d')) AS g(grain)
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  HAVING sum(ev.n) <> 0
  ORDER BY 1, 2, 3, 4, 5, 6, 7;
$$;

-- A bulk load that will rebuild the timelines before it commits (applyCountDeltas) sets gr.timeline
-- to 'deferred' for its transaction: adding a million periods one change at a time would cost more.
CREATE FUNCTION gr_timeline_on_period() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('gr.timeline', true) = 'deferred' OR NOT EXISTS (SELECT 1 FROM subtree_timeline_holder) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    EXECUTE gr_timeline_periods_sql(-1, 'old_rows');
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    EXECUTE gr_timeline_periods_sql(1, 'new_rows');
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION gr_timeline_on_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('gr.timeline', true) = 'deferred' OR NOT EXISTS (SELECT 1 FROM subtree_timeline_holder) THEN
    RETURN NULL;
  END IF;
  EXECUTE gr_timeline_links_sql(
    CASE WHEN TG_OP = 'DELETE' THEN '(SELECT * FROM unit_closure WHERE false) AS none' ELSE 'new_rows' END,
    CASE WHEN TG_OP = 'INSERT' THEN '(SELECT * FROM unit_closure WHERE false) AS none' ELSE 'old_rows' END);
  RETURN NULL;
END;
$$;

-- A unit that is a root (a version without a parent) keeps a timeline from then on.
CREATE FUNCTION gr_timeline_on_root() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r integer;
BEGIN
  FOR r IN
    INSERT INTO subtree_timeline_holder (unit_id)
    SELECT DISTINCT unit_id FROM new_rows WHERE parent_id IS NULL ORDER BY 1
    ON CONFLICT (unit_id) DO NOTHING RETURNING unit_id
  LOOP
    PERFORM gr_timeline_build(r);
  END LOOP;
  RETURN NULL;
END;
$$;

CREATE TRIGGER membership_period_timeline_ins AFTER INSERT ON membership_period
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_timeline_on_period();
CREATE TRIGGER membership_period_timeline_upd AFTER UPDATE ON membership_period
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_timeline_on_period();
CREATE TRIGGER membership_period_timeline_del AFTER DELETE ON membership_period
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_timeline_on_period();
CREATE TRIGGER unit_closure_timeline_ins AFTER INSERT ON unit_closure
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_timeline_on_link();
CREATE TRIGGER unit_closure_timeline_upd AFTER UPDATE ON unit_closure
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_timeline_on_link();
CREATE TRIGGER unit_closure_timeline_del AFTER DELETE ON unit_closure
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_timeline_on_link();
CREATE TRIGGER unit_version_timeline_root AFTER INSERT ON unit_version
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gr_timeline_on_root();

-- Today's roots, with their history.
INSERT INTO subtree_timeline_holder (unit_id) SELECT DISTINCT unit_id FROM unit_version WHERE parent_id IS NULL;
SELECT gr_timeline_build(unit_id) FROM subtree_timeline_holder ORDER BY unit_id;

-- Name search: prefix matches in byte order (the order of the C and C.UTF-8 collations) through one
-- index, so a top 20 in a large scope walks the index and stops after 20 rows in scope.
CREATE INDEX person_search_c ON person (search_name COLLATE "C", id) INCLUDE (registered_unit_id);
