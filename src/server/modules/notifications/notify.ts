import type { Queryable } from '../../db/client.ts';

export interface NotifyInput {
  /** Recipients by person (every enabled account of the person) and/or by account. */
  personIds?: readonly number[];
  accountIds?: readonly number[];
  /** e.g. 'meeting.scheduled', 'meeting.reminder', 'document.published', 'task.assigned'. */
  kind: string;
  subjectType?: string;
  subjectId?: number;
  /** What the message says unopened (meeting date, place, topic; document title; task due date). */
  payload: Record<string, unknown>;
  /**
   * Makes the notification exist once per account, whichever instance or retry writes it
   * (e.g. `meeting:12:reminder:1440`).
   */
  dedupeKey?: string;
  now: Date;
}

/**
 * Writes inbox notifications and their pending deliveries inside the caller's transaction: a push
 * delivery when the account takes push and has a live subscription, an e-mail delivery when it takes
 * e-mail and gave an address. Sending is the delivery worker's job. Returns how many notifications
 * were created (an existing dedupe key creates none).
 */
export async function notify(q: Queryable, input: NotifyInput): Promise<number> {
  const rows = await q.query<{ id: string }>(
    `WITH recipients AS (
       SELECT a.id FROM account a
       WHERE a.disabled_at IS NULL AND (a.person_id = ANY($1::int[]) OR a.id = ANY($2::int[]))
     ), created AS (
       INSERT INTO notification (account_id, kind, subject_type, subject_id, payload, dedupe_key, created_at)
       SELECT r.id, $3, $4, $5, $6::jsonb, $7, $8 FROM recipients r
       ON CONFLICT (account_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING id, account_id
     ), push AS (
       INSERT INTO notification_delivery (notification_id, channel, next_attempt_at)
       SELECT c.id, 'push', $8 FROM created c
       LEFT JOIN notification_setting s ON s.account_id = c.account_id
       WHERE coalesce(s.push_enabled, true)
         AND EXISTS (SELECT 1 FROM push_subscription ps WHERE ps.account_id = c.account_id AND ps.revoked_at IS NULL)
     ), mail AS (
       INSERT INTO notification_delivery (notification_id, channel, next_attempt_at)
       SELECT c.id, 'email', $8 FROM created c
       JOIN notification_setting s ON s.account_id = c.account_id
       WHERE s.email_enabled AND s.email IS NOT NULL AND NOT s.daily_digest
     )
     SELECT id::text FROM created`,
    [
      input.personIds ?? [],
      input.accountIds ?? [],
      input.kind,
      input.subjectType ?? null,
      input.subjectId ?? null,
      JSON.stringify(input.payload),
      input.dedupeKey ?? null,
      input.now.toISOString(),
    ],
  );
  return rows.length;
}
