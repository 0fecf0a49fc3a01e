// @ts-check
/**
 * The `docker` command the WebContainer terminal runs: src/cli/docker-bin.ts with
 * the engine and the commands bundled by esbuild into one self-contained ESM
 * script for plain Node, served at `/webcontainer/docker.mjs`. The page fetches
 * it only when a WebContainer boots (src/client/terminal/webcontainer.ts) and
 * writes it into the container, so it is not a module of the page itself.
 *
 * - `astro build`: written into the output as `dist/webcontainer/docker.mjs`
 *   (not hashed: the page asks for it with `cache: 'no-cache'`, so a deploy
 *   is picked up on the next boot); the security headers of `_headers` (`/*`)
 *   cover it like every other file.
 * - `astro dev`: bundled on the first request and again after a source of it
 *   changes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Where the site serves the script (src/client/terminal/webcontainer.ts fetches this path). */
export const DOCKER_SCRIPT_PATH = '/webcontainer/docker.mjs';

const ENTRY = fileURLToPath(new URL('../cli/docker-bin.ts', import.meta.url));
const SOURCES = fileURLToPath(new URL('..', import.meta.url));

/**
 * The bundled script's text. Node 18 is the oldest the WebContainer has shipped;
 * the shebang lets the file run on its own (`./docker.mjs`).
 * @returns {Promise<string>}
 */
export async function bundleDockerScript() {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node18',
    minify: true,
    charset: 'utf8',
    legalComments: 'none',
    banner: { js: '#!/usr/bin/env node' },
    write: false,
    logLevel: 'warning',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error(`esbuild wrote nothing for ${ENTRY}`);
  return out.text;
}

/**
 * Bundles the script into `file` (folders made as needed); returns its size in bytes.
 * @param {string} file
 */
export async function writeDockerScript(file) {
  const text = await bundleDockerScript();
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  return Buffer.byteLength(text);
}

/** @returns {import('astro').AstroIntegration} */
export function dockerScript() {
  return {
    name: 'stagecraft:docker-script',
    hooks: {
      'astro:server:setup': ({ server, logger }) => {
        /** @type {Promise<string> | null} */
        let bundled = null;
        server.watcher.on('all', (_event, file) => {
          if (file.startsWith(SOURCES) && !/\/(?:client|components|pages|layouts|styles)\//.test(file.slice(SOURCES.length - 1))) bundled = null;
        });
        server.middlewares.use((req, res, next) => {
          const path = (req.url ?? '').split('?')[0];
          if (path !== DOCKER_SCRIPT_PATH || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
          const pending = (bundled ??= bundleDockerScript());
          pending.then(
            (text) => {
              res.statusCode = 200;
              res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
              res.setHeader('Cache-Control', 'no-cache');
              res.setHeader('Content-Length', Buffer.byteLength(text));
              res.end(req.method === 'HEAD' ? undefined : text);
            },
            (/** @type {unknown} */ e) => {
              if (bundled === pending) bundled = null;
              const message = e instanceof Error ? e.message : String(e);
              logger.error(`cannot bundle ${DOCKER_SCRIPT_PATH}: ${message}`);
              res.statusCode = 500;
              res.setHeader('Content-Type', 'text/plain; charset=utf-8');
              res.end(`cannot bundle ${DOCKER_SCRIPT_PATH}: ${message}\n`);
            },
          );
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const file = fileURLToPath(new URL(`.${DOCKER_SCRIPT_PATH}`, dir));
        const bytes = await writeDockerScript(file);
        logger.info(`${DOCKER_SCRIPT_PATH} (${Math.round(bytes / 1000)} kB) written`);
      },
    },
  };
}
