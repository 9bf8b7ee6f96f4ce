import type { Actor } from '../../access/actor.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import type { AttendanceStatus } from '../../../shared/contracts/meetings.ts';
import { ATTENDED_STATUSES } from '../../../shared/contracts/meetings.ts';
import { countCheckIn, refreshCellMonths } from './cell-month.ts';
import { arrivalStatus, checkInOpen, currentCode, judgeCode } from './checkin.ts';
import { countsOf, countsView, loadMeeting, requireManage } from './meetings.queries.ts';
import type { MeetingShared } from './meetings.service.ts';

/** Wrong codes an invitee may type before check-in refuses them. */
const MAX_WRONG_CODES = 10;

interface CheckInRow {
  unit_id: number;
  month: string;
  kind: string;
  status: string;
  starts_at: string;
  checkin_secret: Uint8Array;
  reply: string | null;
  reply_remote: boolean;
  attendance: string | null;
  attended_at: string | null;
  wrong_codes: number;
}

export function createAttendance({ db, clock, detailOf, invitationRows }: MeetingShared) {
  return {
    /** The secretary's rotating code (and what to show as a QR code). */
    async checkinCode(actor: Actor, meetingId: number) {
      const now = clock.now();
      const secret = await db.tx(async (q) => {
        const a = await loadMeeting(q, actor, meetingId);
        requireManage(a);
        if (!checkInOpen({ startsAt: new Date(a.m.startsAt), status: a.m.status }, now))
          throw new AppError('checkin.closed', 409);
        const rows = await q.query<{ checkin_secret: Uint8Array }>(
          'SELECT checkin_secret FROM meeting WHERE id = $1',
          [meetingId],
        );
        return rows[0]!.checkin_secret;
      });
      const c = currentCode(secret, now);
      return { code: c.code, expiresAt: c.expiresAt.toISOString() };
    },

    /**
     * A member checks in with the code on the screen. Kept to one short transaction: one read of the
     * meeting and the caller's invitation, one conditional update, the month's attendee count, the audit.
     */
    async checkIn(actor: Actor, meetingId: number, code: string, via: 'code' | 'qr', ctx: AuditContext) {
      if (actor.personId === null) throw notFound();
      const personId = actor.personId;
      const now = clock.now();
      const outcome = await db.tx(async (q) => {
        const [row] = await q.query<CheckInRow>(
          `SELECT to_char(m.month, 'YYYY-MM-DD') AS month, m.unit_id, m.kind, m.status, m.starts_at, m.checkin_secret,
             i.reply, i.reply_remote, i.attendance, i.attended_at, i.wrong_codes
           FROM meeting m JOIN invitation i ON i.meeting_id = m.id AND i.person_id = $2
           WHERE m.id = $1 FOR KEY SHARE OF m`,
          [meetingId, personId],
        );
        if (!row) throw notFound();
        const startsAt = new Date(row.starts_at);
        if (!checkInOpen({ startsAt, status: row.status }, now)) throw new AppError('checkin.closed', 409);
        if (row.attendance !== null)
          throw new AppError('checkin.already', 409, { at: row.attended_at ?? '' });
        if (row.wrong_codes >= MAX_WRONG_CODES) throw new AppError('checkin.too_many', 429);
        const verdict = judgeCode(row.checkin_secret, code, now);
        if (verdict === 'expired') throw new AppError('checkin.code_expired', 422);
        if (verdict === 'wrong') {
          // The failed attempt is kept (and audited): the refusal is sent after it commits.
          await q.query(
            'UPDATE invitation SET wrong_codes = wrong_codes + 1 WHERE meeting_id = $1 AND person_id = $2',
            [meetingId, personId],
          );
          await appendAudit(
            q,
            ctx,
            {
              action: 'meeting.checkin_refused',
              recordType: 'meeting',
              recordId: meetingId,
              details: { personId },
            },
            now,
          );
          return { refused: new AppError('checkin.wrong_code', 422) } as const;
        }
        const status = arrivalStatus(startsAt, row.reply === 'attend' && row.reply_remote, now);
        const updated = await q.query<{ attended_at: string }>(
          `UPDATE invitation SET attendance = $3, attendance_method = $4, attended_at = $5
           WHERE meeting_id = $1 AND person_id = $2 AND attendance IS NULL RETURNING attended_at`,
          [meetingId, personId, status, via, now.toISOString()],
        );
        if (updated.length === 0) {
          const [first] = await q.query<{ attended_at: string | null }>(
            'SELECT attended_at FROM invitation WHERE meeting_id = $1 AND person_id = $2',
            [meetingId, personId],
          );
          throw new AppError('checkin.already', 409, { at: first?.attended_at ?? '' });
        }
        if (row.kind === 'regular')
          await countCheckIn(q, { meetingId, unitId: row.unit_id, month: row.month });
        await appendAudit(
          q,
          ctx,
          {
            action: 'meeting.checkin',
            recordType: 'meeting',
            recordId: meetingId,
            details: { personId, status, via },
          },
          now,
        );
        return { status, attendedAt: updated[0]!.attended_at } as const;
      });
      if ('refused' in outcome) throw outcome.refused;
      return outcome;
    },

    /** The secretary records attendance (present, remote, late, excused, absent) for some invitees. */
    async recordAttendance(
      actor: Actor,
      meetingId: number,
      entries: { personId: number; status: AttendanceStatus }[],
      ctx: AuditContext,
    ) {
      const now = clock.now();
      return db.tx(async (q) => {
        const a = await loadMeeting(q, actor, meetingId, true);
        requireManage(a);
        if (a.m.status === 'cancelled') throw new AppError('meeting.cancelled', 409);
        const byPerson = new Map(entries.map((e) => [e.personId, e.status]));
        const ids = [...byPerson.keys()];
        const invited = new Set(
          (
            await q.query<{ person_id: number }>(
              'SELECT person_id FROM invitation WHERE meeting_id = $1 AND person_id = ANY($2::int[])',
              [meetingId, ids],
            )
          ).map((r) => r.person_id),
        );
        const stranger = ids.find((id) => !invited.has(id));
        if (stranger !== undefined) throw invalid('meeting.not_invited', { personId: stranger });
        await q.query(
          `UPDATE invitation i SET attendance = x.s, attendance_method = 'secretary',
             attended_at = CASE WHEN x.s = ANY($4::text[]) THEN coalesce(
               CASE WHEN i.attendance = ANY($4::text[]) THEN i.attended_at END, $5::timestamptz) END
           FROM unnest($2::int[], $3::text[]) AS x (p, s)
           WHERE i.meeting_id = $1 AND i.person_id = x.p`,
          [meetingId, ids, ids.map((id) => byPerson.get(id)!), ATTENDED_STATUSES, now.toISOString()],
        );
        await refreshCellMonths(q, [{ unitId: a.m.unitId, month: a.m.month }]);
        const answer = {
          items: await invitationRows(q, meetingId),
          counts: countsView((await countsOf(q, [meetingId])).get(meetingId)),
        };
        await appendAudit(
          q,
          ctx,
          {
            action: 'meeting.attendance',
            recordType: 'meeting',
            recordId: meetingId,
            details: { entries: ids.map((id) => ({ personId: id, status: byPerson.get(id)! })) },
          },
          now,
        );
        return answer;
      });
    },

    /** Records the meeting as held: invitees without attendance become excused (if they asked) or absent. */
    async markHeld(actor: Actor, meetingId: number, ctx: AuditContext) {
      const now = clock.now();
      return db.tx(async (q) => {
        const a = await loadMeeting(q, actor, meetingId, true);
        requireManage(a);
        if (a.m.status !== 'scheduled') throw new AppError('meeting.not_scheduled', 409);
        if (now.getTime() < new Date(a.m.startsAt).getTime()) throw new AppError('meeting.not_started', 409);
        await q.query(
          `UPDATE invitation SET attendance = CASE WHEN reply = 'excused' THEN 'excused' ELSE 'absent' END,
             attendance_method = 'secretary'
           WHERE meeting_id = $1 AND attendance IS NULL`,
          [meetingId],
        );
        await q.query(
          `UPDATE meeting SET status = 'held', held_at = $2, version = version + 1, updated_at = $2 WHERE id = $1`,
          [meetingId, now.toISOString()],
        );
        await refreshCellMonths(q, [{ unitId: a.m.unitId, month: a.m.month }]);
        const detail = await detailOf(q, actor, await loadMeeting(q, actor, meetingId));
        const counts = detail.counts;
        await appendAudit(
          q,
          ctx,
          {
            action: 'meeting.held',
            recordType: 'meeting',
            recordId: meetingId,
            details: { invited: counts.invited, attended: counts.attended },
          },
          now,
        );
        return detail;
      });
    },
  };
}
