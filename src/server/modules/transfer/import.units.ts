import { countNewUnits } from '../units/aggregates.ts';
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../access/actor.ts';
import type { IsoDate } from '../../../shared/dates.ts';
import { LIMITS } from '../../../shared/limits.ts';
import type { Row } from './csv.ts';
import {
  Cells,
  RowErrors,
  UnitResolver,
  currentVersion,
  inSlices,
  type ColumnSpec,
} from './import.common.ts';
import type { Importer, Tally } from './importer.ts';

/**
 * Units, keyed by code, each under a parent that exists in the caller's scope or comes earlier in the
 * file. A unit already there with the same attributes is skipped; one that differs is a row error:
 * renames, moves and merges go through the restructure operations, which keep history.
 */

export const UNIT_COLUMNS: ColumnSpec[] = [
  { name: 'code', required: true },
  { name: 'name', required: true },
  { name: 'kind', required: true },
  { name: 'parent_code', required: true },
  { name: 'established_on', required: true, hint: 'date' },
  { name: 'enterprise_code' },
];

interface UnitRow {
  line: number;
  code: string;
  name: string;
  kind: string;
  parentCode: string;
  establishedOn: IsoDate;
  enterpriseCode: string;
}

/** What the file says about a code met in an earlier row. */
interface FileUnit {
  establishedOn: IsoDate | null;
  existingId: number | null;
}

export function createUnitImporter(deps: { actor: Actor; today: IsoDate; jobId: number }): Importer {
  const { actor, today, jobId } = deps;
  const units = new UnitResolver(actor);
  const inFile = new Map<string, FileUnit>();
  const enterprises = new Map<string, number | null>();
  let kinds: Set<string> | null = null;
  const createdIds = new Map<string, number>();
  let operationId: number | null = null;

  function readRow(c: Cells): UnitRow | null {
    const code = c.text('code', 64, true);
    const name = c.text('name', LIMITS.unitNameMax, true);
    const kind = c.text('kind', 40, true);
    const parentCode = c.text('parent_code', 64, true);
    const establishedOn = c.date('established_on', today, true, 'unit.future_date');
    const enterpriseCode = c.raw('enterprise_code');
    if (kind !== null && !kinds!.has(kind)) c.fail('kind', 'unit.unknown_kind', { kind });
    if (code !== null && code === parentCode) c.invalid('parent_code');
    if (!c.ok) return null;
    return {
      line: c.row.line,
      code: code!,
      name: name!,
      kind: kind!,
      parentCode: parentCode!,
      establishedOn: establishedOn!,
      enterpriseCode,
    };
  }

  async function load(q: Queryable, rows: readonly Row[], index: Map<string, number>) {
    kinds ??= new Set((await q.query<{ code: string }>('SELECT code FROM unit_kind')).map((k) => k.code));
    const at = (col: string) => index.get(col)!;
    const cell = (r: Row, col: string) => (r.cells[at(col)] ?? '').trim();
    await units.load(
      q,
      rows.flatMap((r) => [cell(r, 'code'), cell(r, 'parent_code')]),
    );
    const codes = [
      ...new Set(rows.map((r) => cell(r, 'enterprise_code')).filter((c) => c !== '' && !enterprises.has(c))),
    ];
    if (codes.length > 0) {
      const found = await q.query<{ id: number; code: string }>(
        'SELECT id, code FROM enterprise WHERE code = ANY($1::text[])',
        [codes],
      );
      for (const c of codes) enterprises.set(c, found.find((e) => e.code === c)?.id ?? null);
    }
  }

  /** The parent's id when it exists already, else null (it is a new unit earlier in the file). */
  function parentIdOf(code: string): number | null {
    const f = inFile.get(code);
    if (f) return f.existingId ?? createdIds.get(code) ?? null;
    return units.any(code)?.id ?? null;
  }

  /** Checks a row against the file so far and the database; says whether writing it would create it or skip it. */
  function checkRow(c: Cells, r: UnitRow | null): 'created' | 'unchanged' | null {
    const code = c.raw('code');
    if (code !== '' && inFile.has(code)) {
      c.fail('code', 'import.cell.duplicate_in_file', { value: code });
      return null;
    }
    const existing = code !== '' ? units.any(code) : null;
    // remembered even when the row is wrong, so its children report their own problems, not a missing parent
    if (code !== '')
      inFile.set(code, { establishedOn: r?.establishedOn ?? null, existingId: existing?.id ?? null });
    if (!r) return null;

    const parentFile = inFile.get(r.parentCode);
    if (parentFile && parentFile.existingId === null) {
      if (parentFile.establishedOn && r.establishedOn < parentFile.establishedOn) {
        c.fail('established_on', 'import.cell.parent_not_open', {
          value: r.parentCode,
          date: r.establishedOn,
        });
      }
    } else {
      const p = units.usable(r.parentCode, ['import']);
      if (typeof p === 'string') c.fail('parent_code', p, { value: r.parentCode });
      else if (p.closedOn !== null || r.establishedOn < p.establishedOn) {
        c.fail('established_on', 'import.cell.parent_not_open', {
          value: r.parentCode,
          date: r.establishedOn,
        });
      }
    }
    const enterpriseId = r.enterpriseCode === '' ? null : enterprises.get(r.enterpriseCode);
    if (enterpriseId === undefined || (r.enterpriseCode !== '' && enterpriseId === null)) {
      c.fail('enterprise_code', 'import.cell.unknown_enterprise', { value: r.enterpriseCode });
    }
    if (!existing) return c.ok ? 'created' : null;
    if (existing.perms.size === 0) {
      c.fail('code', 'unit.code_taken', { code: r.code });
      return null;
    }
    const v = currentVersion(existing);
    const differs: [string, boolean][] = [
      ['name', v?.name !== r.name],
      ['kind', v?.kind !== r.kind],
      ['parent_code', v?.parentId !== parentIdOf(r.parentCode)],
      ['established_on', existing.establishedOn !== r.establishedOn],
      ['enterprise_code', (v?.enterpriseId ?? null) !== (enterpriseId ?? null)],
    ];
    const first = differs.find(([, d]) => d);
    if (first) c.fail(first[0], 'import.cell.unit_differs', { value: r.code, column: first[0] });
    return c.ok ? 'unchanged' : null;
  }

  return {
    columns: UNIT_COLUMNS,

    async check(q, rows, index, errors) {
      await load(q, rows, index);
      const tally: Tally = { created: 0, updated: 0, unchanged: 0 };
      for (const row of rows) {
        const c = new Cells(row, index, errors);
        c.checkWidth(index.size);
        const outcome = checkRow(c, readRow(c));
        if (outcome) tally[outcome]++;
      }
      return { units: tally };
    },

    async write(q, rows, index) {
      await load(q, rows, index);
      const errors = new RowErrors(1);
      const tally: Tally = { created: 0, updated: 0, unchanged: 0 };
      const fresh: UnitRow[] = [];
      for (const row of rows) {
        const r = readRow(new Cells(row, index, errors));
        if (!r) continue;
        if (units.any(r.code)) tally.unchanged++;
        else fresh.push(r);
      }
      if (fresh.length === 0) return { units: tally };
      if (operationId === null) {
        const op = await q.query<{ id: number }>(
          `INSERT INTO restructure_operation (kind, effective_on, payload, actor_account_id) VALUES ('establish', $1, $2, $3) RETURNING id`,
          [today, JSON.stringify({ source: 'import', importJobId: jobId }), actor.accountId],
        );
        operationId = op[0]!.id;
      }
      // A parent created in this batch must exist (with its closure rows) before its children: insert by depth.
      const depth = new Map<string, number>();
      for (const r of fresh) depth.set(r.code, depth.has(r.parentCode) ? depth.get(r.parentCode)! + 1 : 0);
      const levels: UnitRow[][] = [];
      for (const r of fresh) (levels[depth.get(r.code)!] ??= []).push(r);
      for (const level of levels) {
        await inSlices(level, 10_000, async (slice) => {
          const created = await q.query<{ id: number; code: string }>(
            `INSERT INTO unit (code, established_on) SELECT * FROM unnest($1::text[], $2::date[]) RETURNING id, code`,
            [slice.map((r) => r.code), slice.map((r) => r.establishedOn)],
          );
          for (const u of created) createdIds.set(u.code, u.id);
          const ids = slice.map((r) => createdIds.get(r.code)!);
          const parents = slice.map((r) => parentIdOf(r.parentCode));
          const dates = slice.map((r) => r.establishedOn);
          await q.query(
            `INSERT INTO unit_version (unit_id, valid_from, parent_id, name, kind_code, enterprise_id)
             SELECT * FROM unnest($1::int[], $2::date[], $3::int[], $4::text[], $5::text[], $6::int[])`,
            [
              ids,
              dates,
              parents,
              slice.map((r) => r.name),
              slice.map((r) => r.kind),
              slice.map((r) => (r.enterpriseCode ? enterprises.get(r.enterpriseCode)! : null)),
            ],
          );
          await q.query(
            `INSERT INTO unit_closure (ancestor_id, descendant_id, depth, valid_from)
             SELECT t.id, t.id, 0, t.d FROM unnest($1::int[], $2::date[]) AS t(id, d)
             UNION ALL
             SELECT c.ancestor_id, t.id, c.depth + 1, t.d FROM unnest($1::int[], $2::date[], $3::int[]) AS t(id, d, parent)
             JOIN unit_closure c ON c.descendant_id = t.parent AND c.valid_to = 'infinity'`,
            [ids, dates, parents],
          );
          await countNewUnits(q, ids);
          await q.query(
            `INSERT INTO unit_event (unit_id, operation_id, kind, occurred_on, details)
             SELECT t.id, $4, 'established', t.d, jsonb_build_object('parentId', t.parent, 'importJobId', $5::int)
             FROM unnest($1::int[], $2::date[], $3::int[]) AS t(id, d, parent)`,
            [ids, dates, parents, operationId, jobId],
          );
          tally.created += slice.length;
        });
      }
      return { units: tally };
    },
  };
}
