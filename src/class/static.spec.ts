import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../site/headers.mjs';
import { testServer, type TestServer } from './spec-helpers';
import { CLASS_META, IMMUTABLE, candidates, injectClassMeta, negotiateEncoding } from './static';

let dist: string;
let t: TestServer;
const script = `export const big = ${JSON.stringify('stagecraft '.repeat(2000))};\n`;
const page = (title: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${'<p>text</p>'.repeat(200)}</body></html>`;

beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'stagecraft-dist-'));
  mkdirSync(join(dist, '_astro'));
  mkdirSync(join(dist, 'lessons', 'stages'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), page('Home'));
  writeFileSync(join(dist, '404.html'), page('Not found'));
  writeFileSync(join(dist, 'lessons', 'stages', 'index.html'), page('Stages'));
  writeFileSync(join(dist, '_astro', 'app.AbC123.js'), script);
  writeFileSync(join(dist, '_astro', 'tiny.X1.css'), 'a{}');
  writeFileSync(join(dist, 'favicon.png'), Buffer.alloc(4000, 7));
  writeFileSync(join(dist, '_headers'), '/*\n');
  writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});\n');
  t = testServer({ distDir: dist });
});
afterAll(() => {
  t.dispose();
  rmSync(dist, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = {}) => t.request('GET', path, { headers });

describe('class server: the built course', () => {
  it('serves pages with the security headers, no-cache and an ETag, and the class meta before </head>', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    for (const [name, value] of Object.entries(securityHeaders)) expect(res.headers.get(name)).toBe(value);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('etag')).toMatch(/^W\/".+"$/);
    const html = await res.text();
    expect(html).toContain(`${CLASS_META}</head>`);
    expect(html.match(/stagecraft-class/g)).toHaveLength(1);
  });

  it('finds /x/, /x and /x/index.html alike', async () => {
    for (const path of ['/lessons/stages/', '/lessons/stages', '/lessons/stages/index.html']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toContain('<h1>Stages</h1>');
    }
  });

  it('sends the headers some paths get on top (the service worker is revalidated)', async () => {
    const res = await get('/sw.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it('answers an unchanged page with 304', async () => {
    const etag = (await get('/')).headers.get('etag')!;
    const res = await get('/', { 'if-none-match': etag });
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe(etag);
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });

  it('caches hashed assets for a year, immutably', async () => {
    const res = await get('/_astro/app.AbC123.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe(IMMUTABLE);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe(script);
  });

  it('compresses with brotli or gzip as Accept-Encoding asks, and says so', async () => {
    const br = await get('/_astro/app.AbC123.js', { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toBe('Accept-Encoding');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(Number(br.headers.get('content-length'))).toBe(brBytes.length);
    expect(brBytes.length).toBeLessThan(script.length / 10);
    expect(brotliDecompressSync(brBytes).toString()).toBe(script);

    const gz = await get('/_astro/app.AbC123.js', { 'accept-encoding': 'gzip;q=1, br;q=0.5' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(script);

    const page = await get('/', { 'accept-encoding': 'br' });
    expect(page.headers.get('content-encoding')).toBe('br');
    expect(brotliDecompressSync(Buffer.from(await page.arrayBuffer())).toString()).toContain(CLASS_META);

    const none = await get('/_astro/app.AbC123.js', { 'accept-encoding': 'identity' });
    expect(none.headers.get('content-encoding')).toBeNull();
    // Small files and images are sent as they are.
    expect((await get('/_astro/tiny.X1.css', { 'accept-encoding': 'br' })).headers.get('content-encoding')).toBeNull();
    expect((await get('/favicon.png', { 'accept-encoding': 'br' })).headers.get('content-encoding')).toBeNull();
  });

  it('negotiates encodings by q-value', () => {
    expect(negotiateEncoding(null)).toBe('identity');
    expect(negotiateEncoding('gzip, br')).toBe('br');
    expect(negotiateEncoding('br;q=0, gzip')).toBe('gzip');
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*;q=0')).toBe('identity');
    expect(negotiateEncoding('deflate')).toBe('identity');
    expect(negotiateEncoding('BR;Q=0.2, GZIP;q=0.9')).toBe('gzip');
  });

  it('answers an unknown path with the 404 page, status 404, with the headers and the meta', async () => {
    const res = await get('/no/such/page/');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(securityHeaders['Content-Security-Policy']);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(html).toContain('<h1>Not found</h1>');
    expect(html).toContain(CLASS_META);
  });

  it('never leaves dist/, serves no hidden or host-only files', async () => {
    for (const path of ['/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc/passwd', '/_headers', '/.env', '/%00', '/%E0%A4%A']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
    }
    expect(candidates('/srv/dist', '/a/../../x')).toBeNull();
    expect(candidates('/srv/dist', '/a/%2e%2e/%2e%2e/x')).toBeNull();
    expect(candidates('/srv/dist', '/lessons/')).toEqual(['/srv/dist/lessons/index.html']);
  });

  it('answers HEAD like GET without a body; other methods 405', async () => {
    const res = await t.request('HEAD', '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toMatch(/^W\//);
    expect(await res.text()).toBe('');
    const post = await t.request('POST', '/');
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('reads a file again when the build changes it', async () => {
    const file = join(dist, 'lessons', 'stages', 'index.html');
    expect(await (await get('/lessons/stages/')).text()).toContain('<h1>Stages</h1>');
    writeFileSync(file, page('Stages, rebuilt'));
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    expect(await (await get('/lessons/stages/')).text()).toContain('<h1>Stages, rebuilt</h1>');
  });

  it('injects the meta only where there is a head', () => {
    expect(injectClassMeta('<html><HEAD></HEAD></html>')).toBe(`<html><HEAD>${CLASS_META}</HEAD></html>`);
    expect(injectClassMeta('<p>no head</p>')).toBe('<p>no head</p>');
  });
});
