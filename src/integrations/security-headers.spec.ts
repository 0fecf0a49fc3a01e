import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cspDirectives, securityHeaders } from '../site/headers.mjs';
import { DOCKER_SCRIPT_PATH } from './docker-script.mjs';

/**
 * The real `astro preview` and `astro dev`, with the integration, on a tiny project of
 * their own (no build: preview serves a hand-made dist/), each in its own Node process
 * as the CLI runs it. A change in how Astro or Vite answers an unknown path shows here.
 * (The e2e tests check the built site itself under `astro preview`.)
 */
const root = mkdtempSync(join(tmpdir(), 'stagecraft-headers-'));
// The dev server resolves `astro` from the project.
symlinkSync(fileURLToPath(new URL('../../node_modules', import.meta.url)), join(root, 'node_modules'), 'dir');
mkdirSync(join(root, 'dist'), { recursive: true });
mkdirSync(join(root, 'src', 'pages'), { recursive: true });
writeFileSync(join(root, 'dist', 'index.html'), '<!doctype html><title>home</title><p>home</p>');
writeFileSync(join(root, 'dist', '404.html'), '<!doctype html><title>Page not found</title><p>404</p>');
// What `astro build` writes there (src/integrations/docker-script.mjs); preview serves it as a static file.
mkdirSync(join(root, 'dist', 'webcontainer'), { recursive: true });
writeFileSync(join(root, 'dist', 'webcontainer', 'docker.mjs'), '#!/usr/bin/env node\n');
// The service worker (src/integrations/service-worker.mjs), revalidated on every fetch.
writeFileSync(join(root, 'dist', 'sw.js'), '// sw\n');
writeFileSync(join(root, 'src', 'pages', 'index.astro'), '<p>home</p>');
writeFileSync(join(root, 'src', 'pages', '404.astro'), '<p>Page not found</p>');

const astroUrl = pathToFileURL(createRequire(import.meta.url).resolve('astro')).href;
const integrationUrl = new URL('./security-headers.mjs', import.meta.url).href;
const dockerScriptUrl = new URL('./docker-script.mjs', import.meta.url).href;
const headersUrl = new URL('../site/headers.mjs', import.meta.url).href;
// Configured as astro.config.mjs is: server.headers and the integrations.
const serverScript = `
  const astro = await import(${JSON.stringify(astroUrl)});
  const { securityHeadersEverywhere } = await import(${JSON.stringify(integrationUrl)});
  const { dockerScript } = await import(${JSON.stringify(dockerScriptUrl)});
  const { securityHeaders } = await import(${JSON.stringify(headersUrl)});
  const command = process.env.COMMAND;
  const config = {
    root: process.env.ROOT, configFile: false, logLevel: 'error', cacheDir: process.env.ROOT + '/.cache-' + command,
    server: { host: '127.0.0.1', port: 0, headers: securityHeaders }, devToolbar: { enabled: false },
    integrations: [securityHeadersEverywhere(), dockerScript()],
  };
  const server = command === 'dev' ? await astro.dev(config) : await astro.preview(config);
  console.log('PORT ' + (command === 'dev' ? server.address.port : server.port));
`;

function startServer(command: 'dev' | 'preview'): Promise<{ port: number; child: ChildProcess }> {
  // Not Vitest's environment: Astro's dev server stands down when it sees VITEST.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|NODE_ENV$|TEST$)/.test(k)));
  const child = spawn(process.execPath, ['--input-type=module', '-e', serverScript], {
    env: { ...env, ROOT: root, COMMAND: command, ASTRO_TELEMETRY_DISABLED: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve({ port: Number(m[1]), child });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`astro ${command} exited (${code}): ${out}`)));
  });
}

async function answer(port: number, path: string, init: RequestInit = {}) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, init);
  await res.arrayBuffer();
  return { status: res.status, headers: Object.fromEntries(Object.keys(securityHeaders).map((k) => [k, res.headers.get(k)])) };
}

/** GET / with a Host header of our choosing (fetch does not let a caller set Host). */
function answerWithHost(port: number, host: string): Promise<{ status: number; body: string; headers: Record<string, string | null> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        const headers = Object.fromEntries(Object.keys(securityHeaders).map((k) => [k, (res.headers[k.toLowerCase()] as string | undefined) ?? null]));
        resolve({ status: res.statusCode ?? 0, body, headers });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

const servers: ChildProcess[] = [];
afterAll(() => {
  for (const child of servers) child.kill();
  rmSync(root, { recursive: true, force: true });
});

for (const command of ['preview', 'dev'] as const) {
  describe(`astro ${command}`, () => {
    let port = 0;
    beforeAll(async () => {
      const started = await startServer(command);
      servers.push(started.child);
      port = started.port;
    }, 60_000);

    for (const [path, status, init] of [
      ['/', 200, {}],
      ['/no-such-page', 404, {}],
      ['/no/such/page/', 404, {}],
      ['/_astro/missing.js', 404, {}],
      ['/no-such-page', 404, { method: 'HEAD' }],
      ['/no-such-page', 404, { method: 'POST', body: 'x' }],
    ] as const) {
      it(`${init.method ?? 'GET'} ${path} answers ${status} with every security header`, async () => {
        const got = await answer(port, path, init);
        expect(got.status).toBe(status);
        expect(got.headers).toEqual(securityHeaders);
      });
    }

    it('a request naming a host the server does not serve is refused (403), with every security header', async () => {
      const refused = await answerWithHost(port, 'evil.example');
      expect(refused.status).toBe(403);
      expect(refused.headers).toEqual(securityHeaders);
      expect(refused.body).toContain('"evil.example"');
      for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'app.localhost']) {
        expect((await answerWithHost(port, host)).status, host).toBe(200);
      }
    });

    it(`serves the WebContainer's docker script at ${DOCKER_SCRIPT_PATH}, same-origin, with every security header`, async () => {
      const res = await fetch(`http://127.0.0.1:${port}${DOCKER_SCRIPT_PATH}`);
      const body = await res.text();
      expect(res.status).toBe(200);
      expect(Object.fromEntries(Object.keys(securityHeaders).map((k) => [k, res.headers.get(k)]))).toEqual(securityHeaders);
      expect(res.headers.get('Content-Type')).toMatch(/^text\/javascript/);
      expect(body.startsWith('#!/usr/bin/env node\n')).toBe(true);
      // The dev server bundles the real script; preview serves the built file.
      if (command === 'dev') expect(body.length).toBeGreaterThan(50_000);
    }, 60_000);

    if (command === 'preview') {
      it('serves the service worker with Cache-Control: no-cache and every security header', async () => {
        const res = await fetch(`http://127.0.0.1:${port}/sw.js`);
        await res.text();
        expect(res.status).toBe(200);
        expect(res.headers.get('Cache-Control')).toBe('no-cache');
        expect(Object.fromEntries(Object.keys(securityHeaders).map((k) => [k, res.headers.get(k)]))).toEqual(securityHeaders);
      });
    }

    it('an answer to a path that does not decode has them too (a stricter CSP is fine)', async () => {
      const got = await answer(port, '/%E0%A4%A');
      expect(got.status).toBeGreaterThanOrEqual(400);
      const { 'Content-Security-Policy': csp, ...rest } = got.headers;
      const { 'Content-Security-Policy': ours, ...expected } = securityHeaders;
      expect(rest).toEqual(expected);
      expect([ours, "default-src 'none'"]).toContain(csp);
    });
  });
}

/**
 * Under `Cross-Origin-Embedder-Policy: require-corp` a page may load only resources of
 * its own origin (or ones that opt in with CORP/CORS), so the pages load nothing from
 * elsewhere: no CDN script, stylesheet, font or image. Links to other sites are fine
 * (navigations are not subresources); Monaco's workers come from our own origin.
 */
describe('cross-origin isolation does not break the pages', () => {
  const top = fileURLToPath(new URL('../../', import.meta.url));
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(astro|mdx|md|html|css|ts|mjs)$/.test(name) && !/\.spec\.ts$/.test(name)) files.push(full);
    }
  };
  walk(join(top, 'src'));
  walk(join(top, 'content', 'lessons'));
  walk(join(top, 'public'));

  const crossOrigin = /^(?:https?:)?\/\//i;
  const loading = [
    // Elements whose src is fetched as a subresource.
    /<(?:script|img|iframe|source|video|audio|embed|track|input)\b[^>]*?\ssrc\s*=\s*["']([^"']+)["']/gi,
    /<object\b[^>]*?\sdata\s*=\s*["']([^"']+)["']/gi,
    // <link> that loads (stylesheet, icon, preload, manifest…), not rel=canonical/alternate.
    /<link\b(?=[^>]*\srel\s*=\s*["'][^"']*(?:stylesheet|icon|preload|modulepreload|prefetch|manifest))[^>]*?\shref\s*=\s*["']([^"']+)["']/gi,
    // CSS
    /@import\s+(?:url\()?\s*["']?([^"')\s]+)/gi,
    /url\(\s*["']?((?:https?:)?\/\/[^"')\s]+)/gi,
    // Scripts that import or fetch from a URL of another origin.
    /\bimport\s*\(\s*["'`]((?:https?:)?\/\/[^"'`]+)/gi,
    /\bfrom\s+["']((?:https?:)?\/\/[^"']+)["']/gi,
    /\bfetch\(\s*["'`]((?:https?:)?\/\/[^"'`]+)/gi,
    /new\s+Worker\(\s*["'`]((?:https?:)?\/\/[^"'`]+)/gi,
  ];

  it(`finds the site's files to look at (${files.length})`, () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('no page, component, style or lesson loads anything from another origin', () => {
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const re of loading) {
        for (const m of text.matchAll(re)) {
          if (m[1] && crossOrigin.test(m[1])) found.push(`${relative(top, file)}: ${m[1]}`);
        }
      }
    }
    expect(found).toEqual([]);
  });

  it('the only third party the CSP lets in is the WebContainer runtime, in the frame the API opens', () => {
    // @webcontainer/api opens its runtime in a frame from this origin (dist/internal/constants.js).
    const constants = readFileSync(new URL('../../node_modules/@webcontainer/api/dist/internal/constants.js', import.meta.url), 'utf8');
    const origin = /DEFAULT_EDITOR_ORIGIN\s*=\s*'([^']+)'/.exec(constants)?.[1];
    expect(origin).toBe('https://stackblitz.com');
    expect(cspDirectives['frame-src']).toContain(origin);
    for (const directive of ['script-src', 'style-src', 'img-src', 'font-src', 'worker-src'] as const) {
      expect(cspDirectives[directive]!.filter((s) => /^https?:/.test(s)), directive).toEqual([]);
    }
    expect(securityHeaders['Cross-Origin-Opener-Policy']).toBe('same-origin');
    expect(['require-corp', 'credentialless']).toContain(securityHeaders['Cross-Origin-Embedder-Policy']);
  });
});
