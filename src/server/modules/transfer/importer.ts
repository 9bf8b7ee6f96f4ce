import type { Queryable } from '../../db/client.ts';
import type { Row } from './csv.ts';
import type { ColumnSpec, RowErrors } from './import.common.ts';

export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
}

/** Counts per record type, e.g. `{ people: {…}, memberships: {…} }`. */
export type Counts = Record<string, Tally>;

/**
 * One kind of import. The job calls `check` on every batch of the file (outside any transaction,
 * recording row errors; it returns what writing the batch would do), and only when the whole file is
 * clean calls `write` again inside one transaction on every batch that has something to create or
 * update. Both read the same rows the same way; `write` re-reads what it compares against, because the
 * database may have changed between the two passes.
 */
export interface Importer {
  columns: ColumnSpec[];
  check(q: Queryable, rows: readonly Row[], index: Map<string, number>, errors: RowErrors): Promise<Counts>;
  write(q: Queryable, rows: readonly Row[], index: Map<string, number>): Promise<Counts>;
  /**
   * Called once in the write transaction after the last batch (and before the job is marked done), for
   * what is cheaper done once for the whole file than per batch, such as maintained counts.
   */
  finish?(q: Queryable): Promise<void>;
}

export const hasWork = (c: Counts) => Object.values(c).some((t) => t.created > 0 || t.updated > 0);

export function addCounts(into: Counts, more: Counts) {
  for (const [type, t] of Object.entries(more)) {
    const sum = (into[type] ??= { created: 0, updated: 0, unchanged: 0 });
    sum.created += t.created;
    sum.updated += t.updated;
    sum.unchanged += t.unchanged;
  }
}
