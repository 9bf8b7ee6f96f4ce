import type { Db, Queryable } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { inScopeAsOfSql, inScopeSql, requireUnit, unitPermissions } from '../../access/scope.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import { addDays, type IsoDate } from '../../../shared/dates.ts';
import { clampAsOf, parsePeriod, type Period } from '../../../shared/rules/period.ts';
import { assessTarget, summarize, type Assessment } from '../../../shared/rules/achievement.ts';
import type { TargetFilters } from '../../../shared/contracts/programs.ts';
import {
  DRILLABLE_SOURCES,
  evaluateMany,
  isDerived,
  monthsBetween,
  recordsBehind,
  stockSeries,
  type Evaluation,
  type IndicatorDef,
  type Window,
} from './indicators.ts';

type Direction = 'at_least' | 'at_most';

export interface TargetInput {
  indicator: string;
  targetValue: string;
  direction: Direction;
  filters: TargetFilters;
  label?: string;
}

interface ProgramRow {
  id: number;
  unitId: number;
  unitName: string;
  scopeUnitId: number;
  scopeUnitName: string;
  period: string;
  periodStart: string;
  periodEnd: string;
  title: string;
  targetCount: number;
}

interface TargetRow {
  id: number;
  programId: number;
  indicator: string;
  targetValue: string;
  direction: Direction;
  filters: TargetFilters;
  label: string | null;
  parentTargetId: number | null;
  sort: number;
}

const PROGRAM_SELECT = `SELECT p.id, p.unit_id AS "unitId", uv.name AS "unitName", p.scope_unit_id AS "scopeUnitId",
    sv.name AS "scopeUnitName", p.period, to_char(p.period_start, 'YYYY-MM-DD') AS "periodStart",
    to_char(p.period_end, 'YYYY-MM-DD') AS "periodEnd", p.title,
    (SELECT count(*) FROM program_target t WHERE t.program_id = p.id)::int AS "targetCount"
  FROM work_program p
  JOIN LATERAL (SELECT name FROM unit_version WHERE unit_id = p.unit_id ORDER BY valid_from DESC LIMIT 1) uv ON true
  JOIN LATERAL (SELECT name FROM unit_version WHERE unit_id = p.scope_unit_id ORDER BY valid_from DESC LIMIT 1) sv ON true`;

const TARGET_SELECT = `SELECT id, program_id AS "programId", indicator_code AS indicator, target_value::text AS "targetValue",
    direction, filters, label, parent_target_id AS "parentTargetId", sort FROM program_target`;

/** Canonical JSON (sorted keys) so equal filters make equal cache keys. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

const lastDayOfMonth = (month: string): IsoDate => `${month}-${lastDay(month)}`;
function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0');
}
const stripZeros = (v: string) => (v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v);
const addDecimals = (a: string, b: string) => {
  // Target values have at most 6 decimals: sum as integers of millionths.
  const toMicro = (s: string) => {
    const [i, f = ''] = s.split('.');
    return BigInt(i!) * 1_000_000n + BigInt((f + '000000').slice(0, 6));
  };
  const total = toMicro(a) + toMicro(b);
  const i = total / 1_000_000n;
  const f = (total % 1_000_000n).toString().padStart(6, '0');
  return stripZeros(`${i}.${f}`);
};

export function createProgramService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function catalogue(q: Queryable = db): Promise<Map<string, IndicatorDef & { active: boolean }>> {
    const rows = await q.query<IndicatorDef & { active: boolean }>(
      `SELECT code, source, params, measure, subject, filters, label, active FROM indicator ORDER BY sort, code`,
    );
    return new Map(rows.map((r) => [r.code, r]));
  }

  const describe = (def: IndicatorDef) => ({
    code: def.code,
    label: def.label,
    source: def.source,
    origin: isDerived(def) ? ('derived' as const) : ('reported' as const),
    measure: def.measure,
    subject: def.subject,
    filters: def.filters,
    drillable: DRILLABLE_SOURCES.includes(def.source),
  });

  async function validateTarget(
    q: Queryable,
    defs: Map<string, IndicatorDef & { active: boolean }>,
    t: TargetInput,
    path: string,
  ) {
    const def = defs.get(t.indicator);
    if (!def || !def.active) throw invalid('target.indicator_unknown', { indicator: t.indicator, path });
    for (const field of Object.keys(t.filters)) {
      if (!def.filters.includes(field))
        throw invalid('target.filter_unsupported', { field, indicator: t.indicator, path });
    }
    if (t.filters.unitKinds) {
      const known = await q.query<{ code: string }>(
        `SELECT code FROM unit_kind WHERE code = ANY($1::text[])`,
        [t.filters.unitKinds],
      );
      const missing = t.filters.unitKinds.filter((k) => !known.some((r) => r.code === k));
      if (missing.length > 0) throw invalid('target.unit_kind_unknown', { kind: missing[0], path });
    }
    return def;
  }

  function periodOf(code: string): Period {
    const p = parsePeriod(code);
    if (!p) throw invalid('program.period_invalid', { period: code }, 400);
    return p;
  }

  async function loadProgram(
    q: Queryable,
    actor: Actor,
    id: number,
    permission: 'unit.statistics' | 'program.write',
  ) {
    const rows = await q.query<ProgramRow>(`${PROGRAM_SELECT} WHERE p.id = $1`, [id]);
    const program = rows[0];
    if (!program) throw notFound();
    const perms = await requireUnit(q, actor, program.unitId, permission);
    return { program, perms };
  }

  async function loadTarget(
    q: Queryable,
    actor: Actor,
    id: number,
    permission: 'unit.statistics' | 'program.write',
  ) {
    const rows = await q.query<TargetRow>(`${TARGET_SELECT} WHERE id = $1`, [id]);
    const target = rows[0];
    if (!target) throw notFound();
    const { program, perms } = await loadProgram(q, actor, target.programId, permission);
    return { target, program, perms };
  }

  async function insertTargets(
    q: Queryable,
    programId: number,
    targets: TargetInput[],
    parent: number | null = null,
  ) {
    if (targets.length === 0) return [] as number[];
    const start = (
      await q.query<{ n: number }>(
        `SELECT coalesce(max(sort), 0)::int AS n FROM program_target WHERE program_id = $1`,
        [programId],
      )
    )[0]!.n;
    const rows = await q.query<{ id: number }>(
      `INSERT INTO program_target (program_id, indicator_code, target_value, direction, filters, label, parent_target_id, sort)
       SELECT $1, x.indicator, x.value::numeric, x.direction, x.filters::jsonb, x.label, $2, $3 + x.ord * 10
       FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY AS x(indicator, value, direction, filters, label, ord)
       ORDER BY x.ord RETURNING id`,
      [
        programId,
        parent,
        start,
        targets.map((t) => t.indicator),
        targets.map((t) => t.targetValue),
        targets.map((t) => t.direction),
        targets.map((t) => JSON.stringify(t.filters)),
        targets.map((t) => t.label ?? null),
      ],
    );
    return rows.map((r) => r.id);
  }

  // ---------------------------------------------------------------------------------------------
  // Evaluation with stored results (see the record_change / indicator_value tables).

  interface Job {
    def: IndicatorDef;
    filters: TargetFilters;
    root: number;
    window: Window;
  }
  const keyOf = (j: Job) =>
    canonical([j.def.code, j.def.source, j.def.params, j.root, j.filters, j.window.from, j.window.to]);

  const EMPTY: Evaluation = { value: '0', byChild: {}, months: {} };

  /** Evaluates many (indicator, filters, unit, window) jobs: stored results first, the rest in batches. */
  async function evaluate(jobs: Job[], opts: { fresh?: boolean } = {}): Promise<Evaluation[]> {
    const today = clock.today();
    const keys = jobs.map(keyOf);
    const results: (Evaluation | undefined)[] = jobs.map((j) =>
      j.window.from > j.window.to ? EMPTY : undefined,
    );
    const wanted = [...new Set(keys.filter((_, i) => results[i] === undefined))];
    const found = opts.fresh ? new Map<string, Evaluation>() : await readStored<Evaluation>(wanted);
    const missing = new Map<string, Job>();
    jobs.forEach((j, i) => {
      if (results[i] !== undefined) return;
      const hit = found.get(keys[i]!);
      if (hit) results[i] = hit;
      else missing.set(keys[i]!, j);
    });
    if (missing.size > 0) {
      const xmin = await snapshotXmin();
      // Jobs differing only by unit are computed in one query.
      const groups = new Map<string, { job: Job; roots: number[] }>();
      for (const j of missing.values()) {
        const g = canonical([j.def.code, j.filters, j.window.from, j.window.to]);
        const entry = groups.get(g) ?? { job: j, roots: [] };
        entry.roots.push(j.root);
        groups.set(g, entry);
      }
      const computed = new Map<string, Evaluation>();
      for (const { job, roots } of groups.values()) {
        const res = await evaluateMany(db, job.def, job.filters, roots, job.window, today);
        for (const [root, ev] of res) computed.set(keyOf({ ...job, root }), ev);
      }
      await storeValues(
        [...computed].map(([key, value]) => ({ key, asOf: missing.get(key)!.window.to, value })),
        xmin,
      );
      jobs.forEach((j, i) => {
        if (results[i] === undefined) results[i] = computed.get(keys[i]!) ?? EMPTY;
      });
    }
    return results as Evaluation[];
  }

  /** Stored values still valid, by key. */
  async function readStored<T>(keys: string[]): Promise<Map<string, T>> {
    if (keys.length === 0) return new Map();
    const rows = await db.query<{ key: string; value: T }>(
      `SELECT v.key, v.value FROM indicator_value v WHERE v.key = ANY($1::text[])
         AND NOT EXISTS (SELECT 1 FROM record_change r WHERE r.txid >= v.snapshot_xmin AND r.changed_from <= v.as_of)`,
      [keys],
    );
    return new Map(rows.map((r) => [r.key, r.value]));
  }

  /** The oldest transaction still running: read before computing, stored with what was computed. */
  async function snapshotXmin(): Promise<string> {
    return (await db.query<{ x: string }>(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x`))[0]!.x;
  }

  /** Stores computed values, then keeps the change log short. */
  async function storeValues(entries: { key: string; asOf: IsoDate; value: unknown }[], xmin: string) {
    if (entries.length === 0) return;
    await db.query(
      `INSERT INTO indicator_value (key, as_of, value, snapshot_xmin, computed_at)
       SELECT k, a::date, v::jsonb, $4::bigint, now() FROM unnest($1::text[], $2::text[], $3::text[]) AS x(k, a, v)
       ON CONFLICT (key) DO UPDATE SET as_of = EXCLUDED.as_of, value = EXCLUDED.value,
         snapshot_xmin = EXCLUDED.snapshot_xmin, computed_at = EXCLUDED.computed_at`,
      [
        entries.map((e) => e.key),
        entries.map((e) => e.asOf),
        entries.map((e) => JSON.stringify(e.value)),
        xmin,
      ],
    );
    await pruneChanges();
  }

  /**
   * Keeps `record_change` short. Every transaction older than the current snapshot's xmin has ended, so a
   * stored value that no such change reaches is exactly as valid as one computed now: its xmin moves up.
   * Change notes older than every stored value's xmin can then never matter again and are deleted.
   */
  async function pruneChanges() {
    await db.query(
      `UPDATE indicator_value v SET snapshot_xmin = pg_snapshot_xmin(pg_current_snapshot())::text::bigint
       WHERE v.snapshot_xmin < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
         AND NOT EXISTS (SELECT 1 FROM record_change r WHERE r.txid >= v.snapshot_xmin AND r.changed_from <= v.as_of)`,
    );
    await db.query(
      `DELETE FROM record_change WHERE txid < coalesce((SELECT min(snapshot_xmin) FROM indicator_value),
         pg_snapshot_xmin(pg_current_snapshot())::text::bigint)`,
    );
  }

  /**
   * Month-end values of stock indicators for the chart: stored like any value (under their own keys),
   * the missing ones of a target computed in one pass over its periods.
   */
  async function monthEndSeries(
    items: { target: TargetRow; job: Job }[],
    opts: { fresh?: boolean },
  ): Promise<{ value: string }[]> {
    if (items.length === 0) return [];
    const seriesKey = (j: Job) => `series:${keyOf(j)}`;
    const keys = items.map((i) => seriesKey(i.job));
    const found = opts.fresh
      ? new Map<string, { value: string }>()
      : await readStored<{ value: string }>(keys);
    const missing = items.filter((_, i) => !found.has(keys[i]!));
    if (missing.length > 0) {
      const xmin = await snapshotXmin();
      const byTarget = new Map<number, { target: TargetRow; job: Job }[]>();
      for (const m of missing) byTarget.set(m.target.id, [...(byTarget.get(m.target.id) ?? []), m]);
      const computed: [string, string, IsoDate][] = [];
      for (const group of byTarget.values()) {
        const { job } = group[0]!;
        const peopleFilters = ['sex', 'ethnicity', 'religion', 'ageMin', 'ageMax'].some(
          (k) => k in job.filters,
        );
        if ((job.def.source === 'members_at' || job.def.source === 'net_change') && !peopleFilters) {
          // Net change at a month end = members then − members the day before the period began.
          const start = addDays(job.window.from, -1);
          const net = job.def.source === 'net_change';
          const dates = group.map((g) => g.job.window.to);
          const values = await stockSeries(
            db,
            job.def,
            job.filters,
            job.root,
            net ? [start, ...dates] : dates,
          );
          const base = net ? Number(values.get(start) ?? '0') : 0;
          for (const g of group)
            computed.push([
              seriesKey(g.job),
              String(Number(values.get(g.job.window.to) ?? '0') - base),
              g.job.window.to,
            ]);
        } else {
          const evs = await evaluate(
            group.map((g) => g.job),
            opts,
          );
          group.forEach((g, i) => computed.push([seriesKey(g.job), evs[i]!.value, g.job.window.to]));
        }
      }
      await storeValues(
        computed.map(([key, value, asOf]) => ({ key, asOf, value: { value } })),
        xmin,
      );
      for (const c of computed) found.set(c[0], { value: c[1] });
    }
    return keys.map((k) => found.get(k) ?? { value: '0' });
  }

  async function latestReports(targetIds: number[], upTo: IsoDate) {
    if (targetIds.length === 0) return new Map<number, { value: string; source: string }>();
    const rows = await db.query<{ targetId: number; value: string; source: string }>(
      `SELECT DISTINCT ON (target_id) target_id AS "targetId", value::text AS value, source FROM target_report
       WHERE target_id = ANY($1::int[]) AND reported_on <= $2::date ORDER BY target_id, reported_on DESC, id DESC`,
      [targetIds, upTo],
    );
    return new Map(rows.map((r) => [r.targetId, { value: r.value, source: r.source }]));
  }

  function windowOf(program: ProgramRow, asOf: IsoDate): Window {
    const period = parsePeriod(program.period)!;
    return { from: program.periodStart, to: clampAsOf(period, asOf) };
  }

  async function dashboard(
    actor: Actor,
    programId: number,
    asOfInput: IsoDate | undefined,
    opts: { fresh?: boolean } = {},
  ) {
    const today = clock.today();
    const asOf = asOfInput ?? today;
    const { program, perms } = await loadProgram(db, actor, programId, 'unit.statistics');
    const defs = await catalogue();
    const targets = await db.query<TargetRow>(`${TARGET_SELECT} WHERE program_id = $1 ORDER BY sort, id`, [
      program.id,
    ]);
    const w = windowOf(program, asOf);
    const cascades = await db.query<TargetRow & { unitId: number }>(
      `SELECT t.id, t.program_id AS "programId", t.indicator_code AS indicator, t.target_value::text AS "targetValue",
              t.direction, t.filters, t.label, t.parent_target_id AS "parentTargetId", t.sort, p.scope_unit_id AS "unitId"
       FROM program_target t JOIN work_program p ON p.id = t.program_id WHERE t.parent_target_id = ANY($1::int[])`,
      [targets.map((t) => t.id)],
    );

    // Main values and month-end series.
    const derived = targets.filter((t) => isDerived(defs.get(t.indicator)!));
    const mainJobs: Job[] = derived.map((t) => ({
      def: defs.get(t.indicator)!,
      filters: t.filters,
      root: program.scopeUnitId,
      window: w,
    }));
    const months = monthsBetween(w.from, w.to <= w.from ? w.from : w.to).filter((m) => `${m}-01` <= w.to);
    const stockJobs: { target: TargetRow; month: string; job: Job }[] = [];
    for (const t of derived) {
      const def = defs.get(t.indicator)!;
      if (def.source === 'events' || def.source === 'established') continue;
      for (const m of months) {
        const end = lastDayOfMonth(m) < w.to ? lastDayOfMonth(m) : w.to;
        if (end === w.to) continue;
        stockJobs.push({
          target: t,
          month: m,
          job: { def, filters: t.filters, root: program.scopeUnitId, window: { from: w.from, to: end } },
        });
      }
    }
    const evals = await evaluate(mainJobs, opts);
    const mainEval = new Map(derived.map((t, i) => [t.id, evals[i]!]));
    const seriesOf = await monthEndSeries(stockJobs, opts);
    const stockEval = stockJobs.map((s, i) => ({ ...s, ev: seriesOf[i]! }));

    const reported = targets.filter((t) => !isDerived(defs.get(t.indicator)!));
    const reports = await latestReports(
      [
        ...reported.map((t) => t.id),
        ...cascades.filter((c) => reported.some((r) => r.id === c.parentTargetId)).map((c) => c.id),
      ],
      w.to,
    );

    const results = targets.map((t) => {
      const def = defs.get(t.indicator)!;
      const mine = cascades.filter((c) => c.parentTargetId === t.id);
      const cascaded =
        mine.length > 0
          ? { count: mine.length, sum: mine.reduce((s, c) => addDecimals(s, c.targetValue), '0') }
          : null;
      let achieved: string | null = null;
      let reportSource: string | null = null;
      if (isDerived(def)) achieved = mainEval.get(t.id)!.value;
      else {
        const own = reports.get(t.id);
        if (own) {
          achieved = own.value;
          reportSource = own.source;
        } else {
          const fromChildren = mine.map((c) => reports.get(c.id)).filter((r) => r !== undefined);
          if (fromChildren.length > 0) {
            achieved = fromChildren.reduce((s, r) => addDecimals(s, r.value), '0');
            reportSource = fromChildren.map((r) => r.source).join('; ');
          }
        }
      }
      const assessment: Assessment | null =
        achieved === null ? null : assessTarget({ achieved, target: t.targetValue, direction: t.direction });
      return {
        id: t.id,
        indicator: describe(def),
        label: t.label,
        filters: t.filters as Record<string, unknown>,
        direction: t.direction,
        parentTargetId: t.parentTargetId,
        origin: isDerived(def) ? ('derived' as const) : ('reported' as const),
        reportSource,
        assessment,
        cascaded,
      };
    });

    const monthRows = months.map((m) => {
      const values: Record<string, string | null> = {};
      for (const t of targets) {
        const def = defs.get(t.indicator)!;
        if (!isDerived(def)) values[String(t.id)] = null;
        else if (def.source === 'events' || def.source === 'established')
          values[String(t.id)] = mainEval.get(t.id)!.months?.[m] ?? null;
        else {
          const s = stockEval.find((x) => x.target.id === t.id && x.month === m);
          values[String(t.id)] = s ? s.ev.value : mainEval.get(t.id)!.value;
        }
      }
      return { month: m, values };
    });

    // Child units: their share of each figure and, where a target was cascaded to them, how they did.
    const childIds = new Set<number>();
    for (const ev of mainEval.values())
      for (const k of Object.keys(ev.byChild)) if (k !== 'self') childIds.add(Number(k));
    for (const c of cascades) childIds.add(c.unitId);
    const names = childIds.size
      ? await db.query<{ id: number; name: string }>(
          `SELECT DISTINCT ON (unit_id) unit_id AS id, name FROM unit_version WHERE unit_id = ANY($1::int[])
           ORDER BY unit_id, (valid_from <= $2::date AND $2::date < valid_to) DESC, valid_from DESC`,
          [[...childIds], w.to],
        )
      : [];
    const children = [...childIds].map((id) => {
      const values: Record<string, string> = {};
      const own: Record<string, string> = {};
      let met = 0;
      let assessed = 0;
      for (const t of derived) {
        const v = mainEval.get(t.id)!.byChild[String(id)] ?? '0';
        values[String(t.id)] = v;
        const c = cascades.find((x) => x.parentTargetId === t.id && x.unitId === id);
        if (c) {
          own[String(t.id)] = c.targetValue;
          assessed += 1;
          if (assessTarget({ achieved: v, target: c.targetValue, direction: t.direction }).met) met += 1;
        }
      }
      return {
        unitId: id,
        name: names.find((n) => n.id === id)?.name ?? String(id),
        values,
        met,
        assessed,
        targets: own,
      };
    });
    const firstId = derived[0] ? String(derived[0].id) : null;
    children.sort(
      (a, b) =>
        b.met - a.met ||
        (firstId ? Number(b.values[firstId]) - Number(a.values[firstId]) : 0) ||
        a.name.localeCompare(b.name, 'vi'),
    );
    const self = [...mainEval.values()].some((ev) => ev.byChild.self && ev.byChild.self !== '0');
    if (self) {
      const values: Record<string, string> = {};
      for (const t of derived) values[String(t.id)] = mainEval.get(t.id)!.byChild.self ?? '0';
      children.push({
        unitId: null as unknown as number,
        name: program.scopeUnitName,
        values,
        met: 0,
        assessed: 0,
        targets: {},
      });
    }

    const assessments = results.map((r) => r.assessment).filter((a): a is Assessment => a !== null);
    const summary = { ...summarize(assessments), total: results.length };
    summary.label = `${summary.met}/${summary.total}`;
    return {
      program,
      asOf,
      evaluatedOn: w.to,
      summary,
      targets: results,
      months: monthRows,
      children: children as {
        unitId: number | null;
        name: string;
        values: Record<string, string>;
        met: number;
        assessed: number;
        targets: Record<string, string>;
      }[],
      policies: { edit: perms.has('program.write'), export: perms.has('export') },
    };
  }

  return {
    catalogue: async () => [...(await catalogue()).values()].filter((d) => d.active).map(describe),

    async list(actor: Actor, query: { unitId?: number; year?: number; page: number; pageSize: number }) {
      if (query.unitId !== undefined) await requireUnit(db, actor, query.unitId, 'unit.read');
      const rows = await db.query<ProgramRow & { total: number }>(
        `${PROGRAM_SELECT}
         WHERE ${inScopeSql('p.unit_id', '$1')}
           AND ($2::int IS NULL OR p.unit_id = $2::int)
           AND ($3::int IS NULL OR (p.period_start <= make_date($3::int, 12, 31) AND p.period_end >= make_date($3::int, 1, 1)))
         ORDER BY p.period_start DESC, p.id LIMIT $4 OFFSET $5`,
        [
          actor.scopeRoots,
          query.unitId ?? null,
          query.year ?? null,
          query.pageSize,
          (query.page - 1) * query.pageSize,
        ],
      );
      const total = (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM work_program p WHERE ${inScopeSql('p.unit_id', '$1')}
             AND ($2::int IS NULL OR p.unit_id = $2::int)
             AND ($3::int IS NULL OR (p.period_start <= make_date($3::int, 12, 31) AND p.period_end >= make_date($3::int, 1, 1)))`,
          [actor.scopeRoots, query.unitId ?? null, query.year ?? null],
        )
      )[0]!.n;
      return { items: rows, total };
    },

    async create(
      actor: Actor,
      input: { unitId: number; scopeUnitId?: number; period: string; title: string; targets: TargetInput[] },
      ctx: AuditContext,
    ) {
      const period = periodOf(input.period);
      return db.tx(async (q) => {
        await requireUnit(q, actor, input.unitId, 'program.write');
        const scopeUnitId = input.scopeUnitId ?? input.unitId;
        if (scopeUnitId !== input.unitId) await requireUnit(q, actor, scopeUnitId, 'program.write');
        const defs = await catalogue(q);
        for (const [i, t] of input.targets.entries()) await validateTarget(q, defs, t, `targets.${i}`);
        const [row] = await q.query<{ id: number }>(
          `INSERT INTO work_program (unit_id, scope_unit_id, period, period_start, period_end, title, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [input.unitId, scopeUnitId, period.code, period.start, period.end, input.title, actor.accountId],
        );
        const ids = await insertTargets(q, row!.id, input.targets);
        await appendAudit(q, ctx, {
          action: 'program.create',
          recordType: 'work_program',
          recordId: row!.id,
          details: { unitId: input.unitId, scopeUnitId, period: period.code, targets: ids },
        });
        return (await q.query<ProgramRow>(`${PROGRAM_SELECT} WHERE p.id = $1`, [row!.id]))[0]!;
      });
    },

    async addTarget(actor: Actor, programId: number, input: TargetInput, ctx: AuditContext) {
      return db.tx(async (q) => {
        await loadProgram(q, actor, programId, 'program.write');
        await validateTarget(q, await catalogue(q), input, 'body');
        const [id] = await insertTargets(q, programId, [input]);
        await appendAudit(q, ctx, {
          action: 'target.create',
          recordType: 'program_target',
          recordId: id!,
          details: { programId, ...input },
        });
        return (await q.query<TargetRow>(`${TARGET_SELECT} WHERE id = $1`, [id]))[0]!;
      });
    },

    async patchTarget(
      actor: Actor,
      targetId: number,
      patch: { targetValue?: string; label?: string | null },
      ctx: AuditContext,
    ) {
      return db.tx(async (q) => {
        const { target } = await loadTarget(q, actor, targetId, 'program.write');
        await q.query(
          `UPDATE program_target SET target_value = coalesce($2::numeric, target_value),
             label = CASE WHEN $3::boolean THEN $4::text ELSE label END WHERE id = $1`,
          [targetId, patch.targetValue ?? null, patch.label !== undefined, patch.label ?? null],
        );
        await appendAudit(q, ctx, {
          action: 'target.update',
          recordType: 'program_target',
          recordId: targetId,
          details: { before: { targetValue: target.targetValue, label: target.label }, after: patch },
        });
        return (await q.query<TargetRow>(`${TARGET_SELECT} WHERE id = $1`, [targetId]))[0]!;
      });
    },

    async deleteTarget(actor: Actor, targetId: number, ctx: AuditContext) {
      await db.tx(async (q) => {
        const { target } = await loadTarget(q, actor, targetId, 'program.write');
        const children = await q.query(`SELECT 1 FROM program_target WHERE parent_target_id = $1 LIMIT 1`, [
          targetId,
        ]);
        if (children.length > 0) throw new AppError('target.has_cascades', 409);
        await q.query(`DELETE FROM target_report WHERE target_id = $1`, [targetId]);
        await q.query(`DELETE FROM program_target WHERE id = $1`, [targetId]);
        await appendAudit(q, ctx, {
          action: 'target.delete',
          recordType: 'program_target',
          recordId: targetId,
          details: {
            programId: target.programId,
            indicator: target.indicator,
            targetValue: target.targetValue,
          },
        });
      });
    },

    /**
     * Splits a target among subordinate units (under the program's unit at some time in the period): each gets, or
     * has updated, the same target in its own program for the period.
     */
    async cascade(
      actor: Actor,
      targetId: number,
      input: { allocations: { unitId: number; targetValue: string }[] },
      ctx: AuditContext,
    ) {
      return db.tx(async (q) => {
        const { target, program } = await loadTarget(q, actor, targetId, 'program.write');
        const units = input.allocations.map((a) => a.unitId);
        if (new Set(units).size !== units.length) throw invalid('cascade.duplicate_unit', {}, 400);
        const perms = await unitPermissions(q, actor, units);
        for (const a of input.allocations) {
          const p = perms.get(a.unitId)!;
          if (p.size === 0) throw notFound();
          if (!p.has('program.write')) throw new AppError('forbidden', 403);
        }
        const under = await q.query<{ id: number }>(
          `SELECT DISTINCT descendant_id AS id FROM unit_closure WHERE ancestor_id = $1 AND depth > 0
             AND descendant_id = ANY($2::int[]) AND valid_from <= $4::date AND $3::date < valid_to`,
          [program.scopeUnitId, units, program.periodStart, program.periodEnd],
        );
        const bad = units.find((u) => !under.some((r) => r.id === u));
        if (bad !== undefined) throw invalid('cascade.not_subordinate', { unitId: bad });
        const created: number[] = [];
        for (const a of input.allocations) {
          let [p] = await q.query<{ id: number }>(
            `SELECT id FROM work_program WHERE unit_id = $1 AND period = $2 ORDER BY id LIMIT 1`,
            [a.unitId, program.period],
          );
          if (!p) {
            [p] = await q.query<{ id: number }>(
              `INSERT INTO work_program (unit_id, scope_unit_id, period, period_start, period_end, title, created_by)
               VALUES ($1, $1, $2, $3, $4, $5, $6) RETURNING id`,
              [
                a.unitId,
                program.period,
                program.periodStart,
                program.periodEnd,
                program.title,
                actor.accountId,
              ],
            );
          }
          const existing = await q.query<{ id: number }>(
            `SELECT id FROM program_target WHERE program_id = $1 AND parent_target_id = $2`,
            [p!.id, targetId],
          );
          if (existing[0]) {
            await q.query(`UPDATE program_target SET target_value = $2::numeric WHERE id = $1`, [
              existing[0].id,
              a.targetValue,
            ]);
            created.push(existing[0].id);
          } else {
            const [id] = await insertTargets(
              q,
              p!.id,
              [
                {
                  indicator: target.indicator,
                  targetValue: a.targetValue,
                  direction: target.direction,
                  filters: target.filters,
                  label: target.label ?? undefined,
                },
              ],
              targetId,
            );
            created.push(id!);
          }
        }
        await appendAudit(q, ctx, {
          action: 'target.cascade',
          recordType: 'program_target',
          recordId: targetId,
          details: { allocations: input.allocations, targets: created },
        });
        const sum = (
          await q.query<{ s: string }>(
            `SELECT coalesce(sum(target_value), 0)::text AS s FROM program_target WHERE parent_target_id = $1`,
            [targetId],
          )
        )[0]!.s;
        return {
          targetId,
          targetValue: target.targetValue,
          cascaded: { count: created.length, sum: stripZeros(sum) },
          targets: created,
        };
      });
    },

    async report(
      actor: Actor,
      targetId: number,
      input: { value: string; reportedOn: IsoDate; source: string },
      ctx: AuditContext,
    ) {
      return db.tx(async (q) => {
        const { target } = await loadTarget(q, actor, targetId, 'program.write');
        const def = (await catalogue(q)).get(target.indicator)!;
        if (isDerived(def)) throw invalid('target.not_reported', { indicator: def.code });
        if (input.reportedOn > clock.today())
          throw invalid('membership.future_date', { date: input.reportedOn });
        const [row] = await q.query<{ id: number }>(
          `INSERT INTO target_report (target_id, value, reported_on, source, account_id) VALUES ($1, $2::numeric, $3, $4, $5) RETURNING id`,
          [targetId, input.value, input.reportedOn, input.source, actor.accountId],
        );
        await appendAudit(q, ctx, {
          action: 'target.report',
          recordType: 'program_target',
          recordId: targetId,
          details: { reportId: row!.id, ...input },
        });
        return { id: row!.id, targetId, ...input };
      });
    },

    dashboard,

    async records(
      actor: Actor,
      targetId: number,
      query: { asOf?: IsoDate; unitId?: number; month?: string; page: number; pageSize: number },
      ctx: AuditContext,
    ) {
      const { target, program, perms } = await loadTarget(db, actor, targetId, 'unit.statistics');
      const def = (await catalogue()).get(target.indicator)!;
      if (!DRILLABLE_SOURCES.includes(def.source))
        throw invalid('target.not_drillable', { indicator: def.code });
      if (def.subject === 'people' && !perms.has('person.read.basic')) throw new AppError('forbidden', 403);
      const w = windowOf(program, query.asOf ?? clock.today());
      const subject: 'units' | 'enterprises' | 'people' =
        def.subject === 'units' ? 'units' : def.subject === 'enterprises' ? 'enterprises' : 'people';
      if (w.from > w.to) return { subject, total: 0, items: [] };
      const page = await recordsBehind(db, def, target.filters, program.scopeUnitId, w, {
        child: query.unitId,
        month: query.month,
        limit: query.pageSize,
        offset: (query.page - 1) * query.pageSize,
        scopeRoots: actor.scopeRoots,
        scopeSql: inScopeAsOfSql,
      });
      if (subject === 'people') {
        await db.tx((q) =>
          appendAudit(q, ctx, {
            action: 'person.list',
            recordType: 'program_target',
            recordId: targetId,
            details: {
              asOf: w.to,
              unitId: query.unitId ?? null,
              month: query.month ?? null,
              returned: page.items.length,
              total: page.total,
            },
          }),
        );
      }
      return { subject, ...page };
    },

    /** Recomputes and stores every target of every program overlapping a year (after a bulk import, say). */
    async recomputeYear(year: number) {
      const today = clock.today();
      const programs = await db.query<ProgramRow>(
        `${PROGRAM_SELECT} WHERE p.period_start <= make_date($1::int, 12, 31) AND p.period_end >= make_date($1::int, 1, 1)`,
        [year],
      );
      const defs = await catalogue();
      const targets = await db.query<TargetRow>(`${TARGET_SELECT} WHERE program_id = ANY($1::int[])`, [
        programs.map((p) => p.id),
      ]);
      const byId = new Map(programs.map((p) => [p.id, p]));
      const jobs: Job[] = targets
        .filter((t) => isDerived(defs.get(t.indicator)!))
        .map((t) => {
          const p = byId.get(t.programId)!;
          return {
            def: defs.get(t.indicator)!,
            filters: t.filters,
            root: p.scopeUnitId,
            window: windowOf(p, today),
          };
        });
      await evaluate(jobs, { fresh: true });
      return { programs: programs.length, targets: jobs.length };
    },
  };
}

export type ProgramService = ReturnType<typeof createProgramService>;
