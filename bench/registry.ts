/**
 * Registry benchmark: generate the data set, import it through the real import pipeline, then measure
 * statistics (today and as of a past date), name search, and the statistics endpoint over HTTP against
 * the time of its own SQL, all in one run.
 *   tsx bench/registry.ts --engine pglite|postgres --people 1000000 --units 50000
 * PostgreSQL: BENCH_DATABASE_URL names a server where a fresh database is created (and dropped after).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import autocannon from 'autocannon';
import { connectPostgres, openPglite, type Db } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { createServices } from '../src/server/services.ts';
import { systemClock } from '../src/server/clock.ts';
import { insertUnit } from '../src/server/modules/units/tree.ts';
import { loadActor } from '../src/server/access/actor.ts';
import { buildApp } from '../src/server/app.ts';
import { parseConfig } from '../src/server/config.ts';
import { generateDataset, ROOT_CODE } from './dataset.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const engine = arg('engine', 'pglite') as 'pglite' | 'postgres';
const peopleN = Number(arg('people', '1000000'));
const unitsN = Number(arg('units', '50000'));
const samples = Number(arg('samples', '40'));
const outDir = arg('out', 'bench/out');

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

async function openEngine(): Promise<{ db: Db; cleanup: () => Promise<void> }> {
  if (engine === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gr-bench-'));
    const db = await openPglite(dir);
    return {
      db,
      cleanup: async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('set BENCH_DATABASE_URL for --engine postgres');
  const name = 'gr_bench_' + randomBytes(4).toString('hex');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(url);
  u.pathname = '/' + name;
  console.log(`database: ${u.toString()}`);
  const db = connectPostgres(u.toString(), 20);
  return {
    db,
    cleanup: async () => {
      await db.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

const results: Record<string, string | number> = { engine, people: peopleN, units: unitsN };
const report = (k: string, v: string | number) => {
  results[k] = v;
  console.log(`${k}: ${v}`);
};

const [files, genMs] = await timed(() =>
  generateDataset({ people: peopleN, units: unitsN, out: path.join(outDir, `${peopleN}`) }),
);
report('generate files', ms(genMs));
const { db, cleanup } = await openEngine();
try {
  await migrate(db);
  const clock = systemClock('Asia/Ho_Chi_Minh');
  const services = createServices({ db, clock });
  const root = await db.tx((q) =>
    insertUnit(q, {
      code: ROOT_CODE,
      parentId: null,
      name: 'Tỉnh Thử nghiệm',
      kind: 'province_committee',
      on: '1980-01-01',
    }),
  );
  const admin = await services.accounts.createSystemAccount({
    username: 'bench',
    password: 'bench-password-123',
    roles: [{ role: 'administrator', unitId: root }],
  });
  const actor = (await loadActor(db, admin.id))!;
  const ctx = { actorAccountId: admin.id, requestId: 'bench', clientIp: null };

  const importFile = async (kind: 'units' | 'people', file: string) => {
    const data = fs.readFileSync(file);
    const { jobId, done } = await services.transfer.startImport(
      actor,
      { kind, fileName: path.basename(file), data },
      ctx,
    );
    await done;
    const job = await services.transfer.job(actor, jobId, 'en');
    if (job.status !== 'succeeded')
      throw new Error(`${kind} import ${job.status}: ${JSON.stringify(job.errors.slice(0, 3))}`);
  };
  const [, unitsMs] = await timed(() => importFile('units', files.unitsCsv));
  report('import units', ms(unitsMs));
  const [, peopleMs] = await timed(() => importFile('people', files.peopleCsv));
  report(`import ${peopleN} people with memberships`, ms(peopleMs));
  report('import total (s)', ((genMs + unitsMs + peopleMs) / 1000).toFixed(1));
  await db.exec('VACUUM ANALYZE');

  const counts = await db.query<{ n: number; m: number; e: number }>(
    `SELECT (SELECT count(*)::int FROM person) AS n, (SELECT count(*)::int FROM membership) AS m, (SELECT count(*)::int FROM membership_event) AS e`,
  );
  report('rows', `${counts[0]!.n} people, ${counts[0]!.m} memberships, ${counts[0]!.e} events`);

  // Units by level, sampled deterministically
  const levels: [string, string][] = [
    ['province', `SELECT id FROM unit WHERE code = '${ROOT_CODE}'`],
    ['district', `SELECT id FROM unit WHERE code ~ '^B[0-9]+$' AND code <> '${ROOT_CODE}' ORDER BY id`],
    ['commune', `SELECT id FROM unit WHERE code ~ '^B[0-9]+\\.[0-9]+$' ORDER BY id`],
    ['grassroots', `SELECT id FROM unit WHERE code ~ '\\.G[0-9]+$' ORDER BY id`],
    ['cell', `SELECT id FROM unit WHERE code ~ '\\.G[0-9]+\\.[0-9]+$' ORDER BY id`],
  ];
  for (const asOf of [undefined, '2023-06-30']) {
    const all: number[] = [];
    for (const [level, sql] of levels) {
      const ids = (await db.query<{ id: number }>(sql)).map((r) => r.id);
      const pick = Array.from(
        { length: Math.min(samples, ids.length * 3) },
        (_, i) => ids[(i * 7919) % ids.length]!,
      );
      await services.statistics.statistics(actor, pick[0]!, { asOf }); // warm
      const times: number[] = [];
      for (const id of pick)
        times.push((await timed(() => services.statistics.statistics(actor, id, { asOf })))[1]);
      all.push(...times);
      report(
        `statistics ${asOf ? 'as of ' + asOf : 'today'} — ${level} p50/p95`,
        `${ms(pct(times, 50))} / ${ms(pct(times, 95))}`,
      );
    }
    report(`statistics ${asOf ? 'as of ' + asOf : 'today'} — all levels p95`, ms(pct(all, 95)));
  }

  // Name search without diacritics, top 20 within scope
  const communeId = (await db.query<{ id: number }>(`SELECT id FROM unit WHERE code = 'B3.7'`))[0]!.id;
  const staff = await services.accounts.createSystemAccount({
    username: 'benchcommune',
    password: 'bench-password-123',
    roles: [{ role: 'committee_staff', unitId: communeId }],
  });
  const communeActor = (await loadActor(db, staff.id))!;
  const queries = [
    'nguyen van',
    'tran thi',
    'le van an',
    'pham',
    'hoang minh',
    'vu thi hoa',
    'dang',
    'bui van',
    'do thi',
    'nguyen thi lan',
  ];
  for (const [who, a] of [
    ['province', actor],
    ['commune', communeActor],
  ] as const) {
    const times: number[] = [];
    for (let r = 0; r < 3; r++) {
      for (const q of queries) {
        times.push(
          (await timed(() => services.people.list(a, { q, sort: 'name', page: 1, pageSize: 20 }, ctx)))[1],
        );
      }
    }
    report(`search top 20 (${who} scope) p50/p95`, `${ms(pct(times, 50))} / ${ms(pct(times, 95))}`);
  }

  // The statistics endpoint over HTTP versus its own SQL, same unit, same run.
  const config = parseConfig({ LOG_LEVEL: 'silent', DEMO: 'false' });
  const { app } = await buildApp({ config, db, clock });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const login = await fetch(`${address}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: 'bench-password-123' }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const sqlTimes: number[] = [];
  for (let i = 0; i < 200; i++)
    sqlTimes.push((await timed(() => services.statistics.statistics(actor, communeId, {})))[1]);
  const http = await autocannon({
    url: `${address}/api/v1/units/${communeId}/statistics`,
    headers: { cookie },
    connections: 1,
    duration: 10,
  });
  const httpMedian = http.latency.p50;
  report('statistics endpoint median (HTTP, commune, 1 connection)', ms(httpMedian));
  report('its own SQL median (service call, same unit)', ms(pct(sqlTimes, 50)));
  report('ratio HTTP / SQL', (httpMedian / pct(sqlTimes, 50)).toFixed(2));
  await app.close();
} finally {
  if (process.argv.includes('--keep')) {
    console.log('kept the database for inspection');
    await db.close();
  } else await cleanup();
}
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, `registry-${engine}-${peopleN}.json`), JSON.stringify(results, null, 2));
