/** What every command handler shares: editing the layer, reading files, finding programs, failing like the tool. */
import type { ImageInfo } from '../../images/catalog';
import { goMatch, isValidGoGlob } from '../../go/match';
import { basename, directoriesOf, dirname, join, normalize, within } from '../fs';
import type { FsEntry, Layer } from '../types';
import type { Call, RunContext, Status } from './types';

export function add(ctx: RunContext, entry: FsEntry): void {
  if (ctx.cacheMounts.some((m) => within(entry.path, m))) return;
  ctx.layer.entries.set(entry.path, entry);
}

/** Deletes a path: entries of this layer go away; lower layers get a whiteout. */
export function remove(ctx: RunContext, path: string): boolean {
  const p = normalize(path);
  let removed = false;
  // Deleting from a Map while iterating it is safe: the iterator skips removed keys.
  for (const key of ctx.layer.entries.keys()) {
    if (within(key, p)) {
      ctx.layer.entries.delete(key);
      removed = true;
    }
  }
  const layers = ctx.fs.layers;
  let existsBelow = ctx.fs.baseFiles.has(p);
  for (let i = 0; i < layers.length - 1 && !existsBelow; i++) existsBelow = mentions(layers[i]!, p);
  if (existsBelow) {
    ctx.layer.whiteouts.add(p);
    removed = true;
  }
  return removed;
}

/** Deletes many paths with one pass over this layer's entries (npm prune removes hundreds of packages). */
export function removeMany(ctx: RunContext, paths: readonly string[]): void {
  const set = new Set(paths.map(normalize));
  if (set.size === 0) return;
  for (const key of ctx.layer.entries.keys()) {
    for (let q = key; ; q = dirname(q)) {
      if (set.has(q)) {
        ctx.layer.entries.delete(key);
        break;
      }
      if (q === '/') break;
    }
  }
  const layers = ctx.fs.layers;
  for (const p of set) {
    let existsBelow = ctx.fs.baseFiles.has(p);
    for (let i = 0; i < layers.length - 1 && !existsBelow; i++) existsBelow = mentions(layers[i]!, p);
    if (existsBelow) ctx.layer.whiteouts.add(p);
  }
}

/** The layer has an entry at `p`, below it, or a folder entry (a tree) that holds it. */
function mentions(layer: Layer, p: string): boolean {
  if (layer.entries.size === 0) return false;
  if (p === '/' || layer.entries.has(p) || directoriesOf(layer).has(p)) return true;
  for (let q = dirname(p); ; q = dirname(q)) {
    if (layer.entries.has(q)) return true;
    if (q === '/') return false;
  }
}

/** The text of a file the step can read (files copied from the context carry theirs). */
export function readText(ctx: RunContext, path: string): string | null {
  return ctx.fs.lookup(path)?.text ?? null;
}

/**
 * A regular file that is there but whose text Stagecraft was not given (a folder read in the
 * browser keeps the text of files up to a bound): what reads it cannot be judged.
 */
export function unread(ctx: RunContext, path: string): boolean {
  const e = ctx.fs.lookup(path);
  return !!e && e.kind === 'file' && e.text === undefined && e.bytes > 0;
}

/** Whether a path is there: true, false, or 'unknown' when something unknown ran before. */
export function has(ctx: RunContext, path: string): boolean | 'unknown' {
  const p = ctx.fs.probe(path);
  return p === 'unknown' ? 'unknown' : p !== null;
}

export function fail(call: Call, message: string, explanation: string): Status {
  call.result.failure = { message, explanation };
  return 'failed';
}

/** The command's effect is not known: nothing later is assumed present because of it, and nothing fails because of it. */
export function unknown(call: Call, what: string): Status {
  call.result.notes.push(`effect unknown: ${what}`);
  if (!call.ctx.fs.uncertain) call.ctx.fs.uncertain = { line: call.ctx.line, what };
  call.result.unknown ??= what;
  return 'unknown';
}

/** A needed input is missing: fail as the tool does, or say "unknown" when an unknown command may have made it. */
export function missing(call: Call, path: string, message: string, explanation: string): Status {
  if (call.ctx.fs.uncertain) return unknown(call, `${call.program} needs ${path}, which Stagecraft cannot see (line ${call.ctx.fs.uncertain.line ?? '?'} ran ${call.ctx.fs.uncertain.what})`);
  return fail(call, message, explanation);
}

/** BusyBox (Alpine) and GNU coreutils word their errors differently. */
export function busybox(image: ImageInfo): boolean {
  return image.libc === 'musl';
}

/** How the image's /bin/sh reports a missing command: dash on Debian, BusyBox ash on Alpine. */
export function shNotFound(image: ImageInfo, program: string, shell = '/bin/sh'): string {
  return busybox(image) ? `${shell}: ${program}: not found` : `${shell}: 1: ${program}: not found`;
}

export function notFound(call: Call, program = call.program): Status {
  return missing(call, program, shNotFound(call.ctx.image, program), `The image has no ${program} command at this point, so the command fails with exit code 127.`);
}

/** Programs every image with a shell has (coreutils on Debian, BusyBox applets on Alpine). */
const CORE = new Set(['rm', 'mkdir', 'cp', 'mv', 'chown', 'chmod', 'ln', 'touch', 'cat', 'ls', 'echo', 'printf', 'test', '[', 'true', 'false', 'sh', 'env', 'pwd', 'sleep', 'id', 'whoami', 'which', 'du', 'head', 'tail', 'grep', 'sed', 'find', 'tar', 'gzip', 'wc', 'sort', 'uname', 'date']);
/** npm packages whose bin a script finds in node_modules/.bin. */
export const BIN_PACKAGES: Record<string, string> = {
  tsc: 'typescript', tsserver: 'typescript', vite: 'vite', jest: 'jest', eslint: 'eslint', webpack: 'webpack-cli',
  'ts-node': 'ts-node', tsx: 'tsx', vitest: 'vitest', prettier: 'prettier', esbuild: 'esbuild', rollup: 'rollup', mocha: 'mocha',
};

/**
 * Finds a program as /bin/sh would: a path, then PATH (and bin folders npm adds).
 * 'unknown' when it is not found but something unknown ran before (it may have installed it).
 */
export function locate(call: Call, name: string): 'found' | 'missing' | 'unknown' {
  const { ctx } = call;
  if (name.includes('/')) {
    const path = join(call.cwd, name);
    // node_modules/.bin holds links to the packages' bins; Stagecraft keeps the packages, not the links.
    const bin = /^(.*\/node_modules)\/\.bin\/([^/]+)$/.exec(path);
    if (bin && BIN_PACKAGES[bin[2]!] && ctx.fs.exists(`${bin[1]}/${BIN_PACKAGES[bin[2]!]}`)) return 'found';
    const p = ctx.fs.probe(path);
    return p === 'unknown' ? 'unknown' : p ? 'found' : 'missing';
  }
  if (CORE.has(name) && ctx.image.shell) return 'found';
  if ((name === 'apk') && ctx.image.packageManager === 'apk') return 'found';
  if ((name === 'apt-get' || name === 'apt' || name === 'dpkg') && ctx.image.packageManager === 'apt') return 'found';
  if ((name === 'useradd' || name === 'groupadd' || name === 'usermod') && ctx.image.packageManager === 'apt') return 'found';
  if ((name === 'adduser' || name === 'addgroup') && ctx.image.shell) return 'found';
  for (const dir of binDirs(call)) {
    if (ctx.fs.lookup(`${dir}/${name}`)) return 'found';
    const pkg = BIN_PACKAGES[name];
    if (pkg && dir.endsWith('/node_modules/.bin') && ctx.fs.exists(`${dir.slice(0, -'.bin'.length)}${pkg}`)) return 'found';
  }
  const known = ctx.image.paths[name];
  if (known && ctx.fs.lookup(known)) return 'found';
  return ctx.fs.uncertain || !ctx.image.resolved ? 'unknown' : 'missing';
}

function binDirs(call: Call): string[] {
  const path = call.env.get('PATH') ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  return [...call.binDirs, ...path.split(':').filter(Boolean)];
}

/**
 * A glob test for one path segment (`*`, `?`, `[…]`, `\` escapes) with Go's filepath.Match,
 * which BuildKit uses for COPY sources: polynomial, never catastrophic backtracking.
 * A malformed pattern matches nothing (`isValidGlob` tells the callers that need to refuse it).
 */
export function globTest(pattern: string): (name: string) => boolean {
  return (name) => goMatch(pattern, name) === true;
}

/** Go's filepath.Match accepts the pattern (`[` unclosed or `[z-a]` are ErrBadPattern). */
export function isValidGlob(pattern: string): boolean {
  return isValidGoGlob(pattern);
}

/** Paths an argument names, with `*` globs expanded against the filesystem (no match: the word stays as written, as in sh). */
export function expand(ctx: RunContext, cwd: string, arg: string): string[] {
  const path = join(cwd, arg);
  if (!/[*?[]/.test(path)) return [path];
  const dir = dirname(path);
  const test = globTest(basename(path));
  const names = new Set<string>();
  const consider = (p: string) => {
    if (!within(p, dir) || p === dir) return;
    const first = p.slice(dir === '/' ? 1 : dir.length + 1).split('/')[0];
    if (first && test(first)) names.add(join(dir, first));
  };
  for (const e of ctx.fs.list(dir)) consider(e.path);
  for (const e of ctx.layer.entries.values()) consider(e.path);
  return names.size ? [...names].sort() : [path];
}

/** Hash of what a build reads below a folder, so its outputs change when the sources do. */
export function contentHashOf(ctx: RunContext, dir: string, keep: (path: string) => boolean = () => true): string {
  let h = '';
  for (const e of ctx.fs.list(dir)) if (keep(e.path) && !e.path.includes('/node_modules/')) h += `${e.path}:${e.hash};`;
  return h;
}

export const RATIO = { npm: 0.215, npmCache: 1.0, go: 0.56, goStripped: 0.43, goCache: 0.5, text: 0.35, os: 0.36 };
