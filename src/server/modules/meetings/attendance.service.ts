import type { Actor } from '../../access/actor.ts';
import { appendAudit, type AuditContext, type AuditEntry } from '../../audit/audit.ts';
import type { Db, Queryable } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import type { AttendanceStatus } from '../../../shared/contracts/meetings.ts';
import { ATTENDED_STATUSES } from '../../../shared/contracts/meetings.ts';
import { countCheckIn, refreshCellMonths } from './cell-month.ts';
import { arrivalStatus, checkInOpen, currentCode, judgeCode } from './checkin.ts';
import { countsOf, countsView, loadMeeting, requireManage } from './meetings.queries.ts';
import type { MeetingShared } from './meetings.service.ts';

/** Wrong codes an invitee may type before check-in refuses them. */
const MAX_WRONG_CODES = 10;

interface CheckInRequest {
  personId: number;
  meetingId: number;
  code: string;
  via: 'code' | 'qr';
  ctx: AuditContext;
}
type CheckInResult = { status: AttendanceStatus; attendedAt: string };
type Outcome = CheckInResult | AppError;

/** The most check-ins written in one transaction. */
const BATCH_MAX = 500;

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
  const batcher = checkInBatcher(db, clock);
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
     * A member checks in with the code on the screen. Check-ins arriving together (a meeting's start, a
     * hall full of phones) are written together: one transaction per batch, one audit append, so the
     * audit chain's lock is taken once per batch instead of once per member. Each caller gets its own
     * answer; a batch that fails as a whole is retried one check-in at a time.
     */
    checkIn(actor: Actor, meetingId: number, code: string, via: 'code' | 'qr', ctx: AuditContext) {
      if (actor.personId === null) return Promise.reject(notFound());
      return batcher.add({ personId: actor.personId, meetingId, code, via, ctx });
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

interface BatchRow extends CheckInRow {
  k: number;
}

/**
 * Collects check-ins while the previous batch is being written and writes the next batch as soon as
 * it is done (group commit): under light load a batch holds one check-in and is written at once;
 * under a burst, batches grow and the writes per second stay few.
 */
function checkInBatcher(db: Db, clock: Clock) {
  let queue: { req: CheckInRequest; resolve: (r: CheckInResult) => void; reject: (e: unknown) => void }[] =
    [];
  let writing = false;

  const settle = (item: (typeof queue)[number], outcome: Outcome) =>
    outcome instanceof AppError ? item.reject(outcome) : item.resolve(outcome);

  async function drain() {
    writing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.slice(0, BATCH_MAX);
        queue = queue.slice(batch.length);
        try {
          const outcomes = await writeBatch(
            db,
            clock.now(),
            batch.map((b) => b.req),
          );
          batch.forEach((b, i) => settle(b, outcomes[i]!));
        } catch {
          // one at a time, so that whatever broke the batch answers only its own caller
          for (const b of batch) {
            try {
              settle(b, (await writeBatch(db, clock.now(), [b.req]))[0]!);
            } catch (err) {
              b.reject(err);
            }
          }
        }
      }
    } finally {
      writing = false;
    }
  }

  return {
    add(req: CheckInRequest): Promise<CheckInResult> {
      return new Promise((resolve, reject) => {
        queue.push({ req, resolve, reject });
        if (!writing) void drain();
      });
    },
  };
}

/** One transaction for several check-ins; an answer (result or refusal) for each, in order. */
async function writeBatch(db: Db, now: Date, reqs: CheckInRequest[]): Promise<Outcome[]> {
  const outcomes = await db.tx(async (q) => {
    const rows = await q.query<BatchRow>(
      `SELECT x.k, to_char(m.month, 'YYYY-MM-DD') AS month, m.unit_id, m.kind, m.status, m.starts_at, m.checkin_secret,
         i.reply, i.reply_remote, i.attendance, i.attended_at, i.wrong_codes
       FROM unnest($1::int[], $2::int[], $3::int[]) AS x (k, meeting_id, person_id)
       JOIN meeting m ON m.id = x.meeting_id
       JOIN invitation i ON i.meeting_id = x.meeting_id AND i.person_id = x.person_id
       ORDER BY x.meeting_id
       FOR KEY SHARE OF m`,
      [reqs.map((_, i) => i), reqs.map((r) => r.meetingId), reqs.map((r) => r.personId)],
      { prepare: 'checkin_batch_read' },
    );
    const byK = new Map(rows.map((r) => [r.k, r]));
    const out: (Outcome | null)[] = reqs.map(() => null);
    const wrong: number[] = [];
    const accept: { i: number; status: AttendanceStatus; row: BatchRow }[] = [];
    const seen = new Set<string>();
    reqs.forEach((req, i) => {
      const row = byK.get(i);
      if (!row) return void (out[i] = notFound());
      const key = `${req.meetingId}:${req.personId}`;
      const startsAt = new Date(row.starts_at);
      if (!checkInOpen({ startsAt, status: row.status }, now))
        return void (out[i] = new AppError('checkin.closed', 409));
      if (row.attendance !== null || seen.has(key))
        return void (out[i] = new AppError('checkin.already', 409, { at: row.attended_at ?? '' }));
      if (row.wrong_codes >= MAX_WRONG_CODES) return void (out[i] = new AppError('checkin.too_many', 429));
      const verdict = judgeCode(row.checkin_secret, req.code, now);
      if (verdict === 'expired') return void (out[i] = new AppError('checkin.code_expired', 422));
      if (verdict === 'wrong') {
        // the failed attempt is kept (and audited); the refusal is sent after it commits
        wrong.push(i);
        return void (out[i] = new AppError('checkin.wrong_code', 422));
      }
      seen.add(key);
      accept.push({
        i,
        status: arrivalStatus(startsAt, row.reply === 'attend' && row.reply_remote, now),
        row,
      });
    });
    if (wrong.length > 0)
      await q.query(
        `UPDATE invitation i SET wrong_codes = i.wrong_codes + 1
         FROM unnest($1::int[], $2::int[]) AS x (meeting_id, person_id)
         WHERE i.meeting_id = x.meeting_id AND i.person_id = x.person_id`,
        [wrong.map((i) => reqs[i]!.meetingId), wrong.map((i) => reqs[i]!.personId)],
      );
    const written = new Map<string, string>();
    if (accept.length > 0) {
      const updated = await q.query<{ meeting_id: number; person_id: number; attended_at: string }>(
        `UPDATE invitation i SET attendance = x.status, attendance_method = x.via, attended_at = $5
         FROM unnest($1::int[], $2::int[], $3::text[], $4::text[]) AS x (meeting_id, person_id, status, via)
         WHERE i.meeting_id = x.meeting_id AND i.person_id = x.person_id AND i.attendance IS NULL
         RETURNING i.meeting_id, i.person_id, i.attended_at`,
        [
          accept.map((a) => reqs[a.i]!.meetingId),
          accept.map((a) => reqs[a.i]!.personId),
          accept.map((a) => a.status),
          accept.map((a) => reqs[a.i]!.via),
          now.toISOString(),
        ],
        { prepare: 'checkin_batch_write' },
      );
      for (const u of updated) written.set(`${u.meeting_id}:${u.person_id}`, u.attended_at);
    }
    // the month's attendee count, once per regular meeting of the batch
    const perMeeting = new Map<number, { unitId: number; month: string; n: number }>();
    const audit: AuditEntry[] = [];
    for (const a of accept) {
      const req = reqs[a.i]!;
      const at = written.get(`${req.meetingId}:${req.personId}`);
      if (at === undefined) {
        // recorded meanwhile by the secretary
        const [first] = await q.query<{ attended_at: string | null }>(
          'SELECT attended_at FROM invitation WHERE meeting_id = $1 AND person_id = $2',
          [req.meetingId, req.personId],
        );
        out[a.i] = new AppError('checkin.already', 409, { at: first?.attended_at ?? '' });
        continue;
      }
      out[a.i] = { status: a.status, attendedAt: at };
      if (a.row.kind === 'regular') {
        const m = perMeeting.get(req.meetingId) ?? { unitId: a.row.unit_id, month: a.row.month, n: 0 };
        m.n += 1;
        perMeeting.set(req.meetingId, m);
      }
      audit.push({
        action: 'meeting.checkin',
        recordType: 'meeting',
        recordId: req.meetingId,
        details: { personId: req.personId, status: a.status, via: req.via },
        context: req.ctx,
      });
    }
    await countCheckIns(q, perMeeting);
    for (const i of wrong)
      audit.push({
        action: 'meeting.checkin_refused',
        recordType: 'meeting',
        recordId: reqs[i]!.meetingId,
        details: { personId: reqs[i]!.personId },
        context: reqs[i]!.ctx,
      });
    if (audit.length > 0) await appendAudit(q, reqs[0]!.ctx, audit, now);
    return out;
  });
  return outcomes.map((o) => o!);
}

/**
 * Adds each meeting's check-ins to its month's attendee count (what `countCheckIn` does for one) in one
 * statement for the whole batch: the rows are locked in (unit, month) order first, so two instances'
 * batches never wait on each other in opposite orders.
 */
async function countCheckIns(
  q: Queryable,
  perMeeting: Map<number, { unitId: number; month: string; n: number }>,
): Promise<void> {
  if (perMeeting.size === 0) return;
  const list = [...perMeeting];
  if (list.length === 1) {
    const [meetingId, m] = list[0]!;
    return countCheckIn(q, { meetingId, unitId: m.unitId, month: m.month }, m.n);
  }
  await q.query(
    `WITH x AS (SELECT * FROM unnest($1::int[], $2::int[], $3::date[], $4::int[]) AS x (meeting_id, unit_id, month, n)),
          l AS (SELECT cm.unit_id, cm.month FROM cell_month cm JOIN x
                  ON cm.unit_id = x.unit_id AND cm.month = x.month AND cm.regular_meeting_id = x.meeting_id
                ORDER BY cm.unit_id, cm.month FOR UPDATE OF cm)
     UPDATE cell_month cm SET attended = cm.attended + x.n
     FROM x, (SELECT count(*) FROM l) lk
     WHERE cm.unit_id = x.unit_id AND cm.month = x.month AND cm.regular_meeting_id = x.meeting_id`,
    [
      list.map(([id]) => id),
      list.map(([, m]) => m.unitId),
      list.map(([, m]) => m.month),
      list.map(([, m]) => m.n),
    ],
    { prepare: 'checkin_batch_count' },
  );
}
