/**
 * The compliance monitor of a province with `--cells` party cells (default 250,000) under `--communes`
 * communes, each cell with twelve months of meeting records (cell_month) for the current year:
 *   - the first view of the province (every cell's year judged and stored);
 *   - repeated views: pages of 50 sorted by name, status and attendance, filtered by status, p50/p95;
 *   - a commune's view;
 *   - the view after one cell's meeting changed, and the snapshot taken again;
 *   - for comparison, the province judged on the request without a snapshot.
 *   tsx bench/monitor.ts [--cells 250000] [--communes 500] [--views 60] [--engine postgres|pglite] [--keep]
 * PostgreSQL: BENCH_DATABASE_URL (or TEST_DATABASE_URL) names the server; a database of its own is
 * created and dropped (kept with --keep; BENCH_EXISTING_URL reuses a kept one). The data are written with set-based SQL (the registry's rules are not the subject).
 */
import os from 'node:os';
import { systemClock } from '../src/server/clock.ts';
import { createServices } from '../src/server/services.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { loadActor } from '../src/server/access/actor.ts';
import { insertUnit } from '../src/server/modules/units/tree.ts';
import { createComplianceService, type ComplianceQuery } from '../src/server/modules/handbook/compliance.ts';
import { arg, ms, openBenchDb, pct, report, timed } from './setup.ts';

const cells = Number(arg('cells', '250000'));
const communes = Number(arg('communes', '500'));
const views = Number(arg('views', '60'));
const engine = arg('engine', 'postgres') as 'postgres' | 'pglite';

const bench = await openBenchDb(engine, 10);
try {
  const { db } = bench;
  const clock = systemClock('Asia/Ho_Chi_Minh');
  const services = createServices({ db, clock });
  await migrate(db);
  report(
    'machine',
    `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB; ${engine}`,
  );
  const today = clock.today();
  const year = Number(today.slice(0, 4));

  const loaded =
    !bench.fresh && (await db.query(`SELECT 1 FROM unit WHERE code = 'BENCH-MONITOR'`)).length > 0;
  const [, loadMs] = await timed(async () => {
    if (loaded) return;
    const root = await db.tx((q) =>
      insertUnit(q, {
        code: 'BENCH-MONITOR',
        parentId: null,
        name: 'Tỉnh Thử nghiệm',
        kind: 'province_committee',
        on: '2020-01-01',
      }),
    );
    await db.tx(async (q) => {
      // communes, then cells spread evenly over them; ids are read back by code
      await q.query(
        `INSERT INTO unit (code, established_on)
         SELECT 'M-' || g, '2020-01-01'::date FROM generate_series(1, $1) g
         UNION ALL SELECT 'M-' || (1 + (g - 1) % $1) || '-' || g, '2020-01-01' FROM generate_series(1, $2) g`,
        [communes, cells],
      );
      await q.query(
        `CREATE TEMP TABLE bm AS
         SELECT u.id, u.code, p.id AS parent_id, p.code IS NULL AS is_commune
         FROM unit u LEFT JOIN unit p ON p.code = substring(u.code FROM '^(M-[0-9]+)-')
         WHERE u.code LIKE 'M-%'`,
      );
      await q.query(
        `INSERT INTO unit_version (unit_id, valid_from, parent_id, name, kind_code)
         SELECT id, '2020-01-01', coalesce(parent_id, $1),
                CASE WHEN is_commune THEN 'Đảng bộ xã ' || substr(code, 3) ELSE 'Chi bộ thôn ' || substr(code, 3) END,
                CASE WHEN is_commune THEN 'commune_committee' ELSE 'party_cell' END
         FROM bm`,
        [root],
      );
      await q.query(
        `INSERT INTO unit_closure (ancestor_id, descendant_id, depth, valid_from)
         SELECT id, id, 0, '2020-01-01'::date FROM bm
         UNION ALL SELECT $1, id, CASE WHEN is_commune THEN 1 ELSE 2 END, '2020-01-01'::date FROM bm
         UNION ALL SELECT parent_id, id, 1, '2020-01-01'::date FROM bm WHERE NOT is_commune`,
        [root],
      );
      // twelve months per cell: about 90% scheduled by the 20th of the month before, 95% held, minutes
      // for most, a thematic meeting in one month of most quarters; months after today are empty
      await q.query(
        `INSERT INTO cell_month (unit_id, month, regular_meeting_id, scheduled_at, held_at, minutes_at, invited, attended, thematic_held)
         SELECT c.id, m.m,
                CASE WHEN h.u0 < 0.97 THEN 1 END,
                CASE WHEN h.u0 < 0.97 THEN m.m - interval '1 month' + (CASE WHEN h.u1 < 0.9 THEN 14 ELSE 24 END) * interval '1 day' END,
                CASE WHEN h.u0 < 0.95 AND m.m + 27 < $2::date THEN m.m + interval '9 days 19 hours' END,
                CASE WHEN h.u0 < 0.95 AND h.u2 < 0.9 AND m.m + 27 < $2::date THEN m.m + interval '11 days' END,
                10 + (h.u3 * 20)::int, ((10 + (h.u3 * 20)::int) * (0.6 + 0.4 * h.u2))::int,
                CASE WHEN extract(month FROM m.m)::int % 3 = 2 AND h.u1 < 0.8 AND m.m + 27 < $2::date THEN 1 ELSE 0 END
         FROM bm c CROSS JOIN (SELECT make_date($1, g, 1) AS m FROM generate_series(1, 12) g) m
         CROSS JOIN LATERAL (SELECT (x.h & 65535) / 65536.0 AS u0, ((x.h >> 16) & 65535) / 65536.0 AS u1,
                                    ((x.h >> 32) & 65535) / 65536.0 AS u2, ((x.h >> 48) & 65535) / 65536.0 AS u3
                             FROM (SELECT hashtextextended(c.id || ':' || m.m, 0) AS h) x) h
         WHERE NOT c.is_commune AND m.m <= $2::date`,
        [year, today],
      );
      await q.query(`DROP TABLE bm`);
    });
    await db.exec('VACUUM ANALYZE');
  });
  const root = (await db.query<{ id: number }>(`SELECT id FROM unit WHERE code = 'BENCH-MONITOR'`))[0]!.id;
  const counts = (
    await db.query<{ c: number; m: number }>(
      `SELECT (SELECT count(*)::int FROM unit_version WHERE kind_code = 'party_cell') AS c,
              (SELECT count(*)::int FROM cell_month) AS m`,
    )
  )[0]!;
  report('data', `${counts.c} cells, ${counts.m} cell-months, loaded in ${(loadMs / 1000).toFixed(1)} s`);

  const admin = await services.accounts.createSystemAccount({
    username: `bench-monitor-${Date.now()}`,
    password: 'bench-password-123',
    roles: [{ role: 'administrator', unitId: root }],
  });
  const actor = (await loadActor(db, admin.id))!;
  const view = (unitId: number, q: Partial<ComplianceQuery> = {}) =>
    services.handbook.compliance.page(actor, unitId, { sort: 'name', page: 1, pageSize: 50, ...q });

  const [first, coldMs] = await timed(() => view(root));
  report('province, first view (every cell judged and stored)', ms(coldMs));
  const [, snapMs] = await timed(() => services.handbook.compliance.idle());
  report('province, snapshot taken after the first view (background)', ms(snapMs));
  report(
    'province, check',
    `${first.total} cells; ${first.summary
      .slice(0, 3)
      .map((s) => `${s.month}: ${s.green} green, ${s.amber} amber, ${s.red} red`)
      .join('; ')}`,
  );

  const sorts: ComplianceQuery['sort'][] = [
    'name',
    'status',
    '-status',
    'attendance',
    '-attendance',
    '-name',
  ];
  const statuses = [undefined, 'red', 'amber', 'green'] as const;
  const lastPage = Math.max(1, Math.ceil(first.total / 50));
  const times: number[] = [];
  for (let i = 0; i < views; i++) {
    const q: Partial<ComplianceQuery> = {
      sort: sorts[i % sorts.length],
      status: statuses[Math.floor(i / sorts.length) % statuses.length],
      page: 1 + ((i * 7919) % Math.min(lastPage, 200)),
    };
    times.push((await timed(() => view(root, q)))[1]);
  }
  report(
    `province, repeated views (${views}, pages of 50, sorted and filtered) p50/p95`,
    `${ms(pct(times, 50))} / ${ms(pct(times, 95))} (target p95 <= 200 ms)`,
  );

  const commune = (
    await db.query<{ id: number }>(
      `SELECT unit_id AS id FROM unit_version WHERE kind_code = 'commune_committee' ORDER BY unit_id LIMIT 1`,
    )
  )[0]!.id;
  const communeTimes: number[] = [];
  for (let i = 0; i < 20; i++)
    communeTimes.push((await timed(() => view(commune, { sort: sorts[i % 6] })))[1]);
  report('commune (500 cells), views p50/p95', `${ms(pct(communeTimes, 50))} / ${ms(pct(communeTimes, 95))}`);

  // one cell's month changes: the trigger marks that cell's year, the next view judges only it
  await db.query(
    `UPDATE cell_month SET attended = invited WHERE unit_id = (SELECT descendant_id FROM unit_closure
       WHERE ancestor_id = $1 AND depth = 1 LIMIT 1) AND month = make_date($2, 1, 1)`,
    [commune, year],
  );
  const [, changedMs] = await timed(() => view(root));
  report('province, view after one cell changed (snapshot still served)', ms(changedMs));
  const [, retakeMs] = await timed(() => services.handbook.compliance.takeSnapshot(root, year));
  report('province, snapshot taken again (one cell judged again)', ms(retakeMs));
  const live = createComplianceService({
    db,
    clock,
    scheduleDay: 20,
    snapshotMinCells: Number.MAX_SAFE_INTEGER,
  });
  await db.query(`DELETE FROM compliance_snapshot`);
  const liveTimes: number[] = [];
  for (let i = 0; i < 5; i++)
    liveTimes.push(
      (await timed(() => live.page(actor, root, { sort: sorts[i]!, page: 1, pageSize: 50 })))[1],
    );
  report('province judged on the request (no snapshot), p50 of 5', ms(pct(liveTimes, 50)));
} finally {
  await bench.cleanup();
}
