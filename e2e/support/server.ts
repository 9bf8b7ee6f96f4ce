/**
 * The server the browser tests talk to: one real Grassroots server on a fresh embedded database with
 * the demo province, started from this checkout and stopped (its data folder removed) afterwards.
 *
 * Reuse instead of starting: when E2E_BASE_URL (e.g. http://localhost:3000) and E2E_ACCOUNTS (the path
 * of that server's `<DATA_DIR>/demo-accounts.json`) are set, that server is used and left running.
 * `global-setup.ts` sets both for the whole run when it is configured as the e2e project's globalSetup.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The demo province's accounts are named after their role. */
export type DemoUsername = 'admin' | 'staff' | 'commune' | 'secretary' | 'member';
export const DEMO_USERNAMES: readonly DemoUsername[] = ['admin', 'staff', 'commune', 'secretary', 'member'];

export interface DemoAccount {
  username: string;
  password: string;
  /** The server's role code: administrator, committee_staff, cell_secretary, member. */
  role: string;
  /** The unit the role is held on. */
  unitName: string;
}

export interface TestServer {
  baseUrl: string;
  accounts: DemoAccount[];
  /** Where the accounts were read from (for reuse by other processes). */
  accountsFile: string;
  account(username: DemoUsername): DemoAccount;
  /** Stops the server this module started (no-op for a reused one) and removes its data folder. */
  stop(): Promise<void>;
}

/** Seeding the demo province takes 30–90 s on a 2-core machine. */
const READY_TIMEOUT_MS = 170_000;
const BUILD_TIMEOUT_MS = 170_000;

export interface StartOptions {
  /** Start a server of this flow's own even when a shared one is configured (E2E_BASE_URL). */
  own?: boolean;
  /** Extra environment, e.g. CLOCK_START to set the server's clock. */
  env?: Record<string, string>;
  /** Reuse this data folder (a server started again on the same database); kept on stop. */
  dataDir?: string;
}

export async function startServer(opts: StartOptions = {}): Promise<TestServer & { dataDir: string | null }> {
  const reuseUrl = opts.own ? undefined : process.env.E2E_BASE_URL;
  const reuseAccounts = opts.own ? undefined : process.env.E2E_ACCOUNTS;
  if (reuseUrl && reuseAccounts) {
    const baseUrl = reuseUrl.replace(/\/+$/, '');
    await waitUntilReady(baseUrl, 30_000, () => undefined);
    return { ...makeServer(baseUrl, reuseAccounts, async () => undefined), dataDir: null };
  }
  if (reuseUrl || reuseAccounts) throw new Error('Set both E2E_BASE_URL and E2E_ACCOUNTS, or neither.');

  buildWebApp();
  const port = await freePort();
  const keepData = opts.dataDir !== undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'grassroots-e2e-'));
  const output: string[] = [];
  const child = spawn(
    process.execPath,
    [join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'src/server/main.ts', 'start'],
    {
      cwd: REPO_ROOT,
      env: {
        ...childEnv(),
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DEMO: 'true',
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
        DATABASE_OWNER_URL: '',
        PUBLIC_URL: '',
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // If this test process dies first, do not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await stopChild(child, exited);
    if (!keepData) rmSync(dataDir, { recursive: true, force: true });
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(baseUrl, READY_TIMEOUT_MS, () => {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(`the server exited (${child.exitCode ?? child.signalCode})`);
    });
  } catch (error) {
    await stop();
    throw new Error(
      `Grassroots did not become ready at ${baseUrl}: ${(error as Error).message}\n--- server output ---\n${output.join('')}`,
    );
  }
  return { ...makeServer(baseUrl, join(dataDir, 'demo-accounts.json'), stop), dataDir };
}

function makeServer(baseUrl: string, accountsFile: string, stop: () => Promise<void>): TestServer {
  if (!existsSync(accountsFile)) throw new Error(`No demo accounts at ${accountsFile}`);
  const accounts = JSON.parse(readFileSync(accountsFile, 'utf8')) as DemoAccount[];
  return {
    baseUrl,
    accounts,
    accountsFile,
    account(username) {
      const found = accounts.find((a) => a.username === username);
      if (!found) throw new Error(`The demo province has no account "${username}"`);
      return found;
    },
    stop,
  };
}

/** `node scripts/build-web.mjs`: quick when dist/web is newer than its sources. */
function buildWebApp(): void {
  const result = spawnSync(process.execPath, ['scripts/build-web.mjs'], {
    cwd: REPO_ROOT,
    env: childEnv(),
    encoding: 'utf8',
    timeout: BUILD_TIMEOUT_MS,
  });
  if (result.status !== 0)
    throw new Error(`Building the web app failed:\n${result.stdout ?? ''}${result.stderr ?? ''}`);
}

/**
 * The environment of `npm start`: vitest sets NODE_ENV=test, under which Vite would build a
 * development bundle (no service worker, React's slow development mode).
 */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_ENV;
  return env;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? done(port) : fail(new Error('no free port'))));
    });
  });
}

async function waitUntilReady(baseUrl: string, timeoutMs: number, check: () => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    check();
    try {
      const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
      last = `readyz answered ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`not ready after ${Math.round(timeoutMs / 1000)} s (${last})`);
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}
