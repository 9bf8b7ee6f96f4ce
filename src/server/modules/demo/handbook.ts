import type { Db, Queryable } from '../../db/client.ts';
import type { Clock } from '../../clock.ts';
import { refreshCellMonths } from '../meetings/cell-month.ts';
import { DEFAULT_DEMO_SEED } from './plan.ts';
import { Random } from './random.ts';
import { addMonths, monthLabel, planMeetings, type CellMonth, type PlannedMeeting } from './handbook.plan.ts';
import {
  ANSWERS,
  AWAY_EXCUSES,
  COMMUNE_DOCUMENTS,
  DOCUMENT_CODES,
  DRAFT_CLOSING,
  DRAFT_OPENING,
  EXCUSES,
  GENERAL_COMMENTS,
  PROVINCE_DOCUMENTS,
  RESOLVED_CLOSING,
  RESOLVED_OPENING,
  TASK_REPORTS,
  THEMES,
  type DocumentTemplate,
} from './handbook.texts.ts';

/**
 * A year of cell life for the demo province, relative to the day it is seeded: every party cell's
 * regular and thematic meetings with invitations, replies and attendance, drafts with members' opinions,
 * votes, resolutions and minutes, tasks, documents from the provincial and commune committees and who
 * read them, and member accounts with their days of use. Written set-based: the meetings are planned in
 * memory (handbook.plan.ts), everything that hangs off them is derived in SQL with pseudo-random draws
 * keyed by the seed and stable keys (cell, month, person), so the same seed gives the same data.
 */

export const CELL_KINDS = ['party_cell', 'grassroots_party_cell'] as const;

/**
 * Stored as the password hash of the generated member accounts: not a PHC string, so no password ever
 * verifies against it. A member gets a password through the reset flow.
 */
export const NO_PASSWORD_HASH = '!';

/** Cells the end-to-end walkthrough relies on: no meeting this month or next. */
export interface HandbookDemoCells {
  commune: { id: number; name: string };
  /** The demo `secretary` account's cell: the walkthrough schedules its meeting. */
  secretaryCell: { id: number; name: string };
  /** Another cell of the demo `commune` account's commune that skips the current and next month. */
  skippingCell: { id: number; name: string };
}

export interface HandbookDemoSummary {
  meetings: number;
  invitations: number;
  texts: number;
  comments: number;
  ballots: number;
  tasks: number;
  documents: number;
  reads: number;
  accounts: number;
  activeDays: number;
}

/** Finds the two exception cells from the demo accounts (the same answer before and after seeding). */
export async function findHandbookDemoCells(q: Queryable): Promise<HandbookDemoCells> {
  const rows = await q.query<{ username: string; unit_id: number; name: string }>(
    `SELECT a.username, r.unit_id, v.name FROM account a
     JOIN role_assignment r ON r.account_id = a.id AND r.revoked_at IS NULL
     JOIN unit_version v ON v.unit_id = r.unit_id AND v.valid_to = 'infinity'
     WHERE a.username IN ('secretary', 'commune') ORDER BY a.username`,
  );
  const commune = rows.find((r) => r.username === 'commune');
  const secretary = rows.find((r) => r.username === 'secretary');
  if (!commune || !secretary) throw new Error('demo handbook: the demo accounts are missing');
  const other = await q.query<{ id: number; name: string }>(
    `SELECT v.unit_id AS id, v.name FROM unit_closure c
     JOIN unit_version v ON v.unit_id = c.descendant_id AND v.valid_to = 'infinity'
     JOIN unit u ON u.id = v.unit_id AND u.closed_on IS NULL
     WHERE c.ancestor_id = $1 AND c.valid_to = 'infinity' AND v.kind_code = ANY($2::text[]) AND v.unit_id <> $3
       AND (SELECT coalesce(sum(n), 0) FROM unit_member_count m
            WHERE m.unit_id = v.unit_id AND m.family = 'party' AND m.role = 'home' AND m.status = 'official') >= 3
     ORDER BY u.code LIMIT 1`,
    [commune.unit_id, CELL_KINDS, secretary.unit_id],
  );
  if (!other[0]) throw new Error('demo handbook: no second cell in the demo commune');
  return {
    commune: { id: commune.unit_id, name: commune.name },
    secretaryCell: { id: secretary.unit_id, name: secretary.name },
    skippingCell: other[0],
  };
}

/** Generates the year of cell life in one transaction (see `writeCellLife`). */
export async function seedDemoHandbook(
  db: Db,
  opts: { clock: Clock; seed?: number; log?: (message: string) => void },
): Promise<HandbookDemoSummary> {
  // The reform's restructures leave the membership tables with dead rows and stale statistics (PGlite has
  // no autovacuum); the joins below would walk both.
  await db.exec('VACUUM ANALYZE membership_period, membership, unit_version, unit_closure, unit, account');
  const summary = await db.tx((q) =>
    writeCellLife(q, {
      seed: opts.seed ?? DEFAULT_DEMO_SEED,
      now: opts.clock.now(),
      today: opts.clock.today(),
      skipForeignKeyTriggers: db.kind === 'pglite',
    }),
  );
  opts.log?.(
    `  cell life: ${summary.meetings} meetings, ${summary.invitations} invitations, ${summary.tasks} tasks, ` +
      `${summary.documents} documents, ${summary.accounts} member accounts`,
  );
  return summary;
}

/**
 * Four uniform draws (u0–u3, 16 bits each) from one 64-bit hash of `key`. Keys are made of the seed and
 * stable things (cell, month, person), never of generated ids, so a second run draws the same numbers.
 */
const draws = (key: string, alias: string) =>
  `CROSS JOIN LATERAL (SELECT (z.h & 65535) / 65536.0::float8 AS u0, ((z.h >> 16) & 65535) / 65536.0::float8 AS u1,
       ((z.h >> 32) & 65535) / 65536.0::float8 AS u2, ((z.h >> 48) & 65535) / 65536.0::float8 AS u3
     FROM (SELECT hashtextextended(${key}, 0) AS h) z) ${alias}`;
/** Draw `i` (0–3) of a 64-bit hash already computed as a column. */
const bits = (col: string, i: 0 | 1 | 2 | 3) => `(((${col}) >> ${16 * i}) & 65535) / 65536.0::float8`;
/** A single draw. */
const u1 = (key: string) => `((hashtextextended(${key}, 0) & 65535) / 65536.0::float8)`;
/** The meeting's wall-clock time in the province (UTC+7). */
const LOCAL = (col: string) => `((${col} AT TIME ZONE 'UTC') + interval '7 hours')`;
const ATTENDED = `('present', 'late', 'remote')`;

const BATCH = 4000;

async function insertColumns(q: Queryable, sql: string, rows: unknown[][], columns: number) {
  for (let i = 0; i < rows.length; i += BATCH) {
    const cols: unknown[][] = Array.from({ length: columns }, () => []);
    for (const r of rows.slice(i, i + BATCH)) for (let c = 0; c < columns; c++) cols[c]!.push(r[c]);
    await q.query(sql, cols);
  }
}

/**
 * Writes the year of cell life into an open transaction. With `skipForeignKeyTriggers` (PGlite, where
 * the engine is always a superuser) the transaction sets session_replication_role so that the per-row
 * foreign-key triggers do not fire: every row written here references rows read in this same transaction,
 * and the per-row checks would cost five times the whole load.
 */
export async function writeCellLife(
  q: Queryable,
  opts: { seed: number; now: Date; today: string; skipForeignKeyTriggers: boolean },
): Promise<HandbookDemoSummary> {
  if (opts.skipForeignKeyTriggers) await q.query(`SET LOCAL session_replication_role = replica`);
  // Sorts and hashes of a few hundred thousand rows stay in memory.
  await q.query(`SET LOCAL work_mem = '64MB'`);
  const seed = String(opts.seed);
  const now = opts.now.toISOString();
  const today = opts.today;
  const currentMonth = `${today.slice(0, 7)}-01`;
  const first = addMonths(currentMonth, -12);
  const exceptions = await findHandbookDemoCells(q);

  // 1. The cells month by month, and their members in the middle of each month.
  const loaded = await q.query<{
    cells: [number, string, string, string, string][] | null;
    periods: [number, string, string][] | null;
  }>(
    `WITH months AS (SELECT g::date AS m FROM generate_series($1::date, $2::date, interval '1 month') AS g),
     cm AS (
       SELECT v.unit_id, u.code, v.kind_code, v.name, months.m
       FROM months JOIN unit_version v ON v.valid_from <= months.m AND v.valid_to > months.m + 27
       JOIN unit u ON u.id = v.unit_id
       WHERE v.kind_code = ANY($3::text[]) AND u.established_on <= months.m
         AND (u.closed_on IS NULL OR u.closed_on > months.m + 27)
     )
     SELECT (SELECT json_agg(json_build_array(unit_id, code, kind_code, name, m) ORDER BY unit_id, m) FROM cm) AS cells,
            (SELECT json_agg(json_build_array(p.unit_id, p.valid_from, p.valid_to))
             FROM membership_period p
             WHERE p.unit_id IN (SELECT unit_id FROM cm) AND p.family = 'party' AND p.status IN ('official', 'probationary')
               AND p.valid_to > $1::date AND p.valid_from <= $2::date + 14) AS periods`,
    [first, addMonths(currentMonth, 1), CELL_KINDS],
  );
  const members = new Map<string, number>();
  const months = Array.from({ length: 14 }, (_, i) => addMonths(first, i));
  for (const [unitId, from, to] of loaded[0]?.periods ?? []) {
    for (const m of months) {
      const mid = `${m.slice(0, 8)}15`;
      if (from <= mid && (to === 'infinity' || to > mid)) {
        const key = `${unitId}|${m}`;
        members.set(key, (members.get(key) ?? 0) + 1);
      }
    }
  }
  const cells: CellMonth[] = (loaded[0]?.cells ?? []).map(([unitId, code, kind, name, month]) => ({
    unitId,
    code,
    kind,
    name,
    month,
    members: members.get(`${unitId}|${month}`) ?? 0,
  }));
  const plan = planMeetings({
    seed: opts.seed,
    now: opts.now,
    currentMonth,
    cells,
    skipFromCurrent: new Set([exceptions.secretaryCell.id, exceptions.skippingCell.id]),
  });

  // 2. Member accounts first: whether a member used the app decides how they replied and checked in.
  await createMemberAccounts(q, { seed, now, today, first });

  await writeMeetings(q, plan);
  await writeInvitations(q, { seed, now, first });
  await writeAgendaAndVotes(q, { seed });
  await writeTexts(q, { seed, now, plan });
  await writeTasks(q, { seed, now, today });
  const documents = planDocuments({ seed: opts.seed, now: opts.now, first });
  await writeDocuments(q, { seed, now, documents, exceptions });
  await writeActiveDays(q, { seed, now, today });
  if (opts.skipForeignKeyTriggers) {
    // Back to normal triggers: cell_month's own note which cell-years the monitor must judge again, and
    // the days of use written above are noted here as their trigger would have.
    await q.query(`SET LOCAL session_replication_role = origin`);
    await q.query(
      `INSERT INTO record_change (changed_from) SELECT min(day) FROM account_active_day HAVING count(*) > 0`,
    );
  }
  await refreshCellMonths(q, 'all');

  const counts = await q.query<HandbookDemoSummary>(
    `SELECT (SELECT count(*)::int FROM demo_plan) AS meetings,
            (SELECT count(*)::int FROM invitation i JOIN demo_plan p ON p.meeting_id = i.meeting_id) AS invitations,
            (SELECT count(*)::int FROM meeting_text t JOIN demo_plan p ON p.meeting_id = t.meeting_id) AS texts,
            (SELECT count(*)::int FROM draft_comment c JOIN meeting_text t ON t.id = c.text_id
               JOIN demo_plan p ON p.meeting_id = t.meeting_id) AS comments,
            (SELECT count(*)::int FROM demo_ballot) AS ballots,
            (SELECT count(*)::int FROM cell_task k JOIN demo_plan p ON p.meeting_id = k.meeting_id) AS tasks,
            (SELECT count(*)::int FROM demo_document) AS documents,
            (SELECT count(*)::int FROM document_read r JOIN demo_document d ON d.document_id = r.document_id) AS reads,
            (SELECT count(*)::int FROM demo_account) AS accounts,
            (SELECT count(*)::int FROM account_active_day a JOIN demo_account d ON d.account_id = a.account_id) AS "activeDays"`,
  );
  await q.exec('DROP TABLE demo_plan, demo_member, demo_ballot, demo_document, demo_account, demo_text');
  return counts[0]!;
}

/**
 * Accounts for most of today's party members (role member on their cell), about 85% of them activated
 * over the year, each with how often its owner opens the app.
 */
async function createMemberAccounts(
  q: Queryable,
  o: { seed: string; now: string; today: string; first: string },
) {
  await q.query(
    `CREATE TEMP TABLE demo_account AS
     SELECT x.person_id, x.unit_id, NULL::int AS account_id, x.created_at,
            CASE WHEN x.u1 < 0.85
                 THEN x.created_at + ($2::timestamptz - x.created_at) * power(x.u2, 2) END AS activated_at,
            CASE WHEN x.u3 < 0.25 THEN 0.3 WHEN x.u3 < 0.7 THEN 0.1 ELSE 0.035 END AS density
     FROM (
       SELECT DISTINCT ON (ms.person_id) ms.person_id, mp.unit_id, h.u1, h.u2, h.u3, pick.u0 AS pick,
              $4::timestamptz - interval '20 days' + ($2::timestamptz - $4::timestamptz) * 0.5 * h.u0 AS created_at
       FROM membership_period mp
       JOIN membership ms ON ms.id = mp.membership_id
       JOIN unit_version v ON v.unit_id = mp.unit_id AND v.valid_to = 'infinity' AND v.kind_code = ANY($5::text[])
       ${draws(`$1 || ':account:' || ms.person_id`, 'h')}
       ${draws(`$1 || ':account-share:' || ms.person_id`, 'pick')}
       WHERE mp.family = 'party' AND mp.role = 'home' AND mp.status IN ('official', 'probationary')
         AND mp.valid_from <= $3::date AND mp.valid_to > $3::date
         AND NOT EXISTS (SELECT 1 FROM account a WHERE a.person_id = ms.person_id)
       ORDER BY ms.person_id
     ) x
     WHERE x.pick < 0.88`,
    [o.seed, o.now, o.today, o.first, CELL_KINDS],
  );
  await q.query(
    `INSERT INTO account (username, person_id, password_hash, locale, activated_at, last_active_at, created_at)
     SELECT 'dv' || person_id, person_id, $1, 'vi', activated_at, activated_at, created_at
     FROM demo_account ORDER BY person_id`,
    [NO_PASSWORD_HASH],
  );
  await q.query(
    `UPDATE demo_account d SET account_id = a.id FROM account a WHERE a.username = 'dv' || d.person_id`,
  );
  await q.query(
    `INSERT INTO role_assignment (account_id, role, unit_id, granted_at)
     SELECT account_id, 'member', unit_id, created_at FROM demo_account ORDER BY account_id`,
  );
  await q.exec('ANALYZE demo_account');
}

async function writeMeetings(q: Queryable, plan: PlannedMeeting[]) {
  await q.query(
    `CREATE TEMP TABLE demo_plan (
       n int PRIMARY KEY, unit_id int, kind text, month date, starts_at timestamptz, ends_at timestamptz,
       scheduled_at timestamptz, status text, held_at timestamptz, minutes_at timestamptz,
       resolution_at timestamptz, cancelled_reason text, topic text, place text, theme int, paras int,
       theme_vote text, res_vote text, draft_at timestamptz, meeting_id int)`,
  );
  await insertColumns(
    q,
    `INSERT INTO demo_plan (n, unit_id, kind, month, starts_at, ends_at, scheduled_at, status, held_at, minutes_at,
       resolution_at, cancelled_reason, topic, place, theme, paras, theme_vote, res_vote, draft_at)
     SELECT * FROM unnest($1::int[], $2::int[], $3::text[], $4::date[], $5::timestamptz[], $6::timestamptz[],
       $7::timestamptz[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[], $12::text[],
       $13::text[], $14::text[], $15::int[], $16::int[], $17::text[], $18::text[], $19::timestamptz[])`,
    plan.map((m, i) => [
      i + 1,
      m.unitId,
      m.kind,
      m.month,
      m.startsAt,
      m.endsAt,
      m.scheduledAt,
      m.status,
      m.heldAt,
      m.minutesAt,
      m.resolutionAt,
      m.cancelledReason,
      m.topic,
      m.place,
      m.theme,
      m.paragraphs,
      m.themeVote,
      m.resolutionVote,
      m.draftAt,
    ]),
    19,
  );
  // Secrets of the rotating check-in code: random, never derived from the seed.
  await q.query(
    `INSERT INTO meeting (unit_id, kind, month, starts_at, ends_at, place, topic, status, scheduled_at, held_at,
       cancelled_reason, minutes_published_at, resolution_published_at, checkin_secret, created_at, updated_at)
     SELECT unit_id, kind, month, starts_at, ends_at, place, topic, status, scheduled_at, held_at,
       cancelled_reason, minutes_at, resolution_at,
       uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()),
       scheduled_at, greatest(scheduled_at, held_at, minutes_at, resolution_at)
     FROM demo_plan ORDER BY n`,
  );
  await q.query(
    `UPDATE demo_plan p SET meeting_id = m.id FROM meeting m
     WHERE m.unit_id = p.unit_id AND m.month = p.month AND m.kind = p.kind AND m.scheduled_at = p.scheduled_at`,
  );
  await q.exec('CREATE INDEX ON demo_plan (meeting_id); ANALYZE demo_plan');
}

/**
 * Invitations: the cell's official and probationary members and its temporary members on the meeting
 * day. Replies come before the meeting; attendance (for held meetings) follows the reply: about nine in
 * ten attend, members away from home follow remotely.
 */
async function writeInvitations(q: Queryable, o: { seed: string; now: string; first: string }) {
  // The members of the planned cells over the year, once: a hash join instead of one walk per meeting
  // through each cell's whole membership history.
  await q.query(
    `CREATE TEMP TABLE demo_member AS
     SELECT mp.unit_id, ms.person_id, mp.role, mp.valid_from, mp.valid_to
     FROM membership_period mp JOIN membership ms ON ms.id = mp.membership_id
     WHERE mp.family = 'party' AND mp.status IN ('official', 'probationary') AND mp.valid_to > $1::date
       AND mp.unit_id IN (SELECT DISTINCT unit_id FROM demo_plan)`,
    [o.first],
  );
  await q.exec('ANALYZE demo_member; ALTER TABLE demo_plan ADD COLUMN day date');
  await q.query(`UPDATE demo_plan SET day = ${LOCAL('starts_at')}::date`);
  // Each layer ends in OFFSET 0 so that the planner keeps it a layer: otherwise every reference to a
  // draw would be expanded into its own hash computation.
  await q.query(
    `INSERT INTO invitation (meeting_id, person_id, role, away, reply, reply_reason, reply_remote, replied_at,
       attendance, attendance_method, attended_at)
     SELECT f.meeting_id, f.person_id, f.role, f.away, f.reply,
            CASE WHEN f.reply = 'excused' THEN
              CASE WHEN f.away THEN ($3::text[])[1 + floor(f.u3 * array_length($3::text[], 1))::int]
                   ELSE ($4::text[])[1 + floor(f.u3 * array_length($4::text[], 1))::int] END
            END,
            f.away AND f.reply IS NOT DISTINCT FROM 'attend',
            CASE WHEN f.reply IS NOT NULL THEN f.replied0 END,
            f.attendance,
            CASE WHEN f.attendance IN ${ATTENDED} AND f.app THEN (CASE WHEN f.u2 < 0.55 THEN 'qr' ELSE 'code' END)
                 WHEN f.attendance IS NOT NULL THEN 'secretary' END,
            CASE f.attendance
              WHEN 'present' THEN f.starts_at - make_interval(mins => floor(20 * f.u3)::int)
              WHEN 'late' THEN f.starts_at + make_interval(mins => 10 + floor(30 * f.u3)::int)
              WHEN 'remote' THEN f.starts_at + make_interval(mins => floor(5 * f.u3)::int)
            END
     FROM (
       SELECT r.*,
              CASE WHEN r.status <> 'held' THEN NULL
                WHEN r.reply = 'excused' THEN 'excused'
                WHEN r.reply = 'attend' AND r.away THEN (CASE WHEN r.u1 < 0.95 THEN 'remote' ELSE 'absent' END)
                WHEN r.reply = 'attend' THEN (CASE WHEN r.u1 < 0.91 THEN 'present' WHEN r.u1 < 0.97 THEN 'late' ELSE 'absent' END)
                WHEN r.away THEN (CASE WHEN r.u1 < 0.4 THEN 'remote' ELSE 'absent' END)
                ELSE (CASE WHEN r.u1 < 0.62 THEN 'present' WHEN r.u1 < 0.7 THEN 'late'
                           WHEN r.u1 < 0.85 THEN 'excused' ELSE 'absent' END)
              END AS attendance
       FROM (
         SELECT d.*, CASE WHEN d.replied0 <= $2::timestamptz THEN d.reply0 END AS reply
         FROM (
           SELECT b.meeting_id, b.status, b.starts_at, b.person_id, b.role, b.app, b.away, b.u1, b.u2, b.u3,
                  CASE WHEN b.away THEN (CASE WHEN b.u0 < 0.75 THEN 'attend' WHEN b.u0 < 0.9 THEN 'excused' END)
                       ELSE (CASE WHEN b.u0 < 0.86 THEN 'attend' WHEN b.u0 < 0.92 THEN 'excused' END)
                  END AS reply0,
                  b.scheduled_at + (b.starts_at - b.scheduled_at) * (0.05 + 0.9 * b.u2) AS replied0
           FROM (
             SELECT c.*, (c.h & 65535) / 65536.0::float8 AS u0, ((c.h >> 16) & 65535) / 65536.0::float8 AS u1,
                    ((c.h >> 32) & 65535) / 65536.0::float8 AS u2, ((c.h >> 48) & 65535) / 65536.0::float8 AS u3,
                    (c.role = 'home' AND (c.ha & 65535) < 0.05 * 65536) AS away
             FROM (
               SELECT p.meeting_id, p.status, p.starts_at, p.scheduled_at, ms.person_id, ms.role,
                      (a.activated_at IS NOT NULL AND a.activated_at < p.starts_at) AS app,
                      hashtextextended($1 || ':inv:' || p.unit_id || ':' || p.month || ':' || p.kind || ':' || ms.person_id, 0) AS h,
                      hashtextextended($1 || ':away:' || ms.person_id, 0) AS ha
               FROM demo_plan p
               JOIN demo_member ms ON ms.unit_id = p.unit_id AND ms.valid_from <= p.day AND ms.valid_to > p.day
               LEFT JOIN demo_account a ON a.person_id = ms.person_id
               OFFSET 0
             ) c OFFSET 0
           ) b OFFSET 0
         ) d OFFSET 0
       ) r OFFSET 0
     ) f`,
    [o.seed, o.now, AWAY_EXCUSES, EXCUSES],
  );
  // The chair is the cell's secretary (the demo secretary in their cell), the minute taker the next in line.
  await q.query(
    `UPDATE meeting m SET chair_person_id = x.people[1], secretary_person_id = x.people[2]
     FROM (
       SELECT i.meeting_id, array_agg(i.person_id ORDER BY
                CASE WHEN a.username = 'secretary' THEN -1 ELSE ${u1(`$1 || ':chair:' || p.unit_id || ':' || i.person_id`)} END) AS people
       FROM invitation i JOIN demo_plan p ON p.meeting_id = i.meeting_id
       LEFT JOIN account a ON a.person_id = i.person_id AND a.username = 'secretary'
       WHERE i.role = 'home' GROUP BY i.meeting_id
     ) x WHERE m.id = x.meeting_id`,
    [o.seed],
  );
}

/** Agenda items; on held meetings some items were voted on, by the members present (tallies match). */
async function writeAgendaAndVotes(q: Queryable, o: { seed: string }) {
  await q.query(
    `INSERT INTO agenda_item (meeting_id, position, title, vote, vote_opened_at, vote_closed_at)
     SELECT p.meeting_id, a.pos, a.title, a.vote,
            CASE WHEN a.vote <> 'none' AND p.status = 'held' THEN p.starts_at + make_interval(mins => 50 + 15 * a.pos) END,
            CASE WHEN a.vote <> 'none' AND p.status = 'held' THEN p.starts_at + make_interval(mins => 58 + 15 * a.pos) END
     FROM demo_plan p
     CROSS JOIN LATERAL (VALUES
       (0, CASE WHEN p.kind = 'regular' THEN 'Đánh giá kết quả thực hiện nhiệm vụ tháng ' || to_char(p.month - interval '1 month', 'MM/YYYY')
                ELSE 'Báo cáo chuyên đề' END, 'none'),
       (1, CASE WHEN p.kind = 'regular' THEN ($1::text[])[p.theme + 1]
                ELSE 'Thảo luận, liên hệ thực tiễn của chi bộ và đảng viên' END, p.theme_vote),
       (2, CASE WHEN p.kind = 'regular' THEN 'Phương hướng, nhiệm vụ tháng ' || to_char(p.month, 'MM/YYYY')
                ELSE 'Kết luận của đồng chí chủ trì' END, 'none'),
       (3, CASE WHEN p.kind = 'regular' THEN 'Thông qua nghị quyết chi bộ tháng ' || to_char(p.month, 'MM/YYYY') END, p.res_vote)
     ) AS a (pos, title, vote)
     WHERE a.title IS NOT NULL
     ORDER BY p.n, a.pos`,
    [THEMES.map((t) => t.item)],
  );
  await q.query(
    `CREATE TEMP TABLE demo_ballot AS
     SELECT a.id AS item_id, a.meeting_id, a.position, a.vote, i.person_id,
            CASE WHEN x.u1 < 0.92 THEN 'for' WHEN x.u1 < 0.96 THEN 'abstain' ELSE 'against' END AS choice
     FROM agenda_item a
     JOIN demo_plan p ON p.meeting_id = a.meeting_id AND p.status = 'held'
     JOIN invitation i ON i.meeting_id = a.meeting_id AND i.attendance IN ${ATTENDED}
     ${draws(`$1 || ':ballot:' || p.unit_id || ':' || p.month || ':' || p.kind || ':' || a.position || ':' || i.person_id`, 'x')}
     WHERE a.vote <> 'none' AND x.u0 < 0.97`,
    [o.seed],
  );
  // A secret ballot keeps only that the member voted; the choices live in the tally alone.
  await q.query(
    `INSERT INTO vote_cast (item_id, person_id, choice)
     SELECT item_id, person_id, CASE WHEN vote = 'open' THEN choice END FROM demo_ballot`,
  );
  await q.query(
    `INSERT INTO vote_tally (item_id, choice, n)
     SELECT b.item_id, c.choice, (count(*) FILTER (WHERE b.choice = c.choice))::int
     FROM demo_ballot b CROSS JOIN (VALUES ('for'), ('against'), ('abstain')) AS c (choice)
     GROUP BY b.item_id, c.choice ORDER BY b.item_id, c.choice`,
  );
}

function fill(text: string, month: string): string {
  return text
    .replaceAll('{m}', monthLabel(month))
    .replaceAll('{prev}', monthLabel(addMonths(month, -1)))
    .replaceAll('{next}', monthLabel(addMonths(month, 1)));
}

/** Draft and adopted paragraphs for a theme, month and length: opening, 1–4 theme paragraphs, closing. */
function paragraphsOf(theme: number, month: string, count: number, resolved: boolean) {
  const t = THEMES[theme]!;
  const body = (resolved ? t.resolved : t.paragraphs).slice(0, count - 2);
  const all = [
    resolved ? RESOLVED_OPENING : DRAFT_OPENING,
    ...body,
    resolved ? RESOLVED_CLOSING : DRAFT_CLOSING,
  ];
  return all.map((text, i) => ({ id: `p${i + 1}`, text: fill(text, month) }));
}

/**
 * Drafts (sent with the announcement), members' opinions on them with some answers, the adopted
 * resolutions and the minutes, whose figures are those of the attendance and the votes.
 */
async function writeTexts(q: Queryable, o: { seed: string; now: string; plan: PlannedMeeting[] }) {
  const combos = new Map<string, [number, string, number]>();
  for (const m of o.plan) {
    if (m.kind === 'regular')
      combos.set(`${m.theme}|${m.month}|${m.paragraphs}`, [m.theme, m.month, m.paragraphs]);
  }
  const rows: unknown[][] = [];
  for (const [theme, month, count] of combos.values()) {
    for (const kind of ['draft_resolution', 'resolution'] as const) {
      const label = monthLabel(month);
      rows.push([
        theme,
        month,
        count,
        kind,
        kind === 'resolution'
          ? `Nghị quyết chi bộ tháng ${label}`
          : `Dự thảo Nghị quyết chi bộ tháng ${label}`,
        JSON.stringify(paragraphsOf(theme, month, count, kind === 'resolution')),
      ]);
    }
  }
  await q.query(
    `CREATE TEMP TABLE demo_text (theme int, month date, paras int, kind text, title text, paragraphs jsonb)`,
  );
  await insertColumns(
    q,
    `INSERT INTO demo_text SELECT * FROM unnest($1::int[], $2::date[], $3::int[], $4::text[], $5::text[], $6::jsonb[])`,
    rows,
    6,
  );
  await q.query(
    `INSERT INTO meeting_text (meeting_id, kind, version, title, paragraphs, published_at, signed_off_at)
     SELECT p.meeting_id, t.kind, 1, t.title, t.paragraphs,
            CASE t.kind WHEN 'draft_resolution' THEN p.draft_at ELSE p.resolution_at END,
            CASE t.kind WHEN 'resolution' THEN p.resolution_at END
     FROM demo_plan p JOIN demo_text t ON t.theme = p.theme AND t.month = p.month AND t.paras = p.paras
     WHERE p.kind = 'regular'
       AND ((t.kind = 'draft_resolution' AND p.draft_at IS NOT NULL) OR (t.kind = 'resolution' AND p.resolution_at IS NOT NULL))
     ORDER BY p.n, t.kind`,
  );
  await q.query(
    `INSERT INTO meeting_text (meeting_id, kind, version, title, paragraphs, published_at, signed_off_at)
     SELECT p.meeting_id, 'minutes', 1,
            'Biên bản ' || lower(left(p.topic, 1)) || substr(p.topic, 2),
            jsonb_build_array(
              jsonb_build_object('id', 'p1', 'text', format('Thời gian: %s ngày %s. Địa điểm: %s.',
                to_char(${LOCAL('p.starts_at')}, 'HH24"h"MI'), to_char(${LOCAL('p.starts_at')}, 'DD/MM/YYYY'), p.place)),
              jsonb_build_object('id', 'p2', 'text', format(
                'Thành phần: tổng số đảng viên được triệu tập %s; có mặt %s (trong đó %s dự trực tuyến, %s đến muộn); vắng có lý do %s; vắng không có lý do %s.',
                s.invited, s.attended, s.remote, s.late, s.excused, s.absent)),
              jsonb_build_object('id', 'p3', 'text', format('Chủ trì: đồng chí %s. Thư ký: đồng chí %s.',
                coalesce(chair.full_name, 'bí thư chi bộ'), coalesce(sec.full_name, 'phó bí thư chi bộ'))),
              jsonb_build_object('id', 'p4', 'text', 'Nội dung: ' || p.topic || '.'),
              jsonb_build_object('id', 'p5', 'text', CASE
                WHEN p.kind = 'thematic' THEN 'Các đồng chí đảng viên tham gia thảo luận, liên hệ với nhiệm vụ được giao; đồng chí chủ trì kết luận buổi sinh hoạt.'
                WHEN v.voters IS NOT NULL THEN format('Chi bộ biểu quyết thông qua nghị quyết: %s/%s đồng chí tán thành, %s không tán thành, %s không biểu quyết.',
                  v.yes, s.attended, v.no, s.attended - v.yes - v.no)
                ELSE 'Chi bộ thống nhất thông qua nghị quyết tháng ' || to_char(p.month, 'MM/YYYY') || '.' END)
            ),
            p.minutes_at, p.minutes_at
     FROM demo_plan p
     JOIN meeting m ON m.id = p.meeting_id
     JOIN LATERAL (
       SELECT count(*)::int AS invited,
              (count(*) FILTER (WHERE i.attendance IN ${ATTENDED}))::int AS attended,
              (count(*) FILTER (WHERE i.attendance = 'remote'))::int AS remote,
              (count(*) FILTER (WHERE i.attendance = 'late'))::int AS late,
              (count(*) FILTER (WHERE i.attendance = 'excused'))::int AS excused,
              (count(*) FILTER (WHERE i.attendance = 'absent'))::int AS absent
       FROM invitation i WHERE i.meeting_id = p.meeting_id
     ) s ON true
     LEFT JOIN (
       SELECT b.meeting_id, count(*)::int AS voters, (count(*) FILTER (WHERE b.choice = 'for'))::int AS yes,
              (count(*) FILTER (WHERE b.choice = 'against'))::int AS no
       FROM demo_ballot b WHERE b.position = 3 GROUP BY b.meeting_id
     ) v ON v.meeting_id = p.meeting_id
     LEFT JOIN person chair ON chair.id = m.chair_person_id
     LEFT JOIN person sec ON sec.id = m.secretary_person_id
     WHERE p.minutes_at IS NOT NULL
     ORDER BY p.n`,
  );
  // Opinions from members who had the app when the draft came out; answers and adoption at the meeting.
  await q.query(
    `INSERT INTO draft_comment (text_id, paragraph_id, person_id, body, created_at, answer, answered_at, adopted)
     SELECT c.text_id, c.paragraph_id, c.person_id, c.body, c.created_at,
            CASE WHEN c.answered THEN ($4::text[])[1 + floor(${bits('c.hy', 0)} * array_length($4::text[], 1))::int] END,
            CASE WHEN c.answered THEN c.created_at + (c.starts_at - c.created_at) * (0.2 + 0.7 * ${bits('c.hy', 1)}) END,
            c.answered AND ${bits('c.hy', 2)} < 0.45
     FROM (
       SELECT b.text_id, b.person_id, b.starts_at, b.hy,
              CASE WHEN ${bits('b.h', 1)} < 0.25 THEN NULL ELSE 'p' || (1 + floor(${bits('b.h', 2)} * b.paras)::int) END AS paragraph_id,
              CASE WHEN ${bits('b.h', 1)} < 0.25
                   THEN ($3::text[])[1 + floor(${bits('b.h', 3)} * array_length($3::text[], 1))::int]
                   ELSE ($5::jsonb -> b.theme) ->> floor(${bits('b.h', 3)} * jsonb_array_length($5::jsonb -> b.theme))::int END AS body,
              b.published_at + (least(b.starts_at, $2::timestamptz) - b.published_at) * (0.05 + 0.85 * ${bits('b.h', 3)}) AS created_at,
              b.status = 'held' AND ${bits('b.hy', 3)} < 0.55 AS answered
       FROM (
         SELECT t.id AS text_id, t.published_at, i.person_id, p.starts_at, p.status, p.paras, p.theme, x.h,
                hashtextextended($1 || ':answer:' || p.unit_id || ':' || p.month || ':' || i.person_id, 0) AS hy
         FROM meeting_text t
         JOIN demo_plan p ON p.meeting_id = t.meeting_id
         JOIN invitation i ON i.meeting_id = t.meeting_id
         JOIN demo_account a ON a.person_id = i.person_id AND a.activated_at <= t.published_at
         CROSS JOIN LATERAL (SELECT hashtextextended($1 || ':comment:' || p.unit_id || ':' || p.month || ':' || i.person_id, 0) AS h) x
         WHERE t.kind = 'draft_resolution' AND ${bits('x.h', 0)} < 0.16
         OFFSET 0
       ) b OFFSET 0
     ) c
     WHERE c.created_at <= $2::timestamptz
     ORDER BY c.text_id, c.created_at, c.person_id`,
    [o.seed, o.now, GENERAL_COMMENTS, ANSWERS, JSON.stringify(THEMES.map((t) => t.comments))],
  );
}

/** Tasks handed out at held regular meetings: mostly done, some open, a few overdue. */
async function writeTasks(q: Queryable, o: { seed: string; now: string; today: string }) {
  await q.query(
    `INSERT INTO cell_task (unit_id, meeting_id, assignee_person_id, title, due_on, status, report, reported_at,
       created_at, updated_at)
     SELECT t.unit_id, t.meeting_id, t.person_id, t.title, t.due_on, t.status,
            CASE WHEN t.status = 'done' THEN ($4::text[])[1 + floor(t.u2 * array_length($4::text[], 1))::int] END,
            t.reported_at, t.held_at, coalesce(t.reported_at, t.held_at)
     FROM (
       SELECT s.*,
              CASE WHEN s.status = 'done' THEN s.held_at
                + (least((s.due_on::timestamp + interval '10 hours') AT TIME ZONE 'UTC', $2::timestamptz) - s.held_at)
                  * (0.2 + 0.8 * s.u3) END AS reported_at
       FROM (
         SELECT r.*, (r.day + 14 + floor(31 * r.u0)::int) AS due_on,
                CASE WHEN (r.day + 14 + floor(31 * r.u0)::int) < $3::date
                     THEN (CASE WHEN r.u1 < 0.85 THEN 'done' WHEN r.u1 < 0.88 THEN 'cancelled' ELSE 'open' END)
                     ELSE (CASE WHEN r.u1 < 0.3 THEN 'done' ELSE 'open' END) END AS status
         FROM (
           SELECT w.*, ($5::jsonb -> w.theme) ->> (w.rn - 1)::int AS title
           FROM (
             SELECT p.unit_id, p.meeting_id, p.held_at, p.theme, ${LOCAL('p.starts_at')}::date AS day, i.person_id,
                    d.u0, d.u1, d.u2, d.u3,
                    row_number() OVER (PARTITION BY p.meeting_id
                      ORDER BY ${u1(`$1 || ':assign:' || p.unit_id || ':' || p.month || ':' || i.person_id`)}, i.person_id) AS rn,
                    floor(4 * k.u0)::int AS k
             FROM demo_plan p
             ${draws(`$1 || ':tasks:' || p.unit_id || ':' || p.month`, 'k')}
             JOIN invitation i ON i.meeting_id = p.meeting_id AND i.attendance IN ${ATTENDED}
             ${draws(`$1 || ':task:' || p.unit_id || ':' || p.month || ':' || i.person_id`, 'd')}
             WHERE p.kind = 'regular' AND p.status = 'held'
           ) w WHERE w.rn <= w.k
         ) r
       ) s
     ) t
     ORDER BY t.meeting_id, t.rn`,
    [o.seed, o.now, o.today, TASK_REPORTS, JSON.stringify(THEMES.map((t) => t.tasks))],
  );
}

interface PlannedDocument {
  issuer: 'province' | number;
  kind: DocumentTemplate['kind'];
  number: string;
  title: string;
  summary: string;
  body: string;
  publishedAt: string;
}

function documentBody(t: DocumentTemplate, issuerName: string): string {
  return [
    t.summary,
    `Các cấp ủy, chi bộ trực thuộc ${issuerName} tổ chức quán triệt đến toàn thể cán bộ, đảng viên; xây dựng kế hoạch thực hiện phù hợp với tình hình thực tế.`,
    'Đảng viên nghiên cứu, học tập và xác nhận đã học tập trên sổ tay đảng viên điện tử.',
    'Định kỳ sáu tháng, các chi bộ báo cáo kết quả thực hiện về cấp ủy cấp trên.',
  ].join('\n\n');
}

/** The documents of the year: seven from the province, a few from each commune. */
function planDocuments(o: { seed: number; now: Date; first: string }) {
  const r = new Random(o.seed).fork('handbook:documents');
  const start = Date.parse(`${o.first}T02:00:00Z`);
  const span = o.now.getTime() - 3 * 3_600_000 - start;
  const at = (share: number) => new Date(start + Math.floor(span * share)).toISOString();
  const province: Omit<PlannedDocument, 'body'>[] = [];
  const numbers = new Map<string, number>();
  const next = (kind: string, from: number) => {
    const n = (numbers.get(kind) ?? from) + r.int(1, 4);
    numbers.set(kind, n);
    return n;
  };
  // Not everything the provincial committee issues goes to every member's handbook: about one in two months.
  const chosen = r
    .sample(PROVINCE_DOCUMENTS, 7)
    .sort((a, b) => PROVINCE_DOCUMENTS.indexOf(a) - PROVINCE_DOCUMENTS.indexOf(b));
  chosen.forEach((t, i) => {
    const share = (i + r.float(0.1, 0.9)) / chosen.length;
    province.push({
      issuer: 'province',
      kind: t.kind,
      number: `${next(t.kind, r.int(20, 40))}-${DOCUMENT_CODES[t.kind]}/TU`,
      title: t.title,
      summary: t.summary,
      publishedAt: at(share),
    });
  });
  return { province, commune: (code: string) => communeDocuments(r.fork(`commune:${code}`), at) };
}

function communeDocuments(r: Random, at: (share: number) => string) {
  const picks = r.sample(COMMUNE_DOCUMENTS, r.int(2, 4));
  const shares = picks.map(() => r.float(0.02, 1)).sort((a, b) => a - b);
  let number = r.int(3, 30);
  return picks.map((t, i) => {
    number += r.int(2, 9);
    return {
      kind: t.kind,
      number: `${number}-${DOCUMENT_CODES[t.kind]}/ĐU`,
      title: t.title,
      summary: t.summary,
      publishedAt: at(shares[i]!),
      template: t,
    };
  });
}

/**
 * Documents of the provincial committee and of every commune, read by most members who use the app
 * (within days of publication) and studied by many.
 */
async function writeDocuments(
  q: Queryable,
  o: {
    seed: string;
    now: string;
    documents: ReturnType<typeof planDocuments>;
    exceptions: HandbookDemoCells;
  },
) {
  const issuers = await q.query<{ id: number; code: string; name: string; kind: string }>(
    `SELECT v.unit_id AS id, u.code, v.name, v.kind_code AS kind FROM unit_version v JOIN unit u ON u.id = v.unit_id
     WHERE v.valid_to = 'infinity' AND u.closed_on IS NULL AND (u.code = 'province' OR v.kind_code = 'commune_committee')
     ORDER BY u.code`,
  );
  const publishers = await q.query<{ username: string; id: number }>(
    `SELECT username, id FROM account WHERE username IN ('staff', 'commune')`,
  );
  const staff = publishers.find((p) => p.username === 'staff')?.id ?? null;
  const communeAccount = publishers.find((p) => p.username === 'commune')?.id ?? null;
  const province = issuers.find((i) => i.code === 'province');
  const rows: unknown[][] = [];
  if (province) {
    for (const d of o.documents.province) {
      const t = PROVINCE_DOCUMENTS.find((x) => x.title === d.title)!;
      rows.push([
        province.id,
        d.kind,
        d.number,
        d.title,
        d.summary,
        documentBody(t, province.name),
        d.publishedAt,
        staff,
      ]);
    }
  }
  for (const c of issuers.filter((i) => i.kind === 'commune_committee')) {
    for (const d of o.documents.commune(c.code)) {
      const by = c.id === o.exceptions.commune.id ? communeAccount : null;
      rows.push([
        c.id,
        d.kind,
        d.number,
        d.title,
        d.summary,
        documentBody(d.template, c.name),
        d.publishedAt,
        by,
      ]);
    }
  }
  rows.sort((a, b) =>
    (a[6] as string) < (b[6] as string) ? -1 : (a[6] as string) > (b[6] as string) ? 1 : 0,
  );
  await q.query(`CREATE TEMP TABLE demo_document (document_id int)`);
  await insertColumns(
    q,
    `WITH ins AS (
       INSERT INTO published_document (issuer_unit_id, kind, number, title, summary, body, published_at, published_by)
       SELECT i, k, nb, t, s, b, p, by FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
         $7::timestamptz[], $8::int[]) AS x (i, k, nb, t, s, b, p, by) ORDER BY p, i
       RETURNING id
     )
     INSERT INTO demo_document (document_id) SELECT id FROM ins`,
    rows,
    8,
  );
  await q.query(
    `INSERT INTO document_read (document_id, person_id, read_at, studied_at)
     SELECT r.document_id, r.person_id, r.read_at,
            CASE WHEN r.u2 < 0.7 AND r.read_at + (r.u3 * 5) * interval '1 day' <= $2::timestamptz
                 THEN r.read_at + (r.u3 * 5) * interval '1 day' END
     FROM (
       SELECT d.id AS document_id, a.person_id, x.u2, x.u3,
              greatest(d.published_at, a.activated_at) + (-ln(1 - x.u0) * 4) * interval '1 day' AS read_at
       FROM demo_document dd
       JOIN published_document d ON d.id = dd.document_id
       JOIN unit_closure c ON c.ancestor_id = d.issuer_unit_id AND c.valid_to = 'infinity'
       JOIN demo_account a ON a.unit_id = c.descendant_id AND a.activated_at IS NOT NULL
       ${draws(`$1 || ':read:' || d.number || ':' || d.issuer_unit_id || ':' || a.person_id`, 'x')}
       WHERE x.u1 < 0.88
     ) r
     WHERE r.read_at <= $2::timestamptz`,
    [o.seed, o.now],
  );
  await q.exec('ANALYZE demo_document');
}

/**
 * Days of use: most activated members opened the app in the last 30 days (some often, some rarely);
 * before that, the frequent users are seen on the days they checked in at a meeting.
 */
async function writeActiveDays(q: Queryable, o: { seed: string; now: string; today: string }) {
  await q.query(
    `INSERT INTO account_active_day (account_id, day)
     SELECT a.account_id, g::date
     FROM demo_account a CROSS JOIN generate_series($2::date - 29, $2::date, interval '1 day') AS g
     WHERE a.activated_at IS NOT NULL AND g::date >= ${LOCAL('a.activated_at')}::date
       AND ${u1(`$1 || ':day:' || a.person_id || ':' || g::date`)} < a.density
     UNION ALL
     -- earlier: the days frequent users checked in at a meeting with the app
     SELECT DISTINCT a.account_id, ${LOCAL('i.attended_at')}::date
     FROM demo_account a
     JOIN invitation i ON i.person_id = a.person_id AND i.attendance_method IN ('qr', 'code')
     WHERE a.density >= 0.1 AND ${LOCAL('i.attended_at')}::date < $2::date - 29`,
    [o.seed, o.today],
  );
  await q.query(
    `UPDATE account a SET last_active_at = least(x.last + interval '12 hours', $1::timestamptz)
     FROM (SELECT d.account_id, max(d.day)::timestamp AT TIME ZONE 'UTC' AS last
           FROM account_active_day d JOIN demo_account da ON da.account_id = d.account_id GROUP BY d.account_id) x
     WHERE a.id = x.account_id`,
    [o.now],
  );
}
