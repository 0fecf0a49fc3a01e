// @ts-check
/**
 * The security headers (src/site/headers.mjs) on every response of `astro dev`
 * and `astro preview`, error pages included, and in `dist/_headers` for static
 * hosts.
 *
 * `server.headers` alone does not do it: Vite sends them with the files it
 * serves, but `astro preview` answers an unknown path with `dist/404.html`
 * through its own handler, which sends none of them (nor do Vite's own error
 * answers). So the headers are set on the response as each request comes in,
 * before any handler runs; a handler that sets one again sets the same value.
 *
 * - `astro dev`: a `request` listener on the dev server, put ahead of Vite's
 *   middleware stack in `astro:server:setup`.
 * - `astro preview`: Astro builds its preview server from the project's Vite
 *   config without the project's Vite plugins, so a plugin's
 *   `configurePreviewServer` never runs. What does carry over is
 *   `vite.preview.proxy`, and Vite's proxy calls a `bypass(req, res)` function
 *   on every request whose path it matches, before the static files, the HTML
 *   fallback and the 404 handler. This one matches every path, sets the
 *   headers, and returns the path unchanged, which tells Vite not to proxy
 *   (the target is never contacted). Vite's host check (the DNS-rebinding
 *   guard) would answer before it, with a 403 that has none of the headers,
 *   so preview hands that check to the bypass: the same rule as Vite's
 *   (no Host, an IP address, localhost and *.localhost, the configured host
 *   and `allowedHosts`), answered with the headers.
 */
import { writeFile } from 'node:fs/promises';
import { headersFile, pathHeaders, securityHeaders } from '../site/headers.mjs';

/** @param {import('node:http').ServerResponse} res */
export function setSecurityHeaders(res) {
  for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
}

/**
 * Vite's rule for which Host headers a server answers (its `allowedHosts`).
 * @param {string | undefined} host the Host header
 * @param {readonly string[]} allowed hostnames; one starting with `.` allows its subdomains too
 */
export function isHostAllowed(host, allowed) {
  if (host === undefined) return true;
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return true;
  const m = /^([^:\s/?#@[\]]+)(?::\d*)?$/.exec(host);
  if (!m) return false;
  const name = (m[1] ?? '').toLowerCase();
  if (/^\d{1,3}(?:\.\d{1,3}){3}$/.test(name) || name === 'localhost' || name.endsWith('.localhost')) return true;
  return allowed.some((a) => a === name || (a.startsWith('.') && (a.slice(1) === name || name.endsWith(a))));
}

/** @returns {import('astro').AstroIntegration} */
export function securityHeadersEverywhere() {
  return {
    name: 'stagecraft:security-headers',
    hooks: {
      'astro:config:setup': ({ command, config, updateConfig }) => {
        if (command !== 'preview') return;
        const configured = config.vite?.preview?.allowedHosts ?? config.vite?.server?.allowedHosts;
        const hosts = [config.server.host, config.vite?.preview?.host].filter((h) => typeof h === 'string');
        /** @type {string[] | true} */
        const allowed = configured === true ? true : [...hosts, ...(configured ?? [])].map((h) => h.toLowerCase());
        updateConfig({
          vite: {
            preview: {
              // Checked in the bypass below, which sends the headers with its 403.
              allowedHosts: true,
              proxy: {
                '/': {
                  // Never contacted: bypass answers every request.
                  target: 'http://127.0.0.1:9',
                  bypass(req, res) {
                    if (!res) return req.url ?? '/';
                    setSecurityHeaders(res);
                    // The headers some paths add (/sw.js: no-cache), as in dist/_headers.
                    for (const [name, value] of Object.entries(pathHeaders[(req.url ?? '').split('?')[0] ?? ''] ?? {})) res.setHeader(name, value);
                    if (allowed !== true && !isHostAllowed(req.headers.host, allowed)) {
                      const name = (req.headers.host ?? '').replace(/:\d+$/, '');
                      res.statusCode = 403;
                      res.setHeader('Content-Type', 'text/plain');
                      res.end(`Blocked request. This host (${JSON.stringify(name)}) is not allowed.\nTo allow this host, add it to vite.preview.allowedHosts in astro.config.mjs.`);
                    }
                    return req.url ?? '/';
                  },
                },
              },
            },
          },
        });
      },
      'astro:server:setup': ({ server }) => {
        // Before the middleware stack runs at all, so Vite's and Astro's own answers
        // (host check, a URL that does not decode, files outside the allow list) have them too.
        if (server.httpServer) {
          server.httpServer.prependListener('request', (/** @type {unknown} */ _req, /** @type {import('node:http').ServerResponse} */ res) => setSecurityHeaders(res));
        } else {
          server.middlewares.use((_req, res, next) => {
            setSecurityHeaders(res);
            next();
          });
        }
      },
      'astro:build:done': async ({ dir }) => {
        await writeFile(new URL('_headers', dir), headersFile());
      },
    },
  };
}
