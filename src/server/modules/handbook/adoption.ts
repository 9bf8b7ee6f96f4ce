import type { Db } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { requireUnit } from '../../access/scope.ts';
import { invalid } from '../../http/errors.ts';
import { addDays, type IsoDate } from '../../../shared/dates.ts';
import { lastDayOfMonth, shiftMonth } from '../../../shared/rules/compliance.ts';
import { PARTY_STATUSES, unitNameSql } from './common.ts';

/** How many days before a date count as "active" for adoption. */
export const ACTIVE_DAYS = 30;
const MAX_DATES = 37;

/**
 * For each date: the persons with a party membership (home) on that date in the units then under `$1`,
 * with the child of `$1` each falls under; whether they had an activated account by then, and whether it
 * was used in the 30 days up to the date.
 */
const FIGURES = `WITH dt AS (SELECT unnest($2::date[]) AS d),
  sub AS MATERIALIZED (
    SELECT dt.d, c.descendant_id AS u, ch.ancestor_id AS child FROM dt
    JOIN unit_closure c ON c.ancestor_id = $1 AND c.valid_from <= dt.d AND dt.d < c.valid_to
    LEFT JOIN unit_closure ch ON ch.descendant_id = c.descendant_id AND ch.depth = c.depth - 1
      AND ch.valid_from <= dt.d AND dt.d < ch.valid_to),
  mem AS (
    SELECT DISTINCT ON (sub.d, m.person_id) sub.d, sub.child, m.person_id FROM sub
    JOIN membership_period pp ON pp.unit_id = sub.u AND pp.role = 'home' AND pp.family = 'party'
      AND pp.status = ANY($3::text[]) AND pp.valid_from <= sub.d AND sub.d < pp.valid_to
    JOIN membership m ON m.id = pp.membership_id
    ORDER BY sub.d, m.person_id)
  SELECT to_char(mem.d, 'YYYY-MM-DD') AS d, CASE WHEN $5::boolean THEN mem.child END AS child, count(*)::int AS members,
    (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM account a WHERE a.person_id = mem.person_id
       AND a.activated_at < ((mem.d + 1)::timestamp AT TIME ZONE 'UTC'))))::int AS activated,
    (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM account a JOIN account_active_day ad ON ad.account_id = a.id
       WHERE a.person_id = mem.person_id AND ad.day > mem.d - $4::int AND ad.day <= mem.d)))::int AS active30
  FROM mem GROUP BY 1, 2`;

interface FigureRow {
  d: string;
  child: number | null;
  members: number;
  activated: number;
  active30: number;
}

const figures = (r: { members: number; activated: number; active30: number } | undefined) => {
  const members = r?.members ?? 0;
  const activated = r?.activated ?? 0;
  const active30 = r?.active30 ?? 0;
  return {
    members,
    activated,
    active30,
    activatedShare: members === 0 ? null : activated / members,
    activeShare: members === 0 ? null : active30 / members,
  };
};

export function createAdoptionService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return async function adoption(actor: Actor, unitId: number, query: { from?: IsoDate; to?: IsoDate }) {
    await requireUnit(db, actor, unitId, 'handbook.monitor');
    const today = clock.today();
    const to = query.to ?? today;
    const from = query.from ?? lastDayOfMonth(shiftMonth(to.slice(0, 7), -11));
    if (from > to || from < '1900-01-01' || to > '2999-12-31')
      throw invalid('adoption.range_invalid', { from, to }, 400);
    const dates: IsoDate[] = [];
    for (let m = from.slice(0, 7); `${m}-01` <= to; m = addDays(lastDayOfMonth(m), 1).slice(0, 7)) {
      const end = lastDayOfMonth(m);
      if (end >= from && end < to) dates.push(end);
      if (dates.length > MAX_DATES) throw invalid('adoption.range_too_long', { months: MAX_DATES - 1 }, 400);
    }
    dates.push(to);
    const series = await db.query<FigureRow>(FIGURES, [unitId, dates, PARTY_STATUSES, ACTIVE_DAYS, false]);
    const perChild = await db.query<FigureRow>(FIGURES, [unitId, [to], PARTY_STATUSES, ACTIVE_DAYS, true]);
    const children = await db.query<{ unitId: number; unitName: string }>(
      `SELECT v.unit_id AS "unitId", v.name AS "unitName" FROM unit_version v
       WHERE v.parent_id = $1 AND v.valid_from <= $2::date AND $2::date < v.valid_to ORDER BY v.name, v.unit_id`,
      [unitId, to],
    );
    const name = await db.query<{ name: string }>(`SELECT ${unitNameSql('$1::int')} AS name`, [unitId]);
    return {
      unitId,
      unitName: name[0]!.name,
      series: dates.map((d) => ({ date: d, ...figures(series.find((r) => r.d === d)) })),
      children: children.map((c) => ({ ...c, ...figures(perChild.find((r) => r.child === c.unitId)) })),
    };
  };
}
