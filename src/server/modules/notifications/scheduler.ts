import type { Db, Queryable } from '../../db/client.ts';
import { NOTIFICATION_LIMITS } from '../../../shared/contracts/notifications.ts';
import { notify } from './notify.ts';

// One instance at a time scans for reminders / builds digests; the others skip that step for the run.
const REMINDER_LOCK = 7_234_101;
const DIGEST_LOCK = 7_234_102;
const DAY_MS = 24 * 3600 * 1000;

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDay(timeZone: string, instant: Date): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, f);
  }
  return f.format(instant);
}

function offsetMs(timeZone: string, instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant at which the wall clock of `timeZone` shows `hour`:00 on `day`. */
export function localHourToInstant(timeZone: string, day: string, hour: number): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d, hour);
  let t = wall - offsetMs(timeZone, new Date(wall));
  t = wall - offsetMs(timeZone, new Date(t));
  return new Date(t);
}

async function tryLock(q: Queryable, key: number): Promise<boolean> {
  const rows = await q.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [key]);
  return rows[0]!.ok;
}

async function jobDoneUntil(q: Queryable, name: string): Promise<Date | null> {
  const rows = await q.query<{ done_until: string }>(
    'SELECT done_until FROM notification_job WHERE name = $1',
    [name],
  );
  return rows[0] ? new Date(rows[0].done_until) : null;
}

async function setJobDoneUntil(q: Queryable, name: string, at: Date) {
  await q.query(
    `INSERT INTO notification_job (name, done_until) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET done_until = GREATEST(notification_job.done_until, excluded.done_until)`,
    [name, at.toISOString()],
  );
}

interface ReminderGroup {
  meeting_id: number;
  lead: number;
  account_ids: number[];
  starts_at: string;
  place: string | null;
  online_url: string | null;
  topic: string;
  kind: string;
  unit_name: string | null;
}

/**
 * Meeting reminders whose moment (start minus an account's lead time) fell in (since, now], for
 * invitees who have not asked to be excused, meeting not yet started. One index range per lead time in
 * use, so a run when nothing is due reads next to nothing. When several lead times of the same account
 * fall in one run (a meeting scheduled at short notice, or a worker that was down), only the nearest is
 * sent: three reminders at once would say nothing more than one.
 */
export async function createReminders(db: Db, now: Date): Promise<number> {
  return db.tx(async (q) => {
    if (!(await tryLock(q, REMINDER_LOCK))) return 0;
    const done = await jobDoneUntil(q, 'reminders');
    const since = done ?? new Date(now.getTime() - NOTIFICATION_LIMITS.leadMinutesMax * 60_000);
    if (since.getTime() >= now.getTime()) return 0;
    const groups = await q.query<ReminderGroup>(
      `WITH window_meetings AS (
         SELECT rl.lead_minutes AS lead, m.id AS meeting_id
         FROM reminder_lead rl
         JOIN meeting m ON m.status = 'scheduled'
           AND m.starts_at > $2::timestamptz
           AND m.starts_at > $1::timestamptz + make_interval(mins => rl.lead_minutes)
           AND m.starts_at <= $2::timestamptz + make_interval(mins => rl.lead_minutes)
       ), due AS (
         SELECT DISTINCT ON (w.meeting_id, a.id) w.meeting_id, a.id AS account_id, w.lead
         FROM window_meetings w
         JOIN invitation i ON i.meeting_id = w.meeting_id AND i.reply IS DISTINCT FROM 'excused'
         JOIN account a ON a.person_id = i.person_id AND a.disabled_at IS NULL
         LEFT JOIN notification_setting s ON s.account_id = a.id
         WHERE w.lead = ANY (coalesce(s.lead_minutes, $3::int[]))
         ORDER BY w.meeting_id, a.id, w.lead
       )
       SELECT due.meeting_id, due.lead, array_agg(due.account_id ORDER BY due.account_id) AS account_ids,
              m.starts_at, m.place, m.online_url, m.topic, m.kind, uv.name AS unit_name
       FROM due
       JOIN meeting m ON m.id = due.meeting_id
       LEFT JOIN unit_version uv ON uv.unit_id = m.unit_id AND uv.valid_to = 'infinity'
       WHERE NOT EXISTS (
         SELECT 1 FROM notification n
         WHERE n.account_id = due.account_id
           AND n.dedupe_key = 'meeting:' || due.meeting_id || ':reminder:' || due.lead
       )
       GROUP BY due.meeting_id, due.lead, m.starts_at, m.place, m.online_url, m.topic, m.kind, uv.name
       ORDER BY due.meeting_id, due.lead`,
      [since.toISOString(), now.toISOString(), NOTIFICATION_LIMITS.leadMinutesDefault],
    );
    let created = 0;
    for (const g of groups) {
      created += await notify(q, {
        accountIds: g.account_ids,
        kind: 'meeting.reminder',
        subjectType: 'meeting',
        subjectId: g.meeting_id,
        payload: {
          meetingId: g.meeting_id,
          unitName: g.unit_name,
          kind: g.kind,
          startsAt: g.starts_at,
          place: g.place,
          onlineUrl: g.online_url,
          topic: g.topic,
          leadMinutes: g.lead,
        },
        dedupeKey: `meeting:${g.meeting_id}:reminder:${g.lead}`,
        now,
      });
    }
    await setJobDoneUntil(q, 'reminders', now);
    return created;
  });
}

/**
 * The daily digest: from `hour`:00 local time, one e-mail per account that takes the digest, listing
 * its notifications of the 24 hours before that moment that are still unread. Stored as a notification
 * already read (kind 'digest.daily', dedupe 'digest:<date>', not listed in the inbox) with one e-mail
 * delivery, so the delivery worker sends it exactly once like any other.
 */
export async function createDigests(
  db: Db,
  now: Date,
  opts: { timeZone: string; hour: number },
): Promise<number> {
  const day = localDay(opts.timeZone, now);
  const at = localHourToInstant(opts.timeZone, day, opts.hour);
  if (now.getTime() < at.getTime()) return 0;
  return db.tx(async (q) => {
    if (!(await tryLock(q, DIGEST_LOCK))) return 0;
    const done = await jobDoneUntil(q, 'digest');
    if (done && done.getTime() >= at.getTime()) return 0;
    const from = new Date(at.getTime() - DAY_MS);
    const rows = await q.query<{ n: number }>(
      `WITH candidates AS (
         SELECT s.account_id, x.n
         FROM notification_setting s
         JOIN account a ON a.id = s.account_id AND a.disabled_at IS NULL
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS n FROM notification n
           WHERE n.account_id = s.account_id AND n.read_at IS NULL AND n.kind <> 'digest.daily'
             AND n.created_at >= $2 AND n.created_at < $3
         ) x
         WHERE s.daily_digest AND s.email_enabled AND s.email IS NOT NULL AND x.n > 0
       ), created AS (
         INSERT INTO notification (account_id, kind, payload, dedupe_key, created_at, read_at)
         SELECT c.account_id, 'digest.daily',
                jsonb_build_object('date', $1::text, 'from', $2::text, 'to', $3::text, 'count', c.n),
                'digest:' || $1::text, $4, $4
         FROM candidates c
         ON CONFLICT (account_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
         RETURNING id
       ), mail AS (
         INSERT INTO notification_delivery (notification_id, channel, next_attempt_at)
         SELECT id, 'email', $4 FROM created
       )
       SELECT count(*)::int AS n FROM created`,
      [day, from.toISOString(), at.toISOString(), now.toISOString()],
    );
    await setJobDoneUntil(q, 'digest', at);
    return rows[0]!.n;
  });
}

/**
 * Whether a periodic step is due: true (and the run recorded) when it last ran `everyMinutes` or more
 * ago, or never. Instances racing for the same slot: one of them gets it.
 */
export async function claimPeriodicRun(
  db: Db,
  name: string,
  now: Date,
  everyMinutes: number,
): Promise<boolean> {
  const rows = await db.query<{ name: string }>(
    `INSERT INTO notification_job (name, done_until) VALUES ($1, $2)
     ON CONFLICT (name) DO UPDATE SET done_until = excluded.done_until
     WHERE notification_job.done_until <= $3
     RETURNING name`,
    [name, now.toISOString(), new Date(now.getTime() - everyMinutes * 60_000).toISOString()],
  );
  return rows.length > 0;
}
