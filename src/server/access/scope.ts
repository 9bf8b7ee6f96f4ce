import type { Queryable } from '../db/client.ts';
import type { Actor } from './actor.ts';
import { ROLE_PERMISSIONS, type Permission } from '../../shared/access.ts';
import { forbidden, notFound } from '../http/errors.ts';
import type { IsoDate } from '../../shared/dates.ts';

/**
 * SQL that keeps only rows whose unit (column `unitCol`) lies in the caller's scope today. `param` is the
 * placeholder holding the actor's scope roots (int[]). Every list, count, search and export uses it.
 */
export function inScopeSql(unitCol: string, param: string): string {
  return `EXISTS (SELECT 1 FROM unit_closure sc WHERE sc.descendant_id = ${unitCol} AND sc.ancestor_id = ANY(${param}::int[]) AND sc.valid_to = 'infinity')`;
}

/**
 * The same, for a date in the past: a unit is in scope when it was under a scope root on that date, or is
 * now. A closed unit stays visible to whoever covered it when it closed.
 */
export function inScopeAsOfSql(unitCol: string, rootsParam: string, dateParam: string): string {
  return `EXISTS (SELECT 1 FROM unit_closure sc WHERE sc.descendant_id = ${unitCol} AND sc.ancestor_id = ANY(${rootsParam}::int[])
    AND (sc.valid_to = 'infinity' OR (sc.valid_from <= ${dateParam}::date AND ${dateParam}::date < sc.valid_to)
         OR sc.valid_to = (SELECT u.closed_on FROM unit u WHERE u.id = ${unitCol})))`;
}

/** The permissions the caller holds on each of the given units (empty set = out of scope). One query per batch. */
export async function unitPermissions(
  q: Queryable,
  actor: Actor,
  unitIds: readonly number[],
  asOf?: IsoDate,
): Promise<Map<number, Set<Permission>>> {
  const out = new Map<number, Set<Permission>>();
  for (const id of unitIds) out.set(id, new Set());
  if (unitIds.length === 0 || actor.scopeRoots.length === 0) return out;
  const rows = await q.query<{ unit_id: number; root: number }>(
    `SELECT DISTINCT c.descendant_id AS unit_id, c.ancestor_id AS root
     FROM unit_closure c JOIN unit u ON u.id = c.descendant_id
     WHERE c.descendant_id = ANY($1::int[]) AND c.ancestor_id = ANY($2::int[])
       AND (c.valid_to = 'infinity' OR c.valid_to = u.closed_on
            OR ($3::date IS NOT NULL AND c.valid_from <= $3::date AND $3::date < c.valid_to))`,
    [unitIds, actor.scopeRoots, asOf ?? null],
  );
  for (const r of rows) {
    const set = out.get(r.unit_id)!;
    for (const a of actor.assignments) {
      if (a.unitId === r.root) for (const p of ROLE_PERMISSIONS[a.role]) set.add(p);
    }
  }
  return out;
}

/** Loads the caller's permissions on one unit; out of scope is "not found", in scope without the permission is "forbidden". */
export async function requireUnit(
  q: Queryable,
  actor: Actor,
  unitId: number,
  permission: Permission,
  asOf?: IsoDate,
): Promise<Set<Permission>> {
  const perms = (await unitPermissions(q, actor, [unitId], asOf)).get(unitId)!;
  if (perms.size === 0) throw notFound();
  if (!perms.has(permission)) throw forbidden();
  return perms;
}
