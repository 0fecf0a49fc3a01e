// @ts-check
/**
 * The service worker, `dist/sw.js`: after the first visit to a lesson, the whole
 * course keeps working offline (README "Offline").
 *
 * On `astro:build:done`, once every page and asset is in dist/:
 * 1. esbuild bundles src/client/service-worker.ts with the Workbox runtime it
 *    imports (workbox-core, -precaching, -routing, -strategies, -navigation-preload,
 *    the versions workbox-build brings) into one classic script: no importScripts,
 *    no workbox-*.js beside it.
 * 2. workbox-build's injectManifest lists the files to precache (`precacheOptions`)
 *    with a hash of each, and writes that list into the bundle as `self.__WB_MANIFEST`.
 *
 * Precached: every page (lessons, home, glossary, cheat sheet, any other page such
 * as the facilitator's, the 404 page), the exercise data (/exercise/<id>.json), every
 * file under /_astro/ (the lesson script, Monaco's chunks and its font, the editor
 * and engine workers, xterm), the favicon. Not precached: /webcontainer/docker.mjs
 * (only used with the network, by a WebContainer), source maps, `_headers`, and
 * /api/ (the class server's, never cached; the worker does not even handle it).
 * A build fails rather than leave out a file that is too big for the limit.
 *
 * `astro dev` has no service worker (boot.ts registers only in a production build).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { injectManifest } from 'workbox-build';

/** Where the site serves the worker (boot.ts registers this path). */
export const SERVICE_WORKER_PATH = '/sw.js';

const ENTRY = fileURLToPath(new URL('../client/service-worker.ts', import.meta.url));
// The Workbox runtime modules come with workbox-build (same version); found next to it
// whether npm hoisted them or not.
const WORKBOX_MODULES = join(dirname(createRequire(import.meta.url).resolve('workbox-build/package.json')), 'node_modules');

/** Above Monaco's main chunk (≈3.3 MB), which must be precached: the editor is the exercise. */
export const MAX_PRECACHED_FILE_BYTES = 8 * 1024 * 1024;

/**
 * The URL a built file is served under, as the site links to it: `lessons/stages/index.html`
 * is precached as `/lessons/stages/`, `index.html` as `/`, every other file under its own path.
 * @param {string} file a path relative to dist/, with forward slashes
 */
export function precacheUrl(file) {
  if (file === 'index.html') return '/';
  if (file.endsWith('/index.html')) return `/${file.slice(0, -'index.html'.length)}`;
  return `/${file}`;
}

/** @type {import('workbox-build').ManifestTransform} */
export const pageUrls = async (entries) => ({
  manifest: entries.map((e) => ({ ...e, url: precacheUrl(e.url) })),
  warnings: [],
});

/**
 * What injectManifest is given (exported for the unit test).
 * @param {string} distDir dist/, as a path
 * @param {string} swSrc the bundled worker, with `self.__WB_MANIFEST` in it
 * @returns {import('workbox-build').InjectManifestOptions}
 */
export function precacheOptions(distDir, swSrc) {
  return {
    swSrc,
    swDest: join(distDir, SERVICE_WORKER_PATH.slice(1)),
    globDirectory: distDir,
    globPatterns: ['**/*.{html,json,js,css,svg,png,ico,webp,avif,ttf,otf,woff,woff2,webmanifest}'],
    globIgnores: ['sw.js', 'webcontainer/**', 'api/**', '**/*.map', '_headers'],
    // Hashed names need no revision: the URL changes with the content.
    dontCacheBustURLsMatching: /^_astro\//,
    maximumFileSizeToCacheInBytes: MAX_PRECACHED_FILE_BYTES,
    manifestTransforms: [pageUrls],
    injectionPoint: 'self.__WB_MANIFEST',
  };
}

/**
 * The worker's source bundled with the Workbox runtime, Workbox's development logging
 * compiled out; `self.__WB_MANIFEST` stays for injectManifest to fill.
 * @returns {Promise<string>}
 */
export async function bundleServiceWorker() {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    minify: true,
    legalComments: 'none',
    nodePaths: [WORKBOX_MODULES],
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    logLevel: 'warning',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error(`esbuild wrote nothing for ${ENTRY}`);
  return out.text;
}

/**
 * Writes `sw.js` into `distDir`; returns what it precaches.
 * @param {string} distDir
 */
export async function writeServiceWorker(distDir) {
  const tmp = await mkdtemp(join(tmpdir(), 'stagecraft-sw-'));
  try {
    const swSrc = join(tmp, 'sw.js');
    await writeFile(swSrc, await bundleServiceWorker());
    const { count, size, warnings } = await injectManifest(precacheOptions(distDir, swSrc));
    // A file left out (too big, say) would break the course offline without a word: fail instead.
    if (warnings.length) throw new Error(`the precache manifest is incomplete:\n${warnings.join('\n')}`);
    return { count, size };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

/** @returns {import('astro').AstroIntegration} */
export function serviceWorker() {
  return {
    name: 'stagecraft:service-worker',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const { count, size } = await writeServiceWorker(fileURLToPath(dir));
        logger.info(`${SERVICE_WORKER_PATH} written: ${count} files precached (${(size / 1e6).toFixed(1)} MB)`);
      },
    },
  };
}
