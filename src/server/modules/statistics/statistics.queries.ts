import type { IsoDate } from '../../../shared/dates.ts';

/**
 * The statistics of a unit are counts over three sets, all taken from the tree as it stood on the date:
 *   sub — the unit's subtree;  sel — the units of sub that pass the filters (kinds, enterprise ownership,
 *   where a unit counts as "in" an enterprise when it or an ancestor is attached to one);  mu — the units
 *   whose members count: the subtrees of sel.
 * Parameters: $1 unit, $2 date, $3 ownership|null, $4 kinds text[]|null.
 */
export function selectionCtes(filters: { ownership?: string; kinds?: string[] }): string {
  const ownership = filters.ownership !== undefined;
  const kinds = filters.kinds !== undefined && filters.kinds.length > 0;
  const ctes = [
    `sub AS (SELECT c.descendant_id AS id, c.depth FROM unit_closure c
             WHERE c.ancestor_id = $1 AND c.valid_from <= $2::date AND $2::date < c.valid_to)`,
    `ver AS (SELECT v.unit_id AS id, v.kind_code, v.enterprise_id, sub.depth FROM unit_version v JOIN sub ON sub.id = v.unit_id
             WHERE v.valid_from <= $2::date AND $2::date < v.valid_to)`,
  ];
  if (ownership) {
    ctes.push(
      `owned AS (SELECT DISTINCT c.descendant_id AS id FROM ver a
                 JOIN enterprise e ON e.id = a.enterprise_id AND e.ownership = $3::text
                 JOIN unit_closure c ON c.ancestor_id = a.id AND c.valid_from <= $2::date AND $2::date < c.valid_to)`,
    );
  }
  ctes.push(
    `sel AS (SELECT ver.id, ver.kind_code, ver.depth FROM ver WHERE true
             ${ownership ? 'AND ver.id IN (SELECT id FROM owned)' : 'AND $3::text IS NULL'}
             ${kinds ? 'AND ver.kind_code = ANY($4::text[])' : 'AND $4::text[] IS NULL'})`,
  );
  if (kinds) {
    ctes.push(
      `mu AS (SELECT DISTINCT c.descendant_id AS id FROM sel
              JOIN unit_closure c ON c.ancestor_id = sel.id AND c.valid_from <= $2::date AND $2::date < c.valid_to)`,
    );
  } else {
    ctes.push(`mu AS (SELECT id FROM sel)`);
  }
  return 'WITH ' + ctes.join(',\n');
}

/** Counted members per unit of mu on the date: the maintained aggregate for today, the periods for the past. */
export function memberCountsCte(isToday: boolean): string {
  return isToday
    ? `uc AS (SELECT m.unit_id, m.family, m.status, m.n FROM unit_member_count m JOIN mu ON mu.id = m.unit_id
              WHERE m.role = 'home' AND m.n <> 0)`
    : `uc AS (SELECT p.unit_id, p.family, p.status, count(*)::int AS n FROM membership_period p JOIN mu ON mu.id = p.unit_id
              WHERE p.role = 'home' AND p.valid_from <= $2::date AND $2::date < p.valid_to
              GROUP BY p.unit_id, p.family, p.status)`;
}

export type StatsParams = [number, IsoDate, string | null, string[] | null];
