import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../access/actor.ts';
import { unitPermissions } from '../../access/scope.ts';
import { forbidden, notFound } from '../../http/errors.ts';
import type { Permission } from '../../../shared/access.ts';
import type { IsoDate } from '../../../shared/dates.ts';
import type {
  AttendanceStatus,
  MeetingKind,
  MeetingStatus,
  ReplyKind,
} from '../../../shared/contracts/meetings.ts';

export interface MeetingRow {
  id: number;
  unitId: number;
  unitName: string;
  kind: MeetingKind;
  /** YYYY-MM-01 */
  month: string;
  startsAt: string;
  endsAt: string | null;
  place: string | null;
  onlineUrl: string | null;
  topic: string;
  chairPersonId: number | null;
  secretaryPersonId: number | null;
  status: MeetingStatus;
  scheduledAt: string;
  heldAt: string | null;
  cancelledReason: string | null;
  minutesPublishedAt: string | null;
  resolutionPublishedAt: string | null;
  version: number;
}

export interface InvitationRow {
  role: 'home' | 'temporary';
  away: boolean;
  reply: ReplyKind | null;
  reason: string | null;
  remote: boolean;
  repliedAt: string | null;
  attendance: AttendanceStatus | null;
  attendedAt: string | null;
}

export interface MeetingAccess {
  m: MeetingRow;
  perms: Set<Permission>;
  canManage: boolean;
  /** The caller's own invitation (through the person of the account), if any. */
  invitation: InvitationRow | null;
}

export const MEETING_COLUMNS = `m.id, m.unit_id AS "unitId", un.name AS "unitName", m.kind,
  to_char(m.month, 'YYYY-MM-DD') AS month, m.starts_at AS "startsAt", m.ends_at AS "endsAt", m.place,
  m.online_url AS "onlineUrl", m.topic, m.chair_person_id AS "chairPersonId",
  m.secretary_person_id AS "secretaryPersonId", m.status, m.scheduled_at AS "scheduledAt", m.held_at AS "heldAt",
  m.cancelled_reason AS "cancelledReason", m.minutes_published_at AS "minutesPublishedAt",
  m.resolution_published_at AS "resolutionPublishedAt", m.version`;

/** The unit's name today, or its last name when it has closed. */
export const UNIT_NAME_JOIN = `LEFT JOIN LATERAL (
    SELECT uv.name FROM unit_version uv WHERE uv.unit_id = m.unit_id ORDER BY uv.valid_from DESC LIMIT 1
  ) un ON true`;

const INVITATION_COLUMNS = `i.role, i.away, i.reply, i.reply_reason AS reason, i.reply_remote AS remote,
  i.replied_at AS "repliedAt", i.attendance, i.attended_at AS "attendedAt"`;

/**
 * Loads a meeting with the caller's permissions on its unit and the caller's own invitation. Whoever is
 * neither invited nor holds a permission on the unit gets "not found". `lock` takes the meeting row for
 * update: writers of attendance, status and texts serialize on it (check-ins take a key-share lock).
 */
export async function loadMeeting(
  q: Queryable,
  actor: Actor,
  meetingId: number,
  lock = false,
): Promise<MeetingAccess> {
  const rows = await q.query<MeetingRow & { inv: InvitationRow | null }>(
    `SELECT ${MEETING_COLUMNS},
       (SELECT row_to_json(x) FROM (SELECT ${INVITATION_COLUMNS} FROM invitation i
         WHERE i.meeting_id = m.id AND i.person_id = $2) x) AS inv
     FROM meeting m ${UNIT_NAME_JOIN}
     WHERE m.id = $1 ${lock ? 'FOR UPDATE OF m' : ''}`,
    [meetingId, actor.personId ?? 0],
  );
  const row = rows[0];
  if (!row) throw notFound();
  const { inv, ...m } = row;
  const perms = (await unitPermissions(q, actor, [m.unitId])).get(m.unitId)!;
  if (perms.size === 0 && !inv) throw notFound();
  return { m, perms, canManage: perms.has('meeting.manage'), invitation: inv };
}

export function requireManage(a: MeetingAccess): void {
  if (!a.canManage) throw forbidden();
}

/** The caller's invitation, or "not found" (participation comes from the invitation, not a permission). */
export function requireInvitation(a: MeetingAccess): InvitationRow {
  if (!a.invitation) throw notFound();
  return a.invitation;
}

/**
 * Who a unit's meeting invites on a date: its official and probationary party members at home, and the
 * members temporarily active in it. A member at home here who is active elsewhere for now is `away`.
 * Parameters: $1 unit, $2 date.
 */
export const INVITEES_SQL = `
  SELECT ms.person_id, p.role,
         (p.role = 'home' AND EXISTS (
            SELECT 1 FROM membership_period t WHERE t.membership_id = p.membership_id AND t.role = 'temporary'
              AND t.valid_from <= $2::date AND $2::date < t.valid_to)) AS away
  FROM membership_period p JOIN membership ms ON ms.id = p.membership_id
  WHERE p.unit_id = $1 AND p.family = 'party' AND p.status IN ('official', 'probationary')
    AND p.valid_from <= $2::date AND $2::date < p.valid_to`;

export async function inviteesOf(
  q: Queryable,
  unitId: number,
  on: IsoDate,
): Promise<{ person_id: number; role: 'home' | 'temporary'; away: boolean }[]> {
  return q.query(INVITEES_SQL, [unitId, on]);
}

/**
 * Brings the invitations of a unit's meetings that have not started in step with its membership on
 * `on`: newcomers are invited, those who left and have neither replied nor attended are dropped, and
 * roles and `away` follow the periods. Returns the (unit, month) keys whose invitation counts changed.
 */
export async function syncUpcomingInvitations(
  q: Queryable,
  unitIds: readonly number[],
  now: Date,
  on: IsoDate,
): Promise<{ unitId: number; month: string }[]> {
  const meetings = await q.query<{ id: number; unit_id: number; month: string }>(
    `SELECT id, unit_id, to_char(month, 'YYYY-MM-DD') AS month FROM meeting
     WHERE unit_id = ANY($1::int[]) AND status = 'scheduled' AND starts_at > $2`,
    [unitIds, now.toISOString()],
  );
  const changed: { unitId: number; month: string }[] = [];
  for (const m of meetings) {
    const added = await q.query<{ person_id: number }>(
      `INSERT INTO invitation AS i (meeting_id, person_id, role, away)
       SELECT $3, person_id, role, away FROM (${INVITEES_SQL}) x
       ON CONFLICT (meeting_id, person_id) DO UPDATE SET role = EXCLUDED.role, away = EXCLUDED.away
         WHERE (i.role, i.away) IS DISTINCT FROM (EXCLUDED.role, EXCLUDED.away)
       RETURNING person_id`,
      [m.unit_id, on, m.id],
    );
    const removed = await q.query<{ person_id: number }>(
      `DELETE FROM invitation i WHERE i.meeting_id = $3 AND i.reply IS NULL AND i.attendance IS NULL
         AND NOT EXISTS (SELECT 1 FROM (${INVITEES_SQL}) x WHERE x.person_id = i.person_id)
       RETURNING person_id`,
      [m.unit_id, on, m.id],
    );
    if (added.length + removed.length > 0) changed.push({ unitId: m.unit_id, month: m.month });
  }
  return changed;
}

export interface CountsRow {
  meetingId: number;
  invited: number;
  attend: number;
  excused: number;
  noReply: number;
  attended: number;
  absent: number;
}

export async function countsOf(q: Queryable, meetingIds: readonly number[]): Promise<Map<number, CountsRow>> {
  const rows = await q.query<CountsRow>(
    `SELECT meeting_id AS "meetingId", count(*)::int AS invited,
       (count(*) FILTER (WHERE reply = 'attend'))::int AS attend,
       (count(*) FILTER (WHERE reply = 'excused'))::int AS excused,
       (count(*) FILTER (WHERE reply IS NULL))::int AS "noReply",
       (count(*) FILTER (WHERE attendance IN ('present', 'remote', 'late')))::int AS attended,
       (count(*) FILTER (WHERE attendance = 'absent'))::int AS absent
     FROM invitation WHERE meeting_id = ANY($1::int[]) GROUP BY meeting_id`,
    [meetingIds],
  );
  return new Map(rows.map((r) => [r.meetingId, r]));
}

export const EMPTY_COUNTS = { invited: 0, attend: 0, excused: 0, noReply: 0, attended: 0, absent: 0 };

export function countsView(c: CountsRow | undefined) {
  if (!c) return { ...EMPTY_COUNTS };
  const { meetingId: _omit, ...rest } = c;
  return rest;
}

/** YYYY-MM-01 -> YYYY-MM */
export const monthLabel = (month: string) => month.slice(0, 7);
