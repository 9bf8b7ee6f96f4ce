import { parse } from '@formatjs/icu-messageformat-parser';
import react from '@vitejs/plugin-react';
import postcssPresetMantine from 'postcss-preset-mantine';
import postcssSimpleVars from 'postcss-simple-vars';
import { defineConfig, type Plugin, type Rolldown } from 'vite';
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

/** The modules of the first screens the start-up script may fetch early (src/web/app/router.tsx). */
const BOOT_ROUTES = {
  me: ['src/web/features/me/routes.ts'],
  units: ['src/web/features/units/routes.ts'],
  // The unit page's date field starts loading with the page's code (AsOfInput.tsx).
  unit: ['src/web/features/units/routes.ts', 'src/web/components/DateField.tsx'],
};

/**
 * The modules of the first screens beyond the app's entry: the member's screens (me/routes.ts) and
 * the console's unit screens (units/routes.ts, less what the member's screens have). Each becomes
 * one chunk (`codeSplitting.groups` below) instead of a score of small shared ones: on a phone's
 * slow network every extra file is another round trip.
 */
const firstScreens = { member: new Set<string>(), console: new Set<string>() };

function firstScreenModules(): Plugin {
  return {
    name: 'grassroots-first-screens',
    apply: 'build',
    buildEnd() {
      const ids = [...this.getModuleIds()];
      const closure = (start: string | undefined, stop: Set<string>): Set<string> => {
        const out = new Set<string>();
        const todo = start ? [start] : [];
        while (todo.length > 0) {
          const id = todo.pop()!;
          if (out.has(id) || stop.has(id)) continue;
          out.add(id);
          todo.push(...(this.getModuleInfo(id)?.importedIds ?? []));
        }
        return out;
      };
      const find = (suffix: string) => ids.find((id) => id.endsWith(suffix));
      const entry = closure(find('/src/web/main.tsx'), new Set());
      firstScreens.member = closure(find(`/${BOOT_ROUTES.me[0]}`), entry);
      firstScreens.console = closure(
        find(`/${BOOT_ROUTES.units[0]}`),
        new Set([...entry, ...firstScreens.member]),
      );
    },
  };
}

/** Where the first screens' code lives, for the start-up script in index.html. */
interface BootFiles {
  /** Per language: the member part of the messages, then the console part. */
  messages: Record<string, string[]>;
  /** Per first screen: its code (and styles) beyond the app's entry, in load order. */
  routes: Record<string, string[]>;
}

/**
 * Fills in the file names the start-up script in index.html needs: the messages of each language and
 * the chunks of the first screens, so that they load in parallel with the app's entry.
 */
function bootFiles(): Plugin {
  return {
    name: 'grassroots-boot-files',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!ctx.bundle) return html;
        const chunks = Object.values(ctx.bundle).filter((c): c is Rolldown.OutputChunk => c.type === 'chunk');
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        // A screen's module may have been merged into a group's chunk (firstScreenModules).
        const of = (suffix: string) =>
          chunks.find((c) => c.facadeModuleId?.endsWith(suffix)) ??
          chunks.find((c) => c.moduleIds.some((id) => id.endsWith(suffix)));
        const closure = (chunk: Rolldown.OutputChunk | undefined, into = new Set<string>()): Set<string> => {
          if (!chunk || into.has(chunk.fileName)) return into;
          into.add(chunk.fileName);
          for (const file of chunk.imports) closure(byFile.get(file), into);
          return into;
        };
        const entry = closure(chunks.find((c) => c.isEntry));
        const files: BootFiles = { messages: {}, routes: {} };
        for (const locale of ['vi', 'en', 'ar', 'hi']) {
          const parts = ['member', 'console'].map((part) => of(`/messages/${locale}.json?part=${part}`));
          if (parts.every(Boolean)) files.messages[locale] = parts.map((c) => `/${c!.fileName}`);
        }
        for (const [route, sources] of Object.entries(BOOT_ROUTES)) {
          const reached = new Set<string>();
          for (const source of sources) closure(of(source), reached);
          const code = [...reached].filter((file) => !entry.has(file));
          const css = code.flatMap((file) => [...(byFile.get(file)?.viteMetadata?.importedCss ?? [])]);
          files.routes[route] = [...css, ...code.reverse()].map((file) => `/${file}`);
        }
        const placeholder = '/*boot-files*/ { messages: {}, routes: {} }';
        if (!html.includes(placeholder)) throw new Error('index.html: no boot-files placeholder');
        return html.replace(placeholder, JSON.stringify(files));
      },
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
    firstScreenModules(),
    bootFiles(),
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
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // What the entry imports is one file with it, not ten.
            { name: 'index', tags: ['$initial'], priority: 10 },
            { name: 'member', test: (id) => firstScreens.member.has(id) },
            { name: 'console', test: (id) => firstScreens.console.has(id) },
          ],
        },
      },
    },
  },
});
