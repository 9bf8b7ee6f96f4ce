import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/app.ts';
import type { Queryable } from '../src/server/db/client.ts';
import { seedDemo, type DemoAccount } from '../src/server/modules/demo/seed.ts';
import {
  findHandbookDemoCells,
  NO_PASSWORD_HASH,
  writeCellLife,
  type HandbookDemoCells,
} from '../src/server/modules/demo/handbook.ts';
import { refreshCellMonths } from '../src/server/modules/meetings/cell-month.ts';
import { DEFAULT_DEMO_SEED } from '../src/server/modules/demo/plan.ts';
import { addMonths, planMeetings, type CellMonth } from '../src/server/modules/demo/handbook.plan.ts';

const TODAY = '2026-11-20';
const CURRENT = '2026-11-01';
const FIRST = '2025-11-01';

let t: TestApp;
let accounts: DemoAccount[];
let cells: HandbookDemoCells;

const one = async <T>(sql: string, params: unknown[] = []) => (await t.tdb.db.query<T>(sql, params))[0]!;

/** The figures the generator is judged by, read from the tables. */
async function counts(q: Queryable) {
  const rows = await q.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM meeting) AS meetings,
            (SELECT count(*)::int FROM meeting WHERE status = 'held') AS held,
            (SELECT count(*)::int FROM invitation) AS invitations,
            (SELECT count(*)::int FROM invitation WHERE attendance IN ('present', 'late', 'remote')) AS attended,
            (SELECT count(*)::int FROM invitation WHERE reply IS NOT NULL) AS replies,
            (SELECT count(*)::int FROM agenda_item) AS items,
            (SELECT count(*)::int FROM meeting_text) AS texts,
            (SELECT count(*)::int FROM draft_comment) AS comments,
            (SELECT count(*)::int FROM vote_cast) AS ballots,
            (SELECT count(*)::int FROM cell_task) AS tasks,
            (SELECT count(*)::int FROM cell_task WHERE status = 'done') AS done,
            (SELECT count(*)::int FROM published_document) AS documents,
            (SELECT count(*)::int FROM document_read) AS reads,
            (SELECT count(*)::int FROM account WHERE password_hash = $1) AS accounts,
            (SELECT count(*)::int FROM account WHERE password_hash = $1 AND activated_at IS NOT NULL) AS activated,
            (SELECT count(*)::int FROM account_active_day) AS "activeDays",
            (SELECT count(*)::int FROM cell_month) AS "cellMonths"`,
    [NO_PASSWORD_HASH],
  );
  return rows[0]!;
}

beforeAll(async () => {
  t = await createTestApp({ today: TODAY });
  accounts = await seedDemo(t.tdb.db, t.services);
  cells = await findHandbookDemoCells(t.tdb.db);
}, 900_000);
afterAll(async () => t?.close());

describe('a year of cell life in the demo province', () => {
  it('holds a regular meeting in most cell-months, scheduled by the 20th of the month before', async () => {
    const r = await one<{ cellMonths: number; regular: number; onTime: number; held: number; cells: number }>(
      `WITH cm AS (
         SELECT DISTINCT v.unit_id, g::date AS m
         FROM generate_series($1::date, $2::date - 1, interval '1 month') g
         JOIN unit_version v ON v.valid_from <= g::date AND v.valid_to > g::date + 27
           AND v.kind_code IN ('party_cell', 'grassroots_party_cell')
         WHERE EXISTS (SELECT 1 FROM invitation i JOIN meeting m ON m.id = i.meeting_id WHERE m.unit_id = v.unit_id)
       )
       SELECT (SELECT count(*)::int FROM cm) AS "cellMonths",
              count(*)::int AS regular,
              (count(*) FILTER (WHERE m.scheduled_at < (m.month - interval '1 month' + interval '20 days' + interval '17 hours')))::int AS "onTime",
              (count(*) FILTER (WHERE m.status = 'held'))::int AS held,
              count(DISTINCT m.unit_id)::int AS cells
       FROM meeting m WHERE m.kind = 'regular' AND m.month >= $1 AND m.month < $2`,
      [FIRST, CURRENT],
    );
    expect(r.cells).toBeGreaterThan(700);
    expect(r.regular / r.cellMonths).toBeGreaterThan(0.8);
    expect(r.regular / r.cellMonths).toBeLessThan(0.97);
    expect(r.onTime / r.regular).toBeGreaterThan(0.75);
    expect(r.onTime / r.regular).toBeLessThan(0.98);
    expect(r.held / r.regular).toBeGreaterThan(0.9);
    expect(r.held / r.regular).toBeLessThan(1);

    const twice = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT unit_id, month FROM meeting WHERE kind IN ('regular', 'thematic')
       GROUP BY unit_id, month, kind HAVING count(*) > 1) x`,
    );
    expect(twice.n).toBe(0);
    const quarters = await one<{ share: number }>(
      `SELECT avg(n)::float8 AS share FROM (
         SELECT unit_id, date_trunc('quarter', month) AS q, (count(*) FILTER (WHERE kind = 'thematic' AND status = 'held') > 0)::int AS n
         FROM meeting WHERE month >= '2026-01-01' AND month < '2026-10-01' GROUP BY 1, 2) x`,
    );
    expect(quarters.share).toBeGreaterThan(0.6);
    expect(quarters.share).toBeLessThan(0.95);
    const published = await one<{ share: number; late: number }>(
      `SELECT avg((minutes_published_at IS NOT NULL)::int)::float8 AS share,
              avg((minutes_published_at > held_at + interval '4 days')::int)::float8 AS late
       FROM meeting WHERE status = 'held'`,
    );
    expect(published.share).toBeGreaterThan(0.85);
    expect(published.share).toBeLessThan(1);
    expect(published.late).toBeGreaterThan(0.02);
  });

  it('invites the members, who reply before the meeting and attend about nine in ten', async () => {
    const r = await one<{ invited: number; attended: number; remote: number; late: number; excused: number }>(
      `SELECT count(*)::int AS invited,
              (count(*) FILTER (WHERE i.attendance IN ('present', 'late', 'remote')))::int AS attended,
              (count(*) FILTER (WHERE i.attendance = 'remote'))::int AS remote,
              (count(*) FILTER (WHERE i.attendance = 'late'))::int AS late,
              (count(*) FILTER (WHERE i.attendance = 'excused'))::int AS excused
       FROM invitation i JOIN meeting m ON m.id = i.meeting_id WHERE m.status = 'held'`,
    );
    expect(r.attended / r.invited).toBeGreaterThan(0.85);
    expect(r.attended / r.invited).toBeLessThan(0.94);
    expect(r.remote).toBeGreaterThan(0);
    expect(r.late).toBeGreaterThan(0);
    expect(r.excused).toBeGreaterThan(0);

    const wrong = await one<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM invitation i JOIN meeting m ON m.id = i.meeting_id
               WHERE i.replied_at >= m.starts_at OR i.replied_at < m.scheduled_at OR i.replied_at > $1::timestamptz) AS "lateReplies",
              (SELECT count(*)::int FROM invitation i JOIN meeting m ON m.id = i.meeting_id
               WHERE m.status <> 'held' AND i.attendance IS NOT NULL) AS "attendanceWithoutMeeting",
              (SELECT count(*)::int FROM invitation i WHERE i.reply = 'excused' AND i.reply_reason IS NULL) AS "excusesWithoutReason",
              (SELECT count(*)::int FROM invitation i JOIN meeting m ON m.id = i.meeting_id
               LEFT JOIN membership ms ON ms.person_id = i.person_id AND ms.family = 'party'
               WHERE NOT EXISTS (SELECT 1 FROM membership_period p WHERE p.membership_id = ms.id AND p.unit_id = m.unit_id
                 AND p.status IN ('official', 'probationary') AND p.valid_from <= m.starts_at::date + 1 AND p.valid_to > m.starts_at::date - 1)) AS strangers,
              (SELECT count(*)::int FROM meeting WHERE scheduled_at > $1::timestamptz OR held_at > $1::timestamptz
                 OR minutes_published_at > $1::timestamptz OR (status = 'held' AND held_at < starts_at)) AS "futureFacts",
              (SELECT count(*)::int FROM cell_month WHERE attended > invited) AS "overAttended"`,
      [t.clock.now().toISOString()],
    );
    expect(wrong).toEqual({
      lateReplies: 0,
      attendanceWithoutMeeting: 0,
      excusesWithoutReason: 0,
      strangers: 0,
      futureFacts: 0,
      overAttended: 0,
    });
  });

  it('records votes only from members present, with tallies that add up', async () => {
    const r = await one<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM vote_cast) AS ballots,
              (SELECT count(*)::int FROM vote_cast c JOIN agenda_item a ON a.id = c.item_id
               LEFT JOIN invitation i ON i.meeting_id = a.meeting_id AND i.person_id = c.person_id
               WHERE i.attendance IS NULL OR i.attendance NOT IN ('present', 'late', 'remote')) AS "absentVoters",
              (SELECT count(*)::int FROM vote_cast c JOIN agenda_item a ON a.id = c.item_id
               WHERE (a.vote = 'secret') <> (c.choice IS NULL)) AS "secretMismatch",
              (SELECT count(*)::int FROM (
                 SELECT a.id FROM agenda_item a
                 LEFT JOIN (SELECT item_id, count(*) AS n FROM vote_cast GROUP BY item_id) c ON c.item_id = a.id
                 LEFT JOIN (SELECT item_id, sum(n) AS n FROM vote_tally GROUP BY item_id) v ON v.item_id = a.id
                 WHERE coalesce(c.n, 0) <> coalesce(v.n, 0)) x) AS "tallyMismatch",
              (SELECT count(*)::int FROM (
                 SELECT a.id FROM agenda_item a JOIN vote_cast c ON c.item_id = a.id
                 GROUP BY a.id, a.meeting_id
                 HAVING count(*) > (SELECT count(*) FROM invitation i WHERE i.meeting_id = a.meeting_id
                                    AND i.attendance IN ('present', 'late', 'remote'))) x) AS "moreVotesThanPresent",
              (SELECT count(*)::int FROM agenda_item WHERE vote = 'secret' AND vote_closed_at IS NOT NULL) AS secret,
              (SELECT count(*)::int FROM vote_cast c JOIN agenda_item a ON a.id = c.item_id
               WHERE a.vote = 'open' AND c.choice = 'for') AS "openFor"`,
    );
    expect(r.ballots).toBeGreaterThan(1000);
    expect(r.secret).toBeGreaterThan(0);
    expect(r.openFor! / r.ballots!).toBeGreaterThan(0.3);
    expect([r.absentVoters, r.secretMismatch, r.tallyMismatch, r.moreVotesThanPresent]).toEqual([0, 0, 0, 0]);
  });

  it('writes drafts of 3–6 paragraphs with members’ opinions, resolutions and minutes that match the attendance', async () => {
    const drafts = await one<{ n: number; short: number; long: number; vietnamese: number }>(
      `SELECT count(*)::int AS n, (count(*) FILTER (WHERE jsonb_array_length(paragraphs) < 3))::int AS short,
              (count(*) FILTER (WHERE jsonb_array_length(paragraphs) > 6))::int AS long,
              (count(*) FILTER (WHERE paragraphs->0->>'text' LIKE 'Chi bộ %'))::int AS vietnamese
       FROM meeting_text WHERE kind = 'draft_resolution'`,
    );
    expect(drafts.n).toBeGreaterThan(5000);
    expect([drafts.short, drafts.long]).toEqual([0, 0]);
    expect(drafts.vietnamese).toBe(drafts.n);
    const comments = await one<{
      n: number;
      answered: number;
      adopted: number;
      badParagraph: number;
      after: number;
    }>(
      `SELECT count(*)::int AS n, (count(*) FILTER (WHERE c.answer IS NOT NULL))::int AS answered,
              (count(*) FILTER (WHERE c.adopted))::int AS adopted,
              (count(*) FILTER (WHERE c.paragraph_id IS NOT NULL AND NOT EXISTS (
                 SELECT 1 FROM jsonb_array_elements(t.paragraphs) p WHERE p->>'id' = c.paragraph_id)))::int AS "badParagraph",
              (count(*) FILTER (WHERE c.created_at < t.published_at OR c.created_at > m.starts_at))::int AS after
       FROM draft_comment c JOIN meeting_text t ON t.id = c.text_id JOIN meeting m ON m.id = t.meeting_id`,
    );
    expect(comments.n).toBeGreaterThan(1000);
    expect(comments.answered).toBeGreaterThan(0);
    expect(comments.adopted).toBeGreaterThan(0);
    expect(comments.adopted).toBeLessThan(comments.answered);
    expect([comments.badParagraph, comments.after]).toEqual([0, 0]);

    // The minutes say how many were invited and present: the same figures as the invitations.
    const sample = await t.tdb.db.query<{ text: string; invited: number; attended: number }>(
      `SELECT t.paragraphs->1->>'text' AS text,
              (SELECT count(*)::int FROM invitation i WHERE i.meeting_id = m.id) AS invited,
              (SELECT count(*)::int FROM invitation i WHERE i.meeting_id = m.id AND i.attendance IN ('present', 'late', 'remote')) AS attended
       FROM meeting_text t JOIN meeting m ON m.id = t.meeting_id WHERE t.kind = 'minutes' ORDER BY t.id LIMIT 50`,
    );
    expect(sample).toHaveLength(50);
    for (const s of sample) {
      expect(s.text).toContain(`được triệu tập ${s.invited}; có mặt ${s.attended} `);
    }
    const missing = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM meeting m WHERE m.minutes_published_at IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM meeting_text t WHERE t.meeting_id = m.id AND t.kind = 'minutes')`,
    );
    expect(missing.n).toBe(0);
  });

  it('hands out tasks at meetings: mostly done, some open, a few overdue', async () => {
    const r = await one<{ n: number; done: number; open: number; overdue: number; strangers: number }>(
      `SELECT count(*)::int AS n, (count(*) FILTER (WHERE status = 'done'))::int AS done,
              (count(*) FILTER (WHERE status = 'open'))::int AS open,
              (count(*) FILTER (WHERE status = 'open' AND due_on < $1::date))::int AS overdue,
              (count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM invitation i WHERE i.meeting_id = k.meeting_id
                 AND i.person_id = k.assignee_person_id)))::int AS strangers
       FROM cell_task k`,
      [TODAY],
    );
    expect(r.n).toBeGreaterThan(5000);
    expect(r.done / r.n).toBeGreaterThan(0.5);
    expect(r.open).toBeGreaterThan(r.overdue);
    expect(r.overdue / r.n).toBeGreaterThan(0.02);
    expect(r.overdue / r.n).toBeLessThan(0.2);
    expect(r.strangers).toBe(0);
  });

  it('publishes numbered documents from the province and the communes, read by most and studied by many', async () => {
    const docs = await t.tdb.db.query<{ number: string; issuer: string; kind: string }>(
      `SELECT d.number, u.code AS issuer, d.kind FROM published_document d JOIN unit u ON u.id = d.issuer_unit_id`,
    );
    expect(docs.filter((d) => d.issuer === 'province').length).toBeGreaterThanOrEqual(5);
    expect(docs.length).toBeGreaterThan(50);
    for (const d of docs) expect(d.number).toMatch(/^\d+-(NQ|CT|KL|HD|TB)\/(TU|ĐU)$/u);
    expect(new Set(docs.map((d) => d.number + d.issuer)).size).toBe(docs.length);
    const reads = await one<{ recipients: number; read: number; studied: number; bad: number }>(
      `SELECT count(*)::int AS recipients, count(r.person_id)::int AS read, count(r.studied_at)::int AS studied,
              (count(*) FILTER (WHERE r.read_at < d.published_at OR r.studied_at < r.read_at
                 OR r.read_at > $1::timestamptz OR r.studied_at > $1::timestamptz))::int AS bad
       FROM published_document d
       JOIN unit_closure c ON c.ancestor_id = d.issuer_unit_id AND c.valid_to = 'infinity'
       JOIN role_assignment ra ON ra.unit_id = c.descendant_id AND ra.role = 'member'
       JOIN account a ON a.id = ra.account_id AND a.password_hash = $2
         AND a.activated_at < $1::timestamptz - interval '30 days' AND a.activated_at < d.published_at
       LEFT JOIN document_read r ON r.document_id = d.id AND r.person_id = a.person_id
       WHERE d.published_at < $1::timestamptz - interval '30 days'`,
      [t.clock.now().toISOString(), NO_PASSWORD_HASH],
    );
    expect(reads.read / reads.recipients).toBeGreaterThan(0.75);
    expect(reads.studied / reads.read).toBeGreaterThan(0.5);
    expect(reads.studied / reads.read).toBeLessThan(0.9);
    expect(reads.bad).toBe(0);
  });

  it('gives most members an account that no password opens; most activated, most used in the last 30 days', async () => {
    const r = await one<{
      members: number;
      accounts: number;
      activated: number;
      recent: number;
      earlier: number;
    }>(
      `SELECT (SELECT count(DISTINCT ms.person_id)::int FROM membership_period p JOIN membership ms ON ms.id = p.membership_id
               WHERE p.family = 'party' AND p.role = 'home' AND p.status IN ('official', 'probationary')
                 AND p.valid_from <= $1 AND p.valid_to > $1) AS members,
              count(*)::int AS accounts, count(a.activated_at)::int AS activated,
              (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM account_active_day d WHERE d.account_id = a.id AND d.day > $1::date - 30)))::int AS recent,
              (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM account_active_day d WHERE d.account_id = a.id AND d.day <= $1::date - 30)))::int AS earlier
       FROM account a WHERE a.password_hash = $2`,
      [TODAY, NO_PASSWORD_HASH],
    );
    expect(r.accounts / r.members).toBeGreaterThan(0.8);
    expect(r.accounts / r.members).toBeLessThan(0.95);
    expect(r.activated / r.accounts).toBeGreaterThan(0.8);
    expect(r.activated / r.accounts).toBeLessThan(0.9);
    expect(r.recent / r.activated).toBeGreaterThan(0.6);
    expect(r.earlier).toBeGreaterThan(0);
    expect(r.earlier).toBeLessThan(r.recent);

    const generated = await one<{ username: string }>(
      `SELECT username FROM account WHERE password_hash = $1 ORDER BY id LIMIT 1`,
      [NO_PASSWORD_HASH],
    );
    for (const password of ['', NO_PASSWORD_HASH, 'correct horse battery staple']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: generated.username, password },
      });
      expect(res.statusCode).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
    }
    for (const a of accounts) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: a.username, password: a.password },
      });
      expect(res.statusCode, a.username).toBe(200);
    }
  });

  it('leaves the walkthrough its two cells: nothing this month or next, but a past year of meetings', async () => {
    expect(cells.secretaryCell.id).not.toBe(cells.skippingCell.id);
    expect(cells.skippingCell.name.startsWith('Chi bộ')).toBe(true);
    const under = await t.tdb.db.query<{ id: number }>(
      `SELECT descendant_id AS id FROM unit_closure WHERE ancestor_id = $1 AND valid_to = 'infinity'`,
      [cells.commune.id],
    );
    expect(under.map((u) => u.id)).toEqual(
      expect.arrayContaining([cells.secretaryCell.id, cells.skippingCell.id]),
    );
    for (const cell of [cells.secretaryCell, cells.skippingCell]) {
      const r = await one<{ now: number; past: number }>(
        `SELECT (count(*) FILTER (WHERE month >= $2))::int AS now, (count(*) FILTER (WHERE month < $2 AND status = 'held'))::int AS past
         FROM meeting WHERE unit_id = $1`,
        [cell.id, CURRENT],
      );
      expect(r.now, cell.name).toBe(0);
      expect(r.past, cell.name).toBeGreaterThan(5);
    }
    // The other cells of the commune mostly have this month's meeting announced.
    const others = await one<{ cells: number; meeting: number }>(
      `SELECT count(*)::int AS cells,
              (count(*) FILTER (WHERE EXISTS (SELECT 1 FROM meeting m WHERE m.unit_id = v.unit_id AND m.month = $2 AND m.kind = 'regular')))::int AS meeting
       FROM unit_closure c JOIN unit_version v ON v.unit_id = c.descendant_id AND v.valid_to = 'infinity'
       WHERE c.ancestor_id = $1 AND c.valid_to = 'infinity' AND v.kind_code IN ('party_cell', 'grassroots_party_cell')
         AND v.unit_id NOT IN ($3, $4)
         AND EXISTS (SELECT 1 FROM meeting m WHERE m.unit_id = v.unit_id)`,
      [cells.commune.id, CURRENT, cells.secretaryCell.id, cells.skippingCell.id],
    );
    expect(others.cells).toBeGreaterThan(0);
    expect(others.meeting / others.cells).toBeGreaterThan(0.6);
    expect(await findHandbookDemoCells(t.tdb.db)).toEqual(cells);
  });

  it('keeps every reference whole and cell_month equal to a fresh rebuild', async () => {
    const orphans = await one<Record<string, number>>(
      `SELECT (SELECT count(*)::int FROM invitation i WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.id = i.person_id)
                 OR NOT EXISTS (SELECT 1 FROM meeting m WHERE m.id = i.meeting_id)) AS invitation,
              (SELECT count(*)::int FROM meeting m WHERE NOT EXISTS (SELECT 1 FROM unit u WHERE u.id = m.unit_id)
                 OR (m.chair_person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = m.chair_person_id))) AS meeting,
              (SELECT count(*)::int FROM agenda_item a WHERE NOT EXISTS (SELECT 1 FROM meeting m WHERE m.id = a.meeting_id)) AS item,
              (SELECT count(*)::int FROM vote_cast c WHERE NOT EXISTS (SELECT 1 FROM agenda_item a WHERE a.id = c.item_id)) AS vote,
              (SELECT count(*)::int FROM draft_comment c WHERE NOT EXISTS (SELECT 1 FROM meeting_text t WHERE t.id = c.text_id)
                 OR NOT EXISTS (SELECT 1 FROM person p WHERE p.id = c.person_id)) AS comment,
              (SELECT count(*)::int FROM cell_task k WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.id = k.assignee_person_id)) AS task,
              (SELECT count(*)::int FROM document_read r WHERE NOT EXISTS (SELECT 1 FROM published_document d WHERE d.id = r.document_id)
                 OR NOT EXISTS (SELECT 1 FROM person p WHERE p.id = r.person_id)) AS read,
              (SELECT count(*)::int FROM role_assignment r WHERE NOT EXISTS (SELECT 1 FROM account a WHERE a.id = r.account_id)
                 OR NOT EXISTS (SELECT 1 FROM unit u WHERE u.id = r.unit_id)) AS role,
              (SELECT count(*)::int FROM account a WHERE a.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM person p WHERE p.id = a.person_id)) AS account`,
    );
    expect(Object.values(orphans).every((n) => n === 0)).toBe(true);

    const snapshot = `SELECT unit_id, month, regular_meeting_id, scheduled_at, held_at, minutes_at, invited, attended, thematic_held
                      FROM cell_month ORDER BY unit_id, month`;
    const stored = await t.tdb.db.query(snapshot);
    expect(stored.length).toBeGreaterThan(8000);
    const rebuilt = await t.tdb.db
      .tx(async (q) => {
        await q.query('DELETE FROM cell_month');
        await refreshCellMonths(q, 'all');
        throw Object.assign(new Error('rollback'), { rows: await q.query(snapshot) });
      })
      .catch((e: Error & { rows?: unknown[] }) => {
        if (!e.rows) throw e;
        return e.rows;
      });
    expect(rebuilt).toEqual(stored);
  });

  it('is deterministic: the same seed writes the same data again', async () => {
    const before = await counts(t.tdb.db);
    const again = async (q: Queryable, seed: number) => {
      // Cleared with TRUNCATE (rolled back with the transaction): row-by-row deletes would have every
      // deleted account scan the tables that name an account.
      const generated = `SELECT id FROM account WHERE password_hash = '${NO_PASSWORD_HASH}'`;
      await q.exec(`
        DELETE FROM account_active_day WHERE account_id IN (${generated});
        TRUNCATE document_read, published_document, vote_tally, vote_cast, draft_comment, meeting_text, cell_task,
          invitation, agenda_item, meeting_material, meeting, cell_month CASCADE;
        CREATE TEMP TABLE kept_role AS SELECT * FROM role_assignment WHERE account_id NOT IN (${generated});
        TRUNCATE role_assignment;
        INSERT INTO role_assignment OVERRIDING SYSTEM VALUE SELECT * FROM kept_role;
        DROP TABLE kept_role;
        DELETE FROM account WHERE password_hash = '${NO_PASSWORD_HASH}';`);
      await writeCellLife(q, {
        seed,
        now: t.clock.now(),
        today: t.clock.today(),
        skipForeignKeyTriggers: t.tdb.kind === 'pglite',
      });
      return counts(q);
    };
    const same = await t.tdb.db
      .tx(async (q) => {
        const result = await again(q, DEFAULT_DEMO_SEED);
        throw Object.assign(new Error('rollback'), { result });
      })
      .catch((e: Error & { result?: Record<string, number> }) => {
        if (!e.result) throw e;
        return e.result;
      });
    expect(same).toEqual(before);
    expect(await counts(t.tdb.db)).toEqual(before);
  }, 300_000);

  it('plans other meetings from another seed, about as many', () => {
    const cellMonths: CellMonth[] = [];
    for (let c = 0; c < 200; c++) {
      for (let i = 0; i < 14; i++) {
        cellMonths.push({
          unitId: c + 1,
          code: `C${String(c).padStart(4, '0')}`,
          kind: 'party_cell',
          name: `Chi bộ ${c}`,
          month: addMonths(FIRST, i),
          members: 5 + (c % 20),
        });
      }
    }
    const plan = (seed: number) =>
      planMeetings({
        seed,
        now: new Date(`${TODAY}T03:00:00Z`),
        currentMonth: CURRENT,
        cells: cellMonths,
        skipFromCurrent: new Set(),
      });
    const a = plan(DEFAULT_DEMO_SEED);
    const b = plan(DEFAULT_DEMO_SEED + 1);
    expect(plan(DEFAULT_DEMO_SEED)).toEqual(a);
    expect(b).not.toEqual(a);
    expect(b.length / a.length).toBeGreaterThan(0.9);
    expect(b.length / a.length).toBeLessThan(1.1);
  });
});
