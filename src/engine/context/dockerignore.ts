/**
 * `.dockerignore` with Docker's semantics.
 *
 * Reading follows moby/patternmatcher's `ignorefile.ReadAll` and `New`:
 * - a UTF-8 byte-order mark at the start of the file is dropped;
 * - a line whose first character is `#` is a comment (only in column 1: `  # x`
 *   is the pattern `# x`);
 * - lines are trimmed (Go's TrimSpace) and blank ones skipped;
 * - a leading `!` marks an exception; the rest is trimmed again, cleaned like
 *   Go's filepath.Clean (`./a` → `a`, `a/../b` → `b`, `a/` → `a`) and loses one
 *   leading `/`;
 * - `\` is not a separator (Docker on Linux): it escapes the next character;
 * - a lone `!` and a pattern that Go's filepath.Match calls malformed are refused;
 * - a pattern whose regular expression Go refuses (`[z-a]`, `*{2}`, `x{1001}`) is
 *   kept: patternmatcher compiles each pattern at its first use, so the file is
 *   accepted and the build fails only when the context walk reaches that line
 *   (`failed to match excludepatterns: syntax error in pattern`). We list such a
 *   line in `warnings`, match it as a pattern that never matches, and let the
 *   context walk (tree.ts) turn it into an error when a file does reach it.
 *
 * Matching follows patternmatcher as BuildKit's context walk (tonistiigi/fsutil)
 * uses it: patterns are anchored at the context root (`*.log` matches only at the
 * top; `**` spans directories), the last matching line wins, a pattern that
 * matches a directory matches everything under it, and an excluded directory is
 * not even walked into unless an exception could re-include something inside it.
 */
import { BAD_PATTERN, isValidGoGlob } from '../go/match';
import { goCleanPath } from '../go/path';
import { goTrimSpace, utf8Length } from '../go/text';
import { compilePattern, type CompiledPattern, type MatchKind } from './pattern';

export interface DockerignorePattern {
  /** The pattern as Docker matches it: cleaned, without the `!` and a leading `/`. */
  pattern: string;
  /** An exception (`!…`): a match puts the path back into the context. */
  negate: boolean;
  /** 1-based line in the .dockerignore text. */
  line: number;
  /** The line as written, trimmed. */
  text: string;
  /** How patternmatcher tests it: equality, prefix, suffix or a regular expression. */
  kind: MatchKind;
  /**
   * Set when Go's regexp refuses the pattern (`syntax error in pattern`). Docker
   * keeps the line; a path that reaches it fails the build. It never matches here.
   */
  error?: string;
}

export interface DockerignoreError {
  /** 1-based line. */
  line: number;
  /** Docker's own message, e.g. `syntax error in pattern`. */
  message: string;
  /** The line as written, trimmed. */
  text: string;
}

export interface ParsedDockerignore {
  /**
   * The patterns Docker's matcher holds, in file order; refused lines are left
   * out. A pattern Go's regexp refuses is kept, with `error` set.
   */
  patterns: DockerignorePattern[];
  /** Lines Docker refuses when reading. Docker fails the whole build on any of them. */
  errors: DockerignoreError[];
  /**
   * Lines Docker accepts but cannot match (Go's regexp refuses them): the build
   * fails as soon as the context walk tries one on a path, and works when no path
   * reaches it (`!x[z-a]` is only tried on excluded paths). See `brokenLineReached`.
   */
  warnings: DockerignoreError[];
}

/** Go's bufio.Scanner gives up on a line of 64 KiB or more (counting its newline). */
const MAX_LINE_BYTES = 64 * 1024;

interface ReadPattern extends DockerignorePattern {
  compiled: CompiledPattern;
}

/** What patternmatcher makes of a pattern Go's regexp refuses: it never matches (it errors). */
const BROKEN: CompiledPattern = { kind: 'regexp', test: () => false };

function read(text: string): { patterns: ReadPattern[]; errors: DockerignoreError[]; warnings: DockerignoreError[] } {
  const patterns: ReadPattern[] = [];
  const errors: DockerignoreError[] = [];
  const warnings: DockerignoreError[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const raw = lines[index] as string;
    if (raw.length * 3 + 1 > MAX_LINE_BYTES && utf8Length(raw) + 1 > MAX_LINE_BYTES) {
      // ReadAll fails as a whole here; the lines after it are never read.
      errors.push({ line, message: 'bufio.Scanner: token too long', text: `${raw.slice(0, 40)}…` });
      break;
    }
    let s = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (index === 0 && s.startsWith('\uFEFF')) s = s.slice(1);
    if (s.startsWith('#')) continue;
    s = goTrimSpace(s);
    if (s === '') continue;

    // ignorefile.ReadAll
    const invert = s.startsWith('!');
    let body = invert ? goTrimSpace(s.slice(1)) : s;
    if (body !== '') {
      body = goCleanPath(body);
      if (body.length > 1 && body.startsWith('/')) body = body.slice(1);
    }

    // patternmatcher.New: trims and cleans once more, `!` included (`!/` becomes `!`).
    let p = goCleanPath(goTrimSpace(invert ? `!${body}` : body));
    const negate = p.startsWith('!');
    if (negate) {
      if (p.length === 1) {
        errors.push({ line, message: 'illegal exclusion pattern: "!"', text: s });
        continue;
      }
      p = p.slice(1);
    }
    if (!isValidGoGlob(p)) {
      errors.push({ line, message: BAD_PATTERN, text: s });
      continue;
    }
    // Go's regexp.Compile runs lazily in Docker (Pattern.match compiles at first
    // use): New accepts the pattern, and the error only surfaces, as
    // ErrBadPattern, from a match call that reaches it.
    const compiled = compilePattern(p);
    if (!compiled) {
      warnings.push({ line, message: BAD_PATTERN, text: s });
      patterns.push({ pattern: p, negate, line, text: s, kind: BROKEN.kind, error: BAD_PATTERN, compiled: BROKEN });
      continue;
    }
    patterns.push({ pattern: p, negate, line, text: s, kind: compiled.kind, compiled });
  }
  return { patterns, errors, warnings };
}

/** Reads a .dockerignore text. Never throws. */
export function parseDockerignore(text: string): ParsedDockerignore {
  const { patterns, errors, warnings } = read(text);
  return { patterns: patterns.map(({ compiled: _, ...p }) => p), errors, warnings };
}

export interface MatchExplanation {
  /** The deciding line's pattern (cleaned). */
  pattern: string;
  line: number;
  negate: boolean;
  /** The line as written. */
  text: string;
  /** Whether the path ends up excluded. */
  excluded: boolean;
  /**
   * Set when the decision is an excluded directory above the path that Docker
   * does not walk into at all (no exception could re-include anything in it).
   */
  directory?: string;
}

export interface DockerignoreMatcher {
  readonly patterns: readonly DockerignorePattern[];
  readonly errors: readonly DockerignoreError[];
  /** Lines Docker accepts that Go's regexp refuses (see ParsedDockerignore). */
  readonly warnings: readonly DockerignoreError[];
  /** True when some line is an exception (`!…`). */
  readonly hasExceptions: boolean;
  /**
   * True when Docker leaves the path out of the build context. The path is
   * relative to the context root, `/`-separated; it is cleaned first (`./a`,
   * `/a` and `a/` are `a`).
   *
   * The root itself is a question BuildKit never asks (fsutil's walk skips it and
   * the root is always sent; `applyDockerignore` and `contextView` never exclude
   * it). Asked here, it gets patternmatcher's own answer for the root as a path:
   * `.` (or `''`, `./`) is tried as `.`, `/` as the empty path, with no parent
   * directory, so `**`, `*` and `.` say true.
   */
  matches(path: string): boolean;
  /** The line that decides `matches(path)`, or null when no line matches the path. */
  explain(path: string): MatchExplanation | null;
  /**
   * patternmatcher's MatchesOrParentMatches: each pattern is tried on the path and
   * on each of its parent directories. BuildKit's CopyIgnoredFile check uses it.
   * It differs from `matches` in rare cases where a later exception names a parent
   * (`a/b` then `!a`: this says `a/b/c` is included; the context walk excludes it).
   */
  matchesOrParentMatches(path: string): boolean;
  /**
   * The first line Go's regexp refuses that the context walk tries on its way to
   * `path` (the parent directories, then the path), or null. Docker's build fails
   * there (`failed to match excludepatterns: syntax error in pattern`) when the
   * context holds such a path; `matches` treats the line as never matching.
   */
  brokenLineReached(path: string): DockerignorePattern | null;
}

/** Per-directory state of the walk: which patterns matched it, and its decision. */
export interface DirectoryState {
  /** patternmatcher's MatchInfo: 1 where pattern i matched this directory. */
  bits: Uint8Array;
  /** Index of the deciding pattern, or -1. */
  decider: number;
  /** Excluded, and not walked into. */
  pruned: boolean;
  /** Index of the first broken pattern (Go's regexp refuses it) tried here or above, or -1. */
  broken: number;
}

/** Cleans a path the way callers mean it: relative to the context root. */
export function normalizeContextPath(path: string): string {
  let p = goCleanPath(path);
  while (p.startsWith('/')) p = p.slice(1);
  return p === '.' ? '' : p;
}

/**
 * A compiled .dockerignore. `evaluate` and `prunes` are the walk's building
 * blocks, used by the context tree to decide 100 000 paths quickly.
 */
export class CompiledDockerignore implements DockerignoreMatcher {
  readonly patterns: readonly DockerignorePattern[];
  readonly errors: readonly DockerignoreError[];
  readonly warnings: readonly DockerignoreError[];
  readonly hasExceptions: boolean;
  /** True when some pattern is broken (Go's regexp refuses it). */
  readonly hasBroken: boolean;
  /**
   * Set by each `evaluate`: the index of the first broken pattern it had to try
   * (where patternmatcher returns ErrBadPattern and fsutil stops the walk), or -1.
   */
  reachedBroken = -1;
  private readonly tests: Array<(path: string) => boolean>;
  private readonly negates: boolean[];
  private readonly broken: Uint8Array;
  /** fsutil skips an excluded directory unless an exception's literal prefix reaches into it. */
  private readonly onlyPrefixExceptions: boolean;
  private readonly exceptionPrefixes: string[];
  private readonly dirCache = new Map<string, DirectoryState>();

  constructor(text: string) {
    const { patterns, errors, warnings } = read(text);
    this.patterns = patterns.map(({ compiled: _, ...p }) => p);
    this.errors = errors;
    this.warnings = warnings;
    this.tests = patterns.map((p) => p.compiled.test);
    this.negates = patterns.map((p) => p.negate);
    this.broken = Uint8Array.from(patterns, (p) => (p.error === undefined ? 0 : 1));
    this.hasBroken = this.broken.includes(1);
    this.hasExceptions = this.negates.includes(true);
    const exceptions = patterns.filter((p) => p.negate).map((p) => withoutTrailingGlob(p.pattern));
    this.onlyPrefixExceptions = !exceptions.some((e) => /[*[\]?^\\]/.test(e));
    this.exceptionPrefixes = exceptions.map((e) => `${e}/`);
  }

  /** Usable patterns. */
  get patternCount(): number {
    return this.tests.length;
  }

  /**
   * patternmatcher's MatchesUsingParentResults: the deciding pattern's index
   * (excluded when it is not an exception), or -1. `parent` holds the parent
   * directory's bits (null at the top level); `out`, when given (zero-filled,
   * one slot per pattern), receives this path's bits for its children.
   * A broken pattern that has to be tried sets `reachedBroken` and does not match.
   */
  evaluate(path: string, parent: Uint8Array | null, out: Uint8Array | null): number {
    const tests = this.tests;
    const negates = this.negates;
    const broken = this.broken;
    let matched = false;
    let decider = -1;
    let reached = -1;
    for (let i = 0; i < tests.length; i++) {
      let hit = parent !== null && parent[i] === 1;
      if (!hit) {
        // A pattern that cannot change the answer is not tried, and then does not
        // count as matching for the children either (as in patternmatcher).
        if (negates[i] !== matched) continue;
        if (broken[i] === 1) {
          // patternmatcher returns ErrBadPattern here; we go on as if it did not match.
          if (reached < 0) reached = i;
          continue;
        }
        hit = (tests[i] as (p: string) => boolean)(path);
      }
      if (hit) {
        if (out) out[i] = 1;
        matched = !negates[i];
        decider = i;
      }
    }
    this.reachedBroken = reached;
    return decider;
  }

  /** True when the pattern at `decider` excludes. */
  excludes(decider: number): boolean {
    return decider >= 0 && !this.negates[decider];
  }

  /** For an excluded directory: true when Docker does not walk into it. */
  prunes(dir: string): boolean {
    if (!this.onlyPrefixExceptions) return false;
    if (!this.hasExceptions) return true;
    const withSlash = `${dir}/`;
    for (const prefix of this.exceptionPrefixes) if (prefix.startsWith(withSlash)) return false;
    return true;
  }

  /** The walk's state for a directory, computed through its parents (cached). */
  directory(dir: string): DirectoryState {
    const cached = this.dirCache.get(dir);
    if (cached) return cached;
    const slash = dir.lastIndexOf('/');
    let parent: DirectoryState | null = null;
    if (slash > 0) {
      parent = this.directory(dir.slice(0, slash));
      if (parent.pruned) return parent;
    }
    const bits = new Uint8Array(this.tests.length);
    const decider = this.evaluate(dir, parent ? parent.bits : null, bits);
    const broken = parent !== null && parent.broken >= 0 ? parent.broken : this.reachedBroken;
    const state = { bits, decider, pruned: this.excludes(decider) && this.prunes(dir), broken };
    if (this.dirCache.size > 10_000) this.dirCache.clear();
    this.dirCache.set(dir, state);
    return state;
  }

  private decide(path: string): { decider: number; directory?: string; broken: number } {
    const p = normalizeContextPath(path);
    if (this.tests.length === 0) return { decider: -1, broken: -1 };
    if (p === '') {
      // The root as patternmatcher would get it: cleaned, without a leading `/`.
      const root = goCleanPath(path).replace(/^\/+/, '');
      const decider = this.evaluate(root, null, null);
      return { decider, broken: this.reachedBroken };
    }
    const slash = p.lastIndexOf('/');
    let parent: Uint8Array | null = null;
    let above = -1;
    if (slash > 0) {
      const dir = p.slice(0, slash);
      const state = this.directory(dir);
      if (state.pruned) return { decider: state.decider, directory: prunedAncestor(this, dir), broken: state.broken };
      parent = state.bits;
      above = state.broken;
    }
    const decider = this.evaluate(p, parent, null);
    return { decider, broken: above >= 0 ? above : this.reachedBroken };
  }

  brokenLineReached(path: string): DockerignorePattern | null {
    if (!this.hasBroken) return null;
    return this.patterns[this.decide(path).broken] ?? null;
  }

  matches(path: string): boolean {
    return this.excludes(this.decide(path).decider);
  }

  explain(path: string): MatchExplanation | null {
    const { decider, directory } = this.decide(path);
    const p = this.patterns[decider];
    if (!p) return null;
    const out: MatchExplanation = { pattern: p.pattern, line: p.line, negate: p.negate, text: p.text, excluded: !p.negate };
    if (directory !== undefined) out.directory = directory;
    return out;
  }

  matchesOrParentMatches(path: string): boolean {
    const p = normalizeContextPath(path);
    if (p === '') return false;
    const parents: string[] = [];
    for (let i = p.indexOf('/'); i !== -1; i = p.indexOf('/', i + 1)) parents.push(p.slice(0, i));
    let matched = false;
    for (let i = 0; i < this.tests.length; i++) {
      if (this.negates[i] !== matched) continue;
      // A broken pattern: patternmatcher returns ErrBadPattern; it never matches here.
      const test = this.tests[i] as (p: string) => boolean;
      if (test(p) || parents.some(test)) matched = !this.negates[i];
    }
    return matched;
  }
}

/** The topmost pruned directory on the way to `dir` (the one Docker skipped). */
function prunedAncestor(m: CompiledDockerignore, dir: string): string {
  let top = dir;
  for (let i = dir.indexOf('/'); i !== -1; i = dir.indexOf('/', i + 1)) {
    const up = dir.slice(0, i);
    if (m.directory(up).pruned) {
      top = up;
      break;
    }
  }
  return top;
}

/** fsutil's patternWithoutTrailingGlob: `a/b/**` and `a/b/*` reach into `a/b`. */
function withoutTrailingGlob(pattern: string): string {
  let p = pattern;
  if (p.endsWith('/**')) p = p.slice(0, -3);
  if (p.endsWith('/*')) p = p.slice(0, -2);
  return p;
}

/** Compiles a .dockerignore text once; match many paths with the result. Never throws. */
export function compileDockerignore(text: string): CompiledDockerignore {
  return new CompiledDockerignore(text);
}

/** What the CLI and the page say about a .dockerignore line Docker accepts but cannot use. */
export function brokenLineWarning(where: string, message: string): string {
  return `${where}: ${message} (Docker accepts this line, but it never matches anything, and a build stops with this error as soon as a file reaches it)`;
}
