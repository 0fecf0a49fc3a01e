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
 *   (the target is never contacted). Only Vite's host check answers before it:
 *   a request naming a host the server does not serve gets a plain-text 403
 *   without them.
 */
import { writeFile } from 'node:fs/promises';
import { headersFile, securityHeaders } from '../site/headers.mjs';

/** @param {import('node:http').ServerResponse} res */
export function setSecurityHeaders(res) {
  for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
}

/** @returns {import('astro').AstroIntegration} */
export function securityHeadersEverywhere() {
  return {
    name: 'stagecraft:security-headers',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        if (command !== 'preview') return;
        updateConfig({
          vite: {
            preview: {
              proxy: {
                '/': {
                  // Never contacted: bypass answers every request.
                  target: 'http://127.0.0.1:9',
                  bypass(req, res) {
                    if (res) setSecurityHeaders(res);
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
