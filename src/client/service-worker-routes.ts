/**
 * The service worker's routing rules that need no service worker to test
 * (src/client/service-worker.ts uses them; see there for the routes).
 */

/** How long a page or an exercise's data may take from the network before the precached copy is served. */
export const NETWORK_TIMEOUT_SECONDS = 3;

/**
 * Requests the service worker leaves alone, so they go to the network exactly as
 * without it: the class server's /api/ (JSON, event streams, CSV), never cached.
 */
export function isNetworkOnly(url: URL, origin: string): boolean {
  return url.origin === origin && (url.pathname === '/api' || url.pathname.startsWith('/api/'));
}

/**
 * The URLs under which a request may be precached, most likely first. Pages are
 * precached under the addresses the site links to (`/lessons/stages/`, `/`), so
 * `/lessons/stages`, `/lessons/stages/index.html` and `/lessons/stages/?x=1` find the
 * same copy. The query and fragment never select a copy.
 */
export function precachedUrlCandidates(url: URL): string[] {
  const base = `${url.origin}${url.pathname}`;
  const out = [base];
  if (url.pathname.endsWith('/index.html')) out.push(base.slice(0, -'index.html'.length));
  else if (!url.pathname.endsWith('/') && !/\.[^/]*$/.test(url.pathname)) out.push(`${base}/`);
  return out;
}
