import type { Queryable } from '../../db/client.ts';
import type { Row } from './csv.ts';
import type { ColumnSpec, RowErrors } from './import.common.ts';

export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * One kind of import. The job calls `check` on every batch of the file (outside any transaction,
 * recording row errors), and only when the whole file is clean calls `write` on every batch again inside
 * one transaction. Both read the same rows the same way; `write` re-reads what it compares against,
 * because the database may have changed between the two passes.
 */
export interface Importer {
  columns: ColumnSpec[];
  check(q: Queryable, rows: readonly Row[], index: Map<string, number>, errors: RowErrors): Promise<void>;
  write(q: Queryable, rows: readonly Row[], index: Map<string, number>): Promise<void>;
  /** After the last batch, inside the transaction. */
  finish?(q: Queryable): Promise<void>;
  /** Counts per record type, e.g. `{ people: {…}, memberships: {…} }`. */
  summary(): Record<string, Tally>;
}
