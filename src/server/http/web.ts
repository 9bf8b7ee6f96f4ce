import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * Serves the built web app (dist/web): hashed assets, pre-compressed (brotli or gzip), with a year-long
 * immutable cache, index.html
 * and the service worker never cached (a new release must reach users at once), and index.html for
 * every other GET outside /api, so deep links into the single-page app work. Unknown /api paths and
 * missing files keep the API's 404.
 */
export async function registerWebApp(app: FastifyInstance, opts: { distDir: string }): Promise<void> {
  const root = path.resolve(opts.distDir);
  const indexFile = path.join(root, 'index.html');

  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    // Routes are made for the files present at start; the SPA fallback below handles the rest.
    wildcard: false,
    index: false,
    cacheControl: false,
    etag: true,
    // Build metadata (.vite/manifest.json) and other dot-files stay private.
    serveDotFiles: false,
    allowedPath: (pathName) => !isDotPath(pathName),
    lastModified: true,
    // The build writes .br and .gz beside each text asset; the best one the browser accepts is sent.
    preCompressed: true,
    setHeaders: (res, filePath) => {
      // The file sent may be the .br or .gz beside the asset: its headers are the asset's.
      const rel = path
        .relative(root, filePath)
        .split(path.sep)
        .join('/')
        .replace(/\.(br|gz)$/, '');
      res.header('cache-control', cacheControlFor(rel));
      res.header('x-content-type-options', 'nosniff');
      if (rel === 'sw.js') res.header('service-worker-allowed', '/');
    },
  });

  // The policy allows index.html's own inline start-up script by its hash (computed again when the
  // app is rebuilt under a running server).
  let policy = { html: '', value: contentSecurityPolicy('') };
  const sendIndex = async (reply: FastifyReply) => {
    const html = await readFile(indexFile, 'utf8');
    if (policy.html !== html) policy = { html, value: contentSecurityPolicy(html) };
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'same-origin')
      .header('content-security-policy', policy.value)
      .send(html);
  };

  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    schema: { hide: true },
    handler: async (request, reply) => {
      const pathname = decodeURIComponent(request.url.split('?')[0] ?? '/');
      if (pathname === '/api' || pathname.startsWith('/api/') || isDotPath(pathname))
        return reply.callNotFound();
      // A file added after start (the app rebuilt under a running server) is served from disk; a
      // missing one, such as a stale hashed chunk, gets the ordinary 404 rather than index.html.
      if (/\.[a-z0-9]{1,12}$/i.test(pathname)) return reply.sendFile(pathname.slice(1));
      return sendIndex(reply);
    },
  });
  app.get('/', { schema: { hide: true } }, async (_request, reply) => sendIndex(reply));
}

/** The inline scripts of a page, as CSP hash sources. */
function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const match of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/gi)) {
    const body = match[1] ?? '';
    if (body.trim()) hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

const contentSecurityPolicy = (html: string): string =>
  [
    "default-src 'self'",
    // The app's files, and index.html's start-up script by its hash.
    ["script-src 'self'", ...inlineScriptHashes(html)].join(' '),
    ...OTHER_DIRECTIVES,
  ].join('; ');

const OTHER_DIRECTIVES = [
  // Mantine sets its CSS variables and component styles inline.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
];

function cacheControlFor(rel: string): string {
  if (rel.startsWith('assets/')) return 'public, max-age=31536000, immutable';
  if (rel === 'index.html' || rel === 'sw.js' || rel.startsWith('workbox-') || rel.endsWith('.webmanifest')) {
    return 'no-cache';
  }
  return 'public, max-age=86400';
}

function isDotPath(pathName: string): boolean {
  return pathName.split('/').some((segment) => segment.startsWith('.'));
}
