#!/usr/bin/env node
// The whole test suite, in order:
//   1. unit + integration tests with embedded PGlite (TEST_DATABASE_URL removed from the env);
//   2. the database tests (`*.db.test.ts`) again against PostgreSQL (TEST_DATABASE_URL);
//   3. end-to-end tests (e2e/**/*.e2e.ts) with Chromium (CHROMIUM_PATH or /usr/bin/chromium).
// Output of vitest is forwarded live; counts come from vitest's JSON reporter. The last line is
// `Tests: N passed, N failed[, N skipped]`. The exit code is non-zero if anything failed or a
// required pass could not run. In CI (CI=true) PostgreSQL and Chromium are required and no test
// may be skipped.
//
// `npm test -- <args>` passes <args> to vitest for pass 1 only (e.g. a file filter or
// `-t <name>`) and runs nothing else.

import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vitestCli = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const inCI = ['true', '1'].includes((process.env.CI ?? '').toLowerCase());
const extraArgs = process.argv.slice(2);
const filtered = extraArgs.length > 0;
const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const tmp = mkdtempSync(join(tmpdir(), 'grassroots-test-'));
/** @type {Array<{name: string, ran: boolean, passed: number, failed: number, skipped: number, seconds: number, note?: string}>} */
const results = [];
/** @type {string[]} */
const problems = [];
let interrupted = false;
/** @type {import('node:child_process').ChildProcess | undefined} */
let currentChild;

// On Ctrl-C / SIGTERM stop vitest, let it finish, print the summary, and run no further pass.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    interrupted = true;
    currentChild?.kill(signal);
  });
}

function banner(text) {
  console.log(`\n=== ${text} ===\n`);
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs `vitest run <args>` with live output and returns the counts from the JSON report. */
async function runVitest(name, args, env) {
  const reportFile = join(tmp, `${results.length + 1}.json`);
  const started = Date.now();
  const code = await new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [vitestCli, 'run', ...args, '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`],
      { cwd: root, env, stdio: 'inherit' },
    );
    currentChild = child;
    child.on('error', (err) => {
      console.error(`Could not start vitest: ${err.message}`);
      resolve(1);
    });
    child.on('close', (exitCode, signal) => resolve(exitCode ?? (signal ? `signal ${signal}` : 1)));
  });
  currentChild = undefined;
  const seconds = (Date.now() - started) / 1000;

  const result = { name, ran: true, passed: 0, failed: 0, skipped: 0, seconds };
  let report;
  if (existsSync(reportFile)) {
    try {
      report = JSON.parse(readFileSync(reportFile, 'utf8'));
    } catch (err) {
      problems.push(`${name}: could not read vitest's JSON report (${err.message}).`);
    }
  }
  if (report) {
    result.passed = report.numPassedTests ?? 0;
    result.failed = report.numFailedTests ?? 0;
    result.skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    // A test file that fails to load (syntax error, failing import, failing beforeAll without
    // tests...) has no failed test; count each such file as one failure.
    for (const file of report.testResults ?? []) {
      const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed').length;
      if (file.status === 'failed' && failedTests === 0) {
        result.failed += 1;
        problems.push(`${name}: ${file.name} failed outside of any test: ${firstLine(file.message)}`);
      }
    }
  }
  if (code !== 0 && result.failed === 0) {
    result.failed = 1;
    problems.push(
      `${name}: vitest exited with ${typeof code === 'number' ? `code ${code}` : code} ` +
        'without a failing test (unhandled error, no test files, or a crash; see the output above); ' +
        'counted as 1 failure.',
    );
  } else if (result.failed > 0) {
    problems.push(`${name}: ${result.failed} failed (see the output above).`);
  }
  if (inCI && !filtered && result.skipped > 0) {
    problems.push(
      `${name}: ${result.skipped} test(s) skipped or todo; in CI nothing may be skipped ` +
        '(remove .skip/.todo/skipIf or provide what the tests need).',
    );
  }
  results.push(result);
  return result;
}

function firstLine(text) {
  const line = String(text ?? '')
    .split('\n')
    .find((l) => l.trim() !== '');
  return line ? line.trim().slice(0, 300) : '(no message)';
}

/** Records a pass that did not run. In CI that is a failure, counted as one failed test. */
function notRun(name, why, howTo) {
  if (inCI) {
    results.push({ name, ran: false, passed: 0, failed: 1, skipped: 0, seconds: 0, note: `NOT RUN: ${why}` });
    problems.push(`${name}: ${why}; this is required in CI (counted as 1 failure).`);
    console.error(`\n${name}: FAILED: ${why}. This pass is required in CI.`);
  } else {
    results.push({ name, ran: false, passed: 0, failed: 0, skipped: 0, seconds: 0, note: `skipped: ${why}` });
    console.log(`\n${name}: SKIPPED: ${why}.\n  To run it: ${howTo}`);
  }
}

function envWithout(...names) {
  const env = { ...process.env };
  for (const n of names) delete env[n];
  return env;
}

async function main() {
  if (!existsSync(vitestCli)) {
    console.error(`vitest is not installed (${vitestCli} missing); run \`npm ci\` first.`);
    return 1;
  }

  // Pass 1: everything in the unit project, on PGlite.
  banner(
    filtered
      ? `unit tests on PGlite, filtered: vitest run --project unit ${extraArgs.join(' ')}`
      : 'Pass 1/3: unit and integration tests on embedded PGlite',
  );
  await runVitest('unit (PGlite)', ['--project', 'unit', ...extraArgs], envWithout('TEST_DATABASE_URL'));

  if (!filtered && !interrupted) {
    // Pass 2: the database tests again, against a real PostgreSQL server.
    const pgName = 'unit (PostgreSQL)';
    if (process.env.TEST_DATABASE_URL) {
      banner('Pass 2/3: database tests (*.db.test.ts) on PostgreSQL (TEST_DATABASE_URL)');
      await runVitest(pgName, ['--project', 'unit', '--passWithNoTests', '.db.test.ts'], process.env);
    } else {
      notRun(
        pgName,
        'TEST_DATABASE_URL is not set, so the database tests did not run against PostgreSQL',
        'eval "$(bash scripts/throwaway-postgres.sh)" && npm test; bash scripts/throwaway-postgres.sh stop',
      );
    }
  }

  if (!filtered && !interrupted) {
    // Pass 3: end-to-end tests in Chromium.
    const e2eName = 'e2e (Chromium)';
    const chromium = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
    if (isExecutable(chromium)) {
      banner(`Pass 3/3: end-to-end tests with ${chromium}`);
      await runVitest(e2eName, ['--project', 'e2e', '--passWithNoTests'], {
        ...process.env,
        CHROMIUM_PATH: chromium,
      });
    } else {
      notRun(
        e2eName,
        `Chromium not found at ${chromium}` + (process.env.CHROMIUM_PATH ? ' (CHROMIUM_PATH)' : ''),
        'install Debian\'s "chromium" package, or set CHROMIUM_PATH to a Chromium binary, then npm test',
      );
    }
  }

  if (interrupted) problems.push('interrupted.');

  // Summary.
  const total = { passed: 0, failed: 0, skipped: 0 };
  console.log('\n=== Summary ===');
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    total.passed += r.passed;
    total.failed += r.failed;
    total.skipped += r.skipped;
    const counts = `${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`;
    const tail = r.ran ? ` (${r.seconds.toFixed(1)}s)` : ` (${r.note})`;
    console.log(`  ${r.name.padEnd(width)}  ${counts}${tail}`);
  }
  if (filtered) console.log('  (filtered run: only the PGlite pass ran)');
  if (problems.length > 0) {
    console.log('\nProblems:');
    for (const p of problems) console.log(`  - ${p}`);
  }
  console.log('');
  console.log(
    `Tests: ${total.passed} passed, ${total.failed} failed` +
      (total.skipped > 0 ? `, ${total.skipped} skipped` : ''),
  );
  return problems.length > 0 || total.failed > 0 ? 1 : 0;
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  console.error(err);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exitCode = interrupted ? 130 : exitCode;
