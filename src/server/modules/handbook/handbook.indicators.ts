import type { Queryable } from '../../db/client.ts';
import { roundedPercent } from '../../../shared/rules/achievement.ts';
import type { Evaluation, IndicatorDef, Window } from '../programs/indicators.ts';

/**
 * Evaluators of the handbook's indicators (catalogue rows in migration 0009), each a share over the
 * records of a unit's subtree:
 * - `cells_meeting_every_month`: cells (of the kinds in params) under the unit on the window's last day
 *   that held their regular meeting in every month of the window that has ended and that they existed in;
 * - `meeting_attendance`: attended / invited over the regular meetings held in the window, each counted
 *   for the units the cell stood under on the day it was held;
 * - `active_members`: members on the window's last day who used the app in the `days` days up to it.
 * Every table they read has a statement-level trigger noting changes in `record_change`.
 */
export const HANDBOOK_SOURCES = [
  'cells_meeting_every_month',
  'meeting_attendance',
  'active_members',
] as const;

interface Row {
  root: number;
  child: number | null;
  num: number;
  den: number;
}

function share(num: number, den: number): string {
  return den === 0 ? '0' : roundedPercent(BigInt(num), BigInt(den));
}

/** The subtree on a date with, for every unit, the child of the root it falls under (null: the root). */
const SUBTREE = (rootsP: string, atP: string) => `sub AS MATERIALIZED (
    SELECT c.ancestor_id AS root, c.descendant_id AS u, ch.ancestor_id AS child FROM unit_closure c
    LEFT JOIN unit_closure ch ON ch.descendant_id = c.descendant_id AND ch.depth = c.depth - 1
      AND ch.valid_from <= ${atP} AND ${atP} < ch.valid_to
    WHERE c.ancestor_id = ANY(${rootsP}) AND c.valid_from <= ${atP} AND ${atP} < c.valid_to)`;

export async function evaluateHandbook(
  q: Queryable,
  def: IndicatorDef,
  roots: number[],
  w: Window,
): Promise<Map<number, Evaluation>> {
  let rows: Row[];
  switch (def.source) {
    case 'cells_meeting_every_month':
      rows = await q.query<Row>(
        `WITH ${SUBTREE('$1::int[]', '$3::date')},
         cells AS (SELECT sub.root, sub.child, sub.u, un.established_on, un.closed_on FROM sub
           JOIN unit_version v ON v.unit_id = sub.u AND v.valid_from <= $3::date AND $3::date < v.valid_to
           JOIN unit un ON un.id = sub.u
           WHERE v.kind_code = ANY($4::text[])),
         months AS (SELECT m::date AS m FROM generate_series(date_trunc('month', $2::date), date_trunc('month', $3::date), interval '1 month') AS g (m)
           WHERE m::date >= $2::date AND (m + interval '1 month')::date <= $3::date + 1),
         judged AS (
           SELECT cells.root, cells.child, cells.u,
                  count(*)::int AS due,
                  count(cm.unit_id)::int AS held
           FROM cells JOIN months ON cells.established_on < (months.m + interval '1 month')::date
                                 AND (cells.closed_on IS NULL OR cells.closed_on > months.m)
           LEFT JOIN cell_month cm ON cm.unit_id = cells.u AND cm.month = months.m AND cm.held_at IS NOT NULL
             AND cm.held_at < (months.m + interval '1 month')::timestamp AT TIME ZONE 'UTC'
           GROUP BY 1, 2, 3)
         SELECT root, child, (count(*) FILTER (WHERE held = due))::int AS num, count(*)::int AS den
         FROM judged GROUP BY 1, 2`,
        [roots, w.from, w.to, def.params.kinds ?? []],
      );
      break;
    case 'meeting_attendance':
      rows = await q.query<Row>(
        `WITH held AS MATERIALIZED (
           SELECT cm.unit_id AS u, (cm.held_at AT TIME ZONE 'UTC')::date AS d, cm.invited, cm.attended FROM cell_month cm
           WHERE cm.month BETWEEN date_trunc('month', $2::date)::date AND $3::date AND cm.held_at IS NOT NULL
             AND (cm.held_at AT TIME ZONE 'UTC')::date BETWEEN $2::date AND $3::date),
         hit AS (
           SELECT c.ancestor_id AS root, h.u, h.d, c.depth, h.invited, h.attended FROM held h
           JOIN unit_closure c ON c.descendant_id = h.u AND c.ancestor_id = ANY($1::int[])
             AND c.valid_from <= h.d AND h.d < c.valid_to
           JOIN unit_version v ON v.unit_id = h.u AND v.valid_from <= h.d AND h.d < v.valid_to
           WHERE v.kind_code = ANY($4::text[]))
         SELECT hit.root, ch.ancestor_id AS child, sum(hit.attended)::int AS num, sum(hit.invited)::int AS den
         FROM hit LEFT JOIN unit_closure ch ON ch.descendant_id = hit.u AND ch.depth = hit.depth - 1
           AND ch.valid_from <= hit.d AND hit.d < ch.valid_to
         GROUP BY 1, 2`,
        [roots, w.from, w.to, def.params.kinds ?? []],
      );
      break;
    case 'active_members':
      rows = await q.query<Row>(
        `WITH ${SUBTREE('$1::int[]', '$2::date')},
         mem AS (
           SELECT sub.root, sub.child, m.person_id FROM sub
           JOIN membership_period pp ON pp.unit_id = sub.u AND pp.role = 'home'
             AND pp.family = ANY($3::text[]) AND pp.status = ANY($4::text[])
             AND pp.valid_from <= $2::date AND $2::date < pp.valid_to
           JOIN membership m ON m.id = pp.membership_id)
         SELECT mem.root, mem.child,
                (count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM account a JOIN account_active_day ad ON ad.account_id = a.id
                   WHERE a.person_id = mem.person_id AND ad.day > $2::date - $5::int AND ad.day <= $2::date)))::int AS num,
                count(*)::int AS den
         FROM mem GROUP BY 1, 2`,
        [roots, w.to, def.params.families ?? [], def.params.statuses ?? [], def.params.days ?? 30],
      );
      break;
    default:
      throw new Error(`indicator source ${def.source} is not a handbook source`);
  }
  const out = new Map<number, Evaluation>();
  for (const root of roots) {
    const mine = rows.filter((r) => r.root === root);
    const num = mine.reduce((s, r) => s + r.num, 0);
    const den = mine.reduce((s, r) => s + r.den, 0);
    out.set(root, {
      value: share(num, den),
      byChild: Object.fromEntries(
        mine.map((r) => [r.child === null ? 'self' : String(r.child), share(r.num, r.den)]),
      ),
    });
  }
  return out;
}
