import { parse } from '@formatjs/icu-messageformat-parser';
import react from '@vitejs/plugin-react';
import postcssPresetMantine from 'postcss-preset-mantine';
import postcssSimpleVars from 'postcss-simple-vars';
import { defineConfig, type Plugin } from 'vite';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VitePWA } from 'vite-plugin-pwa';
import { pickPart, type MessagePart } from './src/shared/i18n/parts.ts';

// The web app: index.html at the repository root, sources in src/web, output in dist/web, which the
// server serves (src/server/http/web.ts). In development `npx vite` proxies /api to the server on
// port 3000 (PORT overrides it).
const apiPort = process.env.API_PORT ?? '3000';

const modulePath = (path: string) => fileURLToPath(new URL(`./node_modules/${path}`, import.meta.url));

/**
 * `messages/<locale>.json?part=member|console`: one part of a language's catalogue (see
 * src/shared/i18n/parts.ts), so the member's screens load only their own messages. The messages
 * arrive already parsed (ICU message syntax trees), so the browser needs neither the parser's code
 * nor the time to parse them (decision 0021).
 */
function messageParts(): Plugin {
  const PART = /[/\\]i18n[/\\]messages[/\\][a-z]{2}\.json\?part=(member|console)$/;
  return {
    name: 'grassroots-message-parts',
    enforce: 'pre',
    load(id) {
      const match = PART.exec(id);
      if (!match) return null;
      const file = id.slice(0, id.indexOf('?'));
      this.addWatchFile(file);
      const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
      const part = pickPart(all, match[1] as MessagePart);
      const compiled = Object.fromEntries(Object.entries(part).map(([id, text]) => [id, parse(text)]));
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(compiled))});`;
    },
  };
}

export default defineConfig({
  root: '.',
  publicDir: 'public',
  resolve: {
    alias: [
      // Messages are parsed at build time (messageParts): the parser stays out of the bundle.
      {
        find: /^@formatjs\/icu-messageformat-parser$/,
        replacement: modulePath('@formatjs/icu-messageformat-parser/no-parser.js'),
      },
      // React Router's default build keeps its development warnings; the production one drops them.
      {
        find: /^react-router$/,
        replacement: modulePath('react-router/dist/production/index.mjs'),
      },
    ],
  },
  plugins: [
    messageParts(),
    react(),
    VitePWA({
      // Our own service worker (src/web/app/sw.ts): the precache list is injected into it; it also keeps
      // the member's schedule for offline use, sends the offline queue and shows Web Push messages.
      strategies: 'injectManifest',
      srcDir: 'src/web/app',
      filename: 'sw.ts',
      registerType: 'autoUpdate',
      injectRegister: false,
      includeAssets: ['favicon.svg', 'apple-touch-icon.png'],
      manifest: {
        name: 'Grassroots',
        short_name: 'Grassroots',
        description: 'Party-building and mass-organization work',
        lang: 'vi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#b71c1c',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
      },
    }),
  ],
  css: {
    postcss: {
      plugins: [
        postcssPresetMantine(),
        postcssSimpleVars({
          variables: {
            'mantine-breakpoint-xs': '36em',
            'mantine-breakpoint-sm': '48em',
            'mantine-breakpoint-md': '62em',
            'mantine-breakpoint-lg': '75em',
            'mantine-breakpoint-xl': '88em',
          },
        }),
      ],
    },
  },
  server: {
    proxy: { '/api': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: `http://127.0.0.1:${apiPort}`, changeOrigin: false } },
  },
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    sourcemap: false,
    // The chunk graph, read by scripts/build-web.mjs to report what a member's phone downloads.
    manifest: true,
    chunkSizeWarningLimit: 700,
  },
});
