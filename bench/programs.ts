/**
 * Work-program benchmark on the registry data set: a province program with 10 key targets, the same
 * program cascaded to every district and commune, then
 *   - the province dashboard: first computation (nothing stored) and repeated views (p50/p95), service and HTTP;
 *   - a bulk import of N new admissions dated in the program's year, then recomputing every target of
 *     every program of that year.
 *   tsx bench/programs.ts --engine postgres|pglite --people 1000000 --units 50000 --admissions 100000
 * PostgreSQL: BENCH_DATABASE_URL names a server where a fresh database is created (and dropped after);
 * BENCH_EXISTING_URL instead reuses a database the data set was already imported into (--keep leaves
 * the fresh one in place and prints its address).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import pg from 'pg';
import { connectPostgres, openPglite, type Db } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { createServices } from '../src/server/services.ts';
import { fixedClock } from '../src/server/clock.ts';
import { insertUnit } from '../src/server/modules/units/tree.ts';
import { loadActor } from '../src/server/access/actor.ts';
import { buildApp } from '../src/server/app.ts';
import { parseConfig } from '../src/server/config.ts';
import { makeVietnameseCitizenId } from '../src/shared/rules/citizen-id.ts';
import { PEOPLE_COLUMNS } from '../src/server/modules/transfer/import.people.rows.ts';
import { generateDataset, ROOT_CODE } from './dataset.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const engine = arg('engine', 'pglite') as 'pglite' | 'postgres';
const peopleN = Number(arg('people', '1000000'));
const unitsN = Number(arg('units', '50000'));
const admissionsN = Number(arg('admissions', '100000'));
const samples = Number(arg('samples', '30'));
const outDir = arg('out', 'bench/out');
const YEAR = 2024;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}
const report = (k: string, v: string | number) => console.log(`${k}: ${v}`);

async function openEngine(): Promise<{ db: Db; fresh: boolean; cleanup: () => Promise<void> }> {
  if (engine === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gr-bench-'));
    const db = await openPglite(dir);
    return {
      db,
      fresh: true,
      cleanup: async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (process.env.BENCH_EXISTING_URL) {
    const db = connectPostgres(process.env.BENCH_EXISTING_URL, 20);
    return { db, fresh: false, cleanup: () => db.close() };
  }
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('set BENCH_DATABASE_URL (or BENCH_EXISTING_URL) for --engine postgres');
  const name = 'gr_bench_' + randomBytes(4).toString('hex');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = '/' + name;
  const db = connectPostgres(u.toString(), 20);
  return {
    db,
    fresh: true,
    cleanup: async () => {
      await db.close();
      if (process.argv.includes('--keep')) {
        console.log(`kept: BENCH_EXISTING_URL=${u.toString()}`);
        return;
      }
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** N new people, each admitted to the party in a random cell during the year. */
async function admissionsFile(cells: string[], n: number, file: string) {
  const out = fs.createWriteStream(file);
  const write = async (line: string) => {
    if (!out.write(line + '\n')) await once(out, 'drain');
  };
  const head = PEOPLE_COLUMNS.map((c) => c.name);
  await write(head.join(','));
  for (let i = 0; i < n; i++) {
    const sex = i % 3 === 0 ? 'female' : 'male';
    const born = 1975 + (i % 28);
    const cell = cells[(i * 7919) % cells.length]!;
    const month = String(1 + (i % 12)).padStart(2, '0');
    const day = String(1 + (i % 28)).padStart(2, '0');
    const row: Record<string, string> = {
      citizen_id: makeVietnameseCitizenId('079', born, sex, 500_000 + i),
      full_name: `Người Kết Nạp ${i}`,
      birth_date: `${born}-06-15`,
      sex,
      registered_unit_code: cell,
      party_unit_code: cell,
      party_admitted_on: `${YEAR}-${month}-${day}`,
    };
    await write(head.map((h) => row[h] ?? '').join(','));
  }
  out.end();
  await once(out, 'finish');
}

const { db, fresh, cleanup } = await openEngine();
try {
  await migrate(db);
  const clock = fixedClock('2026-11-20T05:00:00Z');
  const services = createServices({ db, clock });
  let root: number;
  if (fresh) {
    const files = await generateDataset({
      people: peopleN,
      units: unitsN,
      out: path.join(outDir, `${peopleN}`),
    });
    root = await db.tx((q) =>
      insertUnit(q, {
        code: ROOT_CODE,
        parentId: null,
        name: 'Tỉnh Thử nghiệm',
        kind: 'province_committee',
        on: '1980-01-01',
      }),
    );
    const admin0 = await services.accounts.createSystemAccount({
      username: 'bench-import',
      password: 'bench-password-123',
      roles: [{ role: 'administrator', unitId: root }],
    });
    const a0 = (await loadActor(db, admin0.id))!;
    for (const [kind, file] of [
      ['units', files.unitsCsv],
      ['people', files.peopleCsv],
    ] as const) {
      const [, took] = await timed(async () => {
        const { jobId, done } = await services.transfer.startImport(
          a0,
          { kind, fileName: path.basename(file), data: fs.readFileSync(file) },
          { actorAccountId: admin0.id, requestId: 'bench', clientIp: null },
        );
        await done;
        const job = await services.transfer.job(a0, jobId, 'en');
        if (job.status !== 'succeeded') throw new Error(`${kind} import ${job.status}`);
      });
      report(`import ${kind}`, ms(took));
    }
    await db.exec('VACUUM ANALYZE');
  } else {
    root = (await db.query<{ id: number }>(`SELECT id FROM unit WHERE code = $1`, [ROOT_CODE]))[0]!.id;
  }
  const username = 'bench-programs-' + randomBytes(3).toString('hex');
  const adminAccount = await services.accounts.createSystemAccount({
    username,
    password: 'bench-password-123',
    roles: [{ role: 'administrator', unitId: root }],
  });
  const actor = (await loadActor(db, adminAccount.id))!;
  const ctx = { actorAccountId: adminAccount.id, requestId: 'bench', clientIp: null };
  const counts = (
    await db.query<{ p: number; u: number }>(
      `SELECT (SELECT count(*)::int FROM person) AS p, (SELECT count(*)::int FROM unit) AS u`,
    )
  )[0]!;
  report('data', `${counts.p} people, ${counts.u} units`);

  const targets = [
    { indicator: 'party.admissions', targetValue: '40000' },
    { indicator: 'party.admissions', targetValue: '15000', filters: { ageMax: 30 } },
    { indicator: 'party.admissions', targetValue: '12000', filters: { sex: 'female' as const } },
    { indicator: 'party.organizations_established', targetValue: '10' },
    { indicator: 'trade_union.bases_established', targetValue: '10' },
    { indicator: 'party.members', targetValue: '900000' },
    { indicator: 'party.net_change', targetValue: '20000' },
    { indicator: 'trade_union.members', targetValue: '300000' },
    { indicator: 'trade_union.joins', targetValue: '10000' },
    { indicator: 'training.courses_held', targetValue: '40' },
  ].map((t) => ({ direction: 'at_least' as const, filters: {}, ...t }));
  // A database kept from an earlier run already holds the programs (and the admissions).
  const existing = (
    await db.query<{ id: number }>(`SELECT id FROM work_program WHERE unit_id = $1 AND title = $2`, [
      root,
      `Benchmark program ${YEAR}`,
    ])
  )[0];
  const province =
    existing ??
    (await services.programs.create(
      actor,
      { unitId: root, period: String(YEAR), title: `Benchmark program ${YEAR}`, targets },
      ctx,
    ));
  // The same program in every district and commune: cascade each derived target level by level.
  const [, cascadeMs] = await timed(async () => {
    if (existing) return;
    const provinceTargets = (
      await db.query<{ id: number; indicator_code: string }>(
        `SELECT id, indicator_code FROM program_target WHERE program_id = $1 ORDER BY sort`,
        [province.id],
      )
    ).slice(0, 9);
    const districts = (
      await db.query<{ id: number }>(`SELECT id FROM unit WHERE code ~ '^B[0-9]+$' AND code <> $1`, [
        ROOT_CODE,
      ])
    ).map((r) => r.id);
    for (const t of provinceTargets)
      await services.programs.cascade(
        actor,
        t.id,
        { allocations: districts.map((unitId) => ({ unitId, targetValue: '100' })) },
        ctx,
      );
    const districtTargets = await db.query<{ id: number; unit_id: number }>(
      `SELECT t.id, p.unit_id FROM program_target t JOIN work_program p ON p.id = t.program_id
       WHERE t.parent_target_id = ANY($1::int[])`,
      [provinceTargets.map((t) => t.id)],
    );
    for (const t of districtTargets) {
      const communes = (
        await db.query<{ id: number }>(
          `SELECT unit_id AS id FROM unit_version WHERE parent_id = $1 AND valid_to = 'infinity' AND kind_code = 'commune_committee'`,
          [t.unit_id],
        )
      ).map((r) => r.id);
      await services.programs.cascade(
        actor,
        t.id,
        { allocations: communes.map((unitId) => ({ unitId, targetValue: '10' })) },
        ctx,
      );
    }
  });
  const programCount = (
    await db.query<{ n: number; t: number }>(
      `SELECT count(*)::int AS n, (SELECT count(*)::int FROM program_target) AS t FROM work_program`,
    )
  )[0]!;
  report('programs / targets', `${programCount.n} / ${programCount.t} (cascaded in ${ms(cascadeMs)})`);

  await db.query('DELETE FROM indicator_value');
  const [, coldMs] = await timed(() => services.programs.dashboard(actor, province.id, undefined));
  report('province dashboard, first computation (nothing stored)', ms(coldMs));
  const warm: number[] = [];
  for (let i = 0; i < samples; i++)
    warm.push((await timed(() => services.programs.dashboard(actor, province.id, undefined)))[1]);
  report(
    'province dashboard, repeated views p50/p95 (service)',
    `${ms(pct(warm, 50))} / ${ms(pct(warm, 95))}`,
  );

  const config = parseConfig({ LOG_LEVEL: 'silent', NODE_ENV: 'production', DEMO: 'false' });
  const { app } = await buildApp({ config, db, clock });
  await app.ready();
  const login = await app.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { username, password: 'bench-password-123' },
  });
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  const http: number[] = [];
  for (let i = 0; i < samples; i++) {
    const [res, took] = await timed(() =>
      app.inject({ method: 'GET', url: `/api/v1/programs/${province.id}`, headers: { cookie } }),
    );
    if (res.statusCode !== 200) throw new Error(res.body);
    http.push(took);
  }
  report('province dashboard, repeated views p50/p95 (HTTP)', `${ms(pct(http, 50))} / ${ms(pct(http, 95))}`);

  // Bulk import of new admissions dated in the year (skipped when kept from an earlier run), then
  // recompute every target of the year.
  if (!existing) {
    const cells = (
      await db.query<{ code: string }>(
        `SELECT code FROM unit WHERE code ~ '\\.G[0-9]+\\.[0-9]+$' ORDER BY id`,
      )
    ).map((r) => r.code);
    const file = path.join(os.tmpdir(), `gr-admissions-${admissionsN}.csv`);
    await admissionsFile(cells, admissionsN, file);
    const [, importMs] = await timed(async () => {
      const { jobId, done } = await services.transfer.startImport(
        actor,
        { kind: 'people', fileName: path.basename(file), data: fs.readFileSync(file) },
        ctx,
      );
      await done;
      const job = await services.transfer.job(actor, jobId, 'en');
      if (job.status !== 'succeeded')
        throw new Error(`admissions import ${job.status}: ${JSON.stringify(job.errors.slice(0, 3))}`);
    });
    fs.rmSync(file, { force: true });
    report(`import ${admissionsN} admissions`, ms(importMs));
  }
  const [out, recomputeMs] = await timed(() => services.programs.recomputeYear(YEAR));
  report(
    `recompute all targets of ${YEAR} (${out.programs} programs, ${out.targets} derived targets)`,
    ms(recomputeMs),
  );
  const after = await services.programs.dashboard(actor, province.id, undefined);
  report('province admissions after the import', after.targets[0]!.assessment!.achieved);
  const [, viewMs] = await timed(() => services.programs.dashboard(actor, province.id, undefined));
  report('province dashboard after the recomputation', ms(viewMs));
  await app.close();
} finally {
  await cleanup();
}
