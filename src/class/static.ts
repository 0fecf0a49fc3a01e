/**
 * Serving the built course (dist/) from the instructor's laptop, the way a good static
 * host would, with nothing from the internet:
 *
 * - `/x/` is `x/index.html`, `/x` is the file `x` or else `x/index.html` (the site is built
 *   with `trailingSlash: 'ignore'`); anything else is `404.html` with status 404.
 * - HTML pages get `<meta name="stagecraft-class" content="1">` before `</head>`, which is
 *   how a page knows a class server is there (a static deployment has none).
 * - gzip and brotli, negotiated from Accept-Encoding, compressed on the first request for
 *   each file (in libuv's thread pool, off the event loop) and kept in memory with the
 *   file; a file that changes on disk (a rebuild) is read again.
 * - Hashed assets under /_astro/ are `public, max-age=31536000, immutable`; everything
 *   else is `no-cache` with an ETag, so a reload costs a 304.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { promisify } from 'node:util';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export const CLASS_META = '<meta name="stagecraft-class" content="1">';
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

/** Already compressed formats gain nothing. */
const COMPRESSIBLE = /^(?:text\/|application\/(?:json|manifest\+json|xml|wasm)|image\/svg\+xml|font\/(?:ttf|otf))/;
/** Below this, the headers weigh more than what compression saves. */
const MIN_COMPRESS_BYTES = 1024;

type Encoding = 'br' | 'gzip' | 'identity';

interface CachedFile {
  mtimeMs: number;
  size: number;
  body: Buffer;
  type: string;
  etag: string;
  compressible: boolean;
  br?: Promise<Buffer>;
  gzip?: Promise<Buffer>;
}

export interface StaticServer {
  /** The response for a GET of `pathname` (as in the URL, still percent-encoded). */
  serve(pathname: string, headers: { acceptEncoding: string | null; ifNoneMatch: string | null }): Promise<Response>;
  /** Bytes held in memory (files and their compressed forms that are done). */
  cachedBytes(): number;
}

/**
 * Which encoding to send for this Accept-Encoding: brotli, then gzip, by the client's
 * q-values (ties go to brotli); identity when neither is acceptable.
 */
export function negotiateEncoding(header: string | null): Encoding {
  if (!header) return 'identity';
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    let quality = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) quality = Math.min(1, Number(m[1]) || 0);
    }
    q.set(name.trim(), quality);
  }
  const of = (name: string) => q.get(name) ?? q.get('*') ?? 0;
  const br = of('br');
  const gz = Math.max(of('gzip'), q.get('x-gzip') ?? 0);
  if (br > 0 && br >= gz) return 'br';
  if (gz > 0) return 'gzip';
  return 'identity';
}

/** Inserts the class server's meta element before `</head>` (or leaves a page without one alone). */
export function injectClassMeta(html: string): string {
  const at = html.search(/<\/head\s*>/i);
  if (at < 0 || html.includes('name="stagecraft-class"')) return html;
  return `${html.slice(0, at)}${CLASS_META}${html.slice(at)}`;
}

/**
 * The files of `distDir` that a URL path may name, most likely first. Refuses what a
 * static host refuses: escaping the folder, hidden files, NUL, a path that does not decode.
 */
export function candidates(distDir: string, pathname: string): string[] | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').slice(1);
  for (const s of segments.slice(0, -1)) if (s === '' || s === '.' || s === '..' || s.startsWith('.')) return null;
  const last = segments[segments.length - 1] ?? '';
  if (last === '.' || last === '..' || last.startsWith('.')) return null;
  // Files the build writes for other hosts, not for browsers.
  if (segments.length === 1 && (last === '_headers' || last === '_redirects')) return null;
  const root = resolve(distDir);
  const base = resolve(root, ...segments);
  if (base !== root && !base.startsWith(root + sep)) return null;
  if (last === '') return [join(base, 'index.html')];
  return [base, join(base, 'index.html'), `${base}.html`];
}

export function createStaticServer(distDir: string, options: { injectMeta?: boolean } = {}): StaticServer {
  const injectMeta = options.injectMeta ?? true;
  const cache = new Map<string, CachedFile>();
  const loading = new Map<string, Promise<CachedFile | null>>();

  async function load(file: string): Promise<CachedFile | null> {
    let st;
    try {
      st = await stat(file);
    } catch {
      return null;
    }
    if (!st.isFile()) return null;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit;
    const pending = loading.get(file);
    if (pending) return pending;
    const p = (async () => {
      let body: Buffer;
      try {
        body = await readFile(file);
      } catch {
        return null;
      }
      const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      if (injectMeta && type.startsWith('text/html')) body = Buffer.from(injectClassMeta(body.toString('utf8')), 'utf8');
      const entry: CachedFile = {
        mtimeMs: st.mtimeMs,
        size: st.size,
        body,
        type,
        etag: `W/"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`,
        compressible: COMPRESSIBLE.test(type) && body.length >= MIN_COMPRESS_BYTES,
      };
      cache.set(file, entry);
      return entry;
    })();
    loading.set(file, p);
    try {
      return await p;
    } finally {
      loading.delete(file);
    }
  }

  function compressed(entry: CachedFile, encoding: 'br' | 'gzip'): Promise<Buffer> {
    // Brotli's best quality costs seconds on a megabyte (Monaco); the first learner should not wait that long.
    const big = entry.body.length > 512 * 1024;
    if (encoding === 'br') {
      entry.br ??= brotliAsync(entry.body, {
        params: {
          [zlib.BROTLI_PARAM_QUALITY]: entry.body.length <= 64 * 1024 ? 11 : big ? 6 : 9,
          [zlib.BROTLI_PARAM_SIZE_HINT]: entry.body.length,
          [zlib.BROTLI_PARAM_MODE]: zlib.BROTLI_MODE_TEXT,
        },
      });
      return entry.br;
    }
    entry.gzip ??= gzipAsync(entry.body, { level: big ? 6 : 9 });
    return entry.gzip;
  }

  async function respond(entry: CachedFile, status: number, pathname: string, headers: { acceptEncoding: string | null; ifNoneMatch: string | null }): Promise<Response> {
    const h = new Headers({ 'Content-Type': entry.type, ETag: entry.etag });
    h.set('Cache-Control', status === 200 && pathname.startsWith('/_astro/') ? IMMUTABLE : 'no-cache');
    if (entry.compressible) h.set('Vary', 'Accept-Encoding');
    if (status === 200 && headers.ifNoneMatch && etagMatches(headers.ifNoneMatch, entry.etag)) {
      return new Response(null, { status: 304, headers: h });
    }
    let body = entry.body;
    const encoding = entry.compressible ? negotiateEncoding(headers.acceptEncoding) : 'identity';
    if (encoding !== 'identity') {
      try {
        body = await compressed(entry, encoding);
        h.set('Content-Encoding', encoding);
      } catch {
        // A failed compression is served uncompressed (and tried again next time).
        if (encoding === 'br') entry.br = undefined;
        else entry.gzip = undefined;
      }
    }
    h.set('Content-Length', String(body.length));
    return new Response(body as Uint8Array<ArrayBuffer>, { status, headers: h });
  }

  return {
    async serve(pathname, headers) {
      const files = candidates(distDir, pathname);
      for (const file of files ?? []) {
        const entry = await load(file);
        if (entry) return respond(entry, 200, pathname, headers);
      }
      const notFound = join(resolve(distDir), '404.html');
      const entry = await load(notFound);
      if (entry) return respond(entry, 404, pathname, headers);
      return new Response('Not found\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' } });
    },
    cachedBytes() {
      let n = 0;
      for (const e of cache.values()) n += e.body.length;
      return n;
    },
  };
}

function etagMatches(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => bare(t) === bare(etag));
}
