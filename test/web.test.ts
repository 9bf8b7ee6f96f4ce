import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebApp } from '../src/server/http/web.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gr-web-'));
const app = Fastify();
const js = 'console.log("grassroots");'.repeat(100);

beforeAll(async () => {
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Grassroots</title>');
  for (const [name, body] of [
    ['assets/app-abc123.js', js],
    ['sw.js', js],
  ] as const) {
    fs.writeFileSync(path.join(dir, name), body);
    fs.writeFileSync(path.join(dir, `${name}.br`), brotliCompressSync(body));
    fs.writeFileSync(path.join(dir, `${name}.gz`), gzipSync(body));
  }
  await registerWebApp(app, { distDir: dir });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the web app files', () => {
  it('sends the pre-compressed asset the browser accepts, with the asset’s type and cache policy', async () => {
    const br = await app.inject({ url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toContain('javascript');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.rawPayload.length).toBeLessThan(js.length / 5);

    const gz = await app.inject({ url: '/assets/app-abc123.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');

    const plain = await app.inject({
      url: '/assets/app-abc123.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(js);
  });

  it('never lets the service worker be cached, compressed or not', async () => {
    const sw = await app.inject({ url: '/sw.js', headers: { 'accept-encoding': 'br' } });
    expect(sw.headers['content-encoding']).toBe('br');
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(sw.headers['service-worker-allowed']).toBe('/');
  });

  it('answers deep links with the app and unknown API paths with a 404', async () => {
    const deep = await app.inject({ url: '/programs/12' });
    expect(deep.statusCode).toBe(200);
    expect(deep.headers['content-type']).toContain('text/html');
    expect((await app.inject({ url: '/api/nothing' })).statusCode).toBe(404);
  });

  it("allows index.html's own inline script by its hash, and only that, again after a rebuild", async () => {
    const index = path.join(dir, 'index.html');
    const before = fs.readFileSync(index, 'utf8');
    const sha = (body: string) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`;
    const scriptOf = (body: string) =>
      `<!doctype html><title>Grassroots</title><script>${body}</script><script type="module" src="/assets/app-abc123.js"></script>`;
    try {
      const first = 'window.__early = 1;';
      fs.writeFileSync(index, scriptOf(first));
      const page = await app.inject({ url: '/' });
      const csp = String(page.headers['content-security-policy']);
      const scriptSrc = csp.split('; ').find((d) => d.startsWith('script-src '));
      expect(scriptSrc).toBe(`script-src 'self' ${sha(first)}`);
      expect(csp).toContain("object-src 'none'");

      const second = 'window.__early = 2;';
      fs.writeFileSync(index, scriptOf(second));
      const deep = await app.inject({ url: '/units/1' });
      const rebuilt = String(deep.headers['content-security-policy']);
      expect(rebuilt).toContain(sha(second));
      expect(rebuilt).not.toContain(sha(first));
    } finally {
      fs.writeFileSync(index, before);
    }
    const plain = await app.inject({ url: '/' });
    expect(String(plain.headers['content-security-policy'])).toContain("script-src 'self';");
  });
});
