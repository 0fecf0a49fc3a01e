/// <reference lib="webworker" />
/**
 * The service worker (`/sw.js`): the whole course offline after the first visit.
 * Bundled with the Workbox runtime by src/integrations/service-worker.mjs, which
 * puts the precache manifest (every page, the exercise data, every /_astro/ file:
 * Monaco, its workers and font, the engine worker, xterm) where `self.__WB_MANIFEST` is.
 *
 * Routes, first match wins:
 * - /api/ (the class server's endpoints, event streams included): not handled at
 *   all, so the browser talks to the network as if there were no service worker.
 * - Pages (every navigation) and the other files whose names carry no hash
 *   (/exercise/<id>.json, the favicon): network first, falling back to the
 *   precached copy when the network fails or takes over 3 s. Online the learner gets
 *   what the server sends now (a new deploy at once; the class server's pages with
 *   the meta tag it injects) and never a page of one version with the exercise data
 *   of another; offline the precached copies, all of one version. Network answers are
 *   not stored: the precache changes only when a new worker is installed.
 *   A page that is neither online nor precached gets the precached 404 page.
 * - /_astro/ (hashed names, so a name is one content for ever): cache first, from the precache.
 * - Anything else (/webcontainer/docker.mjs, other origins): not handled.
 *
 * Updates: the browser fetches /sw.js again on navigation; a new manifest makes a new
 * worker, which precaches what changed and then waits (no skipWaiting on install),
 * so a learner is never switched to another version mid-exercise. The page offers
 * the update (src/client/update-notice.ts) and, when the learner accepts, posts
 * SKIP_WAITING. Responses keep the headers they were fetched with, COOP/COEP/CORP
 * and the CSP included, so a page served from the cache is cross-origin isolated too.
 */
import { cacheNames, clientsClaim } from 'workbox-core';
import { enable as enableNavigationPreload } from 'workbox-navigation-preload';
import { addRoute, cleanupOutdatedCaches, getCacheKeyForURL, matchPrecache, precache } from 'workbox-precaching';
import { registerRoute, setCatchHandler } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';
import type { WorkboxPlugin } from 'workbox-core/types';
import { isNetworkOnly, NETWORK_TIMEOUT_SECONDS, precachedUrlCandidates } from './service-worker-routes';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

// First of all the fetch listeners: /api/ never reaches Workbox's router.
self.addEventListener('fetch', (event) => {
  if (isNetworkOnly(new URL(event.request.url), self.location.origin)) event.stopImmediatePropagation();
});

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
// The first worker takes the page that registered it, so what that page loads next
// (the editor, the terminal) already comes through it. An update activates only
// when the learner asked for it, and that page reloads.
clientsClaim();
enableNavigationPreload();

precache(self.__WB_MANIFEST);
cleanupOutdatedCaches();

/** The precache's key for a URL of the site, or undefined when it is not precached. */
function precacheKey(url: URL): string | undefined {
  for (const candidate of precachedUrlCandidates(url)) {
    const key = getCacheKeyForURL(candidate);
    if (key) return key;
  }
  return undefined;
}

/** Reads the precache in place of NetworkFirst's own cache, and never writes to it. */
const readPrecache: WorkboxPlugin = {
  cacheKeyWillBeUsed: async ({ request, mode }) => (mode === 'read' ? (precacheKey(new URL(request.url)) ?? request) : request),
  cacheWillUpdate: async () => null,
};

registerRoute(
  ({ request, url, sameOrigin }) => sameOrigin && (request.mode === 'navigate' || (!url.pathname.startsWith('/_astro/') && precacheKey(url) !== undefined)),
  new NetworkFirst({ cacheName: cacheNames.precache, networkTimeoutSeconds: NETWORK_TIMEOUT_SECONDS, plugins: [readPrecache] }),
);
// Everything else in the precache (the hashed /_astro/ files): cache first.
addRoute();

setCatchHandler(async ({ request }) => {
  if (request.mode !== 'navigate') return Response.error();
  const page = await matchPrecache('/404.html');
  if (!page) return Response.error();
  return new Response(page.body, { status: 404, statusText: 'Not Found', headers: page.headers });
});
