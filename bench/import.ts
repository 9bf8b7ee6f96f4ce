/**
 * Times the import of the benchmark data set: the unit tree, then the people with their memberships,
 * then the same people file again (which must change nothing). Each phase (check, write) is timed.
 *   tsx bench/import.ts --people 100000 --units 50000            # PGlite in a temporary folder
 *   tsx bench/import.ts --people 1000000 --db postgres://…       # a PostgreSQL database (must be empty)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectPostgres, openPglite, type Db } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { fixedClock } from '../src/server/clock.ts';
import { loadActor } from '../src/server/access/actor.ts';
import { insertUnit } from '../src/server/modules/units/tree.ts';
import { createPeopleService } from '../src/server/modules/people/people.service.ts';
import { createStatisticsService } from '../src/server/modules/statistics/statistics.service.ts';
import { createTransferService } from '../src/server/modules/transfer/transfer.service.ts';
import type { ImportKind } from '../src/server/modules/transfer/import.common.ts';
import { generateDataset, ROOT_CODE } from './dataset.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const peopleCount = Number(arg('people', '100000'));
const unitCount = Number(arg('units', '50000'));
const url = arg('db', '');
const again = arg('again', 'true') !== 'false';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'grassroots-bench-import-'));
const seconds = (ms: number) => (ms / 1000).toFixed(1) + ' s';

/**
 * CPU seconds used so far by this process and (PostgreSQL on this machine, read from /proc) by the
 * database's backends: on a shared, loaded machine a steadier figure than the elapsed time.
 */
async function cpuSeconds(db: Db): Promise<{ node: number; server: number }> {
  const u = process.cpuUsage();
  const node = (u.user + u.system) / 1e6;
  if (db.kind !== 'postgres') return { node, server: 0 };
  const pids = await db.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  let ticks = 0;
  for (const { pid } of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]); // utime, stime
    } catch {
      // another machine, or the backend has gone
    }
  }
  return { node, server: ticks / 100 };
}

async function main() {
  let t0 = Date.now();
  const files = await generateDataset({ people: peopleCount, units: unitCount, out: work });
  console.log(
    `data set: ${files.unitCount} units, ${files.peopleCount} people (${seconds(Date.now() - t0)})`,
  );

  const db: Db = url ? connectPostgres(url, 4) : await openPglite(path.join(work, 'db'));
  console.log(`database: ${db.kind}${url ? '' : ' on disk'}`);
  try {
    await migrate(db);
    const clock = fixedClock('2026-11-20T05:00:00Z');
    const accountId = await db.tx(async (q) => {
      const root = await insertUnit(q, {
        code: ROOT_CODE,
        parentId: null,
        name: 'Đảng bộ tỉnh Thử nghiệm',
        kind: 'province_committee',
        on: '1980-01-01',
      });
      const a = await q.query<{ id: number }>(
        `INSERT INTO account (username, password_hash) VALUES ('bench-importer', 'x') RETURNING id`,
      );
      await q.query(
        `INSERT INTO role_assignment (account_id, role, unit_id) VALUES ($1, 'committee_staff', $2)`,
        [a[0]!.id, root],
      );
      return a[0]!.id;
    });
    const actor = (await loadActor(db, accountId))!;
    const people = createPeopleService({ db, clock });
    const statistics = createStatisticsService({ db, clock });
    const transfer = createTransferService({ db, clock, people, statistics });
    const ctx = { actorAccountId: accountId, requestId: 'bench', clientIp: null };

    const run = async (kind: ImportKind, file: string, label: string) => {
      const cpu0 = await cpuSeconds(db);
      t0 = Date.now();
      const started = await transfer.startImport(
        actor,
        { kind, fileName: path.basename(file), data: fs.readFileSync(file) },
        ctx,
        {
          log: (err) => console.error(err),
        },
      );
      const accepted = Date.now() - t0;
      const phases: Record<string, number> = {};
      let last = 'validating';
      let since = Date.now();
      const timer = setInterval(() => {
        void transfer.job(actor, started.jobId, 'en').then((j) => {
          if (j.phase !== last) {
            phases[last] = Date.now() - since;
            last = j.phase;
            since = Date.now();
          }
        });
      }, 100);
      await started.done;
      clearInterval(timer);
      phases[last] = Date.now() - since;
      const j = await transfer.job(actor, started.jobId, 'en');
      const rss = Math.round(process.memoryUsage().rss / 1e6);
      const cpu1 = await cpuSeconds(db);
      console.log(
        `${label}: ${j.status} in ${seconds(Date.now() - t0)} (upload checks ${seconds(accepted)}, check ${seconds(phases.validating ?? 0)}, write ${seconds(phases.writing ?? 0)}), rss ${rss} MB`,
      );
      console.log(
        `  cpu: node ${(cpu1.node - cpu0.node).toFixed(1)} s` +
          (db.kind === 'postgres' ? `, postgres backends ${(cpu1.server - cpu0.server).toFixed(1)} s` : ''),
      );
      console.log('  ' + JSON.stringify(j.summary));
      if (j.status !== 'succeeded') console.log('  ' + JSON.stringify(j.errors.slice(0, 5)));
    };

    await run('units', files.unitsCsv, `units (${files.unitCount})`);
    await run('people', files.peopleCsv, `people (${files.peopleCount})`);
    if (again) await run('people', files.peopleCsv, `people again (${files.peopleCount})`);
  } finally {
    await db.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
