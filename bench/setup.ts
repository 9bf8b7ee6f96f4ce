/**
 * What the benchmarks share: opening the engine (a fresh PGlite folder, a fresh PostgreSQL database,
 * or a kept one), loading the registry data set through the real import pipeline, timing helpers.
 *
 * PostgreSQL: BENCH_DATABASE_URL names a server where a fresh database is created (and dropped after,
 * unless --keep); BENCH_EXISTING_URL reuses a database the data set was already loaded into.
 *   tsx bench/setup.ts --people 1000000 --units 50000      loads the data set into a kept database
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { connectPostgres, openPglite, type Db } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import type { Services } from '../src/server/services.ts';
import { insertUnit } from '../src/server/modules/units/tree.ts';
import { loadActor } from '../src/server/access/actor.ts';
import { generateDataset, ROOT_CODE } from './dataset.ts';

export const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
export const ms = (n: number) => `${n.toFixed(1)} ms`;
export async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}
export const report = (k: string, v: string | number) => console.log(`${k}: ${v}`);

export interface BenchDb {
  db: Db;
  /** A new, empty database (the data set must be loaded). */
  fresh: boolean;
  /** The PostgreSQL address, for a server process of the benchmark's own. */
  url: string | null;
  cleanup: () => Promise<void>;
}

export async function openBenchDb(engine: 'pglite' | 'postgres', poolSize = 20): Promise<BenchDb> {
  if (engine === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gr-bench-'));
    const db = await openPglite(dir);
    return {
      db,
      fresh: true,
      url: null,
      cleanup: async () => {
        await db.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (process.env.BENCH_EXISTING_URL) {
    const url = process.env.BENCH_EXISTING_URL;
    const db = connectPostgres(url, poolSize);
    return { db, fresh: false, url, cleanup: () => db.close() };
  }
  const server = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!server) throw new Error('set BENCH_DATABASE_URL (or BENCH_EXISTING_URL) for --engine postgres');
  const name = 'gr_bench_' + randomBytes(4).toString('hex');
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(server);
  u.pathname = '/' + name;
  const db = connectPostgres(u.toString(), poolSize);
  return {
    db,
    fresh: true,
    url: u.toString(),
    cleanup: async () => {
      await db.close();
      if (process.argv.includes('--keep')) {
        console.log(`kept: BENCH_EXISTING_URL=${u.toString()}`);
        return;
      }
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * Migrates, and on a fresh database generates (or reuses the generated files of) the data set and
 * imports units then people through the import pipeline. Returns the root unit's id.
 */
export async function loadRegistry(
  bench: BenchDb,
  services: Services,
  spec: { people: number; units: number; outDir: string },
): Promise<number> {
  const { db } = bench;
  await migrate(db);
  if (!bench.fresh) {
    const found = await db.query<{ id: number }>(`SELECT id FROM unit WHERE code = $1`, [ROOT_CODE]);
    if (found[0]) return found[0].id;
  }
  const files = await generateDataset({
    people: spec.people,
    units: spec.units,
    out: path.join(spec.outDir, `${spec.people}`),
  });
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
    username: 'bench-import',
    password: 'bench-password-123',
    roles: [{ role: 'administrator', unitId: root }],
  });
  const actor = (await loadActor(db, admin.id))!;
  for (const [kind, file] of [
    ['units', files.unitsCsv],
    ['people', files.peopleCsv],
  ] as const) {
    const [, took] = await timed(async () => {
      const { jobId, done } = await services.transfer.startImport(
        actor,
        { kind, fileName: path.basename(file), data: fs.readFileSync(file) },
        { actorAccountId: admin.id, requestId: 'bench', clientIp: null },
      );
      await done;
      const job = await services.transfer.job(actor, jobId, 'en');
      if (job.status !== 'succeeded') throw new Error(`${kind} import ${job.status}`);
    });
    report(`import ${kind}`, ms(took));
  }
  await db.exec('VACUUM ANALYZE');
  return root;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { createServices } = await import('../src/server/services.ts');
  const { systemClock } = await import('../src/server/clock.ts');
  const bench = await openBenchDb('postgres');
  try {
    const services = createServices({ db: bench.db, clock: systemClock('Asia/Ho_Chi_Minh') });
    await loadRegistry(bench, services, {
      people: Number(arg('people', '1000000')),
      units: Number(arg('units', '50000')),
      outDir: arg('out', 'bench/out'),
    });
    if (!process.argv.includes('--keep')) process.argv.push('--keep');
  } finally {
    await bench.cleanup();
  }
}
