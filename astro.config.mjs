// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { securityHeaders } from './src/site/headers.mjs';
import { codeThemes } from './src/site/code-themes.mjs';
import { lessonContentGuard } from './src/integrations/lesson-guard.ts';
import { monacoCssWithEditor } from './src/integrations/monaco-css.mjs';
import { securityHeadersEverywhere } from './src/integrations/security-headers.mjs';
import { dockerScript } from './src/integrations/docker-script.mjs';
import { serviceWorker } from './src/integrations/service-worker.mjs';

export default defineConfig({
  // scripts/try-build.sh builds private copies side by side; each needs its own cache.
  ...(process.env.STAGECRAFT_CACHE_DIR ? { cacheDir: process.env.STAGECRAFT_CACHE_DIR } : {}),
  site: 'https://stagecraft.example',
  trailingSlash: 'ignore',
  // The security headers on every response of dev and preview (404s included) and in
  // dist/_headers; server.headers covers the files Vite itself serves.
  // serviceWorker() last: it precaches what the others have written into dist/.
  integrations: [lessonContentGuard(), mdx(), securityHeadersEverywhere(), dockerScript(), serviceWorker()],
  server: { port: 4321, headers: securityHeaders },
  devToolbar: { enabled: false },
  markdown: { shikiConfig: { themes: codeThemes, defaultColor: 'light' } },
  build: {
    // External files only: the CSP allows no inline script, and shared CSS caches.
    inlineStylesheets: 'never',
  },
  vite: {
    plugins: [monacoCssWithEditor()],
    build: {
      assetsInlineLimit: 0,
      rollupOptions: {
        // The engine has no side effects at module level (it takes data and returns data), so
        // a page module that takes humanSize from src/engine/index.ts gets humanSize, not the
        // whole engine: every other module is tree-shaken as Rollup normally does.
        treeshake: { moduleSideEffects: (id) => !id.includes('/src/engine/') },
        // MDX modules carry Astro's "use astro:head-inject" marker; the bundler
        // warns that it may drop it, which Astro expects. Keep other warnings.
        onLog(level, log, handler) {
          if (log.code === 'MODULE_LEVEL_DIRECTIVE' && /astro:head-inject/.test(log.message)) return;
          handler(level, log);
        },
      },
    },
  },
});
