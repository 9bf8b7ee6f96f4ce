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

export function createComplianceService(deps: { db: Db; clock: Clock; scheduleDay: number }) {
  const { db, clock, scheduleDay } = deps;
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

  async function page(actor: Actor, unitId: number, query: ComplianceQuery, opts: { all?: boolean } = {}) {
    await requireUnit(db, actor, unitId, 'handbook.monitor');
    const today = clock.today();
    const year = query.year ?? Number(today.slice(0, 4));
    const [from, to] = bounds(year);
    await refresh(db, unitId, year);
    const base = [unitId, MEETING_UNIT_KINDS, from, to, year];
    const sums = Array.from({ length: 12 }, (_, k) => {
      const i = k + 1;
      return `count(*) FILTER (WHERE substr(y.statuses, ${i}, 1) <> 'X')::int, count(*) FILTER (WHERE substr(y.statuses, ${i}, 1) = 'G')::int,
        count(*) FILTER (WHERE substr(y.statuses, ${i}, 1) = 'A')::int, count(*) FILTER (WHERE substr(y.statuses, ${i}, 1) = 'R')::int,
        count(*) FILTER (WHERE substr(y.statuses, ${i}, 1) = 'P')::int, coalesce(sum(y.invited[${i}]), 0)::int,
        coalesce(sum(y.attended[${i}]), 0)::int`;
    });
    const [agg] = await db.query<{ a: number[] }>(
      `SELECT ARRAY[${sums.join(',\n')}] AS a FROM (${CELLS}) c
       JOIN compliance_cell_year y ON y.unit_id = c.unit_id AND y.year = $5`,
      base,
    );
    const summary = Array.from({ length: 12 }, (_, k) => {
      const [cells, green, amber, red, pending, inv, att] = agg!.a.slice(k * 7, k * 7 + 7) as number[];
      return {
        month: `${year}-${String(k + 1).padStart(2, '0')}`,
        cells: cells!,
        green: green!,
        amber: amber!,
        red: red!,
        pending: pending!,
        averageAttendance: attendanceRate(att!, inv!),
      };
    });
    const rate = `(y.attended_total::float8 / nullif(y.invited_total, 0))`;
    const order = {
      name: 'c.name ASC, c.unit_id',
      '-name': 'c.name DESC, c.unit_id',
      status: 'y.rank DESC, c.name, c.unit_id',
      '-status': 'y.rank ASC, c.name, c.unit_id',
      attendance: `${rate} ASC NULLS LAST, c.name, c.unit_id`,
      '-attendance': `${rate} DESC NULLS LAST, c.name, c.unit_id`,
    }[query.sort];
    const limit = opts.all ? LIMITS.exportRowsMax : query.pageSize;
    const offset = opts.all ? 0 : (query.page - 1) * query.pageSize;
    const rows = await db.query<{ unit_id: number; name: string; kind_code: string; total: number }>(
      `SELECT c.unit_id, c.name, c.kind_code, count(*) OVER ()::int AS total FROM (${CELLS}) c
       JOIN compliance_cell_year y ON y.unit_id = c.unit_id AND y.year = $5
       WHERE $6::int IS NULL OR y.rank = $6
       ORDER BY ${order} LIMIT $7 OFFSET $8`,
      [...base, query.status ? RANK_OF[query.status] : null, limit, offset],
    );
    let total = rows[0]?.total;
    if (total === undefined) {
      const c = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (${CELLS}) c JOIN compliance_cell_year y ON y.unit_id = c.unit_id AND y.year = $5
         WHERE $6::int IS NULL OR y.rank = $6`,
        [...base, query.status ? RANK_OF[query.status] : null],
      );
      total = c[0]!.n;
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

  return { page, meetings, remindLateCells };
}

export type ComplianceService = ReturnType<typeof createComplianceService>;
export type { ComplianceReason, ComplianceStatus };
