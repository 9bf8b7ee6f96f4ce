-- The compliance monitor of a large subtree (a province of 250,000 cells) read from a snapshot: the
-- order of its cells under each sort (ordered by worst status first, the cells of one status are one
-- block, so a filtered page is a slice too), the month-by-month summary and the counts by
-- status, taken from the stored cell-years (compliance_cell_year) at `taken_at`. A view of a large unit
-- reads one row and slices its arrays; a snapshot older than a few minutes is served while a new one is
-- taken. Small subtrees are always judged live. See decision 0015.
CREATE TABLE compliance_snapshot (
  unit_id integer NOT NULL REFERENCES unit (id),
  year integer NOT NULL,
  epoch text NOT NULL,
  taken_at timestamptz NOT NULL,
  summary jsonb NOT NULL,
  counts jsonb NOT NULL,
  by_name integer[] NOT NULL,
  by_status integer[] NOT NULL,
  by_status_asc integer[] NOT NULL,
  by_rate integer[] NOT NULL,
  by_rate_desc integer[] NOT NULL,
  by_rank_rate integer[] NOT NULL,
  by_rank_rate_desc integer[] NOT NULL,
  PRIMARY KEY (unit_id, year)
);
