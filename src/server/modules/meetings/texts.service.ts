import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../access/actor.ts';
import { appendAudit, type AuditContext } from '../../audit/audit.ts';
import { AppError, forbidden, invalid, notFound } from '../../http/errors.ts';
import type { z } from 'zod';
import type {
  CommentInput,
  CommentPatch,
  DraftComment,
  MeetingText,
  TextInput,
  TextKind,
} from '../../../shared/contracts/meetings.ts';
import { refreshCellMonths } from './cell-month.ts';
import { loadMeeting, requireManage, type MeetingAccess } from './meetings.queries.ts';
import { notifyInvitees } from './meetings.views.ts';
import type { MeetingShared } from './meetings.service.ts';

interface Paragraph {
  id: string;
  text: string;
}

interface TextRow {
  id: number;
  meetingId: number;
  kind: TextKind;
  version: number;
  title: string;
  paragraphs: Paragraph[];
  publishedAt: string;
  signedOffAt: string | null;
  latest: boolean;
}

const TEXT_COLUMNS = `t.id, t.meeting_id AS "meetingId", t.kind, t.version, t.title, t.paragraphs,
  t.published_at AS "publishedAt", t.signed_off_at AS "signedOffAt",
  t.version = (SELECT max(l.version) FROM meeting_text l WHERE l.meeting_id = t.meeting_id AND l.kind = t.kind) AS latest`;

const COMMENT_COLUMNS = `c.id, c.paragraph_id AS "paragraphId", c.person_id AS "personId", p.full_name AS "authorName",
  c.body, c.created_at AS "createdAt", c.answer, c.answered_at AS "answeredAt", c.adopted`;

const EVENT_OF: Record<TextKind, 'draft_published' | 'resolution_published' | 'minutes_published'> = {
  draft_resolution: 'draft_published',
  resolution: 'resolution_published',
  minutes: 'minutes_published',
};

/**
 * Paragraph ids of a new version: an id the secretary kept stays; a paragraph sent without one takes the
 * id of an unclaimed paragraph of the previous version with the same text, else a fresh id.
 */
export function assignParagraphIds(
  previous: readonly Paragraph[],
  given: readonly { id?: string | undefined; text: string }[],
): Paragraph[] | { duplicate: string } {
  const claimed = new Set<string>();
  for (const p of given) {
    if (p.id === undefined) continue;
    if (claimed.has(p.id)) return { duplicate: p.id };
    claimed.add(p.id);
  }
  return given.map((p) => {
    if (p.id !== undefined) return { id: p.id, text: p.text };
    const same = previous.find((x) => x.text === p.text && !claimed.has(x.id));
    const id = same ? same.id : 'p' + randomBytes(6).toString('hex');
    claimed.add(id);
    return { id, text: p.text };
  });
}

async function loadText(q: Queryable, textId: number): Promise<TextRow> {
  const [row] = await q.query<TextRow>(`SELECT ${TEXT_COLUMNS} FROM meeting_text t WHERE t.id = $1`, [
    textId,
  ]);
  if (!row) throw notFound();
  return row;
}

async function commentsOf(
  q: Queryable,
  actor: Actor,
  where: string,
  params: readonly unknown[],
): Promise<DraftComment[]> {
  const rows = await q.query<Omit<DraftComment, 'mine'>>(
    `SELECT ${COMMENT_COLUMNS} FROM draft_comment c JOIN person p ON p.id = c.person_id WHERE ${where} ORDER BY c.id`,
    params,
  );
  return rows.map((r) => ({ ...r, mine: r.personId === actor.personId }));
}

function textView(actor: Actor, a: MeetingAccess, t: TextRow, comments: DraftComment[]): MeetingText {
  const officer =
    actor.personId !== null && [a.m.chairPersonId, a.m.secretaryPersonId].includes(actor.personId);
  return {
    ...t,
    comments,
    canManage: a.canManage,
    mayComment: !!a.invitation && t.kind === 'draft_resolution' && t.latest && a.m.status !== 'cancelled',
    maySignOff: (officer || a.canManage) && t.signedOffAt === null,
  };
}

export function createTexts({ db, clock }: MeetingShared) {
  return {
    /** Publishes a new version of the draft resolution, the resolution or the minutes. */
    async publishText(
      actor: Actor,
      meetingId: number,
      input: TextInput,
      ctx: AuditContext,
    ): Promise<MeetingText> {
      const now = clock.now();
      return db.tx(async (q) => {
        const a = await loadMeeting(q, actor, meetingId, true);
        requireManage(a);
        if (a.m.status === 'cancelled') throw new AppError('meeting.cancelled', 409);
        if (input.kind !== 'draft_resolution' && a.m.status !== 'held')
          throw new AppError('meeting.not_held', 409);
        // The previous version of the same text; a first resolution continues the latest draft.
        const [prev] = await q.query<{ paragraphs: Paragraph[]; version: number; kind: TextKind }>(
          `SELECT paragraphs, version, kind FROM meeting_text WHERE meeting_id = $1 AND kind = ANY($2::text[])
           ORDER BY kind = $3 DESC, version DESC LIMIT 1`,
          [
            meetingId,
            input.kind === 'resolution' ? ['resolution', 'draft_resolution'] : [input.kind],
            input.kind,
          ],
        );
        const paragraphs = assignParagraphIds(prev?.paragraphs ?? [], input.paragraphs);
        if (!Array.isArray(paragraphs))
          throw invalid('text.duplicate_paragraph', { id: paragraphs.duplicate });
        const version = prev && prev.kind === input.kind ? prev.version + 1 : 1;
        const [row] = await q.query<{ id: number }>(
          `INSERT INTO meeting_text (meeting_id, kind, version, title, paragraphs, published_at, published_by)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7) RETURNING id`,
          [
            meetingId,
            input.kind,
            version,
            input.title,
            JSON.stringify(paragraphs),
            now.toISOString(),
            actor.accountId,
          ],
        );
        const textId = row!.id;
        if (input.kind === 'minutes' || input.kind === 'resolution') {
          const col = input.kind === 'minutes' ? 'minutes_published_at' : 'resolution_published_at';
          await q.query(`UPDATE meeting SET ${col} = coalesce(${col}, $2), updated_at = $2 WHERE id = $1`, [
            meetingId,
            now.toISOString(),
          ]);
          await refreshCellMonths(q, [{ unitId: a.m.unitId, month: a.m.month }]);
        }
        await notifyInvitees(q, a.m, EVENT_OF[input.kind], `${input.kind}:${version}`, now, {
          type: 'meeting_text',
          id: textId,
        });
        const view = textView(actor, a, await loadText(q, textId), []);
        await appendAudit(
          q,
          ctx,
          {
            action: 'meeting.text.publish',
            recordType: 'meeting_text',
            recordId: textId,
            details: { meetingId, kind: input.kind, version, paragraphs: paragraphs.length },
          },
          now,
        );
        return view;
      });
    },

    /** A text with its comments and their authors' names (a read of people's records, audited). */
    async text(actor: Actor, textId: number, ctx: AuditContext): Promise<MeetingText> {
      return db.tx(async (q) => {
        const t = await loadText(q, textId);
        const a = await loadMeeting(q, actor, t.meetingId);
        const view = textView(actor, a, t, await commentsOf(q, actor, 'c.text_id = $1', [textId]));
        await appendAudit(q, ctx, {
          action: 'meeting.text.read',
          recordType: 'meeting_text',
          recordId: textId,
          details: { meetingId: t.meetingId, comments: view.comments.length },
        });
        return view;
      });
    },

    /** The chair or the secretary of the meeting (or a manager) signs a text off; once. */
    async signOff(actor: Actor, textId: number, ctx: AuditContext): Promise<MeetingText> {
      const now = clock.now();
      return db.tx(async (q) => {
        const t = await loadText(q, textId);
        const a = await loadMeeting(q, actor, t.meetingId);
        const officer =
          actor.personId !== null && [a.m.chairPersonId, a.m.secretaryPersonId].includes(actor.personId);
        if (!officer && !a.canManage) throw forbidden();
        if (t.signedOffAt !== null) throw new AppError('text.signed_off', 409, { at: t.signedOffAt });
        await q.query('UPDATE meeting_text SET signed_off_at = $2, signed_off_by = $3 WHERE id = $1', [
          textId,
          now.toISOString(),
          actor.accountId,
        ]);
        const view = textView(
          actor,
          a,
          await loadText(q, textId),
          await commentsOf(q, actor, 'c.text_id = $1', [textId]),
        );
        await appendAudit(
          q,
          ctx,
          {
            action: 'meeting.text.sign_off',
            recordType: 'meeting_text',
            recordId: textId,
            details: { meetingId: t.meetingId },
          },
          now,
        );
        return view;
      });
    },

    /**
     * An invitee's opinion on the latest draft, on one paragraph or the whole. A comment sent again with
     * the same client id lands once: the retry answers with the first.
     */
    async comment(
      actor: Actor,
      textId: number,
      input: z.infer<typeof CommentInput>,
      ctx: AuditContext,
    ): Promise<{ comment: DraftComment; created: boolean }> {
      const now = clock.now();
      return db.tx(async (q) => {
        const t = await loadText(q, textId);
        const a = await loadMeeting(q, actor, t.meetingId);
        if (!a.invitation || actor.personId === null) throw forbidden();
        if (input.clientId) {
          const first = await commentsOf(q, actor, 'c.person_id = $1 AND c.client_id = $2', [
            actor.personId,
            input.clientId,
          ]);
          if (first[0]) return { comment: first[0], created: false };
        }
        if (t.kind !== 'draft_resolution') throw invalid('comment.not_draft');
        if (!t.latest) throw new AppError('comment.outdated', 409);
        if (a.m.status === 'cancelled') throw new AppError('meeting.cancelled', 409);
        if (input.paragraphId !== undefined && !t.paragraphs.some((p) => p.id === input.paragraphId))
          throw invalid('comment.no_paragraph', { id: input.paragraphId });
        const inserted = await q.query<{ id: number }>(
          `INSERT INTO draft_comment (text_id, paragraph_id, person_id, body, client_id, created_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (person_id, client_id) WHERE client_id IS NOT NULL DO NOTHING RETURNING id`,
          [
            textId,
            input.paragraphId ?? null,
            actor.personId,
            input.body,
            input.clientId ?? null,
            now.toISOString(),
          ],
        );
        if (inserted.length === 0) {
          // Another request with the same client id committed in between.
          const first = await commentsOf(q, actor, 'c.person_id = $1 AND c.client_id = $2', [
            actor.personId,
            input.clientId,
          ]);
          return { comment: first[0]!, created: false };
        }
        const [comment] = await commentsOf(q, actor, 'c.id = $1', [inserted[0]!.id]);
        await appendAudit(
          q,
          ctx,
          {
            action: 'meeting.comment',
            recordType: 'draft_comment',
            recordId: comment!.id,
            details: { textId, meetingId: t.meetingId, paragraphId: input.paragraphId ?? null },
          },
          now,
        );
        return { comment: comment!, created: true };
      });
    },

    /** The secretary answers a comment or marks it adopted into the text. */
    async answerComment(
      actor: Actor,
      commentId: number,
      patch: z.infer<typeof CommentPatch>,
      ctx: AuditContext,
    ): Promise<DraftComment> {
      const now = clock.now();
      return db.tx(async (q) => {
        const [c] = await q.query<{ meeting_id: number }>(
          `SELECT t.meeting_id FROM draft_comment c JOIN meeting_text t ON t.id = c.text_id WHERE c.id = $1`,
          [commentId],
        );
        if (!c) throw notFound();
        const a = await loadMeeting(q, actor, c.meeting_id);
        requireManage(a);
        await q.query(
          `UPDATE draft_comment SET
             answer = CASE WHEN $2 THEN $3 ELSE answer END,
             answered_by = CASE WHEN $2 THEN $4 ELSE answered_by END,
             answered_at = CASE WHEN $2 THEN $5::timestamptz ELSE answered_at END,
             adopted = coalesce($6, adopted)
           WHERE id = $1`,
          [
            commentId,
            patch.answer !== undefined,
            patch.answer || null,
            actor.accountId,
            now.toISOString(),
            patch.adopted ?? null,
          ],
        );
        const [comment] = await commentsOf(q, actor, 'c.id = $1', [commentId]);
        await appendAudit(
          q,
          ctx,
          {
            action: 'meeting.comment.answer',
            recordType: 'draft_comment',
            recordId: commentId,
            details: {
              meetingId: c.meeting_id,
              answered: patch.answer !== undefined,
              adopted: patch.adopted ?? null,
            },
          },
          now,
        );
        return comment!;
      });
    },
  };
}
