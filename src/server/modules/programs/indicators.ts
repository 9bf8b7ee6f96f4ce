import type { Queryable } from '../../db/client.ts';
import type { IsoDate } from '../../../shared/dates.ts';
import type { TargetFilters } from '../../../shared/contracts/programs.ts';
import { roundedPercent } from '../../../shared/rules/achievement.ts';
import { evaluateHandbook, HANDBOOK_SOURCES } from '../handbook/handbook.indicators.ts';

/**
 * Indicators are catalogue rows; each names an evaluator here ("source") that counts records in a unit's
 * subtree over a window of dates. Everything is taken as it stood on each record's own date: an admission
 * counts for the units the cell was under on the day of the admission, so restructuring the tree later
 * leaves past figures as they were.
 */

export interface IndicatorDef {
  code: string;
  source: string;
  params: { families?: string[]; kinds?: string[]; statuses?: string[]; days?: number };
  measure: 'count' | 'percent';
  subject: 'people' | 'units' | 'enterprises' | 'other';
  filters: string[];
  label: Record<string, string>;
}

/** Sources computed from the records; any other source is "reported" (values entered with their source). */
export const DERIVED_SOURCES = [
  'events',
  'established',
  'members_at',
  'net_change',
  'share_with',
  ...HANDBOOK_SOURCES,
] as const;
export const DRILLABLE_SOURCES = ['events', 'established', 'members_at', 'share_with'];
const FLOW_SOURCES = ['events', 'established'];

export function isDerived(def: Pick<IndicatorDef, 'source'>): boolean {
  return (DERIVED_SOURCES as readonly string[]).includes(def.source);
}

export interface Window {
  from: IsoDate;
  to: IsoDate;
}

/** The figure for one unit: the value on `to`, by child unit (null = records on the unit itself), by month. */
export interface Evaluation {
  value: string;
  byChild: Record<string, string>;
  /** Cumulative value at each month's end within the window (flow indicators only; stocks are read per date). */
  months?: Record<string, string>;
}

class Params {
  readonly values: unknown[] = [];
  add(v: unknown, cast: string): string {
    this.values.push(v);
    return `$${this.values.length}::${cast}`;
  }
}

/** Conditions on a hit row h(u = unit id, d = date[, pid = person id]) for the target's filters. */
function filterSql(f: TargetFilters, p: Params, withPerson: boolean, unitFilters = true): string[] {
  const out: string[] = [];
  if (f.ownership && unitFilters) {
    out.push(`EXISTS (SELECT 1 FROM unit_closure oc
      JOIN unit_version ov ON ov.unit_id = oc.ancestor_id AND ov.valid_from <= h.d AND h.d < ov.valid_to
      JOIN enterprise en ON en.id = ov.enterprise_id
      WHERE oc.descendant_id = h.u AND oc.valid_from <= h.d AND h.d < oc.valid_to AND en.ownership = ${p.add(f.ownership, 'text')})`);
  }
  if (f.unitKinds && unitFilters) {
    out.push(`EXISTS (SELECT 1 FROM unit_closure kc
      JOIN unit_version kv ON kv.unit_id = kc.ancestor_id AND kv.valid_from <= h.d AND h.d < kv.valid_to
      WHERE kc.descendant_id = h.u AND kc.valid_from <= h.d AND h.d < kc.valid_to AND kv.kind_code = ANY(${p.add(f.unitKinds, 'text[]')}))`);
  }
  if (withPerson) {
    if (f.sex) out.push(`pe.sex = ${p.add(f.sex, 'text')}`);
    if (f.ethnicity) out.push(`pe.ethnicity = ANY(${p.add(f.ethnicity, 'text[]')})`);
    if (f.religion) out.push(`pe.religion = ANY(${p.add(f.religion, 'text[]')})`);
    if (f.ageMin !== undefined)
      out.push(`date_part('year', age(h.d, pe.birth_date)) >= ${p.add(f.ageMin, 'int')}`);
    if (f.ageMax !== undefined)
      out.push(`date_part('year', age(h.d, pe.birth_date)) <= ${p.add(f.ageMax, 'int')}`);
  }
  return out;
}

const personFiltered = (f: TargetFilters) =>
  f.sex !== undefined ||
  f.ethnicity !== undefined ||
  f.religion !== undefined ||
  f.ageMin !== undefined ||
  f.ageMax !== undefined;

/**
 * The roots' closure rows valid at some time in the window, read once (a few thousand to a few hundred
 * thousand rows) so the records are matched to them by a hash join instead of one index probe each.
 */
function windowClosure(rootsP: string, w: Window, p: Params): string {
  return `cl AS MATERIALIZED (
    SELECT c.ancestor_id AS root, c.descendant_id AS u, c.depth, c.valid_from, c.valid_to FROM unit_closure c
    WHERE c.ancestor_id = ANY(${rootsP}) AND c.valid_from <= ${p.add(w.to, 'date')} AND ${p.add(w.from, 'date')} < c.valid_to)`;
}

/**
 * For flow hits: every unit under each child of a root, with the time it was under it (cl must be in
 * the same WITH). Joined by hash like cl.
 */
const KIDS = `kid AS MATERIALIZED (
    SELECT k.root, c.descendant_id AS u, c.ancestor_id AS child,
           greatest(k.valid_from, c.valid_from) AS vf, least(k.valid_to, c.valid_to) AS vt
    FROM cl k JOIN unit_closure c ON c.ancestor_id = k.u AND c.valid_from < k.valid_to AND k.valid_from < c.valid_to
    WHERE k.depth = 1)`;

/**
 * SQL for the hit rows of a flow or stock indicator for the units `roots` (several at once for batch
 * recomputation): columns root, u, d, depth and the record's id (rid) and person (pid, when people).
 */
function hitsSql(
  def: IndicatorDef,
  f: TargetFilters,
  roots: number[],
  w: Window,
  p: Params,
  needPerson = false,
): string {
  const rootsP = p.add(roots, 'int[]');
  const wherePerson = personFiltered(f);
  switch (def.source) {
    case 'events': {
      const base = `ev AS MATERIALIZED (
        SELECT e.id AS rid, e.occurred_on AS d, e.unit_id AS u, m.person_id AS pid
        FROM membership_event e JOIN membership m ON m.id = e.membership_id
        WHERE e.kind = ANY(${p.add(def.params.kinds ?? [], 'text[]')})
          AND e.occurred_on BETWEEN ${p.add(w.from, 'date')} AND ${p.add(w.to, 'date')}
          AND m.family = ANY(${p.add(def.params.families ?? [], 'text[]')}) AND e.unit_id IS NOT NULL)`;
      const conds = filterSql(f, p, true);
      return `${base}, ${windowClosure(rootsP, w, p)}, hit AS (
        SELECT c.root, h.u, h.d, c.depth, h.rid, h.pid FROM ev h
        JOIN cl c ON c.u = h.u AND c.valid_from <= h.d AND h.d < c.valid_to
        ${wherePerson ? 'JOIN person pe ON pe.id = h.pid' : ''}
        ${conds.length ? 'WHERE ' + conds.join(' AND ') : ''})`;
    }
    case 'established': {
      const base = `ev AS MATERIALIZED (
        SELECT u.id AS rid, u.id AS u, u.established_on AS d, NULL::int AS pid FROM unit u
        JOIN unit_version v ON v.unit_id = u.id AND v.valid_from <= u.established_on AND u.established_on < v.valid_to
        WHERE u.established_on BETWEEN ${p.add(w.from, 'date')} AND ${p.add(w.to, 'date')}
          AND v.kind_code = ANY(${p.add(def.params.kinds ?? [], 'text[]')}))`;
      const conds = filterSql(f, p, false);
      return `${base}, ${windowClosure(rootsP, w, p)}, hit AS (
        SELECT c.root, h.u, h.d, c.depth, h.rid, h.pid FROM ev h
        JOIN cl c ON c.u = h.u AND c.valid_from <= h.d AND h.d < c.valid_to
        ${conds.length ? 'WHERE ' + conds.join(' AND ') : ''})`;
    }
    case 'members_at':
    case 'net_change': {
      const at = p.add(w.to, 'date');
      // On one date the unit filters are sets of units, computed once instead of per member.
      const sets: string[] = [];
      if (f.ownership)
        sets.push(`c.descendant_id IN (SELECT oc.descendant_id FROM unit_version ov
          JOIN enterprise en ON en.id = ov.enterprise_id AND en.ownership = ${p.add(f.ownership, 'text')}
          JOIN unit_closure oc ON oc.ancestor_id = ov.unit_id AND oc.valid_from <= ${at} AND ${at} < oc.valid_to
          WHERE ov.enterprise_id IS NOT NULL AND ov.valid_from <= ${at} AND ${at} < ov.valid_to)`);
      if (f.unitKinds)
        sets.push(`c.descendant_id IN (SELECT kc.descendant_id FROM unit_version kv
          JOIN unit_closure kc ON kc.ancestor_id = kv.unit_id AND kc.valid_from <= ${at} AND ${at} < kc.valid_to
          WHERE kv.kind_code = ANY(${p.add(f.unitKinds, 'text[]')}) AND kv.valid_from <= ${at} AND ${at} < kv.valid_to)`);
      // The child each unit falls under is looked up once per unit, not once per member.
      const base = `sub AS MATERIALIZED (
        SELECT c.ancestor_id AS root, c.descendant_id AS u, c.depth, ch.ancestor_id AS child FROM unit_closure c
        LEFT JOIN unit_closure ch ON ch.descendant_id = c.descendant_id AND ch.depth = c.depth - 1
          AND ch.valid_from <= ${at} AND ${at} < ch.valid_to
        WHERE c.ancestor_id = ANY(${rootsP}) AND c.valid_from <= ${at} AND ${at} < c.valid_to
        ${sets.map((x) => 'AND ' + x).join('\n')})`;
      const conds = filterSql(f, p, true, false);
      const person = wherePerson || needPerson;
      return `${base}, hit AS (
        SELECT h.root, h.u, h.d, h.depth, h.child, h.rid, ${person ? 'm.person_id' : 'NULL::int'} AS pid FROM (
          SELECT sub.root, sub.u, ${at} AS d, sub.depth, sub.child, pp.membership_id AS rid FROM sub
          JOIN membership_period pp ON pp.unit_id = sub.u AND pp.role = 'home'
            AND pp.family = ANY(${p.add(def.params.families ?? [], 'text[]')})
            AND pp.status = ANY(${p.add(def.params.statuses ?? [], 'text[]')})
            AND pp.valid_from <= ${at} AND ${at} < pp.valid_to) h
        ${person ? 'JOIN membership m ON m.id = h.rid' : ''}
        ${wherePerson ? 'JOIN person pe ON pe.id = m.person_id' : ''}
        ${conds.length ? 'WHERE ' + conds.join(' AND ') : ''})`;
    }
    default:
      throw new Error(`no hit rows for source ${def.source}`);
  }
}

/** The child of the root each hit row falls under on its date (null when the record is on the root itself). */
const CHILD_JOIN = `LEFT JOIN unit_closure ch ON ch.descendant_id = hit.u AND ch.depth = hit.depth - 1
  AND ch.valid_from <= hit.d AND hit.d < ch.valid_to`;

const childKey = (id: number | null) => (id === null ? 'self' : String(id));

async function evaluateFlow(
  q: Queryable,
  def: IndicatorDef,
  f: TargetFilters,
  roots: number[],
  w: Window,
): Promise<Map<number, Evaluation>> {
  const p = new Params();
  const sql = `WITH ${hitsSql(def, f, roots, w, p)}, ${KIDS}
    SELECT hit.root, to_char(hit.d, 'YYYY-MM') AS month, kid.child, count(*)::int AS n
    FROM hit LEFT JOIN kid ON kid.root = hit.root AND kid.u = hit.u AND kid.vf <= hit.d AND hit.d < kid.vt
    GROUP BY 1, 2, 3`;
  const rows = await q.query<{ root: number; month: string; child: number | null; n: number }>(sql, p.values);
  const out = new Map<number, Evaluation>();
  const acc = new Map<
    number,
    { total: number; byChild: Map<string, number>; byMonth: Map<string, number> }
  >();
  for (const r of roots) acc.set(r, { total: 0, byChild: new Map(), byMonth: new Map() });
  for (const r of rows) {
    const a = acc.get(r.root)!;
    a.total += r.n;
    const k = childKey(r.child);
    a.byChild.set(k, (a.byChild.get(k) ?? 0) + r.n);
    a.byMonth.set(r.month, (a.byMonth.get(r.month) ?? 0) + r.n);
  }
  for (const [root, a] of acc) {
    const months: Record<string, string> = {};
    let running = 0;
    for (const m of monthsBetween(w.from, w.to)) {
      running += a.byMonth.get(m) ?? 0;
      months[m] = String(running);
    }
    out.set(root, {
      value: String(a.total),
      byChild: Object.fromEntries([...a.byChild].map(([k, v]) => [k, String(v)])),
      months,
    });
  }
  return out;
}

async function evaluateStock(
  q: Queryable,
  def: IndicatorDef,
  f: TargetFilters,
  roots: number[],
  at: IsoDate,
  today: IsoDate,
): Promise<Map<number, Evaluation>> {
  const out = new Map<number, Evaluation>();
  const unfiltered = Object.keys(f).length === 0;
  if (unfiltered && at >= today) {
    // Today, without filters: the maintained subtree totals.
    const rows = await q.query<{ root: number; child: number | null; n: number }>(
      `WITH r AS (SELECT unnest($1::int[]) AS root)
       SELECT r.root, NULL::int AS child, coalesce((SELECT sum(s.n) FROM unit_subtree_count s WHERE s.unit_id = r.root
         AND s.role = 'home' AND s.family = ANY($2::text[]) AND s.status = ANY($3::text[])), 0)::int AS n FROM r
       UNION ALL
       SELECT v.parent_id, v.unit_id, coalesce((SELECT sum(s.n) FROM unit_subtree_count s WHERE s.unit_id = v.unit_id
         AND s.role = 'home' AND s.family = ANY($2::text[]) AND s.status = ANY($3::text[])), 0)::int
       FROM unit_version v WHERE v.parent_id = ANY($1::int[]) AND v.valid_to = 'infinity'`,
      [roots, def.params.families ?? [], def.params.statuses ?? []],
    );
    for (const r of roots) out.set(r, { value: '0', byChild: {} });
    for (const r of rows) {
      const e = out.get(r.root)!;
      if (r.child === null) e.value = String(r.n);
      else if (r.n !== 0) e.byChild[String(r.child)] = String(r.n);
    }
    // What is on the root itself, not under a child.
    for (const e of out.values()) {
      const under = Object.values(e.byChild).reduce((s, v) => s + Number(v), 0);
      if (Number(e.value) - under !== 0) e.byChild.self = String(Number(e.value) - under);
    }
    return out;
  }
  const p = new Params();
  const sql = `WITH ${hitsSql(def, f, roots, { from: at, to: at }, p)}
    SELECT hit.root, hit.child, count(*)::int AS n FROM hit GROUP BY 1, 2`;
  const rows = await q.query<{ root: number; child: number | null; n: number }>(sql, p.values);
  for (const r of roots) out.set(r, { value: '0', byChild: {} });
  for (const r of rows) {
    const e = out.get(r.root)!;
    e.value = String(Number(e.value) + r.n);
    e.byChild[childKey(r.child)] = String(r.n);
  }
  return out;
}

async function evaluateShare(
  q: Queryable,
  def: IndicatorDef,
  f: TargetFilters,
  roots: number[],
  at: IsoDate,
): Promise<Map<number, Evaluation>> {
  const p = new Params();
  const atP = p.add(at, 'date');
  const sql = `WITH sub AS MATERIALIZED (
      SELECT c.ancestor_id AS root, c.descendant_id AS u, c.depth FROM unit_closure c
      WHERE c.ancestor_id = ANY(${p.add(roots, 'int[]')}) AND c.valid_from <= ${atP} AND ${atP} < c.valid_to),
    eu AS (SELECT sub.root, sub.u, sub.depth, ${atP} AS d, v.enterprise_id AS eid,
                  v.kind_code = ANY(${p.add(def.params.kinds ?? [], 'text[]')}) AS has
           FROM sub JOIN unit_version v ON v.unit_id = sub.u AND v.valid_from <= ${atP} AND ${atP} < v.valid_to
           JOIN enterprise en ON en.id = v.enterprise_id
           ${f.ownership ? `AND en.ownership = ${p.add(f.ownership, 'text')}` : ''})
    SELECT eu.root, ch.ancestor_id AS child, eu.eid, bool_or(eu.has) AS has FROM eu
    LEFT JOIN unit_closure ch ON ch.descendant_id = eu.u AND ch.depth = eu.depth - 1
      AND ch.valid_from <= eu.d AND eu.d < ch.valid_to
    GROUP BY 1, 2, 3`;
  const rows = await q.query<{ root: number; child: number | null; eid: number; has: boolean }>(
    sql,
    p.values,
  );
  const out = new Map<number, Evaluation>();
  for (const root of roots) {
    const mine = rows.filter((r) => r.root === root);
    const overall = new Map<number, boolean>();
    const perChild = new Map<string, Map<number, boolean>>();
    for (const r of mine) {
      overall.set(r.eid, (overall.get(r.eid) ?? false) || r.has);
      const k = childKey(r.child);
      const m = perChild.get(k) ?? new Map<number, boolean>();
      m.set(r.eid, (m.get(r.eid) ?? false) || r.has);
      perChild.set(k, m);
    }
    const share = (m: Map<number, boolean>) => {
      const den = m.size;
      const num = [...m.values()].filter(Boolean).length;
      return den === 0 ? '0' : roundedPercent(BigInt(num), BigInt(den));
    };
    out.set(root, {
      value: share(overall),
      byChild: Object.fromEntries([...perChild].map(([k, m]) => [k, share(m)])),
    });
  }
  return out;
}

/**
 * A stock indicator (members on a date) at many dates in one pass: each unit's status periods are read
 * once and counted at every date they cover, instead of one scan per date. Unit filters are applied per
 * date; people filters fall back to one evaluation per date (the caller's job).
 */
export async function stockSeries(
  q: Queryable,
  def: IndicatorDef,
  f: TargetFilters,
  root: number,
  dates: IsoDate[],
): Promise<Map<IsoDate, string>> {
  const p = new Params();
  const datesP = p.add(dates, 'date[]');
  // Unit filters as (date, unit) sets, computed once and matched by hash.
  const ctes: string[] = [];
  const sets: string[] = [];
  if (f.ownership) {
    ctes.push(`own AS MATERIALIZED (SELECT dt.d, oc.descendant_id AS u FROM dt
      JOIN unit_version ov ON ov.enterprise_id IS NOT NULL AND ov.valid_from <= dt.d AND dt.d < ov.valid_to
      JOIN enterprise en ON en.id = ov.enterprise_id AND en.ownership = ${p.add(f.ownership, 'text')}
      JOIN unit_closure oc ON oc.ancestor_id = ov.unit_id AND oc.valid_from <= dt.d AND dt.d < oc.valid_to)`);
    sets.push('(dt.d, c.descendant_id) IN (SELECT d, u FROM own)');
  }
  if (f.unitKinds) {
    ctes.push(`kin AS MATERIALIZED (SELECT dt.d, kc.descendant_id AS u FROM dt
      JOIN unit_version kv ON kv.kind_code = ANY(${p.add(f.unitKinds, 'text[]')}) AND kv.valid_from <= dt.d AND dt.d < kv.valid_to
      JOIN unit_closure kc ON kc.ancestor_id = kv.unit_id AND kc.valid_from <= dt.d AND dt.d < kc.valid_to)`);
    sets.push('(dt.d, c.descendant_id) IN (SELECT d, u FROM kin)');
  }
  const sql = `WITH dt AS (SELECT unnest(${datesP}) AS d),
    ${ctes.map((c) => c + ',').join('\n')}
    sub AS MATERIALIZED (
      SELECT dt.d, c.descendant_id AS u FROM dt JOIN unit_closure c ON c.ancestor_id = ${p.add(root, 'int')}
        AND c.valid_from <= dt.d AND dt.d < c.valid_to ${sets.map((x) => 'AND ' + x).join('\n')}),
    us AS (SELECT DISTINCT u FROM sub),
    per AS MATERIALIZED (
      SELECT pp.unit_id AS u, pp.valid_from, pp.valid_to FROM us
      JOIN membership_period pp ON pp.unit_id = us.u AND pp.role = 'home'
        AND pp.family = ANY(${p.add(def.params.families ?? [], 'text[]')})
        AND pp.status = ANY(${p.add(def.params.statuses ?? [], 'text[]')})
        AND pp.valid_from <= (SELECT max(d) FROM dt) AND (SELECT min(d) FROM dt) < pp.valid_to)
    SELECT to_char(sub.d, 'YYYY-MM-DD') AS d, count(*)::int AS n
    FROM sub JOIN per ON per.u = sub.u AND per.valid_from <= sub.d AND sub.d < per.valid_to GROUP BY sub.d`;
  const rows = await q.query<{ d: string; n: number }>(sql, p.values);
  const out = new Map<IsoDate, string>(dates.map((d) => [d, '0']));
  for (const r of rows) out.set(r.d, String(r.n));
  return out;
}

export function monthsBetween(from: IsoDate, to: IsoDate): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    out.push(key);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

const dayBefore = (d: IsoDate) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
};

/** Evaluates one derived indicator over a window for several units at once. */
export async function evaluateMany(
  q: Queryable,
  def: IndicatorDef,
  filters: TargetFilters,
  roots: number[],
  w: Window,
  today: IsoDate,
): Promise<Map<number, Evaluation>> {
  if (roots.length === 0) return new Map();
  if (FLOW_SOURCES.includes(def.source)) return evaluateFlow(q, def, filters, roots, w);
  if (def.source === 'members_at') return evaluateStock(q, def, filters, roots, w.to, today);
  if (def.source === 'share_with') return evaluateShare(q, def, filters, roots, w.to);
  if ((HANDBOOK_SOURCES as readonly string[]).includes(def.source)) return evaluateHandbook(q, def, roots, w);
  if (def.source === 'net_change') {
    const [end, start] = await Promise.all([
      evaluateStock(q, def, filters, roots, w.to, today),
      evaluateStock(q, def, filters, roots, dayBefore(w.from), today),
    ]);
    const out = new Map<number, Evaluation>();
    for (const root of roots) {
      const a = end.get(root)!;
      const b = start.get(root)!;
      const keys = new Set([...Object.keys(a.byChild), ...Object.keys(b.byChild)]);
      out.set(root, {
        value: String(Number(a.value) - Number(b.value)),
        byChild: Object.fromEntries(
          [...keys].map((k) => [k, String(Number(a.byChild[k] ?? 0) - Number(b.byChild[k] ?? 0))]),
        ),
      });
    }
    return out;
  }
  throw new Error(`indicator source ${def.source} is not derived`);
}

export interface RecordRow {
  id: number;
  name: string;
  date: string | null;
  unitId: number | null;
  unitName: string | null;
  detail: string | null;
}

/**
 * The records behind a figure, in the caller's scope as of each record's date (`scopeSql` builds that
 * condition on the record's unit and date columns).
 */
export async function recordsBehind(
  q: Queryable,
  def: IndicatorDef,
  filters: TargetFilters,
  root: number,
  w: Window,
  opts: {
    child?: number;
    month?: string;
    limit: number;
    offset: number;
    scopeRoots: number[];
    scopeSql: (unitCol: string, rootsParam: string, dateCol: string) => string;
  },
): Promise<{ total: number; items: RecordRow[] }> {
  const p = new Params();
  const conds: string[] = [];
  let sql: string;
  if (def.source === 'share_with') {
    const atP = p.add(w.to, 'date');
    const rootsP = p.add(opts.scopeRoots, 'int[]');
    sql = `WITH sub AS MATERIALIZED (
        SELECT c.descendant_id AS u, c.depth FROM unit_closure c
        WHERE c.ancestor_id = ${p.add(root, 'int')} AND c.valid_from <= ${atP} AND ${atP} < c.valid_to),
      hit AS (SELECT sub.u, sub.depth, ${atP} AS d, v.enterprise_id AS eid, v.kind_code = ANY(${p.add(def.params.kinds ?? [], 'text[]')}) AS has
        FROM sub JOIN unit_version v ON v.unit_id = sub.u AND v.valid_from <= ${atP} AND ${atP} < v.valid_to
        JOIN enterprise en ON en.id = v.enterprise_id
        ${filters.ownership ? `AND en.ownership = ${p.add(filters.ownership, 'text')}` : ''}
        WHERE ${opts.scopeSql('sub.u', rootsP, atP)}),
      x AS (SELECT hit.eid, bool_or(hit.has) AS has FROM hit ${CHILD_JOIN}
        ${opts.child !== undefined ? `WHERE ch.ancestor_id = ${p.add(opts.child, 'int')}` : ''} GROUP BY hit.eid)
      SELECT x.eid AS id, en.name, NULL::text AS date, NULL::int AS "unitId", NULL::text AS "unitName",
             CASE WHEN x.has THEN 'yes' ELSE 'no' END AS detail, count(*) OVER ()::int AS total
      FROM x JOIN enterprise en ON en.id = x.eid ORDER BY x.has DESC, en.name, en.id
      LIMIT ${p.add(opts.limit, 'int')} OFFSET ${p.add(opts.offset, 'int')}`;
  } else {
    const hits = hitsSql(def, filters, [root], w, p, true);
    conds.push(opts.scopeSql('hit.u', p.add(opts.scopeRoots, 'int[]'), 'hit.d'));
    if (opts.child !== undefined) conds.push(`ch.ancestor_id = ${p.add(opts.child, 'int')}`);
    if (opts.month !== undefined) conds.push(`to_char(hit.d, 'YYYY-MM') = ${p.add(opts.month, 'text')}`);
    const isUnits = def.source === 'established';
    sql = `WITH ${hits}
      SELECT ${isUnits ? 'hit.u' : 'hit.pid'} AS id,
             ${isUnits ? 'uv.name' : 'pe2.full_name'} AS name,
             to_char(hit.d, 'YYYY-MM-DD') AS date, hit.u AS "unitId",
             ${isUnits ? 'pv.name' : 'uv.name'} AS "unitName",
             ${isUnits ? 'uv.kind_code' : 'NULL::text'} AS detail,
             count(*) OVER ()::int AS total
      FROM hit ${CHILD_JOIN}
      JOIN unit_version uv ON uv.unit_id = hit.u AND uv.valid_from <= hit.d AND hit.d < uv.valid_to
      ${isUnits ? 'LEFT JOIN unit_version pv ON pv.unit_id = uv.parent_id AND pv.valid_from <= hit.d AND hit.d < pv.valid_to' : 'JOIN person pe2 ON pe2.id = hit.pid'}
      WHERE ${conds.join(' AND ')}
      ORDER BY hit.d, name, id
      LIMIT ${p.add(opts.limit, 'int')} OFFSET ${p.add(opts.offset, 'int')}`;
  }
  const rows = await q.query<RecordRow & { total: number }>(sql, p.values);
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map(({ total: _t, ...r }) => r),
  };
}
