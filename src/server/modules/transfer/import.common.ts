import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../access/actor.ts';
import { unitPermissions } from '../../access/scope.ts';
import { AppError } from '../../http/errors.ts';
import type { Permission } from '../../../shared/access.ts';
import type { IsoDate } from '../../../shared/dates.ts';
import type { Row } from './csv.ts';

/** Pieces every import kind shares: columns and headers, reading cells, collecting row errors, resolving unit codes. */

export const IMPORT_KINDS = ['people', 'units', 'enterprises'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ColumnSpec {
  name: string;
  required?: boolean;
  /** How a spreadsheet value is turned into text: dates as YYYY-MM-DD, identity numbers with their leading zeros. */
  hint?: 'date' | 'citizen_id';
}

export interface RowError {
  /** Spreadsheet row (the header is row 1); null for a problem with the whole file or job. */
  row: number | null;
  column: string | null;
  code: string;
  params?: Record<string, string | number>;
}

/** Keeps the first errors for the report and counts them all, so a file full of mistakes cannot fill memory. */
export class RowErrors {
  readonly list: RowError[] = [];
  count = 0;
  constructor(private readonly keep = 1000) {}

  add(row: number | null, column: string | null, code: string, params?: Record<string, string | number>) {
    this.count++;
    if (this.list.length < this.keep)
      this.list.push(params ? { row, column, code, params } : { row, column, code });
  }
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** YYYY-MM-DD naming a real day (years 1000-9999); the same answer as isIsoDate without building a Date per cell. */
export function isCalendarDate(v: string): boolean {
  if (v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return false;
  let n = 0;
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    n = n * 10 + d;
  }
  const y = Math.floor(n / 10_000);
  const m = Math.floor(n / 100) % 100;
  const d = n % 100;
  if (y < 1000 || m < 1 || m > 12 || d < 1) return false;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= (m === 2 && leap ? 29 : MONTH_DAYS[m - 1]!);
}

const clip = (s: string) => (s.length > 80 ? s.slice(0, 79) + '…' : s);

/** Matches the header row to the kind's columns: the same set, in any order, ignoring case and spaces around. */
export function mapHeaders(headers: readonly string[], columns: readonly ColumnSpec[]): Map<string, number> {
  const wanted = new Set(columns.map((c) => c.name));
  const index = new Map<string, number>();
  const unknown: string[] = [];
  headers.forEach((h, i) => {
    const name = h.trim().toLowerCase();
    if (name === '' && i === headers.length - 1 && i >= columns.length) return; // a trailing delimiter
    if (!wanted.has(name) || index.has(name)) unknown.push(h.trim() || `#${i + 1}`);
    else index.set(name, i);
  });
  const missing = columns.filter((c) => !index.has(c.name)).map((c) => c.name);
  if (missing.length > 0 || unknown.length > 0) {
    throw new AppError('import.bad_headers', 422, {
      missing: missing.length > 0 ? missing.join(', ') : '—',
      unknown: unknown.length > 0 ? unknown.join(', ') : '—',
    });
  }
  return index;
}

/**
 * Reads and checks the cells of one row. Each check records its error against the row and column and
 * returns null, so a row reports every problem at once.
 */
export class Cells {
  ok = true;
  constructor(
    readonly row: Row,
    private readonly index: Map<string, number>,
    private readonly errors: RowErrors,
  ) {}

  raw(column: string): string {
    const v = this.row.cells[this.index.get(column)!];
    if (v === undefined || v === '') return '';
    const t = v.trim();
    // Spreadsheets and some keyboards produce decomposed Vietnamese; store and compare one form.
    return /[^\x20-\x7e]/.test(t) ? t.normalize('NFC') : t;
  }

  fail(column: string | null, code: string, params?: Record<string, string | number>): null {
    this.ok = false;
    this.errors.add(this.row.line, column, code, params);
    return null;
  }

  invalid(column: string, value = this.raw(column)): null {
    return this.fail(column, 'import.cell.invalid', { value: clip(value) });
  }

  text(column: string, max: number, required = false): string | null {
    const v = this.raw(column);
    if (v === '') return required ? this.fail(column, 'import.cell.required') : null;
    if (v.length > max) return this.fail(column, 'import.cell.too_long', { max });
    return v;
  }

  /** A calendar date, YYYY-MM-DD, not after `today`. */
  date(
    column: string,
    today: IsoDate,
    required = false,
    futureCode = 'membership.future_date',
  ): IsoDate | null {
    const v = this.raw(column);
    if (v === '') return required ? this.fail(column, 'import.cell.required') : null;
    if (!isCalendarDate(v)) return this.fail(column, 'date.invalid', { value: clip(v) });
    if (v > today) return this.fail(column, futureCode, { date: v });
    return v;
  }

  oneOf<T extends string>(column: string, values: readonly T[], required = false): T | null {
    const v = this.raw(column).toLowerCase();
    if (v === '') return required ? this.fail(column, 'import.cell.required') : null;
    if (!(values as readonly string[]).includes(v)) return this.invalid(column);
    return v as T;
  }

  wholeNumber(column: string, max = 2_147_483_647): number | null {
    const v = this.raw(column);
    if (v === '') return null;
    if (!/^[0-9]{1,10}$/.test(v) || Number(v) > max) return this.invalid(column);
    return Number(v);
  }

  /** Cells beyond the header are a sign of a shifted row (an unquoted delimiter). */
  checkWidth(width: number) {
    const cells = this.row.cells;
    if (cells.length > width && cells.slice(width).some((c) => c.trim() !== '')) {
      this.fail(null, 'import.row.column_count', { count: cells.length, expected: width });
    }
  }
}

export interface UnitVersionInfo {
  from: IsoDate;
  to: IsoDate;
  kind: string;
  family: string;
  holdsMembers: boolean;
  parentId: number | null;
  name: string;
  enterpriseId: number | null;
}

export interface UnitInfo {
  id: number;
  code: string;
  establishedOn: IsoDate;
  closedOn: IsoDate | null;
  versions: UnitVersionInfo[];
  /** Empty when the unit is outside the caller's scope. */
  perms: Set<Permission>;
}

export type UnitProblem = 'import.cell.unknown_unit' | 'import.cell.unit_forbidden';

/**
 * Unit codes met in a file, resolved a batch at a time (one query for the units, one for the caller's
 * permissions on all of them) and remembered for the rest of the job.
 */
export class UnitResolver {
  private readonly cache = new Map<string, UnitInfo | null>();
  constructor(private readonly actor: Actor) {}

  async load(q: Queryable, codes: Iterable<string>) {
    const wanted = new Set<string>();
    for (const c of codes) if (c !== '' && !this.cache.has(c)) wanted.add(c);
    const missing = [...wanted];
    if (missing.length === 0) return;
    const rows = await q.query<{
      id: number;
      code: string;
      established_on: string;
      closed_on: string | null;
      valid_from: string;
      valid_to: string;
      kind_code: string;
      family: string;
      holds_members: boolean;
      parent_id: number | null;
      name: string;
      enterprise_id: number | null;
    }>(
      `SELECT u.id, u.code, u.established_on, u.closed_on, v.valid_from, v.valid_to, v.kind_code, k.family, k.holds_members,
              v.parent_id, v.name, v.enterprise_id
       FROM unit u JOIN unit_version v ON v.unit_id = u.id JOIN unit_kind k ON k.code = v.kind_code
       WHERE u.code = ANY($1::text[]) ORDER BY u.id, v.valid_from`,
      [missing],
    );
    const found = new Map<string, UnitInfo>();
    for (const r of rows) {
      let u = found.get(r.code);
      if (!u) {
        u = {
          id: r.id,
          code: r.code,
          establishedOn: r.established_on,
          closedOn: r.closed_on,
          versions: [],
          perms: new Set(),
        };
        found.set(r.code, u);
      }
      u.versions.push({
        from: r.valid_from,
        to: r.valid_to,
        kind: r.kind_code,
        family: r.family,
        holdsMembers: r.holds_members,
        parentId: r.parent_id,
        name: r.name,
        enterpriseId: r.enterprise_id,
      });
    }
    const perms = await unitPermissions(
      q,
      this.actor,
      [...found.values()].map((u) => u.id),
    );
    for (const u of found.values()) u.perms = perms.get(u.id) ?? new Set();
    for (const c of missing) this.cache.set(c, found.get(c) ?? null);
  }

  /** The unit whatever the caller's scope (to tell "taken" from "free"); load() first. */
  any(code: string): UnitInfo | null {
    return this.cache.get(code) ?? null;
  }

  /** The unit if the caller may use it for `needs`; otherwise the error to report (out of scope looks like missing). */
  usable(code: string, needs: readonly Permission[]): UnitInfo | UnitProblem {
    const u = this.cache.get(code);
    if (!u || u.perms.size === 0) return 'import.cell.unknown_unit';
    for (const p of needs) if (!u.perms.has(p)) return 'import.cell.unit_forbidden';
    return u;
  }
}

/** The version of a unit in force on a date, if the unit existed then. */
export function versionOn(u: UnitInfo, date: IsoDate): UnitVersionInfo | null {
  return u.versions.find((v) => v.from <= date && (v.to === 'infinity' || date < v.to)) ?? null;
}

export const currentVersion = (u: UnitInfo): UnitVersionInfo | null =>
  u.versions.find((v) => v.to === 'infinity') ?? null;

const ARRAY_ESCAPE = /["\\]/;

/**
 * A PostgreSQL array literal of `values`, for a `$n::type[]` parameter of a bulk statement (numbers,
 * strings, dates as 'YYYY-MM-DD'; null and undefined as NULL). The drivers' own encoding runs two regular
 * expressions over every element, which was a large share of the CPU time of writing a big file.
 */
export function pgArray(values: readonly (string | number | null | undefined)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    const v = values[i];
    if (v === null || v === undefined) out += 'NULL';
    else if (typeof v === 'number') out += String(v);
    else out += '"' + (ARRAY_ESCAPE.test(v) ? v.replace(/[\\"]/g, '\\$&') : v) + '"';
  }
  return out + '}';
}

/** Runs `fn` over `items` in slices of `size` (bounded statement sizes). */
export async function inSlices<T>(items: readonly T[], size: number, fn: (slice: T[]) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await fn(items.slice(i, i + size));
}
