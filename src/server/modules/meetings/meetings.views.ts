import type { Queryable } from '../../db/client.ts';
import { notify } from '../notifications/notify.ts';
import type { AgendaItem, Material, VoteChoice, VoteMode } from '../../../shared/contracts/meetings.ts';
import { ATTENDED_STATUSES } from '../../../shared/contracts/meetings.ts';
import type { MeetingAccess, MeetingRow } from './meetings.queries.ts';

interface AgendaRow {
  id: number;
  position: number;
  title: string;
  notes: string | null;
  vote: VoteMode;
  voteOpenedAt: string | null;
  voteClosedAt: string | null;
  ballots: number;
  tally: Partial<Record<VoteChoice, number>> | null;
  mine: { choice: VoteChoice | null } | null;
}

/** Agenda items as the caller may see them: the tally once closed (live to managers), their own vote. */
export async function agendaView(
  q: Queryable,
  a: MeetingAccess,
  personId: number | null,
  itemId?: number,
): Promise<AgendaItem[]> {
  const rows = await q.query<AgendaRow>(
    `SELECT ai.id, ai.position, ai.title, ai.notes, ai.vote, ai.vote_opened_at AS "voteOpenedAt",
       ai.vote_closed_at AS "voteClosedAt",
       (SELECT count(*)::int FROM vote_cast c WHERE c.item_id = ai.id) AS ballots,
       (SELECT json_object_agg(t.choice, t.n) FROM vote_tally t WHERE t.item_id = ai.id) AS tally,
       (SELECT json_build_object('choice', c.choice) FROM vote_cast c WHERE c.item_id = ai.id AND c.person_id = $2) AS mine
     FROM agenda_item ai WHERE ai.meeting_id = $1 AND ($3::int IS NULL OR ai.id = $3)
     ORDER BY ai.position, ai.id`,
    [a.m.id, personId ?? 0, itemId ?? null],
  );
  const eligible =
    !!a.invitation?.attendance &&
    ATTENDED_STATUSES.includes(a.invitation.attendance) &&
    a.m.status !== 'cancelled';
  return rows.map((r) => {
    const voteState =
      r.vote === 'none' ? 'none' : r.voteClosedAt ? 'closed' : r.voteOpenedAt ? 'open' : 'pending';
    const showTally = voteState === 'closed' || (voteState === 'open' && a.canManage);
    return {
      id: r.id,
      position: r.position,
      title: r.title,
      notes: r.notes,
      vote: r.vote,
      voteState,
      voteOpenedAt: r.voteOpenedAt,
      voteClosedAt: r.voteClosedAt,
      ballots: r.ballots,
      tally: showTally
        ? { for: r.tally?.for ?? 0, against: r.tally?.against ?? 0, abstain: r.tally?.abstain ?? 0 }
        : null,
      myVote: a.invitation
        ? { voted: !!r.mine, choice: r.vote === 'secret' ? null : (r.mine?.choice ?? null) }
        : null,
      mayVote: eligible && voteState === 'open' && !r.mine,
    };
  });
}

export async function materialsOf(q: Queryable, meetingId: number): Promise<Material[]> {
  return q.query<Material>(
    `SELECT mm.id, mm.file_name AS "fileName", f.media_type AS "mediaType", f.size, mm.sensitive,
       mm.uploaded_at AS "uploadedAt"
     FROM meeting_material mm JOIN stored_file f ON f.id = mm.file_id
     WHERE mm.meeting_id = $1 AND mm.removed_at IS NULL ORDER BY mm.id`,
    [meetingId],
  );
}

export type MeetingEvent =
  'scheduled' | 'changed' | 'cancelled' | 'draft_published' | 'resolution_published' | 'minutes_published';

/**
 * Tells every invitee about a meeting event in the writer's transaction. `dedupe` distinguishes repeats
 * of the same event (the version of a change or of a text), so a retry never notifies twice.
 */
export async function notifyInvitees(
  q: Queryable,
  m: MeetingRow,
  event: MeetingEvent,
  dedupe: string,
  now: Date,
  subject: { type: string; id: number } = { type: 'meeting', id: m.id },
): Promise<void> {
  const people = await q.query<{ person_id: number }>(
    'SELECT person_id FROM invitation WHERE meeting_id = $1',
    [m.id],
  );
  if (people.length === 0) return;
  await notify(q, {
    personIds: people.map((p) => p.person_id),
    kind: `meeting.${event}`,
    subjectType: subject.type,
    subjectId: subject.id,
    payload: {
      meetingId: m.id,
      unitName: m.unitName,
      kind: m.kind,
      startsAt: m.startsAt,
      place: m.place,
      onlineUrl: m.onlineUrl,
      topic: m.topic,
    },
    dedupeKey: `meeting:${m.id}:${dedupe}`,
    now,
  });
}
