import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../http/errors.ts';
import type { Row } from './csv.ts';
import { Cells, RowErrors, type ColumnSpec } from './import.common.ts';
import type { Importer } from './importer.ts';

/** Enterprises and agencies, keyed by code: a new code is created, a known one updated when it differs. */

export const ENTERPRISE_COLUMNS: ColumnSpec[] = [
  { name: 'code', required: true },
  { name: 'name', required: true },
  { name: 'ownership', required: true },
  { name: 'sector' },
  { name: 'address' },
  { name: 'workforce' },
];

const OWNERSHIP = ['state_owned', 'non_state', 'foreign_invested'] as const;

interface EnterpriseRow {
  code: string;
  name: string;
  ownership: string;
  sector: string | null;
  address: string | null;
  workforce: number | null;
}

function readRow(c: Cells): EnterpriseRow | null {
  const code = c.text('code', 64, true);
  const name = c.text('name', 300, true);
  const ownership = c.oneOf('ownership', OWNERSHIP, true);
  const sector = c.text('sector', 120);
  const address = c.text('address', 500);
  const workforce = c.raw('workforce') === '' ? null : c.wholeNumber('workforce');
  if (!c.ok || code === null || name === null || ownership === null) return null;
  return { code, name, ownership, sector, address, workforce };
}

export function createEnterpriseImporter(): Importer {
  const seen = new Set<string>();

  async function plan(
    q: Queryable,
    rows: readonly Row[],
    index: Map<string, number>,
    errors: RowErrors,
    firstPass: boolean,
  ) {
    const list: EnterpriseRow[] = [];
    for (const row of rows) {
      const c = new Cells(row, index, errors);
      c.checkWidth(index.size);
      const code = c.raw('code');
      if (firstPass && code !== '') {
        if (seen.has(code)) c.fail('code', 'import.cell.duplicate_in_file', { value: code });
        seen.add(code);
      }
      const r = readRow(c);
      if (r && c.ok) list.push(r);
    }
    const existing = new Map(
      (
        await q.query<EnterpriseRow & { id: number }>(
          'SELECT id, code, name, ownership, sector, address, workforce FROM enterprise WHERE code = ANY($1::text[])',
          [list.map((r) => r.code)],
        )
      ).map((e) => [e.code, e]),
    );
    const create: EnterpriseRow[] = [];
    const update: EnterpriseRow[] = [];
    let unchanged = 0;
    for (const r of list) {
      const e = existing.get(r.code);
      if (!e) create.push(r);
      else if (
        e.name === r.name &&
        e.ownership === r.ownership &&
        e.sector === r.sector &&
        e.address === r.address &&
        e.workforce === r.workforce
      )
        unchanged++;
      else update.push(r);
    }
    return { create, update, unchanged };
  }

  const cols = (list: EnterpriseRow[]) => [
    list.map((r) => r.code),
    list.map((r) => r.name),
    list.map((r) => r.ownership),
    list.map((r) => r.sector),
    list.map((r) => r.address),
    list.map((r) => r.workforce),
  ];

  return {
    columns: ENTERPRISE_COLUMNS,
    async check(q, rows, index, errors) {
      const p = await plan(q, rows, index, errors, true);
      return { enterprises: { created: p.create.length, updated: p.update.length, unchanged: p.unchanged } };
    },
    async write(q, rows, index) {
      const errors = new RowErrors(1);
      const p = await plan(q, rows, index, errors, false);
      if (errors.count > 0) throw new AppError('conflict', 409);
      if (p.create.length > 0) {
        await q.query(
          `INSERT INTO enterprise (code, name, ownership, sector, address, workforce)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[])`,
          cols(p.create),
        );
      }
      if (p.update.length > 0) {
        await q.query(
          `UPDATE enterprise e SET name = t.name, ownership = t.ownership, sector = t.sector, address = t.address, workforce = t.workforce
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[]) AS t(code, name, ownership, sector, address, workforce)
           WHERE e.code = t.code`,
          cols(p.update),
        );
      }
      return { enterprises: { created: p.create.length, updated: p.update.length, unchanged: p.unchanged } };
    },
  };
}
