/**
 * A virtual build context: the files of a lesson's project (or of a folder the
 * CLI read), as plain data, with the queries a build needs, and the context
 * as Docker would send it after `.dockerignore`.
 */
import type { ContextView } from './view';
import { compileDockerignore, normalizeContextPath, type CompiledDockerignore, type DockerignoreError, type DockerignorePattern } from './dockerignore';
import { goMatch, hasGlobWildcards } from '../go/match';
import { utf8Length } from '../go/text';
import { contentHash } from './hash';

/** One file of the context. */
export interface ContextEntry {
  /** Relative to the context root, `/`-separated, clean (`src/app.ts`). */
  path: string;
  /** Bytes. */
  size: number;
  /** Content hash (see `contentHash`); synthetic entries hash a description of themselves. */
  hash: string;
  /** The file's text, for files the course shows or parses (package.json, sources). */
  text?: string;
}

/** An entry for a file whose text we have: size in UTF-8 bytes and hash computed. */
export function textEntry(path: string, text: string): ContextEntry {
  return { path, size: utf8Length(text), hash: contentHash(text), text };
}

interface DirNode {
  path: string;
  dirs: Map<string, DirNode>;
  /** File name → index in `entries`. */
  files: Map<string, number>;
  /** Files anywhere below. */
  fileCount: number;
  /** Bytes anywhere below. */
  size: number;
}

export interface ContextTree {
  /** Every file, in the order given (duplicates and bad paths left out). */
  readonly entries: readonly ContextEntry[];
  /** Entries that could not be placed, with the reason. Empty for a sound tree. */
  readonly problems: readonly string[];
  /** Bytes of all files. */
  readonly totalSize: number;
  readonly fileCount: number;
  file(path: string): ContextEntry | undefined;
  isFile(path: string): boolean;
  /** Directories exist when a file is below them; `''` and `.` are the root. */
  isDirectory(path: string): boolean;
  exists(path: string): boolean;
  /** Files below a directory (all files for the root), in tree order. */
  filesUnder(dir: string): ContextEntry[];
  /** Bytes and file count below a directory. */
  directorySize(dir: string): { size: number; files: number };
  /** @internal The directory structure, for the walk. */
  readonly root: DirNode;
  /** @internal */
  dir(path: string): DirNode | undefined;
}

function newDir(path: string): DirNode {
  return { path, dirs: new Map(), files: new Map(), fileCount: 0, size: 0 };
}

/** Creates the directories of `path` (clean, non-empty); the path of a file in the way instead. */
function makeDirs(root: DirNode, index: Map<string, DirNode>, path: string): DirNode | string {
  let dir = root;
  let start = 0;
  for (;;) {
    const slash = path.indexOf('/', start);
    const end = slash < 0 ? path.length : slash;
    const name = path.slice(start, end);
    const sub = path.slice(0, end);
    if (dir.files.has(name)) return sub;
    let child = dir.dirs.get(name);
    if (!child) {
      child = newDir(sub);
      dir.dirs.set(name, child);
      index.set(sub, child);
    }
    dir = child;
    if (slash < 0) return dir;
    start = slash + 1;
  }
}

/** Fills in the totals of every directory. */
function sumUp(dir: DirNode, entries: readonly ContextEntry[]): void {
  let files = dir.files.size;
  let size = 0;
  for (const index of dir.files.values()) size += (entries[index] as ContextEntry).size;
  for (const sub of dir.dirs.values()) {
    sumUp(sub, entries);
    files += sub.fileCount;
    size += sub.size;
  }
  dir.fileCount = files;
  dir.size = size;
}

/**
 * Builds a tree from entries. Paths are cleaned (`./a`, `/a` → `a`); a path
 * outside the context (`../x`), a duplicate, or a file where a directory is
 * (or the reverse) is left out and named in `problems` rather than thrown.
 */
export function createTree(input: Iterable<ContextEntry>): ContextTree {
  const entries: ContextEntry[] = [];
  const problems: string[] = [];
  const root = newDir('');
  const dirIndex = new Map<string, DirNode>([['', root]]);
  // Entries usually come folder by folder: remember the last parent.
  let lastParentPath = '';
  let lastParent: DirNode = root;

  for (const given of input) {
    const path = normalizeContextPath(given.path);
    if (path === '' || path === '..' || path.startsWith('../')) {
      problems.push(`${JSON.stringify(given.path)}: not a file path inside the context`);
      continue;
    }
    let size = given.size;
    if (!Number.isFinite(size) || size < 0 || !Number.isInteger(size)) {
      problems.push(`${path}: size ${String(size)} is not a whole number of bytes; counted as 0`);
      size = 0;
    }
    const slash = path.lastIndexOf('/');
    let dir: DirNode | string | undefined;
    if (slash === lastParentPath.length && (slash < 0 ? lastParentPath === '' : path.startsWith(lastParentPath))) {
      dir = lastParent;
    } else {
      const parentPath = slash < 0 ? '' : path.slice(0, slash);
      dir = dirIndex.get(parentPath) ?? makeDirs(root, dirIndex, parentPath);
      if (typeof dir === 'string') {
        problems.push(`${path}: ${dir} is a file`);
        continue;
      }
      lastParentPath = parentPath;
      lastParent = dir;
    }
    const name = path.slice(slash + 1);
    if (dir.files.has(name)) {
      problems.push(`${path}: listed twice; the first is kept`);
      continue;
    }
    if (dir.dirs.has(name)) {
      problems.push(`${path}: is a directory`);
      continue;
    }
    dir.files.set(name, entries.length);
    entries.push(path === given.path && size === given.size ? given : { ...given, path, size });
  }
  sumUp(root, entries);

  const lookupDir = (path: string): DirNode | undefined => dirIndex.get(normalizeContextPath(path));
  const lookupFile = (path: string): ContextEntry | undefined => {
    const p = normalizeContextPath(path);
    const slash = p.lastIndexOf('/');
    const parent = slash < 0 ? root : dirIndex.get(p.slice(0, slash));
    const index = parent?.files.get(p.slice(slash + 1));
    return index === undefined ? undefined : entries[index];
  };
  const collect = (dir: DirNode, out: ContextEntry[]): void => {
    for (const index of dir.files.values()) out.push(entries[index] as ContextEntry);
    for (const sub of dir.dirs.values()) collect(sub, out);
  };

  return {
    entries,
    problems,
    totalSize: root.size,
    fileCount: root.fileCount,
    root,
    dir: lookupDir,
    file: lookupFile,
    isFile: (path) => lookupFile(path) !== undefined,
    isDirectory: (path) => lookupDir(path) !== undefined,
    exists: (path) => lookupFile(path) !== undefined || lookupDir(path) !== undefined,
    filesUnder: (path) => {
      const dir = lookupDir(path);
      const out: ContextEntry[] = [];
      if (dir) collect(dir, out);
      return out;
    },
    directorySize: (path) => {
      const dir = lookupDir(path);
      return dir ? { size: dir.size, files: dir.fileCount } : { size: 0, files: 0 };
    },
  };
}

// ---------------------------------------------------------------------------
// The context after .dockerignore

/** The context as Docker sends it. */
export interface ContextResult {
  /** Files sent, in tree order. */
  included: ContextEntry[];
  /** Files left out by .dockerignore, in tree order. */
  excluded: ContextEntry[];
  /**
   * Bytes of the files sent (contents only; BuildKit's "transferring context"
   * line also counts some metadata, and on a rebuild only what changed).
   */
  size: number;
  /** Files sent. */
  files: number;
  /** Bytes left out. */
  excludedSize: number;
  /**
   * The .dockerignore lines that make Docker fail the build: those it refuses
   * when reading, and those Go's regexp refuses that the walk tries on a path of
   * this context (patternmatcher compiles lazily; fsutil stops the walk with
   * `failed to match excludepatterns: syntax error in pattern`). In line order.
   */
  errors: DockerignoreError[];
  /**
   * Lines Go's regexp refuses that no path of this context reaches: Docker
   * accepts them and the build works, but they can never match (and a new file
   * could make the build fail).
   */
  warnings: DockerignoreError[];
  /** The usable patterns. */
  patterns: DockerignorePattern[];
}

/** The walk's answer for every file and directory of a tree. */
interface Walk {
  /** Per entry index: 1 when excluded. */
  excluded: Uint8Array;
  /** Directories that are sent (not excluded, or holding something sent). */
  sentDirs: Set<string>;
  /** Indexes of the broken patterns (Go's regexp refuses them) the walk had to try. */
  reached: Set<number>;
}

/**
 * Walks the tree like fsutil does for BuildKit: each path is decided from its
 * parent directory's per-pattern results (patternmatcher's
 * MatchesUsingParentResults), and an excluded directory is skipped whole unless
 * an exception could re-include something inside it.
 */
function walk(tree: ContextTree, m: CompiledDockerignore): Walk {
  const entries = tree.entries;
  const excluded = new Uint8Array(entries.length);
  const sentDirs = new Set<string>(['']);
  const reached = new Set<number>();
  const n = m.patternCount;
  // fsutil's walk stops at the first of them; Docker's message names no line, so we name each.
  const note = m.hasBroken ? () => void (m.reachedBroken >= 0 && reached.add(m.reachedBroken)) : () => {};
  const markAll = (dir: DirNode): void => {
    for (const index of dir.files.values()) excluded[index] = 1;
    for (const sub of dir.dirs.values()) markAll(sub);
  };
  // Returns true when anything below is sent.
  const visit = (dir: DirNode, bits: Uint8Array | null): boolean => {
    let any = false;
    const prefix = dir.path === '' ? '' : `${dir.path}/`;
    for (const index of dir.files.values()) {
      if (m.excludes(m.evaluate((entries[index] as ContextEntry).path, bits, null))) excluded[index] = 1;
      else any = true;
      note();
    }
    for (const [name, sub] of dir.dirs) {
      const path = prefix + name;
      const out = new Uint8Array(n);
      const self = m.excludes(m.evaluate(path, bits, out));
      note();
      if (self && m.prunes(path)) {
        markAll(sub);
        continue;
      }
      // An excluded directory is still created when something inside it is sent.
      if (visit(sub, out) || !self) {
        sentDirs.add(path);
        any = true;
      }
    }
    return any;
  };
  if (n > 0) visit(tree.root, null);
  else for (const path of allDirs(tree.root)) sentDirs.add(path);
  return { excluded, sentDirs, reached };
}

function allDirs(dir: DirNode, out: string[] = []): string[] {
  out.push(dir.path);
  for (const sub of dir.dirs.values()) allDirs(sub, out);
  return out;
}

/**
 * The context as Docker would send it. The Dockerfile and `.dockerignore` get no
 * special treatment, because BuildKit gives them none: it reads the Dockerfile
 * through a separate channel and applies `.dockerignore` to the context as a
 * whole, so an ignored `Dockerfile` is not in the context and `COPY . .` does not
 * copy it. (The classic builder sent both files anyway and then hid them from
 * ADD/COPY, which is what Docker's docs describe: the same result for the image.)
 */
export function applyDockerignore(tree: ContextTree, dockerignore: string | CompiledDockerignore): ContextResult {
  const m = typeof dockerignore === 'string' ? compileDockerignore(dockerignore) : dockerignore;
  const w = walk(tree, m);
  return resultOf(tree, m, w.excluded, w.reached);
}

function resultOf(tree: ContextTree, m: CompiledDockerignore, flags: Uint8Array, reached: ReadonlySet<number>): ContextResult {
  const included: ContextEntry[] = [];
  const excluded: ContextEntry[] = [];
  let size = 0;
  let excludedSize = 0;
  tree.entries.forEach((entry, index) => {
    if (flags[index] === 1) {
      excluded.push(entry);
      excludedSize += entry.size;
    } else {
      included.push(entry);
      size += entry.size;
    }
  });
  const errors = [...m.errors];
  const warnings: DockerignoreError[] = [];
  for (const w of m.warnings) {
    const hit = [...reached].some((i) => m.patterns[i]?.line === w.line);
    (hit ? errors : warnings).push(w);
  }
  errors.sort((a, b) => a.line - b.line);
  return { included, excluded, size, files: included.length, excludedSize, errors, warnings, patterns: [...m.patterns] };
}

// ---------------------------------------------------------------------------
// The view rules get

/** What rules and goals see of a context: the ContextView, plus the details behind it. */
export interface BuildContextView extends ContextView {
  readonly tree: ContextTree;
  readonly matcher: CompiledDockerignore;
  readonly result: ContextResult;
  /**
   * True when the .dockerignore has exceptions. BuildKit's CopyIgnoredFile check
   * stays silent then, since an excluded directory may have re-included files.
   */
  readonly hasExceptions: boolean;
  /** True when the file or directory is in the context as sent. */
  includes(path: string): boolean;
}

/**
 * A ContextView over a tree and a .dockerignore.
 *
 * `isExcluded(path)`:
 * - a file of the tree: whether Docker leaves it out;
 * - a directory of the tree: whether Docker leaves it out entirely (excluded and
 *   nothing inside re-included; a directory that is sent empty is not excluded);
 * - a COPY source with wildcards (`src/*.ts`, resolved one path element at a
 *   time with Go's filepath.Match, as BuildKit's COPY does): whether every file
 *   and directory it names is left out, so the COPY would find nothing;
 * - anything else (a path not in the tree, or a glob naming nothing): whether
 *   .dockerignore would exclude such a path, tried literally as BuildKit's
 *   CopyIgnoredFile check does.
 * Paths are relative to the context root; `./a`, `/a` and `a/` all mean `a`
 * (COPY reads even `/a` from the context root).
 *
 * `exists(path)`: a file or directory of the tree, ignored or not; for a source
 * with wildcards, whether it names anything.
 */
export function contextView(tree: ContextTree, dockerignore: string): BuildContextView {
  const matcher = compileDockerignore(dockerignore);
  const { excluded, sentDirs, reached } = walk(tree, matcher);
  const result = resultOf(tree, matcher, excluded, reached);

  const fileIndex = (path: string): number | undefined => {
    const slash = path.lastIndexOf('/');
    return tree.dir(slash < 0 ? '' : path.slice(0, slash))?.files.get(path.slice(slash + 1));
  };
  const pathSent = (path: string): boolean | undefined => {
    if (path === '') return true;
    const index = fileIndex(path);
    if (index !== undefined) return excluded[index] !== 1;
    if (tree.dir(path)) return sentDirs.has(path);
    return undefined;
  };
  const clean = normalizeContextPath;

  return {
    tree,
    matcher,
    result,
    hasExceptions: matcher.hasExceptions,
    excludesRoot: matcher.patterns.some((p) => !p.negate && (p.pattern === '*' || p.pattern === '**' || p.pattern === '**/*')),
    includes: (path) => pathSent(clean(path)) === true,
    isExcluded(path) {
      const p = clean(path);
      if (p === '') return false;
      if (hasGlobWildcards(p)) {
        const found = expandGlob(tree, p);
        if (found && found.length > 0) return found.every((f) => pathSent(f) === false);
        return matcher.matches(p);
      }
      const sent = pathSent(p);
      return sent === undefined ? matcher.matches(p) : !sent;
    },
    exists(path) {
      const p = clean(path);
      if (p === '') return true;
      if (hasGlobWildcards(p)) return (expandGlob(tree, p)?.length ?? 0) > 0;
      return tree.exists(p);
    },
  };
}

/**
 * The files and directories a COPY source with wildcards names, resolved one
 * path element at a time with Go's filepath.Match; null for a malformed pattern.
 */
export function expandGlob(tree: ContextTree, pattern: string): string[] | null {
  const parts = normalizeContextPath(pattern).split('/');
  let frontier: DirNode[] = [tree.root];
  let found: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const last = i === parts.length - 1;
    const nextDirs: DirNode[] = [];
    found = [];
    for (const dir of frontier) {
      const prefix = dir.path === '' ? '' : `${dir.path}/`;
      if (!hasGlobWildcards(part)) {
        const sub = dir.dirs.get(part);
        if (sub) {
          nextDirs.push(sub);
          found.push(sub.path);
        } else if (last && dir.files.has(part)) found.push(prefix + part);
        continue;
      }
      for (const [name, sub] of dir.dirs) {
        const hit = goMatch(part, name);
        if (hit === null) return null;
        if (hit) {
          nextDirs.push(sub);
          found.push(sub.path);
        }
      }
      if (!last) continue;
      for (const name of dir.files.keys()) {
        const hit = goMatch(part, name);
        if (hit === null) return null;
        if (hit) found.push(prefix + name);
      }
    }
    frontier = nextDirs;
  }
  return found;
}
