/**
 * Registry benchmark: generate the data set, import it through the real import pipeline, then measure
 * statistics (today, as of past dates, with filters), name search, and the statistics endpoint over HTTP
 * against the time of its own SQL, all in one run.
 *   tsx bench/registry.ts --engine pglite|postgres --people 1000000 --units 50000 [--samples 20]
 *                         [--only stats|search|http] [--compare]
 * PostgreSQL: BENCH_DATABASE_URL names a server where a fresh database is created (and dropped after,
 * unless --keep); BENCH_EXISTING_URL reuses a database the data set was already loaded into (migrated
 * first). --compare also times past figures through the scan of the status periods (the path used
 * before the dated subtree totals), in the same run.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import os from 'node:os';
import { createServices } from '../src/server/services.ts';
import { systemClock } from '../src/server/clock.ts';
import { loadActor, type Actor } from '../src/server/access/actor.ts';
import { buildApp } from '../src/server/app.ts';
import { parseConfig } from '../src/server/config.ts';
import { createStatisticsService } from '../src/server/modules/statistics/statistics.service.ts';
import { ROOT_CODE } from './dataset.ts';
import { arg, loadRegistry, ms, openBenchDb, pct, timed } from './setup.ts';

const engine = arg('engine', 'pglite') as 'pglite' | 'postgres';
const peopleN = Number(arg('people', '1000000'));
const unitsN = Number(arg('units', '50000'));
const samples = Number(arg('samples', '40'));
const outDir = arg('out', 'bench/out');
const only = arg('only', 'all');
const compare = process.argv.includes('--compare');
const runs = (part: string) => only === 'all' || only.split(',').includes(part);

const results: Record<string, string | number> = { engine, people: peopleN, units: unitsN };
const report = (k: string, v: string | number) => {
  results[k] = v;
  console.log(`${k}: ${v}`);
};
const load = () => os.loadavg()[0]!.toFixed(2);

const bench = await openBenchDb(engine);
const { db } = bench;
try {
  const clock = systemClock('Asia/Ho_Chi_Minh');
  const services = createServices({ db, clock });
  const [, loadMs] = await timed(() =>
    loadRegistry(bench, services, { people: peopleN, units: unitsN, outDir }),
  );
  report(
    bench.fresh ? 'generate and import (s)' : 'migrate the kept database (s)',
    (loadMs / 1000).toFixed(1),
  );
  const root = (await db.query<{ id: number }>(`SELECT id FROM unit WHERE code = $1`, [ROOT_CODE]))[0]!.id;
  const suffix = randomBytes(3).toString('hex');
  const admin = await services.accounts.createSystemAccount({
    username: `bench-${suffix}`,
    password: 'bench-password-123',
    roles: [{ role: 'administrator', unitId: root }],
  });
  const actor = (await loadActor(db, admin.id))!;
  const ctx = { actorAccountId: admin.id, requestId: 'bench', clientIp: null };

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
  const ids = new Map<string, number[]>();
  for (const [level, sql] of levels)
    ids.set(
      level,
      (await db.query<{ id: number }>(sql)).map((r) => r.id),
    );
  const pick = (level: string) => {
    const xs = ids.get(level)!;
    return Array.from({ length: Math.min(samples, xs.length * 3) }, (_, i) => xs[(i * 7919) % xs.length]!);
  };

  type Filters = { asOf?: string; ownership?: 'state_owned'; kinds?: string[] };
  const statsFigure = async (
    label: string,
    service: { statistics: typeof services.statistics.statistics },
    f: (i: number) => Filters,
  ) => {
    const all: number[] = [];
    const loads: string[] = [];
    for (const [level] of levels) {
      const units = pick(level);
      await service.statistics(actor, units[0]!, f(0)); // warm
      const times: number[] = [];
      for (const [i, id] of units.entries())
        times.push((await timed(() => service.statistics(actor, id, f(i))))[1]);
      all.push(...times);
      loads.push(load());
      report(`${label} — ${level} p50/p95`, `${ms(pct(times, 50))} / ${ms(pct(times, 95))}`);
    }
    report(`${label} — all levels p95`, `${ms(pct(all, 95))} (load ${loads.join(', ')})`);
  };

  if (runs('stats')) {
    // Past dates: a month end, and dates anywhere in the history (one per sample).
    const anyDay = (i: number) => {
      const d = new Date(Date.UTC(2005, 0, 1) + ((i * 2_654_435_761) % 7_300) * 86_400_000);
      return d.toISOString().slice(0, 10);
    };
    const figures: [string, (i: number) => Filters][] = [
      ['statistics today', () => ({})],
      ['statistics as of 2023-06-30', () => ({ asOf: '2023-06-30' })],
      ['statistics as of a day in 2005–2024', (i) => ({ asOf: anyDay(i) })],
      [
        'statistics as of 2023-06-30, kinds=party_cell',
        () => ({ asOf: '2023-06-30', kinds: ['party_cell'] }),
      ],
      [
        'statistics as of 2023-06-30, kinds=grassroots_trade_union,party_cell',
        () => ({ asOf: '2023-06-30', kinds: ['grassroots_trade_union', 'party_cell'] }),
      ],
      [
        'statistics as of 2023-06-30, ownership=state_owned',
        () => ({ asOf: '2023-06-30', ownership: 'state_owned' }),
      ],
      ['statistics today, kinds=party_cell', () => ({ kinds: ['party_cell'] })],
    ];
    for (const [label, f] of figures) await statsFigure(label, services.statistics, f);
    if (compare) {
      const scan = createStatisticsService({ db, clock, datedTotals: false });
      await statsFigure('scan of the periods (before): as of 2023-06-30', scan, () => ({
        asOf: '2023-06-30',
      }));
      await statsFigure('scan of the periods (before): as of a day in 2005–2024', scan, (i) => ({
        asOf: anyDay(i),
      }));
    }
  }

  if (runs('search')) {
    // Name search without diacritics, top 20 within scope
    const communeId = (await db.query<{ id: number }>(`SELECT id FROM unit WHERE code = 'B3.7'`))[0]!.id;
    const staff = await services.accounts.createSystemAccount({
      username: `benchcommune-${suffix}`,
      password: 'bench-password-123',
      roles: [{ role: 'committee_staff', unitId: communeId }],
    });
    const districtId = (await db.query<{ id: number }>(`SELECT id FROM unit WHERE code = 'B5'`))[0]!.id;
    const dstaff = await services.accounts.createSystemAccount({
      username: `benchdistrict-${suffix}`,
      password: 'bench-password-123',
      roles: [{ role: 'committee_staff', unitId: districtId }],
    });
    const communeActor = (await loadActor(db, staff.id))!;
    const districtActor = (await loadActor(db, dstaff.id))!;
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
      ['district', districtActor],
      ['commune', communeActor],
    ] as [string, Actor][]) {
      const times: number[] = [];
      for (let r = 0; r < 3; r++) {
        for (const q of queries) {
          times.push(
            (await timed(() => services.people.list(a, { q, sort: 'name', page: 1, pageSize: 20 }, ctx)))[1],
          );
        }
      }
      report(
        `search top 20 (${who} scope) p50/p95`,
        `${ms(pct(times, 50))} / ${ms(pct(times, 95))} (load ${load()})`,
      );
    }
  }

  if (runs('http')) {
    // The statistics endpoint over HTTP versus its own SQL, same unit, same run.
    const communeId = (await db.query<{ id: number }>(`SELECT id FROM unit WHERE code = 'B3.7'`))[0]!.id;
    const config = parseConfig({ LOG_LEVEL: 'silent', DEMO: 'false' });
    const { app } = await buildApp({ config, db, clock });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const login = await fetch(`${address}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `bench-${suffix}`, password: 'bench-password-123' }),
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
  }
} finally {
  await bench.cleanup();
}
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(`${outDir}/registry-${engine}-${peopleN}.json`, JSON.stringify(results, null, 2));
