/**
 * Virtual entries for heavy folders.
 *
 * A sample project's `node_modules/` (90 MB), `.git/`, `coverage/` or `dist/`
 * matter to the lesson (they are what `.dockerignore` is for) but do not belong
 * in our repository. A manifest describes them by totals, and `expandManifest`
 * turns it into tree entries whose sizes add up exactly to those totals.
 *
 * The format, a JSON object:
 *
 * ```json
 * {
 *   "version": 1,
 *   "dirs": [
 *     {
 *       "path": "node_modules",
 *       "files": 11873,
 *       "bytes": 90206845,
 *       "note": "npm ci of the lesson's package-lock.json, measured with du -b",
 *       "named": [
 *         { "path": "express/package.json", "bytes": 1193 },
 *         { "path": ".package-lock.json", "bytes": 41652 }
 *       ]
 *     },
 *     { "path": ".git", "files": 312, "bytes": 1480000 }
 *   ]
 * }
 * ```
 *
 * - `path`: the folder, relative to the context root.
 * - `files`, `bytes`: totals for everything under it, named files included.
 * - `named` (optional): real files worth showing by name, paths relative to the
 *   folder; their sizes count toward the totals.
 * - `note` (optional): where the figures come from.
 *
 * The rest of the files are synthetic: `<path>/_synthetic/d<k>/f<n>`, 100 to a
 * folder, with no extension (so patterns aimed at the folder itself, like
 * `node_modules` or `.git`, pick them out, and `*.md`-style ones do not). Their
 * sizes vary, drawn from a generator seeded by the folder path, and are then
 * scaled so the folder's total is exact. Everything is deterministic: the same
 * manifest always gives the same names, sizes and hashes.
 */
import { goCleanPath } from '../go/path';
import { contentHash } from './hash';
import type { ContextEntry } from './tree';

export interface ManifestFile {
  /** Relative to the folder. */
  path: string;
  bytes: number;
}

export interface ManifestDir {
  /** The folder, relative to the context root (`node_modules`). */
  path: string;
  /** Files under it, named ones included. */
  files: number;
  /** Bytes under it, named ones included. */
  bytes: number;
  /** A few real files by name. */
  named?: ManifestFile[];
  /** Where the figures come from. */
  note?: string;
}

export interface ContextManifest {
  version?: 1;
  dirs: ManifestDir[];
  /** Single files, relative to the context root (e.g. `node_modules/.package-lock.json`). */
  files?: ManifestFile[];
}

const PER_FOLDER = 100;

/** What is wrong with a manifest, one message per problem; empty when sound. */
/** The most files a manifest may declare in all. */
export const MAX_MANIFEST_FILES = 1_000_000;

export function validateManifest(manifest: unknown): string[] {
  const problems: string[] = [];
  if (typeof manifest !== 'object' || manifest === null || !Array.isArray((manifest as ContextManifest).dirs)) {
    return ['a manifest is an object with a "dirs" array'];
  }
  const m = manifest as ContextManifest;
  if (m.version !== undefined && m.version !== 1) problems.push(`version ${String(m.version)} is not supported (only 1)`);
  const seen = new Set<string>();
  // Each declared file becomes an entry of the context: a manifest of millions would eat the memory.
  const total = m.dirs.reduce((n, d) => n + (d && typeof d === 'object' && isCount(d.files) ? d.files : 0), 0) + (Array.isArray(m.files) ? m.files.length : 0);
  if (total > MAX_MANIFEST_FILES) return [`it declares ${total.toLocaleString('en-US')} files; Stagecraft models at most ${MAX_MANIFEST_FILES.toLocaleString('en-US')} (a real node_modules has tens of thousands)`];
  m.dirs.forEach((dir, i) => {
    const where = `dirs[${i}]`;
    if (typeof dir !== 'object' || dir === null) {
      problems.push(`${where}: not an object`);
      return;
    }
    const path = typeof dir.path === 'string' ? cleanRelative(dir.path) : null;
    if (!path) problems.push(`${where}: "path" must be a folder inside the context`);
    else if (seen.has(path)) problems.push(`${where}: ${path} is listed twice`);
    else seen.add(path);
    const label = path ?? where;
    if (!isCount(dir.files)) problems.push(`${label}: "files" must be a whole number ≥ 0`);
    if (!isCount(dir.bytes)) problems.push(`${label}: "bytes" must be a whole number ≥ 0`);
    const named = dir.named ?? [];
    if (!Array.isArray(named)) {
      problems.push(`${label}: "named" must be an array`);
      return;
    }
    let namedBytes = 0;
    const names = new Set<string>();
    for (const f of named) {
      const p = typeof f?.path === 'string' ? cleanRelative(f.path) : null;
      if (!p) problems.push(`${label}: named file ${JSON.stringify(f?.path)} is not a path inside the folder`);
      else if (names.has(p)) problems.push(`${label}: named file ${p} is listed twice`);
      else if (p === '_synthetic' || p.startsWith('_synthetic/')) problems.push(`${label}: named file ${p} is under _synthetic/, which is reserved`);
      else names.add(p);
      if (!isCount(f?.bytes)) problems.push(`${label}: named file ${String(f?.path)} needs whole "bytes" ≥ 0`);
      else namedBytes += f.bytes;
    }
    if (isCount(dir.files) && named.length > dir.files) problems.push(`${label}: ${named.length} named files but "files" is ${dir.files}`);
    if (isCount(dir.bytes) && namedBytes > dir.bytes) problems.push(`${label}: named files add up to ${namedBytes} bytes, more than "bytes" (${dir.bytes})`);
    if (isCount(dir.files) && isCount(dir.bytes) && dir.files === named.length && dir.bytes > namedBytes) {
      problems.push(`${label}: ${dir.bytes - namedBytes} bytes are left for no unnamed file`);
    }
  });
  for (const a of seen) for (const b of seen) if (a !== b && b.startsWith(`${a}/`)) problems.push(`${b} is inside ${a}; list it once`);
  if (m.files !== undefined && !Array.isArray(m.files)) problems.push('"files" must be an array');
  for (const f of Array.isArray(m.files) ? m.files : []) {
    const p = typeof f?.path === 'string' ? cleanRelative(f.path) : null;
    if (!p) problems.push(`files: ${JSON.stringify(f?.path)} is not a path inside the context`);
    else if ([...seen].some((d) => p === d || p.startsWith(`${d}/`))) problems.push(`files: ${p} is inside a listed folder; name it there`);
    if (!isCount(f?.bytes)) problems.push(`files: ${String(f?.path)} needs whole "bytes" ≥ 0`);
  }
  return problems;
}

/**
 * Tree entries for a manifest: named files first, then synthetic ones, folder
 * by folder. Sizes add up exactly to each folder's `bytes` when
 * `validateManifest` finds nothing wrong; it never throws on a bad manifest
 * (bad folders and files are skipped, impossible totals are clamped).
 */
export function expandManifest(manifest: ContextManifest): ContextEntry[] {
  const out: ContextEntry[] = [];
  for (const dir of Array.isArray(manifest?.dirs) ? manifest.dirs : []) {
    const base = typeof dir?.path === 'string' ? cleanRelative(dir.path) : null;
    if (!base) continue;
    let namedBytes = 0;
    let namedCount = 0;
    for (const f of Array.isArray(dir.named) ? dir.named : []) {
      const rel = typeof f?.path === 'string' ? cleanRelative(f.path) : null;
      if (!rel || !isCount(f.bytes)) continue;
      const path = `${base}/${rel}`;
      out.push({ path, size: f.bytes, hash: syntheticHash(path, f.bytes) });
      namedBytes += f.bytes;
      namedCount++;
    }
    const count = Math.max(0, (isCount(dir.files) ? dir.files : 0) - namedCount);
    const bytes = Math.max(0, (isCount(dir.bytes) ? dir.bytes : 0) - namedBytes);
    const sizes = spread(bytes, count, base);
    for (let i = 0; i < count; i++) {
      const path = `${base}/_synthetic/d${Math.floor(i / PER_FOLDER)}/f${i % PER_FOLDER}`;
      const size = sizes[i] as number;
      out.push({ path, size, hash: syntheticHash(path, size) });
    }
  }
  for (const f of Array.isArray(manifest?.files) ? manifest.files : []) {
    const path = typeof f?.path === 'string' ? cleanRelative(f.path) : null;
    if (path && isCount(f.bytes)) out.push({ path, size: f.bytes, hash: syntheticHash(path, f.bytes) });
  }
  return out;
}

/** Splits `total` into `count` varied whole sizes that add up to it exactly. */
function spread(total: number, count: number, seedText: string): number[] {
  if (count === 0) return [];
  const weights = new Array<number>(count);
  let state = parseInt(contentHash(seedText).slice(8), 16) || 1;
  let sum = 0;
  for (let i = 0; i < count; i++) {
    // xorshift32: small files are common, a few are large.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const w = 1 + ((state >>> 8) % 64) ** 2;
    weights[i] = w;
    sum += w;
  }
  const sizes = new Array<number>(count);
  let given = 0;
  // Above 2^53 / 4096 bytes the products would lose precision: split evenly then.
  const even = total > Number.MAX_SAFE_INTEGER / 4097;
  for (let i = 0; i < count; i++) {
    const s = even ? Math.floor(total / count) : Math.floor((total * (weights[i] as number)) / sum);
    sizes[i] = s;
    given += s;
  }
  // Hand out what rounding left, one byte each, from the first file on.
  for (let i = 0; given < total; i = (i + 1) % count) {
    const add = Math.min(total - given, Math.max(1, Math.floor((total - given) / count)));
    sizes[i] = (sizes[i] as number) + add;
    given += add;
  }
  return sizes;
}

function syntheticHash(path: string, size: number): string {
  return contentHash(`synthetic\0${path}\0${size}`);
}

function isCount(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

/** A clean relative path, or null for one that leaves its base (`..`, empty). */
function cleanRelative(p: string): string | null {
  let c = goCleanPath(p);
  while (c.startsWith('/')) c = c.slice(1);
  if (c === '' || c === '.' || c === '..' || c.startsWith('../')) return null;
  return c;
}
