import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { AppError, invalid, notFound } from '../../http/errors.ts';
import type { AgendaItem, VoteChoice, VoteMode } from '../../../shared/contracts/meetings.ts';
import { ATTENDED_STATUSES } from '../../../shared/contracts/meetings.ts';
import { loadMeeting, requireManage } from './meetings.queries.ts';
import { agendaView } from './meetings.views.ts';
import type { MeetingShared } from './meetings.service.ts';

interface ItemRow {
  meeting_id: number;
  vote: VoteMode;
  opened: boolean;
  closed: boolean;
}

async function loadItem(q: Queryable, itemId: number, lock: boolean): Promise<ItemRow> {
  const [row] = await q.query<ItemRow>(
    `SELECT meeting_id, vote, vote_opened_at IS NOT NULL AS opened, vote_closed_at IS NOT NULL AS closed
     FROM agenda_item WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [itemId],
  );
  if (!row) throw notFound();
  return row;
}

export function createVotes({ db, clock }: MeetingShared) {
  return {
    /** A manager opens or closes the vote on an agenda item (once each). */
    async voteAction(
      actor: Actor,
      itemId: number,
      action: 'open' | 'close',
      ctx: AuditContext,
    ): Promise<AgendaItem> {
      const now = clock.now();
      return db.tx(async (q) => {
        const item = await loadItem(q, itemId, true);
        const a = await loadMeeting(q, actor, item.meeting_id);
        requireManage(a);
        if (item.vote === 'none') throw invalid('vote.no_vote');
        if (a.m.status === 'cancelled') throw new AppError('meeting.cancelled', 409);
        if (action === 'open') {
          if (item.opened) throw new AppError('vote.already_open', 409);
          await q.query('UPDATE agenda_item SET vote_opened_at = $2 WHERE id = $1', [
            itemId,
            now.toISOString(),
          ]);
        } else {
          if (!item.opened || item.closed) throw new AppError('vote.closed', 409);
          await q.query('UPDATE agenda_item SET vote_closed_at = $2 WHERE id = $1', [
            itemId,
            now.toISOString(),
          ]);
        }
        const [view] = await agendaView(q, a, actor.personId, itemId);
        await appendAudit(
          q,
          ctx,
          {
            action: `meeting.vote.${action}`,
            recordType: 'agenda_item',
            recordId: itemId,
            details: { meetingId: item.meeting_id, ...(action === 'close' ? { tally: view!.tally } : {}) },
          },
          now,
        );
        return view!;
      });
    },

    /**
     * A ballot from an invitee recorded as attending, while the vote is open, once. On a secret vote the
     * choice only goes into the tally; the row that says the member voted has no choice.
     */
    async ballot(actor: Actor, itemId: number, choice: VoteChoice, ctx: AuditContext): Promise<AgendaItem> {
      const now = clock.now();
      if (actor.personId === null) throw notFound();
      const personId = actor.personId;
      return db.tx(async (q) => {
        const item = await loadItem(q, itemId, false);
        const a = await loadMeeting(q, actor, item.meeting_id);
        if (!a.invitation) throw notFound();
        if (!a.invitation.attendance || !ATTENDED_STATUSES.includes(a.invitation.attendance))
          throw new AppError('vote.not_eligible', 403);
        if (item.vote === 'none') throw invalid('vote.no_vote');
        if (!item.opened || item.closed || a.m.status === 'cancelled') throw new AppError('vote.closed', 409);
        const secret = item.vote === 'secret';
        const cast = await q.query(
          `INSERT INTO vote_cast (item_id, person_id, choice) VALUES ($1, $2, $3)
           ON CONFLICT (item_id, person_id) DO NOTHING RETURNING item_id`,
          [itemId, personId, secret ? null : choice],
        );
        if (cast.length === 0) throw new AppError('vote.already', 409);
        await q.query(
          `INSERT INTO vote_tally AS t (item_id, choice, n) VALUES ($1, $2, 1)
           ON CONFLICT (item_id, choice) DO UPDATE SET n = t.n + 1`,
          [itemId, choice],
        );
        const [view] = await agendaView(q, a, personId, itemId);
        await appendAudit(
          q,
          ctx,
          {
            action: 'meeting.ballot',
            recordType: 'agenda_item',
            recordId: itemId,
            details: secret
              ? { meetingId: item.meeting_id, personId }
              : { meetingId: item.meeting_id, personId, choice },
          },
          now,
        );
        return view!;
      });
    },
  };
}
