/**
 * Lighthouse performance of the member's home (/me) and the committee's unit page (/units/{province}),
 * mobile form factor with Lighthouse's default (simulated) throttling, in Debian's Chromium.
 *
 *   npx tsx bench/lighthouse.ts [--runs 3] [--pages me,unit] [--lang vi] [--unit-as staff] [--gzip]
 *
 * Starts the production server the way the end-to-end suite does (builds dist/web when stale, a fresh
 * embedded database with the demo province; e2e/support/server.ts), or reuses a running one when
 * E2E_BASE_URL and E2E_ACCOUNTS are set. Signs in through the API as the demo member (for /me) and
 * the province's committee staff (for the province's unit page; `--unit-as admin` for the administrator
 * instead) and hands Lighthouse the session cookie.
 * Prints the performance score and FCP, LCP, TBT, CLS and Speed Index for every run, then the median
 * of the runs per page, and for a page under 90 the audits that cost the most. Full reports are
 * written to bench/out/lighthouse/ (open the .html files in a browser).
 *
 * `--gzip` puts a small gzip-compressing proxy between Chromium and the server (the server itself sends
 * everything uncompressed): what compressing responses would change, measured rather than guessed.
 *
 * CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream';
import zlib from 'node:zlib';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Flags, type Result } from 'lighthouse';
import { DEMO_USERNAMES, startServer, type DemoUsername } from '../e2e/support/server.ts';

const argv = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : dflt;
};
const runs = Number(arg('runs', '3'));
const pageNames = arg('pages', 'me,unit').split(',');
const lang = arg('lang', 'vi');
const outDir = arg('out', path.join('bench', 'out', 'lighthouse'));
const chromePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const gzip = argv.includes('--gzip');
const unitAs = arg('unit-as', 'staff') as DemoUsername;
if (!DEMO_USERNAMES.includes(unitAs)) throw new Error(`--unit-as: one of ${DEMO_USERNAMES.join(', ')}`);

interface Figures {
  score: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  si: number;
}

const METRICS: [keyof Figures, string, string][] = [
  ['fcp', 'first-contentful-paint', 'FCP'],
  ['lcp', 'largest-contentful-paint', 'LCP'],
  ['tbt', 'total-blocking-time', 'TBT'],
  ['cls', 'cumulative-layout-shift', 'CLS'],
  ['si', 'speed-index', 'SI'],
];

function figures(lhr: Result): Figures {
  const value = (id: string) => lhr.audits[id]?.numericValue ?? NaN;
  return {
    score: Math.round((lhr.categories.performance?.score ?? 0) * 100),
    fcp: value('first-contentful-paint'),
    lcp: value('largest-contentful-paint'),
    tbt: value('total-blocking-time'),
    cls: value('cumulative-layout-shift'),
    si: value('speed-index'),
  };
}

function line(f: Figures): string {
  const t = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  return `score ${f.score}  FCP ${t(f.fcp)}  LCP ${t(f.lcp)}  TBT ${Math.round(f.tbt)} ms  CLS ${f.cls.toFixed(3)}  SI ${t(f.si)}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The audits that cost the most, for a page that misses 90: opportunities and failing diagnostics. */
function explain(lhr: Result): string[] {
  const out: string[] = [];
  for (const audit of Object.values(lhr.audits)) {
    if (audit.score === null || audit.score >= 0.9) continue;
    if (audit.scoreDisplayMode !== 'metricSavings' && audit.scoreDisplayMode !== 'numeric') continue;
    const savings = audit.metricSavings ?? {};
    const saved = Object.entries(savings)
      .filter(([, v]) => typeof v === 'number' && v > 0)
      .map(([k, v]) => `${k} −${Math.round(v as number)}${k === 'CLS' ? '' : ' ms'}`)
      .join(', ');
    out.push(`    ${audit.id}: ${audit.displayValue ?? ''}${saved ? ` (${saved})` : ''}`);
  }
  return out;
}

/** The element Lighthouse found to be the largest contentful paint, as a short selector and text. */
function lcpElementOf(lhr: Result): string | undefined {
  const details = lhr.audits['largest-contentful-paint-element']?.details as
    { items?: { items?: { node?: { selector?: string; snippet?: string } }[] }[] } | undefined;
  const node = details?.items?.[0]?.items?.[0]?.node;
  return node ? `${node.selector ?? ''} ${node.snippet ?? ''}`.slice(0, 200) : undefined;
}

async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`signing in as ${username} answered ${response.status}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|problem\+json|manifest\+json)|image\/svg)/;

/** A proxy to `target` that gzips text responses for clients that accept it. Answers its origin. */
async function gzipProxy(target: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const upstream = new URL(target);
  const proxy = http.createServer((req, res) => {
    const forward = http.request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: upstream.host, 'accept-encoding': 'identity' },
      },
      (answer) => {
        const type = String(answer.headers['content-type'] ?? '');
        const accepts = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
        if (!accepts || !COMPRESSIBLE.test(type) || answer.statusCode === 304 || req.method === 'HEAD') {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          return;
        }
        const headers = { ...answer.headers, 'content-encoding': 'gzip', vary: 'accept-encoding' };
        delete headers['content-length'];
        res.writeHead(answer.statusCode ?? 502, headers);
        pipeline(answer, zlib.createGzip({ level: 6 }), res, () => undefined);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  const address = proxy.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((done) => proxy.close(() => done())),
  };
}

const server = await startServer();
const proxy = gzip ? await gzipProxy(server.baseUrl) : undefined;
const origin = proxy?.origin ?? server.baseUrl;
let chrome: chromeLauncher.LaunchedChrome | undefined;
try {
  const cookies = new Map<DemoUsername, string>();
  const cookieOf = async (username: DemoUsername) => {
    if (!cookies.has(username)) {
      const account = server.account(username);
      cookies.set(username, await signIn(server.baseUrl, account.username, account.password));
    }
    return cookies.get(username)!;
  };
  const roots = (await (
    await fetch(`${server.baseUrl}/api/v1/units/roots`, { headers: { cookie: await cookieOf(unitAs) } })
  ).json()) as { items: { id: number; name: string }[] };
  const province = roots.items[0];
  if (!province) throw new Error(`the account "${unitAs}" has no root unit`);

  const pages: Record<string, { path: string; as: DemoUsername }> = {
    me: { path: '/me', as: 'member' },
    unit: { path: `/units/${province.id}`, as: unitAs },
  };

  chrome = await chromeLauncher.launch({
    chromePath,
    // Headless Chromium reports English (navigator.languages) whatever --lang and the environment
    // say; --accept-lang sets the browser's languages.
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      `--lang=${lang}`,
      `--accept-lang=${lang}`,
    ],
    envVars: { ...(process.env as Record<string, string>), LANGUAGE: lang, LANG: `${lang}.UTF-8` },
    prefs: { 'intl.accept_languages': lang },
  });
  fs.mkdirSync(outDir, { recursive: true });
  const all = new Map<string, Figures[]>();
  const benchmarks = new Map<string, number[]>();
  for (let run = 1; run <= runs; run++) {
    for (const name of pageNames) {
      const page = pages[name];
      if (!page) throw new Error(`unknown page "${name}" (me, unit)`);
      const flags: Flags = {
        port: chrome.port,
        logLevel: 'error',
        output: ['json', 'html'],
        onlyCategories: ['performance'],
        extraHeaders: { Cookie: await cookieOf(page.as) },
      };
      const result = await lighthouse(`${origin}${page.path}`, flags);
      if (!result) throw new Error('Lighthouse returned nothing');
      const lhr = result.lhr;
      if (lhr.runtimeError)
        throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const [json, html] = result.report as string[];
      const file = `${name}-${page.as}${gzip ? '-gzip' : ''}-${run}`;
      fs.writeFileSync(path.join(outDir, `${file}.json`), json!);
      fs.writeFileSync(path.join(outDir, `${file}.html`), html!);
      const f = figures(lhr);
      all.set(name, [...(all.get(name) ?? []), f]);
      benchmarks.set(name, [...(benchmarks.get(name) ?? []), lhr.environment.benchmarkIndex]);
      console.log(
        `run ${run}  ${page.path.padEnd(12)} ${line(f)}  (benchmarkIndex ${Math.round(lhr.environment.benchmarkIndex)})`,
      );
      const lcpElement = lcpElementOf(lhr);
      if (lcpElement) console.log(`    largest contentful paint: ${lcpElement}`);
      if (f.score < 90) for (const text of explain(lhr)) console.log(text);
      const landed = lhr.finalDisplayedUrl;
      if (new URL(landed).pathname !== page.path)
        console.warn(`  WARNING: ended on ${landed}, not ${page.path}`);
    }
  }
  console.log(
    `\nmedian of ${runs} run(s), mobile, simulated throttling, ${chromePath}${gzip ? ', through the gzip proxy' : ''}` +
      ` (unit page as "${unitAs}"):`,
  );
  for (const [name, list] of all) {
    const m = Object.fromEntries(
      (['score', ...METRICS.map(([k]) => k)] as (keyof Figures)[]).map((k) => [
        k,
        median(list.map((f) => f[k])),
      ]),
    ) as unknown as Figures;
    console.log(
      `  ${pages[name]!.path.padEnd(12)} ${line(m)}   (scores ${list.map((f) => f.score).join(', ')}; ` +
        `benchmarkIndex ${benchmarks.get(name)!.map(Math.round).join(', ')})`,
    );
  }
} finally {
  await chrome?.kill();
  await proxy?.close();
  await server.stop();
}
