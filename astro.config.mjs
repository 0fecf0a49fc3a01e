// @ts-check
import { writeFile } from 'node:fs/promises';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { securityHeaders, headersFile } from './src/site/headers.mjs';
import { codeThemes } from './src/site/code-themes.mjs';
import { lessonContentGuard } from './src/integrations/lesson-guard.ts';
import { monacoCssWithEditor } from './src/integrations/monaco-css.mjs';

/** Writes the deploy-time header file for static hosts next to the built pages. */
const staticHostHeaders = {
  name: 'stagecraft:static-host-headers',
  hooks: {
    /** @param {{ dir: URL }} options */
    'astro:build:done': async ({ dir }) => {
      await writeFile(new URL('_headers', dir), headersFile());
    },
  },
};

export default defineConfig({
  // scripts/try-build.sh builds private copies side by side; each needs its own cache.
  ...(process.env.STAGECRAFT_CACHE_DIR ? { cacheDir: process.env.STAGECRAFT_CACHE_DIR } : {}),
  site: 'https://stagecraft.example',
  trailingSlash: 'ignore',
  integrations: [lessonContentGuard(), mdx(), staticHostHeaders],
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
