import type { Queryable } from '../../db/client.ts';

/**
 * Rewrites `cell_month` rows from the meetings they follow: for each (unit, month) the regular
 * meeting's scheduling time, when it was held, when its minutes were published, how many were invited
 * and how many attended (present, remote or late), and how many thematic meetings were held. Called in
 * the same transaction as every meeting change (with the months it touches), and over everything after
 * a bulk load (`'all'`). A (unit, month) left with no meeting loses its row.
 */
export async function refreshCellMonths(
  q: Queryable,
  keys: readonly { unitId: number; month: string }[] | 'all',
): Promise<void> {
  const all = keys === 'all';
  const unitIds = all ? [] : keys.map((k) => k.unitId);
  const months = all ? [] : keys.map((k) => k.month);
  const source = all
    ? `SELECT DISTINCT unit_id, month FROM meeting`
    : `SELECT DISTINCT u AS unit_id, m::date AS month FROM unnest($1::int[], $2::date[]) AS k (u, m)`;
  const params = all ? [] : [unitIds, months];
  if (!all && unitIds.length === 0) return;
  await q.query(
    `WITH k AS (${source}),
     computed AS (
       SELECT k.unit_id, k.month, r.id AS regular_meeting_id, r.scheduled_at,
              CASE WHEN r.status = 'held' THEN r.held_at END AS held_at,
              r.minutes_published_at AS minutes_at,
              coalesce(inv.invited, 0) AS invited, coalesce(inv.attended, 0) AS attended,
              coalesce(th.n, 0) AS thematic_held
       FROM k
       LEFT JOIN LATERAL (
         SELECT m.id, m.scheduled_at, m.status, m.held_at, m.minutes_published_at FROM meeting m
         WHERE m.unit_id = k.unit_id AND m.month = k.month AND m.kind = 'regular' AND m.status <> 'cancelled'
         ORDER BY m.id LIMIT 1
       ) r ON true
       LEFT JOIN LATERAL (
         SELECT count(*)::int AS invited,
                (count(*) FILTER (WHERE i.attendance IN ('present', 'remote', 'late')))::int AS attended
         FROM invitation i WHERE i.meeting_id = r.id
       ) inv ON true
       LEFT JOIN LATERAL (
         SELECT count(*)::int AS n FROM meeting t
         WHERE t.unit_id = k.unit_id AND t.month = k.month AND t.kind = 'thematic' AND t.status = 'held'
       ) th ON true
     ),
     gone AS (
       DELETE FROM cell_month c USING computed x
       WHERE c.unit_id = x.unit_id AND c.month = x.month AND x.regular_meeting_id IS NULL AND x.thematic_held = 0
     )
     INSERT INTO cell_month AS c (unit_id, month, regular_meeting_id, scheduled_at, held_at, minutes_at, invited, attended, thematic_held)
     SELECT unit_id, month, regular_meeting_id, scheduled_at, held_at, minutes_at, invited, attended, thematic_held
     FROM computed WHERE regular_meeting_id IS NOT NULL OR thematic_held > 0
     ON CONFLICT (unit_id, month) DO UPDATE SET
       regular_meeting_id = EXCLUDED.regular_meeting_id, scheduled_at = EXCLUDED.scheduled_at,
       held_at = EXCLUDED.held_at, minutes_at = EXCLUDED.minutes_at, invited = EXCLUDED.invited,
       attended = EXCLUDED.attended, thematic_held = EXCLUDED.thematic_held
     WHERE (c.regular_meeting_id, c.scheduled_at, c.held_at, c.minutes_at, c.invited, c.attended, c.thematic_held)
       IS DISTINCT FROM (EXCLUDED.regular_meeting_id, EXCLUDED.scheduled_at, EXCLUDED.held_at, EXCLUDED.minutes_at,
                         EXCLUDED.invited, EXCLUDED.attended, EXCLUDED.thematic_held)`,
    params,
  );
}

/**
 * A check-in turns one invitee of a regular meeting into an attendee: its month's row gains one. A delta
 * rather than a recount, so concurrent check-ins of one meeting never overwrite each other's count.
 */
export async function countCheckIn(
  q: Queryable,
  m: { meetingId: number; unitId: number; month: string },
  n = 1,
): Promise<void> {
  await q.query(
    `UPDATE cell_month SET attended = attended + $4 WHERE unit_id = $1 AND month = $2 AND regular_meeting_id = $3`,
    [m.unitId, m.month, m.meetingId, n],
  );
}
