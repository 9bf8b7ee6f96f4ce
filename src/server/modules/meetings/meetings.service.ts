import type { Db, Queryable } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import type { Actor } from '../../access/actor.ts';
import { requireUnit, unitPermissions } from '../../access/scope.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import type {
  CancelInput,
  Invitee,
  MeetingDetail,
  MeetingInput,
  MeetingListQuery,
  MeetingPatch,
  MeetingSummary,
  ReplyInput,
} from '../../../shared/contracts/meetings.ts';
import type { z } from 'zod';
import { refreshCellMonths } from './cell-month.ts';
import { checkInOpen, newCheckinSecret } from './checkin.ts';
import {
  countsOf,
  countsView,
  inviteesOf,
  loadMeeting,
  MEETING_COLUMNS,
  monthLabel,
  requireInvitation,
  requireManage,
  syncUpcomingInvitations,
  UNIT_NAME_JOIN,
  type MeetingAccess,
  type MeetingRow,
} from './meetings.queries.ts';
import { agendaView, materialsOf, notifyInvitees } from './meetings.views.ts';
import { createAttendance } from './attendance.service.ts';
import { createMaterials } from './materials.service.ts';
import { createTexts } from './texts.service.ts';
import { createVotes } from './votes.service.ts';

export interface MeetingDeps {
  db: Db;
  clock: Clock;
}

type AgendaInput = MeetingInput['agenda'];

const isUniqueViolation = (err: unknown, constraint: string) =>
  (err as { code?: string; constraint?: string }).code === '23505' &&
  (err as { constraint?: string }).constraint === constraint;

/** The month as written: the date part of the ISO timestamp the secretary sent, in its own offset. */
const monthOfWritten = (iso: string) => `${iso.slice(0, 7)}-01`;

function summaryOf(
  m: MeetingRow,
  a: { invitation: MeetingAccess['invitation'] },
  counts: MeetingSummary['counts'],
) {
  return {
    id: m.id,
    unitId: m.unitId,
    unitName: m.unitName,
    kind: m.kind,
    month: monthLabel(m.month),
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    place: m.place,
    onlineUrl: m.onlineUrl,
    topic: m.topic,
    status: m.status,
    scheduledAt: m.scheduledAt,
    heldAt: m.heldAt,
    version: m.version,
    myReply: a.invitation?.reply ?? null,
    invited: !!a.invitation,
    counts,
  };
}

async function writeAgenda(q: Queryable, meetingId: number, items: AgendaInput, startAt = 0) {
  if (items.length === 0) return;
  await q.query(
    `INSERT INTO agenda_item (meeting_id, position, title, notes, vote)
     SELECT $1, pos, title, notes, vote FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS x (pos, title, notes, vote)`,
    [
      meetingId,
      items.map((_, i) => startAt + i),
      items.map((i) => i.title),
      items.map((i) => i.notes ?? null),
      items.map((i) => i.vote),
    ],
  );
}

/** The chair and the secretary must be among the meeting's invitees. */
function checkOfficers(
  invitees: Set<number>,
  chair: number | null | undefined,
  secretary: number | null | undefined,
) {
  for (const [field, id] of [
    ['chairPersonId', chair],
    ['secretaryPersonId', secretary],
  ] as const) {
    if (id != null && !invitees.has(id)) throw invalid('meeting.person_not_member', { field });
  }
}

function checkTimes(startsAt: Date, endsAt: Date | null, now: Date, startChanged: boolean) {
  if (startChanged && startsAt.getTime() <= now.getTime()) throw invalid('meeting.starts_in_past');
  if (endsAt && endsAt.getTime() <= startsAt.getTime()) throw invalid('meeting.ends_before_start');
}

export function createMeetingService(deps: MeetingDeps) {
  const { db, clock } = deps;

  async function detailOf(q: Queryable, actor: Actor, a: MeetingAccess): Promise<MeetingDetail> {
    const { m } = a;
    // One connection runs one statement at a time: the reads go one after another.
    const counts = await countsOf(q, [m.id]);
    const agenda = await agendaView(q, a, actor.personId);
    const materials = await materialsOf(q, m.id);
    const texts = await q.query<MeetingDetail['texts'][number]>(
      `SELECT t.id, t.kind, t.version, t.title, t.published_at AS "publishedAt", t.signed_off_at AS "signedOffAt",
         t.version = max(t.version) OVER (PARTITION BY t.kind) AS latest
       FROM meeting_text t WHERE t.meeting_id = $1 ORDER BY t.kind, t.version DESC`,
      [m.id],
    );
    const officers = await q.query<{ id: number; full_name: string }>(
      'SELECT id, full_name FROM person WHERE id = ANY($1::int[])',
      [[m.chairPersonId, m.secretaryPersonId].filter((x): x is number => x !== null)],
    );
    const nameOf = (id: number | null) => {
      if (id === null) return null;
      const p = officers.find((o) => o.id === id);
      return p ? { personId: id, name: p.full_name } : null;
    };
    const now = clock.now();
    const inv = a.invitation;
    return {
      ...summaryOf(m, a, countsView(counts.get(m.id))),
      chair: nameOf(m.chairPersonId),
      secretary: nameOf(m.secretaryPersonId),
      cancelledReason: m.cancelledReason,
      minutesPublishedAt: m.minutesPublishedAt,
      resolutionPublishedAt: m.resolutionPublishedAt,
      agenda,
      materials,
      texts,
      myInvitation: inv
        ? {
            ...inv,
            mayReply: m.status === 'scheduled' && now.getTime() < new Date(m.startsAt).getTime(),
          }
        : null,
      canManage: a.canManage,
      checkInOpen: checkInOpen({ startsAt: new Date(m.startsAt), status: m.status }, now),
    };
  }

  async function detail(actor: Actor, meetingId: number): Promise<MeetingDetail> {
    return db.tx(async (q) => detailOf(q, actor, await loadMeeting(q, actor, meetingId)));
  }

  async function invitationRows(q: Queryable, meetingId: number): Promise<Invitee[]> {
    return q.query<Invitee>(
      `SELECT i.person_id AS "personId", p.full_name AS name, i.role, i.away, i.reply, i.reply_reason AS reason,
         i.reply_remote AS remote, i.replied_at AS "repliedAt", i.attendance, i.attendance_method AS "attendanceMethod",
         i.attended_at AS "attendedAt"
       FROM invitation i JOIN person p ON p.id = i.person_id
       WHERE i.meeting_id = $1 ORDER BY p.search_name, p.id`,
      [meetingId],
    );
  }

  const shared = { db, clock, detailOf, invitationRows };

  return {
    ...createAttendance(shared),
    ...createMaterials(shared),
    ...createTexts(shared),
    ...createVotes(shared),

    detail,

    /** Meetings of a unit: all of them for holders of a permission on it, else those the caller is invited to. */
    async list(actor: Actor, unitId: number, query: z.infer<typeof MeetingListQuery>) {
      const perms = (await unitPermissions(db, actor, [unitId])).get(unitId)!;
      const rows = await db.query<MeetingRow & { inv: MeetingAccess['invitation'] }>(
        `SELECT ${MEETING_COLUMNS},
           (SELECT json_build_object('reply', i.reply) FROM invitation i
             WHERE i.meeting_id = m.id AND i.person_id = $5) AS inv
         FROM meeting m ${UNIT_NAME_JOIN}
         WHERE m.unit_id = $1
           AND ($2::date IS NULL OR m.starts_at >= $2::date)
           AND ($3::date IS NULL OR m.starts_at < $3::date + 1)
           AND ($4::text IS NULL OR m.kind = $4)
           AND ($6 OR EXISTS (SELECT 1 FROM invitation i WHERE i.meeting_id = m.id AND i.person_id = $5))
         ORDER BY m.starts_at DESC, m.id DESC LIMIT 500`,
        [
          unitId,
          query.from ?? null,
          query.to ?? null,
          query.kind ?? null,
          actor.personId ?? 0,
          perms.size > 0,
        ],
      );
      if (perms.size === 0 && rows.length === 0) throw notFound();
      const counts = await countsOf(
        db,
        rows.map((r) => r.id),
      );
      return {
        items: rows.map(({ inv, ...m }) => summaryOf(m, { invitation: inv }, countsView(counts.get(m.id)))),
      };
    },

    async create(
      actor: Actor,
      unitId: number,
      input: MeetingInput,
      ctx: AuditContext,
    ): Promise<MeetingDetail> {
      const now = clock.now();
      const startsAt = new Date(input.startsAt);
      const endsAt = input.endsAt ? new Date(input.endsAt) : null;
      checkTimes(startsAt, endsAt, now, true);
      const month =
        input.kind === 'regular' && input.month ? `${input.month}-01` : monthOfWritten(input.startsAt);
      try {
        const id = await db.tx(async (q) => {
          await requireUnit(q, actor, unitId, 'meeting.manage');
          const invitees = await inviteesOf(q, unitId, clock.today());
          checkOfficers(
            new Set(invitees.map((i) => i.person_id)),
            input.chairPersonId,
            input.secretaryPersonId,
          );
          if (input.kind === 'regular') {
            const taken = await q.query(
              `SELECT 1 FROM meeting WHERE unit_id = $1 AND month = $2 AND kind = 'regular' AND status <> 'cancelled'`,
              [unitId, month],
            );
            if (taken.length > 0)
              throw new AppError('meeting.regular_exists', 409, { month: monthLabel(month) });
          }
          const [row] = await q.query<{ id: number }>(
            `INSERT INTO meeting (unit_id, kind, month, starts_at, ends_at, place, online_url, topic, chair_person_id,
               secretary_person_id, scheduled_at, checkin_secret, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $11, $11) RETURNING id`,
            [
              unitId,
              input.kind,
              month,
              startsAt.toISOString(),
              endsAt?.toISOString() ?? null,
              input.place || null,
              input.onlineUrl ?? null,
              input.topic,
              input.chairPersonId ?? null,
              input.secretaryPersonId ?? null,
              now.toISOString(),
              newCheckinSecret(),
              actor.accountId,
            ],
          );
          const meetingId = row!.id;
          await writeAgenda(q, meetingId, input.agenda);
          await q.query(
            `INSERT INTO invitation (meeting_id, person_id, role, away)
             SELECT $1, p, r, a FROM unnest($2::int[], $3::text[], $4::boolean[]) AS x (p, r, a)`,
            [
              meetingId,
              invitees.map((i) => i.person_id),
              invitees.map((i) => i.role),
              invitees.map((i) => i.away),
            ],
          );
          await refreshCellMonths(q, [{ unitId, month }]);
          const a = await loadMeeting(q, actor, meetingId);
          await notifyInvitees(q, a.m, 'scheduled', 'scheduled', now);
          await appendAudit(
            q,
            ctx,
            {
              action: 'meeting.create',
              recordType: 'meeting',
              recordId: meetingId,
              details: {
                unitId,
                kind: input.kind,
                month: monthLabel(month),
                startsAt: a.m.startsAt,
                invited: invitees.length,
              },
            },
            now,
          );
          return meetingId;
        });
        return detail(actor, id);
      } catch (err) {
        if (isUniqueViolation(err, 'meeting_regular_once'))
          throw new AppError('meeting.regular_exists', 409, { month: monthLabel(month) });
        throw err;
      }
    },

    async update(
      actor: Actor,
      meetingId: number,
      patch: MeetingPatch,
      ctx: AuditContext,
    ): Promise<MeetingDetail> {
      const now = clock.now();
      await db.tx(async (q) => {
        const a = await loadMeeting(q, actor, meetingId, true);
        requireManage(a);
        const { m } = a;
        if (m.status !== 'scheduled') throw new AppError('meeting.not_scheduled', 409);
        if (patch.version !== m.version)
          throw new AppError('meeting.version_conflict', 409, { version: m.version });
        const startsAt = patch.startsAt ? new Date(patch.startsAt) : new Date(m.startsAt);
        const endsAt =
          patch.endsAt === undefined
            ? m.endsAt
              ? new Date(m.endsAt)
              : null
            : patch.endsAt
              ? new Date(patch.endsAt)
              : null;
        const startChanged = startsAt.getTime() !== new Date(m.startsAt).getTime();
        checkTimes(startsAt, endsAt, now, startChanged);

        // Membership may have changed since scheduling: invitations follow it until the meeting starts.
        const synced = await syncUpcomingInvitations(q, [m.unitId], now, clock.today());
        const invited = await q.query<{ person_id: number }>(
          'SELECT person_id FROM invitation WHERE meeting_id = $1',
          [meetingId],
        );
        const chair = patch.chairPersonId === undefined ? m.chairPersonId : patch.chairPersonId;
        const secretary =
          patch.secretaryPersonId === undefined ? m.secretaryPersonId : patch.secretaryPersonId;
        checkOfficers(new Set(invited.map((i) => i.person_id)), chair, secretary);

        if (patch.agenda) await replaceAgenda(q, meetingId, patch.agenda);

        const month = m.kind === 'regular' ? m.month : monthOfWritten(patch.startsAt ?? m.startsAt);
        const place = patch.place === undefined ? m.place : patch.place || null;
        const onlineUrl = patch.onlineUrl === undefined ? m.onlineUrl : patch.onlineUrl;
        await q.query(
          `UPDATE meeting SET starts_at = $2, ends_at = $3, place = $4, online_url = $5, topic = $6,
             chair_person_id = $7, secretary_person_id = $8, month = $9, version = version + 1, updated_at = $10
           WHERE id = $1`,
          [
            meetingId,
            startsAt.toISOString(),
            endsAt?.toISOString() ?? null,
            place,
            onlineUrl,
            patch.topic ?? m.topic,
            chair,
            secretary,
            month,
            now.toISOString(),
          ],
        );
        const keys = [...synced, { unitId: m.unitId, month: m.month }, { unitId: m.unitId, month }];
        await refreshCellMonths(q, keys);
        const changed =
          startChanged ||
          (endsAt?.getTime() ?? null) !== (m.endsAt ? new Date(m.endsAt).getTime() : null) ||
          place !== m.place ||
          onlineUrl !== m.onlineUrl;
        const after = (await loadMeeting(q, actor, meetingId)).m;
        if (changed) await notifyInvitees(q, after, 'changed', `changed:${after.version}`, now);
        await appendAudit(
          q,
          ctx,
          {
            action: 'meeting.update',
            recordType: 'meeting',
            recordId: meetingId,
            details: {
              version: after.version,
              fields: Object.keys(patch).filter((k) => k !== 'version'),
              ...(startChanged ? { startsAt: after.startsAt } : {}),
            },
          },
          now,
        );
      });
      return detail(actor, meetingId);
    },

    async cancel(actor: Actor, meetingId: number, input: z.infer<typeof CancelInput>, ctx: AuditContext) {
      const now = clock.now();
      await db.tx(async (q) => {
        const a = await loadMeeting(q, actor, meetingId, true);
        requireManage(a);
        if (a.m.status !== 'scheduled') throw new AppError('meeting.not_scheduled', 409);
        await q.query(
          `UPDATE meeting SET status = 'cancelled', cancelled_reason = $2, version = version + 1, updated_at = $3
           WHERE id = $1`,
          [meetingId, input.reason, now.toISOString()],
        );
        await refreshCellMonths(q, [{ unitId: a.m.unitId, month: a.m.month }]);
        await notifyInvitees(q, a.m, 'cancelled', 'cancelled', now);
        await appendAudit(
          q,
          ctx,
          {
            action: 'meeting.cancel',
            recordType: 'meeting',
            recordId: meetingId,
            details: { reason: input.reason },
          },
          now,
        );
      });
      return detail(actor, meetingId);
    },

    /** The secretary's list: every invitee with reply and attendance (a read of people's records, audited). */
    async invitations(actor: Actor, meetingId: number, ctx: AuditContext) {
      return db.tx(async (q) => {
        const a = await loadMeeting(q, actor, meetingId);
        requireManage(a);
        const items = await invitationRows(q, meetingId);
        const counts = countsView((await countsOf(q, [meetingId])).get(meetingId));
        await appendAudit(q, ctx, {
          action: 'person.list',
          recordType: 'meeting',
          recordId: meetingId,
          details: { list: 'invitations', count: items.length },
        });
        return { items, counts };
      });
    },

    /** The invitee's own reply; replies close when the meeting starts. */
    async reply(actor: Actor, meetingId: number, input: ReplyInput, ctx: AuditContext) {
      const now = clock.now();
      await db.tx(async (q) => {
        const a = await loadMeeting(q, actor, meetingId);
        requireInvitation(a);
        if (a.m.status !== 'scheduled' || now.getTime() >= new Date(a.m.startsAt).getTime())
          throw new AppError('meeting.reply_closed', 409);
        const remote = input.reply === 'attend' && input.remote;
        await q.query(
          `UPDATE invitation SET reply = $3, reply_reason = $4, reply_remote = $5, replied_at = $6
           WHERE meeting_id = $1 AND person_id = $2`,
          [meetingId, actor.personId, input.reply, input.reason || null, remote, now.toISOString()],
        );
        await appendAudit(
          q,
          ctx,
          {
            action: 'meeting.reply',
            recordType: 'meeting',
            recordId: meetingId,
            details: { personId: actor.personId, reply: input.reply, remote },
          },
          now,
        );
      });
      return detail(actor, meetingId);
    },
  };
}

/** Edits the agenda in place: items named by id are kept, new ones added, missing ones removed. */
async function replaceAgenda(q: Queryable, meetingId: number, items: AgendaInput) {
  const current = await q.query<{ id: number; opened: boolean }>(
    'SELECT id, vote_opened_at IS NOT NULL AS opened FROM agenda_item WHERE meeting_id = $1',
    [meetingId],
  );
  if (current.some((c) => c.opened)) throw new AppError('meeting.agenda_locked', 409);
  const known = new Set(current.map((c) => c.id));
  const kept = new Set<number>();
  for (const item of items) {
    if (item.id === undefined) continue;
    if (!known.has(item.id) || kept.has(item.id))
      throw invalid('meeting.agenda_item_unknown', { id: item.id });
    kept.add(item.id);
  }
  const gone = current.filter((c) => !kept.has(c.id)).map((c) => c.id);
  if (gone.length > 0) await q.query('DELETE FROM agenda_item WHERE id = ANY($1::int[])', [gone]);
  // Positions are rewritten from the order given; new items are inserted where they stand.
  for (const [pos, item] of items.entries()) {
    if (item.id !== undefined) {
      await q.query('UPDATE agenda_item SET position = $2, title = $3, notes = $4, vote = $5 WHERE id = $1', [
        item.id,
        pos,
        item.title,
        item.notes ?? null,
        item.vote,
      ]);
    } else {
      await writeAgenda(q, meetingId, [item], pos);
    }
  }
}

export type MeetingService = ReturnType<typeof createMeetingService>;
export type MeetingShared = {
  db: Db;
  clock: Clock;
  detailOf: (q: Queryable, actor: Actor, a: MeetingAccess) => Promise<MeetingDetail>;
  invitationRows: (q: Queryable, meetingId: number) => Promise<Invitee[]>;
};
