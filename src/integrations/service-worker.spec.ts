import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, matchesGlob } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_PRECACHED_FILE_BYTES, precacheOptions, precacheUrl, SERVICE_WORKER_PATH, writeServiceWorker } from './service-worker.mjs';

const options = precacheOptions('/site/dist', '/tmp/sw-src.js');
// Node's glob matching (the same rules as workbox-build's glob for these patterns); the real run is below.
const matches = (file: string) =>
  (options.globPatterns ?? []).some((p) => matchesGlob(file, p)) && !(options.globIgnores ?? []).some((p) => matchesGlob(file, p));

describe('the service worker’s precache (workbox-build injectManifest options)', () => {
  it('writes dist/sw.js from the bundled source', () => {
    expect(SERVICE_WORKER_PATH).toBe('/sw.js');
    expect(options.swDest).toBe('/site/dist/sw.js');
    expect(options.globDirectory).toBe('/site/dist');
    expect(options.injectionPoint).toBe('self.__WB_MANIFEST');
  });

  it('takes every page, the exercise data, /_astro/ (scripts, workers, CSS, fonts) and icons', () => {
    for (const file of [
      'index.html', '404.html', 'glossary/index.html', 'cheat-sheet/index.html', 'lessons/stages/index.html', 'facilitator/index.html',
      'exercise/stages.json', '_astro/monaco.B8FMoIiA.js', '_astro/editor.worker-CRz__AKW.js', '_astro/engine.worker-CxFzD4N9.js',
      '_astro/xterm.BMsy1fDS.js', '_astro/Base.BYCHbWU2.css', '_astro/codicon.DF1abBS2.ttf', '_astro/font.x1.woff2', 'favicon.svg',
    ]) expect(matches(file), file).toBe(true);
  });

  it('leaves out the WebContainer’s docker.mjs, source maps, _headers, /api/ and itself', () => {
    for (const file of ['webcontainer/docker.mjs', 'webcontainer/other.js', '_astro/monaco.B8FMoIiA.js.map', 'exercise/x.json.map', '_headers', 'api/class.json', 'api/x/y.js', 'sw.js']) {
      expect(matches(file), file).toBe(false);
    }
  });

  it('revisions only unhashed files, and allows Monaco’s 3 MB chunk', () => {
    const re = options.dontCacheBustURLsMatching as RegExp;
    expect(re.test('_astro/monaco.B8FMoIiA.js')).toBe(true);
    expect(re.test('exercise/stages.json')).toBe(false);
    expect(re.test('lessons/stages/index.html')).toBe(false);
    expect(options.maximumFileSizeToCacheInBytes).toBe(MAX_PRECACHED_FILE_BYTES);
    expect(MAX_PRECACHED_FILE_BYTES).toBeGreaterThan(4 * 1024 * 1024);
  });

  it('precaches pages under the addresses the site links to', () => {
    expect(precacheUrl('index.html')).toBe('/');
    expect(precacheUrl('lessons/stages/index.html')).toBe('/lessons/stages/');
    expect(precacheUrl('404.html')).toBe('/404.html');
    expect(precacheUrl('exercise/stages.json')).toBe('/exercise/stages.json');
    expect(precacheUrl('_astro/a.js')).toBe('/_astro/a.js');
  });
});

describe('writeServiceWorker on a small dist/', () => {
  const dist = mkdtempSync(join(tmpdir(), 'stagecraft-sw-spec-'));
  afterAll(() => rmSync(dist, { recursive: true, force: true }));
  const files: Record<string, string> = {
    'index.html': '<!doctype html><p>home</p>',
    '404.html': '<!doctype html><p>404</p>',
    'lessons/stages/index.html': '<!doctype html><p>stages</p>',
    'exercise/stages.json': '{"id":"stages"}',
    '_astro/app.abc123.js': 'export {}',
    '_astro/app.abc123.js.map': '{}',
    '_astro/Base.def456.css': 'p{}',
    'webcontainer/docker.mjs': '#!/usr/bin/env node\n',
    'api/leftover.json': '{}',
    '_headers': '/*\n',
    'favicon.svg': '<svg/>',
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dist, name)), { recursive: true });
    writeFileSync(join(dist, name), text);
  }

  it('writes one self-contained sw.js whose manifest lists the right URLs', async () => {
    const { count } = await writeServiceWorker(dist);
    const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
    const urls = [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]);
    expect(urls.sort()).toEqual(['/', '/404.html', '/_astro/Base.def456.css', '/_astro/app.abc123.js', '/exercise/stages.json', '/favicon.svg', '/lessons/stages/']);
    expect(count).toBe(urls.length);
    // The Workbox runtime is inside (no importScripts, no workbox-*.js beside it), its dev logging compiled out.
    expect(sw).not.toMatch(/importScripts|process\.env|__WB_MANIFEST/);
    expect(sw).toContain('SKIP_WAITING');
    // No skipWaiting() on install: only on the learner's word (the message).
    expect(sw.match(/skipWaiting\(\)/g)?.length).toBe(1);
  }, 60_000);
});
