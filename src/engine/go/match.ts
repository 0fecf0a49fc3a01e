/**
 * Go's `path/filepath.Match` as it behaves on Linux: `*` (not across `/`), `?`,
 * `[...]` classes with ranges and `^` negation, `\` escapes. Docker uses it twice:
 * patternmatcher calls it only to refuse malformed .dockerignore lines (its answer
 * is discarded), and BuildKit resolves COPY wildcards one path element at a time
 * with it. Works on code points, which for valid UTF-8 is what Go's byte loop
 * amounts to.
 */
import { codePoints, isLoneSurrogate } from './text';

const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN = 0x5b;
const CLOSE = 0x5d;
const CARET = 0x5e;
const DASH = 0x2d;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;

/** matchChunk results below zero. */
const FAIL = -1;
const BAD = -2;

/** The message of Go's `filepath.ErrBadPattern`, which Docker prints. */
export const BAD_PATTERN = 'syntax error in pattern';

/**
 * Matches `name` against `pattern`: true or false, or `null` where Go returns
 * ErrBadPattern. Since Go 1.20 the whole pattern is checked even after a
 * mismatch, so `goMatch(p, '.') === null` is exactly "Docker refuses p".
 */
export function goMatch(pattern: string, name: string): boolean | null {
  return matchPoints(codePoints(pattern), codePoints(name));
}

/** True when Go's filepath.Match accepts the pattern's syntax. */
export function isValidGoGlob(pattern: string): boolean {
  return goMatch(pattern, '.') !== null;
}

export function matchPoints(p: number[], name: number[]): boolean | null {
  let pi = 0;
  let ni = 0;
  outer: while (pi < p.length) {
    const chunk = scanChunk(p, pi);
    pi = chunk.end;
    if (chunk.star && chunk.start === chunk.end) {
      // A trailing star matches the rest of the name unless it has a `/`.
      return name.indexOf(SLASH, ni) === -1;
    }
    const t = matchChunk(p, chunk.start, chunk.end, name, ni);
    if (t >= 0 && (t === name.length || pi < p.length)) {
      ni = t;
      continue;
    }
    if (t === BAD) return null;
    if (chunk.star) {
      for (let i = ni; i < name.length && name[i] !== SLASH; i++) {
        const t2 = matchChunk(p, chunk.start, chunk.end, name, i + 1);
        if (t2 >= 0) {
          if (pi === p.length && t2 < name.length) continue;
          ni = t2;
          continue outer;
        }
        if (t2 === BAD) return null;
      }
    }
    // Before answering "no match", Go checks the rest of the pattern's syntax.
    while (pi < p.length) {
      const rest = scanChunk(p, pi);
      pi = rest.end;
      if (matchChunk(p, rest.start, rest.end, [], 0) === BAD) return null;
    }
    return false;
  }
  return ni === name.length;
}

/** The next run of the pattern without a star (stars inside `[...]` belong to it), after leading stars. */
function scanChunk(p: number[], from: number): { star: boolean; start: number; end: number } {
  let i = from;
  let star = false;
  while (i < p.length && p[i] === STAR) {
    i++;
    star = true;
  }
  const start = i;
  let inRange = false;
  for (; i < p.length; i++) {
    const c = p[i];
    if (c === BACKSLASH) {
      if (i + 1 < p.length) i++;
    } else if (c === OPEN) inRange = true;
    else if (c === CLOSE) inRange = false;
    else if (c === STAR && !inRange) break;
  }
  return { star, start, end: i };
}

/**
 * Matches the chunk p[start, end) at the front of s[si...]: the index in s after
 * it, FAIL, or BAD. Like Go, it reads the whole chunk even after a mismatch so a
 * malformed class is always reported.
 */
function matchChunk(p: number[], start: number, end: number, s: number[], si: number): number {
  let failed = false;
  let i = start;
  while (i < end) {
    if (!failed && si >= s.length) failed = true;
    const c = p[i] as number;
    if (c === OPEN) {
      let r = -1;
      if (!failed) r = s[si++] as number;
      i++;
      let negated = false;
      if (i < end && p[i] === CARET) {
        negated = true;
        i++;
      }
      let match = false;
      let ranges = 0;
      for (;;) {
        if (i < end && p[i] === CLOSE && ranges > 0) {
          i++;
          break;
        }
        const lo = classChar(p, i, end);
        if (lo < 0) return BAD;
        const loRune = classRune;
        i = lo;
        let hiRune = loRune;
        if (p[i] === DASH) {
          const hi = classChar(p, i + 1, end);
          if (hi < 0) return BAD;
          hiRune = classRune;
          i = hi;
        }
        if (loRune <= r && r <= hiRune) match = true;
        ranges++;
      }
      if (match === negated) failed = true;
    } else if (c === QUESTION) {
      if (!failed) {
        if (s[si] === SLASH) failed = true;
        si++;
      }
      i++;
    } else {
      let lit = c;
      if (c === BACKSLASH) {
        i++;
        if (i >= end) return BAD;
        lit = p[i] as number;
      }
      if (!failed) {
        if (lit !== s[si]) failed = true;
        si++;
      }
      i++;
    }
  }
  return failed ? FAIL : si;
}

/** Rune read by the last classChar call (saves an allocation per class member). */
let classRune = 0;

/** Go's getEsc: one class member, possibly escaped; the index after it, or BAD. */
function classChar(p: number[], i: number, end: number): number {
  if (i >= end || p[i] === DASH || p[i] === CLOSE) return BAD;
  if (p[i] === BACKSLASH) {
    i++;
    if (i >= end) return BAD;
  }
  const r = p[i] as number;
  if (isLoneSurrogate(r)) return BAD; // invalid UTF-8 in Go
  classRune = r;
  i++;
  // A class must be closed: something has to follow.
  if (i >= end) return BAD;
  return i;
}

/**
 * BuildKit's containsWildcards for COPY sources: an unescaped `*`, `?` or `[`.
 */
export function hasGlobWildcards(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === STAR || c === QUESTION || c === OPEN) return true;
  }
  return false;
}
