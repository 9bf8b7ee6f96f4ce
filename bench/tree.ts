/**
 * Organization tree benchmark: how long expanding a node takes, at every level of the benchmark data
 * set (bench/dataset.ts), through the HTTP API and in the browser (the tree page's expand control,
 * clicked in Chromium, until the children are on screen).
 *
 *   eval "$(bash scripts/throwaway-postgres.sh)"
 *   BENCH_DATABASE_URL=$TEST_DATABASE_URL npx tsx bench/tree.ts --people 200000 [--samples 20]
 *       [--browser-samples 10] [--no-browser] [--keep] [--database bench_tree_200000]
 *
 * The data set is generated and imported through the real import pipeline into a database of its own
 * (`bench_tree_<people>` on the server BENCH_DATABASE_URL names), dropped at the end unless `--keep`;
 * a kept database that already holds the data set is reused without importing again. A database
 * holding the data set without this benchmark's account (one loaded by bench/setup.ts and copied with
 * `CREATE DATABASE bench_tree_1000000 TEMPLATE <kept>`) gets the account and the empty second root
 * added instead of being imported again.
 *
 * What is timed:
 *  - API: `GET /api/v1/units/{id}/children?page=1&pageSize=100` (the tree page's request), one
 *    connection, for `--samples` nodes per level (distinct nodes, spread over the level).
 *  - Browser: the built web app (dist/web) served by the same server, signed in as an administrator of
 *    the province. Each sample loads /units afresh (empty query cache), expands the path down to the
 *    node's parent, then clicks the node's expand control and waits until its first page of children
 *    is in the DOM and a frame has been drawn. The bench account also administers a second, empty
 *    root so that the province is not opened automatically and its expansion can be clicked too.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Page } from 'playwright-core';
import { connectPostgres, type Db } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { createServices } from '../src/server/services.ts';
import { systemClock } from '../src/server/clock.ts';
import { insertUnit } from '../src/server/modules/units/tree.ts';
import { loadActor } from '../src/server/access/actor.ts';
import { buildApp } from '../src/server/app.ts';
import { parseConfig } from '../src/server/config.ts';
import { generateDataset, ROOT_CODE } from './dataset.ts';

const argv = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : dflt;
};
const flag = (name: string) => argv.includes(`--${name}`);

const peopleN = Number(arg('people', '200000'));
const unitsN = Number(arg('units', '50000'));
const samples = Number(arg('samples', '20'));
const browserSamples = Number(arg('browser-samples', '10'));
const outDir = arg('out', 'bench/out');
const dbName = arg('database', `bench_tree_${peopleN}`);
const withBrowser = !flag('no-browser');
const keep = flag('keep');
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const PAGE_SIZE = 100; // CHILDREN_PAGE in src/web/features/units/units.ts
const USERNAME = 'benchtree';
const PASSWORD = 'bench-tree-password-123';
const EXTRA_ROOT_CODE = 'B0-EMPTY';

if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) throw new Error(`--database must be a plain identifier: ${dbName}`);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, performance.now() - t];
}

const results: Record<string, unknown> = { people: peopleN, units: unitsN, database: dbName };
const report = (key: string, value: string | number) => {
  results[key] = value;
  console.log(`${key}: ${value}`);
};

// ---------------------------------------------------------------------------------------------------
// The database

const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (!serverUrl) throw new Error('set BENCH_DATABASE_URL (or TEST_DATABASE_URL) to a PostgreSQL server');

async function adminQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const dbUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = '/' + dbName;
  return u.toString();
})();

/**
 * The kept database, if it holds the whole data set of this size: 'ready' with this benchmark's
 * account, 'data' without it (loaded by another benchmark), otherwise 'no'.
 */
async function reusable(): Promise<'ready' | 'data' | 'no'> {
  const exists = await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [dbName]);
  if (exists.length === 0) return 'no';
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const rows = await client.query<{ people: number; account: number; root: number }>(
      `SELECT (SELECT count(*)::int FROM person) AS people,
              (SELECT count(*)::int FROM account WHERE username = $1) AS account,
              (SELECT count(*)::int FROM unit WHERE code = $2) AS root`,
      [USERNAME, ROOT_CODE],
    );
    const row = rows.rows[0]!;
    if (row.people !== peopleN || row.root !== 1) return 'no';
    return row.account === 1 ? 'ready' : 'data';
  } catch {
    return 'no';
  } finally {
    await client.end();
  }
}

/**
 * This benchmark's account on a database that holds the data set: administrator of the province and
 * of a second, empty root (so the tree page does not open the province by itself).
 */
async function addBenchAccount(db: Db): Promise<void> {
  await migrate(db);
  const services = createServices({ db, clock: systemClock('Asia/Ho_Chi_Minh') });
  const root = (await db.query<{ id: number }>('SELECT id FROM unit WHERE code = $1', [ROOT_CODE]))[0]!.id;
  const extra = await db.query<{ id: number }>('SELECT id FROM unit WHERE code = $1', [EXTRA_ROOT_CODE]);
  const extraRoot =
    extra[0]?.id ??
    (await db.tx((q) =>
      insertUnit(q, {
        code: EXTRA_ROOT_CODE,
        parentId: null,
        name: 'Tỉnh Trống',
        kind: 'province_committee',
        on: '1980-01-01',
      }),
    ));
  await services.accounts.createSystemAccount({
    username: USERNAME,
    password: PASSWORD,
    roles: [
      { role: 'administrator', unitId: root },
      { role: 'administrator', unitId: extraRoot },
    ],
  });
}

async function prepare(db: Db): Promise<void> {
  const [files, genMs] = await timed(() =>
    generateDataset({ people: peopleN, units: unitsN, out: path.join(outDir, `tree-${peopleN}`) }),
  );
  report('generate files', ms(genMs));
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
    username: 'benchimport',
    password: PASSWORD,
    roles: [{ role: 'administrator', unitId: root }],
  });
  const actor = (await loadActor(db, admin.id))!;
  const ctx = { actorAccountId: admin.id, requestId: 'bench-tree', clientIp: null };
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
  report(`import ${peopleN} people`, ms(peopleMs));
  await db.exec('VACUUM ANALYZE');
  // Created last: its presence marks a complete import for --keep reuse.
  await addBenchAccount(db);
}

// ---------------------------------------------------------------------------------------------------
// Levels and samples

interface Level {
  name: string;
  /** Units of the level that have children, in a stable order. */
  sql: string;
}

const LEVELS: Level[] = [
  { name: 'province', sql: `SELECT id FROM unit WHERE code = '${ROOT_CODE}'` },
  {
    name: 'district',
    sql: `SELECT id FROM unit WHERE code ~ '^B[0-9]+$' AND code <> '${ROOT_CODE}' ORDER BY id`,
  },
  { name: 'commune', sql: `SELECT id FROM unit WHERE code ~ '^B[0-9]+\\.[0-9]+$' ORDER BY id` },
  { name: 'grassroots', sql: `SELECT id FROM unit WHERE code ~ '\\.G[0-9]+$' ORDER BY id` },
];

interface Node {
  id: number;
  children: number;
  /** Ancestors from the root down to the parent (the province first). */
  path: number[];
}

async function sampleNodes(db: Db, level: Level, n: number): Promise<Node[]> {
  const ids = (await db.query<{ id: number }>(level.sql)).map((r) => r.id);
  const picked = [
    ...new Set(Array.from({ length: Math.min(n, ids.length) }, (_, i) => ids[(i * 7919) % ids.length]!)),
  ];
  const rows = await db.query<{ id: number; children: number; path: number[] }>(
    `SELECT u.id,
            (SELECT count(*)::int FROM unit_version v WHERE v.parent_id = u.id AND v.valid_to = 'infinity') AS children,
            coalesce((SELECT array_agg(c.ancestor_id ORDER BY c.depth DESC) FROM unit_closure c
                      WHERE c.descendant_id = u.id AND c.depth > 0 AND c.valid_to = 'infinity'), '{}') AS path
     FROM unnest($1::int[]) AS u(id)`,
    [picked],
  );
  return rows;
}

// ---------------------------------------------------------------------------------------------------
// Browser

/**
 * Runs in the page (kept as text: tsx would wrap named inner functions in a helper the page lacks).
 * Clicks the expand control of unit `id` and waits until `expected` children are listed (or, with
 * `next`, until that child is), then for the frame that shows them. Answers the time from the click.
 */
const EXPAND_IN_PAGE = `async ({ id, expected, next }) => {
  const link = document.querySelector('a[href="/units/' + id + '"]');
  const row = link && link.closest('li');
  const button = row && row.querySelector(':scope > div button[aria-expanded="false"]');
  if (!button) throw new Error('no expand control for unit ' + id);
  const started = performance.now();
  button.click();
  const shown = () => {
    const list = document.getElementById('tree-children-' + id);
    if (!list) return false;
    if (next !== undefined && next !== null)
      return list.querySelector(':scope > li a[href="/units/' + next + '"]') !== null;
    return list.querySelectorAll(':scope > li').length >= expected;
  };
  await new Promise((done, fail) => {
    const limit = started + 30000;
    const check = () => {
      if (shown()) done();
      else if (performance.now() > limit) fail(new Error('unit ' + id + ': children did not appear'));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  });
  await new Promise((done) => requestAnimationFrame(() => done()));
  return performance.now() - started;
}`;

async function expandInPage(page: Page, id: number, expected: number, next?: number): Promise<number> {
  const args = JSON.stringify({ id, expected, next: next ?? null });
  return page.evaluate<number>(`(${EXPAND_IN_PAGE})(${args})`);
}

async function measureBrowser(baseUrl: string, levels: [Level, Node[]][]): Promise<void> {
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
  try {
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1366, height: 900 },
      locale: 'vi-VN',
      serviceWorkers: 'block',
    });
    context.setDefaultTimeout(60_000);
    const login = await context.request.post('/api/v1/session', {
      data: { username: USERNAME, password: PASSWORD },
    });
    if (!login.ok()) throw new Error(`sign-in answered ${login.status()}`);
    const page = await context.newPage();
    const openTree = async () => {
      await page.goto('/units');
      await page.locator('nav ul a[href^="/units/"]').first().waitFor();
    };
    // Warm up: the console's chunks into the HTTP cache, the server's plans.
    await openTree();
    for (const [level, nodes] of levels) {
      const times: number[] = [];
      // The province is one node: expand it `--browser-samples` times, each on a fresh page.
      const order =
        nodes.length === 1
          ? Array.from({ length: browserSamples }, () => nodes[0]!)
          : nodes.slice(0, browserSamples);
      for (const node of order) {
        await openTree();
        const chain = [...node.path, node.id];
        for (let i = 0; i < node.path.length; i++) await expandInPage(page, chain[i]!, 1, chain[i + 1]);
        times.push(await expandInPage(page, node.id, Math.min(node.children, PAGE_SIZE)));
      }
      report(
        `browser expand ${level.name} (${nodes[0]!.children}+ children) p50/p95 (n=${times.length})`,
        `${ms(pct(times, 50))} / ${ms(pct(times, 95))}`,
      );
    }
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------------

let db: Db | undefined;
try {
  const found = await reusable();
  if (found === 'ready') {
    console.log(`reusing the kept database ${dbName}`);
    db = connectPostgres(dbUrl, 10);
  } else if (found === 'data') {
    console.log(`reusing the data set in ${dbName}; adding the benchmark's account`);
    db = connectPostgres(dbUrl, 10);
    await addBenchAccount(db);
  } else {
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${dbName}`);
    db = connectPostgres(dbUrl, 20);
    await prepare(db);
  }
  const counts = await db.query<{ n: number; m: number; u: number; maxChildren: number }>(
    `SELECT (SELECT count(*)::int FROM person) AS n, (SELECT count(*)::int FROM membership) AS m,
            (SELECT count(*)::int FROM unit) AS u,
            (SELECT max(c)::int FROM (SELECT count(*) AS c FROM unit_version WHERE valid_to = 'infinity'
                                      AND parent_id IS NOT NULL GROUP BY parent_id) x) AS "maxChildren"`,
  );
  report(
    'rows',
    `${counts[0]!.u} units, ${counts[0]!.n} people, ${counts[0]!.m} memberships; most children of one unit: ${counts[0]!.maxChildren}`,
  );

  const levels: [Level, Node[]][] = [];
  for (const level of LEVELS) levels.push([level, await sampleNodes(db, level, samples)]);

  if (withBrowser) {
    const build = spawnSync(process.execPath, ['scripts/build-web.mjs'], {
      cwd: REPO_ROOT,
      env: Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NODE_ENV')),
      encoding: 'utf8',
      stdio: 'inherit',
    });
    if (build.status !== 0) throw new Error('building the web app failed');
  }
  const clock = systemClock('Asia/Ho_Chi_Minh');
  const config = parseConfig({ LOG_LEVEL: 'silent', DEMO: 'false', NODE_ENV: 'production' });
  const { app } = await buildApp({
    config,
    db,
    clock,
    webDistDir: withBrowser ? path.join(REPO_ROOT, 'dist', 'web') : undefined,
  });
  const baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const login = await fetch(`${baseUrl}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
    });
    if (!login.ok) throw new Error(`sign-in answered ${login.status}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const children = async (id: number) => {
      const response = await fetch(`${baseUrl}/api/v1/units/${id}/children?page=1&pageSize=${PAGE_SIZE}`, {
        headers: { cookie, accept: 'application/json' },
      });
      if (!response.ok) throw new Error(`children of ${id}: ${response.status}`);
      return (await response.json()) as { items: unknown[]; total: number };
    };

    for (const [level, nodes] of levels) {
      await children(nodes[0]!.id); // warm
      const times: number[] = [];
      // The province is one node: ask for it `samples` times.
      const order = nodes.length === 1 ? Array.from({ length: samples }, () => nodes[0]!) : nodes;
      for (const node of order) {
        const [body, took] = await timed(() => children(node.id));
        if (body.items.length !== Math.min(node.children, PAGE_SIZE))
          throw new Error(`unit ${node.id}: ${body.items.length} children, expected ${node.children}`);
        times.push(took);
      }
      const sizes = nodes.map((n) => n.children);
      report(
        `API children ${level.name} (${Math.min(...sizes)}–${Math.max(...sizes)} children) p50/p95 (n=${times.length})`,
        `${ms(pct(times, 50))} / ${ms(pct(times, 95))}`,
      );
    }

    if (withBrowser) await measureBrowser(baseUrl, levels);
  } finally {
    await app.close();
  }
} finally {
  await db?.close();
  if (!keep) {
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    console.log(`dropped ${dbName}`);
  } else if (keep) console.log(`kept ${dbName} for the next run (without --keep it is dropped at the end)`);
}
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, `tree-${peopleN}.json`), JSON.stringify(results, null, 2));
