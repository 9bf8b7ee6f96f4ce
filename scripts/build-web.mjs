#!/usr/bin/env node
// Builds the web app into dist/web when it is missing or older than its sources (src/web,
// src/shared, public, index.html, vite.config.ts, package-lock.json). `npm start` runs this first,
// so a fresh clone serves a current app without a separate build step. `--force` always builds.

import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'dist', 'web');
const marker = join(outDir, 'index.html');
const sources = ['src/web', 'src/shared', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

const force = process.argv.includes('--force');
const builtAt = existsSync(marker) ? statSync(marker).mtimeMs : 0;
const changedAt = Math.max(...sources.map((s) => newestMtime(join(root, s))));

if (!force && builtAt > changedAt) {
  console.log('web app: dist/web is up to date');
  process.exit(0);
}

console.log(builtAt ? 'web app: sources changed, building…' : 'web app: building…');
const started = Date.now();
try {
  const { build } = await import('vite');
  // Always a production bundle (service worker, minified React), whatever NODE_ENV the caller has.
  process.env.NODE_ENV = 'production';
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  const compressed = precompress(outDir);
  console.log(
    `web app: built in ${((Date.now() - started) / 1000).toFixed(1)} s (${compressed} files pre-compressed)`,
  );
  reportMemberBudget();
} catch (error) {
  console.error('web app: build failed');
  console.error(error);
  process.exit(1);
}

/**
 * What a member's phone downloads for its screens (the app shell, the member routes, the
 * Vietnamese messages and the service-worker registration), gzipped, against the 200 KB budget.
 * The console and the charts are separate chunks and are not counted.
 */
function reportMemberBudget() {
  const manifestFile = join(outDir, '.vite', 'manifest.json');
  if (!existsSync(manifestFile)) return;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const files = new Set();
  const visit = (key) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const dep of chunk.imports ?? []) visit(dep);
  };
  const starts = ['index.html', 'src/shared/i18n/messages/vi.json?part=member'];
  // The member's screens are one chunk of their own (`member`, see vite.config.ts), which the
  // manifest lists under that name rather than under me/routes.ts.
  const memberRoutes = Object.keys(manifest).filter(
    (key) => key === 'src/web/features/me/routes.ts' || manifest[key].name === 'member',
  );
  if (memberRoutes.length === 0) throw new Error('the build has no chunk for the member routes');
  starts.push(...memberRoutes);
  for (const key of Object.keys(manifest)) if (key.includes('pwa-register')) starts.push(key);
  for (const key of starts) visit(key);
  let bytes = 0;
  for (const file of files)
    if (file.endsWith('.js')) bytes += gzipSync(readFileSync(join(outDir, file))).length;
  const kb = bytes / 1024;
  const budget = 200;
  console.log(`web app: member routes load ${kb.toFixed(1)} KB of JavaScript gzipped (budget ${budget} KB)`);
  if (kb > budget) console.warn('web app: WARNING: over the member-route budget');
}

/**
 * Writes .br and .gz beside every text asset, so the server sends compressed files without compressing
 * on each request (the static file handler picks the best one the browser accepts).
 */
function precompress(dir) {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.')) n += precompress(file);
      continue;
    }
    if (!/\.(js|mjs|css|html|json|svg|webmanifest|txt)$/.test(entry.name)) continue;
    const data = readFileSync(file);
    if (data.length < 1024) continue;
    writeFileSync(
      `${file}.br`,
      brotliCompressSync(data, {
        params: {
          [zlibConstants.BROTLI_PARAM_QUALITY]: 11,
          [zlibConstants.BROTLI_PARAM_SIZE_HINT]: data.length,
        },
      }),
    );
    writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
    n++;
  }
  return n;
}
