import type { Db, Queryable } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { requireUnit } from '../../access/scope.ts';
import { notify } from '../notifications/notify.ts';
import { LIMITS } from '../../../shared/limits.ts';
import {
  attendanceRate,
  cellMonthStatus,
  shiftMonth,
  worstStatus,
  type CellMonthRecord,
  type ComplianceReason,
  type ComplianceStatus,
} from '../../../shared/rules/compliance.ts';
import { MEETING_UNIT_KINDS, unitNameSql } from './common.ts';

/**
 * The compliance monitor. Each cell's year is judged once per "epoch" (see compliance_cell_year in
 * migration 0009) by one set-based statement that mirrors `cellMonthStatus` in SQL, and stored; a page
 * reads the stored rows of the cells under the unit for the summary, sorting and filtering, then judges
 * the page's own cells with the shared rules for the month details and reasons.
 */

export interface ComplianceQuery {
  year?: number;
  sort: 'name' | '-name' | 'status' | '-status' | 'attendance' | '-attendance';
  status?: 'green' | 'amber' | 'red';
  page: number;
  pageSize: number;
}

const RANK_OF = { red: 5, amber: 4, green: 3 } as const;

/** Subtrees with this many cells or more are viewed through a snapshot (migration 0010). */
export const SNAPSHOT_MIN_CELLS = 2000;
/** A snapshot older than this is still served, while a new one is taken in the background. */
export const SNAPSHOT_MAX_AGE_MS = 5 * 60_000;

interface SnapshotCounts {
  all: number;
  red: number;
  amber: number;
  green: number;
}

/** A cell's attendance rate over its year (NULL before any held meeting). */
const RATE = `(y.attended_total::float8 / nullif(y.invited_total, 0))`;

/**
 * The orders of the cells (`c` the cell, `y` its stored year), one per column of a snapshot. Those that
 * begin with the worst status keep the cells of one status together, in name or rate order, so a
 * filtered page is a slice of them too.
 */
const ORDERS = {
  by_name: 'c.name, c.unit_id',
  by_status: 'y.rank DESC, c.name, c.unit_id',
  by_status_asc: 'y.rank ASC, c.name, c.unit_id',
  by_rate: `${RATE} ASC NULLS LAST, c.name, c.unit_id`,
  by_rate_desc: `${RATE} DESC NULLS LAST, c.name, c.unit_id`,
  by_rank_rate: `y.rank DESC, ${RATE} ASC NULLS LAST, c.name, c.unit_id`,
  by_rank_rate_desc: `y.rank DESC, ${RATE} DESC NULLS LAST, c.name, c.unit_id`,
} as const;
type SnapshotColumn = keyof typeof ORDERS;

/** The order each sort reads ('-name' reads `by_name` backwards). */
const ORDER_OF_SORT: Record<ComplianceQuery['sort'], SnapshotColumn> = {
  name: 'by_name',
  '-name': 'by_name',
  status: 'by_status',
  '-status': 'by_status_asc',
  attendance: 'by_rate',
  '-attendance': 'by_rate_desc',
};

/** The SQL order of a sort, for judging on the request. */
const orderSql = (sort: ComplianceQuery['sort']) =>
  sort === '-name' ? 'c.name DESC, c.unit_id DESC' : ORDERS[ORDER_OF_SORT[sort]];

/** Where a page's cells are in a snapshot: which order, and (filtered) which block of it, read backwards or not. */
function snapshotSlice(query: ComplianceQuery, counts: SnapshotCounts) {
  const reversed = query.sort === '-name';
  if (!query.status) return { column: ORDER_OF_SORT[query.sort], start: 0, length: counts.all, reversed };
  // ordered by worst status first: red, then amber, then green
  const start = { red: 0, amber: counts.red, green: counts.red + counts.amber }[query.status];
  const column: SnapshotColumn =
    query.sort === 'attendance'
      ? 'by_rank_rate'
      : query.sort === '-attendance'
        ? 'by_rank_rate_desc'
        : 'by_status';
  return { column, start, length: counts[query.status], reversed };
}

/** The cells under a unit today (`$1` unit, `$2` kinds, `$3` year start, `$4` year end). */
const CELLS = `SELECT c.descendant_id AS unit_id, v.name, v.kind_code FROM unit_closure c
  JOIN unit_version v ON v.unit_id = c.descendant_id AND v.valid_to = 'infinity' AND v.kind_code = ANY($2::text[])
  JOIN unit u ON u.id = c.descendant_id AND u.established_on <= $4::date AND (u.closed_on IS NULL OR u.closed_on > $3::date)
  WHERE c.ancestor_id = $1 AND c.valid_to = 'infinity'`;

/** Judges and stores the year of the given cells (the SQL mirror of the shared rules). */
const JUDGE_AND_STORE = `WITH cells AS (
    SELECT u.id AS unit_id, u.established_on, u.closed_on, coalesce(y.version, 0) AS version
    FROM unnest($1::int[]) AS x (id) JOIN unit u ON u.id = x.id
    LEFT JOIN compliance_cell_year y ON y.unit_id = u.id AND y.year = $2),
  months AS (SELECT make_date($2, g, 1) AS m, g AS i FROM generate_series(1, 12) AS g),
  grid AS (
    SELECT c.unit_id, c.version, mo.i, mo.m, (mo.m + interval '1 month')::date AS next_m, c.established_on, c.closed_on,
           cm.regular_meeting_id, (cm.scheduled_at AT TIME ZONE 'UTC')::date AS sched_d,
           coalesce(cm.held_at IS NOT NULL AND (cm.held_at AT TIME ZONE 'UTC')::date < (mo.m + interval '1 month')::date, false) AS held,
           cm.minutes_at, coalesce(cm.invited, 0) AS inv, coalesce(cm.attended, 0) AS att,
           sum(coalesce(cm.thematic_held, 0)) OVER (PARTITION BY c.unit_id, (mo.i - 1) / 3) AS qth,
           (mo.m - interval '1 month')::date + (least($4::int, extract(day FROM mo.m - interval '1 day')::int) - 1) AS deadline
    FROM cells c CROSS JOIN months mo LEFT JOIN cell_month cm ON cm.unit_id = c.unit_id AND cm.month = mo.m),
  judged AS (
    SELECT g.*, CASE
      WHEN NOT (g.established_on < g.next_m AND (g.closed_on IS NULL OR g.closed_on > g.m)) THEN 'X'
      WHEN $3::date < g.m AND $3::date <= g.deadline THEN 'N'
      WHEN $3::date >= g.next_m AND NOT g.held THEN 'R'
      WHEN g.regular_meeting_id IS NULL THEN 'A'
      WHEN g.sched_d > g.deadline THEN 'A'
      WHEN g.held AND g.inv > 0 AND g.att * 3 < g.inv * 2 THEN 'A'
      WHEN g.held AND $3::date >= g.next_m AND g.minutes_at IS NULL THEN 'A'
      WHEN g.held AND $3::date >= g.next_m AND g.i % 3 = 0 AND g.qth = 0 THEN 'A'
      WHEN g.held THEN 'G' ELSE 'P' END AS s
    FROM grid g)
  INSERT INTO compliance_cell_year AS y (unit_id, year, version, computed_version, epoch, statuses, rank, invited,
    attended, invited_total, attended_total)
  SELECT unit_id, $2, version, version, $5, string_agg(s, '' ORDER BY i),
         max(CASE s WHEN 'R' THEN 5 WHEN 'A' THEN 4 WHEN 'G' THEN 3 WHEN 'P' THEN 2 WHEN 'N' THEN 1 ELSE 0 END),
         array_agg(CASE WHEN held THEN inv ELSE 0 END ORDER BY i), array_agg(CASE WHEN held THEN att ELSE 0 END ORDER BY i),
         sum(CASE WHEN held THEN inv ELSE 0 END), sum(CASE WHEN held THEN att ELSE 0 END)
  FROM judged GROUP BY unit_id, version
  ON CONFLICT (unit_id, year) DO UPDATE SET computed_version = EXCLUDED.computed_version, epoch = EXCLUDED.epoch,
    statuses = EXCLUDED.statuses, rank = EXCLUDED.rank, invited = EXCLUDED.invited, attended = EXCLUDED.attended,
    invited_total = EXCLUDED.invited_total, attended_total = EXCLUDED.attended_total
  WHERE y.version = EXCLUDED.computed_version`;

interface CellMonthRow {
  unitId: number;
  month: string;
  regularMeetingId: number | null;
  scheduledAt: string | null;
  heldAt: string | null;
  minutesAt: string | null;
  invited: number;
  attended: number;
  thematicHeld: number;
}

export function createComplianceService(deps: {
  db: Db;
  clock: Clock;
  scheduleDay: number;
  /** Subtrees with at least this many cells are viewed through a snapshot (default 2,000). */
  snapshotMinCells?: number;
}) {
  const { db, clock, scheduleDay } = deps;
  const snapshotMinCells = deps.snapshotMinCells ?? SNAPSHOT_MIN_CELLS;
  const epochOf = (today: string) =>
    `${today.slice(0, 7)}:${Number(today.slice(8, 10)) > scheduleDay ? 1 : 0}`;
  const bounds = (year: number) => [`${year}-01-01`, `${year}-12-31`] as const;

  /** Judges again the cells under `unitId` whose stored year is missing, outdated or from another epoch. */
  async function refresh(q: Queryable, unitId: number, year: number) {
    const today = clock.today();
    const epoch = epochOf(today);
    const [from, to] = bounds(year);
    for (let attempt = 0; attempt < 3; attempt++) {
      const stale = await q.query<{ unit_id: number }>(
        `SELECT c.unit_id FROM (${CELLS}) c
         LEFT JOIN compliance_cell_year y ON y.unit_id = c.unit_id AND y.year = $5
         WHERE y.unit_id IS NULL OR y.computed_version <> y.version OR y.epoch IS DISTINCT FROM $6`,
        [unitId, MEETING_UNIT_KINDS, from, to, year, epoch],
      );
      if (stale.length === 0) return;
      await q.query(JUDGE_AND_STORE, [stale.map((r) => r.unit_id), year, today, scheduleDay, epoch]);
    }
  }

  async function judgeCells(q: Queryable, unitIds: number[], year: number) {
    const rows = await q.query<CellMonthRow>(
      `SELECT unit_id AS "unitId", to_char(month, 'YYYY-MM') AS month, regular_meeting_id AS "regularMeetingId",
              scheduled_at AS "scheduledAt", held_at AS "heldAt", minutes_at AS "minutesAt", invited, attended,
              thematic_held AS "thematicHeld"
       FROM cell_month WHERE unit_id = ANY($1::int[]) AND month BETWEEN $2::date AND $3::date`,
      [unitIds, ...bounds(year)],
    );
    const life = await q.query<{ id: number; establishedOn: string; closedOn: string | null }>(
      `SELECT id, established_on AS "establishedOn", closed_on AS "closedOn" FROM unit WHERE id = ANY($1::int[])`,
      [unitIds],
    );
    const today = clock.today();
    const out = new Map<number, ReturnType<typeof judgeYear>>();
    for (const l of life)
      out.set(
        l.id,
        judgeYear(
          l,
          rows.filter((r) => r.unitId === l.id),
          year,
          today,
        ),
      );
    return out;
  }

  function judgeYear(
    life: { establishedOn: string; closedOn: string | null },
    rows: CellMonthRow[],
    year: number,
    today: string,
  ) {
    const byMonth = new Map(rows.map((r) => [r.month, r]));
    const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
    const quarterThematic = (m: string) => {
      const q0 = Math.floor((Number(m.slice(5, 7)) - 1) / 3) * 3;
      let n = 0;
      for (let k = 0; k < 3; k++) n += byMonth.get(shiftMonth(`${year}-01`, q0 + k))?.thematicHeld ?? 0;
      return n;
    };
    let inv = 0;
    let att = 0;
    const judged = months.map((m) => {
      const r = byMonth.get(m);
      const rec: CellMonthRecord = {
        month: m,
        regularMeetingId: r?.regularMeetingId ?? null,
        scheduledAt: r?.scheduledAt ?? null,
        heldAt: r?.heldAt ?? null,
        minutesAt: r?.minutesAt ?? null,
        invited: r?.invited ?? 0,
        attended: r?.attended ?? 0,
        quarterThematic: quarterThematic(m),
      };
      const { status, reasons } = cellMonthStatus(rec, life, today, scheduleDay);
      const held = rec.heldAt !== null && rec.heldAt.slice(0, 10) < `${shiftMonth(m, 1)}-01`;
      if (held) {
        inv += rec.invited;
        att += rec.attended;
      }
      return {
        month: m,
        status,
        reasons,
        regularMeetingId: rec.regularMeetingId,
        scheduledAt: rec.scheduledAt,
        heldAt: rec.heldAt,
        minutesAt: rec.minutesAt,
        invited: rec.invited,
        attended: rec.attended,
        attendanceRate: held ? attendanceRate(rec.attended, rec.invited) : null,
        thematicHeld: r?.thematicHeld ?? 0,
      };
    });
    return {
      months: judged,
      status: worstStatus(judged.map((j) => j.status)),
      attendanceRate: attendanceRate(att, inv),
    };
  }

  /** The month-by-month summary and the counts by worst status of the cells under a unit (stored years). */
  async function summarize(q: Queryable, base: unknown[], year: number) {
    // The cells are grouped by their year's status string (far fewer distinct ones than cells), so the
    // per-month counts and the counts by worst status come from the groups; attendance is summed per month.
    const sums = Array.from(
      { length: 12 },
      (_, k) => `coalesce(sum(y.invited[${k + 1}]), 0)::int, coalesce(sum(y.attended[${k + 1}]), 0)::int`,
    ).join(', ');
    const groups = await q.query<{ statuses: string; rank: number; n: number; a: number[] }>(
      `SELECT y.statuses, y.rank, count(*)::int AS n, ARRAY[${sums}] AS a FROM (${CELLS}) c
       JOIN compliance_cell_year y ON y.unit_id = c.unit_id AND y.year = $5
       GROUP BY y.statuses, y.rank`,
      base,
    );
    const counts: SnapshotCounts = { all: 0, red: 0, amber: 0, green: 0 };
    for (const g of groups) {
      counts.all += g.n;
      if (g.rank === RANK_OF.red) counts.red += g.n;
      else if (g.rank === RANK_OF.amber) counts.amber += g.n;
      else if (g.rank === RANK_OF.green) counts.green += g.n;
    }
    const summary = Array.from({ length: 12 }, (_, k) => {
      const s = { cells: 0, green: 0, amber: 0, red: 0, pending: 0, inv: 0, att: 0 };
      for (const g of groups) {
        const ch = g.statuses[k];
        if (ch !== 'X') s.cells += g.n;
        if (ch === 'G') s.green += g.n;
        else if (ch === 'A') s.amber += g.n;
        else if (ch === 'R') s.red += g.n;
        else if (ch === 'P') s.pending += g.n;
        s.inv += g.a[2 * k]!;
        s.att += g.a[2 * k + 1]!;
      }
      return {
        month: `${year}-${String(k + 1).padStart(2, '0')}`,
        cells: s.cells,
        green: s.green,
        amber: s.amber,
        red: s.red,
        pending: s.pending,
        averageAttendance: attendanceRate(s.att, s.inv),
      };
    });
    return { summary, counts };
  }

  const taking = new Map<string, Promise<void>>();

  /**
   * Takes the snapshot of a unit's year: judges the stale cells, then stores the summary, the counts and
   * the cells' order under every sort with their worst statuses. One taker per unit-year at a time
   * across instances (a transaction-scoped advisory lock); a second asker returns at once.
   */
  async function takeSnapshot(unitId: number, year: number): Promise<void> {
    const today = clock.today();
    const [from, to] = bounds(year);
    const base = [unitId, MEETING_UNIT_KINDS, from, to, year];
    await db.tx(async (q) => {
      const [lock] = await q.query<{ ok: boolean }>(
        `SELECT pg_try_advisory_xact_lock(hashtext('compliance_snapshot:' || $1::int), $2::int) AS ok`,
        [year, unitId],
      );
      if (!lock?.ok) return;
      await refresh(q, unitId, year);
      const { summary, counts } = await summarize(q, base, year);
      const columns = Object.keys(ORDERS) as SnapshotColumn[];
      const orders = columns.map((k) => `array_agg(c.unit_id ORDER BY ${ORDERS[k]})`).join(', ');
      await q.query(
        `INSERT INTO compliance_snapshot AS s (unit_id, year, epoch, taken_at, summary, counts, ${columns.join(', ')})
         SELECT $1, $5, $6, $7, $8, $9, ${orders} FROM (${CELLS}) c
         JOIN compliance_cell_year y ON y.unit_id = c.unit_id AND y.year = $5
         HAVING count(*) > 0
         ON CONFLICT (unit_id, year) DO UPDATE SET epoch = EXCLUDED.epoch, taken_at = EXCLUDED.taken_at,
           summary = EXCLUDED.summary, counts = EXCLUDED.counts,
           ${columns.map((k) => `${k} = EXCLUDED.${k}`).join(', ')}`,
        [...base, epochOf(today), clock.now(), JSON.stringify(summary), JSON.stringify(counts)],
      );
    });
  }

  /** Starts taking a snapshot in the background unless this instance is already taking it. */
  function scheduleSnapshot(unitId: number, year: number) {
    const key = `${unitId}:${year}`;
    if (taking.has(key)) return;
    const job = takeSnapshot(unitId, year)
      .catch((err: unknown) => console.error(`compliance snapshot of unit ${unitId}, ${year}:`, err))
      .finally(() => taking.delete(key));
    taking.set(key, job);
  }

  /** Resolves when the snapshots being taken by this instance are stored (tests, shutdown). */
  async function idle(): Promise<void> {
    while (taking.size > 0) await Promise.all([...taking.values()]);
  }

  /** The cells of one page from a snapshot: a slice of one of its orders. */
  async function pageFromSnapshot(
    unitId: number,
    year: number,
    query: ComplianceQuery,
    counts: SnapshotCounts,
  ) {
    const { column, start, length, reversed } = snapshotSlice(query, counts);
    const offset = (query.page - 1) * query.pageSize;
    // 1-based bounds of the slice; a reversed order reads its block from the end
    const lo = reversed
      ? Math.max(start + 1, start + length - offset - query.pageSize + 1)
      : start + offset + 1;
    const hi = reversed ? start + length - offset : Math.min(start + length, start + offset + query.pageSize);
    if (hi < lo) return [];
    const [row] = await db.query<{ ids: number[] | null }>(
      `SELECT ${column}[$3::int:$4::int] AS ids FROM compliance_snapshot WHERE unit_id = $1 AND year = $2`,
      [unitId, year, lo, hi],
    );
    const ids = row?.ids ?? [];
    return reversed ? ids.reverse() : ids;
  }

  async function page(actor: Actor, unitId: number, query: ComplianceQuery, opts: { all?: boolean } = {}) {
    await requireUnit(db, actor, unitId, 'handbook.monitor');
    const today = clock.today();
    const year = query.year ?? Number(today.slice(0, 4));
    const [from, to] = bounds(year);
    const base = [unitId, MEETING_UNIT_KINDS, from, to, year];
    let rows: { unit_id: number; name: string; kind_code: string }[];
    let summary: Awaited<ReturnType<typeof summarize>>['summary'];
    let total: number;
    let takenAt: string | null = null;

    const [snap] = opts.all
      ? []
      : await db.query<{ epoch: string; taken_at: Date; summary: typeof summary; counts: SnapshotCounts }>(
          `SELECT epoch, taken_at, summary, counts FROM compliance_snapshot WHERE unit_id = $1 AND year = $2`,
          [unitId, year],
        );
    if (snap && snap.epoch === epochOf(today)) {
      // A large subtree: order, totals and summary from the snapshot (taken again in the background once
      // it is older than SNAPSHOT_MAX_AGE_MS); the page's own cells are judged now, below.
      if (clock.now().getTime() - new Date(snap.taken_at).getTime() > SNAPSHOT_MAX_AGE_MS)
        scheduleSnapshot(unitId, year);
      summary = snap.summary;
      total = query.status ? snap.counts[query.status] : snap.counts.all;
      takenAt = new Date(snap.taken_at).toISOString();
      const ids = await pageFromSnapshot(unitId, year, query, snap.counts);
      const named = await db.query<{ unit_id: number; name: string; kind_code: string }>(
        `SELECT unit_id, name, kind_code FROM unit_version WHERE unit_id = ANY($1::int[]) AND valid_to = 'infinity'`,
        [ids],
      );
      const byId = new Map(named.map((n) => [n.unit_id, n]));
      rows = ids.flatMap((id) => byId.get(id) ?? []);
    } else {
      await refresh(db, unitId, year);
      const sums = await summarize(db, base, year);
      summary = sums.summary;
      total = query.status ? sums.counts[query.status] : sums.counts.all;
      const limit = opts.all ? LIMITS.exportRowsMax : query.pageSize;
      const offset = opts.all ? 0 : (query.page - 1) * query.pageSize;
      rows = await db.query<{ unit_id: number; name: string; kind_code: string }>(
        `SELECT c.unit_id, c.name, c.kind_code FROM (${CELLS}) c
         JOIN compliance_cell_year y ON y.unit_id = c.unit_id AND y.year = $5
         WHERE $6::int IS NULL OR y.rank = $6
         ORDER BY ${orderSql(query.sort)} LIMIT $7 OFFSET $8`,
        [...base, query.status ? RANK_OF[query.status] : null, limit, offset],
      );
      if (!opts.all && sums.counts.all >= snapshotMinCells) scheduleSnapshot(unitId, year);
    }
    const judged = await judgeCells(
      db,
      rows.map((r) => r.unit_id),
      year,
    );
    const name = await db.query<{ name: string }>(`SELECT ${unitNameSql('$1::int')} AS name`, [unitId]);
    return {
      unitId,
      unitName: name[0]!.name,
      year,
      scheduleDay,
      asOf: today,
      takenAt,
      summary,
      items: rows.map((r) => ({
        unitId: r.unit_id,
        unitName: r.name,
        unitKind: r.kind_code,
        ...judged.get(r.unit_id)!,
      })),
      total,
    };
  }

  async function meetings(actor: Actor, cellId: number, month: string) {
    await requireUnit(db, actor, cellId, 'handbook.monitor');
    const judged = (await judgeCells(db, [cellId], Number(month.slice(0, 4)))).get(cellId)!;
    const m = judged.months.find((x) => x.month === month)!;
    const items = await db.query<{
      id: number;
      kind: string;
      status: string;
      topic: string;
      startsAt: string;
      scheduledAt: string;
      heldAt: string | null;
      minutesPublishedAt: string | null;
      invited: number;
      attended: number;
    }>(
      `SELECT m.id, m.kind, m.status, m.topic, m.starts_at AS "startsAt", m.scheduled_at AS "scheduledAt",
              m.held_at AS "heldAt", m.minutes_published_at AS "minutesPublishedAt",
              (SELECT count(*) FROM invitation i WHERE i.meeting_id = m.id)::int AS invited,
              (SELECT count(*) FROM invitation i WHERE i.meeting_id = m.id AND i.attendance IN ('present', 'remote', 'late'))::int AS attended
       FROM meeting m WHERE m.unit_id = $1 AND m.month = $2::date ORDER BY m.starts_at, m.id`,
      [cellId, `${month}-01`],
    );
    const name = await db.query<{ name: string }>(`SELECT ${unitNameSql('$1::int')} AS name`, [cellId]);
    return {
      unitId: cellId,
      unitName: name[0]!.name,
      month,
      status: m.status,
      reasons: m.reasons,
      items,
    };
  }

  /**
   * On the day after the schedule day, tells the secretaries of every cell that has not scheduled next
   * month's regular meeting (accounts holding cell_secretary on the cell, and the cell's secretary of its
   * latest meeting), once per cell and month. Returns how many notifications were created.
   */
  async function remindLateCells(now: Date): Promise<number> {
    const today = clock.today();
    if (Number(today.slice(8, 10)) <= scheduleDay) return 0;
    const next = `${shiftMonth(today.slice(0, 7), 1)}-01`;
    const late = await db.query<{ unit_id: number; name: string; accounts: number[]; persons: number[] }>(
      `SELECT v.unit_id, v.name,
              coalesce((SELECT array_agg(DISTINCT r.account_id) FROM role_assignment r
                        WHERE r.unit_id = v.unit_id AND r.role = 'cell_secretary' AND r.revoked_at IS NULL), '{}') AS accounts,
              coalesce((SELECT array_agg(x.secretary_person_id) FROM (
                          SELECT m.secretary_person_id FROM meeting m WHERE m.unit_id = v.unit_id AND m.secretary_person_id IS NOT NULL
                          ORDER BY m.starts_at DESC LIMIT 1) x), '{}') AS persons
       FROM unit_version v JOIN unit u ON u.id = v.unit_id AND u.closed_on IS NULL
       WHERE v.valid_to = 'infinity' AND v.kind_code = ANY($1::text[]) AND u.established_on < $2::date
         AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.unit_id = v.unit_id AND m.month = $2::date
                           AND m.kind = 'regular' AND m.status <> 'cancelled')`,
      [MEETING_UNIT_KINDS, next],
    );
    let created = 0;
    for (const cell of late) {
      if (cell.accounts.length === 0 && cell.persons.length === 0) continue;
      created += await db.tx((q) =>
        notify(q, {
          accountIds: cell.accounts,
          personIds: cell.persons,
          kind: 'meeting.schedule_late',
          subjectType: 'unit',
          subjectId: cell.unit_id,
          payload: { unitId: cell.unit_id, unitName: cell.name, month: next },
          dedupeKey: `cell:${cell.unit_id}:schedule_late:${next.slice(0, 7)}`,
          now,
        }),
      );
    }
    return created;
  }

  return { page, meetings, remindLateCells, takeSnapshot, idle };
}

export type ComplianceService = ReturnType<typeof createComplianceService>;
export type { ComplianceReason, ComplianceStatus };
