import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { requireUnit } from '../../access/scope.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import type { IsoDate } from '../../../shared/dates.ts';
import { COUNTED_STATUSES } from '../../../shared/rules/membership.ts';
import { memberCountsCte, selectionCtes, type StatsParams } from './statistics.queries.ts';

export interface StatsFilters {
  asOf?: IsoDate;
  ownership?: 'state_owned' | 'non_state' | 'foreign_invested';
  kinds?: string[];
}

export function createStatisticsService(deps: { db: Db; clock: Clock; datedTotals?: boolean }) {
  const { db, clock } = deps;
  // Past figures of a root read its dated subtree totals, and filtered past figures take one pass over
  // the periods (decision 0019). Off, both take the paths used before, kept to check them against.
  const datedTotals = deps.datedTotals ?? true;

  const paramsOf = (unitId: number, date: IsoDate, f: StatsFilters): StatsParams => [
    unitId,
    date,
    f.ownership ?? null,
    f.kinds && f.kinds.length > 0 ? f.kinds : null,
  ];

  /** Today's unfiltered figures straight from the maintained subtree totals: a few indexed rows at any level. */
  async function fromAggregates(unitId: number, today: IsoDate) {
    const [units, rows, children] = await Promise.all([
      db.query<{ kind: string; count: number }>(
        `SELECT k.kind_code AS kind, (k.n - CASE WHEN k.kind_code = v.kind_code THEN 1 ELSE 0 END)::int AS count
         FROM unit_subtree_kind k JOIN unit_version v ON v.unit_id = k.unit_id AND v.valid_to = 'infinity'
         WHERE k.unit_id = $1 ORDER BY k.kind_code`,
        [unitId],
      ),
      db.query<{ family: string; role: string; status: string; count: number }>(
        `SELECT family, role, status, n AS count FROM unit_subtree_count WHERE unit_id = $1 AND n <> 0 ORDER BY family, status`,
        [unitId],
      ),
      db.query<{ unitId: number; name: string; kind: string; units: number; members: number }>(
        `SELECT v.unit_id AS "unitId", v.name, v.kind_code AS kind,
                coalesce((SELECT sum(n) FROM unit_subtree_kind k WHERE k.unit_id = v.unit_id), 0)::int AS units,
                coalesce((SELECT sum(n) FROM unit_subtree_count s WHERE s.unit_id = v.unit_id AND s.role = 'home'
                          AND s.status = ANY($2::text[])), 0)::int AS members
         FROM unit_version v WHERE v.parent_id = $1 AND v.valid_to = 'infinity' ORDER BY v.name`,
        [unitId, COUNTED_STATUSES],
      ),
    ]);
    const nonZeroUnits = units.filter((u) => u.count > 0);
    const members = rows
      .filter((r) => r.role === 'home')
      .map(({ family, status, count }) => ({ family, status, count }));
    const temporary = rows
      .filter((r) => r.role === 'temporary')
      .map(({ family, count }) => ({ family, count }));
    return present(unitId, today, {}, nonZeroUnits, members, temporary, children);
  }

  /**
   * Unfiltered figures on a past date in two scans: the subtree's units (closure + versions) and its
   * status periods, each tagged with the child of the unit it falls under, so the totals, the temporary
   * members and the per-child breakdown come from one pass over the periods.
   */
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

  /**
   * Members on a past date by child of the unit, organization, role and status. A root keeps dated
   * subtree totals: the sum of its changes in the earlier years, the earlier months of that year and
   * the days of that month up to the date (a few thousand rows at most). Other units scan their periods.
   */
  async function pastMembers(unitId: number, date: IsoDate, tagged: string) {
    type Row = { child: number; family: string; role: string; status: string; n: number };
    if (datedTotals) {
      const rows = await db.query<Row & { holder: boolean }>(
        `SELECT t.child_id AS child, t.family, t.role, t.status, sum(t.d)::int AS n, true AS holder
         FROM subtree_timeline t
         WHERE t.unit_id = $1 AND EXISTS (SELECT 1 FROM subtree_timeline_holder h WHERE h.unit_id = $1)
           AND ((t.grain = 'y' AND t.bucket < $3::date)
             OR (t.grain = 'm' AND t.bucket >= $3::date AND t.bucket < $4::date)
             OR (t.grain = 'd' AND t.bucket >= $4::date AND t.bucket <= $2::date))
         GROUP BY 1, 2, 3, 4 HAVING sum(t.d) <> 0
         UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, false WHERE NOT EXISTS (SELECT 1 FROM subtree_timeline_holder h WHERE h.unit_id = $1)`,
        [unitId, date, `${date.slice(0, 4)}-01-01`, `${date.slice(0, 7)}-01`],
      );
      if (rows[0]?.holder !== false) return rows.map(({ holder: _h, ...r }) => r);
    }
    return db.query<Row>(
      `WITH ${tagged}
       SELECT tag.child, p.family, p.role, p.status, count(*)::int AS n FROM membership_period p JOIN tag ON tag.unit = p.unit_id
       WHERE p.valid_from <= $2::date AND $2::date < p.valid_to GROUP BY 1, 2, 3, 4`,
      [unitId, date],
    );
  }

  async function pastUnfiltered(unitId: number, date: IsoDate) {
    const params = [unitId, date];
    const tagged = `kids AS (SELECT descendant_id AS id FROM unit_closure
                             WHERE ancestor_id = $1 AND depth = 1 AND valid_from <= $2::date AND $2::date < valid_to),
                    tag AS (SELECT c.descendant_id AS unit, c.ancestor_id AS child FROM unit_closure c JOIN kids ON kids.id = c.ancestor_id
                            WHERE c.valid_from <= $2::date AND $2::date < c.valid_to
                            UNION ALL SELECT $1::int, $1::int)`;
    const [unitRows, memberRows] = await Promise.all([
      db.query<{ child: number; kind: string; n: number }>(
        `WITH ${tagged}
         SELECT tag.child, v.kind_code AS kind, count(*)::int AS n FROM tag
         JOIN unit_version v ON v.unit_id = tag.unit AND v.valid_from <= $2::date AND $2::date < v.valid_to
         WHERE tag.unit <> $1 GROUP BY 1, 2`,
        params,
      ),
      pastMembers(unitId, date, tagged),
    ]);
    const sum = <K extends string>(rows: { n: number }[], key: (r: never) => K) => {
      const m = new Map<K, number>();
      for (const r of rows) m.set(key(r as never), (m.get(key(r as never)) ?? 0) + r.n);
      return m;
    };
    const units = [...sum(unitRows, (r: { kind: string }) => r.kind)]
      .map(([kind, count]) => ({ kind, count }))
      .sort((a, b) => cmp(a.kind, b.kind));
    const home = memberRows.filter((r) => r.role === 'home');
    const members = [...sum(home, (r: { family: string; status: string }) => `${r.family}|${r.status}`)]
      .map(([k, count]) => ({ family: k.split('|')[0]!, status: k.split('|')[1]!, count }))
      .sort((a, b) => cmp(a.family, b.family) || cmp(a.status, b.status));
    const temporary = [
      ...sum(
        memberRows.filter((r) => r.role === 'temporary'),
        (r: { family: string }) => r.family,
      ),
    ].map(([family, count]) => ({ family, count }));
    const childUnits = sum(
      unitRows.filter((r) => r.child !== unitId),
      (r: { child: number }) => String(r.child),
    );
    const childMembers = sum(
      home.filter((r) => r.child !== unitId && COUNTED_STATUSES.includes(r.status as never)),
      (r: { child: number }) => String(r.child),
    );
    const ids = [...new Set([...childUnits.keys(), ...childMembers.keys()])].map(Number);
    const names = await db.query<{ unit_id: number; name: string; kind_code: string }>(
      `SELECT unit_id, name, kind_code FROM unit_version WHERE unit_id = ANY($1::int[]) AND valid_from <= $2::date AND $2::date < valid_to`,
      [ids, date],
    );
    const children = names
      .map((v) => ({
        unitId: v.unit_id,
        name: v.name,
        kind: v.kind_code,
        units: childUnits.get(String(v.unit_id)) ?? 0,
        members: childMembers.get(String(v.unit_id)) ?? 0,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
    return present(unitId, date, {}, units, members, temporary, children);
  }

  /**
   * Filtered figures on a past date with one pass over the status periods of the selection, each tagged
   * with the child of the unit it falls under (the unit itself for its own members): the totals, the
   * temporary members and the per-child members all come from it.
   */
  async function pastFiltered(unitId: number, date: IsoDate, f: StatsFilters, params: StatsParams) {
    const base = selectionCtes(f);
    const kids = `kids AS (SELECT id FROM sub WHERE depth = 1),
       cmap AS (SELECT c.ancestor_id AS child, c.descendant_id AS id FROM unit_closure c JOIN kids ON kids.id = c.ancestor_id
                WHERE c.valid_from <= $2::date AND $2::date < c.valid_to)`;
    const [units, childUnits, memberRows] = await Promise.all([
      db.query<{ kind: string; count: number }>(
        `${base}
         SELECT kind_code AS kind, count(*)::int AS count FROM sel WHERE depth > 0 GROUP BY kind_code ORDER BY kind_code`,
        params,
      ),
      db.query<{ unitId: number; name: string; kind: string; units: number }>(
        `${base}, ${kids},
         cu AS (SELECT cmap.child, count(*)::int AS n FROM cmap JOIN sel ON sel.id = cmap.id GROUP BY cmap.child)
         SELECT k.id AS "unitId", v.name, v.kind_code AS kind, coalesce(cu.n, 0) AS units
         FROM kids k JOIN unit_version v ON v.unit_id = k.id AND v.valid_from <= $2::date AND $2::date < v.valid_to
         LEFT JOIN cu ON cu.child = k.id
         ORDER BY v.name`,
        params,
      ),
      db.query<{ child: number; family: string; role: string; status: string; n: number }>(
        `${base}, ${kids},
         tag AS (SELECT child, id FROM cmap UNION ALL SELECT $1::int, $1::int)
         SELECT tag.child, p.family, p.role, p.status, count(*)::int AS n
         FROM membership_period p JOIN mu ON mu.id = p.unit_id JOIN tag ON tag.id = p.unit_id
         WHERE p.valid_from <= $2::date AND $2::date < p.valid_to GROUP BY 1, 2, 3, 4`,
        params,
      ),
    ]);
    const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
    const home = new Map<string, number>();
    const temp = new Map<string, number>();
    const perChild = new Map<number, number>();
    for (const r of memberRows) {
      if (r.role === 'temporary') add(temp, r.family, r.n);
      if (r.role !== 'home') continue;
      add(home, `${r.family}|${r.status}`, r.n);
      if (r.child !== unitId && COUNTED_STATUSES.includes(r.status as never))
        perChild.set(r.child, (perChild.get(r.child) ?? 0) + r.n);
    }
    const members = [...home]
      .map(([k, count]) => ({ family: k.split('|')[0]!, status: k.split('|')[1]!, count }))
      .sort((a, b) => cmp(a.family, b.family) || cmp(a.status, b.status));
    const temporary = [...temp]
      .map(([family, count]) => ({ family, count }))
      .sort((a, b) => cmp(a.family, b.family));
    const children = childUnits
      .map((c) => ({ ...c, members: perChild.get(c.unitId) ?? 0 }))
      .filter((c) => c.units > 0 || c.members > 0);
    return present(unitId, date, f, units, members, temporary, children);
  }

  function present(
    unitId: number,
    date: IsoDate,
    f: StatsFilters,
    units: { kind: string; count: number }[],
    members: { family: string; status: string; count: number }[],
    temporary: { family: string; count: number }[],
    children: { unitId: number; name: string; kind: string; units: number; members: number }[],
  ) {
    const byFamily = new Map<string, number>();
    for (const m of members) {
      if (COUNTED_STATUSES.includes(m.status as never))
        byFamily.set(m.family, (byFamily.get(m.family) ?? 0) + m.count);
    }
    return {
      unitId,
      asOf: date,
      filters: { ownership: f.ownership ?? null, kinds: f.kinds ?? [] },
      units,
      members,
      temporary,
      totals: {
        units: units.reduce((s, u) => s + u.count, 0),
        members: [...byFamily.entries()].map(([family, count]) => ({ family, count })),
      },
      children: children.filter((c) => c.units > 0 || c.members > 0),
    };
  }

  return {
    /** Counts in a unit's subtree on a date: units by kind, members by organization and status, and per child. */
    async statistics(actor: Actor, unitId: number, f: StatsFilters) {
      await requireUnit(db, actor, unitId, 'unit.statistics', f.asOf);
      const today = clock.today();
      const date = f.asOf ?? today;
      const isToday = date >= today;
      const params = paramsOf(unitId, isToday ? today : date, f);
      const unfiltered = !f.ownership && !(f.kinds && f.kinds.length > 0);
      if (isToday && unfiltered) {
        const open = await db.query('SELECT 1 FROM unit WHERE id = $1 AND closed_on IS NULL', [unitId]);
        if (open[0]) return fromAggregates(unitId, today);
      }
      if (unfiltered) return pastUnfiltered(unitId, date);
      if (!isToday && datedTotals) return pastFiltered(unitId, date, f, params);
      const base = selectionCtes(f);
      const [units, members, temporary, children] = await Promise.all([
        db.query<{ kind: string; count: number }>(
          `${base}
           SELECT kind_code AS kind, count(*)::int AS count FROM sel WHERE depth > 0 GROUP BY kind_code ORDER BY kind_code`,
          params,
        ),
        db.query<{ family: string; status: string; count: number }>(
          isToday
            ? `${base}, ${memberCountsCte(true)}
               SELECT family, status, sum(n)::int AS count FROM uc GROUP BY family, status ORDER BY family, status`
            : `${base}
               SELECT p.family, p.status, count(*)::int AS count FROM membership_period p JOIN mu ON mu.id = p.unit_id
               WHERE p.role = 'home' AND p.valid_from <= $2::date AND $2::date < p.valid_to
               GROUP BY p.family, p.status ORDER BY p.family, p.status`,
          params,
        ),
        db.query<{ family: string; count: number }>(
          `${base}
           SELECT p.family, count(*)::int AS count FROM membership_period p JOIN mu ON mu.id = p.unit_id
           WHERE p.role = 'temporary' AND p.valid_from <= $2::date AND $2::date < p.valid_to GROUP BY p.family ORDER BY p.family`,
          params,
        ),
        db.query<{ unitId: number; name: string; kind: string; units: number; members: number }>(
          `${base}, ${memberCountsCte(isToday)},
           kids AS (SELECT id FROM sub WHERE depth = 1),
           cmap AS (SELECT c.ancestor_id AS child, c.descendant_id AS id FROM unit_closure c JOIN kids ON kids.id = c.ancestor_id
                    WHERE c.valid_from <= $2::date AND $2::date < c.valid_to),
           cu AS (SELECT cmap.child, count(*)::int AS n FROM cmap JOIN sel ON sel.id = cmap.id GROUP BY cmap.child),
           cm AS (SELECT cmap.child, sum(uc.n)::int AS n FROM cmap JOIN uc ON uc.unit_id = cmap.id
                  WHERE uc.status = ANY($5::text[]) GROUP BY cmap.child)
           SELECT k.id AS "unitId", v.name, v.kind_code AS kind, coalesce(cu.n, 0) AS units, coalesce(cm.n, 0) AS members
           FROM kids k JOIN unit_version v ON v.unit_id = k.id AND v.valid_from <= $2::date AND $2::date < v.valid_to
           LEFT JOIN cu ON cu.child = k.id LEFT JOIN cm ON cm.child = k.id
           WHERE coalesce(cu.n, 0) > 0 OR coalesce(cm.n, 0) > 0
           ORDER BY v.name`,
          [...params, COUNTED_STATUSES],
        ),
      ]);
      return present(unitId, date, f, units, members, temporary, children);
    },

    /** The units behind a count. */
    async units(
      actor: Actor,
      unitId: number,
      f: StatsFilters & { kind?: string; page: number; pageSize: number },
    ) {
      await requireUnit(db, actor, unitId, 'unit.statistics', f.asOf);
      const today = clock.today();
      const date = f.asOf && f.asOf < today ? f.asOf : today;
      const rows = await db.query<{
        id: number;
        name: string;
        kind: string;
        parentName: string | null;
        enterpriseName: string | null;
        establishedOn: string;
        total: number;
      }>(
        `${selectionCtes(f)}
         SELECT sel.id, v.name, sel.kind_code AS kind, pv.name AS "parentName", e.name AS "enterpriseName",
                u.established_on AS "establishedOn", count(*) OVER ()::int AS total
         FROM sel JOIN unit u ON u.id = sel.id
         JOIN unit_version v ON v.unit_id = sel.id AND v.valid_from <= $2::date AND $2::date < v.valid_to
         LEFT JOIN unit_version pv ON pv.unit_id = v.parent_id AND pv.valid_from <= $2::date AND $2::date < pv.valid_to
         LEFT JOIN enterprise e ON e.id = v.enterprise_id
         WHERE sel.depth > 0 AND ($5::text IS NULL OR sel.kind_code = $5)
         ORDER BY v.name, sel.id LIMIT $6 OFFSET $7`,
        [...paramsOf(unitId, date, f), f.kind ?? null, f.pageSize, (f.page - 1) * f.pageSize],
      );
      return { items: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0, asOf: date };
    },

    /** The people behind a count; reading a list of people is audited. */
    async members(
      actor: Actor,
      unitId: number,
      f: StatsFilters & { family?: string; status?: string; page: number; pageSize: number },
      ctx: AuditContext,
    ) {
      await requireUnit(db, actor, unitId, 'unit.statistics', f.asOf);
      const today = clock.today();
      const date = f.asOf && f.asOf < today ? f.asOf : today;
      const statuses = f.status ? [f.status] : [...COUNTED_STATUSES];
      const rows = await db.query<{
        id: number;
        membershipId: number;
        fullName: string;
        sex: string | null;
        birthDate: string | null;
        family: string;
        status: string;
        unitId: number;
        unitName: string;
        since: string;
        total: number;
      }>(
        `${selectionCtes(f)}
         SELECT p.id, mp.membership_id AS "membershipId", p.full_name AS "fullName", p.sex, p.birth_date AS "birthDate", mp.family, mp.status,
                mp.unit_id AS "unitId", v.name AS "unitName", mp.valid_from AS since, count(*) OVER ()::int AS total
         FROM membership_period mp JOIN mu ON mu.id = mp.unit_id
         JOIN membership m ON m.id = mp.membership_id JOIN person p ON p.id = m.person_id
         JOIN unit_version v ON v.unit_id = mp.unit_id AND v.valid_from <= $2::date AND $2::date < v.valid_to
         WHERE mp.role = 'home' AND mp.valid_from <= $2::date AND $2::date < mp.valid_to
           AND mp.status = ANY($5::text[]) AND ($6::text IS NULL OR mp.family = $6)
         ORDER BY p.search_name, p.id LIMIT $7 OFFSET $8`,
        [...paramsOf(unitId, date, f), statuses, f.family ?? null, f.pageSize, (f.page - 1) * f.pageSize],
      );
      await db.tx((q) =>
        appendAudit(
          q,
          ctx,
          {
            action: 'person.list',
            recordType: 'unit',
            recordId: unitId,
            details: { asOf: date, filters: { ...f }, returned: rows.length, total: rows[0]?.total ?? 0 },
          },
          clock.now(),
        ),
      );
      return { items: rows.map(({ total: _t, ...r }) => r), total: rows[0]?.total ?? 0, asOf: date };
    },
  };
}

export type StatisticsService = ReturnType<typeof createStatisticsService>;
