/**
 * Party-member handbook benchmark on PostgreSQL with the 1 M-member registry data set:
 *   - the member's home (GET /api/v1/me/home) at 200 connections, against a bare JSON route of the same
 *     server measured in the same run (throughput ratio, p99); every member's first request (nothing
 *     of theirs kept by the server yet) is made and reported first, on its own;
 *   - the meeting-day burst: check-ins at a fixed rate for 60 s, each a different member with a valid
 *     rotating code; afterwards the database must hold exactly one attendance per 2xx answer;
 *   - the compliance monitor of a province with `--cells` cells x 12 months (see bench/monitor.ts).
 *   tsx bench/handbook.ts [--connections 200] [--duration 30] [--rate 2000] [--burst 60] [--skip-home]
 * BENCH_EXISTING_URL: a database the registry data set is loaded into (bench/setup.ts --keep), or
 * BENCH_DATABASE_URL to load it first. The server runs in a process of its own (bench/serve.ts).
 */
import os from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { systemClock } from '../src/server/clock.ts';
import { createServices } from '../src/server/services.ts';
import { sha256 } from '../src/server/modules/auth/auth.service.ts';
import { checkinCode } from '../src/server/modules/meetings/checkin.ts';
import type { Queryable } from '../src/server/db/client.ts';
import { arg, loadRegistry, openBenchDb, report } from './setup.ts';

const connections = Number(arg('connections', '200'));
const duration = Number(arg('duration', '30'));
const rate = Number(arg('rate', '2000'));
const burstSeconds = Number(arg('burst', '60'));
const homeAccounts = Number(arg('home-accounts', '20000'));
const port = Number(arg('port', '3900'));

interface Member {
  personId: number;
  token: string;
  csrf: string;
}

/** Accounts and live sessions for the given persons, written directly (the tokens are known here). */
async function sessionsFor(q: Queryable, personIds: number[], tag: string): Promise<Member[]> {
  const out: Member[] = [];
  for (let i = 0; i < personIds.length; i += 10_000) {
    const slice = personIds.slice(i, i + 10_000);
    const accounts = await q.query<{ id: number; person_id: number }>(
      `INSERT INTO account (username, person_id, password_hash, activated_at, last_active_at)
       SELECT $2 || '-' || p, p, '!bench', now(), now() FROM unnest($1::int[]) AS p
       ON CONFLICT (username) DO UPDATE SET person_id = EXCLUDED.person_id
       RETURNING id, person_id`,
      [slice, tag],
    );
    const tokens = accounts.map(() => randomBytes(16).toString('base64url'));
    const csrfs = accounts.map(() => randomBytes(16).toString('base64url'));
    await q.query(
      `INSERT INTO role_assignment (account_id, role, unit_id)
       SELECT a.id, 'member', mp.unit_id FROM unnest($1::int[], $2::int[]) AS a (id, person_id)
       JOIN membership m ON m.person_id = a.person_id AND m.family = 'party'
       JOIN membership_period mp ON mp.membership_id = m.id AND mp.role = 'home' AND mp.valid_to = 'infinity'
       ON CONFLICT DO NOTHING`,
      [accounts.map((a) => a.id), accounts.map((a) => a.person_id)],
    );
    await q.query(
      `INSERT INTO session (token_hash, account_id, csrf_token, created_at, last_seen_at, expires_at)
       SELECT h, a, c, now(), now(), now() + interval '6 hours' FROM unnest($1::text[], $2::int[], $3::text[]) AS s (h, a, c)`,
      [tokens.map(sha256), accounts.map((a) => a.id), csrfs],
    );
    accounts.forEach((a, j) => out.push({ personId: a.person_id, token: tokens[j]!, csrf: csrfs[j]! }));
  }
  return out;
}

/**
 * Cell life around today for every cell with members: last month's meeting held with attendance, this
 * month's meeting open for check-in (started ten minutes ago), next month's scheduled; a task for every
 * third member, twenty province documents read by half the members, three inbox notifications each.
 */
async function seedCellLife(q: Queryable, root: number) {
  const done = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM meeting`);
  if (done[0]!.n > 0) return;
  await q.query(`
    CREATE TEMP TABLE bench_cell AS
    SELECT DISTINCT mp.unit_id FROM membership_period mp
    WHERE mp.family = 'party' AND mp.role = 'home' AND mp.valid_to = 'infinity'`);
  for (const [offset, status, startsAt] of [
    [-1, 'held', `date_trunc('month', now()) - interval '1 month' + interval '9 days 19 hours'`],
    [0, 'scheduled', `now() - interval '10 minutes'`],
    [1, 'scheduled', `date_trunc('month', now()) + interval '1 month' + interval '9 days 19 hours'`],
  ] as const) {
    await q.query(
      `INSERT INTO meeting (unit_id, kind, month, starts_at, place, topic, status, scheduled_at, held_at, checkin_secret)
       SELECT c.unit_id, 'regular', (date_trunc('month', now()) + $1 * interval '1 month')::date, ${startsAt},
              'Hội trường nhà văn hóa', 'Sinh hoạt chi bộ thường kỳ', $2,
              date_trunc('month', now()) + ($1 - 1) * interval '1 month' + interval '15 days',
              CASE WHEN $2 = 'held' THEN ${startsAt} + interval '2 hours' END,
              decode(md5(random()::text || c.unit_id), 'hex')
       FROM bench_cell c`,
      [offset, status],
    );
  }
  await q.query(`
    INSERT INTO invitation (meeting_id, person_id, role, reply, replied_at, attendance, attendance_method, attended_at)
    SELECT mt.id, m.person_id, 'home',
           CASE WHEN mt.status = 'held' THEN 'attend' END, CASE WHEN mt.status = 'held' THEN mt.starts_at - interval '2 days' END,
           CASE WHEN mt.status = 'held' THEN (CASE WHEN m.person_id % 10 = 0 THEN 'absent' ELSE 'present' END) END,
           CASE WHEN mt.status = 'held' AND m.person_id % 10 <> 0 THEN 'code' END,
           CASE WHEN mt.status = 'held' AND m.person_id % 10 <> 0 THEN mt.starts_at END
    FROM meeting mt
    JOIN membership_period mp ON mp.unit_id = mt.unit_id AND mp.family = 'party' AND mp.role = 'home'
         AND mp.valid_to = 'infinity' AND mp.status IN ('official', 'probationary')
    JOIN membership m ON m.id = mp.membership_id`);
  await q.query(`
    INSERT INTO cell_task (unit_id, assignee_person_id, title, due_on, status, created_at)
    SELECT mp.unit_id, m.person_id, 'Nắm tình hình hộ gia đình trong khu dân cư', (now() + (m.person_id % 40 - 10) * interval '1 day')::date,
           CASE WHEN m.person_id % 4 = 0 THEN 'done' ELSE 'open' END, now() - interval '20 days'
    FROM membership_period mp JOIN membership m ON m.id = mp.membership_id
    WHERE mp.family = 'party' AND mp.role = 'home' AND mp.valid_to = 'infinity' AND m.person_id % 3 = 0`);
  await q.query(
    `INSERT INTO published_document (issuer_unit_id, kind, number, title, summary, published_at)
     SELECT $1, 'resolution', g || '-NQ/TU', 'Nghị quyết số ' || g || ' của Tỉnh ủy', 'Tóm tắt nội dung nghị quyết', now() - g * interval '3 days'
     FROM generate_series(1, 20) g`,
    [root],
  );
  await q.query(`
    INSERT INTO document_read (document_id, person_id, read_at)
    SELECT d.id, m.person_id, now() - interval '1 day' FROM published_document d
    CROSS JOIN membership m WHERE m.family = 'party' AND m.person_id % 2 = 0 AND d.id % 4 <> 0`);
  await q.query(`DROP TABLE bench_cell`);
  await q.query(`ANALYZE`);
}

async function inboxFor(q: Queryable, tag: string) {
  await q.query(
    `INSERT INTO notification (account_id, kind, subject_type, subject_id, payload, created_at, read_at)
     SELECT a.id, 'meeting.scheduled', 'meeting', i.meeting_id,
            jsonb_build_object('meetingId', i.meeting_id, 'topic', 'Sinh hoạt chi bộ thường kỳ', 'place', 'Hội trường nhà văn hóa'),
            now() - k * interval '1 day', CASE WHEN k > 1 THEN now() END
     FROM account a JOIN invitation i ON i.person_id = a.person_id CROSS JOIN generate_series(1, 3) k
     WHERE a.username LIKE $1 || '-%'`,
    [tag],
  );
}

function startServer(url: string): Promise<ChildProcess> {
  // --profile-server <dir>: the server writes a V8 CPU profile there when it stops
  const profile = process.argv.includes('--profile-server')
    ? ['--cpu-prof', '--cpu-prof-dir', arg('profile-server', 'bench/out/profile'), '--import', 'tsx']
    : ['node_modules/tsx/dist/cli.mjs'];
  const child = spawn(process.execPath, [...profile, 'bench/serve.ts'], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      PORT: String(port),
      DATABASE_POOL_SIZE: arg('pool', '20'),
      NOTIFICATIONS_WORKER: 'false',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('listening')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
}

type Result = autocannon.Result;
const summary = (r: Result) =>
  `${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, ` +
  `${r['2xx']} 2xx, ${r.non2xx} non-2xx, ${r.errors} errors`;

async function run(opts: autocannon.Options): Promise<Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

const bench = await openBenchDb('postgres', 10);
let server: ChildProcess | null = null;
try {
  const services = createServices({ db: bench.db, clock: systemClock('Asia/Ho_Chi_Minh') });
  const root = await loadRegistry(bench, services, {
    people: Number(arg('people', '1000000')),
    units: Number(arg('units', '50000')),
    outDir: arg('out', 'bench/out'),
  });
  if (!bench.url) throw new Error('PostgreSQL only');
  report(
    'machine',
    `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  );
  await seedCellLife(bench.db, root);
  // this month's meetings started ten minutes ago (a kept database is reused on later days)
  await bench.db.query(
    `UPDATE meeting SET starts_at = now() - interval '10 minutes'
     WHERE status = 'scheduled' AND month = date_trunc('month', now())::date`,
  );
  const counts = (
    await bench.db.query<{ p: number; m: number; i: number }>(
      `SELECT (SELECT count(*)::int FROM person) AS p, (SELECT count(*)::int FROM meeting) AS m, (SELECT count(*)::int FROM invitation) AS i`,
    )
  )[0]!;
  report('data', `${counts.p} people, ${counts.m} meetings, ${counts.i} invitations`);

  const tag = 'bench-' + randomBytes(3).toString('hex');
  // members for the home: any members; for the burst: members of meetings open for check-in now
  const open = await bench.db.query<{ meeting_id: number; person_id: number; secret: Buffer }>(
    `SELECT i.meeting_id, i.person_id, mt.checkin_secret AS secret FROM invitation i JOIN meeting mt ON mt.id = i.meeting_id
     WHERE mt.status = 'scheduled' AND mt.starts_at <= now() AND i.attendance IS NULL
     ORDER BY md5(i.person_id::text) LIMIT $1`,
    [rate * burstSeconds + homeAccounts],
  );
  const members = await sessionsFor(
    bench.db,
    open.map((o) => o.person_id),
    tag,
  );
  await inboxFor(bench.db, tag);
  await bench.db.query('ANALYZE account; ANALYZE session; ANALYZE notification');
  const byPerson = new Map(open.map((o) => [o.person_id, o]));
  const home = members.slice(0, homeAccounts);
  const burst = members.slice(homeAccounts);

  server = await startServer(bench.url);
  const base = `http://127.0.0.1:${port}`;
  const cookie = (m: Member) => `grassroots_session=${m.token}`;

  if (!process.argv.includes('--skip-home')) {
    // Warm-up, then every member's first request (nothing of theirs kept by the server yet: session,
    // account, roles and home read from the database), reported on its own; then the bare route and the
    // home in alternating rounds of duration/rounds seconds each, so that load from outside the run
    // weighs on both alike. Throughput is each side's 2xx over its own time; p50 is the median of the
    // rounds' p50, p99 the worst round's p99. The database's transactions during the home rounds show
    // how many home requests reached it.
    await run({ url: `${base}/bench/bare`, connections, duration: 5 });
    let h = 0;
    const homeRequest = (): autocannon.Request => ({
      method: 'GET',
      path: '/api/v1/me/home',
      setupRequest: (req) => {
        const m = home[h++ % home.length]!;
        return { ...req, headers: { ...req.headers, cookie: cookie(m) } };
      },
    });
    const coldStarted = performance.now();
    const cold = await run({ url: base, connections, amount: home.length, requests: [homeRequest()] });
    const coldSeconds = (performance.now() - coldStarted) / 1000;
    report(
      'member home, first request of each member',
      `${home.length} members in ${coldSeconds.toFixed(1)} s (${Math.round(home.length / coldSeconds)} req/s), ` +
        `p50 ${cold.latency.p50} ms, p99 ${cold.latency.p99} ms, ${cold['2xx']} 2xx, ${cold.non2xx} non-2xx, ${cold.errors} errors`,
    );
    const rounds = Number(arg('rounds', '3'));
    const each = Math.max(1, Math.round(duration / rounds));
    const bares: Result[] = [];
    const homes: Result[] = [];
    const commits = async () =>
      (
        await bench.db.query<{ n: number }>(
          `SELECT xact_commit::int AS n FROM pg_stat_database WHERE datname = current_database()`,
        )
      )[0]!.n;
    let homeCommits = 0;
    // the bare requests carry the same cookies, built per request the same way (the load generator
    // shares the machine: its work per request must not differ between the two)
    const bareRequest = (): autocannon.Request => ({
      method: 'GET',
      path: '/bench/bare',
      setupRequest: (req) => {
        const m = home[h++ % home.length]!;
        return { ...req, headers: { ...req.headers, cookie: cookie(m) } };
      },
    });
    for (let i = 0; i < rounds; i++) {
      bares.push(await run({ url: base, connections, duration: each, requests: [bareRequest()] }));
      const before = await commits();
      homes.push(await run({ url: base, connections, duration: each, requests: [homeRequest()] }));
      homeCommits += (await commits()) - before - 1;
    }
    const total = (rs: Result[]) => {
      const ok = rs.reduce((a, r) => a + r['2xx'], 0);
      const secs = rs.reduce((a, r) => a + r.duration, 0);
      const p50s = rs.map((r) => r.latency.p50).sort((x, y) => x - y);
      return {
        rate: ok / secs,
        ok,
        non2xx: rs.reduce((a, r) => a + r.non2xx, 0),
        errors: rs.reduce((a, r) => a + r.errors, 0),
        p50: p50s[Math.floor(p50s.length / 2)]!,
        p99: Math.max(...rs.map((r) => r.latency.p99)),
        rounds: rs.map((r) => Math.round(r['2xx'] / r.duration)).join(' / '),
        bytes: Math.round(
          rs.reduce((a, r) => a + r.throughput.total, 0) /
            Math.max(
              1,
              rs.reduce((a, r) => a + r.requests.total, 0),
            ),
        ),
      };
    };
    const tb = total(bares);
    const th = total(homes);
    const line = (t: ReturnType<typeof total>) =>
      `${Math.round(t.rate)} req/s (rounds ${t.rounds}), p50 ${t.p50} ms, p99 ${t.p99} ms, ${t.ok} 2xx, ${t.non2xx} non-2xx, ${t.errors} errors, ${t.bytes} bytes per answer`;
    report('bare JSON route', line(tb));
    report('member home', line(th) + `; database transactions during the home rounds ${homeCommits}`);
    report(
      'home / bare throughput',
      `${((100 * th.rate) / tb.rate).toFixed(1)}% (target >= 50%), p99 ${th.p99} ms (target <= 50)`,
    );
    report(
      'load average (1, 5, 15 min) after the home',
      os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(', '),
    );
  }

  // the burst: every request a different member with the code of the current window; which members
  // got a 2xx is kept, and afterwards each of them must hold exactly one attendance
  let b = 0;
  const answered: number[] = [];
  const statuses = new Map<number, number>();
  // each burst member's own invitation to the meeting open now
  const burstPeople = burst.map((m) => m.personId);
  const burstMeetings = burst.map((m) => byPerson.get(m.personId)!.meeting_id);
  const attendedNow = () =>
    bench.db.query<{ person_id: number }>(
      `SELECT i.person_id FROM invitation i JOIN unnest($1::int[], $2::int[]) AS b (p, m)
         ON i.person_id = b.p AND i.meeting_id = b.m
       WHERE i.attendance IS NOT NULL`,
      [burstPeople, burstMeetings],
    );
  const before = (await attendedNow()).length;
  const burstRes = await run({
    url: base,
    connections,
    duration: burstSeconds,
    overallRate: rate,
    requests: [
      {
        method: 'POST',
        setupRequest: (req, context) => {
          const m = burst[b++ % burst.length]!;
          const o = byPerson.get(m.personId)!;
          (context as { personId?: number }).personId = m.personId;
          return {
            ...req,
            path: `/api/v1/meetings/${o.meeting_id}/check-in`,
            headers: {
              ...req.headers,
              cookie: cookie(m),
              'x-csrf-token': m.csrf,
              'content-type': 'application/json',
            },
            body: JSON.stringify({ code: checkinCode(o.secret, new Date()) }),
          };
        },
        onResponse: (status, _body, context) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 200 && status < 300) answered.push((context as { personId: number }).personId);
        },
      },
    ],
  });
  await new Promise((r) => setTimeout(r, 2000)); // requests still in flight when the run stopped
  const recorded = new Set((await attendedNow()).map((r) => r.person_id));
  const answeredSet = new Set(answered);
  const lost = answered.filter((p) => !recorded.has(p)).length;
  const unanswered = [...recorded].filter((p) => !answeredSet.has(p)).length;
  // counted twice: each meeting's attendee count in cell_month against its invitations marked attended
  const [tally] = await bench.db.query<{ over: number; under: number }>(
    `WITH m AS (SELECT DISTINCT mt.id, mt.unit_id, mt.month FROM meeting mt WHERE mt.id = ANY($1::int[])),
     actual AS (SELECT m.unit_id, m.month, count(i.*) FILTER (WHERE i.attendance IN ('present', 'late', 'remote'))::int AS n
                FROM m LEFT JOIN invitation i ON i.meeting_id = m.id GROUP BY m.unit_id, m.month)
     SELECT coalesce(sum(greatest(cm.attended - a.n, 0)), 0)::int AS over,
            coalesce(sum(greatest(a.n - cm.attended, 0)), 0)::int AS under
     FROM actual a JOIN cell_month cm ON cm.unit_id = a.unit_id AND cm.month = a.month`,
    [[...new Set(burstMeetings)]],
  );
  const twice = tally!.over;
  const fiveXX = [...statuses].filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0);
  report('check-in burst', summary(burstRes));
  report(
    'load average (1, 5, 15 min) after the burst',
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(', '),
  );
  report(
    'check-in burst, sustained',
    `${(answered.length / burstSeconds).toFixed(0)} check-ins/s answered 2xx over ${burstSeconds} s (target >= ${rate}); ` +
      `lost ${lost}, counted twice ${twice}, 5xx ${fiveXX}; statuses ${JSON.stringify(Object.fromEntries(statuses))}; ` +
      `${recorded.size - before} attendances recorded for ${answered.length} answers ` +
      `(${unanswered} written for requests still in flight when the run stopped); ` +
      `meeting attendee counts ${tally!.under} below their records`,
  );
} finally {
  server?.kill('SIGTERM');
  await bench.cleanup();
}
